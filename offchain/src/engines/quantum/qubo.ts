import { EngineInputError, assertFinite } from "../errors.ts";

/** The largest number of assets (= qubits) the exhaustive engines accept: 2^24 states. */
export const MAX_ASSETS = 24;

/** A square matrix given as plain rows or typed-array rows. */
export type MatrixRows = readonly (readonly number[])[] | readonly Float64Array[];

/** Inputs of the K-of-N selection problem. */
export interface QuboInput {
  /** μ: expected return of each asset (any period, as long as Σ uses the same one). */
  readonly expectedReturns: ArrayLike<number>;
  /** Σ: covariance of the assets' returns, N rows of N values. */
  readonly covariance: MatrixRows;
  /** K: how many assets to select, 1 ≤ K ≤ N. */
  readonly k: number;
  /** q ∈ [0, 1]: weight of risk (q = 1 minimises variance only, q = 0 maximises return only). */
  readonly riskWeight: number;
  /** A ≥ 0: weight of the cardinality penalty; default {@link defaultPenalty}. */
  readonly penalty?: number;
}

/**
 * A QUBO over x ∈ {0,1}^N written as
 *
 *   E(x) = constant + Σᵢ linear[i]·xᵢ + Σ_{i<j} quadratic[i·N + j]·xᵢ·xⱼ.
 *
 * `quadratic` is stored symmetric (entry (i, j) equals entry (j, i)) with a zero diagonal; each
 * unordered pair counts once in E. Treat the arrays as read-only.
 */
export interface Qubo {
  /** N: number of binary variables (assets, qubits). */
  readonly n: number;
  /** K: the cardinality the penalty enforces. */
  readonly k: number;
  /** q: the risk weight used to build the QUBO. */
  readonly riskWeight: number;
  /** A: the cardinality penalty weight used to build the QUBO. */
  readonly penalty: number;
  /** hᵢ: coefficient of xᵢ. */
  readonly linear: Float64Array;
  /** Jᵢⱼ: coefficient of xᵢxⱼ (i < j), stored symmetric in an N×N row-major array. */
  readonly quadratic: Float64Array;
  /** The constant term (A·K²). */
  readonly constant: number;
  /**
   * The largest absolute coefficient max(|hᵢ|, |Jᵢⱼ|), or 1 when all are zero. QAOA applies its
   * angles to E/scale so that the same angle grid suits problems of any units.
   */
  readonly scale: number;
}

/** One basis state described for people: bit i of `index` is asset i. */
export interface BasisState {
  /** The basis-state index: Σᵢ xᵢ·2^i. */
  readonly index: number;
  /** xᵢ for i = 0..N−1 as a string, asset 0 first (so it reads as the reverse of `index` in binary). */
  readonly bitstring: string;
  /** The indices i with xᵢ = 1, ascending. */
  readonly selected: number[];
  /** E(x). */
  readonly energy: number;
}

/** Result of exhaustive search over all 2^N states. */
export interface BruteForceResult {
  /** The lowest-energy state (the lowest index among ties). */
  readonly optimum: BasisState;
  /** The lowest-energy state with exactly K ones (equal to `optimum` whenever the penalty is large enough). */
  readonly feasibleOptimum: BasisState;
  /** E_min: the minimum of E over all 2^N states. */
  readonly minEnergy: number;
  /** E_max: the maximum of E over all 2^N states. */
  readonly maxEnergy: number;
}

/** Number of ones in the binary representation of a non-negative 32-bit integer. */
export function popcount(value: number): number {
  let v = value >>> 0;
  let count = 0;
  while (v !== 0) {
    v &= v - 1;
    count++;
  }
  return count;
}

/**
 * Describes basis state `index` of an N-variable problem: its bits (asset 0 first), the selected
 * assets and the given energy.
 */
export function describeState(n: number, index: number, energy: number): BasisState {
  let bitstring = "";
  const selected: number[] = [];
  for (let i = 0; i < n; i++) {
    const bit = (index >>> i) & 1;
    bitstring += bit === 1 ? "1" : "0";
    if (bit === 1) selected.push(i);
  }
  return { index, bitstring, selected, energy };
}

function matrixEntry(matrix: MatrixRows, i: number, j: number): number {
  return matrix[i]![j]!;
}

/**
 * A penalty weight large enough that no state with a cardinality other than K can be a minimum.
 *
 * Let g(x) = q·x'Σx − (1−q)·μ'x. Flipping bit i changes g by at most
 *
 *   Bᵢ = q·(|Σᵢᵢ| + Σ_{j≠i} (|Σᵢⱼ| + |Σⱼᵢ|)) + (1−q)·|μᵢ|,
 *
 * while moving the cardinality |x| one step towards K lowers A·(|x|−K)² by A·(2·||x|−K| − 1) ≥ A.
 * With A > B = maxᵢ Bᵢ every infeasible state therefore has a neighbour with strictly lower energy
 * (flip a one to zero if |x| > K, a zero to one if |x| < K), so all minima have exactly K ones.
 * The default is A = 2·B (or 1 when B = 0, that is when μ and Σ are zero).
 */
export function defaultPenalty(expectedReturns: ArrayLike<number>, covariance: MatrixRows, riskWeight: number): number {
  const n = expectedReturns.length;
  let bound = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = Math.abs(matrixEntry(covariance, i, i));
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      rowSum += Math.abs(matrixEntry(covariance, i, j)) + Math.abs(matrixEntry(covariance, j, i));
    }
    const flipBound = riskWeight * rowSum + (1 - riskWeight) * Math.abs(expectedReturns[i]!);
    bound = Math.max(bound, flipBound);
  }
  return bound > 0 ? 2 * bound : 1;
}

function validateQuboInput(input: QuboInput): void {
  const mu = input.expectedReturns;
  const n = mu.length;
  if (n < 1) {
    throw new EngineInputError("expectedReturns", "empty", "needs at least one asset.");
  }
  if (n > MAX_ASSETS) {
    throw new EngineInputError(
      "expectedReturns",
      "too-large",
      `has ${n} assets; exhaustive QUBO evaluation supports at most ${MAX_ASSETS} (2^${MAX_ASSETS} states).`,
    );
  }
  assertFinite("expectedReturns", mu);
  const sigma = input.covariance;
  if (sigma.length !== n) {
    throw new EngineInputError(
      "covariance",
      "length-mismatch",
      `has ${sigma.length} rows but there are ${n} expected returns; it must be ${n}×${n}.`,
    );
  }
  for (let i = 0; i < n; i++) {
    const row = sigma[i]!;
    if (row.length !== n) {
      throw new EngineInputError(
        `covariance[${i}]`,
        "length-mismatch",
        `has ${row.length} columns but the covariance must be square (${n}×${n}).`,
      );
    }
    assertFinite(`covariance[${i}]`, row);
  }
  const k = input.k;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new EngineInputError("k", "out-of-range", `must be an integer between 1 and ${n}, got ${String(k)}.`);
  }
  const q = input.riskWeight;
  if (!Number.isFinite(q)) {
    throw new EngineInputError("riskWeight", "not-finite", `must be a finite number, got ${String(q)}.`);
  }
  if (q < 0 || q > 1) {
    throw new EngineInputError("riskWeight", "out-of-range", `must be between 0 and 1, got ${q}.`);
  }
  if (input.penalty !== undefined) {
    if (!Number.isFinite(input.penalty)) {
      throw new EngineInputError("penalty", "not-finite", `must be a finite number, got ${String(input.penalty)}.`);
    }
    if (input.penalty < 0) {
      throw new EngineInputError("penalty", "out-of-range", `must be at least 0, got ${input.penalty}.`);
    }
  }
}

/**
 * Builds the QUBO of choosing K of N assets:
 *
 *   minimise  q·x'Σx − (1−q)·μ'x + A·(Σᵢxᵢ − K)²   over x ∈ {0,1}^N.
 *
 * Using xᵢ² = xᵢ the terms expand to
 *
 *   hᵢ  = q·Σᵢᵢ − (1−q)·μᵢ + A·(1 − 2K)
 *   Jᵢⱼ = q·(Σᵢⱼ + Σⱼᵢ) + 2A           (i < j)
 *   c   = A·K²
 *
 * which is exact for any square Σ (symmetric or not). A defaults to {@link defaultPenalty}.
 *
 * @throws EngineInputError naming the field: `expectedReturns` (empty, more than 24 assets, or a
 *   non-finite value at `expectedReturns[i]`), `covariance` / `covariance[i]` (wrong size or
 *   non-finite), `k` (not an integer in [1, N]), `riskWeight` (outside [0, 1]), `penalty` (negative).
 */
export function buildQubo(input: QuboInput): Qubo {
  validateQuboInput(input);
  const mu = input.expectedReturns;
  const sigma = input.covariance;
  const n = mu.length;
  const k = input.k;
  const q = input.riskWeight;
  const penalty = input.penalty ?? defaultPenalty(mu, sigma, q);

  const linear = new Float64Array(n);
  const quadratic = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    linear[i] = q * matrixEntry(sigma, i, i) - (1 - q) * mu[i]! + penalty * (1 - 2 * k);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const coupling = q * (matrixEntry(sigma, i, j) + matrixEntry(sigma, j, i)) + 2 * penalty;
      quadratic[i * n + j] = coupling;
      quadratic[j * n + i] = coupling;
    }
  }

  let scale = 0;
  for (let i = 0; i < n; i++) {
    scale = Math.max(scale, Math.abs(linear[i]!));
    for (let j = i + 1; j < n; j++) {
      scale = Math.max(scale, Math.abs(quadratic[i * n + j]!));
    }
  }
  if (scale === 0) scale = 1;

  return { n, k, riskWeight: q, penalty, linear, quadratic, constant: penalty * k * k, scale };
}

/**
 * E(x) of one basis state evaluated term by term from the QUBO coefficients in O(N²):
 * c + Σᵢ hᵢxᵢ + Σ_{i<j} Jᵢⱼxᵢxⱼ with xᵢ = bit i of `index`.
 */
export function quboEnergy(qubo: Qubo, index: number): number {
  const n = qubo.n;
  let energy = qubo.constant;
  for (let i = 0; i < n; i++) {
    if (((index >>> i) & 1) === 0) continue;
    energy += qubo.linear[i]!;
    for (let j = i + 1; j < n; j++) {
      if (((index >>> j) & 1) === 1) energy += qubo.quadratic[i * n + j]!;
    }
  }
  return energy;
}

/**
 * The cost E(x) of every basis state x = 0 .. 2^N − 1 (bit i of the index is xᵢ), in O(2^N) time
 * and no memory besides the result.
 *
 * The states with highest set bit b form the block [2^b, 2^(b+1)); the state 2^b + ℓ (ℓ < 2^b)
 * costs
 *
 *   E(2^b + ℓ) = E(ℓ) + h_b + S_b(ℓ),   S_b(ℓ) = Σ_{j<b} J_bj·ℓⱼ.
 *
 * S_b itself obeys S_b(ℓ) = S_b(ℓ − 2^t) + J_bt where t is the highest set bit of ℓ, so each
 * block takes two linear passes: the first writes S_b into the block, the second adds E(ℓ) + h_b.
 * Summed over all blocks that is 2·2^N additions.
 */
export function quboEnergies(qubo: Qubo): Float64Array {
  const n = qubo.n;
  const size = 2 ** n;
  const energies = new Float64Array(size);
  energies[0] = qubo.constant;
  for (let b = 0; b < n; b++) {
    const blockStart = 1 << b;
    const row = b * n;
    // Pass 1: energies[blockStart + ℓ] ← S_b(ℓ).
    energies[blockStart] = 0;
    let highBit = 0;
    for (let low = 1; low < blockStart; low++) {
      if (low === 2 << highBit) highBit++;
      const previous = energies[blockStart + low - (1 << highBit)]!;
      energies[blockStart + low] = previous + qubo.quadratic[row + highBit]!;
    }
    // Pass 2: energies[blockStart + ℓ] ← E(ℓ) + h_b + S_b(ℓ).
    const field = qubo.linear[b]!;
    for (let low = 0; low < blockStart; low++) {
      energies[blockStart + low] = energies[blockStart + low]! + energies[low]! + field;
    }
  }
  return energies;
}

/**
 * Exhaustive search: scans E over all 2^N states (computing them with {@link quboEnergies} unless
 * given) and returns the minimum-energy state, the minimum-energy state with exactly K ones, and
 * E_min, E_max. Ties go to the lowest index, so the answer is deterministic.
 */
export function bruteForce(qubo: Qubo, energies: Float64Array = quboEnergies(qubo)): BruteForceResult {
  let minIndex = 0;
  let maxEnergy = -Infinity;
  let feasibleIndex = -1;
  let feasibleEnergy = Infinity;
  for (let index = 0; index < energies.length; index++) {
    const energy = energies[index]!;
    if (energy < energies[minIndex]!) minIndex = index;
    if (energy > maxEnergy) maxEnergy = energy;
    if (energy < feasibleEnergy && popcount(index) === qubo.k) {
      feasibleEnergy = energy;
      feasibleIndex = index;
    }
  }
  const minEnergy = energies[minIndex]!;
  return {
    optimum: describeState(qubo.n, minIndex, minEnergy),
    feasibleOptimum: describeState(qubo.n, feasibleIndex, feasibleEnergy),
    minEnergy,
    maxEnergy,
  };
}
