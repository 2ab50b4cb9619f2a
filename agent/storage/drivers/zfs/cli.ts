// Thin argument-array wrappers for zfs and zpool, parsing of their output, and the zfs-fuse
// daemon: on hosts without kernel ZFS the tools talk to a user-space daemon that must be running.
// Argument builders are pure (`args.*`) so a unit test can check the exact command lines.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { readdir, rm, writeFile } from "node:fs/promises";
import { alreadyExists, capability, CorralError, notFound } from "../../../errors";
import { procStat } from "../../../host/proc";
import { CommandError, run, succeeds, type RunOptions } from "../../../host/run";
import { log } from "../../../util/log";

/** The user property every dataset Corral makes carries (inherited below a pool's root): its pool name. */
export const TAG = "corral:pool";
/** Snapshot of an image dataset that instance clones come from. */
export const IMAGE_SNAPSHOT = "readonly";
/** Prefix of the temporary snapshot a send | receive copy makes (never a user's snapshot). */
export const COPY_SNAPSHOT_PREFIX = "corral-copy-";
/** The user property ("yes") of a snapshot that is kept only for the clones made from it. */
export const HIDDEN = "corral:hidden";

/** Ordinary zfs/zpool commands answer in milliseconds; a wedged daemon must not stall the agent. */
export const ZFS_COMMAND_TIMEOUT_MS = 60_000;
/** A full send | receive copies the whole volume. */
export const ZFS_SEND_TIMEOUT_MS = 30 * 60_000;
/** zfs-fuse answers `zpool list` ~0.1 s after it forks; a loaded machine gets slack. */
export const ZFS_DAEMON_START_TIMEOUT_MS = 15_000;
/** How often a zfs-fuse that exits at start is started again, and how far apart. */
const DAEMON_START_ATTEMPTS = 3;
const DAEMON_RETRY_MS = 1000;
const DAEMON_POLL_MS = 50;
/** zfs-fuse answers "dataset is busy" to a rename or destroy of a mounted dataset (so the driver
 * unmounts first) and, for a moment, to one whose container just stopped: retried this long. */
export const ZFS_BUSY_RETRY_MS = 5_000;
const BUSY_POLL_MS = 100;

/** Where zfs-fuse keeps its pid: the same file Debian's init script uses, so both see one daemon. */
export const ZFS_FUSE_PIDFILE = "/run/zfs-fuse.pid";
export const ZFS_FUSE_BINARY = "/usr/sbin/zfs-fuse";
/** No kstat filesystem at /zfs-kstat: nothing of ours needs it, and it would be one more host mount. */
const DAEMON_ARGS = ["--pidfile", ZFS_FUSE_PIDFILE, "--no-kstat-mount"];

// ---- argument builders ---------------------------------------------------------------------------

/** `-o key=value` pairs in a stable order. */
const props = (p: Record<string, string>): string[] => Object.entries(p).flatMap(([k, v]) => ["-o", `${k}=${v}`]);

export const args = {
  /** A pool on one file vdev whose root dataset is never mounted itself (its children inherit its mountpoint). */
  zpoolCreate: (zpool: string, file: string, mountPath: string, tag: string): string[] =>
    ["create", "-m", mountPath, "-O", "canmount=off", "-O", `${TAG}=${tag}`, zpool, file],
  /** Imports a file-backed pool by scanning the directory holding its file. */
  zpoolImport: (zpool: string, dir: string): string[] => ["import", "-d", dir, zpool],
  zpoolExport: (zpool: string): string[] => ["export", zpool],
  zpoolDestroy: (zpool: string): string[] => ["destroy", zpool],
  zpoolList: (zpool?: string): string[] => ["list", "-H", "-o", "name", ...(zpool ? [zpool] : [])],
  create: (dataset: string, p: Record<string, string> = {}): string[] => ["create", ...props(p), dataset],
  snapshot: (snapshot: string): string[] => ["snapshot", snapshot],
  /** `-r`: zfs rolls back only to the newest snapshot, so the newer ones are destroyed first. */
  rollback: (snapshot: string): string[] => ["rollback", "-r", snapshot],
  clone: (snapshot: string, dataset: string, p: Record<string, string> = {}): string[] => ["clone", ...props(p), snapshot, dataset],
  rename: (from: string, to: string): string[] => ["rename", from, to],
  /** The clone takes over the snapshots it comes from; its origin becomes the clone of it. */
  promote: (clone: string): string[] => ["promote", clone],
  /** `recursive` takes the dataset's snapshots (and children) with it. */
  destroy: (dataset: string, opts: { recursive?: boolean } = {}): string[] => ["destroy", ...(opts.recursive ? ["-r"] : []), dataset],
  set: (dataset: string, key: string, value: string): string[] => ["set", `${key}=${value}`, dataset],
  /** Raw values (-p: bytes, not 1.2G) without headers, one `property<TAB>value` line each. */
  get: (dataset: string, properties: string[]): string[] => ["get", "-H", "-p", "-o", "property,value", properties.join(","), dataset],
  /** Filesystems (not snapshots) at or below dataset; depth 1 = the dataset and its children. */
  list: (dataset: string, columns: string[], opts: { depth?: number; type?: "filesystem" | "snapshot" } = {}): string[] => [
    "list", "-H", "-o", columns.join(","), "-t", opts.type ?? "filesystem",
    ...(opts.depth === undefined ? ["-r"] : ["-d", String(opts.depth)]), dataset,
  ],
  /** Lists just this dataset or snapshot: fails with "does not exist" when it is not there. */
  exists: (name: string): string[] => ["list", "-H", "-o", "name", "-t", name.includes("@") ? "snapshot" : "filesystem", name],
  mount: (dataset: string): string[] => ["mount", dataset],
  umount: (dataset: string): string[] => ["umount", dataset],
  send: (snapshot: string): string[] => ["send", snapshot],
  receive: (dataset: string): string[] => ["receive", dataset],
};

// ---- running ---------------------------------------------------------------------------------------

const stderrOf = (e: unknown): string => (e instanceof CommandError ? e.stderr : "");
export const isMissing = (e: unknown): boolean => /does not exist|no such pool|could not find any pools/.test(stderrOf(e));
export const isExisting = (e: unknown): boolean => /already exists|already created/.test(stderrOf(e));
export const isBusy = (e: unknown): boolean => /dataset is busy|pool is busy/.test(stderrOf(e));

/** Runs one zfs/zpool command; a "busy" answer is retried until ZFS_BUSY_RETRY_MS has passed. */
async function runZfs(tool: "zfs" | "zpool", a: string[], opts: RunOptions = {}): Promise<string> {
  const deadline = Date.now() + ZFS_BUSY_RETRY_MS;
  for (;;) {
    try {
      return (await run(tool, a, { timeoutMs: ZFS_COMMAND_TIMEOUT_MS, ...opts })).stdout;
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, BUSY_POLL_MS));
    }
  }
}

export const zfs = (a: string[], opts?: RunOptions): Promise<string> => runZfs("zfs", a, opts);
export const zpool = (a: string[], opts?: RunOptions): Promise<string> => runZfs("zpool", a, opts);
/** One zfs command whose "busy" answer is the caller's to handle. */
export const zfsOnce = async (a: string[]): Promise<string> => (await run("zfs", a, { timeoutMs: ZFS_COMMAND_TIMEOUT_MS })).stdout;

/** Tab-separated rows of `-H` output. */
export function parseRows(stdout: string): string[][] {
  return stdout.split("\n").filter((l) => l.length > 0).map((l) => l.split("\t"));
}

/** Properties of a dataset, or undefined when it does not exist. */
export async function getProps(dataset: string, properties: string[]): Promise<Record<string, string> | undefined> {
  try {
    const out: Record<string, string> = {};
    for (const [k, v] of parseRows(await zfs(args.get(dataset, properties)))) out[k!] = v ?? "";
    return out;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** Whether a dataset (or snapshot) exists. */
export async function exists(dataset: string): Promise<boolean> {
  try {
    await zfs(args.exists(dataset));
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}

/** Rows of the given columns for dataset and every filesystem below it; [] when it does not exist. */
export async function listBelow(dataset: string, columns: string[], depth?: number): Promise<string[][]> {
  try {
    return parseRows(await zfs(args.list(dataset, columns, { depth })));
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** Creates a dataset; ALREADY_EXISTS when it is there. */
export async function create(dataset: string, p: Record<string, string> = {}): Promise<void> {
  try {
    await zfs(args.create(dataset, p));
  } catch (e) {
    if (isExisting(e)) throw alreadyExists(`dataset ${dataset}`);
    throw e;
  }
}

/** `zfs send snapshot | zfs receive dataset`, two processes joined by a pipe (no shell); stops on signal. */
export async function sendReceive(snapshot: string, dataset: string, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const env = { ...process.env, LC_ALL: "C" };
  const send = spawn("zfs", args.send(snapshot), { stdio: ["ignore", "pipe", "pipe"], env });
  const recv = spawn("zfs", args.receive(dataset), { stdio: ["pipe", "ignore", "pipe"], env });
  send.stdout!.pipe(recv.stdin!);
  recv.stdin!.on("error", () => undefined); // EPIPE when receive fails first; its exit code says why
  const errs = { send: "", recv: "" };
  send.stderr!.on("data", (d: Buffer) => (errs.send += d.toString()));
  recv.stderr!.on("data", (d: Buffer) => (errs.recv += d.toString()));
  const exit = (p: ReturnType<typeof spawn>) => new Promise<number | null>((resolve) => {
    p.on("error", () => resolve(null));
    p.on("close", (code) => resolve(code));
  });
  const kill = () => {
    send.kill("SIGKILL");
    recv.kill("SIGKILL");
    send.stdout!.destroy(); // unread, it would keep send's "close" from ever firing
  };
  // A failed receive leaves what send still writes, or node still holds of it, unread: send would
  // block on its pipe, or its "close" never fire. So send is killed and its output dropped; when
  // send was still running, the receive's error is the answer.
  let receiveFailedFirst = false;
  recv.once("exit", (code) => {
    if (code === 0) return;
    receiveFailedFirst = send.exitCode === null && send.signalCode === null;
    kill();
  });
  const timer = setTimeout(kill, ZFS_SEND_TIMEOUT_MS);
  signal?.addEventListener("abort", kill, { once: true });
  try {
    const [s, r] = await Promise.all([exit(send), exit(recv)]);
    signal?.throwIfAborted();
    if (s !== 0 && !receiveFailedFirst) throw new CommandError(["zfs", ...args.send(snapshot)], s, errs.send);
    if (r !== 0) throw new CommandError(["zfs", ...args.receive(dataset)], r, errs.recv);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", kill);
  }
}

// ---- the daemon ------------------------------------------------------------------------------------

/** Who serves the zfs tools: the kernel module, or zfs-fuse with this pid. */
export type ZfsBackend = { kind: "kernel" } | { kind: "fuse"; pid: number };

/** Contents of a small file in /run or /proc, "" when it cannot be read: a synchronous read, as
 * every zfs operation checks the daemon first and these are answered from memory. */
const readSmall = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

/** Whether pid is a live zfs-fuse: a dead one nobody reaped yet (state Z) has the name but serves nothing. */
function isDaemon(pid: string | number): boolean {
  const p = procStat(pid);
  return p?.comm === "zfs-fuse" && p.state !== "Z" && p.state !== "X";
}

/** Pid of the running zfs-fuse (its pid file first, else a scan of /proc), or undefined. */
export async function daemonPid(): Promise<number | undefined> {
  const fromFile = readSmall(ZFS_FUSE_PIDFILE).trim();
  if (/^\d+$/.test(fromFile) && isDaemon(fromFile)) return Number(fromFile);
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  for (const p of pids) if (isDaemon(p)) return Number(p);
  return undefined;
}

let starting: Promise<ZfsBackend> | undefined;

/** Makes sure the zfs tools have someone to talk to: kernel ZFS, or a zfs-fuse daemon (started
 * here when installed and not running). Cheap when it runs: two small /proc reads. */
export async function ensureDaemon(): Promise<ZfsBackend> {
  if (existsSync("/dev/zfs")) return { kind: "kernel" };
  const pid = await daemonPid();
  if (pid !== undefined) return { kind: "fuse", pid };
  starting ??= startDaemon().finally(() => (starting = undefined));
  return starting;
}

async function startDaemon(): Promise<ZfsBackend> {
  if (!existsSync(ZFS_FUSE_BINARY)) {
    throw capability("zfs storage pools", "neither kernel ZFS (/dev/zfs) nor zfs-fuse is available; install zfs-fuse (or zfsutils-linux with the ZFS module)");
  }
  if (existsSync("/run/systemd/system")) {
    // Under systemd the daemon belongs in its own unit: in corrald's cgroup, stopping corrald would kill it.
    await run("systemctl", ["start", "zfs-fuse.service"], { timeoutMs: ZFS_DAEMON_START_TIMEOUT_MS });
  } else {
    // zfs-fuse has once exited 1 (saying nothing) when started right after a previous daemon died;
    // started again a moment later it runs: a few bounded attempts.
    for (let attempt = 1; ; attempt++) {
      try {
        await spawnDaemon();
        break;
      } catch (e) {
        if (attempt >= DAEMON_START_ATTEMPTS) throw e;
        log("warn", "zfs-fuse did not start; trying again", { attempt, error: (e as Error).message });
        await new Promise((r) => setTimeout(r, DAEMON_RETRY_MS));
      }
    }
  }
  const deadline = Date.now() + ZFS_DAEMON_START_TIMEOUT_MS;
  while (!(await succeeds("zpool", args.zpoolList(), { timeoutMs: ZFS_DAEMON_START_TIMEOUT_MS }))) {
    if (Date.now() > deadline) {
      throw new CorralError("CORRAL_ERR_TIMEOUT", `zfs-fuse did not answer within ${ZFS_DAEMON_START_TIMEOUT_MS} ms of starting (ZFS_DAEMON_START_TIMEOUT_MS)`);
    }
    await new Promise((r) => setTimeout(r, DAEMON_POLL_MS));
  }
  const pid = await daemonPid();
  if (pid === undefined) throw new CorralError("CORRAL_ERR_INTERNAL", "zfs-fuse answered but no zfs-fuse process is running");
  // As Debian's init script does: the kernel's OOM killer must not take every pool down with it.
  await writeFile(`/proc/${pid}/oom_score_adj`, "-1000").catch(() => undefined);
  log("info", "started the zfs-fuse daemon", { pid });
  return { kind: "fuse", pid };
}

/** Starts zfs-fuse, which forks into the background itself: resolves once its parent has exited 0. */
async function spawnDaemon(): Promise<void> {
  // A pid file left by a daemon that died makes zfs-fuse refuse to start; no zfs-fuse runs (checked).
  await rm(ZFS_FUSE_PIDFILE, { force: true });
  await new Promise<void>((resolve, reject) => {
    // It forks into the background itself; the parent exits once the child is set up.
    const p = spawn(ZFS_FUSE_BINARY, DAEMON_ARGS, { stdio: "ignore", detached: true });
    const timer = setTimeout(() => p.kill("SIGKILL"), ZFS_DAEMON_START_TIMEOUT_MS);
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on("close", (code, sig) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new CommandError([ZFS_FUSE_BINARY, ...DAEMON_ARGS], code, "", code === null ? `killed by ${sig}` : undefined));
    });
  });
}

// ---- mounts ----------------------------------------------------------------------------------------

/** Unmounts a dataset when it is mounted (rename and destroy need it unmounted first on zfs-fuse). */
export async function umountIfMounted(dataset: string): Promise<void> {
  try {
    await zfs(args.umount(dataset));
  } catch (e) {
    if (/not currently mounted|does not exist/.test(stderrOf(e))) return;
    throw e;
  }
}

/** Mounts a dataset unless it already is. */
export async function mountIfUnmounted(dataset: string): Promise<void> {
  try {
    await zfs(args.mount(dataset));
  } catch (e) {
    if (/already mounted/.test(stderrOf(e))) return;
    throw e;
  }
}

/** NOT_FOUND for a missing dataset, anything else as it is. */
export function missingAsNotFound(e: unknown, what: string): unknown {
  return isMissing(e) ? notFound(what) : e;
}
