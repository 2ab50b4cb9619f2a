// cty msgpack codec: byte fixtures from the protocol notes plus property-based round trips.
import t from "tap";
import { ExtData, encode } from "@msgpack/msgpack";
import {
  CtyDecimal, CtyDynamic, CtyError, UNKNOWN, ctyValueEquals, isUnknown, t as ty,
} from "../../provider/plugin/cty";
import { decodeCtyMsgpack, encodeCtyMsgpack } from "../../provider/plugin/cty-msgpack";
import { decodeDynamicValue, encodeDynamicValue } from "../../provider/plugin/dynamic-value";
import { Gen, rng } from "./cty-gen";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const bytes = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ""), "hex");

t.test("fixtures: null, unknown, refined unknown", async (t) => {
  t.equal(hex(encodeCtyMsgpack(null, ty.string)), "c0");
  t.equal(hex(encodeCtyMsgpack(UNKNOWN, ty.string)), "d40000", "unknown is fixext1 type 0");
  t.equal(decodeCtyMsgpack(bytes("c0"), ty.object({ a: ty.string })), null);
  t.ok(isUnknown(decodeCtyMsgpack(bytes("d40000"), ty.number)));
  // Refined unknown (type 12, map payload: e.g. {1: true} = "definitely not null").
  t.ok(isUnknown(decodeCtyMsgpack(bytes("c7 03 0c 81 01 c3"), ty.string)), "ext type 12 reads as unknown");
  t.ok(isUnknown(decodeCtyMsgpack(encode(new ExtData(5, Uint8Array.of(1, 2))), ty.list(ty.bool))), "any ext type is unknown");
  const obj = decodeCtyMsgpack(bytes("82 a1 61 c7 03 0c 81 01 c3 a1 62 c3"), ty.object({ a: ty.string, b: ty.bool }));
  t.ok(isUnknown((obj as Record<string, unknown>).a));
  t.equal((obj as Record<string, unknown>).b, true);
});

t.test("fixtures: objects, collections, dynamic", async (t) => {
  const objT = ty.object({ b: ty.string, a: ty.list(ty.string) });
  t.equal(hex(encodeCtyMsgpack({ b: "x", a: [] }, objT)), "82a16190a162a178", "sorted keys; empty list is 90");
  t.throws(() => encodeCtyMsgpack({ b: "x" }, objT), CtyError, "every attribute is required");
  t.throws(() => encodeCtyMsgpack({ b: "x", a: [], c: 1 }, objT), /unsupported attribute "c"/);
  t.throws(() => decodeCtyMsgpack(bytes("81a162a178"), objT), /attribute "a" is required/);
  t.equal(hex(encodeCtyMsgpack({ a: "b" }, ty.map(ty.string))), "81a161a162");
  t.equal(hex(encodeCtyMsgpack(["x", null], ty.set(ty.string))), "92a178c0");
  t.equal(hex(encodeCtyMsgpack({}, ty.map(ty.string))), "80");
  const dyn = encodeCtyMsgpack(new CtyDynamic(ty.string, "x"), ty.dynamic);
  t.equal(hex(dyn), "92c408" + Buffer.from('"string"').toString("hex") + "a178", "[bin(JSON type), value]");
  const back = decodeCtyMsgpack(dyn, ty.dynamic);
  t.ok(back instanceof CtyDynamic);
  t.same((back as CtyDynamic).type, ty.string);
  t.equal(hex(encodeCtyMsgpack(null, ty.dynamic)), "c0", "null dynamic is bare nil");
  t.equal(hex(encodeCtyMsgpack(UNKNOWN, ty.dynamic)), "d40000", "unknown dynamic is bare ext");
  // A dynamic whose type arrives as a msgpack str instead of bin still decodes.
  const strForm = Buffer.concat([bytes("92a8"), Buffer.from('"number"'), bytes("07")]);
  t.same(decodeCtyMsgpack(strForm, ty.dynamic), new CtyDynamic(ty.number, 7));
  const nested = new CtyDynamic(ty.object({ l: ty.list(ty.number) }), { l: [1, new CtyDecimal("0.1")] });
  t.ok(ctyValueEquals(decodeCtyMsgpack(encodeCtyMsgpack(nested, ty.dynamic), ty.dynamic), nested));
});

t.test("fixtures: numbers", async (t) => {
  const n = (v: Parameters<typeof encodeCtyMsgpack>[0]): string => hex(encodeCtyMsgpack(v, ty.number));
  t.equal(n(1), "01");
  t.equal(n(-1), "ff");
  t.equal(n(300), "cd012c");
  t.equal(n(1.5), "cb3ff8000000000000", "exact float64 as float64");
  t.equal(n(new CtyDecimal("0.1")), "a3302e31", "0.1 as the decimal string");
  t.equal(n(2 ** 40), "cf0000010000000000", "large safe ints stay integers");
  t.equal(n(-(2 ** 40)), "d3ffffff0000000000");
  t.equal(n(2n ** 63n - 1n), "cf7fffffffffffffff");
  t.equal(n(-(2n ** 63n)), "d38000000000000000");
  t.equal(n(2n ** 64n), "b4" + Buffer.from("18446744073709551616").toString("hex"), "beyond int64: decimal string");
  t.equal(n(Infinity), "cb7ff0000000000000");
  t.equal(n(-0), "00");
  t.throws(() => n(NaN), CtyError);
  t.equal(decodeCtyMsgpack(bytes("a3302e31"), ty.number) instanceof CtyDecimal, true, '"0.1" arrives as a string');
  t.equal(decodeCtyMsgpack(bytes("cf0020000000000001"), ty.number), 2n ** 53n + 1n, "uint64 decodes exactly");
  t.equal(decodeCtyMsgpack(bytes("d3fffffffffffffffe"), ty.number), -2, "small int64 becomes a number");
  t.equal(decodeCtyMsgpack(bytes("a3312e35"), ty.number), 1.5, '"1.5" is exactly a float64');
  t.equal(decodeCtyMsgpack(bytes("cb3fb999999999999a"), ty.number), 0.1, "float64 0.1 stays the float64");
});

t.test("type mismatches name the path", async (t) => {
  const objT = ty.object({ tags: ty.map(ty.string) });
  t.throws(() => encodeCtyMsgpack({ tags: { a: 1 } }, objT), /a string is required, got number \(at tags\.a\)/);
  t.throws(() => decodeCtyMsgpack(bytes("81a474616773 81a161 01"), objT), /\(at tags\.a\)/);
  t.throws(() => decodeCtyMsgpack(bytes("c1"), ty.string), /invalid msgpack/);
});

t.test("DynamicValue helpers", async (t) => {
  t.equal(decodeDynamicValue(null, ty.string), null);
  t.equal(decodeDynamicValue({ msgpack: Buffer.alloc(0), json: Buffer.alloc(0) }, ty.string), null, "empty is null");
  t.same(decodeDynamicValue({ json: Buffer.from('{"a":0.1}') }, ty.object({ a: ty.number })), { a: new CtyDecimal("0.1") });
  t.equal(hex(encodeDynamicValue("x", ty.string).msgpack!), "a178");
});

t.test("property: msgpack round trip", async (t) => {
  const seed = Number(process.env.CTY_SEED ?? Date.now() % 1e9);
  t.comment(`seed ${seed} (CTY_SEED=${seed} to reproduce)`);
  const g = new Gen(rng(seed));
  let checked = 0, unstable = 0;
  for (let i = 0; i < 2000; i++) {
    const type = g.type();
    const value = g.value(type, true);
    const enc = encodeCtyMsgpack(value, type);
    const dec = decodeCtyMsgpack(enc, type);
    if (!ctyValueEquals(dec, value, type)) {
      t.fail(`round trip differs for ${JSON.stringify(type)}`, { value, dec });
      break;
    }
    if (hex(encodeCtyMsgpack(dec, type)) !== hex(enc)) unstable++;
    checked++;
  }
  t.equal(checked, 2000, "every generated value round-trips");
  t.equal(unstable, 0, "re-encoding a decoded value is byte-identical");
});

t.test("map keys that are special in JS survive", async (t) => {
  const mt = ty.map(ty.string);
  const v: Record<string, string> = {};
  Object.defineProperty(v, "__proto__", { value: "p", enumerable: true, writable: true, configurable: true });
  Object.defineProperty(v, "constructor", { value: "c", enumerable: true, writable: true, configurable: true });
  const enc = encodeCtyMsgpack(v, mt);
  t.equal(hex(enc), "82" + "a9" + Buffer.from("__proto__").toString("hex") + "a170" + "ab" + Buffer.from("constructor").toString("hex") + "a163");
  const dec = decodeCtyMsgpack(enc, mt) as Record<string, string>;
  t.same(Object.keys(dec), ["__proto__", "constructor"]);
  t.equal(Object.getPrototypeOf(dec), Object.prototype, "no prototype pollution");
  t.equal(dec["__proto__"], "p");
});
