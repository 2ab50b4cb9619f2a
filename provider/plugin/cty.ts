// cty values in JS: the model the codecs (cty-msgpack, cty-json) read and write.
//
//   cty                          JS
//   null (any type)              null
//   unknown (any type)           UNKNOWN (an UnknownValue; refinements are read but dropped)
//   string / bool                string / boolean
//   number                       CtyNumber (number | bigint | CtyDecimal, see cty-number.ts)
//   list / set / tuple           array (set order carries no meaning)
//   map / object                 plain object (objects carry every attribute)
//   value of type "dynamic"      CtyDynamic { type, value } (null/unknown dynamic: null/UNKNOWN)
import { CtyError, CtyType, assertNever, ctyTypeEquals } from "./cty-type";
import { CtyDecimal, CtyNumber, ctyNumberEquals, isCtyNumber } from "./cty-number";

export * from "./cty-type";
export * from "./cty-number";

/** The unknown-value marker ("known after apply"). Compare with isUnknown(), not by shape. */
export class UnknownValue {
  toJSON(): string { return "<unknown>"; }
  toString(): string { return "<unknown>"; }
}

/** The single unknown value. */
export const UNKNOWN: UnknownValue = Object.freeze(new UnknownValue());

/** A value placed where the schema says "dynamic": it carries its concrete type on the wire. */
export class CtyDynamic {
  constructor(readonly type: CtyType, readonly value: CtyValue) {}
}

export type CtyValue =
  | null
  | UnknownValue
  | string
  | boolean
  | CtyNumber
  | readonly CtyValue[]
  | CtyObject
  | CtyDynamic;

export interface CtyObject { readonly [key: string]: CtyValue }

export function isUnknown(v: unknown): v is UnknownValue {
  return v instanceof UnknownValue;
}

/** True for a plain object value (cty map or object), not arrays or marker classes. */
export function isCtyObject(v: unknown): v is CtyObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) &&
    !(v instanceof UnknownValue) && !(v instanceof CtyDecimal) && !(v instanceof CtyDynamic);
}

/** True when no unknown appears anywhere inside (what apply results must satisfy). */
export function isWhollyKnown(v: CtyValue): boolean {
  if (isUnknown(v)) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (v instanceof CtyDynamic) return isWhollyKnown(v.value);
  if (isCtyObject(v)) return Object.values(v).every(isWhollyKnown);
  return true;
}

/**
 * Exact structural equality, unknown equal to unknown (cty RawEquals). With `type`, set elements
 * compare regardless of order; without it, arrays compare in order.
 */
export function ctyValueEquals(a: CtyValue, b: CtyValue, type?: CtyType): boolean {
  if (a === null || b === null) return a === b;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b);
  if (a instanceof CtyDynamic || b instanceof CtyDynamic) {
    if (!(a instanceof CtyDynamic) || !(b instanceof CtyDynamic)) return false;
    return ctyTypeEquals(a.type, b.type) && ctyValueEquals(a.value, b.value, a.type);
  }
  if (isCtyNumber(a) || isCtyNumber(b)) return isCtyNumber(a) && isCtyNumber(b) && ctyNumberEquals(a, b);
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const al = a as readonly CtyValue[], bl = b as readonly CtyValue[];
    if (type?.kind === "set") {
      const used = new Array<boolean>(bl.length).fill(false);
      return al.every((x) => {
        const j = bl.findIndex((y, k) => !used[k] && ctyValueEquals(x, y, type.element));
        if (j < 0) return false;
        used[j] = true;
        return true;
      });
    }
    return al.every((x, i) => ctyValueEquals(x, bl[i]!, elementType(type, i)));
  }
  const ao = a as CtyObject, bo = b as CtyObject;
  const ak = Object.keys(ao), bk = Object.keys(bo);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && ctyValueEquals(ao[k]!, bo[k]!, attributeType(type, k)));
}

function elementType(type: CtyType | undefined, i: number): CtyType | undefined {
  if (!type) return undefined;
  if (type.kind === "list" || type.kind === "set" || type.kind === "map") return type.element;
  if (type.kind === "tuple") return type.elements[i];
  return undefined;
}

function attributeType(type: CtyType | undefined, k: string): CtyType | undefined {
  if (!type) return undefined;
  if (type.kind === "map") return type.element;
  if (type.kind === "object") return type.attributes[k];
  return undefined;
}

/** Throws a CtyError (with the path) unless `value` is a valid value of `type`. */
export function checkCtyValue(type: CtyType, value: CtyValue, path: (string | number)[] = []): void {
  if (value === null || isUnknown(value)) return;
  const fail = (what: string): never => { throw new CtyError(`${what} is required`, path); };
  switch (type.kind) {
    case "string": if (typeof value !== "string") fail("a string"); return;
    case "bool": if (typeof value !== "boolean") fail("a bool"); return;
    case "number":
      if (!isCtyNumber(value) || (typeof value === "number" && Number.isNaN(value))) fail("a number");
      return;
    case "dynamic":
      if (!(value instanceof CtyDynamic)) fail("a CtyDynamic (a value with its type)");
      checkCtyValue((value as CtyDynamic).type, (value as CtyDynamic).value, path);
      return;
    case "list": case "set":
      if (!Array.isArray(value)) fail(`a ${type.kind} (array)`);
      (value as CtyValue[]).forEach((e, i) => checkCtyValue(type.element, e, [...path, i]));
      return;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) fail(`a tuple of ${type.elements.length} elements`);
      (value as CtyValue[]).forEach((e, i) => checkCtyValue(type.elements[i]!, e, [...path, i]));
      return;
    case "map":
      if (!isCtyObject(value)) fail("a map (plain object)");
      for (const [k, e] of Object.entries(value as CtyObject)) checkCtyValue(type.element, e, [...path, k]);
      return;
    case "object": {
      if (!isCtyObject(value)) fail("an object (plain object)");
      const obj = value as CtyObject;
      for (const k of Object.keys(obj)) if (!Object.hasOwn(type.attributes, k)) throw new CtyError(`unsupported attribute "${k}"`, path);
      for (const [k, at] of Object.entries(type.attributes)) {
        if (!Object.hasOwn(obj, k)) throw new CtyError(`attribute "${k}" is required`, path);
        checkCtyValue(at, obj[k]!, [...path, k]);
      }
      return;
    }
    default:
      assertNever(type);
  }
}
