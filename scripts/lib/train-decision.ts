// The decision model's training pipeline (see scripts/train.ts for what it does and why). A function,
// so that a test can check that the committed model is exactly what it produces.
import { createHash } from "node:crypto";

import { walkForward } from "../../offchain/src/engines/backtest/backtest.ts";
import { FEATURE_NAMES, computeFeatures, type JumpEvent } from "../../offchain/src/engines/decision/features.ts";
import { ACTIONS, softmax } from "../../offchain/src/engines/decision/model.ts";
import {
  brierScore,
  expectedCalibrationError,
  fitSoftmaxRegression,
  fitTemperature,
  negativeLogLikelihood,
  rawLogits,
  type FittedLinearModel,
} from "../../offchain/src/engines/decision/train.ts";
import { detectJumps } from "../../offchain/src/engines/decision/jumps.ts";
import { EU_STOCK_ASSETS, loadEuStockMarkets } from "../../offchain/src/market/euStocks.ts";
import { linearSoftmaxOnnx } from "./onnx.ts";

export interface TrainedDecisionModel {
  readonly onnxBytes: Uint8Array;
  readonly card: object;
  /** The evaluation tables, as markdown. */
  readonly report: string;
}

export function trainDecisionModel(): TrainedDecisionModel {
  const HORIZON = 5;
  const LAMBDA = 1e-2;

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

  const out: string[] = [];
  out.push(`model ${version}: ${model.iterations} Newton steps, temperature ${temperature.toFixed(3)}`);
  out.push(`\nOut-of-sample test (days ${testStart}–${lastDay}, ${test.length} rows, 4 indices)\n`);
  out.push("| metric | model (calibrated) | model (uncalibrated) | class prior |");
  out.push("|---|---|---|---|");
  out.push(
    `| accuracy | ${metrics.accuracy.toFixed(4)} | ${accuracy(uncalibratedProbs, testY).toFixed(4)} | ${(Math.max(...testY.map((y) => testY.filter((v) => v === y).length)) / testY.length).toFixed(4)} (majority) |`,
  );
  out.push(
    `| Brier score (3-class) | ${metrics.brier.toFixed(4)} | ${metrics.brierUncalibrated.toFixed(4)} | ${metrics.brierPrior.toFixed(4)} |`,
  );
  out.push(
    `| log loss | ${metrics.logLoss.toFixed(4)} | ${negativeLogLikelihood(testLogits, testY, 1).toFixed(4)} | ${metrics.logLossPrior.toFixed(4)} |`,
  );
  out.push(`| expected calibration error | ${metrics.ece.toFixed(4)} | ${metrics.eceUncalibrated.toFixed(4)} | – |`);
  out.push("\nWalk-forward backtest (refit every 130 days; 10 bps fee + 5 bps slippage)\n");
  out.push(
    "| index | days | folds | Sharpe (model) | Sharpe (buy & hold) | max DD (model) | max DD (B&H) | total return (model) | total return (B&H) | turnover / yr | exposure |",
  );
  out.push("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { asset, result } of backtests) {
    const s = result.strategy;
    const b = result.buyAndHold;
    out.push(
      `| ${asset} | ${s.days} | ${result.folds} | ${s.metrics.sharpe.toFixed(2)} | ${b.metrics.sharpe.toFixed(2)} | ${(s.metrics.maxDrawdown * 100).toFixed(1)}% | ${(b.metrics.maxDrawdown * 100).toFixed(1)}% | ${(s.totalReturn * 100).toFixed(1)}% | ${(b.totalReturn * 100).toFixed(1)}% | ${s.annualTurnover.toFixed(1)} | ${(s.exposure * 100).toFixed(0)}% |`,
    );
  }

  return { onnxBytes, card, report: out.join("\n") };
}
