/**
 * Structured logging: one JSON object per line (`{"level","time","msg",...fields}`), like the
 * other Peper services. The sink is replaceable so tests and embedders can capture the lines.
 */
export type Level = "debug" | "info" | "warn" | "error" | "critical";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, critical: 50 };

export interface LogRecord {
  readonly level: Level;
  readonly time: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose records carry `fields` too. */
  child(fields: Record<string, unknown>): Logger;
}

/** JSON-safe copies of field values (bigints as decimal strings, errors as their message). */
function plain(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Error) return v.message;
  return v;
}

export function createLogger(
  options: { level?: Level; sink?: (record: LogRecord) => void; fields?: Record<string, unknown> } = {},
): Logger {
  const min = ORDER[options.level ?? "info"];
  const sink = options.sink ?? ((r: LogRecord) => process.stdout.write(JSON.stringify(r) + "\n"));
  const base = options.fields ?? {};
  const log = (level: Level, msg: string, fields: Record<string, unknown> = {}): void => {
    if (ORDER[level] < min) return;
    const record: Record<string, unknown> = { level, time: new Date().toISOString(), msg };
    for (const [k, v] of Object.entries({ ...base, ...fields })) record[k] = plain(v);
    sink(record as LogRecord);
  };
  return {
    log,
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (for embedding where logs are not wanted). */
export const silentLogger: Logger = createLogger({ sink: () => undefined });

export function isLevel(s: string): s is Level {
  return s in ORDER;
}
