// One conformance suite for every Store: SQLite (the embedded default) and etcd (clusters, a real
// etcd on loopback ports chosen free). Watch events may arrive asynchronously (etcd), so the
// suite waits for them with a bound instead of expecting them before put returns.
import t, { type Test } from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EtcdStore } from "../../agent/state/etcd";
import { SqliteStore } from "../../agent/state/sqlite";
import type { Store, WatchEvent } from "../../agent/state/store";
import { eventually } from "../helpers/agent";
import { startTestEtcd } from "../helpers/etcd";

/** Watch events normally arrive within milliseconds; an etcd reconnect after a restart takes its backoff. */
const EVENT_TIMEOUT_MS = 30_000;

interface Backend {
  name: string;
  /** Opens the store on the backend's persistent state (a second call reopens the same state). */
  open(): Promise<Store>;
}

const show = (evs: WatchEvent[]) => evs.map((e) => `${e.kind}:${e.key}`);

async function waitEvents(what: string, events: WatchEvent[], n: number): Promise<void> {
  await eventually(what, async () => (events.length >= n ? true : undefined), EVENT_TIMEOUT_MS, 10);
}

async function conformance(t: Test, backend: Backend): Promise<void> {
  const s = await backend.open();
  const events: WatchEvent[] = [];
  const stop = s.watch("instances/", (e) => events.push(e));
  const all: WatchEvent[] = [];
  const stopAll = s.watch("", (e) => all.push(e));

  t.equal(await s.get("instances/a"), undefined, "absent key");
  const r1 = await s.put("instances/a", { n: 1 }, { expectRevision: 0 });
  await t.rejects(s.put("instances/a", { n: 2 }, { expectRevision: 0 }), { code: "CORRAL_ERR_CONFLICT" }, "create-only put of an existing key");
  const r2 = await s.put("instances/a", { n: 2 }, { expectRevision: r1 });
  t.ok(r2 > r1, "revision increases");
  await t.rejects(s.put("instances/a", { n: 3 }, { expectRevision: r1 }), { code: "CORRAL_ERR_CONFLICT" }, "put with a stale revision");
  const r3 = await s.put("instances/b", { n: 3 });
  t.ok(r3 > r2, "revisions are global: another key's write is later still");
  await s.put("images/x", { n: 4 });
  await s.put("instancesX", { n: 5 });
  const a = await s.get<{ n: number }>("instances/a");
  t.same(a, { key: "instances/a", value: { n: 2 }, revision: r2 }, "get returns value and the revision of the last write");
  t.same((await s.list("instances/")).map((e) => [e.key, e.revision]), [["instances/a", r2], ["instances/b", r3]], "prefix list, sorted, with revisions");
  t.same((await s.list("")).map((e) => e.key), ["images/x", "instances/a", "instances/b", "instancesX"], "empty prefix lists everything");
  t.same(await s.list("nothing/"), [], "empty list");

  await t.rejects(s.delete("instances/a", { expectRevision: r1 }), { code: "CORRAL_ERR_CONFLICT" }, "delete with a stale revision");
  await t.rejects(s.delete("instances/zz", { expectRevision: 5 }), { code: "CORRAL_ERR_CONFLICT" }, "CAS delete of an absent key");
  t.equal(await s.delete("instances/a", { expectRevision: r2 }), true, "CAS delete");
  t.equal(await s.delete("instances/a"), false, "deleting an absent key says so");
  t.equal(await s.get("instances/a"), undefined);

  await waitEvents("4 instance events", events, 4);
  stop();
  await s.put("instances/c", { n: 6 });
  await s.put("marker", { n: 7 });
  await waitEvents("all events up to the marker", all, 8);
  t.same(show(events), ["put:instances/a", "put:instances/a", "put:instances/b", "delete:instances/a"], "watch sees puts and deletes under its prefix only, until stopped");
  t.same(events[0], { kind: "put", key: "instances/a", value: { n: 1 }, revision: r1 }, "put event carries value and revision");
  t.equal(events[3]!.kind === "delete" && events[3]!.revision > r3, true, "delete event carries a newer revision");
  t.same(show(all), ["put:instances/a", "put:instances/a", "put:instances/b", "put:images/x", "put:instancesX", "delete:instances/a", "put:instances/c", "put:marker"], "events in revision order");
  stopAll();
  await s.close();

  const again = await backend.open();
  t.same((await again.list("")).map((e) => e.key), ["images/x", "instances/b", "instances/c", "instancesX", "marker"], "state survives reopen");
  t.ok((await again.put("instances/d", {})) > r3, "revisions keep increasing after reopen");
  await again.close();
}

t.test("sqlite store", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-store-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await conformance(t, { name: "sqlite", open: async () => new SqliteStore(join(dir, "state.db")) });
});

t.test("etcd store", async (t) => {
  const { endpoint } = await startTestEtcd(t);
  await conformance(t, { name: "etcd", open: () => EtcdStore.open({ endpoints: [endpoint] }) });
});

t.test("etcd store: a watch resumes after an etcd restart without losing or repeating events", async (t) => {
  const { etcd, endpoint } = await startTestEtcd(t);
  const s = await EtcdStore.open({ endpoints: [endpoint] });
  t.teardown(() => s.close());
  const events: WatchEvent[] = [];
  const stop = s.watch<{ n: number }>("k/", (e) => events.push(e));
  t.teardown(stop);
  await s.put("k/1", { n: 1 });
  await waitEvents("the first event", events, 1);

  await etcd.stop();
  await t.rejects(s.put("k/x", { n: 0 }), "writes fail while etcd is down");
  await etcd.start();
  // Written by another client right away, while the watcher may still be in its reconnect backoff:
  // it must catch up from the revision after the last one it delivered.
  const other = await EtcdStore.open({ endpoints: [endpoint] });
  t.teardown(() => other.close());
  await other.put("k/2", { n: 2 });
  await other.delete("k/1");
  await other.put("k/3", { n: 3 });
  await waitEvents("the events written after the restart", events, 4);
  t.same(show(events), ["put:k/1", "put:k/2", "delete:k/1", "put:k/3"], "every event exactly once, in order");
  t.same(events.map((e) => e.revision), [...events.map((e) => e.revision)].sort((x, y) => x - y), "revisions increase");
  t.same((await s.get("k/3"))?.value, { n: 3 }, "the first client works again too");
});
