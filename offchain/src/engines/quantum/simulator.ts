import { EngineInputError } from "../errors.ts";
import { createPrng } from "../random.ts";

/** The largest register the simulator allocates: 2^24 amplitudes (2 × 128 MiB). */
export const MAX_QUBITS = 24;

/**
 * An n-qubit pure state |ψ⟩ = Σₖ (re[k] + i·im[k])·|k⟩ over the 2^n computational basis states.
 * Bit q of k is the value of qubit q (qubit 0 is the least significant bit), the same order as the
 * QUBO's bit i = asset i. Gate functions update the arrays in place.
 */
export interface StateVector {
  readonly qubits: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Gates of the generic gate-by-gate path (used to cross-check the fast QAOA path). */
export type GateKind = "h" | "rx" | "rz" | "rzz" | "cnot";

/**
 * One gate. `qubits` is [target] for one-qubit gates, [a, b] for RZZ and [control, target] for
 * CNOT; `angle` is θ of RX/RZ/RZZ and 0 for H and CNOT.
 */
export interface Gate {
  readonly kind: GateKind;
  readonly qubits: readonly number[];
  readonly angle: number;
}

/** One outcome of a sampled histogram. */
export interface ShotCount {
  readonly index: number;
  readonly count: number;
}

function checkQubitCount(qubits: number): void {
  if (!Number.isInteger(qubits) || qubits < 1) {
    throw new EngineInputError("qubits", "out-of-range", `must be a positive integer, got ${String(qubits)}.`);
  }
  if (qubits > MAX_QUBITS) {
    throw new EngineInputError("qubits", "too-large", `must be at most ${MAX_QUBITS}, got ${qubits}.`);
  }
}

function checkQubit(state: StateVector, qubit: number, field = "qubit"): void {
  if (!Number.isInteger(qubit) || qubit < 0 || qubit >= state.qubits) {
    throw new EngineInputError(
      field,
      "out-of-range",
      `must be an integer between 0 and ${state.qubits - 1}, got ${String(qubit)}.`,
    );
  }
}

/** |0…0⟩: amplitude 1 on basis state 0. */
export function zeroState(qubits: number): StateVector {
  checkQubitCount(qubits);
  const size = 2 ** qubits;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re[0] = 1;
  return { qubits, re, im };
}

/** |+⟩^⊗n = H^⊗n|0…0⟩: every one of the 2^n amplitudes equals 2^(−n/2). */
export function plusState(qubits: number): StateVector {
  checkQubitCount(qubits);
  const size = 2 ** qubits;
  const re = new Float64Array(size).fill(1 / Math.sqrt(size));
  const im = new Float64Array(size);
  return { qubits, re, im };
}

/** An independent copy of a state. */
export function cloneState(state: StateVector): StateVector {
  return { qubits: state.qubits, re: state.re.slice(), im: state.im.slice() };
}

/**
 * Hadamard on `qubit`: H = (1/√2)·[[1, 1], [1, −1]], so for each pair (a = ψ_{k}, b = ψ_{k+2^q})
 * with bit q of k clear: a ← (a + b)/√2, b ← (a − b)/√2. In place.
 */
export function applyH(state: StateVector, qubit: number): void {
  checkQubit(state, qubit);
  const { re, im } = state;
  const stride = 1 << qubit;
  const norm = Math.SQRT1_2;
  for (let base = 0; base < re.length; base += 2 * stride) {
    for (let k = base; k < base + stride; k++) {
      const partner = k + stride;
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[partner]!;
      const bi = im[partner]!;
      re[k] = (ar + br) * norm;
      im[k] = (ai + bi) * norm;
      re[partner] = (ar - br) * norm;
      im[partner] = (ai - bi) * norm;
    }
  }
}

/**
 * RX(θ) = exp(−iθX/2) = [[cos(θ/2), −i·sin(θ/2)], [−i·sin(θ/2), cos(θ/2)]] on `qubit`. With
 * c = cos(θ/2), s = sin(θ/2): a ← c·a − i·s·b, b ← −i·s·a + c·b. In place.
 */
export function applyRx(state: StateVector, qubit: number, theta: number): void {
  checkQubit(state, qubit);
  rotateX(state, qubit, Math.cos(theta / 2), Math.sin(theta / 2));
}

function rotateX(state: StateVector, qubit: number, c: number, s: number): void {
  const { re, im } = state;
  const stride = 1 << qubit;
  for (let base = 0; base < re.length; base += 2 * stride) {
    for (let k = base; k < base + stride; k++) {
      const partner = k + stride;
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[partner]!;
      const bi = im[partner]!;
      // −i·s·(x + iy) = s·y − i·s·x
      re[k] = c * ar + s * bi;
      im[k] = c * ai - s * br;
      re[partner] = c * br + s * ai;
      im[partner] = c * bi - s * ar;
    }
  }
}

/** RZ(θ) = exp(−iθZ/2) = diag(e^(−iθ/2), e^(iθ/2)) on `qubit`. In place. */
export function applyRz(state: StateVector, qubit: number, theta: number): void {
  checkQubit(state, qubit);
  const { re, im } = state;
  const mask = 1 << qubit;
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  for (let k = 0; k < re.length; k++) {
    // Bit clear: multiply by c − i·s; bit set: by c + i·s.
    const sign = (k & mask) === 0 ? -1 : 1;
    const ar = re[k]!;
    const ai = im[k]!;
    re[k] = c * ar - sign * s * ai;
    im[k] = c * ai + sign * s * ar;
  }
}

/**
 * RZZ(θ) = exp(−iθ·Z_a⊗Z_b/2): basis states whose bits a and b are equal get the phase e^(−iθ/2),
 * the others e^(iθ/2). In place.
 */
export function applyRzz(state: StateVector, qubitA: number, qubitB: number, theta: number): void {
  checkQubit(state, qubitA, "qubitA");
  checkQubit(state, qubitB, "qubitB");
  if (qubitA === qubitB) throw new EngineInputError("qubitB", "out-of-range", "must differ from qubitA.");
  const { re, im } = state;
  const c = Math.cos(theta / 2);
  const s = Math.sin(theta / 2);
  for (let k = 0; k < re.length; k++) {
    const parity = ((k >>> qubitA) ^ (k >>> qubitB)) & 1;
    const sign = parity === 0 ? -1 : 1;
    const ar = re[k]!;
    const ai = im[k]!;
    re[k] = c * ar - sign * s * ai;
    im[k] = c * ai + sign * s * ar;
  }
}

/** CNOT: flips `target` in every basis state whose `control` bit is 1 (swaps those amplitudes). In place. */
export function applyCnot(state: StateVector, control: number, target: number): void {
  checkQubit(state, control, "control");
  checkQubit(state, target, "target");
  if (control === target) throw new EngineInputError("target", "out-of-range", "must differ from control.");
  const { re, im } = state;
  const controlMask = 1 << control;
  const targetMask = 1 << target;
  for (let k = 0; k < re.length; k++) {
    // Visit each swapped pair once: from the member whose target bit is clear.
    if ((k & controlMask) === 0 || (k & targetMask) !== 0) continue;
    const partner = k | targetMask;
    const tr = re[k]!;
    const ti = im[k]!;
    re[k] = re[partner]!;
    im[k] = im[partner]!;
    re[partner] = tr;
    im[partner] = ti;
  }
}

/** Applies one {@link Gate} in place. */
export function applyGate(state: StateVector, gate: Gate): void {
  const [first, second] = gate.qubits;
  switch (gate.kind) {
    case "h":
      applyH(state, first!);
      return;
    case "rx":
      applyRx(state, first!, gate.angle);
      return;
    case "rz":
      applyRz(state, first!, gate.angle);
      return;
    case "rzz":
      applyRzz(state, first!, second!, gate.angle);
      return;
    case "cnot":
      applyCnot(state, first!, second!);
      return;
  }
}

/** Runs a list of gates on `state` in order, in place. */
export function applyGates(state: StateVector, gates: readonly Gate[]): void {
  for (const gate of gates) applyGate(state, gate);
}

/**
 * The QAOA phase separator exp(−iγ·C/scale) for a cost C that is diagonal in the computational
 * basis: ψₖ ← e^(−iγ·Eₖ/scale)·ψₖ with Eₖ = energies[k]. One complex rotation per amplitude,
 * whatever the number of couplings. Eₖ/scale is formed before multiplying by γ so that a tiny
 * (even subnormal) scale cannot overflow the angle. In place.
 */
export function applyDiagonalPhase(state: StateVector, energies: Float64Array, gamma: number, scale = 1): void {
  const { re, im } = state;
  if (energies.length !== re.length) {
    throw new EngineInputError(
      "energies",
      "length-mismatch",
      `has ${energies.length} values but the state has ${re.length} amplitudes.`,
    );
  }
  for (let k = 0; k < re.length; k++) {
    const angle = gamma * (energies[k]! / scale);
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const ar = re[k]!;
    const ai = im[k]!;
    // (ar + i·ai)(c − i·s)
    re[k] = ar * c + ai * s;
    im[k] = ai * c - ar * s;
  }
}

/**
 * The transverse-field mixer exp(−iβ·Σ_q X_q) = ⊗_q exp(−iβX_q) = ⊗_q RX(2β): the same
 * rotation (cos β, −i·sin β) on every qubit. In place.
 */
export function applyMixer(state: StateVector, beta: number): void {
  const c = Math.cos(beta);
  const s = Math.sin(beta);
  for (let qubit = 0; qubit < state.qubits; qubit++) rotateX(state, qubit, c, s);
}

/**
 * The p-layer QAOA state |γ, β⟩ = Π_{l=1..p} [exp(−iβ_l·ΣX)·exp(−iγ_l·C/scale)] |+⟩^⊗n for the
 * diagonal cost Cₖ = energies[k] (n = log₂ of its length). Dividing by `scale` lets one angle grid
 * serve costs of any unit.
 */
export function qaoaState(
  energies: Float64Array,
  gammas: readonly number[],
  betas: readonly number[],
  scale = 1,
): StateVector {
  const qubits = Math.round(Math.log2(energies.length));
  if (2 ** qubits !== energies.length) {
    throw new EngineInputError("energies", "length-mismatch", `length ${energies.length} is not a power of 2.`);
  }
  if (gammas.length !== betas.length) {
    throw new EngineInputError(
      "betas",
      "length-mismatch",
      `has ${betas.length} values but gammas has ${gammas.length}; each layer needs one of each.`,
    );
  }
  const state = plusState(qubits);
  for (let layer = 0; layer < gammas.length; layer++) {
    applyDiagonalPhase(state, energies, gammas[layer]!, scale);
    applyMixer(state, betas[layer]!);
  }
  return state;
}

/** Born-rule probabilities |ψₖ|² = re[k]² + im[k]². */
export function probabilities(state: StateVector): Float64Array {
  const { re, im } = state;
  const out = new Float64Array(re.length);
  for (let k = 0; k < re.length; k++) out[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  return out;
}

/** ⟨ψ|C|ψ⟩ = Σₖ |ψₖ|²·Eₖ for a cost C diagonal in the computational basis. */
export function expectationDiagonal(state: StateVector, energies: Float64Array): number {
  const { re, im } = state;
  let sum = 0;
  for (let k = 0; k < re.length; k++) sum += (re[k]! * re[k]! + im[k]! * im[k]!) * energies[k]!;
  return sum;
}

/**
 * Draws `shots` measurement outcomes from the distribution `probs` with the seeded generator of
 * {@link createPrng}: each shot is u ∈ [0, 1) scaled by the total mass and located in the
 * cumulative distribution by binary search (O(2^n + shots·n)). The same probabilities, shots and
 * seed always give the same histogram. Returns the outcomes seen, ascending by index.
 */
export function sampleShots(probs: Float64Array, shots: number, seed: number): ShotCount[] {
  if (!Number.isInteger(shots) || shots < 0) {
    throw new EngineInputError("shots", "out-of-range", `must be a non-negative integer, got ${String(shots)}.`);
  }
  if (shots === 0) return [];
  const cumulative = new Float64Array(probs.length);
  let total = 0;
  for (let k = 0; k < probs.length; k++) {
    total += probs[k]!;
    cumulative[k] = total;
  }
  const random = createPrng(seed);
  const drawn = new Uint32Array(shots);
  for (let shot = 0; shot < shots; shot++) {
    const target = random() * total;
    // First k with cumulative[k] > target (it exists because target < total = cumulative[last]).
    let lo = 0;
    let hi = probs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    drawn[shot] = lo;
  }
  drawn.sort();
  const histogram: ShotCount[] = [];
  let start = 0;
  while (start < shots) {
    let end = start;
    while (end < shots && drawn[end] === drawn[start]) end++;
    histogram.push({ index: drawn[start]!, count: end - start });
    start = end;
  }
  return histogram;
}
