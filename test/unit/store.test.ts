import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../agent/state/sqlite";
import type { WatchEvent } from "../../agent/state/store";

t.test("sqlite store: revisions, CAS, prefix list, watch, persistence", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-store-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "state.db");
  const s = new SqliteStore(path);
  const events: WatchEvent[] = [];
  const stop = s.watch("instances/", (e) => events.push(e));

  const r1 = await s.put("instances/a", { n: 1 }, { expectRevision: 0 });
  await t.rejects(s.put("instances/a", { n: 2 }, { expectRevision: 0 }), { code: "CORRAL_ERR_CONFLICT" });
  const r2 = await s.put("instances/a", { n: 2 }, { expectRevision: r1 });
  t.ok(r2 > r1, "revision increases");
  await s.put("instances/b", { n: 3 });
  await s.put("images/x", { n: 4 });
  t.same((await s.list("instances/")).map((e) => e.key), ["instances/a", "instances/b"]);
  t.same((await s.get<{ n: number }>("instances/a"))?.value, { n: 2 });
  await t.rejects(s.delete("instances/a", { expectRevision: r1 }), { code: "CORRAL_ERR_CONFLICT" });
  t.equal(await s.delete("instances/a", { expectRevision: r2 }), true);
  t.equal(await s.delete("instances/a"), false);
  stop();
  await s.put("instances/c", {});
  t.same(events.map((e) => `${e.kind}:${e.key}`), ["put:instances/a", "put:instances/a", "put:instances/b", "delete:instances/a"]);
  await s.close();

  const again = new SqliteStore(path);
  t.same((await again.list("")).map((e) => e.key), ["images/x", "instances/b", "instances/c"], "state survives reopen");
  await again.close();
});
