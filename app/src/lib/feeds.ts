/**
 * Readable oracle feeds and chain time, pure. The decision feed stores the model as a uint32 (the
 * first 4 bytes of the weights hash in the model's version, oracle/src/engines.ts
 * modelVersionNumber); a report's round is its fixed time window (timestamp / interval), a large
 * number that says little to a reader, so pages show the report's position in its feed instead.
 */

/** The feed's uint32 for a model version string like "peper-decision-lr-1+81ac0fd5b057"; undefined without a hash. */
export function modelVersionNumber(version: string): number | undefined {
  const match = /\+([0-9a-f]{8})/.exec(version);
  return match ? Number.parseInt(match[1]!, 16) : undefined;
}

/** A model's display name: its version without the hash ("peper-decision-lr-1"). */
export function modelDisplayName(version: string): string {
  const plus = version.indexOf("+");
  return plus > 0 ? version.slice(0, plus) : version;
}

export interface KnownModel {
  /** The uint32 the feed stores. */
  number: number;
  /** The model's name ("peper-decision-lr-1"). */
  name: string;
}

/** "peper-decision-lr-1 (81ac0fd5)" for a known model, "81ac0fd5" (the weights hash prefix) otherwise. */
export function modelLabel(versionNumber: number, known: readonly KnownModel[]): string {
  const hex = (versionNumber >>> 0).toString(16).padStart(8, "0");
  const model = known.find((m) => m.number === versionNumber);
  return model ? `${model.name} (${hex})` : hex;
}

/**
 * How far chain time runs ahead of (positive) or behind (negative) the wall clock, in whole seconds,
 * or 0 when the gap is within `toleranceSeconds` (block times are a few seconds old on any chain).
 */
export function chainClockOffset(chainSeconds: bigint | number, wallMs: number, toleranceSeconds = 600): number {
  const offset = Number(chainSeconds) - Math.floor(wallMs / 1000);
  return Math.abs(offset) <= toleranceSeconds ? 0 : offset;
}

/** Splits a duration in seconds into days, hours and minutes (rounded down), for a short sentence. */
export function durationParts(seconds: number): { days: number; hours: number; minutes: number } {
  const s = Math.abs(Math.trunc(seconds));
  return { days: Math.floor(s / 86_400), hours: Math.floor((s % 86_400) / 3600), minutes: Math.floor((s % 3600) / 60) };
}

/** 1-based positions of the newest `limit` entries of a feed of `total` reports, newest first. */
export function newestPositions(total: number, limit: number): number[] {
  const count = Math.max(0, Math.min(total, limit));
  return Array.from({ length: count }, (_, i) => total - i);
}
