// cty JSON codec (UpgradeResourceState raw_state.json) and the exact JSON parser.
import t from "tap";
import { CtyDecimal, CtyDynamic, CtyError, UNKNOWN, ctyValueEquals, t as ty } from "../../provider/plugin/cty";
import { decodeCtyJson, encodeCtyJson } from "../../provider/plugin/cty-json";
import { JsonNumber, parseJsonExact } from "../../provider/plugin/json-exact";
import { Gen, rng } from "./cty-gen";

t.test("exact JSON parser", async (t) => {
  t.same(parseJsonExact(' {"a": [1, 0.1, -2e5, true, null, "x\\u00e9\\"\\n"]} '),
    { a: [new JsonNumber("1"), new JsonNumber("0.1"), new JsonNumber("-2e5"), true, null, 'xé"\n'] });
  t.same(parseJsonExact("12345678901234567890.000000000000000001"), new JsonNumber("12345678901234567890.000000000000000001"));
  const p = parseJsonExact('{"__proto__": "v"}') as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(p), Object.prototype);
  t.same(Object.keys(p), ["__proto__"]);
  for (const bad of ["", "{", '{"a"}', "[1,]", "01", "tru", '"abc', "1 2", "{'a':1}"]) {
    t.throws(() => parseJsonExact(bad), SyntaxError, `rejects ${JSON.stringify(bad)}`);
  }
  // Agrees with JSON.parse on everything but numbers.
  const doc = '{"s":"\\ud83d\\udc04","t":[{},[],""],"n":null}';
  t.same(parseJsonExact(doc), JSON.parse(doc));
});

t.test("decode stored state", async (t) => {
  const type = ty.object({ id: ty.string, value: ty.number, tags: ty.map(ty.string), list: ty.list(ty.bool), opt: ty.string });
  const v = decodeCtyJson('{"id":"x","value":0.1,"tags":{"a":"b"},"list":[true,false]}', type);
  t.same(v, { id: "x", value: new CtyDecimal("0.1"), tags: { a: "b" }, list: [true, false], opt: null }, "absent attribute decodes as null");
  t.throws(() => decodeCtyJson('{"nope":1}', type), /unsupported attribute "nope"/);
  t.same(decodeCtyJson('{"value":12345678901234567890123}', ty.object({ value: ty.number })), { value: 12345678901234567890123n });
  t.same(decodeCtyJson(Buffer.from('{"value":{"value":["a"],"type":["list","string"]}}'), ty.object({ value: ty.dynamic })),
    { value: new CtyDynamic(ty.list(ty.string), ["a"]) });
  t.equal(decodeCtyJson("5", ty.string), "5", "go-cty reads a JSON number as a string where a string is expected");
  t.throws(() => decodeCtyJson('"x"', ty.number), /invalid number/);
  t.throws(() => decodeCtyJson("[1", ty.list(ty.number)), /invalid JSON/);
});

t.test("encode", async (t) => {
  const type = ty.object({ b: ty.number, a: ty.map(ty.string), d: ty.dynamic });
  t.equal(encodeCtyJson({ b: new CtyDecimal("0.1"), a: { z: "1", y: "2" }, d: new CtyDynamic(ty.bool, true) }, type),
    '{"a":{"y":"2","z":"1"},"b":0.1,"d":{"value":true,"type":"bool"}}');
  t.equal(encodeCtyJson(2n ** 70n, ty.number), "1180591620717411303424");
  t.throws(() => encodeCtyJson(UNKNOWN, ty.string), CtyError);
  t.throws(() => encodeCtyJson(Infinity, ty.number), /infinite/);
});

t.test("property: JSON round trip", async (t) => {
  const seed = Number(process.env.CTY_SEED ?? Date.now() % 1e9);
  t.comment(`seed ${seed} (CTY_SEED=${seed} to reproduce)`);
  const g = new Gen(rng(seed));
  let checked = 0;
  for (let i = 0; i < 2000; i++) {
    const type = g.type();
    const value = g.value(type, false);
    // JSON has no infinities: such values must be refused (and are counted as checked).
    let text: string;
    try { text = encodeCtyJson(value, type); } catch (err) {
      if (/infinite/.test((err as Error).message)) { checked++; continue; }
      throw err;
    }
    const back = decodeCtyJson(text, type);
    if (!ctyValueEquals(back, value, type)) { t.fail(`round trip differs for ${JSON.stringify(type)}`, { text }); break; }
    if (encodeCtyJson(back, type) !== text) { t.fail("re-encoding differs", { text }); break; }
    checked++;
  }
  t.equal(checked, 2000);
});
