import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { LinkedWallet } from "../../lib/institutional.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { AddWalletForm } from "./AddWalletForm.tsx";
import { NameForm } from "./NameForm.tsx";
import { SinceBlockForm } from "./SinceBlockForm.tsx";

// Hardhat's dev account #1 (checksummed) and #2.
const ACCOUNT1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const ACCOUNT2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

const linked: LinkedWallet[] = [
  {
    id: "0b6a2c9e-1111-4f6e-9c41-000000000001",
    address: ACCOUNT1.toLowerCase(),
    chain_id: 31337,
    verified_at: "2026-01-01T00:00:00.000Z",
    created_at: "2026-01-01T00:00:00.000Z",
  },
];

describe("NameForm (create or rename a portfolio)", () => {
  const render = (onSubmit = vi.fn()) =>
    renderWithIntl(
      <NameForm
        title="New portfolio"
        label="Portfolio name"
        submitLabel="Create portfolio"
        busy={false}
        onSubmit={onSubmit}
      />,
    );

  it("sends the trimmed name", async () => {
    const onSubmit = vi.fn();
    render(onSubmit);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Portfolio name"), "  Treasury  ");
    await user.click(screen.getByRole("button", { name: "Create portfolio" }));
    expect(onSubmit).toHaveBeenCalledWith("Treasury");
  });

  it("refuses an empty or blank name and sends nothing", async () => {
    const onSubmit = vi.fn();
    render(onSubmit);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Create portfolio" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter a name.");
    await user.type(screen.getByLabelText("Portfolio name"), "   ");
    await user.click(screen.getByRole("button", { name: "Create portfolio" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter a name.");
    expect(screen.getByLabelText("Portfolio name").getAttribute("aria-invalid")).toBe("true");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a name over 100 characters", async () => {
    const onSubmit = vi.fn();
    render(onSubmit);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Portfolio name"));
    await user.paste("x".repeat(101));
    await user.click(screen.getByRole("button", { name: "Create portfolio" }));
    expect(screen.getByRole("alert").textContent).toBe("The name can be at most 100 characters.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows the API's refusal", () => {
    renderWithIntl(
      <NameForm
        title="New portfolio"
        label="Portfolio name"
        submitLabel="Create portfolio"
        busy={false}
        error="You already have a portfolio with this name."
        onSubmit={vi.fn()}
      />,
    );
    expect(screen.getByRole("alert").textContent).toBe("You already have a portfolio with this name.");
  });
});

describe("AddWalletForm", () => {
  const setup = (defaultAddress = "") => {
    const onSubmit = vi.fn();
    renderWithIntl(
      <AddWalletForm
        wallets={linked}
        chainId={31337}
        defaultAddress={defaultAddress}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    return { onSubmit, user: userEvent.setup() };
  };

  it("adds one of the user's wallets under a name", async () => {
    const { onSubmit, user } = setup(ACCOUNT1);
    await user.type(screen.getByLabelText("Account name"), "Hot wallet");
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(onSubmit).toHaveBeenCalledWith({ name: "Hot wallet", walletId: linked[0]!.id, address: linked[0]!.address });
  });

  it("fills the address from the user's wallets", async () => {
    const { onSubmit, user } = setup();
    await user.click(screen.getByRole("button", { name: `Use ${ACCOUNT1}` }));
    expect((screen.getByLabelText("Wallet address") as HTMLInputElement).value).toBe(ACCOUNT1);
    await user.type(screen.getByLabelText("Account name"), "Hot wallet");
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("refuses a malformed address and sends nothing", async () => {
    const { onSubmit, user } = setup();
    await user.type(screen.getByLabelText("Account name"), "Hot wallet");
    await user.type(screen.getByLabelText("Wallet address"), "0x1234");
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(screen.getByRole("alert").textContent).toBe(
      "This is not an address: it must be 0x followed by 40 hexadecimal digits.",
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("catches a typo in a checksummed address", async () => {
    const { onSubmit, user } = setup(ACCOUNT1.replace("C51812", "c51812"));
    await user.type(screen.getByLabelText("Account name"), "Hot wallet");
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(screen.getByRole("alert").textContent).toMatch(/checksum/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a valid address that is not one of the user's wallets", async () => {
    const { onSubmit, user } = setup(ACCOUNT2);
    await user.type(screen.getByLabelText("Account name"), "Someone else");
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(screen.getByRole("alert").textContent).toMatch(/^This address is not one of your wallets/);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("needs a name for the trading account", async () => {
    const { onSubmit, user } = setup(ACCOUNT1);
    await user.click(screen.getByRole("button", { name: "Add wallet" }));
    expect(screen.getByRole("alert").textContent).toBe("Enter a name.");
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe("SinceBlockForm", () => {
  const chains = [
    { chainId: 31337, name: "Peper Local A" },
    { chainId: 31338, name: "Peper Local B" },
  ];
  const setup = (latest: bigint | undefined) => {
    const onSubmit = vi.fn();
    const onChainChange = vi.fn();
    renderWithIntl(
      <SinceBlockForm
        chains={chains}
        chainId={31337}
        onChainChange={onChainChange}
        latest={latest}
        busy={false}
        onSubmit={onSubmit}
      />,
    );
    return { onSubmit, onChainChange, user: userEvent.setup() };
  };

  it("defaults to about a day before the latest block and sends it with the chain", async () => {
    const { onSubmit, user } = setup(10_000n);
    expect((screen.getByLabelText("P&L since block") as HTMLInputElement).value).toBe("2800");
    expect(screen.getByText(/^Latest block: 10,000\./)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Show positions" }));
    expect(onSubmit).toHaveBeenCalledWith({ sinceBlock: 2800, chainId: 31337 });
  });

  it("starts from block 0 on a young chain", () => {
    setup(150n);
    expect((screen.getByLabelText("P&L since block") as HTMLInputElement).value).toBe("0");
  });

  it("refuses a block that is not a whole number, or none, and sends nothing", async () => {
    const { onSubmit, user } = setup(10_000n);
    const input = screen.getByLabelText("P&L since block");
    await user.clear(input);
    await user.type(input, "12.5");
    expect(screen.getByRole("alert").textContent).toBe("Enter a whole block number, like 1200.");
    await user.click(screen.getByRole("button", { name: "Show positions" }));
    await user.clear(input);
    expect(screen.getByRole("alert").textContent).toBe("Enter a block number.");
    await user.click(screen.getByRole("button", { name: "Show positions" }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a block after the latest one", async () => {
    const { onSubmit, user } = setup(10_000n);
    const input = screen.getByLabelText("P&L since block");
    await user.clear(input);
    await user.type(input, "10001");
    await user.click(screen.getByRole("button", { name: "Show positions" }));
    expect(screen.getByRole("alert").textContent).toBe("That block is in the future: the latest block is 10,000.");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("lets the user choose the chain", async () => {
    const { onChainChange, user } = setup(10_000n);
    await user.selectOptions(screen.getByLabelText("Chain"), "31338");
    expect(onChainChange).toHaveBeenCalledWith(31338);
  });
});
