import { BaseError } from "../errors/base.ts";
import type { Candle } from "./csv.ts";

/**
 * Live exchange data through CCXT, when a network is there. Optional: CCXT is not a dependency of
 * Peper (it is large and never used in tests); `npm install ccxt` enables this adapter.
 */
export class LiveDataUnavailableError extends BaseError {
  override name = "LiveDataUnavailableError";
}

/** The part of a CCXT exchange this adapter uses. */
interface CcxtExchange {
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<number[][]>;
}
type CcxtModule = Record<string, (new (options?: object) => CcxtExchange) | undefined>;

/**
 * Fetches OHLCV bars from an exchange through CCXT (for example `fetchExchangeCandles("binance",
 * "BTC/USDT", "1d", 365)`), oldest first, in the same shape as the CSV loader.
 *
 * @throws LiveDataUnavailableError when CCXT is not installed, the exchange is unknown, or the
 *   request fails (no network, unknown symbol); `retryable` says whether trying later can help.
 */
export async function fetchExchangeCandles(
  exchangeId: string,
  symbol: string,
  timeframe = "1d",
  limit = 365,
): Promise<Candle[]> {
  let ccxt: CcxtModule;
  try {
    const specifier = "ccxt";
    ccxt = (await import(specifier)) as CcxtModule;
  } catch (cause) {
    throw new LiveDataUnavailableError("Live exchange data needs the optional package ccxt.", {
      details: "Run `npm install ccxt -w offchain`, or use the shipped data set or your own CSV.",
      cause,
    });
  }
  const Exchange = ccxt[exchangeId];
  if (typeof Exchange !== "function") {
    throw new LiveDataUnavailableError(`CCXT has no exchange called "${exchangeId}".`);
  }
  let rows: number[][];
  try {
    rows = await new Exchange({ enableRateLimit: true }).fetchOHLCV(symbol, timeframe, undefined, limit);
  } catch (cause) {
    throw new LiveDataUnavailableError(`Could not fetch ${symbol} ${timeframe} bars from ${exchangeId}.`, {
      cause,
      retryable: true,
    });
  }
  return rows.map(([time, open, high, low, close, volume]) => ({
    time: time!,
    open: open!,
    high: high!,
    low: low!,
    close: close!,
    ...(volume === undefined ? {} : { volume }),
  }));
}
