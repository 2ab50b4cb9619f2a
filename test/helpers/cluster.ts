// Cluster test plumbing: addresses for agents in their network namespaces (a veth pair between
// two, or a bridge in a namespace of its own for several), etcdctl run inside an agent's
// namespace with its member certificate, and the etcd processes working on an agent's data dir.
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { memberPaths } from "../../agent/cluster/member-config";
import { run } from "../../agent/host/run";
import { withNetns, type Netns } from "../agent/helpers/netns";
import { eventually, startAgent, type TestAgent } from "./agent";

/** A /24 of the 10/8 range for one test; only the test's own namespaces hold addresses in it. */
export const testSubnet = (): string => `10.${randomInt(100, 250)}.${randomInt(0, 255)}`;

/**
 * Connects two agents' namespaces with a veth pair: `a` gets SUBNET.1, `b` SUBNET.2. With one
 * agent, both ends stay in its namespace (SUBNET.2 unused), which gives it a non-loopback address.
 */
export async function linkAgents(subnet: string, a: TestAgent, b?: TestAgent): Promise<{ a: string; b: string }> {
  const [ea, eb] = ["cva", "cvb"];
  await run("ip", ["-n", a.ns.name, "link", "add", ea, "type", "veth", "peer", "name", eb, "netns", (b ?? a).ns.name]);
  await run("ip", ["-n", a.ns.name, "addr", "add", `${subnet}.1/24`, "dev", ea]);
  await run("ip", ["-n", a.ns.name, "link", "set", ea, "up"]);
  if (b) await run("ip", ["-n", b.ns.name, "addr", "add", `${subnet}.2/24`, "dev", eb]);
  await run("ip", ["-n", (b ?? a).ns.name, "link", "set", eb, "up"]);
  // Node lists only running interfaces (carrier up), which the kernel reports a moment after
  // `up`: an agent started before that does not see its address.
  for (const [x, dev] of [[a, ea], [b ?? a, eb]] as const) await waitUp(x.ns.name, dev);
  return { a: `${subnet}.1`, b: `${subnet}.2` };
}

/** An interface runs (carrier up): node lists only running interfaces' addresses. */
async function waitUp(ns: string, dev: string): Promise<void> {
  await eventually(`${dev} in ${ns} to run`, async () =>
    (JSON.parse((await run("ip", ["-n", ns, "-j", "link", "show", "dev", dev])).stdout) as { operstate: string }[])[0]?.operstate === "UP" ? true : undefined, 10_000, 50);
}

/**
 * Joins agents' namespaces with a bridge in a namespace of its own (removed in teardown, with
 * the veth pairs): agent i gets SUBNET.(i+1) on its interface `cl0`. Pass `hub` to put the bridge
 * in a namespace of the test's (a client there reaches every agent once br0 has an address).
 */
export async function bridgeAgents(t: { teardown(fn: () => unknown): void }, subnet: string, agents: TestAgent[], hub?: Netns): Promise<string[]> {
  hub ??= await withNetns(t, "crh");
  await run("ip", ["-n", hub.name, "link", "add", "br0", "type", "bridge"]);
  await run("ip", ["-n", hub.name, "link", "set", "br0", "up"]);
  const addrs: string[] = [];
  for (const [i, a] of agents.entries()) {
    const port = `p${i}`;
    await run("ip", ["-n", hub.name, "link", "add", port, "type", "veth", "peer", "name", "cl0", "netns", a.ns.name]);
    await run("ip", ["-n", hub.name, "link", "set", port, "master", "br0", "up"]);
    await run("ip", ["-n", a.ns.name, "addr", "add", `${subnet}.${i + 1}/24`, "dev", "cl0"]);
    await run("ip", ["-n", a.ns.name, "link", "set", "cl0", "up"]);
    addrs.push(`${subnet}.${i + 1}`);
  }
  for (const a of agents) await waitUp(a.ns.name, "cl0");
  return addrs;
}

/** Pids of etcd processes working on this agent's data dir. */
export function etcdPids(a: TestAgent): number[] {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      const argv = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
      return argv[0]?.endsWith("etcd") && argv.some((x) => x.startsWith(a.dataDir));
    } catch {
      return false;
    }
  }).map(Number);
}

/** etcdctl (API v3) through endpoint, inside the agent's namespace and with its member certificate; its stdout. */
async function etcdctl(a: TestAgent, endpoint: string, args: string[]): Promise<string> {
  const p = memberPaths(a.dataDir);
  const r = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "etcdctl", "--endpoints", endpoint,
    "--cacert", p.caCert, "--cert", p.cert, "--key", p.key, "--command-timeout=10s", ...args],
  { env: { ETCDCTL_API: "3" }, timeoutMs: 30_000 });
  return r.stdout;
}

/** Keys under /corral/ in the member's etcd, read with etcdctl inside its namespace and with its certificate. */
export async function etcdKeys(a: TestAgent, endpoint: string, prefix = ""): Promise<string[]> {
  const out = await etcdctl(a, endpoint, ["get", "--prefix", "--keys-only", `/corral/${prefix}`]);
  return out.split("\n").filter(Boolean).map((k) => k.slice("/corral/".length));
}

/** Changes the JSON value of /corral/KEY in the cluster's etcd (a test arranging state no API sets, such as an age). */
export async function etcdUpdate<T>(a: TestAgent, endpoint: string, key: string, change: (v: T) => T): Promise<void> {
  const [, value] = (await etcdctl(a, endpoint, ["get", `/corral/${key}`])).split("\n");
  if (!value) throw new Error(`/corral/${key} is not in etcd`);
  await etcdctl(a, endpoint, ["put", `/corral/${key}`, JSON.stringify(change(JSON.parse(value) as T))]);
}

/** etcdctl member list (name, learner) as seen through endpoint, inside the agent's namespace. */
export async function etcdMemberList(a: TestAgent, endpoint: string): Promise<{ name: string; isLearner: boolean }[]> {
  const out = await etcdctl(a, endpoint, ["member", "list", "-w", "json"]);
  return ((JSON.parse(out) as { members: { name?: string; isLearner?: boolean }[] }).members)
    .map((m) => ({ name: m.name ?? "", isLearner: !!m.isLearner })).sort((x, y) => x.name.localeCompare(y.name));
}

/** The API port members listen on, each in its own namespace. */
const MEMBER_API_PORT = 8443;

/**
 * Two members m1 and m2 (each agent in its own namespace, a veth pair between them, real etcd):
 * `a` enabled the cluster, `b` joined it.
 */
export async function startTwoMembers(t: Parameters<typeof startAgent>[0]): Promise<{ a: TestAgent; b: TestAgent; addr: { a: string; b: string } }> {
  const a = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${MEMBER_API_PORT}`] });
  const b = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${MEMBER_API_PORT}`] });
  const addr = await linkAgents(testSubnet(), a, b);
  await a.cli(["cluster", "enable", "--address", addr.a, "--name", "m1"]);
  const token = (await a.cli(["cluster", "add", "m2"])).stdout.trim();
  await b.stop();
  await b.restart(["--join", token, "--address", addr.b]);
  return { a, b, addr };
}
