import { detectSpikesInCloses } from "../spiking/lif.ts";
import type { JumpEvent } from "./features.ts";

/**
 * The spiking detector's jump events on a close series, as the decision features use them
 * (`spike_balance_5d`): the day and the direction of each jump. Regime changes are not a feature.
 */
export function detectJumps(closes: readonly number[]): JumpEvent[] {
  if (closes.length < 2) return [];
  const jumps: JumpEvent[] = [];
  for (const spike of detectSpikesInCloses(closes)) {
    if (spike.kind === "jump-up") jumps.push({ index: spike.index, direction: 1 });
    else if (spike.kind === "jump-down") jumps.push({ index: spike.index, direction: -1 });
  }
  return jumps;
}
