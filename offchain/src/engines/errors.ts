import { BaseError } from "../errors/base.ts";

/** What kind of input problem an engine found; stable strings for API error bodies and tests. */
export type EngineInputProblem =
  "empty" | "not-finite" | "length-mismatch" | "out-of-range" | "singular-covariance" | "infeasible" | "too-large";

/**
 * An engine was given input it cannot compute on. `field` names the input (for example `returns[3]`
 * or `bounds.upper`), `problem` says what is wrong with it, and the message says what to change.
 */
export class EngineInputError extends BaseError {
  override name = "EngineInputError";
  readonly field: string;
  readonly problem: EngineInputProblem;

  constructor(field: string, problem: EngineInputProblem, message: string, details?: string) {
    super(`${field}: ${message}`, details === undefined ? {} : { details });
    this.field = field;
    this.problem = problem;
  }
}

/** Throws `EngineInputError(field, "not-finite")` unless every value is a finite number. */
export function assertFinite(field: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new EngineInputError(`${field}[${i}]`, "not-finite", `must be a finite number, got ${String(v)}.`);
    }
  }
}

/** Throws `EngineInputError(field, "empty")` when the series has fewer than `min` values. */
export function assertMinLength(field: string, values: ArrayLike<unknown>, min: number): void {
  if (values.length < min) {
    throw new EngineInputError(
      field,
      "empty",
      min <= 1 ? "must not be empty." : `needs at least ${min} values, got ${values.length}.`,
    );
  }
}
