import { EngineInputError } from "../errors.ts";

/**
 * A convex quadratic programme over the simplex with box bounds:
 *
 *     minimise   ½·wᵀHw + cᵀw
 *     subject to Σ wᵢ = 1,  lᵢ ≤ wᵢ ≤ uᵢ
 *
 * `h` is the n×n symmetric positive (semi)definite matrix, row-major. For a mean–variance problem
 * H = Σ (the covariance) and c = −t·μ, where t ≥ 0 is the investor's tolerance for risk.
 */
export interface BoxSimplexQp {
  readonly n: number;
  readonly h: Float64Array;
  readonly c: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Where each variable sits in the solution: strictly inside its bounds, or held at one. */
export const FREE = 0;
export const AT_LOWER = -1;
export const AT_UPPER = 1;
export type BoundStatus = typeof FREE | typeof AT_LOWER | typeof AT_UPPER;

/**
 * At a stationary point, every held variable whose multiplier violation is at least this fraction of
 * the worst one is freed together. 1 would be the textbook one-at-a-time rule (about two steps per
 * asset held when the optimum holds every asset); freeing all violators at once is slow when the
 * optimum is sparse (most are fixed again). 0.9 measured best on both (BENCHMARKS.md).
 */
const RELEASE_FRACTION = 0.9;

export interface QpSolution {
  readonly w: Float64Array;
  /** Per variable: FREE, AT_LOWER or AT_UPPER (the final working set). */
  readonly status: Int8Array;
  /** Multiplier of the budget constraint Σw = 1 (∇f + ν·1 = 0 on the free variables). */
  readonly nu: number;
  readonly iterations: number;
  readonly objective: number;
}

/** A solution to start from: a feasible point and its working set (from a previous, nearby solve). */
export interface WarmStart {
  readonly w: Float64Array;
  readonly status: Int8Array;
}

/**
 * Solves the programme exactly with a primal active-set method (Nocedal & Wright, Numerical
 * Optimization, ch. 16.5), specialised to one equality constraint and box bounds:
 *
 * - The working set is the set of variables held at a bound; the others are "free".
 * - Each step solves the equality-constrained problem on the free variables,
 *   p = −H_FF⁻¹(g_F + ν·1) with ν = −(1ᵀH_FF⁻¹g_F)/(1ᵀH_FF⁻¹1), from a Cholesky factor of H_FF that is
 *   updated, not recomputed, as variables join (a new row, O(k²)) or leave (Givens rotations, O(k²)).
 * - A step that would cross a bound stops there and that variable joins the working set; a zero
 *   step checks the bound multipliers gᵢ + ν and frees the variable that most wants to move.
 *
 * The start is a vertex filled greedily from the highest-return assets, so a solve costs about one
 * iteration per asset in the final portfolio: O(n·k + k³) for k held assets rather than O(n³).
 * The result satisfies the KKT conditions to rounding (see `kktResidual`).
 *
 * @throws EngineInputError "infeasible" when Σl > 1 or Σu < 1, "singular-covariance" when the
 *   covariance of the assets the solution needs is singular (for example two identical assets).
 */
export function solveBoxSimplexQp(qp: BoxSimplexQp, warm?: WarmStart): QpSolution {
  const { n, h, c, lower, upper } = qp;
  let sumLower = 0;
  let sumUpper = 0;
  for (let i = 0; i < n; i++) {
    if (lower[i]! > upper[i]!) {
      throw new EngineInputError(
        `bounds[${i}]`,
        "infeasible",
        `lower bound ${lower[i]} is above upper bound ${upper[i]}.`,
      );
    }
    sumLower += lower[i]!;
    sumUpper += upper[i]!;
  }
  if (sumLower > 1 + 1e-12 || sumUpper < 1 - 1e-12) {
    throw new EngineInputError(
      "bounds",
      "infeasible",
      `no portfolio fits: the weights must sum to 1 but the lower bounds sum to ${sumLower.toFixed(6)} and the upper bounds to ${sumUpper.toFixed(6)}.`,
      "Lower the minimum weights or raise the maximum weights so that Σ lower ≤ 1 ≤ Σ upper.",
    );
  }

  const w = new Float64Array(n);
  const status = new Int8Array(n);
  if (warm) {
    w.set(warm.w);
    status.set(warm.status);
  } else {
    greedyVertex(qp, w, status);
  }

  // Gradient g = Hw + c, kept up to date as w moves.
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = c[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) s += h[row + j]! * w[j]!;
    g[i] = s;
  }

  // Scale for tolerances: the size of the numbers in H and c.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(h[i * n + i]!), Math.abs(c[i]!));
  if (scale === 0) scale = 1;
  const multiplierTol = 1e-11 * scale;
  const stepTol = 1e-13;

  // The free block is factored as H_FF + ρ·11ᵀ rather than H_FF. On the budget plane (1ᵀp = 0) the
  // two give the same step and the same ν, but the shifted matrix is positive definite whenever the
  // reduced Hessian is — so a zero-variance asset (cash, a stablecoin) or more assets than
  // observations do not break the factorisation.
  let rho = 0;
  for (let i = 0; i < n; i++) rho += h[i * n + i]!;
  rho = rho > 0 ? rho / n : 1;
  const free: number[] = [];
  const chol = new Cholesky(n, h, rho);
  for (let i = 0; i < n; i++) {
    if (status[i] === FREE) {
      free.push(i);
      chol.append(free, i);
    }
  }

  const gF = new Float64Array(n);
  const ones = new Float64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const p = new Float64Array(n);
  let nu: number;
  let iterations = 0;
  const maxIterations = 20 * n + 100;

  for (;;) {
    if (++iterations > maxIterations) {
      throw new EngineInputError(
        "covariance",
        "singular-covariance",
        `the optimiser did not converge in ${maxIterations} steps; the covariance is probably ill-conditioned.`,
        "Use more history, fewer assets, or covariance shrinkage.",
      );
    }
    const k = free.length;
    let stepNorm = 0;
    if (k > 0) {
      for (let t = 0; t < k; t++) {
        gF[t] = g[free[t]!]!;
        ones[t] = 1;
      }
      chol.solve(k, ones, a); // a = H_FF⁻¹·1
      chol.solve(k, gF, b); // b = H_FF⁻¹·g_F
      let sa = 0;
      let sb = 0;
      for (let t = 0; t < k; t++) {
        sa += a[t]!;
        sb += b[t]!;
      }
      nu = -sb / sa;
      // p is a difference of terms of size |b| and |ν·a|; anything within their rounding error
      // (a few ulps per term of the triangular solves) is no step at all. With one free variable the
      // budget pins it, so the step is exactly zero.
      let magnitude = 0;
      for (let t = 0; t < k; t++) {
        const pt = k === 1 ? 0 : -(b[t]! + nu * a[t]!);
        p[t] = pt;
        stepNorm = Math.max(stepNorm, Math.abs(pt));
        magnitude = Math.max(magnitude, Math.abs(b[t]!), Math.abs(nu * a[t]!));
      }
      if (stepNorm <= 1e-14 * k * magnitude) stepNorm = 0;
    } else {
      // No free variable: ν is only bounded by the multipliers' signs; take the value that
      // makes the most-violated bound multiplier as small as possible (the midpoint).
      nu = fixedMultiplier(n, g, status);
    }

    if (stepNorm <= stepTol) {
      // Stationary on the working set: check the bound multipliers, and free the variables whose
      // multipliers have the wrong sign by nearly the most (see RELEASE_FRACTION); a freed variable
      // the next step would push out is fixed again.
      let worstViolation = multiplierTol;
      for (let i = 0; i < n; i++) {
        const s = status[i]!;
        if (s === FREE) continue;
        const lambda = g[i]! + nu; // multiplier of the lower bound; minus that of the upper
        worstViolation = Math.max(worstViolation, s === AT_LOWER ? -lambda : lambda);
      }
      const cutoff = Math.max(multiplierTol, RELEASE_FRACTION * worstViolation);
      let released = 0;
      for (let i = 0; i < n; i++) {
        const s = status[i]!;
        if (s === FREE) continue;
        const lambda = g[i]! + nu;
        const violation = s === AT_LOWER ? -lambda : lambda;
        if (violation >= cutoff && violation > multiplierTol) {
          status[i] = FREE;
          free.push(i);
          chol.append(free, i);
          released++;
        }
      }
      if (released === 0) break;
      continue;
    }

    // Longest step along p that keeps every free variable within its bounds.
    let alpha = 1;
    let blocking = -1;
    let blockingStatus: BoundStatus = FREE;
    for (let t = 0; t < k; t++) {
      const i = free[t]!;
      const pt = p[t]!;
      if (pt < 0) {
        const room = (lower[i]! - w[i]!) / pt;
        if (room < alpha) {
          alpha = Math.max(room, 0);
          blocking = t;
          blockingStatus = AT_LOWER;
        }
      } else if (pt > 0) {
        const room = (upper[i]! - w[i]!) / pt;
        if (room < alpha) {
          alpha = Math.max(room, 0);
          blocking = t;
          blockingStatus = AT_UPPER;
        }
      }
    }
    if (alpha > 0) {
      for (let t = 0; t < k; t++) {
        const j = free[t]!;
        const step = alpha * p[t]!;
        if (step === 0) continue;
        w[j] = w[j]! + step;
        const rowJ = j * n;
        for (let i = 0; i < n; i++) g[i] = g[i]! + h[rowJ + i]! * step;
      }
    }
    if (blocking >= 0) {
      const i = free[blocking]!;
      const bound = blockingStatus === AT_LOWER ? lower[i]! : upper[i]!;
      const drift = bound - w[i]!;
      if (drift !== 0) {
        w[i] = bound;
        const rowI = i * n;
        for (let r = 0; r < n; r++) g[r] = g[r]! + h[rowI + r]! * drift;
      }
      status[i] = blockingStatus;
      free.splice(blocking, 1);
      chol.remove(free.length + 1, blocking);
    }
  }

  let objective = 0;
  for (let i = 0; i < n; i++) objective += w[i]! * (0.5 * (g[i]! - c[i]!) + c[i]!);
  return { w, status, nu, iterations, objective };
}

/**
 * The largest violation of the KKT conditions of a solution, relative to the problem's scale:
 * primal feasibility (budget, bounds), stationarity on free variables (gᵢ + ν = 0) and the sign of
 * the bound multipliers (gᵢ + ν ≥ 0 at a lower bound, ≤ 0 at an upper bound). Independent of the
 * solver's bookkeeping: ν is re-estimated from the variables strictly inside their bounds.
 */
export function kktResidual(qp: BoxSimplexQp, w: ArrayLike<number>): number {
  const { n, h, c, lower, upper } = qp;
  const g = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let s = c[i]!;
    for (let j = 0; j < n; j++) s += h[i * n + j]! * w[j]!;
    g[i] = s;
    scale = Math.max(scale, Math.abs(h[i * n + i]!), Math.abs(c[i]!));
  }
  if (scale === 0) scale = 1;
  const boundTol = 1e-9;
  let sum = 0;
  let residual = 0;
  const interior: number[] = [];
  for (let i = 0; i < n; i++) {
    sum += w[i]!;
    residual = Math.max(residual, lower[i]! - w[i]!, w[i]! - upper[i]!);
    if (w[i]! > lower[i]! + boundTol && w[i]! < upper[i]! - boundTol) interior.push(i);
  }
  residual = Math.max(residual, Math.abs(sum - 1));
  // ν from the interior variables (their gradients must all equal −ν); otherwise the best ν for the
  // bound variables, which is the midpoint of the interval their signs allow.
  let nu: number;
  if (interior.length > 0) {
    let s = 0;
    for (const i of interior) s += g[i]!;
    nu = -s / interior.length;
  } else {
    const st = new Int8Array(n);
    for (let i = 0; i < n; i++) st[i] = w[i]! <= lower[i]! + boundTol ? AT_LOWER : AT_UPPER;
    nu = fixedMultiplier(n, g, st);
  }
  for (let i = 0; i < n; i++) {
    const lambda = (g[i]! + nu) / scale;
    if (interior.includes(i)) residual = Math.max(residual, Math.abs(lambda));
    else if (w[i]! <= lower[i]! + boundTol) residual = Math.max(residual, -lambda);
    else residual = Math.max(residual, lambda);
  }
  return residual;
}

/** ν that best satisfies the bound multipliers' signs when no variable is free. */
function fixedMultiplier(n: number, g: Float64Array, status: Int8Array): number {
  // At a lower bound gᵢ + ν ≥ 0 ⇒ ν ≥ −gᵢ; at an upper bound ν ≤ −gᵢ.
  let low = -Infinity;
  let high = Infinity;
  for (let i = 0; i < n; i++) {
    if (status[i] === AT_LOWER) low = Math.max(low, -g[i]!);
    else if (status[i] === AT_UPPER) high = Math.min(high, -g[i]!);
  }
  if (low === -Infinity) return high === Infinity ? 0 : high;
  if (high === Infinity) return low;
  return (low + high) / 2;
}

/**
 * A feasible starting vertex: every asset at its lower bound, then the remaining budget given to
 * the assets with the lowest linear cost (the highest expected return) up to their upper bounds. The
 * asset that takes the last of the budget is free; the others hold a bound.
 */
function greedyVertex(qp: BoxSimplexQp, w: Float64Array, status: Int8Array): void {
  const { n, c, lower, upper } = qp;
  let remaining = 1;
  for (let i = 0; i < n; i++) {
    w[i] = lower[i]!;
    status[i] = AT_LOWER;
    remaining -= lower[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => c[x]! - c[y]! || x - y);
  let last = -1;
  for (const i of order) {
    if (remaining <= 0) break;
    const room = upper[i]! - lower[i]!;
    if (room <= 0) continue;
    last = i;
    if (room < remaining) {
      w[i] = upper[i]!;
      status[i] = AT_UPPER;
      remaining -= room;
    } else {
      w[i] = lower[i]! + remaining;
      status[i] = FREE;
      remaining = 0;
    }
  }
  // If the budget ended exactly on a bound, release the last asset anyway so the solver has a free
  // variable to move (a free variable may sit on its bound).
  if (last >= 0 && status[last] !== FREE) status[last] = FREE;
}

/**
 * Cholesky factor L (LLᵀ = H_FF) of the free block, in the free list's order, stored row-major with
 * stride n. Rows are appended when a variable is freed and removed (with Givens rotations restoring
 * the triangle) when one is fixed.
 */
class Cholesky {
  private readonly n: number;
  private readonly h: Float64Array;
  private readonly l: Float64Array;
  private readonly rho: number;

  constructor(n: number, h: Float64Array, rho: number) {
    this.n = n;
    this.h = h;
    this.rho = rho;
    this.l = new Float64Array(n * n);
  }

  /** Adds variable `index`, which is already the last entry of `free`. */
  append(free: readonly number[], index: number): void {
    const { n, h, l, rho } = this;
    const k = free.length - 1; // new row
    const rowK = k * n;
    const hii = h[index * n + index]! + rho;
    let diag = hii;
    for (let j = 0; j < k; j++) {
      let s = h[index * n + free[j]!]! + rho;
      const rowJ = j * n;
      for (let t = 0; t < j; t++) s -= l[rowK + t]! * l[rowJ + t]!;
      const v = s / l[rowJ + j]!;
      l[rowK + j] = v;
      diag -= v * v;
    }
    if (!(diag > 1e-12 * hii)) {
      throw new EngineInputError(
        "covariance",
        "singular-covariance",
        `the covariance is singular: asset ${index} moves exactly like a combination of the other assets held, so the optimum is not unique.`,
        "Remove duplicate series, use more history than assets, or enable covariance shrinkage.",
      );
    }
    l[rowK + k] = Math.sqrt(diag);
  }

  /** Removes the row at position `m` of a k×k factor and re-triangularises it. */
  remove(k: number, m: number): void {
    const { n, l } = this;
    // Drop row m: rows below move up one. Row i (new) keeps columns 0..i+1.
    for (let i = m; i < k - 1; i++) {
      const dst = i * n;
      const src = (i + 1) * n;
      for (let j = 0; j <= i + 1; j++) l[dst + j] = l[src + j]!;
    }
    // Zero the superdiagonal entries (i, i+1) for i = m..k−2 with column rotations.
    for (let i = m; i < k - 1; i++) {
      const x = l[i * n + i]!;
      const y = l[i * n + i + 1]!;
      const r = Math.hypot(x, y);
      const cs = x / r;
      const sn = y / r;
      for (let t = i; t < k - 1; t++) {
        const row = t * n;
        const a = l[row + i]!;
        const b = l[row + i + 1]!;
        l[row + i] = cs * a + sn * b;
        l[row + i + 1] = -sn * a + cs * b;
      }
      l[i * n + i + 1] = 0;
    }
  }

  /** Solves (LLᵀ)x = rhs for the leading k×k block. */
  solve(k: number, rhs: Float64Array, x: Float64Array): void {
    const { n, l } = this;
    for (let i = 0; i < k; i++) {
      let s = rhs[i]!;
      const row = i * n;
      for (let j = 0; j < i; j++) s -= l[row + j]! * x[j]!;
      x[i] = s / l[row + i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = x[i]!;
      for (let j = i + 1; j < k; j++) s -= l[j * n + i]! * x[j]!;
      x[i] = s / l[i * n + i]!;
    }
  }
}
