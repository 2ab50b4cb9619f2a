// The provider's endpoint settings: endpoints and endpoint are exclusive, every entry is checked
// with its index, and when no endpoint answers the error names each one tried (real sockets that
// nobody listens on: nothing to start).
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure } from "../../provider/framework/provider";
import { DiagError } from "../../provider/framework/types";

const diagOf = async (cfg: Record<string, unknown>) => {
  const e = await configure(cfg as never, {}).then(() => undefined, (err: unknown) => err);
  if (!(e instanceof DiagError)) throw new Error(`expected a DiagError, got ${String(e)}`);
  return e.diags[0]!;
};

t.test("endpoint settings are checked", async (t) => {
  const both = await diagOf({ endpoint: "unix:///a.sock", endpoints: ["unix:///b.sock"] });
  t.equal(both.summary, "Set endpoint or endpoints, not both");
  t.same(both.path, [{ attr: "endpoints" }]);
  t.equal((await diagOf({ endpoints: [] })).summary, "endpoints is empty");
  const bad = await diagOf({ endpoints: ["unix:///a.sock", "tcp://10.0.0.1:1"] });
  t.equal(bad.summary, "Invalid endpoint");
  t.match(bad.detail, /"tcp:\/\/10\.0\.0\.1:1": must be unix:\/\/\/path or https:\/\/host:port/);
  t.same(bad.path, [{ attr: "endpoints" }, { index: 1 }], "pointing at the entry");
});

t.test("no endpoint answers: every one tried is named", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-endpoints-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const [x, y] = [`unix://${join(dir, "x.sock")}`, `unix://${join(dir, "y.sock")}`];
  const d = await diagOf({ endpoints: [x, y] });
  t.equal(d.summary, "Cannot reach the Corral agent at any of the endpoints");
  t.match(d.detail, /no Corral agent answered at any endpoint \(2 tried\)/);
  t.ok(d.detail!.includes(`${x}: `) && d.detail!.includes(`${y}: `), "both endpoints with their reasons");
  t.same(d.path, [{ attr: "endpoints" }]);
});
