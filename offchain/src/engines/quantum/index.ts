import { performance } from "node:perf_hooks";

import { EngineInputError } from "../errors.ts";
import { runQaoa, type QaoaResult } from "./qaoa.ts";
import { bruteForce, buildQubo, type BruteForceResult, type Qubo, type QuboInput } from "./qubo.ts";

export {
  MAX_ASSETS,
  buildQubo,
  bruteForce,
  defaultPenalty,
  describeState,
  popcount,
  quboEnergies,
  quboEnergy,
} from "./qubo.ts";
export type { BasisState, BruteForceResult, MatrixRows, Qubo, QuboInput } from "./qubo.ts";
export {
  MAX_QUBITS,
  applyCnot,
  applyDiagonalPhase,
  applyGate,
  applyGates,
  applyH,
  applyMixer,
  applyRx,
  applyRz,
  applyRzz,
  cloneState,
  expectationDiagonal,
  plusState,
  probabilities,
  qaoaState,
  sampleShots,
  zeroState,
} from "./simulator.ts";
export type { Gate, GateKind, ShotCount, StateVector } from "./simulator.ts";
export { circuitFacts, isingForm, qaoaCircuit, rzzSchedule } from "./circuit.ts";
export type { CircuitFacts, IsingForm, QaoaCircuit, ScheduledGate } from "./circuit.ts";
export { gridSearch, nelderMead } from "./optimizer.ts";
export type { GridAxis, MinimisationResult, NelderMeadOptions, Objective } from "./optimizer.ts";
export { interpolateAngles, runQaoa } from "./qaoa.ts";
export type {
  ChosenState,
  LevelTrace,
  QaoaCircuitReport,
  QaoaInput,
  QaoaResult,
  SampledOutcome,
  ShotSummary,
} from "./qaoa.ts";
export { createPrng, mulberry32 } from "../random.ts";
export type { Prng } from "../random.ts";

/** Inputs of {@link selectAssetsQaoa}: the QUBO inputs plus optional names and QAOA settings. */
export interface SelectAssetsQaoaInput extends QuboInput {
  /** Asset names, one per expected return; default "asset0", "asset1", …. */
  readonly assets?: readonly string[];
  /** QAOA layers; default 1. */
  readonly p?: number;
  /** Shots; default 1024. */
  readonly shots?: number;
  /** Shot-sampler seed; default 1. */
  readonly seed?: number;
  /** Nelder–Mead iterations per depth level; default 200. */
  readonly maxIterations?: number;
  /** Points per axis of the p = 1 start grid; default 12. */
  readonly gridPoints?: number;
}

/** Output of {@link selectAssetsQaoa}. */
export interface SelectAssetsQaoaResult {
  /** The assets QAOA selects (its chosen bitstring), in index order. */
  readonly selected: { readonly index: number; readonly asset: string }[];
  readonly qubo: Qubo;
  readonly qaoa: QaoaResult;
  /** Exhaustive classical search over all 2^N selections. */
  readonly classical: BruteForceResult;
  /** Wall-clock milliseconds of one run of each, measured with performance.now(). */
  readonly timings: { readonly qaoaMs: number; readonly classicalMs: number };
  /**
   * classicalMs / qaoaMs as measured on this machine. Both run on the same CPU: the "quantum" side
   * is a classical simulation of QAOA that itself tabulates all 2^N energies, so this is usually
   * well below 1. Reported as measured, never adjusted.
   */
  readonly quantum_speedup: number;
}

/**
 * Chooses K of N assets with QAOA and times it against exhaustive classical search.
 *
 * Builds the QUBO q·x'Σx − (1−q)·μ'x + A·(Σx − K)² ({@link buildQubo}), then measures with
 * performance.now() one call of {@link runQaoa} (energy table, angle optimisation, sampling) and
 * one call of {@link bruteForce} (energy table and scan), and reports
 * quantum_speedup = classicalMs / qaoaMs. This is the only function of the engine that reads a
 * clock; everything except `timings` and `quantum_speedup` is deterministic.
 *
 * @throws EngineInputError from {@link buildQubo} or {@link runQaoa}, or `assets` when the number of
 *   names differs from the number of expected returns.
 */
export function selectAssetsQaoa(input: SelectAssetsQaoaInput): SelectAssetsQaoaResult {
  const qubo = buildQubo(input);
  const names = input.assets ?? Array.from({ length: qubo.n }, (_, i) => `asset${i}`);
  if (names.length !== qubo.n) {
    throw new EngineInputError(
      "assets",
      "length-mismatch",
      `has ${names.length} names but there are ${qubo.n} expected returns.`,
    );
  }

  const qaoaStart = performance.now();
  const qaoa = runQaoa({
    qubo,
    p: input.p ?? 1,
    shots: input.shots ?? 1024,
    seed: input.seed ?? 1,
    maxIterations: input.maxIterations ?? 200,
    gridPoints: input.gridPoints,
  });
  const qaoaMs = performance.now() - qaoaStart;

  const classicalStart = performance.now();
  const classical = bruteForce(qubo);
  const classicalMs = performance.now() - classicalStart;

  return {
    selected: qaoa.chosen.selected.map((index) => ({ index, asset: names[index]! })),
    qubo,
    qaoa,
    classical,
    timings: { qaoaMs, classicalMs },
    quantum_speedup: classicalMs / qaoaMs,
  };
}
