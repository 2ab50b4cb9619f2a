// Running containers' addresses read over netlink by one `corral-exec-helper --netns-addrs` run
// for all of them (agent/instances/drivers/lxc/netns-addrs.{c,ts}) instead of an `nsenter … ip -j
// addr` per container. Real containers through a real agent: the helper's listing equals ip's
// (interfaces, MACs, MTUs, flags, addresses with prefixes and scopes); a pid that is gone gets an
// error line and the others their listings; once the agent's address listings expired (shortened
// here with CORRAL_NETNS_CACHE_MAX_AGE_MS) a list shows what ip shows, also a change the namespace's
// /proc files do not show (an MTU), a container added, one removed and an address removed; the
// first list after an agent restart finds the running inits from their LXC monitors (lxc-info only
// for a frozen and a stopped container) with the states lxc-info gives; and the state probe
// without the helper (none built, or its binary gone) still answers through nsenter.
import t from "tap";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { parseLxcInfo } from "../../agent/instances/drivers/lxc/cli";
import { helperBinary } from "../../agent/host/spawner";
import { netnsAddrs } from "../../agent/instances/drivers/lxc/netns-addrs";
import { StateProbe } from "../../agent/instances/drivers/lxc/state-probe";
import { eventually, startAgentWithBusybox } from "../helpers/agent";

/** The agent's listings expire after this (instead of 30 s), so the test can wait them out. */
const CACHE_MAX_AGE_MS = 1000;

interface IpLink {
  ifname: string;
  address?: string;
  mtu?: number;
  flags?: string[];
  operstate?: string;
  addr_info?: { family: string; local: string; prefixlen: number; scope: string; broadcast?: string; label?: string }[];
}

/** What a listing says, in the fields corrald reads and a few more, in a stable order. */
function norm(json: string) {
  return (JSON.parse(json) as IpLink[])
    .map((l) => ({
      ifname: l.ifname, address: l.address, mtu: l.mtu, flags: l.flags, operstate: l.operstate,
      addrs: (l.addr_info ?? []).map((a) => ({ family: a.family, local: a.local, prefixlen: a.prefixlen, scope: a.scope, broadcast: a.broadcast, label: a.label })),
    }))
    .sort((a, b) => (a.ifname < b.ifname ? -1 : 1));
}

/** The same, as the agent reports it in an instance's state. */
function fromIp(json: string) {
  return Object.fromEntries(norm(json).map((l) => [l.ifname, {
    hwaddr: l.address ?? "", mtu: l.mtu ?? 0, state: l.flags?.includes("UP") ? "up" : "down",
    addresses: l.addrs.map((a) => ({ family: a.family, address: a.local, netmask: String(a.prefixlen), scope: a.scope })),
  }]));
}

const ipIn = async (pid: number) => (await run("nsenter", ["-t", String(pid), "-n", "ip", "-j", "addr"])).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test("addresses read over netlink, one process for all containers", async (t) => {
  const helper = helperBinary();
  if (!helper) {
    t.fail("dist/corral-exec-helper is not built (npm run build, with gcc)");
    return;
  }
  // For the agent (also once restarted): short-lived listings, and a log line per host command.
  const saved = { CORRAL_NETNS_CACHE_MAX_AGE_MS: process.env.CORRAL_NETNS_CACHE_MAX_AGE_MS, CORRAL_DEBUG: process.env.CORRAL_DEBUG };
  Object.assign(process.env, { CORRAL_NETNS_CACHE_MAX_AGE_MS: String(CACHE_MAX_AGE_MS), CORRAL_DEBUG: "run" });
  t.teardown(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const { a, work } = await startAgentWithBusybox(t, "nabr0");
  for (const n of ["c1", "c2", "c3"]) await a.cli(["launch", "busybox", n]);
  await a.cli(["init", "busybox", "c4"]);
  await a.cli(["init", "busybox", "c5"]);
  const lxcPath = join(a.dataDir, "lxc");

  const states = async () => (await a.client.instances.ListInstances({ with_state: true })).instances;
  const pidOf = async (name: string) => (await states()).find((i) => i.name === name)!.state!.pid;
  await eventually("c1, c2 and c3 to get DHCP addresses", async () => {
    const l = await states();
    return l.filter((i) => i.status === "Running").every((i) => i.state!.network.eth0?.addresses.some((x) => x.family === "inet" && x.scope === "global")) ? l : undefined;
  }, 60_000);
  // An IPv6 address and a second IPv4 one (with its broadcast) inside c1, so the listing has each
  // kind (with the host's ip: busybox's lacks nodad).
  const ipInside = async (name: string, args: string[]) => run("nsenter", ["-t", String(await pidOf(name)), "-n", "ip", ...args]);
  await ipInside("c1", ["addr", "add", "fd00:99:1::5/64", "dev", "eth0", "nodad"]);
  await ipInside("c1", ["addr", "add", "192.0.2.77/28", "brd", "+", "dev", "eth0"]);

  /** The host commands the agent ran since `mark` (a length of its logs). */
  const ranSince = (mark: number) => a.logs().slice(mark).split("\n").flatMap((l) => {
    try {
      const r = JSON.parse(l) as { "@module"?: string; "@message"?: string };
      return r["@module"] === "run" ? [String(r["@message"])] : [];
    } catch {
      return [];
    }
  });

  /**
   * Every running container's state in one ListInstances, against ip inside its namespace; with
   * `byHelper`, their addresses must have been read by one helper run for all, and no nsenter.
   */
  const agreesWithIp = async (what: string, byHelper = true) => {
    const mark = a.logs().length;
    const listed = await states();
    for (const i of listed.filter((x) => x.status === "Running")) {
      const got = Object.fromEntries(Object.entries(i.state!.network).map(([k, v]) => [k, {
        hwaddr: v.hwaddr, mtu: Number(v.mtu), state: v.state, addresses: v.addresses.map((x) => ({ family: x.family, address: x.address, netmask: x.netmask, scope: x.scope })),
      }]));
      t.same(got, fromIp(await ipIn(Number(i.state!.pid))), `${what}: ${i.name} as ip shows it`);
    }
    if (byHelper) {
      const ran = ranSince(mark);
      const sorted = (xs: number[]) => xs.sort((x, y) => x - y);
      const pids = sorted(listed.filter((x) => x.status === "Running").map((x) => Number(x.state!.pid)));
      const helperRuns = ran.map((c) => /--netns-addrs ([\d ]+) \(/.exec(c)?.[1]).filter((m) => m !== undefined).map((m) => sorted(m.split(" ").map(Number)));
      t.same(helperRuns, [pids], `${what}: one helper run read them all`);
      t.notOk(ran.some((c) => c.startsWith("nsenter")), `${what}: no nsenter`);
    }
    return listed;
  };

  await t.test("the helper's listing equals ip's; a gone pid gets an error line", async (t) => {
    const pids = await Promise.all(["c1", "c2", "c3"].map(pidOf));
    // A pid certainly gone: a child that has exited and been waited for.
    const gone = spawn("true");
    await once(gone, "exit");
    const read = await netnsAddrs(helper, [pids[0]!, gone.pid!, pids[1]!, pids[2]!]);
    t.match(read.get(gone.pid!), { error: `open /proc/${gone.pid}/ns/net: No such file or directory` }, "the gone pid: an error line");
    for (const [k, pid] of pids.entries()) {
      const r = read.get(pid);
      t.ok(r && "ipJson" in r, `c${k + 1}: a listing`);
      if (!r || !("ipJson" in r)) continue;
      const ours = norm(r.ipJson);
      t.same(ours, norm(await ipIn(pid)), `c${k + 1}: interfaces, MACs, MTUs, flags and addresses as ip shows them`);
      t.same(ours.map((l) => l.ifname), ["eth0", "lo"], `c${k + 1}: lo and eth0`);
    }
    const c1 = norm((read.get(pids[0]!) as { ipJson: string }).ipJson).find((l) => l.ifname === "eth0")!;
    t.match(c1.addrs.find((x) => x.local === "192.0.2.77"), { family: "inet", prefixlen: 28, broadcast: "192.0.2.79", scope: "global", label: "eth0" }, "c1's second IPv4 address");
    t.match(c1.addrs.find((x) => x.local === "fd00:99:1::5"), { family: "inet6", prefixlen: 64, scope: "global" }, "c1's IPv6 address");
    t.match(c1, { mtu: Number, address: /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"] }, "c1's eth0: MTU, MAC and flags");
  });

  await t.test("lists once the listings expired follow every change", async (t) => {
    await agreesWithIp("first list", false);
    await sleep(CACHE_MAX_AGE_MS + 200);
    await agreesWithIp("after the expiry");
    // An MTU changed inside: /proc/PID/net shows nothing of it, so only the expiry brings it.
    await ipInside("c2", ["link", "set", "eth0", "mtu", "1280"]);
    await sleep(CACHE_MAX_AGE_MS + 200);
    const l = await agreesWithIp("an MTU changed inside");
    t.equal(Number(l.find((i) => i.name === "c2")!.state!.network.eth0!.mtu), 1280, "c2's new MTU");
    // A container added, one removed, an address removed inside: each seen by the next list after an expiry.
    await a.cli(["start", "c4"]);
    await a.cli(["delete", "-f", "c3"]);
    await ipInside("c1", ["addr", "del", "192.0.2.77/28", "dev", "eth0"]);
    // c4's DHCP address first: ip and the list must not be read on either side of its arrival.
    await eventually("c4 to get a DHCP address", async () => (await ipIn(await pidOf("c4"))).includes('"scope":"global"') || undefined, 60_000);
    await sleep(CACHE_MAX_AGE_MS + 200);
    const after = await agreesWithIp("c4 started, c3 deleted, an address removed");
    t.same(after.map((i) => i.name).sort(), ["c1", "c2", "c4", "c5"], "c3 is gone");
    t.equal(after.find((i) => i.name === "c4")!.status, "Running", "c4 runs");
    t.notOk(after.find((i) => i.name === "c1")!.state!.network.eth0!.addresses.some((x) => x.address === "192.0.2.77"), "the removed address is gone");
  });

  await t.test("the first list after an agent restart: running inits found from their monitors, no lxc-info for them", async (t) => {
    // c2 frozen while the agent is down: found by its monitor too, but the freezer says it is not running.
    const inAgentNs = (cmd: string, n: string) => run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", cmd, "-n", n, "-P", lxcPath]);
    await a.stop();
    await inAgentNs("lxc-freeze", "c2");
    t.teardown(() => inAgentNs("lxc-unfreeze", "c2").catch(() => undefined));
    await a.restart();
    const mark = a.logs().length;
    const l = await agreesWithIp("after the restart", false);
    const ran = ranSince(mark);
    for (const i of l) {
      const info = parseLxcInfo((await inAgentNs("lxc-info", i.name).catch((e: Error) => ({ stdout: e.message }))).stdout);
      t.same({ status: i.status, pid: Number(i.state?.pid ?? 0) }, { status: ({ RUNNING: "Running", FROZEN: "Frozen", STOPPED: "Stopped" } as Record<string, string>)[info.state], pid: info.pid }, `${i.name}: lxc-info's state and init`);
    }
    t.same(l.map((i) => [i.name, i.status]).sort(), [["c1", "Running"], ["c2", "Frozen"], ["c4", "Running"], ["c5", "Stopped"]], "two running, one frozen, one stopped");
    // Which containers lxc-info was asked about: by a chunk's shell (`name:0` entries) or directly.
    const asked = ran.flatMap((c) => [...c.matchAll(/ (c\d):0\b/g), ...c.matchAll(/^lxc-info -n (\S+)/g)].map((m) => m[1]!));
    t.same([...new Set(asked)].sort(), ["c2", "c5"], "lxc-info only for the frozen and the stopped container");
    t.notOk(ran.some((c) => c.startsWith("nsenter")), "no nsenter");
    t.ok(ran.some((c) => c.includes(" --netns-addrs ")), "the helper read the addresses");
    await inAgentNs("lxc-unfreeze", "c2");
  });

  await t.test("the state probe given known inits: with the helper, without it, with its binary gone", async (t) => {
    const names = ["c1", "c2", "c4"];
    const pids = await Promise.all(names.map(pidOf));
    const expected = await Promise.all(pids.map(async (p) => norm(await ipIn(p))));
    for (const [what, probe] of [["helper", new StateProbe(lxcPath, helper)], ["no helper", new StateProbe(lxcPath)], ["helper binary gone", new StateProbe(lxcPath, join(work, "no-such-helper"))]] as const) {
      const got = await Promise.all(names.map((n, i) => probe.probe(n, pids[i])));
      for (const [i, n] of names.entries()) {
        t.same({ state: got[i]!.state, pid: got[i]!.pid }, { state: "RUNNING", pid: pids[i] }, `${what}: ${n} runs`);
        t.same(norm(got[i]!.ipJson), expected[i], `${what}: ${n}'s listing as ip shows it`);
      }
    }
    // c4 stops after its init was seen: the helper cannot enter its namespace (nor can nsenter
    // after it), so no addresses; the others of the batch are answered.
    await a.cli(["stop", "-f", "c4"]);
    const probe = new StateProbe(lxcPath, helper);
    const got = await Promise.all(names.map((n, i) => probe.probe(n, pids[i])));
    t.equal(got[2]!.ipJson, "[]", "c4: no addresses");
    t.same(norm(got[0]!.ipJson), expected[0], "c1 answered in the same batch");
    t.same(norm(got[1]!.ipJson), expected[1], "c2 too");
  });
});
