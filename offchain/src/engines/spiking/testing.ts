// Test-only helpers shared by the spiking detector's *.test.ts files.
import assert from "node:assert/strict";

import { EngineInputError } from "../errors.ts";
import { uniform32 } from "../random.ts";

/** Seeded Gaussian returns (Box–Muller) with volatility `sigma(i)` at row i. */
export function gaussianReturns(length: number, seed: number, sigma: (i: number) => number): number[] {
  const rand = uniform32(seed);
  return Array.from(
    { length },
    (_, i) => sigma(i) * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()),
  );
}

/** Asserts that `fn` throws an EngineInputError naming `field`. */
export function assertInputError(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineInputError, `expected EngineInputError, got ${String(error)}`);
    assert.equal(error.field, field);
    return true;
  });
}
