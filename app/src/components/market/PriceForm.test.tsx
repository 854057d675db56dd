import { fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ComponentProps } from "react";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { PriceForm } from "./PriceForm.tsx";

const tokens = [{ tokenId: 6n, label: "#6 Mine" }];

describe("PriceForm (list and offer)", () => {
  it("lists a token for a price in wei and a duration", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <PriceForm title="List an NFT" tokens={tokens} submitLabel="List" busy={false} onSubmit={onSubmit} />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Price"), "0.25");
    await user.click(screen.getByRole("button", { name: "List" }));
    expect(onSubmit).toHaveBeenCalledWith(6n, 250_000_000_000_000_000n, 7);
  });

  it("refuses a bad or zero price and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <PriceForm title="List an NFT" tokens={tokens} submitLabel="List" busy={false} onSubmit={onSubmit} />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Price"), "1.2.3");
    expect(screen.getByText("Enter a price as a number, like 0.05.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "List" }));
    await user.clear(screen.getByLabelText("Price"));
    await user.type(screen.getByLabelText("Price"), "0");
    expect(screen.getByText("The price must be above zero.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "List" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses an offer above the ETH balance", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <PriceForm
        title="Make an offer"
        tokens={tokens}
        submitLabel="Make offer"
        balance={10n ** 18n}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Price"), "2");
    expect(screen.getByText("You have less ETH than that.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Make offer" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  /** The list form with an approval step, its callbacks and a user; `props` set the approval state. */
  const renderListForm = (props: Partial<ComponentProps<typeof PriceForm>>) => {
    const onSubmit = vi.fn();
    const onApprove = vi.fn();
    renderWithIntl(
      <PriceForm
        title="List an NFT"
        tokens={tokens}
        submitLabel="List"
        approveLabel="Approve marketplace"
        busy={false}
        onSubmit={onSubmit}
        onApprove={onApprove}
        {...props}
      />,
    );
    return { onSubmit, onApprove, user: userEvent.setup() };
  };

  it("asks for the approval first when the marketplace may not move the token", async () => {
    const { onSubmit, onApprove, user } = renderListForm({ needsApproval: true });
    await user.click(screen.getByRole("button", { name: "Approve marketplace" }));
    expect(onApprove).toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("waits, and says so, until the approval has been read: nothing listed, no approval sent", async () => {
    const { onSubmit, onApprove, user } = renderListForm({ checkingApproval: true });
    await user.type(screen.getByLabelText("Price"), "0.5");
    expect((screen.getByRole("button", { name: "Checking approval…" }) as HTMLButtonElement).disabled).toBe(true);
    // a disabled button submits nothing, but the form itself can still be submitted (a script, an old
    // browser): the form refuses too
    fireEvent.submit(screen.getByRole("form", { name: "List an NFT" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(onApprove).not.toHaveBeenCalled();
  });

  it("without a wallet, says so and the button is off", () => {
    renderWithIntl(
      <PriceForm
        title="List an NFT"
        tokens={tokens}
        submitLabel="List"
        busy={false}
        onSubmit={vi.fn()}
        problem="disconnected"
      />,
    );
    expect(screen.getByText("Connect a wallet to continue.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "List" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
