import { EngineInputError } from "../errors.ts";
import type { EventClass, LabelledEvent } from "./evaluate.ts";

/**
 * REAL labelled events for the shipped `offchain/data/eu-stock-markets.csv` (R's EuStockMarkets).
 *
 * How rows map to dates. The data has no calendar dates: R stores it as a regular series of 260
 * business days a year starting at c(1991, 130), i.e. time 1991 + (129 + row)/260. Business day 130
 * of 1991, counting Monday–Friday from 1 Jan, is Monday 1 July 1991; and with one row per weekday
 * (holidays included, carrying a price) the dates follow by counting weekdays. That reading is
 * checked against moves nobody disputes (see eu-events.test.ts): the Soviet coup (Mon 19 Aug 1991)
 * is row 35, the largest fall in the data; the FTSE's post-election rally (Fri 10 Apr 1992) is row
 * 204; the European fall of Tue 28 Oct 1997 is row 1651; the DAX's record close of Mon 20 Jul 1998
 * is row 1840, the maximum of the DAX column. All four agree to 0 rows, so the mapping does not
 * drift over the seven years. The last row, 1859, is then Fri 14 Aug 1998.
 *
 * Reading R's time as a calendar fraction of the year instead (year + day/365) would drift, placing
 * 1998 dates about 7 rows too early, because a year has 261–262 weekdays, not 260.
 *
 * Tolerance, stated honestly: the mapping is exact at the anchors, but which trading day a piece of
 * news hit is itself uncertain by a day (news after the European close moves prices the next day;
 * each entry below gives the day of the European market reaction), and the holidays of the original
 * source are not documented. Jump labels are therefore scored within ±`EU_JUMP_TOLERANCE` = 1 row.
 * Regime labels mark the documented start of a turbulent period, which is not a single day; they
 * are scored within ±`EU_REGIME_TOLERANCE` = 20 rows (about a month).
 */

/** Row 0 of the data: Monday 1 July 1991 (R business day 130 of 1991). */
export const EU_FIRST_DATE = "1991-07-01";
/** Rows in the shipped data (the last is Friday 14 August 1998). */
export const EU_ROWS = 1860;
/** Rows either side of a jump label that count as finding it. */
export const EU_JUMP_TOLERANCE = 1;
/** Rows either side of a turbulence-onset label that count as finding it. */
export const EU_REGIME_TOLERANCE = 20;

/** The four indices of the data set. */
export type EuIndex = "DAX" | "SMI" | "CAC" | "FTSE";
export const EU_INDICES: readonly EuIndex[] = ["DAX", "SMI", "CAC", "FTSE"];

const DAY_MS = 86_400_000;
const FIRST_MS = Date.UTC(1991, 6, 1);

function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new EngineInputError("date", "out-of-range", `must be an ISO date YYYY-MM-DD, got "${date}".`);
  }
  return ms;
}

/**
 * The row of the data for a calendar date: the number of weekdays from Monday 1 July 1991 (row 0) up
 * to the date. A Saturday or Sunday maps to the following Monday's row (the first trading day that
 * can react). O(1): five weekdays per whole week plus the weekdays of the partial week.
 *
 * @throws EngineInputError naming `date` for a malformed date or one outside 1991-07-01 … 1998-08-14.
 */
export function businessDayIndex(date: string): number {
  const days = Math.round((parseDate(date) - FIRST_MS) / DAY_MS);
  if (days < 0) throw new EngineInputError("date", "out-of-range", `${date} is before the data (${EU_FIRST_DATE}).`);
  const row = Math.floor(days / 7) * 5 + Math.min(days % 7, 5);
  if (row >= EU_ROWS) {
    throw new EngineInputError(
      "date",
      "out-of-range",
      `${date} is after the data (last row ${EU_ROWS - 1}, 1998-08-14).`,
    );
  }
  return row;
}

/** The calendar date (ISO) of a row: the inverse of `businessDayIndex` on weekdays. */
export function dateOfRow(row: number): string {
  if (!(Number.isInteger(row) && row >= 0 && row < EU_ROWS)) {
    throw new EngineInputError("row", "out-of-range", `must be an integer from 0 to ${EU_ROWS - 1}, got ${row}.`);
  }
  const days = Math.floor(row / 5) * 7 + (row % 5);
  return new Date(FIRST_MS + days * DAY_MS).toISOString().slice(0, 10);
}

/** R's time index of a row (the CSV's `time` column): 1991 + (129 + row) / 260. */
export function rTimeOfRow(row: number): number {
  return 1991 + (129 + row) / 260;
}

/** A documented market event inside the data. */
export interface EuEvent extends LabelledEvent {
  /** ISO date of the European trading day on which markets reacted. */
  readonly date: string;
  /** Row of the data: `businessDayIndex(date)` (committed, and checked by the tests). */
  readonly index: number;
  /** "jump": a large one-day move; "regime-change": the start of a documented turbulent period. */
  readonly kind: EventClass;
  /** Indices the event is about (a UK event is labelled for the FTSE only). */
  readonly indices: readonly EuIndex[];
  readonly description: string;
}

/**
 * Documented European market events of July 1991 – August 1998, from general financial history (not
 * chosen by looking at detector output). The index of each is the data row of `date`.
 */
export const EU_EVENTS: readonly EuEvent[] = [
  {
    date: "1991-08-19",
    index: 35,
    kind: "jump",
    indices: EU_INDICES,
    description: "Soviet coup attempt against Gorbachev: European markets fall sharply.",
  },
  {
    date: "1991-08-21",
    index: 37,
    kind: "jump",
    indices: EU_INDICES,
    description: "The Moscow coup collapses: European markets rebound.",
  },
  {
    date: "1992-04-10",
    index: 204,
    kind: "jump",
    indices: ["FTSE"],
    description: "Unexpected Conservative win in the UK general election of 9 April: the FTSE 100 rallies.",
  },
  {
    date: "1992-09-14",
    index: 315,
    kind: "jump",
    indices: EU_INDICES,
    description: "ERM crisis: the lira is devalued and the Bundesbank cuts its rates; European markets rally.",
  },
  {
    date: "1992-09-17",
    index: 318,
    kind: "jump",
    indices: ["FTSE"],
    description: "Black Wednesday (16 Sep): sterling leaves the ERM that evening; UK equities jump the next day.",
  },
  {
    date: "1994-02-07",
    index: 680,
    kind: "regime-change",
    indices: EU_INDICES,
    description:
      "The Fed's first rate rise in five years (Fri 4 Feb, after the European close) starts the 1994 bond sell-off.",
  },
  {
    date: "1996-12-06",
    index: 1419,
    kind: "jump",
    indices: EU_INDICES,
    description: "Greenspan's 'irrational exuberance' speech (evening of 5 Dec, Washington): European markets fall.",
  },
  {
    date: "1997-10-23",
    index: 1648,
    kind: "jump",
    indices: EU_INDICES,
    description: "Hong Kong crash (Hang Seng −10 %) in the Asian financial crisis: European markets fall.",
  },
  {
    date: "1997-10-23",
    index: 1648,
    kind: "regime-change",
    indices: EU_INDICES,
    description: "The Asian financial crisis reaches Hong Kong: start of the turbulent autumn of 1997 in Europe.",
  },
  {
    date: "1997-10-27",
    index: 1650,
    kind: "jump",
    indices: EU_INDICES,
    description: "Global mini-crash, day 1 (Mon 27 Oct): Europe falls; the Dow then falls 7 % and trading halts.",
  },
  {
    date: "1997-10-28",
    index: 1651,
    kind: "jump",
    indices: EU_INDICES,
    description: "Global mini-crash, day 2 (Tue 28 Oct): European markets fall heavily after Wall Street.",
  },
];

/** Documented events of the period that are NOT in the data, and why (kept so the omission is visible). */
export const EU_EVENTS_OUTSIDE_DATA: readonly { readonly date: string; readonly description: string }[] = [
  {
    date: "1998-08-17",
    description:
      "Russia's default and rouble devaluation: one weekday after the last row (Fri 14 Aug 1998); " +
      "the sell-off that followed is not in the data either.",
  },
];

/** The labels of one index: the events whose `indices` include it. */
export function euLabelsFor(index: EuIndex): EuEvent[] {
  return EU_EVENTS.filter((event) => event.indices.includes(index));
}
