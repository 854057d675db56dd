import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithIntl } from "../../test/render.tsx";
import { TokenActionForm } from "./TokenActionForm.tsx";

const actions = [
  { id: "stake", label: "Stake", symbol: "PEPER", decimals: 18, available: 5n * 10n ** 18n },
  { id: "withdraw", label: "Withdraw", symbol: "PEPER", decimals: 18, available: 10n ** 18n },
];

describe("TokenActionForm (stake, farm and vault forms)", () => {
  it("sends a valid amount in base units", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<TokenActionForm title="Stake PEPER" actions={actions} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Amount to Stake"), "2.5");
    await user.click(screen.getByRole("button", { name: "Stake" }));
    expect(onSubmit).toHaveBeenCalledWith("stake", 2_500_000_000_000_000_000n);
  });

  it("checks the amount against the chosen action's available amount", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<TokenActionForm title="Stake PEPER" actions={actions} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("radio", { name: "Withdraw" }));
    await user.type(screen.getByLabelText("Amount to Withdraw"), "2");
    expect(screen.getByRole("alert").textContent).toBe("Insufficient balance: you have less than that.");
    await user.click(screen.getByRole("button", { name: "Withdraw" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses zero and negative amounts", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(<TokenActionForm title="Vault" actions={actions} busy={false} onSubmit={onSubmit} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Amount to Stake"), "0");
    expect(screen.getByRole("alert").textContent).toBe("Enter an amount above zero.");
    await user.clear(screen.getByLabelText("Amount to Stake"));
    await user.type(screen.getByLabelText("Amount to Stake"), "-1");
    expect(screen.getByRole("alert").textContent).toBe("The amount cannot be negative.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("without a wallet, asks to connect one and sends nothing", async () => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <TokenActionForm title="Stake PEPER" actions={actions} busy={false} onSubmit={onSubmit} problem="disconnected" />,
    );
    expect(screen.getByText("Connect a wallet to continue.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Stake" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("routes an amount that needs an approval to onApprove", async () => {
    const onSubmit = vi.fn();
    const onApprove = vi.fn();
    renderWithIntl(
      <TokenActionForm
        title="Vault"
        actions={[
          {
            id: "deposit",
            label: "Deposit",
            symbol: "USDC",
            decimals: 6,
            available: 10n ** 9n,
            approval: () => "Approve USDC",
          },
        ]}
        busy={false}
        onSubmit={onSubmit}
        onApprove={onApprove}
      />,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Amount to Deposit"), "3");
    await user.click(screen.getByRole("button", { name: "Approve USDC" }));
    expect(onApprove).toHaveBeenCalledWith("deposit", 3_000_000n);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows a decoded contract error as a sentence", () => {
    renderWithIntl(
      <TokenActionForm
        title="Stake PEPER"
        actions={actions}
        busy={false}
        onSubmit={vi.fn()}
        error={{ key: "StakingInsufficientStake", name: "StakingInsufficientStake", values: {} }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe("You cannot withdraw more than you staked.");
  });
});
