export { DEFAULT_LIF_PARAMETERS, LifNetwork, checkLifParameters, detectSpikes, detectSpikesInCloses } from "./lif.ts";
export type { LifParameters, LifState } from "./lif.ts";
export {
  DEFAULT_ZSCORE_PARAMETERS,
  ZScoreDetector,
  checkZScoreParameters,
  detectZScore,
  detectZScoreInCloses,
} from "./baseline.ts";
export type { ZScoreParameters } from "./baseline.ts";
export { eventClass, scoreDetections, scoreFromCounts } from "./evaluate.ts";
export type { DetectionScore, EventClass, LabelledEvent } from "./evaluate.ts";
export { DEFAULT_SYNTHETIC_OPTIONS, syntheticLabelledSeries } from "./synthetic.ts";
export type { SyntheticJump, SyntheticLabelledSeries, SyntheticOptions, SyntheticSwitch } from "./synthetic.ts";
export {
  EU_EVENTS,
  EU_EVENTS_OUTSIDE_DATA,
  EU_FIRST_DATE,
  EU_INDICES,
  EU_JUMP_TOLERANCE,
  EU_REGIME_TOLERANCE,
  EU_ROWS,
  businessDayIndex,
  dateOfRow,
  euLabelsFor,
  rTimeOfRow,
} from "./eu-events.ts";
export type { EuEvent, EuIndex } from "./eu-events.ts";
export { NO_EVENTS, logReturns, runOnCloses, runOnReturns } from "./series.ts";
export type { BatchOptions, Regime, SpikeEvent, SpikeKind, StreamingDetector } from "./series.ts";
