import { readFileSync } from "node:fs";

/** The shipped real data set (see offchain/data/README.md): four European indices, 1991–1998. */
export const EU_STOCK_ASSETS = ["DAX", "SMI", "CAC", "FTSE"] as const;
export type EuStockAsset = (typeof EU_STOCK_ASSETS)[number];

export interface EuStockMarkets {
  /** R's business-time index, in years (1991.496154 + day/260). */
  readonly time: number[];
  readonly closes: Record<EuStockAsset, number[]>;
}

/** Path of the shipped CSV. */
export const EU_STOCK_MARKETS_CSV = new URL("../../data/eu-stock-markets.csv", import.meta.url);

/** Parses the shipped CSV's text (columns index,time,DAX,SMI,CAC,FTSE). */
export function parseEuStockMarkets(text: string): EuStockMarkets {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const expected = ["index", "time", ...EU_STOCK_ASSETS];
  if (header.join(",") !== expected.join(",")) {
    throw new Error(`eu-stock-markets.csv: expected the header ${expected.join(",")}, got ${header.join(",")}`);
  }
  const time: number[] = [];
  const closes = { DAX: [] as number[], SMI: [] as number[], CAC: [] as number[], FTSE: [] as number[] };
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(",").map(Number);
    if (cells.length !== expected.length || cells.some((c) => !Number.isFinite(c))) {
      throw new Error(`eu-stock-markets.csv line ${i + 1}: expected ${expected.length} numbers`);
    }
    time.push(cells[1]!);
    EU_STOCK_ASSETS.forEach((asset, k) => closes[asset].push(cells[k + 2]!));
  }
  return { time, closes };
}

let cached: EuStockMarkets | undefined;

/** Reads the shipped data set (once per process). */
export function loadEuStockMarkets(): EuStockMarkets {
  cached ??= parseEuStockMarkets(readFileSync(EU_STOCK_MARKETS_CSV, "utf8"));
  return cached;
}
