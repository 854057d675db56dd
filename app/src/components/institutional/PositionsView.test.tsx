import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import type { PositionsReport } from "../../lib/institutional.ts";
import { renderWithIntl } from "../../test/render.tsx";
import { PositionsView } from "./PositionsView.tsx";

const USDC = { symbol: "USDC", address: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9", decimals: 6 };
const PEPER = { symbol: "PEPER", address: "0x0165878A594ca255338adfa4d48449f69242Eb8F", decimals: 18 };
const METHOD = "ERC-20 balances … P&L = value now − value then, without adjusting for deposits or withdrawals.";

const report: PositionsReport = {
  portfolio_id: "p",
  chain_id: 31337,
  quote: USDC,
  since: { block: "2800", timestamp: "2026-01-01T00:00:00.000Z" },
  now: { block: "10000", timestamp: "2026-01-02T00:00:00.000Z" },
  method: METHOD,
  accounts: [
    {
      account_id: "a",
      name: "Hot wallet",
      wallet: { id: "w", address: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", chain_id: 31337 },
      note: null,
      positions: [
        {
          kind: "wallet",
          token: PEPER,
          contract: PEPER.address,
          balance: { since: "1000", now: "1234.56789" },
          price_usdc: { since: "0.5", now: "0.25" },
          value_usdc: { since: "500", now: "308.641972" },
          pnl_usdc: "-191.358028",
        },
        {
          kind: "staked",
          token: PEPER,
          contract: "0x322813Fd9A801c5507c9de605d63CEA4f2CE6c44",
          balance: { since: "0", now: "10" },
          price_usdc: { since: null, now: null },
          value_usdc: { since: "0", now: null },
          pnl_usdc: null,
        },
      ],
      totals: { value_usdc: { since: "500", now: "308.641972" }, pnl_usdc: "-191.358028", unpriced_positions: 1 },
    },
    {
      account_id: "b",
      name: "Cold wallet",
      wallet: { id: "w2", address: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", chain_id: 31338 },
      note: "Its wallet is on chain 31338; value it with chain_id=31338.",
      positions: [],
      totals: { value_usdc: { since: "0", now: "0" }, pnl_usdc: "0", unpriced_positions: 0 },
    },
  ],
  totals: { value_usdc: { since: "500", now: "308.641972" }, pnl_usdc: "-191.358028", unpriced_positions: 1 },
};

describe("PositionsView", () => {
  it("shows both blocks, the totals and the P&L with its sign and share", () => {
    renderWithIntl(<PositionsView report={report} chainName="Peper Local A" />);
    expect(screen.getByTestId("positions-since-block").textContent).toMatch(/^block 2,800 · /);
    expect(screen.getByTestId("positions-now-block").textContent).toMatch(/^block 10,000 · /);
    expect(screen.getByTestId("value-since").textContent).toBe("500");
    expect(screen.getByTestId("value-now").textContent).toBe("308.64");
    expect(screen.getByTestId("pnl-total").textContent).toBe("-191.35 (-38.27 %)");
    expect(screen.getByText("Valued on Peper Local A (chain 31337) in USDC.")).toBeTruthy();
  });

  it("says P&L is not flow-adjusted and shows the API's valuation method", () => {
    renderWithIntl(<PositionsView report={report} />);
    expect(screen.getByTestId("pnl-note").textContent).toMatch(/not flow-adjusted/);
    expect(screen.getByTestId("valuation-method").textContent).toBe(METHOD);
    expect(screen.getByText("Positions without a price, left out of the totals: 1")).toBeTruthy();
  });

  it("lists positions in human units with each token's decimals, and marks unpriced ones", () => {
    renderWithIntl(<PositionsView report={report} />);
    const table = within(screen.getByTestId("account-positions-Hot wallet")).getByRole("table");
    const rows = within(table).getAllByRole("row");
    // header, two positions, total
    expect(rows).toHaveLength(4);
    const cells = (i: number) =>
      within(rows[i]!)
        .getAllByRole("cell")
        .map((c) => c.textContent);
    expect(within(rows[1]!).getByRole("rowheader").textContent).toBe("PEPER in wallet");
    expect(cells(1)).toEqual(["1,000", "1,234.5678", "0.25", "500", "308.64", "-191.35"]);
    expect(within(rows[2]!).getByRole("rowheader").textContent).toBe("PEPER staked");
    expect(cells(2)).toEqual(["0", "10", "no price", "0", "no price", "no price"]);
  });

  it("explains an account whose wallet is on another chain, in the page's language", () => {
    renderWithIntl(<PositionsView report={report} />);
    expect(
      within(screen.getByTestId("account-positions-Cold wallet")).getByText(
        "Its wallet is on chain 31338: choose that chain to value it.",
      ),
    ).toBeTruthy();
  });
});
