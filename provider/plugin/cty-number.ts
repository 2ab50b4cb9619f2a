// Exact cty numbers. cty numbers are arbitrary-precision decimals; Terraform compares them exactly,
// so a configured `0.1` must travel back as the decimal 0.1, never as the nearest float64.
//
// Canonical JS form of a cty number (what ctyNumber returns):
//   - `number`     for safe integers and for non-integers whose value is exactly a float64 (0.5),
//                  and for ±Infinity;
//   - `bigint`     for integers outside the safe-integer range (any size);
//   - `CtyDecimal` for everything else (0.1, 1.23456789012345678901), holding a canonical
//                  decimal string with no exponent and no trailing zeros.
import { CtyError } from "./cty-type";

/** A decimal that is not exactly a float64. Create it through ctyNumber(), which canonicalises. */
export class CtyDecimal {
  /** Internal: `decimal` must already be canonical. Use ctyNumber("0.1"). */
  constructor(readonly decimal: string) {}
  toString(): string { return this.decimal; }
  toJSON(): string { return this.decimal; }
}

export type CtyNumber = number | bigint | CtyDecimal;

/** Exact decimal as sign, coefficient without trailing zeros, and power-of-ten exponent. */
interface Exact { neg: boolean; coeff: bigint; exp: number }

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
// A config literal like 1e100000 would expand to a huge integer; cty itself caps precision too.
const MAX_EXPONENT = 10000;

function normalize(neg: boolean, coeff: bigint, exp: number): Exact {
  if (coeff === 0n) return { neg: false, coeff: 0n, exp: 0 };
  while (coeff % 10n === 0n) { coeff /= 10n; exp += 1; }
  return { neg, coeff, exp };
}

function parseExact(s: string): Exact {
  const m = DECIMAL_RE.exec(s.trim());
  if (!m) throw new CtyError(`invalid number ${JSON.stringify(s)}`);
  const frac = m[3] ?? "";
  const exp = Number(m[4] ?? "0") - frac.length;
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) throw new CtyError(`number ${s} is out of range`);
  return normalize(m[1] === "-", BigInt(m[2]! + frac), exp);
}

/** The exact value of a finite double. */
function doubleExact(d: number): Exact {
  if (Number.isInteger(d)) return normalize(d < 0, BigInt(Math.abs(d)), 0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const neg = (bits >> 63n) === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (biased === 0) e2 = -1074; else { mant |= 1n << 52n; e2 = biased - 1075; }
  // d = mant * 2^e2 with e2 < 0 here: = mant * 5^-e2 / 10^-e2.
  return normalize(neg, mant * 5n ** BigInt(-e2), e2);
}

function exactEquals(a: Exact, b: Exact): boolean {
  return a.neg === b.neg && a.coeff === b.coeff && a.exp === b.exp;
}

function exactToString(x: Exact): string {
  const digits = x.coeff.toString();
  let body: string;
  if (x.exp >= 0) body = digits + "0".repeat(x.exp);
  else if (digits.length > -x.exp) body = `${digits.slice(0, digits.length + x.exp)}.${digits.slice(digits.length + x.exp)}`;
  else body = `0.${"0".repeat(-x.exp - digits.length)}${digits}`;
  return (x.neg ? "-" : "") + body;
}

function fromExact(x: Exact, source?: string): CtyNumber {
  if (x.exp >= 0) {
    const i = (x.neg ? -1n : 1n) * x.coeff * 10n ** BigInt(x.exp);
    return i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(i) : i;
  }
  const d = Number(source ?? exactToString(x));
  if (Number.isFinite(d) && exactEquals(doubleExact(d), x)) return d;
  return new CtyDecimal(exactToString(x));
}

/** Canonicalises a number from JS, a bigint or a decimal string ("0.1", "1e3") without losing precision. */
export function ctyNumber(x: number | bigint | string | CtyDecimal): CtyNumber {
  if (x instanceof CtyDecimal) return x;
  if (typeof x === "bigint") {
    return x >= BigInt(Number.MIN_SAFE_INTEGER) && x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
  }
  if (typeof x === "number") {
    if (Number.isNaN(x)) throw new CtyError("NaN is not a cty number");
    if (!Number.isFinite(x)) return x;
    if (Number.isInteger(x)) return Number.isSafeInteger(x) ? (x === 0 ? 0 : x) : BigInt(x);
    return x;
  }
  const s = x.trim();
  if (s === "Infinity" || s === "+Infinity") return Infinity;
  if (s === "-Infinity") return -Infinity;
  return fromExact(parseExact(s), s);
}

/** The exact decimal text of a number (a non-integer float64 gives its full binary expansion). */
export function ctyNumberToString(n: CtyNumber): string {
  if (n instanceof CtyDecimal) return n.decimal;
  if (typeof n === "bigint") return n.toString();
  if (!Number.isFinite(n)) {
    if (Number.isNaN(n)) throw new CtyError("NaN is not a cty number");
    return n > 0 ? "Infinity" : "-Infinity";
  }
  return exactToString(doubleExact(n));
}

/** Exact numeric equality across the three representations. */
export function ctyNumberEquals(a: CtyNumber, b: CtyNumber): boolean {
  return ctyNumberToString(a) === ctyNumberToString(b);
}

/** Nearest JS double, for code that only needs an approximate value (counts, sizes). */
export function ctyNumberToJS(n: CtyNumber): number {
  return n instanceof CtyDecimal ? Number(n.decimal) : Number(n);
}

export function isCtyNumber(v: unknown): v is CtyNumber {
  return typeof v === "number" || typeof v === "bigint" || v instanceof CtyDecimal;
}
