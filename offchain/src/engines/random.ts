// Seeded random numbers shared by the engines (QAOA shot sampling, SYNTHETIC test data): the same
// seed gives the same stream on every platform. Not cryptographic.

/** A deterministic source of uniform numbers in [0, 1). */
export type Prng = () => number;

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a Weyl sequence s ← s + 0x6D2B79F5 (mod 2^32)
 * passed through an xor-shift-multiply mixer. Period 2^32, passes PractRand to 2^32 bytes; not
 * cryptographic. Returns the next 32-bit output as an unsigned integer. The same seed always gives
 * the same sequence.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A seeded uniform generator on [0, 1) with 53 random bits per number: two mulberry32 outputs
 * a, b give (a·2^21 + ⌊b / 2^11⌋) / 2^53, so every double in the grid k·2^−53 is equally likely.
 */
export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  return () => {
    const high = next();
    const low = next() >>> 11;
    return (high * 2 ** 21 + low) / 2 ** 53;
  };
}

/** Uniform numbers in [0, 1) with 32 random bits each: mulberry32's output / 2^32. */
export function uniform32(seed: number): Prng {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
