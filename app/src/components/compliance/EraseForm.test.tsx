import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../../lib/apiClient.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { EraseForm } from "./EraseForm.tsx";

const email = "bob-e2e@peper.test";
const confirmLabel = `Type ERASE ${email} to confirm`;

describe("EraseForm", () => {
  it("warns before anything is typed", () => {
    renderWithIntl(<EraseForm email={email} busy={false} onSubmit={vi.fn()} />);
    const form = screen.getByRole("form", { name: "Erase your account" });
    expect(form.getAttribute("aria-describedby")).toBeTruthy();
    expect(screen.getByText(/This cannot be undone\./)).toBeTruthy();
  });

  it("erases with the exact confirmation", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<EraseForm email={email} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(confirmLabel), `ERASE ${email}`);
    await user.click(screen.getByRole("button", { name: "Erase my account" }));
    expect(onSubmit).toHaveBeenCalledWith({ confirm: `ERASE ${email}` });
  });

  it("sends nothing without the exact confirmation", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<EraseForm email={email} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Erase my account" }));
    expect(screen.getByRole("alert").textContent).toBe(
      `Type exactly ERASE ${email}, in capitals and with your e-mail, to confirm.`,
    );
    await user.type(screen.getByLabelText(confirmLabel), `erase ${email}`);
    await user.click(screen.getByRole("button", { name: "Erase my account" }));
    await user.clear(screen.getByLabelText(confirmLabel));
    await user.type(screen.getByLabelText(confirmLabel), "ERASE someone-else@peper.test");
    await user.click(screen.getByRole("button", { name: "Erase my account" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("sends the password when one is given", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<EraseForm email={email} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(confirmLabel), `ERASE ${email}`);
    await user.type(screen.getByLabelText("Password (only if your account has one)"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Erase my account" }));
    expect(onSubmit).toHaveBeenCalledWith({ confirm: `ERASE ${email}`, password: "correct horse" });
  });

  it("asks for the password when the account has one", () => {
    renderWithIntl(
      <EraseForm
        email={email}
        busy={false}
        onSubmit={vi.fn()}
        error={new ApiError(400, "invalid-input", "password: re-enter your password", "password")}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe("This account has a password: enter it to confirm.");
    expect(screen.getByLabelText("Password (only if your account has one)").getAttribute("aria-invalid")).toBe("true");
  });

  it("cannot be sent before the account's e-mail is known", () => {
    renderWithIntl(<EraseForm email={undefined} busy={false} onSubmit={vi.fn()} />);
    expect(screen.getByText("Loading your account…")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Erase my account" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("says why when the account could not be loaded, and loads it again on request", async () => {
    const retry = vi.fn();
    renderWithIntl(
      <EraseForm
        email={undefined}
        loadError={new ApiError(502, "http-502", "Bad Gateway")}
        onRetryLoad={retry}
        busy={false}
        onSubmit={vi.fn()}
      />,
    );
    expect(screen.queryByText("Loading your account…")).toBeNull();
    expect(screen.getByRole("alert").textContent).toMatch(/Something went wrong.\s*Bad Gateway/);
    expect((screen.getByRole("button", { name: "Erase my account" }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
