// Latency of one decision (target p99 ≤ 1 ms here; the product description asks ≤ 100 ms):
// features of the last day + ONNX inference (onnxruntime-node) + risk manager + reasoning sentence,
// on 1 000 days of real DAX history, and the pure float64 path for comparison.
import { decide, prepareDecision } from "../../offchain/src/engines/decision/decide.ts";
import { loadEuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import { createDecisionEngine } from "../../offchain/src/models/decisionModel.ts";
import { table, time, timeAsync } from "./lib/timing.ts";

const engine = await createDecisionEngine();
const closes = loadEuStockMarkets().closes.DAX.slice(0, 1000);
const input = {
  asset: "DAX",
  closes,
  risk: { maxPosition: 0.2, stopLoss: 0.05, takeProfit: 0.1, maxDrawdown: 0.2, allowedAssets: ["DAX"] },
};
const runs = 5000;
const full = await timeAsync(() => engine.decide(input), runs, 200);
const prepared = prepareDecision(input);
const onnxOnly = await timeAsync(() => engine.predict([prepared.features]), runs, 200);
const features = time(() => prepareDecision(input), runs, 200);
const pure = time(() => decide(input, engine.card), runs, 200);
table(
  `One decision, ${runs} runs (ms; target p99 ≤ 1 ms)`,
  ["path", "p50 ms", "p99 ms", "mean ms"],
  [
    ["full decision via ONNX (validate, features, onnxruntime-node, risk, reasoning)", full.p50, full.p99, full.mean],
    ["  of which: ONNX inference only", onnxOnly.p50, onnxOnly.p99, onnxOnly.mean],
    ["  of which: validation + features + jump detector", features.p50, features.p99, features.mean],
    ["pure float64 path (no ONNX; the browser fallback)", pure.p50, pure.p99, pure.mean],
  ],
);
