// The cty msgpack encoding (what DynamicValue.msgpack carries), driven by the schema type because
// msgpack alone cannot tell a list from a set or an object from a map.
//   null: nil (c0); unknown: fixext1 type 0 (d4 00 00), and ANY ext type is read as unknown
//   (refined unknowns arrive as type 12); numbers: int64 as ints, exact float64 as float64, anything
//   else as a decimal string; dynamic: [JSON type as bin, value].
import { Encoder, ExtData } from "@msgpack/msgpack";
import {
  CtyDecimal, CtyDynamic, CtyError, CtyObject, CtyType, CtyValue, UNKNOWN, assertNever, ctyNumber, ctyTypeBytes,
  isCtyNumber, isCtyObject, isUnknown, parseCtyType, setOwn,
} from "./cty";
import { MsgpackExt, MsgpackMap, readMsgpack } from "./msgpack-read";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const UINT32_LIMIT = 2 ** 32;

let encoder: Encoder | undefined;

/** Decodes cty msgpack bytes as a value of `type`; throws CtyError naming the path on mismatch. */
export function decodeCtyMsgpack(bytes: Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = readMsgpack(bytes);
  } catch (err) {
    throw new CtyError(`invalid msgpack: ${(err as Error).message}`);
  }
  return fromRaw(raw, type, []);
}

/** Encodes a value of `type` as cty msgpack; throws CtyError naming the path if it does not fit. */
export function encodeCtyMsgpack(value: CtyValue, type: CtyType): Uint8Array {
  encoder ??= new Encoder({ useBigInt64: true, sortKeys: true });
  return encoder.encode(toRaw(value, type, []));
}

function fromRaw(raw: unknown, type: CtyType, path: (string | number)[]): CtyValue {
  if (raw instanceof MsgpackExt) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  const fail = (what: string): never => {
    throw new CtyError(`${what} is required, got ${describe(raw)}`, path);
  };
  switch (type.kind) {
    case "string":
      return typeof raw === "string" ? raw : fail("a string");
    case "bool":
      return typeof raw === "boolean" ? raw : fail("a bool");
    case "number":
      if (typeof raw === "number" || typeof raw === "bigint") return ctyNumber(raw);
      if (typeof raw === "string") return ctyNumber(raw);
      return fail("a number");
    case "dynamic": {
      if (!Array.isArray(raw) || raw.length !== 2) return fail("a dynamic value [type, value]");
      const [tj, inner] = raw as [unknown, unknown];
      if (!(tj instanceof Uint8Array) && typeof tj !== "string") return fail("a dynamic value's JSON type");
      const ty = parseCtyType(typeof tj === "string" ? Buffer.from(tj) : tj);
      return new CtyDynamic(ty, fromRaw(inner, ty, path));
    }
    case "list": case "set":
      if (!Array.isArray(raw)) return fail(`a ${type.kind}`);
      return raw.map((e, i) => fromRaw(e, type.element, [...path, i]));
    case "tuple":
      if (!Array.isArray(raw) || raw.length !== type.elements.length) return fail(`a tuple of ${type.elements.length}`);
      return raw.map((e, i) => fromRaw(e, type.elements[i]!, [...path, i]));
    case "map": {
      if (!(raw instanceof MsgpackMap)) return fail("a map");
      const out: Record<string, CtyValue> = {};
      for (const [k, e] of raw.entries) setOwn(out, k, fromRaw(e, type.element, [...path, k]));
      return out;
    }
    case "object": {
      if (!(raw instanceof MsgpackMap)) return fail("an object");
      const got = new Map(raw.entries);
      for (const k of got.keys()) {
        if (!Object.hasOwn(type.attributes, k)) throw new CtyError(`unsupported attribute "${k}"`, path);
      }
      const out: Record<string, CtyValue> = {};
      for (const [name, at] of Object.entries(type.attributes)) {
        if (!got.has(name)) throw new CtyError(`attribute "${name}" is required`, path);
        setOwn(out, name, fromRaw(got.get(name), at, [...path, name]));
      }
      return out;
    }
    default:
      return assertNever(type);
  }
}

function toRaw(value: CtyValue, type: CtyType, path: (string | number)[]): unknown {
  if (value === null) return null;
  if (isUnknown(value)) return new ExtData(0, Uint8Array.of(0));
  const fail = (what: string): never => {
    throw new CtyError(`${what} is required, got ${describe(value)}`, path);
  };
  switch (type.kind) {
    case "string":
      return typeof value === "string" ? value : fail("a string");
    case "bool":
      return typeof value === "boolean" ? value : fail("a bool");
    case "number":
      return isCtyNumber(value) ? numberToRaw(value, path) : fail("a number");
    case "dynamic":
      if (!(value instanceof CtyDynamic)) return fail("a CtyDynamic");
      return [ctyTypeBytes(value.type), toRaw(value.value, value.type, path)];
    case "list": case "set":
      if (!Array.isArray(value)) return fail(`a ${type.kind} (array)`);
      return (value as CtyValue[]).map((e, i) => toRaw(e, type.element, [...path, i]));
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) return fail(`a tuple of ${type.elements.length}`);
      return (value as CtyValue[]).map((e, i) => toRaw(e, type.elements[i]!, [...path, i]));
    case "map": {
      if (!isCtyObject(value)) return fail("a map (plain object)");
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(value)) setOwn(out, k, toRaw(e, type.element, [...path, k]));
      return out;
    }
    case "object": {
      if (!isCtyObject(value)) return fail("an object (plain object)");
      const obj = value as CtyObject;
      for (const k of Object.keys(obj)) {
        if (!Object.hasOwn(type.attributes, k)) throw new CtyError(`unsupported attribute "${k}"`, path);
      }
      const out: Record<string, unknown> = {};
      for (const [name, at] of Object.entries(type.attributes)) {
        if (!Object.hasOwn(obj, name)) throw new CtyError(`attribute "${name}" is required`, path);
        setOwn(out, name, toRaw(obj[name]!, at, [...path, name]));
      }
      return out;
    }
    default:
      return assertNever(type);
  }
}

function numberToRaw(n: number | bigint | CtyDecimal, path: (string | number)[]): unknown {
  if (n instanceof CtyDecimal) return n.decimal;
  if (typeof n === "bigint") return n >= INT64_MIN && n <= INT64_MAX ? n : n.toString();
  if (Number.isNaN(n)) throw new CtyError("NaN is not a cty number", path);
  if (!Number.isInteger(n)) return n; // float64 (also ±Infinity)
  if (Object.is(n, -0)) return 0;
  // The msgpack library writes safe integers beyond 32 bits as float64; keep them integers.
  if (n >= UINT32_LIMIT || n < INT32_MIN || !Number.isSafeInteger(n)) return numberToRaw(BigInt(n), path);
  return n;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof MsgpackMap) return "a map";
  if (v instanceof Uint8Array) return "bytes";
  return typeof v;
}
