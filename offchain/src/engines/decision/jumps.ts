import type { JumpEvent } from "./features.ts";

/**
 * Jump events of a close series for the `spike_balance_5d` feature. Until the spiking detector
 * (engines/spiking) is wired in, no events are reported and the feature is 0 everywhere (the model
 * card's std of 1 for it makes it inert).
 */
export function detectJumps(closes: readonly number[]): JumpEvent[] {
  void closes;
  return [];
}
