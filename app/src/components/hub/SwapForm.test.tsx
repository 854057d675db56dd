import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { Pool } from "../../data/pools.ts";
import type { Token } from "../../data/tokens.ts";
import { NATIVE } from "../../lib/route.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { SwapForm, type SwapFormProps, type SwapRequest } from "./SwapForm.tsx";

const PEPER: Token = {
  address: "0x0000000000000000000000000000000000000001",
  symbol: "PEPER",
  name: "Peper",
  decimals: 18,
};
const USDC: Token = {
  address: "0x0000000000000000000000000000000000000002",
  symbol: "USDC",
  name: "USD Coin",
  decimals: 6,
};
const POOL: Pool = {
  address: "0x0000000000000000000000000000000000000003",
  token0: PEPER,
  token1: USDC,
  reserve0: 2_000_000n * 10n ** 18n,
  reserve1: 200_000n * 10n ** 6n,
  totalSupply: 1n,
};

function setup(props: Partial<SwapFormProps> = {}) {
  const onSwap = vi.fn();
  const onApprove = vi.fn();
  renderWithIntl(
    <SwapForm
      tokens={[PEPER, USDC]}
      pools={[POOL]}
      balances={{ [USDC.address]: 500n * 10n ** 6n }}
      allowances={{ [USDC.address]: 10n ** 30n }}
      busy={false}
      onSwap={onSwap}
      onApprove={onApprove}
      {...props}
    />,
  );
  return { onSwap, onApprove, user: userEvent.setup() };
}

/** Opens the token picker of one side and chooses a token by its symbol. */
async function pickToken(user: ReturnType<typeof userEvent.setup>, side: string, symbol: string) {
  await user.click(screen.getByRole("button", { name: new RegExp(`^${side} `) }));
  const dialog = screen.getByRole("dialog", { name: `${side}: choose a token` });
  await user.click(within(dialog).getByRole("button", { name: new RegExp(`^${symbol}\\b`) }));
}

describe("SwapForm", () => {
  it("quotes from the reserves and swaps with the minimum output after slippage", async () => {
    const { onSwap, user } = setup();
    await user.type(screen.getByLabelText("Amount to pay"), "100");
    expect(screen.getByTestId("quote-out").textContent).toMatch(/^99[\d,.]+ PEPER$/);
    // the other field shows the quote to six decimals at most
    expect((screen.getByLabelText("Amount to receive") as HTMLInputElement).value).toMatch(/^99\d\.\d{1,6}$/);
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).toHaveBeenCalledOnce();
    const request = onSwap.mock.calls[0]![0] as { amountIn: bigint; amountOutMin: bigint; path: string[] };
    expect(request.amountIn).toBe(100_000_000n);
    expect(request.path).toEqual([USDC.address, PEPER.address]);
    expect(request.amountOutMin).toBeLessThan(1_000n * 10n ** 18n);
  });

  it("says what is wrong with a bad amount and sends nothing", async () => {
    const { onSwap, onApprove, user } = setup();
    await user.type(screen.getByLabelText("Amount to pay"), "12abc");
    expect(screen.getByRole("alert").textContent).toBe("Enter a number, like 12.5.");
    await user.clear(screen.getByLabelText("Amount to pay"));
    await user.type(screen.getByLabelText("Amount to pay"), "1.1234567");
    expect(screen.getByText("This token does not have that many decimals.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).not.toHaveBeenCalled();
    expect(onApprove).not.toHaveBeenCalled();
  });

  it("refuses more than the balance", async () => {
    const { onSwap, user } = setup();
    await user.type(screen.getByLabelText("Amount to pay"), "501");
    expect(screen.getByText("Insufficient balance: you have less than that.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Swap" }) as HTMLButtonElement).disabled).toBe(true);
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("on the wrong network, explains and sends nothing", async () => {
    const { onSwap, user } = setup({ problem: "unsupported-chain" });
    await user.type(screen.getByLabelText("Amount to pay"), "10");
    expect(screen.getByText(/Your wallet is on a network Peper does not support/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("asks for an approval first when the allowance is short", async () => {
    const { onSwap, onApprove, user } = setup({ allowances: {} });
    await user.type(screen.getByLabelText("Amount to pay"), "10");
    await user.click(screen.getByRole("button", { name: "Approve USDC" }));
    expect(onApprove).toHaveBeenCalledWith(USDC, 10_000_000n);
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("refuses a slippage above 50 % and a nonsense deadline", async () => {
    const { onSwap, user } = setup();
    await user.type(screen.getByLabelText("Amount to pay"), "10");
    await user.clear(screen.getByLabelText("Slippage tolerance (%)"));
    await user.type(screen.getByLabelText("Slippage tolerance (%)"), "60");
    expect(screen.getByText("At most 50 %.")).toBeTruthy();
    await user.clear(screen.getByLabelText("Deadline (minutes)"));
    await user.type(screen.getByLabelText("Deadline (minutes)"), "0");
    expect(screen.getByText("Between 1 and 4320 minutes.")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("needs an explicit confirmation above 15 % price impact", async () => {
    const { onSwap, user } = setup({ balances: { [USDC.address]: 10n ** 18n } });
    await user.type(screen.getByLabelText("Amount to pay"), "100000");
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).not.toHaveBeenCalled();
    await user.click(screen.getByLabelText("I accept a price impact above 15 %."));
    await user.click(screen.getByRole("button", { name: "Swap" }));
    expect(onSwap).toHaveBeenCalledOnce();
  });

  it("buys an exact output: quotes the input, the maximum sold after slippage, and asks the router for exactly that", async () => {
    const { onSwap, user } = setup();
    await user.type(screen.getByLabelText("Amount to receive"), "1000");
    const quoted = screen.getByTestId("quote-in").textContent!;
    expect(quoted).toMatch(/^100\.[\d]+ USDC$/);
    expect((screen.getByLabelText("Amount to pay") as HTMLInputElement).value).toMatch(/^100\.\d+$/);
    expect(screen.getByTestId("quote-limit").textContent).toMatch(/USDC$/);
    expect(screen.getByTestId("lp-fee").textContent).toMatch(/^0\.3\d* USDC/);
    await user.click(screen.getByRole("button", { name: "Swap" }));
    const r = onSwap.mock.calls[0]![0] as SwapRequest;
    expect(r.mode).toBe("exact-out");
    expect(r.amountOut).toBe(1000n * 10n ** 18n);
    // the pool's getAmountIn, then 0.5 % more at most
    expect(r.amountIn).toBe(
      (200_000n * 10n ** 6n * r.amountOut * 1000n) / ((2_000_000n * 10n ** 18n - r.amountOut) * 997n) + 1n,
    );
    expect(r.amountInMax).toBe((r.amountIn * 10_050n + 9_999n) / 10_000n);
    expect(r.path).toEqual([USDC.address, PEPER.address]);
  });

  it("approves the maximum sold for an exact output, and refuses one that costs more than the balance", async () => {
    const { onApprove, onSwap, user } = setup({ allowances: {} });
    await user.type(screen.getByLabelText("Amount to receive"), "1000");
    await user.click(screen.getByRole("button", { name: "Approve USDC" }));
    const approved = onApprove.mock.calls[0]![1] as bigint;
    expect(approved).toBeGreaterThan(100n * 10n ** 6n);
    await user.clear(screen.getByLabelText("Amount to receive"));
    await user.type(screen.getByLabelText("Amount to receive"), "10000"); // ≈ 1,000 USDC, the balance is 500
    expect(screen.getByText("Insufficient balance: you have less than that.")).toBeTruthy();
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("quotes for a visitor without a wallet and asks for one only at the action", async () => {
    const onConnect = vi.fn();
    const { onSwap, user } = setup({ problem: "disconnected", balances: {}, allowances: {}, onConnect });
    await user.type(screen.getByLabelText("Amount to pay"), "100");
    expect(screen.getByTestId("quote-out").textContent).toMatch(/PEPER$/);
    expect(screen.getByTestId("swap-route").textContent).toBe("USDC → PEPER");
    expect(screen.getByTestId("price-impact").textContent).toMatch(/^\d+\.\d{2} %$/);
    expect(screen.queryByText(/Connect a wallet to continue/)).toBeNull();
    await user.click(screen.getByRole("button", { name: "Connect a wallet to swap" }));
    expect(onConnect).toHaveBeenCalledOnce();
    expect(onSwap).not.toHaveBeenCalled();
  });

  it("finds tokens by symbol, name or address in the picker, and imports a pasted ERC-20 after reading it", async () => {
    const DAI: Token = {
      address: "0x6B175474E89094C44Da98b954EedeAC495271d0F",
      symbol: "DAI",
      name: "Dai",
      decimals: 18,
    };
    const loadToken = vi.fn().mockResolvedValue({ ok: true, token: DAI });
    const onImportToken = vi.fn();
    const { user } = setup({ loadToken, onImportToken });
    await user.click(screen.getByRole("button", { name: /^You receive / }));
    const dialog = screen.getByRole("dialog", { name: "You receive: choose a token" });
    const search = within(dialog).getByLabelText("Search by name, symbol or address");
    await user.type(search, "coin");
    expect(
      within(dialog)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual([expect.stringMatching(/^USDC/)]);
    await user.clear(search);
    await user.type(search, "0x12");
    expect(within(dialog).getByText("No token matches.")).toBeTruthy();
    await user.clear(search);
    await user.type(search, "0xnot-an-address");
    expect(within(dialog).getByRole("alert").textContent).toMatch(/not a valid address/);
    await user.clear(search);
    await user.type(search, DAI.address.toLowerCase());
    const importButton = await within(dialog).findByRole("button", { name: "Import DAI (Dai, 18 decimals)" });
    expect(loadToken).toHaveBeenCalledWith(DAI.address);
    await user.click(importButton);
    expect(onImportToken).toHaveBeenCalledWith(DAI);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("closes the picker with Escape and gives the focus back", async () => {
    const { user } = setup();
    const button = screen.getByRole("button", { name: /^You pay / });
    await user.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  describe("ETH and routes", () => {
    const WETH: Token = {
      address: "0x0000000000000000000000000000000000000004",
      symbol: "WETH",
      name: "Wrapped Ether",
      decimals: 18,
    };
    const ETH: Token = { address: NATIVE, symbol: "ETH", name: "Ether", decimals: 18 };
    // WETH/USDC only: ETH → PEPER must go ETH → (WETH) → USDC → PEPER
    const WETH_USDC: Pool = {
      address: "0x0000000000000000000000000000000000000005",
      token0: USDC,
      token1: WETH,
      reserve0: 300_000n * 10n ** 6n,
      reserve1: 100n * 10n ** 18n,
      totalSupply: 1n,
    };
    const ethSetup = (from: Token, to: Token) => {
      const r = setup({
        tokens: [ETH, PEPER, USDC, WETH],
        weth: WETH.address,
        pools: [POOL, WETH_USDC],
        balances: { [NATIVE]: 5n * 10n ** 18n, [WETH.address]: 5n * 10n ** 18n },
        allowances: {},
      });
      return { ...r, from, to };
    };
    const choose = async (user: ReturnType<typeof userEvent.setup>, from: Token, to: Token) => {
      await pickToken(user, "You pay", from.symbol);
      await pickToken(user, "You receive", to.symbol);
    };

    it("swaps ETH through WETH and a second pool, sending ETH (no approval)", async () => {
      const { onSwap, onApprove, user } = ethSetup(ETH, PEPER);
      await choose(user, ETH, PEPER);
      await user.type(screen.getByLabelText("Amount to pay"), "1");
      expect(screen.getByTestId("swap-route").textContent).toBe("ETH → USDC → PEPER");
      await user.click(screen.getByRole("button", { name: "Swap" }));
      expect(onApprove).not.toHaveBeenCalled();
      const request = onSwap.mock.calls[0]![0] as { kind: string; path: string[]; amountIn: bigint };
      expect(request.kind).toBe("eth-in");
      expect(request.path).toEqual([WETH.address, USDC.address, PEPER.address]);
      expect(request.amountIn).toBe(10n ** 18n);
    });

    it("wraps ETH into WETH 1:1 and unwraps without an approval", async () => {
      const { onSwap, onApprove, user } = ethSetup(ETH, WETH);
      await choose(user, ETH, WETH);
      await user.type(screen.getByLabelText("Amount to pay"), "2");
      expect(screen.getByTestId("swap-route").textContent).toMatch(/^Wrap ETH into WETH/);
      expect(screen.getByTestId("quote-out").textContent).toBe("2 WETH");
      await user.click(screen.getByRole("button", { name: "Swap" }));
      expect((onSwap.mock.calls[0]![0] as { kind: string }).kind).toBe("wrap");
      await choose(user, WETH, ETH);
      await user.click(screen.getByRole("button", { name: "Swap" }));
      expect((onSwap.mock.calls[1]![0] as { kind: string }).kind).toBe("unwrap");
      expect(onApprove).not.toHaveBeenCalled();
    });

    it("asks for the router's allowance before selling a token for ETH", async () => {
      const { onSwap, onApprove, user } = ethSetup(WETH, ETH);
      await choose(user, USDC, ETH);
      await user.type(screen.getByLabelText("Amount to pay"), "10");
      expect(screen.getByTestId("swap-route").textContent).toBe("USDC → ETH");
      await user.click(screen.getByRole("button", { name: "Approve USDC" }));
      expect(onApprove).toHaveBeenCalledOnce();
      expect(onSwap).not.toHaveBeenCalled();
    });
  });
});
