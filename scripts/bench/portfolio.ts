// Exact mean–variance optimiser speed: 100 and 500 assets (targets ≤ 5 ms and ≤ 200 ms on this
// machine) and the shipped real data set. The large universes are SYNTHETIC (a seeded 5-factor model),
// because the shipped real data has four assets.
import { readFileSync } from "node:fs";

import { efficientFrontier, optimizeMeanVariance } from "../../offchain/src/engines/portfolio/meanVariance.ts";
import { estimateMoments, returnsMatrix } from "../../offchain/src/engines/portfolio/stats.ts";
import { table, time } from "./lib/timing.ts";

function syntheticMoments(n: number, seed: number): { mean: number[]; covariance: number[][] } {
  let s = seed;
  const rand = () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647 - 0.5;
  };
  const k = 5;
  const loadings = Array.from({ length: n }, () => Array.from({ length: k }, () => rand() * 0.02));
  const covariance = loadings.map((li, i) =>
    loadings.map((lj, j) => {
      let v = 0;
      for (let f = 0; f < k; f++) v += li[f]! * lj[f]!;
      return v + (i === j ? 1e-4 * (1 + rand()) : 0);
    }),
  );
  const mean = Array.from({ length: n }, () => 2e-4 + rand() * 1e-3);
  return { mean, covariance };
}

const rows: (string | number)[][] = [];
for (const [n, runs] of [
  [20, 500],
  [100, 200],
  [500, 20],
] as const) {
  const m = syntheticMoments(n, 7 + n);
  for (const [label, input] of [
    ["min variance", { ...m }],
    ["risk tolerance 0.05", { ...m, riskTolerance: 0.05 }],
    ["max 5% each, tolerance 0.05", { ...m, riskTolerance: 0.05, maxWeight: 0.05 }],
  ] as const) {
    const result = optimizeMeanVariance(input);
    const held = result.weights.filter((w) => w > 1e-12).length;
    const t = time(() => optimizeMeanVariance(input), runs);
    rows.push([`${n} (synthetic)`, label, held, result.iterations, t.p50, t.p99, result.kktResidual.toExponential(1)]);
  }
}

const csv = readFileSync(new URL("../../offchain/data/eu-stock-markets.csv", import.meta.url), "utf8")
  .trim()
  .split("\n");
const header = csv[0]!.split(",");
const prices: Record<string, number[]> = {};
for (const name of header.slice(2)) prices[name] = [];
for (const line of csv.slice(1)) {
  const cells = line.split(",");
  header.slice(2).forEach((name, i) => prices[name]!.push(Number(cells[i + 2])));
}
const real = estimateMoments(returnsMatrix(prices).returns);
const realInput = { ...real, riskTolerance: 0.05 };
const realResult = optimizeMeanVariance(realInput);
const realTime = time(() => optimizeMeanVariance(realInput), 2000);
rows.push([
  "4 (EuStockMarkets, real)",
  "risk tolerance 0.05",
  realResult.weights.filter((w) => w > 1e-12).length,
  realResult.iterations,
  realTime.p50,
  realTime.p99,
  realResult.kktResidual.toExponential(1),
]);
table(
  "Exact mean–variance optimiser (ms; targets: 100 assets ≤ 5 ms, 500 assets ≤ 200 ms)",
  ["assets", "problem", "assets held", "active-set steps", "p50 ms", "p99 ms", "KKT residual"],
  rows,
);

const m100 = syntheticMoments(100, 107);
const frontier = time(() => efficientFrontier(m100, 20), 20);
table(
  "Efficient frontier, 20 exact points",
  ["assets", "p50 ms", "p99 ms"],
  [["100 (synthetic)", frontier.p50, frontier.p99]],
);
