// Exact cty numbers: canonical forms, equality, exact decimal text.
import t from "tap";
import { CtyDecimal, CtyError, ctyNumber, ctyNumberEquals, ctyNumberToJS, ctyNumberToString } from "../../provider/plugin/cty";

t.test("canonical forms", async (t) => {
  t.equal(ctyNumber("1"), 1);
  t.equal(ctyNumber("1.000"), 1, "trailing zeros dropped");
  t.equal(ctyNumber("1e3"), 1000);
  t.equal(ctyNumber("-0.0"), 0);
  t.equal(ctyNumber("0.5"), 0.5, "exact float64 stays a number");
  t.equal(ctyNumber("-2.25E0"), -2.25);
  t.same(ctyNumber("0.1"), new CtyDecimal("0.1"), "0.1 is not a float64");
  t.same(ctyNumber("0.10"), new CtyDecimal("0.1"));
  t.same(ctyNumber("1e-3"), new CtyDecimal("0.001"));
  t.same(ctyNumber("-12345678901234567890.5"), new CtyDecimal("-12345678901234567890.5"));
  t.equal(ctyNumber("9007199254740993"), 9007199254740993n, "beyond 2^53: bigint");
  t.equal(ctyNumber("1e20"), 100000000000000000000n);
  t.equal(ctyNumber(2 ** 60), 2n ** 60n, "integer doubles beyond the safe range become bigint");
  t.equal(ctyNumber(5n), 5, "small bigint becomes a number");
  t.equal(ctyNumber(-0), 0);
  t.equal(ctyNumber("Infinity"), Infinity);
  t.throws(() => ctyNumber(NaN), CtyError);
  t.throws(() => ctyNumber("1.2.3"), /invalid number/);
  t.throws(() => ctyNumber("0x10"), /invalid number/);
  t.throws(() => ctyNumber("1e999999"), /out of range/);
});

t.test("exact text and equality", async (t) => {
  t.equal(ctyNumberToString(0.1), "0.1000000000000000055511151231257827021181583404541015625", "float64 0.1 exactly");
  t.equal(ctyNumberToString(new CtyDecimal("0.1")), "0.1");
  t.equal(ctyNumberToString(2n ** 70n), "1180591620717411303424");
  t.equal(ctyNumberToString(5e-324), "0." + "0".repeat(323) + "4940656458412465441765687928682213723650598026143247644255856825006755072702087518652998363616359923797965646954457177309266567103559397963987747960107818781263007131903114045278458171678489821036887186360569987307230500063874091535649843873124733972731696151400317153853980741262385655911710266585566867681870395603106249319452715914924553293054565444011274801297099995419319894090804165633245247571478690147267801593552386115501348035264934720193790268107107491703332226844753335720832431936092382893458368060106011506169809753078342277318329247904982524730776375927247874656084778203734469699533647017972677717585125660551199131504891101451037862738167250955837389733598993664809941164205702637090279242767544565229087538682506419718265533447265625");
  t.ok(ctyNumberEquals(0.5, ctyNumber("0.50")));
  t.notOk(ctyNumberEquals(0.1, ctyNumber("0.1")), "the float64 0.1 is not the decimal 0.1");
  t.ok(ctyNumberEquals(9007199254740993n, ctyNumber("9007199254740993")));
  t.equal(ctyNumberToJS(new CtyDecimal("0.1")), 0.1);
  t.equal(JSON.stringify({ v: new CtyDecimal("0.1") }), '{"v":"0.1"}');
});

t.test("random decimals: canonical form is exact", async (t) => {
  let bad = 0;
  for (let i = 0; i < 2000; i++) {
    const int = String(Math.floor(Math.random() * 1e6));
    const frac = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
    const s = `${i % 2 ? "-" : ""}${int}.${frac}`;
    const n = ctyNumber(s);
    // Same value as the input text, whichever representation was chosen.
    if (!ctyNumberEquals(n, new CtyDecimal(ctyNumberToString(ctyNumber(s))))) bad++;
    if (typeof n === "number" && ctyNumberToString(n) !== ctyNumberToString(ctyNumber(s))) bad++;
    const stripped = s.replace(/\.?0+$/, "").replace(/^-0$/, "0").replace(/^(-?)0+(\d)/, "$1$2");
    if (n instanceof CtyDecimal && n.decimal !== stripped) bad++;
  }
  t.equal(bad, 0);
});
