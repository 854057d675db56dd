import { EngineInputError } from "../errors.ts";

/**
 * Documented market events inside the shipped EuStockMarkets data (1991-07 to 1998-08), used as
 * REAL labels for the jump detectors. The data set has no calendar dates — R indexes it in business
 * time at 260 days a year from 1991.496154 — and real markets trade about 252 days a year, so
 * `approximateIndex` drifts up to ~8 rows late by 1998. `locateEvent` therefore takes the largest
 * absolute daily move across the four indices within ±`LOCATE_WINDOW` rows of the approximate row;
 * the tolerance is stated with every score.
 */
export interface DocumentedEvent {
  /** ISO calendar date of the event's main trading day. */
  readonly date: string;
  readonly description: string;
}

export const EU_DOCUMENTED_EVENTS: readonly DocumentedEvent[] = [
  { date: "1991-08-19", description: "Soviet coup attempt against Gorbachev: European markets fall sharply" },
  { date: "1992-04-10", description: "UK general election won by the Conservatives: the FTSE rallies" },
  { date: "1992-09-17", description: "Black Wednesday: sterling leaves the ERM; UK equities jump" },
  { date: "1997-10-28", description: "Asian financial crisis: global mini-crash of 27–28 October 1997" },
  { date: "1998-08-17", description: "Russia defaults and devalues the rouble" },
];

/** Rows either side of the approximate row searched by `locateEvent`. */
export const LOCATE_WINDOW = 10;

const START = 1991.496154;
const PER_YEAR = 260;

/** The row whose R business time is closest to the calendar date (approximate, see above). */
export function approximateIndex(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms)) throw new EngineInputError("date", "out-of-range", `"${date}" is not an ISO date.`);
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  const yearLength = Date.UTC(year + 1, 0, 1) - startOfYear;
  const decimalYear = year + (ms - startOfYear) / yearLength;
  return Math.round((decimalYear - START) * PER_YEAR);
}

/**
 * The row of a documented event: the largest |log return| of any of the series within
 * ±LOCATE_WINDOW rows of the approximate row.
 */
export function locateEvent(date: string, series: readonly (readonly number[])[]): number {
  const center = approximateIndex(date);
  let best = -1;
  let bestMove = -1;
  for (let i = Math.max(1, center - LOCATE_WINDOW); i <= center + LOCATE_WINDOW; i++) {
    for (const closes of series) {
      if (i >= closes.length) continue;
      const move = Math.abs(Math.log(closes[i]! / closes[i - 1]!));
      if (move > bestMove) {
        bestMove = move;
        best = i;
      }
    }
  }
  if (best < 0) throw new EngineInputError("date", "out-of-range", `${date} is outside the data.`);
  return best;
}
