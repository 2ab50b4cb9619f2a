// Storage benchmarks: the agent's copy-on-write work against the raw tool doing the same on the
// same pool, image and run. Prints per driver (dir, btrfs, zfs on zfs-fuse)
//   BENCH clone_<driver>    ours=<ms> raw=<ms> ratio=<ours/raw> [target<=1.3]
//   BENCH snapshot_<driver> ours=<ms> raw=<ms> ratio=…
//   BENCH restore_<driver>  ours=<ms> raw=<ms> ratio=…
// ours: the API call through a real corrald (own netns and data dir), timed by the client until
// the call (and its operation, where it has one) is done: CreateInstance(start=false) of a
// container from the image (its root volume is cloned from the pool's image volume),
// CreateSnapshot and RestoreSnapshot of that stopped container.
// raw: the tool run directly on the same pool: clone = `btrfs subvolume snapshot` / `zfs clone` of
// the image's snapshot / `cp -a` of the image volume; snapshot = `btrfs subvolume snapshot -r` /
// `zfs snapshot` / `cp -a` of a raw clone; restore = `btrfs subvolume delete` + `btrfs subvolume
// snapshot` / `zfs rollback -r` / `rm -rf` + `cp -a` (a restore replaces the volume's content).
// Each raw command is one process, as the agent's are. Ours and raw alternate, twice per round in the
// order ours, raw, raw, ours; medians are reported. Cleanup of every sample is untimed.
// The floor of each figure is also measured in the same rounds: a bare round trip to the agent
// (GetOperation of a finished operation) plus the raw tool's time, as a ratio to the raw time —
// what an agent that did nothing but run the raw tool behind one API call would score. Each figure's
// line carries its floor; a floor above the target means the target is out of reach through an API
// call that runs the raw tool on this machine (the round trip alone costs more than the target
// allows), which a missed figure's line then says:
//   BENCH floors_<driver> rpc=<ms> clone=<(rpc+raw)/raw> snapshot=… restore=…
// corrald starts its commands from a small helper process (agent/host/spawner.ts), cheaper than a
// fork of node; raw is started by node's spawn, as before. So that the one is not mistaken for the
// other, the raw tool started the agent's way is timed too (in the same rounds, untimed otherwise):
//   BENCH rawhelper_<driver> clone=<ms> snapshot=<ms> restore=<ms> ratios=<ours/that, per figure>
// On btrfs the agent does not run btrfs-progs for these: the helper makes the kernel's ioctls
// (agent/storage/drivers/btrfs/btrfs-ioctl.c) in its forked child. Those calls alone, started the
// agent's way, are the last baseline (what the agent's work costs above the kernel's):
//   BENCH rawkernel_btrfs clone=<ms> snapshot=<ms> restore=<ms> ratios=<ours/that, per figure>
// A delete answers before it frees the root disk; the next round waits (untimed) until it is gone
// and the agent runs no host command, so that no figure overlaps the previous round's clean-up.
//
// Run alone: `node --import tsx bench/storage.ts [--iterations 7] [--drivers dir,btrfs,zfs]`
// (env BENCH_STORAGE_N, BENCH_STORAGE_DRIVERS); `npm run bench -- --suites storage` runs it
// through runSuite() in bench/run.ts.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { run } from "../agent/host/run";
import { enableSpawnHelper, helperBinary } from "../agent/host/spawner";
import { daemonPid, ZFS_BUSY_RETRY_MS } from "../agent/storage/drivers/zfs/cli";
import { zpoolNameOf } from "../agent/storage/drivers/zfs/volumes";
import { buildBusyboxImage } from "../test/fixtures/images";
import { startAgent, type TestAgent } from "../test/helpers/agent";
import { stopDaemon, zpools } from "../test/helpers/zfs";
import { Cleanup } from "./provider-tofu";
import { median, timeMs } from "./stats";

const HELPER = helperBinary();
/** The issue's target for btrfs and zfs, as ours/raw. */
const TARGET = 1.3;
const TARGETED = new Set(["btrfs", "zfs"]);
const DRIVERS = ["dir", "btrfs", "zfs"] as const;
type Driver = (typeof DRIVERS)[number];
const FIGURES = ["clone", "snapshot", "restore"] as const;
type Figure = (typeof FIGURES)[number];
const POOL_CONFIG: Record<Driver, string[]> = { dir: [], btrfs: ["size=1GiB"], zfs: ["size=512MiB"] };
/** zfs-fuse cannot be idmapped-mounted: containers on it are privileged (as the tests make them). */
const CONTAINER_CONFIG: Record<Driver, Record<string, string>> = { dir: {}, btrfs: {}, zfs: { "security.privileged": "true" } };
/** A bench is a few hundred small commands; no single API call may hang it. */
const CALL_DEADLINE_MS = 120_000;
const ALIAS = "benchstore";

const say = (s: string) => process.stderr.write(`bench: ${s}\n`);
const rand = () => randomBytes(3).toString("hex");

type Samples = Record<Figure, { ours: number[]; raw: number[]; rawHelper: number[]; rawKernel: number[] }> & { rpc: number[] };

/** How the raw tool does each figure's work on one driver's pool. */
interface RawOps {
  /** A raw clone of the image volume named `name`; returns its handle (path or dataset). */
  clone(name: string): Promise<string>;
  /** Removes a raw clone (untimed). */
  drop(handle: string): Promise<void>;
  snapshot(handle: string, snap: string): Promise<void>;
  dropSnapshot(handle: string, snap: string): Promise<void>;
  restore(handle: string, snap: string): Promise<void>;
}

/** Where raw copies live on a filesystem pool: a directory that is no volume type. */
const rawDir = (poolPath: string) => join(poolPath, "bench-raw");

/** A raw snapshot of handle h named s, beside it. */
const snapPath = (h: string, s: string) => `${h}.snap-${s}`;

/** The btrfs figures' work, each subvolume command (`snapshot [-r] SRC DST`, `delete PATH`) run by `subvolume`. */
function btrfsOps(poolPath: string, imageVolume: { path: string }, subvolume: (args: string[]) => Promise<unknown>): RawOps {
  const dir = rawDir(poolPath);
  return {
    clone: async (name) => (await subvolume(["snapshot", imageVolume.path, join(dir, name)]), join(dir, name)),
    drop: async (h) => void (await subvolume(["delete", h])),
    snapshot: async (h, s) => void (await subvolume(["snapshot", "-r", h, snapPath(h, s)])),
    dropSnapshot: async (h, s) => void (await subvolume(["delete", snapPath(h, s)])),
    restore: async (h, s) => {
      await subvolume(["delete", h]);
      await subvolume(["snapshot", snapPath(h, s), h]);
    },
  };
}

function rawOps(driver: Driver, poolPath: string, imageVolume: { path: string; dataset: string }): RawOps {
  const dir = rawDir(poolPath);
  switch (driver) {
    case "dir":
      return {
        clone: async (name) => (await run("cp", ["-a", imageVolume.path, join(dir, name)]), join(dir, name)),
        drop: async (h) => void (await run("rm", ["-rf", h])),
        snapshot: async (h, s) => void (await run("cp", ["-a", h, snapPath(h, s)])),
        dropSnapshot: async (h, s) => void (await run("rm", ["-rf", snapPath(h, s)])),
        restore: async (h, s) => {
          await run("rm", ["-rf", h]);
          await run("cp", ["-a", snapPath(h, s), h]);
        },
      };
    case "btrfs":
      return btrfsOps(poolPath, imageVolume, (args) => run("btrfs", ["subvolume", ...args]));
    case "zfs": {
      const parent = imageVolume.dataset.split("/")[0]!;
      return {
        clone: async (name) => (await run("zfs", ["clone", `${imageVolume.dataset}@readonly`, `${parent}/bench-raw-${name}`]), `${parent}/bench-raw-${name}`),
        drop: (h) => zfsBusyRetry(["destroy", "-r", h]),
        snapshot: async (h, s) => void (await run("zfs", ["snapshot", `${h}@${s}`])),
        dropSnapshot: async (h, s) => void (await run("zfs", ["destroy", `${h}@${s}`])),
        restore: async (h, s) => void (await run("zfs", ["rollback", "-r", `${h}@${s}`])),
      };
    }
    default: {
      const never: never = driver;
      throw new Error(`no raw operations for ${String(never)}`);
    }
  }
}

/** The figures' work as the agent's own kernel calls make it, where it makes them (btrfs, with the helper built). */
function kernelOps(driver: Driver, poolPath: string, imageVolume: { path: string }): RawOps | undefined {
  if (driver !== "btrfs" || !HELPER) return undefined;
  return btrfsOps(poolPath, imageVolume, (args) => run(HELPER, ["--btrfs", ...args]));
}

/** zfs-fuse answers "dataset is busy" to a destroy right after a clone is mounted: retried (untimed) a while. */
async function zfsBusyRetry(args: string[]): Promise<void> {
  const deadline = Date.now() + ZFS_BUSY_RETRY_MS;
  for (;;) {
    try {
      await run("zfs", args);
      return;
    } catch (e) {
      if (!/busy/.test((e as Error).message) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Times ours and raw twice in a round, in the order ours, raw, raw, ours: each goes first (after
 * the previous round's clean-up, which can slow the next command, e.g. a zfs txg) as often as the
 * other, whatever the number of rounds. `k` (0, then 1) names the work of each of the two. */
async function abba(samples: { ours: number[]; raw: number[] }, ours: (k: number) => Promise<unknown>, raw: (k: number) => Promise<unknown>): Promise<void> {
  samples.ours.push(await timeMs(() => ours(0)));
  samples.raw.push(await timeMs(() => raw(0)));
  samples.raw.push(await timeMs(() => raw(1)));
  samples.ours.push(await timeMs(() => ours(1)));
}

/** Times fn with this process's run() starting commands from the spawn helper, as corrald does. */
async function timeThroughHelper(fn: () => Promise<unknown>): Promise<number> {
  enableSpawnHelper(HELPER);
  try {
    return await timeMs(fn);
  } finally {
    enableSpawnHelper(undefined);
  }
}

/** Waits (bounded, untimed) until a deleted instance's root disk is gone: deletes free it after answering. */
async function freed(gone: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + CALL_DEADLINE_MS;
  while (!(await gone())) {
    if (Date.now() > deadline) throw new Error("a deleted instance's root disk was not freed in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Host commands the agent runs now: its children and those of its spawn helper (the helper left out). */
function agentCommands(agentPid: number): number[] {
  const procs = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      return [{ pid: Number(pid), ppid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), comm }];
    } catch {
      return [];
    }
  });
  const helpers = new Set(procs.filter((p) => p.ppid === agentPid && p.comm === "corral-spawn").map((p) => p.pid));
  return procs.filter((p) => (p.ppid === agentPid && !helpers.has(p.pid)) || helpers.has(p.ppid)).map((p) => p.pid);
}

/** Waits (bounded, untimed) until the agent has run no host command for QUIET_MS: what a delete
 * does after its root disk is gone (zfs: a look at the image's snapshot) must not overlap the next
 * timed command, ours or raw. */
async function agentQuiet(agentPid: number): Promise<void> {
  const deadline = Date.now() + CALL_DEADLINE_MS;
  for (let calmSince = Date.now(); Date.now() - calmSince < QUIET_MS; ) {
    if (agentCommands(agentPid).length) calmSince = Date.now();
    if (Date.now() > deadline) throw new Error("the agent kept running host commands after a delete");
    await new Promise((r) => setTimeout(r, 2));
  }
}
/** No agent command for this long counts as quiet (successive commands follow within a millisecond or two). */
const QUIET_MS = 25;

async function benchDriver(c: Cleanup, agent: TestAgent, driver: Driver, n: number): Promise<Samples> {
  const client = agent.client;
  const pool = `sb${driver}${rand()}`;
  const poolPath = join(agent.dataDir, "storage-pools", pool);
  const call = { deadlineMs: CALL_DEADLINE_MS };
  const samples = { ...Object.fromEntries(FIGURES.map((f) => [f, { ours: [] as number[], raw: [] as number[], rawHelper: [] as number[], rawKernel: [] as number[] }])), rpc: [] as number[] } as Samples;
  const createInstance = async (name: string) =>
    client.wait(await client.instances.CreateInstance({
      name, image: ALIAS, type: "container", config: CONTAINER_CONFIG[driver], ephemeral: false, start: false,
      devices: { root: { properties: { type: "disk", path: "/", pool } } },
    }, call));
  const deleteInstance = async (name: string) => client.wait(await client.instances.DeleteInstance({ name, force: true }, call));
  const rootGone = async (name: string) =>
    driver === "zfs" ? !(await run("zfs", ["list", "-H", "-o", "name", `${zroot}/containers/${name}`], { okCodes: [0, 1] })).stdout.trim() : !existsSync(join(poolPath, "containers", name));

  say(`storage ${driver}: pool ${pool}`);
  const zroot = zpoolNameOf({ name: pool, config: {}, mountPath: poolPath, disksDir: join(agent.dataDir, "disks") });
  await agent.cli(["storage", "create", pool, driver, ...POOL_CONFIG[driver]]);
  c.teardown(async () => {
    for (const i of (await client.instances.ListInstances({ with_state: false })).instances) await deleteInstance(i.name);
    await agent.cli(["storage", "delete", pool], { okCodes: [0, 1] });
    // A zpool the agent could not destroy (zfs-fuse busy or restarted) must not outlive the bench.
    if (driver === "zfs" && (await zpools()).includes(zroot)) await run("zpool", ["destroy", "-f", zroot]);
  });

  // Warm-up: the first create unpacks the image into the pool (and a dir pool starts its spare copies).
  const warm = await createInstance("warm");
  await deleteInstance("warm");
  const rpc = async () => void samples.rpc.push(await timeMs(() => client.operations.GetOperation({ id: warm.id }, call)));
  const fp = (await client.images.GetImage({ ref: ALIAS })).fingerprint;
  const imageVolume = { path: join(poolPath, "images", fp), dataset: `${zroot}/images/${fp}` };
  if (driver !== "zfs") mkdirSync(rawDir(poolPath));
  const raw = rawOps(driver, poolPath, imageVolume);
  const kernel = kernelOps(driver, poolPath, imageVolume);
  const raws: string[] = [];
  c.teardown(async () => {
    for (const h of raws.splice(0)) await raw.drop(h).catch(() => undefined);
    rmSync(rawDir(poolPath), { recursive: true, force: true });
  });

  for (let i = 0; i < n; i++) {
    const names = [`cl${i}a`, `cl${i}b`];
    await abba(samples.clone, (k) => createInstance(names[k]!), async (k) => raws.push(await raw.clone(`r${i}${k}`)));
    await rpc();
    samples.clone.rawHelper.push(await timeThroughHelper(async () => raws.push(await raw.clone(`h${i}`))));
    if (kernel) samples.clone.rawKernel.push(await timeThroughHelper(async () => raws.push(await kernel.clone(`k${i}`))));
    for (const name of names) await deleteInstance(name);
    for (const h of raws.splice(0)) await raw.drop(h);
    for (const name of names) await freed(() => rootGone(name));
    await agentQuiet(agent.proc.pid!);
  }

  // Snapshot and restore: one stopped container and one raw clone, two snapshots of each per round,
  // each restored to the newer one twice (zfs would destroy snapshots newer than the one restored).
  const ct = "snapct";
  await createInstance(ct);
  const handle = await raw.clone("snap");
  raws.push(handle);
  for (let i = 0; i < n; i++) {
    const snaps = [`s${i}a`, `s${i}b`];
    await abba(samples.snapshot, (k) => client.instances.CreateSnapshot({ instance: ct, name: snaps[k]! }, call), (k) => raw.snapshot(handle, snaps[k]!));
    const newest = snaps[1]!;
    await abba(samples.restore, async () => client.wait(await client.instances.RestoreSnapshot({ instance: ct, name: newest }, call)), () => raw.restore(handle, newest));
    await rpc();
    samples.restore.rawHelper.push(await timeThroughHelper(() => raw.restore(handle, newest)));
    samples.snapshot.rawHelper.push(await timeThroughHelper(() => raw.snapshot(handle, `h${i}`)));
    await raw.dropSnapshot(handle, `h${i}`);
    if (kernel) {
      samples.restore.rawKernel.push(await timeThroughHelper(() => kernel.restore(handle, newest)));
      samples.snapshot.rawKernel.push(await timeThroughHelper(() => kernel.snapshot(handle, `k${i}`)));
      await kernel.dropSnapshot(handle, `k${i}`);
    }
    for (const snap of snaps) {
      await client.instances.DeleteSnapshot({ instance: ct, name: snap }, call);
      await raw.dropSnapshot(handle, snap);
    }
  }
  return samples;
}

function report(driver: Driver, s: Samples): void {
  // The samples themselves (in the order taken) on stderr, to see what a median hides.
  for (const f of FIGURES) say(`${f}_${driver} samples: ours ${s[f].ours.map((x) => x.toFixed(1)).join(" ")} | raw ${s[f].raw.map((x) => x.toFixed(1)).join(" ")}`);
  const rpc = median(s.rpc);
  const floor = (f: Figure) => (rpc + median(s[f].raw)) / median(s[f].raw);
  for (const f of FIGURES) {
    const ours = median(s[f].ours);
    const raw = median(s[f].raw);
    const ratio = ours / raw;
    // Said only of a miss: an agent that does not run the raw tool itself (btrfs) can beat the floor.
    const reach = ratio > TARGET && floor(f) > TARGET ? " (floor above target: out of reach through an API call that runs the raw tool)" : "";
    const target = TARGETED.has(driver) ? ` target<=${TARGET}${ratio <= TARGET ? "" : " MISSED"}${reach}` : "";
    process.stdout.write(`BENCH ${f}_${driver} ours=${ours.toFixed(1)} raw=${raw.toFixed(1)} ratio=${ratio.toFixed(2)} floor=${floor(f).toFixed(2)}${target}\n`);
  }
  process.stdout.write(`BENCH floors_${driver} rpc=${rpc.toFixed(1)} ${FIGURES.map((f) => `${f}=${floor(f).toFixed(2)}`).join(" ")}\n`);
  for (const [line, key] of [["rawhelper", "rawHelper"], ["rawkernel", "rawKernel"]] as const) {
    if (!HELPER || !s.clone[key].length) continue;
    const ms = FIGURES.map((f) => `${f}=${median(s[f][key]).toFixed(1)}`);
    const ratios = FIGURES.map((f) => `${f}=${(median(s[f].ours) / median(s[f][key])).toFixed(2)}`);
    process.stdout.write(`BENCH ${line}_${driver} ${ms.join(" ")} ratios ${ratios.join(" ")}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      iterations: { type: "string", default: process.env.BENCH_STORAGE_N ?? "7" },
      drivers: { type: "string", default: process.env.BENCH_STORAGE_DRIVERS ?? DRIVERS.join(",") },
    },
  });
  if (process.getuid?.() !== 0) throw new Error("the storage bench makes pools and containers: run it as root");
  const n = Math.max(1, Number(values.iterations));
  const drivers = values.drivers!.split(",").map((d) => d.trim()).filter(Boolean).map((d) => {
    if (!(DRIVERS as readonly string[]).includes(d)) throw new Error(`--drivers: unknown driver ${d} (${DRIVERS.join(", ")})`);
    return d as Driver;
  });
  const c = new Cleanup();
  const zfsWasRunning = (await daemonPid()) !== undefined;
  // Found stopped: stopped again, unless someone else's zpools now need it.
  if (drivers.includes("zfs") && !zfsWasRunning) c.teardown(async () => ((await zpools()).length ? undefined : stopDaemon()));
  const work = mkdtempSync(join(tmpdir(), "corral-bench-storage-"));
  c.teardown(() => rmSync(work, { recursive: true, force: true }));
  let failed = false;
  try {
    const agent = await startAgent(c);
    // CORRAL_DEBUG=run BENCH_STORAGE_LOG=FILE: the agent's log (its host commands, timed) for profiling.
    const logFile = process.env.BENCH_STORAGE_LOG;
    if (logFile) c.teardown(() => writeFileSync(logFile, agent.logs()));
    const img = buildBusyboxImage(work);
    await agent.cli(["image", "import", img.metaPath, "--alias", ALIAS]);
    for (const driver of drivers) {
      const cd = new Cleanup();
      try {
        report(driver, await benchDriver(cd, agent, driver, n));
      } catch (e) {
        failed = true;
        process.stdout.write(`BENCH ${driver} failed: ${(e as Error).message.split("\n")[0]}\n`);
      } finally {
        await cd.run();
      }
    }
  } finally {
    await c.run();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  process.stderr.write(`storage bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
