import { EngineInputError } from "../errors.ts";
import type { Qubo } from "./qubo.ts";
import type { Gate } from "./simulator.ts";

/**
 * The cost C(x)/scale rewritten in spin variables zᵢ = 1 − 2xᵢ (the eigenvalue of Zᵢ on |xᵢ⟩):
 *
 *   C/scale = offset + Σᵢ fields[i]·zᵢ + Σ_{i<j} couplings[i·N + j]·zᵢzⱼ.
 */
export interface IsingForm {
  readonly n: number;
  readonly offset: number;
  readonly fields: Float64Array;
  /** Symmetric N×N row-major, zero diagonal; each unordered pair counts once. */
  readonly couplings: Float64Array;
}

/** A gate placed in a circuit layer (gates of one layer act on disjoint qubits). */
export interface ScheduledGate extends Gate {
  readonly layer: number;
}

/** Size facts of the QAOA circuit as a gate-model device would run it. */
export interface CircuitFacts {
  /** Qubits: one per asset. */
  readonly qubits: number;
  /** p: QAOA layers. */
  readonly layers: number;
  /** Non-zero couplings Jᵢⱼ, i.e. RZZ gates per QAOA layer. */
  readonly couplings: number;
  /** L: layers of pairwise-disjoint RZZ gates one phase separator needs (an edge colouring of the coupling graph). */
  readonly rzzLayersPerQaoaLayer: number;
  /** depth = 1 + p·(L + 2). */
  readonly depth: number;
  /** gates = N + p·(couplings + 2N). */
  readonly gates: number;
  readonly gateCounts: { readonly h: number; readonly rzz: number; readonly rz: number; readonly rx: number };
  /** The depth formula in words. */
  readonly depthFormula: string;
}

/** A gate-level QAOA circuit with its facts. */
export interface QaoaCircuit {
  readonly gates: ScheduledGate[];
  readonly facts: CircuitFacts;
  /** C/scale's constant term: the gate circuit equals the diagonal evolution times e^(−i·Σ_l γ_l·offset). */
  readonly offset: number;
}

/**
 * Rewrites the QUBO in spin form, divided by `qubo.scale`. With xᵢ = (1 − zᵢ)/2 and
 * xᵢxⱼ = (1 − zᵢ − zⱼ + zᵢzⱼ)/4:
 *
 *   offset = (c + Σᵢ hᵢ/2 + Σ_{i<j} Jᵢⱼ/4) / scale
 *   fieldᵢ = (−hᵢ/2 − Σ_{j≠i} Jᵢⱼ/4) / scale
 *   couplingᵢⱼ = Jᵢⱼ / (4·scale).
 */
export function isingForm(qubo: Qubo): IsingForm {
  const n = qubo.n;
  const s = qubo.scale;
  const fields = new Float64Array(n);
  const couplings = new Float64Array(n * n);
  let offset = qubo.constant;
  for (let i = 0; i < n; i++) {
    offset += qubo.linear[i]! / 2;
    let field = -qubo.linear[i]! / 2;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const coupling = qubo.quadratic[i * n + j]!;
      field -= coupling / 4;
      couplings[i * n + j] = coupling / (4 * s);
      if (j > i) offset += coupling / 4;
    }
    fields[i] = field / s;
  }
  return { n, offset: offset / s, fields, couplings };
}

/**
 * All pairs {i, j} of n vertices ordered by the round-robin ("circle method") tournament
 * schedule: n − 1 rounds (n even) or n rounds (n odd, one vertex rests per round), each a set of
 * disjoint pairs.
 */
function roundRobinPairs(n: number): [number, number][] {
  const players = n % 2 === 0 ? n : n + 1; // an odd n gets a dummy player `n`
  const rotating = players - 1;
  const pairs: [number, number][] = [];
  for (let round = 0; round < rotating; round++) {
    const candidates: [number, number][] = [[round, rotating]];
    for (let m = 1; m < players / 2; m++) {
      candidates.push([(round + m) % rotating, (round - m + rotating) % rotating]);
    }
    for (const [a, b] of candidates) {
      if (a >= n || b >= n) continue;
      pairs.push(a < b ? [a, b] : [b, a]);
    }
  }
  return pairs;
}

/**
 * Splits the coupling graph's edges (pairs with a non-zero coupling) into layers of disjoint
 * pairs: greedy edge colouring with the edges visited in round-robin order. For the complete
 * graph, which the cardinality penalty produces, this reproduces the round-robin schedule and is
 * optimal: N − 1 layers for even N, N for odd N (the chromatic index of K_N). For sparser graphs it
 * never needs more layers than the round-robin schedule.
 */
export function rzzSchedule(couplings: Float64Array, n: number): [number, number][][] {
  const colourOfVertex: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const layers: [number, number][][] = [];
  for (const [a, b] of roundRobinPairs(n)) {
    if (couplings[a * n + b] === 0) continue;
    let colour = 0;
    while (colourOfVertex[a]!.has(colour) || colourOfVertex[b]!.has(colour)) colour++;
    colourOfVertex[a]!.add(colour);
    colourOfVertex[b]!.add(colour);
    while (layers.length <= colour) layers.push([]);
    layers[colour]!.push([a, b]);
  }
  return layers;
}

function countCouplings(couplings: Float64Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (couplings[i * n + j] !== 0) count++;
    }
  }
  return count;
}

function checkLayers(p: number): void {
  if (!Number.isInteger(p) || p < 1) {
    throw new EngineInputError("p", "out-of-range", `must be a positive integer, got ${String(p)}.`);
  }
}

/**
 * Facts of the p-layer QAOA circuit for this QUBO, counted as a gate-model device would run it:
 * one layer of N Hadamards, then per QAOA layer the phase separator — L layers of RZZ gates
 * (one per non-zero coupling, disjoint pairs per layer, L from {@link rzzSchedule}) and one layer
 * of N RZ gates for the fields — and one mixer layer of N RX gates:
 *
 *   depth = 1 + p·(L + 2),   gates = N + p·(couplings + 2N).
 */
export function circuitFacts(qubo: Qubo, p: number): CircuitFacts {
  checkLayers(p);
  const n = qubo.n;
  const ising = isingForm(qubo);
  const couplings = countCouplings(ising.couplings, n);
  const rzzLayers = rzzSchedule(ising.couplings, n).length;
  return {
    qubits: n,
    layers: p,
    couplings,
    rzzLayersPerQaoaLayer: rzzLayers,
    depth: 1 + p * (rzzLayers + 2),
    gates: n + p * (couplings + 2 * n),
    gateCounts: { h: n, rzz: p * couplings, rz: p * n, rx: p * n },
    depthFormula: "1 (H) + p·(L RZZ layers + 1 RZ layer + 1 RX layer)",
  };
}

/**
 * The QAOA circuit as explicit gates, for gate-by-gate simulation and cross-checks:
 * H on every qubit, then for each layer l
 *
 *   exp(−iγ_l·C/scale) = e^(−iγ_l·offset)·Π_{i<j} RZZᵢⱼ(2γ_l·couplingᵢⱼ)·Πᵢ RZᵢ(2γ_l·fieldᵢ)
 *
 * (RZ(θ) = e^(−iθZ/2), RZZ(θ) = e^(−iθZZ/2); all factors commute) followed by the mixer
 * exp(−iβ_l·ΣX) = Πᵢ RXᵢ(2β_l). The global phase e^(−iγ_l·offset) is dropped.
 */
export function qaoaCircuit(qubo: Qubo, gammas: readonly number[], betas: readonly number[]): QaoaCircuit {
  checkLayers(gammas.length);
  if (betas.length !== gammas.length) {
    throw new EngineInputError(
      "betas",
      "length-mismatch",
      `has ${betas.length} values but gammas has ${gammas.length}; each layer needs one of each.`,
    );
  }
  const n = qubo.n;
  const ising = isingForm(qubo);
  const schedule = rzzSchedule(ising.couplings, n);
  const gates: ScheduledGate[] = [];
  for (let q = 0; q < n; q++) gates.push({ kind: "h", qubits: [q], angle: 0, layer: 0 });
  let layer = 1;
  for (let l = 0; l < gammas.length; l++) {
    const gamma = gammas[l]!;
    for (const pairs of schedule) {
      for (const [a, b] of pairs) {
        gates.push({ kind: "rzz", qubits: [a, b], angle: 2 * gamma * ising.couplings[a * n + b]!, layer });
      }
      layer++;
    }
    for (let q = 0; q < n; q++) gates.push({ kind: "rz", qubits: [q], angle: 2 * gamma * ising.fields[q]!, layer });
    layer++;
    for (let q = 0; q < n; q++) gates.push({ kind: "rx", qubits: [q], angle: 2 * betas[l]!, layer });
    layer++;
  }
  return { gates, facts: circuitFacts(qubo, gammas.length), offset: ising.offset };
}
