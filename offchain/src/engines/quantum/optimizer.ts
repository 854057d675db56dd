import { EngineInputError } from "../errors.ts";

/** An objective to minimise over ℝ^d. */
export type Objective = (x: readonly number[]) => number;

/** Settings of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Iteration budget (each iteration costs 1, 2 or d + 2 evaluations). */
  readonly maxIterations: number;
  /** Edge length of the initial simplex along each axis (one value for all axes, or one per axis). */
  readonly initialStep: number | readonly number[];
  /** Stop when every vertex value is within this of the best one… */
  readonly valueTolerance?: number;
  /** …and every vertex is within this (max-norm) of the best vertex. */
  readonly pointTolerance?: number;
}

/** Outcome of a minimisation. */
export interface MinimisationResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when the tolerances were met before the iteration budget ran out. */
  readonly converged: boolean;
}

interface Vertex {
  x: number[];
  value: number;
}

/**
 * Nelder–Mead downhill simplex (standard coefficients: reflection 1, expansion 2, contraction ½,
 * shrink ½). Start: the simplex x0, x0 + step₁·e₁, …, x0 + step_d·e_d. Each iteration orders the
 * vertices by value (ties keep their previous order, so the run is deterministic), reflects the
 * worst vertex through the centroid c of the others, x_r = c + (c − x_worst), and then
 *
 * - expands to c + 2(c − x_worst) if x_r beats the best vertex and the expansion is better still;
 * - accepts x_r if it beats the second worst;
 * - otherwise contracts towards the better of x_r (outside, c + ½(x_r − c)) and x_worst
 *   (inside, c + ½(x_worst − c)), and if that fails shrinks every vertex halfway to the best.
 *
 * Derivative-free and deterministic: the same objective and start give the same path.
 */
export function nelderMead(
  objective: Objective,
  x0: readonly number[],
  options: NelderMeadOptions,
): MinimisationResult {
  const d = x0.length;
  if (d < 1) throw new EngineInputError("x0", "empty", "needs at least one coordinate.");
  if (!Number.isInteger(options.maxIterations) || options.maxIterations < 0) {
    throw new EngineInputError(
      "maxIterations",
      "out-of-range",
      `must be a non-negative integer, got ${String(options.maxIterations)}.`,
    );
  }
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const pointTolerance = options.pointTolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations++;
    return { x, value: objective(x) };
  };

  let simplex: Vertex[] = [evaluate([...x0])];
  for (let axis = 0; axis < d; axis++) {
    const step = typeof options.initialStep === "number" ? options.initialStep : options.initialStep[axis]!;
    const x = [...x0];
    x[axis] = x[axis]! + step;
    simplex.push(evaluate(x));
  }

  let iterations = 0;
  let converged = false;
  while (true) {
    simplex = [...simplex].sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[d]!;
    const secondWorst = simplex[d - 1]!;
    if (hasConverged(simplex, valueTolerance, pointTolerance)) {
      converged = true;
      break;
    }
    if (iterations >= options.maxIterations) break;
    iterations++;

    const centroid = new Array<number>(d).fill(0);
    for (let v = 0; v < d; v++) {
      for (let axis = 0; axis < d; axis++) centroid[axis] = centroid[axis]! + simplex[v]!.x[axis]! / d;
    }
    const along = (t: number): number[] => centroid.map((c, axis) => c + t * (c - worst.x[axis]!));

    const reflected = evaluate(along(1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(2));
      simplex[d] = expanded.value < reflected.value ? expanded : reflected;
      continue;
    }
    if (reflected.value < secondWorst.value) {
      simplex[d] = reflected;
      continue;
    }
    if (reflected.value < worst.value) {
      const outside = evaluate(along(0.5));
      if (outside.value <= reflected.value) {
        simplex[d] = outside;
        continue;
      }
    } else {
      const inside = evaluate(along(-0.5));
      if (inside.value < worst.value) {
        simplex[d] = inside;
        continue;
      }
    }
    // Shrink towards the best vertex.
    for (let v = 1; v <= d; v++) {
      const x = simplex[v]!.x.map((value, axis) => best.x[axis]! + 0.5 * (value - best.x[axis]!));
      simplex[v] = evaluate(x);
    }
  }
  const best = simplex[0]!;
  return { x: best.x, value: best.value, iterations, evaluations, converged };
}

function hasConverged(simplex: readonly Vertex[], valueTolerance: number, pointTolerance: number): boolean {
  const best = simplex[0]!;
  for (let v = 1; v < simplex.length; v++) {
    const vertex = simplex[v]!;
    if (Math.abs(vertex.value - best.value) > valueTolerance) return false;
    for (let axis = 0; axis < best.x.length; axis++) {
      if (Math.abs(vertex.x[axis]! - best.x[axis]!) > pointTolerance) return false;
    }
  }
  return true;
}

/** A closed interval [min, max] searched with `points` cell centres. */
export interface GridAxis {
  readonly min: number;
  readonly max: number;
  readonly points: number;
}

/**
 * Exhaustive grid search: evaluates the objective at every combination of cell centres
 * min + (i + ½)·(max − min)/points of each axis and returns the best (the first in row-major order
 * among ties). Deterministic; used to give Nelder–Mead a start in the right basin.
 */
export function gridSearch(objective: Objective, axes: readonly GridAxis[]): MinimisationResult {
  if (axes.length < 1) throw new EngineInputError("axes", "empty", "needs at least one axis.");
  for (const axis of axes) {
    if (!Number.isInteger(axis.points) || axis.points < 1) {
      throw new EngineInputError("axes.points", "out-of-range", `must be a positive integer, got ${axis.points}.`);
    }
  }
  const counters = new Array<number>(axes.length).fill(0);
  let bestX: number[] = [];
  let bestValue = Infinity;
  let evaluations = 0;
  while (true) {
    const x = axes.map((axis, i) => axis.min + ((counters[i]! + 0.5) * (axis.max - axis.min)) / axis.points);
    const value = objective(x);
    evaluations++;
    if (value < bestValue) {
      bestValue = value;
      bestX = x;
    }
    // Advance the odometer (last axis fastest).
    let position = axes.length - 1;
    while (position >= 0) {
      counters[position] = counters[position]! + 1;
      if (counters[position]! < axes[position]!.points) break;
      counters[position] = 0;
      position--;
    }
    if (position < 0) break;
  }
  return { x: bestX, value: bestValue, iterations: 0, evaluations, converged: true };
}
