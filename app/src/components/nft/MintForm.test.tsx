import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { MintForm } from "./MintForm.tsx";

const png = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "a.png", { type: "image/png" });

describe("MintForm", () => {
  it("sends a valid image, name and royalty in basis points", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<MintForm busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText("Image"), png());
    await user.type(screen.getByLabelText("Name"), "My art");
    await user.clear(screen.getByLabelText("Royalty"));
    await user.type(screen.getByLabelText("Royalty"), "2.5");
    await user.click(screen.getByRole("button", { name: "Upload and mint" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ name: "My art", royaltyBps: 250 }));
  });

  it("without a file, says so and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<MintForm busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name"), "My art");
    await user.click(screen.getByRole("button", { name: "Upload and mint" }));
    expect(screen.getByText("Choose an image to mint.")).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a royalty above 10 % and a malformed one", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<MintForm busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText("Image"), png());
    await user.type(screen.getByLabelText("Name"), "My art");
    await user.clear(screen.getByLabelText("Royalty"));
    await user.type(screen.getByLabelText("Royalty"), "12");
    expect(screen.getByText("The royalty can be at most 10 %.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Upload and mint" }));
    await user.clear(screen.getByLabelText("Royalty"));
    await user.type(screen.getByLabelText("Royalty"), "1.234");
    expect(screen.getByText("Enter the royalty as a percentage, like 5 or 2.5.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Upload and mint" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a file that is not an image", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<MintForm busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup({ applyAccept: false });
    await user.upload(screen.getByLabelText("Image"), new File(["hi"], "a.txt", { type: "text/plain" }));
    expect(screen.getByText("This file type cannot be minted: use PNG, JPEG, GIF, WebP or SVG.")).toBeTruthy();
  });

  it("on the wrong network, explains and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<MintForm busy={false} onSubmit={onSubmit} problem="unsupported-chain" />);
    expect(screen.getByRole("alert").textContent).toMatch(/network/i);
    expect((screen.getByRole("button", { name: "Upload and mint" }) as HTMLButtonElement).disabled).toBe(true);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows a decoded contract error", () => {
    renderWithIntl(
      <MintForm
        busy={false}
        onSubmit={vi.fn()}
        error={{ key: "CollectiblesRoyaltyTooHigh", name: "CollectiblesRoyaltyTooHigh", values: {} }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe("The royalty is above the collection's cap of 10 %.");
  });
});
