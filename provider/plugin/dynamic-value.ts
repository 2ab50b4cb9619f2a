// DynamicValue (the tfplugin6 envelope for values) <-> cty values.
import { CtyType, CtyValue } from "./cty";
import { decodeCtyJson } from "./cty-json";
import { decodeCtyMsgpack, encodeCtyMsgpack } from "./cty-msgpack";
import type { DynamicValue } from "./protocol";

/** Decodes a request's DynamicValue (msgpack, else JSON); an absent or empty value is null. */
export function decodeDynamicValue(dv: DynamicValue | null | undefined, type: CtyType): CtyValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeCtyMsgpack(dv.msgpack, type);
  if (dv?.json && dv.json.length > 0) return decodeCtyJson(dv.json, type);
  return null;
}

/** Encodes a value for a response: always msgpack, which is what core reads back. */
export function encodeDynamicValue(value: CtyValue, type: CtyType): DynamicValue {
  return { msgpack: encodeCtyMsgpack(value, type) };
}
