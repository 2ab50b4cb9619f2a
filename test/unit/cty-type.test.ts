// cty types (JSON form), value checks/equality and schema-implied types.
import t from "tap";
import {
  CtyDecimal, CtyDynamic, CtyError, UNKNOWN, checkCtyValue, ctyTypeBytes, ctyTypeEquals, ctyTypeToJSON, ctyValueEquals,
  isWhollyKnown, parseCtyType, t as ty,
} from "../../provider/plugin/cty";
import { blockType } from "../../provider/plugin/schema-type";
import { Gen, rng } from "./cty-gen";

t.test("JSON type forms", async (t) => {
  t.same(parseCtyType('"string"'), ty.string);
  t.same(parseCtyType("number"), ty.number, "a bare name is accepted too");
  t.same(parseCtyType(Buffer.from('["map","string"]')), ty.map(ty.string));
  t.same(parseCtyType(["set", ["list", "bool"]]), ty.set(ty.list(ty.bool)));
  t.same(parseCtyType('["object",{"a":"string","b":"dynamic"}]'), ty.object({ a: ty.string, b: ty.dynamic }));
  t.same(parseCtyType('["object",{"a":"string","b":"number"},["b"]]'), ty.object({ a: ty.string, b: ty.number }, ["b"]));
  t.same(parseCtyType('["tuple",["string",["list","number"]]]'), ty.tuple([ty.string, ty.list(ty.number)]));
  t.equal(ctyTypeBytes(ty.object({ z: ty.string, a: ty.map(ty.bool) })).toString(), '["object",{"a":["map","bool"],"z":"string"}]');
  t.ok(Buffer.isBuffer(ctyTypeBytes(ty.string)), "schema type is bytes");
  for (const bad of ['"strin"', '["list"]', '["list","string","x"]', '["object",["a"]]', '["object",{"a":"string"},["b"]]', '["foo","string"]', "42"]) {
    t.throws(() => parseCtyType(bad), CtyError, `rejects ${bad}`);
  }
  const g = new Gen(rng(7));
  for (let i = 0; i < 300; i++) {
    const type = g.type(4);
    const again = parseCtyType(JSON.stringify(ctyTypeToJSON(type)));
    if (!ctyTypeEquals(type, again)) { t.fail(`type round trip ${JSON.stringify(type)}`); break; }
  }
});

t.test("values: check, equality, knownness", async (t) => {
  const type = ty.object({ s: ty.set(ty.number), m: ty.map(ty.string), d: ty.dynamic });
  const v = { s: [1, new CtyDecimal("0.1")], m: { a: "b" }, d: new CtyDynamic(ty.string, "x") };
  checkCtyValue(type, v);
  t.throws(() => checkCtyValue(type, { ...v, m: { a: 1 } }), /a string is required \(at m\.a\)/);
  t.throws(() => checkCtyValue(type, { s: [] }), /attribute "m" is required/);
  t.throws(() => checkCtyValue(type, { ...v, d: "x" }), /CtyDynamic/);
  t.ok(ctyValueEquals(v, { ...v, s: [new CtyDecimal("0.1"), 1] }, type), "sets compare unordered with a type");
  t.notOk(ctyValueEquals(v, { ...v, s: [new CtyDecimal("0.1"), 1] }), "arrays compare ordered without one");
  t.notOk(ctyValueEquals({ m: {} }, { m: null }), "null is not empty");
  t.ok(ctyValueEquals(UNKNOWN, UNKNOWN));
  t.notOk(ctyValueEquals(UNKNOWN, null));
  t.ok(ctyValueEquals(1, 1n), "numbers compare by value across representations");
  t.ok(isWhollyKnown(v));
  t.notOk(isWhollyKnown({ ...v, m: { a: UNKNOWN } }));
  t.notOk(isWhollyKnown(new CtyDynamic(ty.string, UNKNOWN)));
});

t.test("schema block implies the object type", async (t) => {
  const bytes = (s: string): Buffer => Buffer.from(s);
  const type = blockType({
    attributes: [
      { name: "id", type: bytes('"string"'), computed: true },
      { name: "tags", type: bytes('["map","string"]'), optional: true },
      { name: "disks", nested_type: { nesting: "LIST", attributes: [{ name: "size", type: bytes('"number"'), optional: true }] } },
    ],
    block_types: [
      { type_name: "wait_for", nesting: "SINGLE", block: { attributes: [{ name: "ipv4", type: bytes('"bool"'), optional: true }] } },
      { type_name: "device", nesting: "SET", block: { attributes: [{ name: "name", type: bytes('"string"'), required: true }] } },
      { type_name: "file", nesting: "MAP", block: {} },
    ],
  });
  t.ok(ctyTypeEquals(type, ty.object({
    id: ty.string, tags: ty.map(ty.string), disks: ty.list(ty.object({ size: ty.number })),
    wait_for: ty.object({ ipv4: ty.bool }), device: ty.set(ty.object({ name: ty.string })), file: ty.map(ty.object({})),
  })));
});
