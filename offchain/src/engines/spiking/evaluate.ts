import { EngineInputError } from "../errors.ts";
import type { SpikeEvent, SpikeKind } from "./series.ts";

/** What is scored: jumps (either sign) or regime changes. */
export type EventClass = "jump" | "regime-change";

/** A labelled (true) event: its index in the same convention as the detections, and its class. */
export interface LabelledEvent {
  readonly index: number;
  readonly kind: EventClass;
}

/** Detection counts and scores of one event class. */
export interface DetectionScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** TP / (TP + FP); 1 when nothing was detected (no false claim was made). */
  readonly precision: number;
  /** TP / (TP + FN); 1 when there is nothing to find. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

/** The class a detection belongs to: both jump signs are "jump". */
export function eventClass(kind: SpikeKind): EventClass {
  return kind === "regime-change" ? "regime-change" : "jump";
}

function checkIndices(field: string, indices: readonly number[]): void {
  for (let i = 0; i < indices.length; i++) {
    if (!Number.isInteger(indices[i])) {
      throw new EngineInputError(`${field}[${i}].index`, "out-of-range", `must be an integer, got ${indices[i]}.`);
    }
  }
}

/**
 * Precision, recall and F1 of detections of one class against labels of that class. A label is found
 * when a detection lies within ±`tolerance` samples of it; each detection can count for one label
 * only and each label once. Matching is greedy over both lists in index order (each label takes the
 * earliest unused detection in its window), which is a maximum one-to-one matching because all
 * windows have the same width. Unmatched detections are false positives, unmatched labels false
 * negatives. Conventions for empty sets: precision 1 with no detections, recall 1 with no labels.
 *
 * @throws EngineInputError naming `tolerance` (not an integer ≥ 0) or a non-integer index.
 */
export function scoreDetections(
  detected: readonly Pick<SpikeEvent, "index" | "kind">[],
  labels: readonly LabelledEvent[],
  kind: EventClass,
  tolerance: number,
): DetectionScore {
  if (!(Number.isInteger(tolerance) && tolerance >= 0)) {
    throw new EngineInputError("tolerance", "out-of-range", `must be an integer ≥ 0, got ${tolerance}.`);
  }
  const hits = detected.filter((d) => eventClass(d.kind) === kind).map((d) => d.index);
  const targets = labels.filter((l) => l.kind === kind).map((l) => l.index);
  checkIndices("detected", hits);
  checkIndices("labels", targets);
  hits.sort((a, b) => a - b);
  targets.sort((a, b) => a - b);

  let truePositives = 0;
  let h = 0;
  for (const target of targets) {
    while (h < hits.length && hits[h]! < target - tolerance) h++;
    if (h < hits.length && hits[h]! <= target + tolerance) {
      truePositives++;
      h++;
    }
  }
  return scoreFromCounts(truePositives, hits.length - truePositives, targets.length - truePositives);
}

/**
 * Precision, recall and F1 from counts (with the empty-set conventions of `scoreDetections`).
 *
 * @throws EngineInputError when a count is not an integer ≥ 0.
 */
export function scoreFromCounts(truePositives: number, falsePositives: number, falseNegatives: number): DetectionScore {
  const counts = { truePositives, falsePositives, falseNegatives };
  for (const [name, value] of Object.entries(counts)) {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new EngineInputError(name, "out-of-range", `must be an integer ≥ 0, got ${value}.`);
    }
  }
  const detections = truePositives + falsePositives;
  const labels = truePositives + falseNegatives;
  const precision = detections === 0 ? 1 : truePositives / detections;
  const recall = labels === 0 ? 1 : truePositives / labels;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}
