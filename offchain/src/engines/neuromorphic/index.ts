export { DEFAULT_LIF, createLifNetwork, detectSpikes } from "./lif.ts";
export type { LifNetwork, LifParameters, SpikeEvent, SpikeKind } from "./lif.ts";
export { DEFAULT_ZSCORE, detectZScore } from "./baseline.ts";
export type { ZScoreParameters } from "./baseline.ts";
export { scoreDetections } from "./evaluate.ts";
export type { DetectionScore, LabelledEvent } from "./evaluate.ts";
export { syntheticLabelledSeries } from "./synthetic.ts";
export type { SyntheticSeries } from "./synthetic.ts";
export { EU_DOCUMENTED_EVENTS, LOCATE_WINDOW, approximateIndex, locateEvent } from "./eu-events.ts";
