/**
 * How the leader turns operators' observations into one report, so that honest operators agree and
 * one wrong or dead operator changes nothing (DESIGN.md, oracle protocol). Pure functions.
 */

/** Basis points of a fraction, rounded half away from zero: 0.12345 -> 1235. Throws on non-finite input. */
export function toBps(fraction: number): number {
  if (!Number.isFinite(fraction)) throw new RangeError(`cannot quantise ${fraction} to basis points`);
  const bps = Math.round(Math.abs(fraction) * 10_000);
  return fraction < 0 ? -bps : bps;
}

/**
 * The median of integer observations; for an even count, the lower of the two middle values (an
 * integer, and never an average that no operator reported). Order does not matter.
 */
export function median(values: readonly bigint[]): bigint {
  if (values.length === 0) throw new RangeError("median of no observations");
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * The value most operators reported; a tie goes to the earliest value in `preference` order (for
 * actions: hold before buy before sell, the cautious choice).
 */
export function majority<T>(values: readonly T[], preference: readonly T[]): T {
  if (values.length === 0) throw new RangeError("majority of no observations");
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = -1;
  for (const v of preference) {
    const c = counts.get(v) ?? 0;
    if (c > bestCount) [best, bestCount] = [v, c];
  }
  for (const [v, c] of counts) if (!preference.includes(v) && c > bestCount) [best, bestCount] = [v, c];
  return best as T;
}
