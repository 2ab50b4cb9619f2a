// The cty JSON encoding: what UpgradeResourceState.raw_state.json carries (stored state) and what
// DynamicValue.json may carry. Dynamic values are {"value": ..., "type": ...}; unknowns cannot be
// represented. Numbers are read and written exactly.
import {
  CtyDynamic, CtyError, CtyObject, CtyType, CtyValue, assertNever, ctyNumber, ctyNumberToString, ctyTypeToJSON,
  isCtyNumber, isCtyObject, isUnknown, parseCtyType, setOwn,
} from "./cty";
import { JsonNode, JsonNumber, parseJsonExact } from "./json-exact";

/** Decodes cty JSON text/bytes as a value of `type`, keeping numbers exact. */
export function decodeCtyJson(json: string | Uint8Array, type: CtyType): CtyValue {
  const text = typeof json === "string" ? json : Buffer.from(json).toString("utf8");
  let node: JsonNode;
  try {
    node = parseJsonExact(text);
  } catch (err) {
    throw new CtyError(`invalid JSON: ${(err as Error).message}`);
  }
  return fromNode(node, type, []);
}

/** Encodes a wholly known value of `type` as cty JSON text (numbers as exact decimals). */
export function encodeCtyJson(value: CtyValue, type: CtyType): string {
  return toText(value, type, []);
}

function fromNode(node: JsonNode, type: CtyType, path: (string | number)[]): CtyValue {
  if (node === null) return null;
  const fail = (what: string): never => { throw new CtyError(`${what} is required`, path); };
  switch (type.kind) {
    case "string":
      // go-cty accepts JSON numbers and bools where a string is expected (as their text).
      if (typeof node === "string") return node;
      if (node instanceof JsonNumber) return node.literal;
      if (typeof node === "boolean") return String(node);
      return fail("a string");
    case "bool":
      if (typeof node === "boolean") return node;
      if (node === "true" || node === "false") return node === "true";
      return fail("a bool");
    case "number":
      if (node instanceof JsonNumber) return ctyNumber(node.literal);
      if (typeof node === "string") return ctyNumber(node);
      return fail("a number");
    case "dynamic": {
      if (!isNodeObject(node) || !Object.hasOwn(node, "value") || !Object.hasOwn(node, "type")) {
        return fail('a dynamic value {"value", "type"}');
      }
      const ty = parseCtyType(node.type);
      return new CtyDynamic(ty, fromNode(node.value!, ty, path));
    }
    case "list": case "set":
      if (!Array.isArray(node)) return fail(`a ${type.kind} (array)`);
      return node.map((e, i) => fromNode(e, type.element, [...path, i]));
    case "tuple":
      if (!Array.isArray(node) || node.length !== type.elements.length) return fail(`a tuple of ${type.elements.length}`);
      return node.map((e, i) => fromNode(e, type.elements[i]!, [...path, i]));
    case "map": {
      if (!isNodeObject(node)) return fail("a map (object)");
      const out: Record<string, CtyValue> = {};
      for (const [k, e] of Object.entries(node)) setOwn(out, k, fromNode(e, type.element, [...path, k]));
      return out;
    }
    case "object": {
      if (!isNodeObject(node)) return fail("an object");
      for (const k of Object.keys(node)) {
        if (!Object.hasOwn(type.attributes, k)) throw new CtyError(`unsupported attribute "${k}"`, path);
      }
      // Stored state may predate an optional attribute: absent attributes decode as null, as in go-cty.
      const out: Record<string, CtyValue> = {};
      for (const [name, at] of Object.entries(type.attributes)) {
        setOwn(out, name, Object.hasOwn(node, name) ? fromNode(node[name]!, at, [...path, name]) : null);
      }
      return out;
    }
    default:
      return assertNever(type);
  }
}

function isNodeObject(n: JsonNode): n is { [key: string]: JsonNode } {
  return typeof n === "object" && n !== null && !Array.isArray(n) && !(n instanceof JsonNumber);
}

function toText(value: CtyValue, type: CtyType, path: (string | number)[]): string {
  if (value === null) return "null";
  if (isUnknown(value)) throw new CtyError("an unknown value cannot be encoded as JSON", path);
  const fail = (what: string): never => { throw new CtyError(`${what} is required`, path); };
  switch (type.kind) {
    case "string":
      return typeof value === "string" ? JSON.stringify(value) : fail("a string");
    case "bool":
      return typeof value === "boolean" ? String(value) : fail("a bool");
    case "number": {
      if (!isCtyNumber(value)) return fail("a number");
      const s = ctyNumberToString(value);
      if (s.endsWith("Infinity")) throw new CtyError("an infinite number cannot be encoded as JSON", path);
      return s;
    }
    case "dynamic":
      if (!(value instanceof CtyDynamic)) return fail("a CtyDynamic");
      return `{"value":${toText(value.value, value.type, path)},"type":${JSON.stringify(ctyTypeToJSON(value.type))}}`;
    case "list": case "set":
      if (!Array.isArray(value)) return fail(`a ${type.kind} (array)`);
      return `[${(value as CtyValue[]).map((e, i) => toText(e, type.element, [...path, i])).join(",")}]`;
    case "tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) return fail(`a tuple of ${type.elements.length}`);
      return `[${(value as CtyValue[]).map((e, i) => toText(e, type.elements[i]!, [...path, i])).join(",")}]`;
    case "map": {
      if (!isCtyObject(value)) return fail("a map (plain object)");
      const parts = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${toText(value[k]!, type.element, [...path, k])}`);
      return `{${parts.join(",")}}`;
    }
    case "object": {
      if (!isCtyObject(value)) return fail("an object (plain object)");
      const obj = value as CtyObject;
      for (const k of Object.keys(obj)) {
        if (!Object.hasOwn(type.attributes, k)) throw new CtyError(`unsupported attribute "${k}"`, path);
      }
      const parts = Object.keys(type.attributes).sort().map((k) => {
        if (!Object.hasOwn(obj, k)) throw new CtyError(`attribute "${k}" is required`, path);
        return `${JSON.stringify(k)}:${toText(obj[k]!, type.attributes[k]!, [...path, k])}`;
      });
      return `{${parts.join(",")}}`;
    }
    default:
      return assertNever(type);
  }
}
