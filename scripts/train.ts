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
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";

import { walkForward } from "../offchain/src/engines/backtest/backtest.ts";
import { FEATURE_NAMES, computeFeatures, type JumpEvent } from "../offchain/src/engines/decision/features.ts";
import { ACTIONS, softmax } from "../offchain/src/engines/decision/model.ts";
import {
  brierScore,
  expectedCalibrationError,
  fitSoftmaxRegression,
  fitTemperature,
  negativeLogLikelihood,
  rawLogits,
  type FittedLinearModel,
} from "../offchain/src/engines/decision/train.ts";
import { detectJumps } from "../offchain/src/engines/decision/jumps.ts";
import { EU_STOCK_ASSETS, loadEuStockMarkets } from "../offchain/src/market/euStocks.ts";
import { linearSoftmaxOnnx } from "./lib/onnx.ts";

const HORIZON = 5;
const LAMBDA = 1e-2;
const OUT = new URL("../offchain/src/models/decision/", import.meta.url);

interface Row {
  asset: string;
  day: number;
  x: Float64Array;
  forward: number;
}

const market = loadEuStockMarkets();
const rowsByAsset = new Map<string, Row[]>();
const featuresByAsset = new Map<string, ReturnType<typeof computeFeatures>>();
for (const asset of EU_STOCK_ASSETS) {
  const closes = market.closes[asset];
  const jumps: JumpEvent[] = detectJumps(closes);
  const matrix = computeFeatures({ closes, jumps });
  featuresByAsset.set(asset, matrix);
  const rows: Row[] = [];
  matrix.rows.forEach((x, k) => {
    const day = matrix.days[k]!;
    if (day + HORIZON < closes.length) {
      rows.push({ asset, day, x, forward: Math.log(closes[day + HORIZON]! / closes[day]!) });
    }
  });
  rowsByAsset.set(asset, rows);
}
const allRows = [...rowsByAsset.values()].flat();
const firstDay = Math.min(...allRows.map((r) => r.day));
const lastDay = Math.max(...allRows.map((r) => r.day));
const span = lastDay - firstDay + 1;
const calibrationStart = firstDay + Math.floor(span * 0.6);
const testStart = firstDay + Math.floor(span * 0.75);

/** Tertile thresholds of the forward return over rows. */
function tertiles(rows: readonly Row[]): [number, number] {
  const sorted = rows.map((r) => r.forward).sort((a, b) => a - b);
  return [sorted[Math.floor(sorted.length / 3)]!, sorted[Math.floor((2 * sorted.length) / 3)]!];
}
function label(forward: number, [low, high]: [number, number]): number {
  return forward < low ? 0 : forward > high ? 2 : 1;
}
function fitBefore(day: number): { model: FittedLinearModel; thresholds: [number, number] } {
  const train = allRows.filter((r) => r.day + HORIZON < day);
  const thresholds = tertiles(train);
  const model = fitSoftmaxRegression(
    { x: train.map((r) => r.x), y: train.map((r) => label(r.forward, thresholds)) },
    LAMBDA,
  );
  return { model, thresholds };
}

// 1. Fit on the training period, calibrate the temperature, evaluate on the test period.
const { model, thresholds } = fitBefore(calibrationStart);
const calibration = allRows.filter((r) => r.day >= calibrationStart && r.day + HORIZON < testStart);
const test = allRows.filter((r) => r.day >= testStart);
const calLogits = calibration.map((r) => rawLogits(model, r.x));
const calY = calibration.map((r) => label(r.forward, thresholds));
const temperature = fitTemperature(calLogits, calY);
const testLogits = test.map((r) => rawLogits(model, r.x));
const testY = test.map((r) => label(r.forward, thresholds));
const testProbs = testLogits.map((l) => softmax(l.map((v) => v / temperature)));
const uncalibratedProbs = testLogits.map((l) => softmax(l));
const trainRows = allRows.filter((r) => r.day + HORIZON < calibrationStart);
const trainY = trainRows.map((r) => label(r.forward, thresholds));
const prior = ACTIONS.map((_, k) => trainY.filter((y) => y === k).length / trainY.length);
const accuracy = (probs: readonly Float64Array[], y: readonly number[]) =>
  probs.filter((p, s) => p.indexOf(Math.max(...p)) === y[s]).length / probs.length;
const metrics = {
  testRows: test.length,
  accuracy: accuracy(testProbs, testY),
  brier: brierScore(testProbs, testY),
  brierUncalibrated: brierScore(uncalibratedProbs, testY),
  brierPrior: brierScore(
    test.map(() => prior),
    testY,
  ),
  logLoss: negativeLogLikelihood(testLogits, testY, temperature),
  logLossPrior: -testY.reduce((s, y) => s + Math.log(prior[y]!), 0) / testY.length,
  ece: expectedCalibrationError(testProbs, testY),
  eceUncalibrated: expectedCalibrationError(uncalibratedProbs, testY),
};

// 2. Walk-forward backtest per index.
const fits = new Map<number, FittedLinearModel>();
const backtests = EU_STOCK_ASSETS.map((asset) => {
  const matrix = featuresByAsset.get(asset)!;
  const closes = market.closes[asset];
  const initialTrain = matrix.days.findIndex((d) => d >= calibrationStart - 130 * 3);
  const result = walkForward({
    closes,
    features: matrix.rows,
    days: matrix.days,
    initialTrain,
    testBlock: 130,
    costs: { feeBps: 10, slippageBps: 5 },
    fit: (end) => {
      const cut = matrix.days[end]!;
      if (!fits.has(cut)) fits.set(cut, fitBefore(cut).model);
      const fitted = fits.get(cut)!;
      return (x, _day, previous) => {
        const logits = rawLogits(fitted, x);
        const best = logits.indexOf(Math.max(...logits));
        return best === 2 ? 1 : best === 0 ? 0 : previous;
      };
    },
  });
  return { asset, result };
});

// 3. Write the model: ONNX graph and model card.
const weightsHash = createHash("sha256")
  .update(JSON.stringify({ mean: model.mean, std: model.std, weights: model.weights, bias: model.bias, temperature }))
  .digest("hex")
  .slice(0, 12);
const version = `peper-decision-lr-1+${weightsHash}`;
const onnxBytes = linearSoftmaxOnnx({
  version,
  features: FEATURE_NAMES,
  classes: ACTIONS,
  mean: model.mean,
  std: model.std,
  weights: model.weights,
  bias: model.bias,
  temperature,
});
writeFileSync(new URL("decision-model.onnx", OUT), onnxBytes);
const round = (x: number) => Number(x.toPrecision(6));
const card = {
  version,
  kind: "multinomial logistic regression, temperature-calibrated",
  features: FEATURE_NAMES,
  classes: ACTIONS,
  mean: model.mean,
  std: model.std,
  weights: model.weights,
  bias: model.bias,
  temperature,
  onnx: { file: "decision-model.onnx", sha256: createHash("sha256").update(onnxBytes).digest("hex") },
  training: {
    data: "EuStockMarkets (R datasets): DAX, SMI, CAC, FTSE daily closes 1991–1998, pooled",
    label: `5-day forward log return in tertiles of the training period: sell < ${round(thresholds[0])} ≤ hold ≤ ${round(thresholds[1])} < buy`,
    lambda: LAMBDA,
    newtonIterations: model.iterations,
    days: {
      train: [firstDay, calibrationStart - HORIZON - 1],
      calibration: [calibrationStart, testStart - HORIZON - 1],
      test: [testStart, lastDay],
    },
    rows: { train: trainRows.length, calibration: calibration.length, test: test.length },
  },
  test: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, round(v)])),
  walkForward: backtests.map(({ asset, result }) => ({
    asset,
    folds: result.folds,
    days: result.strategy.days,
    strategy: summary(result.strategy),
    buyAndHold: summary(result.buyAndHold),
  })),
};
function summary(r: (typeof backtests)[number]["result"]["strategy"]) {
  return {
    sharpe: round(r.metrics.sharpe),
    maxDrawdown: round(r.metrics.maxDrawdown),
    totalReturn: round(r.totalReturn),
    annualTurnover: round(r.annualTurnover),
    exposure: round(r.exposure),
  };
}
writeFileSync(new URL("model-card.json", OUT), JSON.stringify(card, null, 2) + "\n");

console.log(`model ${version}: ${model.iterations} Newton steps, temperature ${temperature.toFixed(3)}`);
console.log(`\nOut-of-sample test (days ${testStart}–${lastDay}, ${test.length} rows, 4 indices)\n`);
console.log("| metric | model (calibrated) | model (uncalibrated) | class prior |");
console.log("|---|---|---|---|");
console.log(
  `| accuracy | ${metrics.accuracy.toFixed(4)} | ${accuracy(uncalibratedProbs, testY).toFixed(4)} | ${(Math.max(...testY.map((y) => testY.filter((v) => v === y).length)) / testY.length).toFixed(4)} (majority) |`,
);
console.log(
  `| Brier score (3-class) | ${metrics.brier.toFixed(4)} | ${metrics.brierUncalibrated.toFixed(4)} | ${metrics.brierPrior.toFixed(4)} |`,
);
console.log(
  `| log loss | ${metrics.logLoss.toFixed(4)} | ${negativeLogLikelihood(testLogits, testY, 1).toFixed(4)} | ${metrics.logLossPrior.toFixed(4)} |`,
);
console.log(`| expected calibration error | ${metrics.ece.toFixed(4)} | ${metrics.eceUncalibrated.toFixed(4)} | – |`);
console.log("\nWalk-forward backtest (refit every 130 days; 10 bps fee + 5 bps slippage)\n");
console.log(
  "| index | days | folds | Sharpe (model) | Sharpe (buy & hold) | max DD (model) | max DD (B&H) | total return (model) | total return (B&H) | turnover / yr | exposure |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const { asset, result } of backtests) {
  const s = result.strategy;
  const b = result.buyAndHold;
  console.log(
    `| ${asset} | ${s.days} | ${result.folds} | ${s.metrics.sharpe.toFixed(2)} | ${b.metrics.sharpe.toFixed(2)} | ${(s.metrics.maxDrawdown * 100).toFixed(1)}% | ${(b.metrics.maxDrawdown * 100).toFixed(1)}% | ${(s.totalReturn * 100).toFixed(1)}% | ${(b.totalReturn * 100).toFixed(1)}% | ${s.annualTurnover.toFixed(1)} | ${(s.exposure * 100).toFixed(0)}% |`,
  );
}
