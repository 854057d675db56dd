import { EngineInputError } from "../errors.ts";
import type { SpikeEvent } from "./lif.ts";

export interface LabelledEvent {
  readonly index: number;
  readonly kind: "jump" | "regime-change";
}

export interface DetectionScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Precision, recall and F1 of detected events against labelled ones of one kind: a label is found
 * when a detection of that kind lies within ±`tolerance` samples; each detection can match one label
 * (greedy, in index order); unmatched detections are false positives. Jump detections of either sign
 * match "jump" labels.
 */
export function scoreDetections(
  detected: readonly SpikeEvent[],
  labels: readonly LabelledEvent[],
  kind: LabelledEvent["kind"],
  tolerance: number,
): DetectionScore {
  if (!Number.isInteger(tolerance) || tolerance < 0) {
    throw new EngineInputError("tolerance", "out-of-range", `must be an integer ≥ 0, got ${tolerance}.`);
  }
  const hits = detected
    .filter((d) => (kind === "jump" ? d.kind !== "regime-change" : d.kind === "regime-change"))
    .map((d) => d.index)
    .sort((a, b) => a - b);
  const targets = labels
    .filter((l) => l.kind === kind)
    .map((l) => l.index)
    .sort((a, b) => a - b);
  const used = new Uint8Array(hits.length);
  let truePositives = 0;
  for (const target of targets) {
    for (let h = 0; h < hits.length; h++) {
      if (used[h] || Math.abs(hits[h]! - target) > tolerance) continue;
      used[h] = 1;
      truePositives++;
      break;
    }
  }
  const falsePositives = hits.length - truePositives;
  const falseNegatives = targets.length - truePositives;
  const precision = hits.length === 0 ? (targets.length === 0 ? 1 : 0) : truePositives / hits.length;
  const recall = targets.length === 0 ? 1 : truePositives / targets.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}
