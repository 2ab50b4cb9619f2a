// Our side of vm_boot: a real corrald (own netns and data dir, as the tests start it) with a dir
// pool, a managed NAT bridge and the tiny VM image imported. One sample is CreateInstance(start)
// through the API until the guest's CORRAL-BOOT-DONE is in GetConsoleLog, polled at the same
// interval as the raw baseline polls its serial file. Besides the total it records what tells
// where the time goes: when the RPC returned, when QEMU's process was created (/proc), when the
// create operation ended (the guest runs from then), the guest's own uptimes at its markers,
// each GetConsoleLog's latency, corrald's and QEMU's CPU time, and when the pool's background
// spare copy landed. With debug channels on, the agent's log lines of the create too.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import type { BuiltVmImage } from "../test/fixtures/vm-image";
import { startAgent, type TestAgent } from "../test/helpers/agent";
import type { Cleanup } from "./provider-tofu";
import { sleep } from "./stats";
import { benchCpuSince, cpuMs, markerUptime, type BootSample, type VmShape } from "./vm-raw";

/** A spare copy of the ~20 MB disk takes well under a second; a loaded host gets slack. */
const SPARE_READY_TIMEOUT_MS = 60_000;
/** A forced delete of a VM: QMP quit, QEMU exit, disk removal: well under a second. */
const DELETE_TIMEOUT_MS = 60_000;

export interface VmBench {
  agent: TestAgent;
  pool: string;
  network: string;
  alias: string;
  fingerprint: string;
}

export interface AgentBootSample extends BootSample {
  /** Offsets from the start of the clock, ms. */
  rpcMs: number;
  /** QEMU's process creation (the daemonized QEMU's pid, from /proc: 10 ms resolution). */
  qemuForkMs?: number;
  /** The create operation ended: QEMU is initialized, taps attached, `cont` sent. */
  opDoneMs: number;
  /** The pool's background spare copy completed (undefined: not within the sample). */
  spareLandedMs?: number;
  agentCpuMs: number;
  /** Agent log lines written during the sample (debug channels on), with the clock's wall start. */
  logs?: { wall0: number; text: string };
}

/** Starts corrald with pool, bridge and the image; every clean-up step is registered on c. */
export async function setupVmBench(c: Cleanup, img: BuiltVmImage, debugChannels: string): Promise<VmBench> {
  const suffix = randomBytes(3).toString("hex");
  const before = process.env.CORRAL_DEBUG;
  process.env.CORRAL_DEBUG = debugChannels; // startAgent passes it to corrald
  const agent = await startAgent(c).finally(() => {
    if (before === undefined) delete process.env.CORRAL_DEBUG;
    else process.env.CORRAL_DEBUG = before;
  });
  const env: VmBench = { agent, pool: `vbp${suffix}`, network: `vbn${suffix}`, alias: "benchvm", fingerprint: img.fingerprint };
  c.teardown(async () => {
    const client = agent.client;
    const left = (await client.instances.ListInstances({ with_state: false })).instances.map((i) => i.name);
    await Promise.all(left.map(async (name) => client.wait(await client.instances.DeleteInstance({ name, force: true }, { deadlineMs: DELETE_TIMEOUT_MS }))));
    // The tiny image and whatever else a bench imported (vm_exec's Debian image).
    for (const im of (await client.images.ListImages({})).images) await client.wait(await client.images.DeleteImage({ ref: im.fingerprint }));
    await agent.cli(["network", "delete", env.network], { okCodes: [0, 1] });
    await agent.cli(["storage", "delete", env.pool], { okCodes: [0, 1] });
  });
  // VMs run outside corrald's process tree: whatever the steps above could not stop is killed.
  c.teardown(async () => {
    for (const pid of await qemuPidsOf(agent)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  });
  await agent.cli(["storage", "create", env.pool, "dir"]);
  await agent.cli(["network", "create", env.network, "ipv4.address=auto", "ipv4.nat=true"]);
  await agent.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", env.alias]);
  return env;
}

/** Pids of the QEMUs this agent started (their pidfiles under its data dir). */
async function qemuPidsOf(agent: TestAgent): Promise<number[]> {
  const dir = join(agent.dataDir, "qemu");
  const out: number[] = [];
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const pid = qemuPid(agent, name);
    if (pid) out.push(pid);
  }
  return out;
}

function qemuPid(agent: TestAgent, name: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(agent.dataDir, "qemu", name, "qemu.pid"), "utf8").trim());
    return pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(`process=corral-${name}`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Complete spares of the image on the pool (see agent/storage/spares.ts for their names). */
export function spareCount(env: VmBench): number {
  const dir = join(env.agent.dataDir, "storage-pools", env.pool, "spares");
  const re = new RegExp(`^${env.fingerprint}\\.[0-9a-f]{8}$`);
  return existsSync(dir) ? readdirSync(dir).filter((n) => re.test(n)).length : 0;
}

/** Waits until the pool holds a ready copy of the image's disk: a create then only renames it. */
export async function waitForSpare(env: VmBench): Promise<void> {
  const deadline = Date.now() + SPARE_READY_TIMEOUT_MS;
  while (spareCount(env) === 0) {
    if (Date.now() > deadline) throw new Error(`no spare copy of the image on pool ${env.pool} after ${SPARE_READY_TIMEOUT_MS} ms`);
    await sleep(50);
  }
}

/** Process start of pid in ms since boot (CLOCK_BOOTTIME, 10 ms ticks). */
function procStartMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19]) * 10;
  } catch {
    return undefined;
  }
}

/** CLOCK_MONOTONIC in ms, which on a host that never suspends is /proc's boot clock. */
const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** One create+start through the agent until the marker; the VM is left running (the caller deletes it). */
export async function agentBoot(env: VmBench, name: string, opts: { shape: VmShape; markers: { init: string; done: string }; pollMs: number; timeoutMs: number }): Promise<AgentBootSample> {
  const { client } = env.agent;
  const agentPid = env.agent.proc.pid;
  const logFrom = env.agent.logs().length;
  const sparesBefore = spareCount(env);
  const cpu0 = cpuMs(agentPid);
  const benchCpu0 = process.cpuUsage();
  const wall0 = Date.now();
  const mono0 = monotonicMs();
  const t0 = performance.now();
  const op = await client.instances.CreateInstance({
    name,
    type: "virtual-machine",
    image: env.alias,
    start: true,
    profiles: [],
    config: { "limits.memory": `${opts.shape.memoryMiB}MiB`, "limits.cpu": String(opts.shape.cpus) },
    devices: {
      root: { properties: { type: "disk", path: "/", pool: env.pool } },
      eth0: { properties: { type: "nic", network: env.network } },
    },
  });
  const rpcMs = performance.now() - t0;
  await client.wait(op);
  const opDoneMs = performance.now() - t0;
  let spareLandedMs: number | undefined;
  const pollMs: number[] = [];
  for (;;) {
    const p0 = performance.now();
    const text = (await client.instances.GetConsoleLog({ name })).data.toString("latin1");
    const p1 = performance.now();
    pollMs.push(p1 - p0);
    // The spare taken by this create is copied anew in the background: note when it lands.
    if (spareLandedMs === undefined && spareCount(env) >= sparesBefore && sparesBefore > 0) spareLandedMs = p1 - t0;
    if (text.includes(opts.markers.done)) {
      const totalMs = p1 - t0;
      const pid = qemuPid(env.agent, name);
      const forked = pid ? procStartMs(pid) : undefined;
      return {
        totalMs,
        rpcMs,
        opDoneMs,
        qemuForkMs: forked === undefined ? undefined : forked - mono0,
        spareLandedMs,
        uptime: { init: markerUptime(text, opts.markers.init), done: markerUptime(text, opts.markers.done) },
        qemuCpuMs: cpuMs(pid),
        agentCpuMs: cpuMs(agentPid) - cpu0,
        benchCpuMs: benchCpuSince(benchCpu0),
        polls: pollMs.length,
        pollMs,
        logs: { wall0, text: env.agent.logs().slice(logFrom) },
      };
    }
    if (p1 - t0 > opts.timeoutMs) throw new Error(`VM ${name}: no ${opts.markers.done} in GetConsoleLog after ${opts.timeoutMs} ms`);
    await sleep(opts.pollMs);
  }
}

/** Force-deletes a VM through the agent (not timed). */
export async function deleteVm(env: VmBench, name: string): Promise<void> {
  const { client } = env.agent;
  await client.wait(await client.instances.DeleteInstance({ name, force: true }, { deadlineMs: DELETE_TIMEOUT_MS }));
}

/** The agent's host command lines ("run" channel) of a log slice: tool, start offset and duration. */
export interface TimelineEvent {
  what: string;
  startMs: number;
  durMs: number;
}

/**
 * The agent's log lines of one create as a timeline relative to the sample's clock: every host
 * command (CORRAL_DEBUG=run: `argv (N ms) -> code`, logged when it ends), QMP connects and
 * commands (qmp), guest agent syncs and commands (qga), and the driver's "started" (qemu).
 * Log timestamps have 1 ms resolution.
 */
export function timeline(logs: { wall0: number; text: string }): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const line of logs.text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    const at = Date.parse(String(j["@timestamp"])) - logs.wall0;
    const msg = String(j["@message"]);
    switch (j["@module"]) {
      case "run": {
        const m = /^(.*) \((\d+) ms\) -> (\S+)$/.exec(msg);
        if (!m) break;
        const argv = m[1]!.split(" ");
        const tool = argv[0] === "ip" ? argv.filter((a) => !a.startsWith("-")).slice(0, 3).join(" ") : argv[0] === "id" ? argv.join(" ") : argv[0]!;
        out.push({ what: tool, startMs: at - Number(m[2]), durMs: Number(m[2]) });
        break;
      }
      case "qmp": {
        const cmd = /^-> .*"execute":"([^"]+)"/.exec(msg)?.[1];
        if (cmd && cmd !== "qmp_capabilities") out.push({ what: `qmp ${cmd}`, startMs: at, durMs: 0 });
        else if (msg.startsWith("connected to")) out.push({ what: "qmp connected", startMs: at, durMs: 0 });
        break;
      }
      case "qga": {
        const cmd = / -> (\S+)/.exec(msg)?.[1];
        if (cmd) out.push({ what: `qga ${cmd}`, startMs: at, durMs: 0 });
        else if (/: sync \d+$/.test(msg)) out.push({ what: "qga sync", startMs: at, durMs: 0 });
        break;
      }
      case "qemu":
        if (msg.startsWith("started ")) out.push({ what: "driver: started", startMs: at, durMs: 0 });
        break;
    }
  }
  return out;
}
