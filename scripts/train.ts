// `npm run train`: trains the decision model on the shipped real data set and writes
//   offchain/src/models/decision/decision-model.onnx   (the graph onnxruntime runs)
//   offchain/src/models/decision/model-card.json       (weights for attributions, data splits, metrics)
// Deterministic: the same data gives the same bytes. Prints the evaluation tables.
//
// Data: EuStockMarkets (DAX, SMI, CAC, FTSE daily closes 1991–1998), pooled over the four indices.
// Labels: the 5-day forward log return, split into tertiles of the training period (sell / hold / buy).
// Splits by time, with a 5-day gap before each boundary so no label looks across it:
//   train 60% → calibration 15% (temperature) → test 25% (reported, never used for fitting).
// Walk-forward backtest: refit every 130 days (half a year) on everything before, trade the next
// block long-only (buy → 100%, sell → 0%, hold → keep), 10 bps fee + 5 bps slippage per trade.
import { writeFileSync } from "node:fs";

import { trainDecisionModel } from "./lib/train-decision.ts";

const OUT = new URL("../offchain/src/models/decision/", import.meta.url);
const { onnxBytes, card, report } = trainDecisionModel();
writeFileSync(new URL("decision-model.onnx", OUT), onnxBytes);
writeFileSync(new URL("model-card.json", OUT), JSON.stringify(card, null, 2) + "\n");
console.log(report);
