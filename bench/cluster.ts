// BENCH exec_forwarded: `true` run in a container on member m2 through member m1 (the call relayed
// over mTLS) against the same call made to m2 itself, alternately, in one run; medians and the
// relayed/owner ratio (target ≤ 1.3). Two agents in their own network namespaces joined by a veth
// pair, as test/cluster/forward.test.ts sets them up. Run: `node --import tsx bench/cluster.ts [--n 30]`.
//
// BENCH cluster_join (`--figure cluster_join [--n 5]`): from asking member m1 for a join token to
// m1 listing the new member online (`corrald --join` started on a stopped standalone agent:
// certificate, etcd user, registration, store on the voters' etcd, heartbeat), against the same
// agent's plain restart as a standalone agent to ready, alternately. Joiners are non-voters
// (cluster.max_voters=1), so every round measures the same thing.
//
// BENCH placement_30 (`--figure placement_30 [--n 30]`): 30 containers created (not started) one
// after another through member m1 of three, each placed by the scheduler, against 30 created on a
// standalone agent, in the same run; the per-create medians, their ratio, and how the scheduler
// spread them over the members.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CorralClient } from "../agent/client";
import { buildBusyboxImage } from "../test/fixtures/images";
import { startAgent, type TestAgent } from "../test/helpers/agent";
import { bridgeAgents, linkAgents, testSubnet } from "../test/helpers/cluster";
import { median, timeMs } from "./stats";

const TARGET_RATIO = 1.3;
/** One exec of `true` ends well within this; a stuck one fails the bench instead of hanging it. */
const EXEC_TIMEOUT_MS = 30_000;

/** Runs `true` in the instance over the Exec stream; resolves on its exit code. */
function execTrue(client: CorralClient, instance: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const call = client.raw.instances.Exec({ deadline: Date.now() + EXEC_TIMEOUT_MS });
    let code: number | undefined;
    call.on("data", (m: { exit_code?: number; msg?: string }) => {
      if (m.msg === "exit_code") code = m.exit_code;
    });
    call.on("error", reject);
    call.on("end", () => (code === 0 ? resolve() : reject(new Error(`exec ended with exit code ${code}`))));
    call.write({ start: { instance, command: ["true"] } });
    call.end();
  });
}

/** A join is seconds; polling the member list this often adds little to the figure. */
const ONLINE_POLL_MS = 20;
const JOIN_TIMEOUT_MS = 60_000;

async function benchJoin(n: number, t: { teardown(fn: () => unknown): void }): Promise<void> {
  const agents = await Promise.all(Array.from({ length: n + 1 }, () => startAgent(t, { extraArgs: ["--listen", "0.0.0.0:8443"] })));
  const addr = await bridgeAgents(t, testSubnet(), agents);
  const [m1, ...joiners] = agents as [TestAgent, ...TestAgent[]];
  await m1.cli(["cluster", "enable", "--address", addr[0]!, "--name", "m1"]);
  await m1.cli(["server", "config", "set", "cluster.max_voters=1"]);
  const join: number[] = [];
  const standalone: number[] = [];
  for (const [i, x] of joiners.entries()) {
    await x.stop();
    standalone.push(await timeMs(() => x.restart()));
    await x.stop();
    const name = `j${i}`;
    join.push(await timeMs(async () => {
      const { token } = await m1.client.cluster.CreateJoinToken({ name, ttl_s: 0 });
      await x.restart(["--join", token, "--address", addr[i + 1]!]);
      const deadline = Date.now() + JOIN_TIMEOUT_MS;
      while (!(await m1.client.cluster.ListMembers({})).members.some((m) => m.name === name && m.status === "online")) {
        if (Date.now() > deadline) throw new Error(`${name} not online within ${JOIN_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, ONLINE_POLL_MS));
      }
    }));
  }
  const ratio = median(join) / median(standalone);
  process.stdout.write(`BENCH cluster_join join=${median(join).toFixed(1)}ms standalone_start=${median(standalone).toFixed(1)}ms ratio=${ratio.toFixed(2)}\n`);
}

/** Creates `n` containers one by one through `client` (placed by the scheduler when in a cluster); per-create times. */
async function createMany(client: CorralClient, prefix: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(await timeMs(async () => {
      const op = await client.instances.CreateInstance({ name: `${prefix}${i}`, image: "busybox", start: false, devices: { root: { properties: { type: "disk", path: "/", pool: "p1" } } } });
      const done = await client.wait(op);
      if (done.status !== "SUCCESS") throw new Error(`create ${prefix}${i}: ${done.error_message}`);
    }));
  }
  return times;
}

async function benchPlacement(n: number, t: { teardown(fn: () => unknown): void }, work: string): Promise<void> {
  const [m1, m2, m3, solo] = await Promise.all(Array.from({ length: 4 }, () => startAgent(t, { extraArgs: ["--listen", "0.0.0.0:8443"] }))) as [TestAgent, TestAgent, TestAgent, TestAgent];
  const addr = await bridgeAgents(t, testSubnet(), [m1, m2, m3]);
  await m1.cli(["cluster", "enable", "--address", addr[0]!, "--name", "m1"]);
  for (const [i, x] of [m2, m3].entries()) {
    const token = (await m1.cli(["cluster", "add", `m${i + 2}`])).stdout.trim();
    await x.stop();
    await x.restart(["--join", token, "--address", addr[i + 1]!]);
  }
  const img = buildBusyboxImage(work);
  for (const x of [m1, m2, m3, solo]) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  for (const x of [m1, solo]) await x.cli(["storage", "create", "p1", "dir"]);
  const cluster = await createMany(m1.client, "pc", n);
  const standalone = await createMany(solo.client, "ps", n);
  const spread: Record<string, number> = {};
  for (const i of (await m1.client.instances.ListInstances({})).instances) spread[i.location!] = (spread[i.location!] ?? 0) + 1;
  const ratio = median(cluster) / median(standalone);
  process.stdout.write(`BENCH placement_${n} cluster=${median(cluster).toFixed(1)}ms standalone=${median(standalone).toFixed(1)}ms ratio=${ratio.toFixed(2)} spread=${Object.entries(spread).sort().map(([m, c]) => `${m}:${c}`).join(",")}\n`);
  for (let i = 0; i < n; i++) await Promise.all([m1.client.instances.DeleteInstance({ name: `pc${i}`, force: true }).then((op) => m1.client.wait(op)), solo.client.instances.DeleteInstance({ name: `ps${i}`, force: true }).then((op) => solo.client.wait(op))]);
  for (const x of [m1, solo]) await x.cli(["storage", "delete", "p1"]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string" }, figure: { type: "string", default: "exec_forwarded" } } });
  const cleanups: (() => unknown)[] = [];
  const t = { teardown: (fn: () => unknown) => void cleanups.push(fn) };
  try {
    if (values.figure === "cluster_join") return await benchJoin(Math.max(1, Number(values.n ?? 5)), t);
    const work = mkdtempSync(join(tmpdir(), "corral-bench-cluster-"));
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
    if (values.figure === "placement_30") return await benchPlacement(Math.max(1, Number(values.n ?? 30)), t, work);
    const n = Math.max(3, Number(values.n ?? 30));
    const a = await startAgent(t, { extraArgs: ["--listen", "0.0.0.0:8443"] });
    const b = await startAgent(t, { extraArgs: ["--listen", "0.0.0.0:8443"] });
    const addr = await linkAgents(testSubnet(), a, b);
    await a.cli(["cluster", "enable", "--address", addr.a, "--name", "m1"]);
    const token = (await a.cli(["cluster", "add", "m2"])).stdout.trim();
    await b.stop();
    await b.restart(["--join", token, "--address", addr.b]);
    const img = buildBusyboxImage(work);
    for (const x of [a, b]) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
    await a.cli(["storage", "create", "p1", "dir"]);
    await a.cli(["launch", "busybox", "c1", "--storage", "p1", "--target", "m2"]);
    for (let i = 0; i < 3; i++) await Promise.all([execTrue(a.client, "c1"), execTrue(b.client, "c1")]); // channels and caches warm
    const relayed: number[] = [];
    const owner: number[] = [];
    for (let i = 0; i < n; i++) {
      relayed.push(await timeMs(() => execTrue(a.client, "c1")));
      owner.push(await timeMs(() => execTrue(b.client, "c1")));
    }
    const ratio = median(relayed) / median(owner);
    process.stdout.write(`BENCH exec_forwarded relayed=${median(relayed).toFixed(1)}ms owner=${median(owner).toFixed(1)}ms ratio=${ratio.toFixed(2)} target<=${TARGET_RATIO}\n`);
    await a.cli(["delete", "c1", "--force"]);
    await a.cli(["storage", "delete", "p1"]);
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
