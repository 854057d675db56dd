import { EngineInputError } from "../errors.ts";
import { circuitFacts, type CircuitFacts } from "./circuit.ts";
import { gridSearch, nelderMead } from "./optimizer.ts";
import { MAX_ASSETS, bruteForce, describeState, popcount, quboEnergies, type BasisState, type Qubo } from "./qubo.ts";
import { expectationDiagonal, probabilities, qaoaState, sampleShots } from "./simulator.ts";

/** Inputs of {@link runQaoa}. */
export interface QaoaInput {
  readonly qubo: Qubo;
  /** p: number of QAOA layers, 1 ≤ p ≤ 16. */
  readonly p: number;
  /** Measurement shots drawn from the final state (0 allowed: then the most probable feasible state is chosen). */
  readonly shots: number;
  /** Seed of the shot sampler (an unsigned 32-bit integer). */
  readonly seed: number;
  /** Nelder–Mead iteration budget per depth level (the run optimises p = 1, 2, …, p in turn). */
  readonly maxIterations: number;
  /** Points per axis of the p = 1 start grid over γ ∈ [0, π], β ∈ [0, π); default 12. */
  readonly gridPoints?: number;
  /** How many of the most frequent outcomes the shot summary lists; default 8. */
  readonly topOutcomes?: number;
}

/** One frequent outcome of the sampled shots. */
export interface SampledOutcome extends BasisState {
  readonly count: number;
  readonly feasible: boolean;
}

/** Summary of the sampled measurement histogram. */
export interface ShotSummary {
  readonly shots: number;
  readonly seed: number;
  readonly distinctOutcomes: number;
  /** Shots whose bitstring has exactly K ones. */
  readonly feasibleShots: number;
  /** The most frequent outcomes, by count (descending) then index. */
  readonly top: SampledOutcome[];
}

/** The bitstring QAOA proposes. */
export interface ChosenState extends BasisState {
  /** "best-feasible-shot": lowest-energy sampled outcome with K ones; otherwise the most probable state with K ones. */
  readonly source: "best-feasible-shot" | "most-probable-feasible-state";
  /** Its probability |ψₖ|² in the final state. */
  readonly probability: number;
}

/** Optimisation of one depth level. */
export interface LevelTrace {
  readonly p: number;
  /** Best ⟨C⟩/scale found at this level. */
  readonly value: number;
  readonly evaluations: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** The circuit's size facts plus how often it was run. */
export interface QaoaCircuitReport extends CircuitFacts {
  /** Measurement shots of the final circuit. */
  readonly shots: number;
  /** Objective evaluations during angle optimisation (each one simulates the whole circuit). */
  readonly objectiveEvaluations: number;
}

/** Output of {@link runQaoa}. Deterministic: the same input gives a deep-equal result. */
export interface QaoaResult {
  /** γ_l (applied to C/scale, so the angle on C itself is γ_l/costScale) and β_l. */
  readonly parameters: { readonly gammas: number[]; readonly betas: number[] };
  /** The QUBO's scale (largest absolute coefficient) that the γ_l are relative to. */
  readonly costScale: number;
  /** ⟨γ,β|C|γ,β⟩ in QUBO units. */
  readonly expectation: number;
  /** Σₖ|ψₖ|² of the final state (1 up to rounding). */
  readonly probabilitySum: number;
  /** Probability of measuring a state with exactly K ones. */
  readonly feasibleProbability: number;
  /** Probability of measuring the brute-force optimum. */
  readonly optimumProbability: number;
  /** (E_max − ⟨C⟩)/(E_max − E_min): 1 for the optimum, 0 for the worst state (1 if E is constant). */
  readonly approximationRatio: number;
  readonly energyRange: { readonly min: number; readonly max: number };
  /** The exhaustive-search optimum. */
  readonly optimum: BasisState;
  readonly chosen: ChosenState;
  /** Whether `chosen` is the brute-force optimum. */
  readonly optimumFound: boolean;
  readonly shots: ShotSummary;
  readonly circuit: QaoaCircuitReport;
  readonly optimizer: {
    readonly method: string;
    /** Objective evaluations (each one a full state-vector simulation) over all levels. */
    readonly evaluations: number;
    readonly levels: LevelTrace[];
  };
}

/** Upper end of the γ grid: angles on C/scale, whose coefficients are at most 1 in magnitude. */
const GAMMA_GRID_MAX = Math.PI;
/** β has period π: exp(−i(β+π)ΣX) = (−1)^N·exp(−iβΣX), the same state up to a global phase. */
const BETA_GRID_MAX = Math.PI;
const MAX_LAYERS = 16;
const MAX_SHOTS = 10_000_000;

function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineInputError(
      field,
      "out-of-range",
      `must be an integer between ${min} and ${max}, got ${String(value)}.`,
    );
  }
}

/**
 * INTERP initialisation (Zhou et al., PRX 10, 021067, 2020): from optimal angles of depth p, the
 * start for depth p + 1 is the piecewise-linear resampling
 *
 *   x'_i = ((i − 1)/p)·x_{i−1} + ((p − i + 1)/p)·x_i,   i = 1..p+1,  with x_0 = x_{p+1} = 0.
 */
export function interpolateAngles(angles: readonly number[]): number[] {
  const p = angles.length;
  const next: number[] = [];
  for (let i = 1; i <= p + 1; i++) {
    const previous = i - 1 >= 1 ? angles[i - 2]! : 0;
    const current = i <= p ? angles[i - 1]! : 0;
    next.push(((i - 1) / p) * previous + ((p - i + 1) / p) * current);
  }
  return next;
}

/**
 * QAOA for the QUBO on our state-vector simulator.
 *
 * The state is |γ,β⟩ = Π_l exp(−iβ_l·ΣX)·exp(−iγ_l·C/scale)·|+⟩^⊗N with C the diagonal cost
 * (every basis energy from {@link quboEnergies}). The angles minimise F(γ,β) = ⟨γ,β|C|γ,β⟩/scale:
 *
 * 1. p = 1: a grid over γ ∈ [0, π], β ∈ [0, π) (F(−γ,−β) = F(γ,β) because C is real, so γ ≥ 0
 *    loses nothing; β has period π), then Nelder–Mead from the best grid point with the grid
 *    spacing as initial step.
 * 2. p = 2 … p: Nelder–Mead from the INTERP extension of the previous level's angles.
 *
 * Then the final state is sampled `shots` times with the seeded generator; the proposed bitstring
 * is the lowest-energy sampled outcome with exactly K ones, or, if no shot has K ones, the most
 * probable such state. Exhaustive search over the same energies gives E_min, E_max and the optimum
 * to score the run. Everything is deterministic.
 */
export function runQaoa(input: QaoaInput): QaoaResult {
  const { qubo, p, shots, seed, maxIterations } = input;
  if (qubo.n > MAX_ASSETS) {
    throw new EngineInputError("qubo.n", "too-large", `must be at most ${MAX_ASSETS}, got ${qubo.n}.`);
  }
  requireInteger("qubo.n", qubo.n, 1, MAX_ASSETS);
  requireInteger("p", p, 1, MAX_LAYERS);
  requireInteger("shots", shots, 0, MAX_SHOTS);
  requireInteger("seed", seed, 0, 0xffffffff);
  requireInteger("maxIterations", maxIterations, 0, 1_000_000);
  const gridPoints = input.gridPoints ?? 12;
  requireInteger("gridPoints", gridPoints, 1, 256);
  const topOutcomes = input.topOutcomes ?? 8;
  requireInteger("topOutcomes", topOutcomes, 0, 1024);

  const energies = quboEnergies(qubo);
  const exact = bruteForce(qubo, energies);
  const scale = qubo.scale;

  const objective = (x: readonly number[]): number => {
    const layers = x.length / 2;
    const state = qaoaState(energies, x.slice(0, layers), x.slice(layers), scale);
    return expectationDiagonal(state, energies) / scale;
  };

  // Level 1: grid, then Nelder–Mead. Parameters are packed as [γ_1..γ_p, β_1..β_p].
  const levels: LevelTrace[] = [];
  let evaluations = 0;
  const grid = gridSearch(objective, [
    { min: 0, max: GAMMA_GRID_MAX, points: gridPoints },
    { min: 0, max: BETA_GRID_MAX, points: gridPoints },
  ]);
  evaluations += grid.evaluations;
  let level = nelderMead(objective, grid.x, {
    maxIterations,
    initialStep: [GAMMA_GRID_MAX / gridPoints, BETA_GRID_MAX / gridPoints],
  });
  evaluations += level.evaluations;
  levels.push({
    p: 1,
    value: level.value,
    evaluations: grid.evaluations + level.evaluations,
    iterations: level.iterations,
    converged: level.converged,
  });
  for (let depth = 2; depth <= p; depth++) {
    const previous = depth - 1;
    const gammas = interpolateAngles(level.x.slice(0, previous));
    const betas = interpolateAngles(level.x.slice(previous));
    const start = [...gammas, ...betas];
    level = nelderMead(objective, start, { maxIterations, initialStep: 0.1 });
    evaluations += level.evaluations;
    levels.push({
      p: depth,
      value: level.value,
      evaluations: level.evaluations,
      iterations: level.iterations,
      converged: level.converged,
    });
  }

  const gammas = level.x.slice(0, p);
  const betas = level.x.slice(p);
  const state = qaoaState(energies, gammas, betas, scale);
  const probs = probabilities(state);
  const expectation = expectationDiagonal(state, energies);

  // Neumaier-compensated sum, so that rounding over 2^N terms does not blur the normalisation check.
  let probabilitySum = 0;
  let compensation = 0;
  let feasibleProbability = 0;
  let mostProbableFeasible = -1;
  for (let index = 0; index < probs.length; index++) {
    const probability = probs[index]!;
    const sum = probabilitySum + probability;
    if (Math.abs(probabilitySum) >= probability) compensation += probabilitySum - sum + probability;
    else compensation += probability - sum + probabilitySum;
    probabilitySum = sum;
    if (popcount(index) !== qubo.k) continue;
    feasibleProbability += probability;
    if (mostProbableFeasible < 0 || probability > probs[mostProbableFeasible]!) mostProbableFeasible = index;
  }

  probabilitySum += compensation;

  const histogram = sampleShots(probs, shots, seed);
  let feasibleShots = 0;
  let bestShot = -1;
  for (const { index, count } of histogram) {
    if (popcount(index) !== qubo.k) continue;
    feasibleShots += count;
    if (bestShot < 0 || energies[index]! < energies[bestShot]!) bestShot = index;
  }
  const byFrequency = [...histogram].sort((a, b) => b.count - a.count || a.index - b.index);
  const top = byFrequency.slice(0, topOutcomes).map(({ index, count }) => ({
    ...describeState(qubo.n, index, energies[index]!),
    count,
    feasible: popcount(index) === qubo.k,
  }));

  const chosenIndex = bestShot >= 0 ? bestShot : mostProbableFeasible;
  const chosen: ChosenState = {
    ...describeState(qubo.n, chosenIndex, energies[chosenIndex]!),
    source: bestShot >= 0 ? "best-feasible-shot" : "most-probable-feasible-state",
    probability: probs[chosenIndex]!,
  };

  const spread = exact.maxEnergy - exact.minEnergy;
  const approximationRatio = spread > 0 ? (exact.maxEnergy - expectation) / spread : 1;

  return {
    parameters: { gammas, betas },
    costScale: scale,
    expectation,
    probabilitySum,
    feasibleProbability,
    optimumProbability: probs[exact.optimum.index]!,
    approximationRatio,
    energyRange: { min: exact.minEnergy, max: exact.maxEnergy },
    optimum: exact.optimum,
    chosen,
    optimumFound: chosenIndex === exact.optimum.index,
    shots: { shots, seed, distinctOutcomes: histogram.length, feasibleShots, top },
    circuit: { ...circuitFacts(qubo, p), shots, objectiveEvaluations: evaluations },
    optimizer: { method: "grid (p = 1) + INTERP + Nelder–Mead", evaluations, levels },
  };
}
