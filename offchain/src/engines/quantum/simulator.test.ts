import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { EngineInputError } from "../errors.ts";
import { qaoaCircuit } from "./circuit.ts";
import { createPrng, mulberry32 } from "../random.ts";
import { buildQubo, quboEnergies } from "./qubo.ts";
import {
  applyCnot,
  applyGates,
  applyH,
  applyRx,
  applyRz,
  expectationDiagonal,
  plusState,
  probabilities,
  qaoaState,
  sampleShots,
  zeroState,
  type Gate,
  type StateVector,
} from "./simulator.ts";
import { generalProblem, QuantumCircuit } from "./testing.ts";

function runReference(qubits: number, gates: readonly Gate[]): { re: Float64Array; im: Float64Array } {
  const circuit = new QuantumCircuit(qubits);
  gates.forEach((gate, column) => {
    const [a, b] = gate.qubits;
    switch (gate.kind) {
      case "h":
        circuit.addGate("h", column, a!);
        break;
      case "rx":
        circuit.addGate("rx", column, a!, { params: { theta: gate.angle } });
        break;
      case "rz":
        circuit.addGate("rz", column, a!, { params: { phi: gate.angle } });
        break;
      case "rzz":
        circuit.addGate("zz", column, [a!, b!], { params: { theta: gate.angle } });
        break;
      case "cnot":
        circuit.addGate("cx", column, [a!, b!]);
        break;
    }
  });
  circuit.run();
  const size = 2 ** qubits;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const amplitude = circuit.state[String(k)];
    re[k] = amplitude?.re ?? 0;
    im[k] = amplitude?.im ?? 0;
  }
  return { re, im };
}

/** Largest |a_k − e^(iφ)·b_k| after choosing φ to align the largest amplitude of b with a. */
function distanceUpToGlobalPhase(
  a: { re: Float64Array; im: Float64Array },
  b: { re: Float64Array; im: Float64Array },
): number {
  let pivot = 0;
  for (let k = 0; k < b.re.length; k++) {
    if (Math.hypot(b.re[k]!, b.im[k]!) > Math.hypot(b.re[pivot]!, b.im[pivot]!)) pivot = k;
  }
  const phase = Math.atan2(a.im[pivot]!, a.re[pivot]!) - Math.atan2(b.im[pivot]!, b.re[pivot]!);
  const c = Math.cos(phase);
  const s = Math.sin(phase);
  let worst = 0;
  for (let k = 0; k < a.re.length; k++) {
    const rotatedRe = b.re[k]! * c - b.im[k]! * s;
    const rotatedIm = b.re[k]! * s + b.im[k]! * c;
    worst = Math.max(worst, Math.hypot(a.re[k]! - rotatedRe, a.im[k]! - rotatedIm));
  }
  return worst;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

const angle = fc.double({ min: -2 * Math.PI, max: 2 * Math.PI, noNaN: true });

function gateOn(qubits: number): fc.Arbitrary<Gate> {
  const qubit = fc.integer({ min: 0, max: qubits - 1 });
  const pair = fc
    .tuple(qubit, fc.integer({ min: 0, max: qubits - 2 }))
    .map(([a, b]): [number, number] => [a, b >= a ? b + 1 : b]);
  return fc.oneof(
    qubit.map((q): Gate => ({ kind: "h", qubits: [q], angle: 0 })),
    fc.tuple(qubit, angle).map(([q, theta]): Gate => ({ kind: "rx", qubits: [q], angle: theta })),
    fc.tuple(qubit, angle).map(([q, theta]): Gate => ({ kind: "rz", qubits: [q], angle: theta })),
    fc.tuple(pair, angle).map(([[a, b], theta]): Gate => ({ kind: "rzz", qubits: [a, b], angle: theta })),
    pair.map(([a, b]): Gate => ({ kind: "cnot", qubits: [a, b], angle: 0 })),
  );
}

const randomCircuit = fc
  .integer({ min: 3, max: 6 })
  .chain((qubits) => fc.tuple(fc.constant(qubits), fc.array(gateOn(qubits), { minLength: 1, maxLength: 30 })));

describe("state-vector simulator vs quantum-circuit", () => {
  it("random H/RX/RZ/RZZ/CNOT circuits on 3–6 qubits give the same amplitudes", () => {
    fc.assert(
      fc.property(randomCircuit, ([qubits, gates]) => {
        const ours = zeroState(qubits);
        applyGates(ours, gates);
        const reference = runReference(qubits, gates);
        const ourProbs = probabilities(ours);
        for (let k = 0; k < ourProbs.length; k++) {
          const referenceProb = reference.re[k]! ** 2 + reference.im[k]! ** 2;
          assert.ok(Math.abs(ourProbs[k]! - referenceProb) < 1e-10, `probability of ${k}`);
        }
        // Same gate conventions, so the amplitudes agree exactly, not only up to a global phase.
        assert.ok(distanceUpToGlobalPhase(ours, reference) < 1e-10);
        for (let k = 0; k < ourProbs.length; k++) {
          assert.ok(Math.abs(ours.re[k]! - reference.re[k]!) < 1e-10, `re of ${k}`);
          assert.ok(Math.abs(ours.im[k]! - reference.im[k]!) < 1e-10, `im of ${k}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the QAOA circuit of a random QUBO gives the same state in quantum-circuit, gate by gate and diagonally", () => {
    const layers = fc
      .integer({ min: 1, max: 3 })
      .chain((p) =>
        fc.tuple(fc.array(angle, { minLength: p, maxLength: p }), fc.array(angle, { minLength: p, maxLength: p })),
      );
    const problem = generalProblem(6).filter((input) => input.expectedReturns.length >= 3);
    fc.assert(
      fc.property(problem, layers, (input, [gammas, betas]) => {
        const qubo = buildQubo(input);
        const circuit = qaoaCircuit(qubo, gammas, betas);
        const gateByGate = zeroState(qubo.n);
        applyGates(gateByGate, circuit.gates);
        const reference = runReference(qubo.n, circuit.gates);
        for (let k = 0; k < gateByGate.re.length; k++) {
          assert.ok(Math.abs(gateByGate.re[k]! - reference.re[k]!) < 1e-9);
          assert.ok(Math.abs(gateByGate.im[k]! - reference.im[k]!) < 1e-9);
        }
        // The diagonal path keeps the dropped global phase e^(−i·Σγ·offset); put it back and compare.
        const diagonal = qaoaState(quboEnergies(qubo), gammas, betas, qubo.scale);
        let phase = 0;
        for (const gamma of gammas) phase -= gamma * circuit.offset;
        const c = Math.cos(phase);
        const s = Math.sin(phase);
        for (let k = 0; k < diagonal.re.length; k++) {
          const expectedRe = gateByGate.re[k]! * c - gateByGate.im[k]! * s;
          const expectedIm = gateByGate.re[k]! * s + gateByGate.im[k]! * c;
          assert.ok(Math.abs(diagonal.re[k]! - expectedRe) < 1e-9, `re of ${k}`);
          assert.ok(Math.abs(diagonal.im[k]! - expectedIm) < 1e-9, `im of ${k}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("state-vector simulator", () => {
  it("probabilities of QAOA states of random QUBOs and angles sum to 1 within 1e-12", () => {
    const layers = fc
      .integer({ min: 1, max: 4 })
      .chain((p) =>
        fc.tuple(fc.array(angle, { minLength: p, maxLength: p }), fc.array(angle, { minLength: p, maxLength: p })),
      );
    fc.assert(
      fc.property(generalProblem(10), layers, (input, [gammas, betas]) => {
        const qubo = buildQubo(input);
        const state = qaoaState(quboEnergies(qubo), gammas, betas, qubo.scale);
        assert.ok(Math.abs(sum(probabilities(state)) - 1) < 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("probabilities of random gate circuits sum to 1 within 1e-12", () => {
    fc.assert(
      fc.property(randomCircuit, ([qubits, gates]) => {
        const state = plusState(qubits);
        applyGates(state, gates);
        assert.ok(Math.abs(sum(probabilities(state)) - 1) < 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("H on every qubit of |0…0⟩ is |+⟩^n, and HZH = X flips a qubit", () => {
    const state = zeroState(4);
    for (let q = 0; q < 4; q++) applyH(state, q);
    const plus = plusState(4);
    for (let k = 0; k < 16; k++) assert.ok(Math.abs(state.re[k]! - plus.re[k]!) < 1e-15);
    const flipped = zeroState(3);
    applyH(flipped, 1);
    applyRz(flipped, 1, Math.PI);
    applyH(flipped, 1);
    assert.ok(Math.abs(probabilities(flipped)[2]! - 1) < 1e-15);
  });

  it("CNOT flips the target only when the control is 1", () => {
    const state = zeroState(3);
    applyRx(state, 0, Math.PI); // −i|001⟩
    applyCnot(state, 0, 2);
    assert.ok(Math.abs(probabilities(state)[5]! - 1) < 1e-15);
    applyCnot(state, 1, 0);
    assert.ok(Math.abs(probabilities(state)[5]! - 1) < 1e-15);
  });

  it("the expectation of a diagonal cost is Σ pₖEₖ (uniform state: the mean energy)", () => {
    const energies = Float64Array.from([1, 2, 3, 10]);
    assert.ok(Math.abs(expectationDiagonal(plusState(2), energies) - 4) < 1e-15);
  });

  it("rejects more than 24 qubits and qubit indices out of range", () => {
    assert.throws(
      () => zeroState(25),
      (error: unknown) =>
        error instanceof EngineInputError && error.field === "qubits" && error.problem === "too-large",
    );
    const state: StateVector = zeroState(2);
    assert.throws(
      () => applyH(state, 2),
      (error: unknown) => error instanceof EngineInputError && error.field === "qubit",
    );
    assert.throws(
      () => applyCnot(state, 1, 1),
      (error: unknown) => error instanceof EngineInputError && error.field === "target",
    );
  });
});

describe("shot sampling and PRNG", () => {
  it("the same seed gives the same shots; counts add up to the number of shots", () => {
    fc.assert(
      fc.property(
        generalProblem(8),
        angle,
        angle,
        fc.nat(),
        fc.integer({ min: 0, max: 3000 }),
        (input, gamma, beta, seed, shots) => {
          const qubo = buildQubo(input);
          const probs = probabilities(qaoaState(quboEnergies(qubo), [gamma], [beta], qubo.scale));
          const first = sampleShots(probs, shots, seed);
          const second = sampleShots(probs, shots, seed);
          assert.equal(JSON.stringify(first), JSON.stringify(second));
          assert.equal(
            first.reduce((total, outcome) => total + outcome.count, 0),
            shots,
          );
          for (let i = 1; i < first.length; i++) assert.ok(first[i]!.index > first[i - 1]!.index);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("never samples a state of probability 0 and follows the distribution", () => {
    const probs = Float64Array.from([0, 0.25, 0, 0.75]);
    const histogram = sampleShots(probs, 100_000, 42);
    assert.deepEqual(
      histogram.map((outcome) => outcome.index),
      [1, 3],
    );
    const share = histogram[0]!.count / 100_000;
    assert.ok(Math.abs(share - 0.25) < 0.01, `share of state 1: ${share}`);
  });

  it("mulberry32 is reproducible, and createPrng gives numbers in [0, 1)", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) assert.equal(a(), b());
    const random = createPrng(123);
    let mean = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = random();
      assert.ok(u >= 0 && u < 1);
      mean += u / 10_000;
    }
    assert.ok(Math.abs(mean - 0.5) < 0.02);
  });
});
