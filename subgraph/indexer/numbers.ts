/**
 * The Graph's number types with graph-node's semantics, for the WASM host and the GraphQL layer.
 *
 * - BigInt crosses the WASM boundary as little-endian two's-complement bytes (`toSignedBytesLE`,
 *   `fromSignedBytesLE`); graph-node refuses values wider than 435,412 bits.
 * - BigDecimal is graph-node's wrapper around the `bigdecimal` crate pinned at 0.1.2 (graph-node
 *   keeps that version because any change alters proofs of indexing): every result is normalized
 *   to at most 34 significant digits (`with_prec(34)`) and stripped of trailing zeros. Two bugs of
 *   that crate version show on negative values and are reproduced on purpose, so a mapping yields
 *   the same numbers as on graph-node: `digits()` estimates a negative value's digit count from
 *   its bit length only (bigdecimal-rs issue #92: -1 has "0" digits, fixed in 0.4.1), so some
 *   negative results keep 35 digits; and `with_prec` compares the signed remainder, so negative
 *   values are truncated instead of rounded (issue #75). Division computes up to 100 significant
 *   digits, rounding the last one half up, before normalizing.
 * - Display is plain notation (no exponent), as the crate prints it.
 */

/** graph-node's `BigInt::MAX_BITS`. */
export const BIGINT_MAX_BITS = 435_412;
/** graph-node's limits for a BigDecimal's exponent (those of IEEE-754 decimal128). */
export const BIGDECIMAL_MIN_EXP = -6143;
export const BIGDECIMAL_MAX_EXP = 6144;
const MAX_SIGNIFICANT_DIGITS = 34;
const DIVISION_PRECISION = 100;
/** The constant the crate divides a bit length by to estimate a digit count. */
const LOG2_10 = 3.3219280949;

/** A host-side arithmetic error (becomes a deterministic handler failure). */
export class NumberError extends Error {
  override name = "NumberError";
}

const TWO_32 = 2n ** 32n;

/** The number of bits of |n| (num-bigint's `bits()`). */
function bitLength(n: bigint): number {
  const abs = n < 0n ? -n : n;
  if (abs < TWO_32) return 32 - Math.clz32(Number(abs));
  const hex = abs.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** |n| below this has at most `BIGINT_MAX_BITS - 1` bits, i.e. fits with its sign bit. */
const BIGINT_LIMIT = 1n << BigInt(BIGINT_MAX_BITS - 1);
const NEGATIVE_BIGINT_LIMIT = -BIGINT_LIMIT;

/** Throws graph-node's error when `n` (with its sign bit) is wider than `BIGINT_MAX_BITS`. */
export function checkBigIntSize(n: bigint): bigint {
  if (n < BIGINT_LIMIT && n > NEGATIVE_BIGINT_LIMIT) return n;
  const bits = bitLength(n) + 1;
  if (bits > BIGINT_MAX_BITS) throw new NumberError(`BigInt is too big, total bits ${bits} (max ${BIGINT_MAX_BITS})`);
  return n;
}

/** Minimal little-endian two's-complement bytes (zero is `[0]`), like num-bigint's `to_signed_bytes_le`. */
export function toSignedBytesLE(n: bigint): Uint8Array {
  if (n >= -128n && n < 128n) return Uint8Array.of(Number(n) & 0xff);
  // Bytes needed with a sign bit, then the value modulo 2^(8·size) in hex, reversed.
  const size = Math.max(1, Math.ceil((bitLength(n < 0n ? -n - 1n : n) + 1) / 8));
  const unsigned = n < 0n ? (1n << BigInt(size * 8)) + n : n;
  const be = Buffer.from(unsigned.toString(16).padStart(size * 2, "0"), "hex");
  return new Uint8Array(be.reverse());
}

/** Little-endian two's-complement bytes to a bigint (empty is zero). */
export function fromSignedBytesLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  const v = fromUnsignedBytesLE(bytes);
  return bytes[bytes.length - 1]! & 0x80 ? v - (1n << BigInt(bytes.length * 8)) : v;
}

/** Little-endian unsigned bytes to a bigint (six bytes at a time, from the most significant end). */
export function fromUnsignedBytesLE(bytes: Uint8Array): bigint {
  let v = 0n;
  let i = bytes.length;
  while (i > 0) {
    const take = i < 6 ? i : 6;
    let chunk = 0;
    for (let k = i - 1; k >= i - take; k--) chunk = chunk * 256 + bytes[k]!;
    v = (v << BigInt(take * 8)) | BigInt(chunk);
    i -= take;
  }
  return v;
}

/** Parses a decimal integer string as num-bigint does (optional sign, digits). */
export function parseBigInt(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s)) throw new NumberError(`invalid BigInt: '${s}'`);
  return checkBigIntSize(BigInt(s));
}

/** graph-node's `bigIntToHex`: the magnitude in big-endian hex without leading zeros; zero is `0x0`. */
export function bigIntToHex(n: bigint): string {
  if (n === 0n) return "0x0";
  const abs = n < 0n ? -n : n;
  return "0x" + abs.toString(16);
}

/** 10^0 … 10^255, the powers normalization and alignment use all the time. */
const POW10: readonly bigint[] = Array.from({ length: 256 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/** The crate's digit count: exact for non-negative values, estimated from the bit length for negatives. */
function countDigits(n: bigint): number {
  if (n === 0n) return 1;
  // `int >= 10^digits` is never true for a negative int: the estimate stands.
  if (n < 0n) return Math.floor(bitLength(n) / LOG2_10);
  return n.toString().length;
}

/** The crate's `get_rounding_term`: 1 when the most significant digit of `r` (> 0) is ≥ 5. */
function roundingTerm(r: bigint): bigint {
  if (r === 0n) return 0n;
  let n = pow10(Math.floor(bitLength(r) / LOG2_10));
  for (;;) {
    if (r < n) return 1n;
    n *= 5n;
    if (r < n) return 0n;
    n *= 2n;
  }
}

/** Truncating division and remainder (Rust and JS agree). */
function divRem(a: bigint, b: bigint): [bigint, bigint] {
  return [a / b, a % b];
}

/**
 * An arbitrary-precision decimal `digits × 10^exp`, always normalized the way graph-node does.
 * Immutable; construct with `BigDecimal.of` (normalizes) or parse with `BigDecimal.parse`.
 */
export class BigDecimal {
  /** Significand (no trailing zeros unless zero). */
  readonly digits: bigint;
  /** Power of ten (graph-node's `exp`; the crate's `scale` is its negation). */
  readonly exp: number;

  private constructor(digits: bigint, exp: number) {
    this.digits = digits;
    this.exp = exp;
  }

  static readonly ZERO = new BigDecimal(0n, 0);

  /** `digits × 10^exp`, normalized (34 significant digits, no trailing zeros). */
  static of(digits: bigint, exp: number): BigDecimal {
    const [q, e] = normalize(digits, -exp);
    return q === 0n ? BigDecimal.ZERO : new BigDecimal(q, e);
  }

  static fromBigInt(n: bigint): BigDecimal {
    return BigDecimal.of(n, 0);
  }

  /** Parses `[+-]digits[.digits][e[+-]digits]` (graph-node's `BigDecimal::from_str`), normalized. */
  static parse(s: string): BigDecimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new NumberError(`string is not a BigDecimal: '${s}'`);
    const frac = m[3] ?? "";
    const magnitude = BigInt((m[2] ?? "") + frac);
    const digits = m[1] === "-" ? -magnitude : magnitude;
    const exp = (m[4] ? Number(m[4]) : 0) - frac.length;
    if (!Number.isSafeInteger(exp)) throw new NumberError(`string is not a BigDecimal: '${s}'`);
    return BigDecimal.of(digits, exp);
  }

  isZero(): boolean {
    return this.digits === 0n;
  }

  plus(o: BigDecimal): BigDecimal {
    const [a, b, scale] = align(this, o);
    return BigDecimal.of(a + b, -scale);
  }

  minus(o: BigDecimal): BigDecimal {
    const [a, b, scale] = align(this, o);
    return BigDecimal.of(a - b, -scale);
  }

  times(o: BigDecimal): BigDecimal {
    return BigDecimal.of(this.digits * o.digits, this.exp + o.exp);
  }

  /** Division with the crate's algorithm (100 significant digits, last one rounded half up). */
  dividedBy(o: BigDecimal): BigDecimal {
    if (o.isZero()) throw new NumberError(`attempted to divide BigDecimal \`${this.toString()}\` by zero`);
    if (this.isZero() || (o.digits === 1n && o.exp === 0)) return this;
    const scale = o.exp - this.exp;
    if (this.digits === o.digits) return BigDecimal.of(1n, -scale);
    const [q, sc] = divide(this.digits, o.digits, scale);
    return BigDecimal.of(q, -sc);
  }

  /** Numeric comparison: negative, zero or positive. */
  compare(o: BigDecimal): number {
    const [a, b] = align(this, o);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(o: BigDecimal): boolean {
    return this.compare(o) === 0;
  }

  /** Plain notation, as the crate's `Display` (`1324000000`, `0.001`, `-1.5`). */
  toString(): string {
    const neg = this.digits < 0n;
    const abs = (neg ? -this.digits : this.digits).toString();
    let out: string;
    if (this.exp >= 0) out = abs + "0".repeat(this.isZero() ? 0 : this.exp);
    else {
      const scale = -this.exp;
      out =
        scale >= abs.length
          ? "0." + "0".repeat(scale - abs.length) + abs
          : abs.slice(0, abs.length - scale) + "." + abs.slice(abs.length - scale);
    }
    return neg ? "-" + out : out;
  }
}

/** Both significands at the smaller exponent, and that exponent's scale (its negation). */
function align(a: BigDecimal, b: BigDecimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.digits * pow10(a.exp - exp), b.digits * pow10(b.exp - exp), -exp];
}

/** The crate's `impl_division` on non-zero operands: returns (quotient digits, scale). */
function divide(num: bigint, den: bigint, scale: number): [bigint, number] {
  if (num < 0n && den < 0n) return divide(-num, -den, scale);
  if (num < 0n || den < 0n) {
    const [q, s] = divide(num < 0n ? -num : num, den < 0n ? -den : den, scale);
    return [-q, s];
  }
  let n = num;
  let sc = scale;
  while (n < den) {
    sc++;
    n *= 10n;
  }
  const [quotient, remainder] = divRem(n, den);
  if (remainder === 0n) return [quotient, sc];
  const precision = countDigits(quotient);
  if (precision >= DIVISION_PRECISION) return [quotient + roundingTerm((remainder * 10n) / den), sc];
  // The crate's long division appends one digit at a time until the remainder is zero or there are
  // 100 digits. All k = 100 - precision digits at once: q = remainder·10^k / den. If that leaves a
  // remainder, the loop ran k times and rounds on (rest·10) / den; if not, it stopped after
  // j = k - (trailing zeros of q) digits, since the digit that empties the remainder is never 0.
  const k = DIVISION_PRECISION - precision;
  const [q, rest] = divRem(remainder * pow10(k), den);
  if (rest !== 0n) return [quotient * pow10(k) + q + roundingTerm((rest * 10n) / den), sc + k];
  let zeros = 0;
  if (q % 10n === 0n) {
    const text = q.toString();
    while (text.charCodeAt(text.length - 1 - zeros) === 48) zeros++;
  }
  const j = k - zeros;
  return [quotient * pow10(j) + q / pow10(zeros), sc + j];
}

/** graph-node's `BigDecimal::normalized` of `digits × 10^-scale`: returns (digits, exp). */
function normalize(digits: bigint, scale: number): [bigint, number] {
  if (digits === 0n) return [0n, 0];
  // Already normal (at most 34 digits, no trailing zero): padding to 34 digits and stripping the
  // zeros again gives it back unchanged, for negative values too (their estimate is never higher).
  if ((digits < 0n ? -digits : digits) < POW10[MAX_SIGNIFICANT_DIGITS]! && digits % 10n !== 0n) return [digits, -scale];
  // with_prec(34)
  let q = digits;
  let sc = scale;
  const count = countDigits(digits);
  if (count > MAX_SIGNIFICANT_DIGITS) {
    const diff = count - MAX_SIGNIFICANT_DIGITS;
    const p = pow10(diff);
    const [quot, r] = divRem(digits, p);
    q = quot;
    if (p < 10n * r) q += roundingTerm(r);
    sc = scale - diff;
  } else if (count < MAX_SIGNIFICANT_DIGITS) {
    const diff = MAX_SIGNIFICANT_DIGITS - count;
    q = digits * pow10(diff);
    sc = scale + diff;
  }
  // Strip trailing zeros (counted on the decimal string when there are any).
  if (q === 0n) return [0n, 0];
  if (q % 10n === 0n) {
    const text = (q < 0n ? -q : q).toString();
    let zeros = 0;
    while (text.charCodeAt(text.length - 1 - zeros) === 48) zeros++;
    q /= pow10(zeros);
    sc -= zeros;
  }
  return [q, -sc];
}
