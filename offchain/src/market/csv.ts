import { BaseError } from "../errors/base.ts";

/** A bad row in a user's CSV: the message names the line (1-based, as an editor shows it) and column. */
export class CsvFormatError extends BaseError {
  override name = "CsvFormatError";
  readonly line: number;
  readonly column: string | undefined;

  constructor(line: number, column: string | undefined, message: string) {
    super(`line ${line}${column === undefined ? "" : `, column "${column}"`}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/** One bar of OHLCV data. `time` is milliseconds since the epoch (UTC). */
export interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume?: number;
}

const TIME_COLUMNS = ["time", "timestamp", "date", "datetime"];
const MAX_ROWS = 1_000_000;

/**
 * Parses OHLCV CSV as exported by exchanges and spreadsheets: a header row naming the columns
 * (case-insensitive; `time`/`timestamp`/`date`/`datetime`, `open`, `high`, `low`, `close`, and an
 * optional `volume`), comma or semicolon separated, one bar per line, oldest first. Times are ISO 8601
 * dates or Unix times in seconds or milliseconds.
 *
 * Every row is checked — numbers finite and positive (volume ≥ 0), low ≤ open, close ≤ high, times
 * strictly increasing — and the first bad row throws a CsvFormatError naming its line and column.
 */
export function parseOhlcvCsv(text: string): Candle[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) throw new CsvFormatError(1, undefined, "the file is empty; expected a header row.");
  const separator = lines[headerIndex]!.includes(";") && !lines[headerIndex]!.includes(",") ? ";" : ",";
  const header = lines[headerIndex]!.split(separator).map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ""));
  const column = (names: readonly string[], required: boolean): number => {
    const index = header.findIndex((h) => names.includes(h));
    if (index < 0 && required) {
      throw new CsvFormatError(
        headerIndex + 1,
        names[0],
        `the header has no "${names[0]}" column (found: ${header.join(", ")}).`,
      );
    }
    return index;
  };
  const cols = {
    time: column(TIME_COLUMNS, true),
    open: column(["open"], true),
    high: column(["high"], true),
    low: column(["low"], true),
    close: column(["close"], true),
    volume: column(["volume", "vol"], false),
  };

  const candles: Candle[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "") continue;
    const line = i + 1;
    if (candles.length >= MAX_ROWS) {
      throw new CsvFormatError(line, undefined, `too many rows; at most ${MAX_ROWS.toLocaleString("en-US")} are read.`);
    }
    const cells = raw.split(separator).map((c) => c.trim().replace(/^"|"$/g, ""));
    if (cells.length < header.length) {
      throw new CsvFormatError(line, undefined, `has ${cells.length} cells but the header has ${header.length}.`);
    }
    const number = (name: keyof typeof cols, allowZero: boolean): number => {
      const cell = cells[cols[name]]!;
      const value = cell === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) throw new CsvFormatError(line, name, `"${cell}" is not a number.`);
      if (allowZero ? value < 0 : value <= 0) {
        throw new CsvFormatError(line, name, `${value} must be ${allowZero ? "zero or more" : "positive"}.`);
      }
      return value;
    };
    const time = parseTime(cells[cols.time]!, line);
    const open = number("open", false);
    const high = number("high", false);
    const low = number("low", false);
    const close = number("close", false);
    if (high < Math.max(open, close, low)) {
      throw new CsvFormatError(line, "high", `${high} is below the open, close or low of the same bar.`);
    }
    if (low > Math.min(open, close)) {
      throw new CsvFormatError(line, "low", `${low} is above the open or close of the same bar.`);
    }
    const previous = candles[candles.length - 1];
    if (previous && time <= previous.time) {
      throw new CsvFormatError(
        line,
        header[cols.time],
        "times must increase from one row to the next (oldest first, no duplicates).",
      );
    }
    candles.push(
      cols.volume >= 0
        ? { time, open, high, low, close, volume: number("volume", true) }
        : { time, open, high, low, close },
    );
  }
  if (candles.length === 0) throw new CsvFormatError(headerIndex + 2, undefined, "no data rows after the header.");
  return candles;
}

function parseTime(cell: string, line: number): number {
  if (/^\d+(\.\d+)?$/.test(cell)) {
    const n = Number(cell);
    // Unix seconds until the year 5138; beyond that, milliseconds.
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const ms = Date.parse(cell);
  if (!Number.isFinite(ms)) {
    throw new CsvFormatError(line, "time", `"${cell}" is not a date (use ISO 8601 like 2024-01-31, or Unix time).`);
  }
  return ms;
}
