// The etcd Store over several endpoints, one of them down (a loopback port nothing listens on):
// every call succeeds on the live one; the endpoint list changes while a watch runs (the voters
// changed) and the watch keeps delivering every event, in order.
import t from "tap";
import { EtcdStore } from "../../agent/state/etcd";
import type { WatchEvent } from "../../agent/state/store";
import { eventually } from "../helpers/agent";
import { freePort, startTestEtcd } from "../helpers/etcd";

t.test("calls fail over from an endpoint that is down; the endpoint list changes under a watch", async (t) => {
  const { endpoint: live } = await startTestEtcd(t);
  const dead = `http://127.0.0.1:${await freePort()}`;
  const s = await EtcdStore.open({ endpoints: [dead, live] });
  t.teardown(() => s.close());
  const events: WatchEvent[] = [];
  const stop = s.watch("k/", (e) => events.push(e));
  t.teardown(stop);

  // The store picks an endpoint at random per call: with 40 calls, the dead one is tried first many times.
  for (let i = 0; i < 20; i++) {
    await s.put(`k/${i}`, { i });
    t.same((await s.get(`k/${i}`))?.value, { i }, `put and get ${i}`);
  }
  s.setEndpoints([live]);
  for (let i = 20; i < 25; i++) await s.put(`k/${i}`, { i });
  s.setEndpoints([dead, live]);
  for (let i = 25; i < 30; i++) await s.put(`k/${i}`, { i });
  await eventually("30 watch events", async () => (events.length >= 30 ? true : undefined), 30_000, 20);
  t.same(events.map((e) => e.key), Array.from({ length: 30 }, (_, i) => `k/${i}`), "every write seen by the watch once, in order, across endpoint changes");
  t.equal((await s.list("k/")).length, 30, "all stored");
});
