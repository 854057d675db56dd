import { z } from "zod";

import { EU_STOCK_ASSETS, loadEuStockMarkets } from "../../market/euStocks.ts";

/**
 * Requests may name a series of the shipped real data set instead of sending prices: `{ market:
 * "DAX", day?: 1500 }` means the DAX closes up to and including that row (default: the last).
 */
export const MarketReferenceSchema = z
  .object({
    market: z.enum(EU_STOCK_ASSETS).describe("A series of the shipped EuStockMarkets data set."),
    day: z.number().int().min(1).max(1859).optional().describe("Last row to use (default: the last row, 1859)."),
  })
  .strict();

/** The closes a market reference stands for. */
export function closesOf(reference: z.output<typeof MarketReferenceSchema>): number[] {
  const series = loadEuStockMarkets().closes[reference.market];
  return series.slice(0, (reference.day ?? series.length - 1) + 1);
}
