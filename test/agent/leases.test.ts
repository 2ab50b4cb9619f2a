// Leases against a real agent: an expired instance is stopped and deleted, then its expired
// network once nothing uses it (with events and log lines); a renew keeps an instance; what
// expired while the agent was down goes at its next start; bad lease keys are refused whole.
// Leases are a few seconds long; waits poll with bounds and nothing asserts on durations.
import t from "tap";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import type { Event__Output } from "../../proto/gen/types/corral/v1/Event";

/** A sweep runs every second: this many sweeps' worth of slack after an expiry. */
const SWEEP_SLACK_MS = 3_000;

async function setup(t: { teardown(fn: () => unknown): void }): Promise<TestAgent> {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-lease-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
  return a;
}

const exists = async (fn: () => Promise<unknown>) => fn().then(() => true, (e: { code?: number }) => (e.code === 5 ? false : Promise.reject(e)));
const instanceExists = (a: TestAgent, name: string) => exists(() => a.client.instances.GetInstance({ name }));
const networkExists = (a: TestAgent, name: string) => exists(() => a.client.networks.GetNetwork({ name }));
const hostLinks = async (a: TestAgent) => (await a.ns.ipJson<{ ifname: string }>(["link"])).map((l) => l.ifname);
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

// Each test has its own agent (own namespace and data dir) and mostly waits for leases to run out:
// they run side by side.
t.jobs = 4;

function collectEvents(t: { teardown(fn: () => unknown): void }, a: TestAgent): Event__Output[] {
  const out: Event__Output[] = [];
  const stream = a.client.raw.events.WatchEvents({ types: ["lifecycle"] });
  stream.on("data", (e: Event__Output) => out.push(e));
  stream.on("error", () => {});
  t.teardown(() => stream.cancel());
  return out;
}

t.test("an expired instance is deleted, then its expired network once unused; a kept control stays", async (t) => {
  const a = await setup(t);
  const events = collectEvents(t, a);
  await a.cli(["network", "create", "lsbr0"]);
  await a.cli(["network", "create", "keepbr0"]);
  await a.cli(["storage", "volume", "create", "p1", "scratch", "lease.duration=1h"]);
  await a.cli(["launch", "busybox", "doomed", "-n", "lsbr0", "-c", "lease.duration=1h", "-d", "data,type=disk,pool=p1,source=scratch,path=/data"]);
  await a.cli(["launch", "busybox", "keeper", "-n", "keepbr0"]);
  // A lease given to an existing network starts at that update.
  const net = await a.client.networks.GetNetwork({ name: "lsbr0" });
  await a.client.networks.UpdateNetwork({ name: "lsbr0", description: "", config: { ...net.config, "lease.duration": "1s" } });
  t.match((await a.cli(["lease", "renew", "p1/scratch", "--volume", "--duration", "1s"])).stdout, /Lease of volume p1\/scratch renewed until/);
  const doomed = await a.client.instances.GetInstance({ name: "doomed", with_state: true });
  t.match(doomed.config["lease.expires_at"], /^\d{4}-\d\d-\d\dT/, "lease.duration started the lease: expires_at is set");
  t.equal(doomed.config["lease.duration"], "1h");
  const list = (await a.cli(["list"])).stdout;
  t.match(list, /LEASE/, "corral list has a LEASE column");
  t.ok(list.includes(doomed.config["lease.expires_at"]!), "corral list shows when the lease ends");
  t.match((await a.cli(["network", "list"])).stdout, /LEASE/, "corral network list has a LEASE column");

  // The network expired but doomed still uses it: it stays, and the agent says so once.
  await eventually("the expired network reported as in use", async () => (/lease of network lsbr0 expired; it is kept while in use/.test(a.logs()) ? true : undefined), 30_000);
  t.ok(await networkExists(a, "lsbr0"), "an expired network in use is kept");
  await eventually("the expired volume reported as in use", async () => (/lease of volume p1\/scratch expired; it is kept while in use/.test(a.logs()) ? true : undefined), 30_000);
  t.ok(await exists(() => a.client.pools.GetVolume({ pool: "p1", name: "scratch" })), "an expired volume in use is kept");
  t.ok(await instanceExists(a, "doomed"), "the instance with an unexpired lease is kept");

  // Renewing to a short lease makes the instance expire now; the network follows it.
  const renewed = await a.cli(["lease", "renew", "doomed", "--duration", "1s"]);
  t.match(renewed.stdout, /Lease of instance doomed renewed until \d{4}-/);
  await eventually("the expired instance deleted", async () => ((await instanceExists(a, "doomed")) ? undefined : true), 60_000);
  await eventually("the expired network deleted", async () => ((await networkExists(a, "lsbr0")) ? undefined : true), 30_000);
  await eventually("the expired volume deleted", async () => ((await exists(() => a.client.pools.GetVolume({ pool: "p1", name: "scratch" }))) ? undefined : true), 30_000);
  t.notOk(existsSync(join(a.dataDir, "storage-pools", "p1", "custom", "scratch")), "the volume is gone from the pool");
  t.notOk(existsSync(join(a.dataDir, "lxc", "doomed")), "no LXC container left");
  t.notOk(existsSync(join(a.dataDir, "storage-pools", "p1", "containers", "doomed")), "no root disk left");
  t.notOk((await hostLinks(a)).includes("lsbr0"), "the bridge is gone from the host");
  t.match(a.logs(), /lease expired: deleting instance doomed/, "a log line for the instance");
  t.match(a.logs(), /lease expired: deleting network lsbr0/, "a log line for the network");
  const actions = events.map((e) => `${e.action} ${e.resource}`);
  t.ok(actions.includes("instance-lease-expired instances/doomed"), "an event for the instance");
  t.ok(actions.includes("network-lease-expired networks/lsbr0"), "an event for the network");
  t.ok(actions.includes("volume-lease-expired storage-volumes/p1/scratch"), "an event for the volume");
  t.ok(actions.indexOf("instance-deleted instances/doomed") < actions.indexOf("network-lease-expired networks/lsbr0"), "the instance went first");
  t.equal((await a.client.instances.GetInstance({ name: "keeper", with_state: true })).status, "Running", "an instance without a lease is untouched");
  t.ok(await networkExists(a, "keepbr0"));
});

t.test("a renew keeps an instance past its first expiry; renewing a network works too", async (t) => {
  const a = await setup(t);
  // Fifteen seconds: a launch on a loaded machine (the other tests here start at the same time) has
  // taken longer than a shorter lease before the renew.
  await a.cli(["network", "create", "rnbr0", "lease.duration=15s"]);
  await a.cli(["launch", "busybox", "kept", "-n", "rnbr0", "-c", "lease.duration=15s"]);
  const first = Date.parse((await a.client.instances.GetInstance({ name: "kept" })).config["lease.expires_at"]!);
  const netFirst = Date.parse((await a.client.networks.GetNetwork({ name: "rnbr0" })).config["lease.expires_at"]!);
  await a.cli(["lease", "renew", "kept", "--duration", "1h"]);
  const r = await a.client.lifecycle.RenewLease({ name: "rnbr0", kind: "network", duration: "" });
  t.equal(r.kind, "network");
  t.ok(Date.parse(r.expires_at) >= netFirst, "renewing with the network's own lease.duration restarts it");
  await a.cli(["lease", "renew", "rnbr0", "--network", "--duration", "1h"]);
  await sleepUntil(Math.max(first, netFirst) + SWEEP_SLACK_MS);
  const inst = await a.client.instances.GetInstance({ name: "kept", with_state: true });
  t.equal(inst.status, "Running", "the renewed instance is still there and running");
  t.ok(Date.parse(inst.config["lease.expires_at"]!) > first, "its lease ends later than first set");
  t.equal(inst.config["lease.duration"], "15s", "renewing for another duration leaves lease.duration alone");
  t.ok(await networkExists(a, "rnbr0"), "the renewed network is still there");
  t.notMatch(a.logs(), /lease expired/, "nothing expired");

  const noLease = await a.cli(["network", "create", "nlbr0"]).then(() => a.cli(["lease", "renew", "nlbr0"], { okCodes: [1] }));
  t.match(noLease.stderr, /duration: network "nlbr0" has no lease.duration; give the duration to renew for/);
  const missing = await a.cli(["lease", "renew", "nothere", "--duration", "1h"], { okCodes: [1] });
  t.match(missing.stderr, /instance or network "nothere" not found/);
});

t.test("what expired while the agent was down is deleted at its start", async (t) => {
  const a = await setup(t);
  await a.cli(["network", "create", "dnbr0", "lease.duration=1h"]);
  await a.cli(["launch", "busybox", "gone", "-n", "dnbr0", "-c", "lease.duration=1h"]);
  // Short leases set just before the stop (a launch on a busy machine may take longer than they last).
  await a.client.lifecycle.RenewLease({ name: "dnbr0", kind: "network", duration: "5s" });
  const until = Date.parse((await a.client.lifecycle.RenewLease({ name: "gone", kind: "instance", duration: "5s" })).expires_at);
  await a.stop();
  t.notMatch(a.logs(), /lease expired/, "the agent stopped before the lease ended");
  await sleepUntil(until + 1_000);
  const from = a.logs().length;
  await a.restart();
  await eventually("the instance deleted after the restart", async () => ((await instanceExists(a, "gone")) ? undefined : true), 60_000);
  await eventually("the network deleted after the restart", async () => ((await networkExists(a, "dnbr0")) ? undefined : true), 30_000);
  // A network's line is logged once its delete has returned, just after GetNetwork stops finding it.
  const logged = await eventually("the lease lines in the agent's log", async () => (/lease expired: deleting network dnbr0/.test(a.logs().slice(from)) ? a.logs().slice(from) : undefined), 10_000, 50).catch(() => a.logs().slice(from));
  t.match(logged, /lease expired: deleting instance gone/);
  t.match(logged, /lease expired: deleting network dnbr0/);
  t.notOk(existsSync(join(a.dataDir, "lxc", "gone")), "no LXC container left");
  t.notOk((await hostLinks(a)).includes("dnbr0"), "no bridge left");
});

t.test("bad lease keys are refused naming the key and the rule, with nothing made", async (t) => {
  const a = await setup(t);
  await a.cli(["network", "create", "okbr0"]);
  const cases: [string[], RegExp][] = [
    [["launch", "busybox", "bad1", "-n", "okbr0", "-c", "lease.duration=soon"], /config\["lease.duration"\]: must be a duration such as 30m, 2h/],
    [["launch", "busybox", "bad2", "-n", "okbr0", "-c", "lease.duration=500d"], /config\["lease.duration"\]: must be at most 366d/],
    [["launch", "busybox", "bad3", "-n", "okbr0", "-c", "lease.expires_at=tomorrow"], /config\["lease.expires_at"\]: must be an RFC 3339 time/],
    [["network", "create", "badbr0", "lease.duration=2x"], /config\["lease.duration"\]: must be a duration/],
    [["lease", "renew", "okbr0", "--duration", "0s"], /duration: must be at least 1s/],
  ];
  for (const [args, re] of cases) t.match((await a.cli(args, { okCodes: [1] })).stderr, re, args.join(" "));
  t.same((await a.client.instances.ListInstances({})).instances.map((i) => i.name), [], "no instance made");
  t.same((await a.client.networks.ListNetworks({})).networks.map((n) => n.name), ["okbr0"], "no network made");
  t.notOk((await hostLinks(a)).includes("badbr0"), "no bridge made");
});
