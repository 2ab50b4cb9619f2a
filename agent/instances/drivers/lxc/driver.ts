// The container driver: runs InstanceSpecs with Debian's LXC 5 tools. Each container is
// `<lxcPath>/<name>/config` (all share one seccomp profile, `<lxcPath>/.seccomp`); lxc-start -d
// daemonizes, so containers survive the agent. The driver keeps no state besides caches that can
// always be rebuilt.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { PassThrough, Writable } from "node:stream";
import { readdir, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { constants as osConstants } from "node:os";
import { capability, CorralError, hasCode, invalid, notFound, precondition } from "../../../errors";
import { CommandError } from "../../../host/run";
import { debug, log as logLine } from "../../../util/log";
import { Revert } from "../../../util/revert";
import type { ConsoleSession, DefineOptions, ExecOptions, ExecProcess, HostStatus, InstanceDriver, InstanceDriverInfo, InstanceRuntimeState, InstanceSpec, NicSpec } from "../../driver";
import type { RuleTable } from "../../../config/rules";
import { applyLiveLimits, cgroupLayout, containerCgroups, devicesKeyPrefix, limitConfigLines, readUsage, type ContainerCgroups } from "./cgroup";
import { attachDisks, detachDisks, DISKS_CONF, ensureDisksConf } from "./block-disks";
import { NetnsCache, StateProbe } from "./state-probe";
import { lxcFreeze, lxcInfo, lxcStart, lxcStop, lxcUnfreeze, spawnAttach, spawnAttachTty, spawnConsole, type LxcState, type LxcTarget } from "./cli";
import { generateConfig, hostNamesFromConfig, lxcArch, SECCOMP_PROFILE, vethPeerName, type HostFacts } from "./config";
import { addMacvlan, addVethPair, deleteLink } from "../../../host/ip";
import { bridgePortVlanPlan, runPlan } from "../../../network/vlan";
import { attachErrorFilter, attachFailureReason } from "./attach-errors";
import { hasMonitor } from "./monitor-socket";
import { monitorInits } from "./monitor-scan";
import { ExecHelper } from "./exec-helper";
import { helperBinary } from "../../../host/spawner";
import { procStat } from "../../../host/proc";

const log = debug("lxc");

/** The shared seccomp profile's file name in the LXC path. */
const SECCOMP_FILE = ".seccomp";

/** After lxc-attach exits, how long to wait for its pipes to drain (a guest daemon may keep them open). */
export const EXEC_PIPE_DRAIN_MS = 200;
/** An exec helper that ran nothing for this long is closed (the next exec starts one again). */
export const HELPER_IDLE_MS = 10 * 60_000;
/** How often helpers are checked for idleness, while there are any. */
const HELPER_SWEEP_MS = 60_000;
/** A SIGKILLed init is dead within milliseconds, and its monitor's teardown takes tens of them; a wedged one gets lxc-stop -k. */
const KILL_WAIT_MS = 10_000;
const KILL_POLL_MS = 2;
/** Where undefine moves a container's config: LXC's tools no longer see it while its directory is removed. */
const REMOVED_CONFIG = "config.removed";
/** Lines of the LXC log quoted in a start failure: enough for the error and what led to it. */
const LOG_TAIL_LINES = 15;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw invalid("name", "must be 1-63 letters, digits or hyphens, not starting with a hyphen");
}

const STATUS: Record<LxcState, HostStatus> = {
  STOPPED: "Stopped",
  STARTING: "Starting",
  RUNNING: "Running",
  STOPPING: "Stopping",
  ABORTING: "Stopping",
  FREEZING: "Running",
  FROZEN: "Frozen",
  THAWED: "Running",
};

/** Whether the container may have a monitor (true too when the socket table cannot be read). */
function monitorOrUnknown(t: LxcTarget): boolean {
  try {
    return hasMonitor(t.lxcPath, t.name);
  } catch {
    return true;
  }
}

/** Turns "lxc-start is not installed" into a capability error; other failures pass through. */
function toolError(e: unknown): unknown {
  if (e instanceof CommandError && e.exitCode === null && /command not found/.test(e.message)) {
    return capability("system containers", `${e.command[0]} is not installed (apt-get install lxc)`);
  }
  return e;
}

/** When the process started (see ProcStat.start); "" when it is gone. */
const procStartTime = (pid: number): string => procStat(pid)?.start ?? "";

/** Names of the network interfaces in this process's namespace (undefined when unreadable). */
function linksHere(): Set<string> | undefined {
  try {
    // /proc/self/net is this process's namespace; /sys/class/net may show another one's.
    return new Set(readFileSync("/proc/self/net/dev", "utf8").split("\n").slice(2).map((l) => l.split(":")[0]!.trim()).filter(Boolean));
  } catch {
    return undefined;
  }
}

async function readTail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trim().split("\n").slice(-lines).join("\n");
}

/**
 * Makes the host side of a NIC before lxc-start moves it in (a leftover from a crash under the
 * same name is replaced): a veth pair on the bridge, or a macvlan on the parent. A physical NIC
 * is the host interface itself: nothing to make.
 */
async function wireNic(n: NicSpec, instance: string): Promise<void> {
  const alias = `corral:${instance}`;
  switch (n.kind) {
    case "bridged":
      await addVethPair(n.hostName, vethPeerName(n.hostName), { bridge: n.link, hwaddr: n.hwaddr, mtu: n.mtu, alias });
      if (n.vlan !== undefined) await runPlan(bridgePortVlanPlan(n.link, n.hostName, n.vlan));
      return;
    case "macvlan":
      return addMacvlan(n.hostName, n.link, { type: "macvlan", hwaddr: n.hwaddr, mtu: n.mtu, alias });
    case "physical":
      return;
    default: {
      const never: never = n.kind;
      throw new Error(`unknown NIC kind ${String(never)}`);
    }
  }
}

interface IpAddrJson {
  ifname: string;
  flags?: string[];
  mtu?: number;
  address?: string;
  addr_info?: { family: string; local: string; prefixlen: number; scope: string }[];
}

/** A container's exec helper; `run` (init pid and start time) once known, `failed` when it could not start. */
interface HelperEntry {
  run: string | undefined;
  helper: ExecHelper;
  failed: boolean;
}

export class LxcDriver implements InstanceDriver {
  readonly info: InstanceDriverInfo = { name: "lxc", type: "container", hostRootfs: true, growsRootDisk: false, liveLimits: true, volumeContentTypes: ["filesystem", "block"] };
  readonly rules: RuleTable = {
    "raw.lxc": {
      type: "string",
      description: "Extra LXC configuration lines (lxc.<key> = <value>), appended to the generated config",
    },
  };
  readonly lxcPath: string;
  private facts?: Promise<HostFacts>;
  /** Container cgroup dirs keyed by `name:pid` (a restart gives a new pid, so entries never go stale). */
  private cgroups = new Map<string, ContainerCgroups>();
  /** A stopped container's host NICs and loop devices still being released (see stop). */
  private releasing = new Map<string, Promise<void>>();
  /** Containers this driver killed whose monitor is still tearing down: stopped for everyone asking. */
  private killed = new Set<string>();
  /** Containers whose NICs and loop devices a stop released and no start has made since. */
  private releasedClean = new Set<string>();
  /** Whether this agent has made sure of the shared seccomp profile (see seccompProfile). */
  private seccompChecked = false;
  private readonly probes: StateProbe;
  private readonly netns = new NetnsCache();
  /** Init pid and its start time of containers last seen running: state() trusts them while they hold. */
  private running = new Map<string, { pid: number; start: string }>();
  /** Whether `running` has been given the inits of containers that ran before this driver looked (see seedRunning). */
  private seeded = false;
  /** The exec helper of each container's current run (`run`: its init pid and start time), see exec-helper.ts. */
  private helpers = new Map<string, HelperEntry>();
  private helperSweep?: NodeJS.Timeout;
  /** Starts in flight, and the containers they started: their exec helpers start once no start runs (see warmHelpers). */
  private startsInFlight = 0;
  private readonly toWarm = new Set<string>();
  /** Image volumes (paths) seen holding a rootfs directory: their copies hold one too (see define). */
  private readonly withRootfs = new Set<string>();
  private readonly helperPath = helperBinary();

  constructor(opts: { lxcPath: string; hostFacts?: HostFacts }) {
    this.lxcPath = opts.lxcPath;
    this.probes = new StateProbe(opts.lxcPath, this.helperPath);
    if (opts.hostFacts) this.facts = Promise.resolve(opts.hostFacts);
  }

  private target(name: string): LxcTarget {
    checkName(name);
    return { name, lxcPath: this.lxcPath };
  }

  private dir(name: string): string {
    return join(this.lxcPath, name);
  }

  /** State and init pid: a container without a monitor is STOPPED at the cost of a file read
   * (see ./monitor-socket); lxc-info is asked only about one that has a monitor. */
  private async lxcState(t: LxcTarget): Promise<{ state: LxcState; pid: number }> {
    if (!monitorOrUnknown(t)) return { state: "STOPPED", pid: 0 };
    return lxcInfo(t).catch((e) => Promise.reject(toolError(e)));
  }

  /** lxc-* tools report an unknown container as a generic failure; say NOT_FOUND instead. */
  private async defined(name: string): Promise<LxcTarget> {
    const t = this.target(name);
    if (!statSync(join(this.dir(name), "config"), { throwIfNoEntry: false })) throw notFound(`instance ${name}`);
    return t;
  }

  /** Cgroup layout, AppArmor and architecture of this host, probed once. */
  hostFacts(): Promise<HostFacts> {
    this.facts ??= (async () => {
      const aa = await readFile("/sys/module/apparmor/parameters/enabled", "utf8").catch(() => "N");
      const hostArch = lxcArch(process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch) ?? "x86_64";
      return { layout: await cgroupLayout(), apparmor: aa.trim() === "Y", hostArch };
    })();
    return this.facts;
  }

  /** The mapped root must be able to walk to the rootfs: check the parents, open up the volume dir.
   * Synchronous stats: an idmapped rootfs is on a local filesystem (pools that cannot idmap, FUSE
   * ones, are refused for unprivileged containers before this), each stat a syscall. */
  private checkTraversable(volumePath: string): void {
    const st = statSync(volumePath, { throwIfNoEntry: false });
    if (!st?.isDirectory()) throw invalid("volumePath", `${volumePath} is not a directory`);
    if (!statSync(join(volumePath, "rootfs"), { throwIfNoEntry: false })?.isDirectory()) throw invalid("volumePath", `${volumePath} has no rootfs directory`);
    if ((st.mode & 0o011) !== 0o011) chmodSync(volumePath, (st.mode & 0o7777) | 0o711);
    for (let d = dirname(volumePath); ; d = dirname(d)) {
      const p = statSync(d);
      if ((p.mode & 0o001) === 0) {
        throw precondition(`volumePath: ${d} must be traversable by the container's mapped root (mode ${(p.mode & 0o777).toString(8)}; needs o+x, e.g. 0711)`);
      }
      if (d === dirname(d)) break;
    }
  }

  async define(spec: InstanceSpec, opts: DefineOptions = {}): Promise<void> {
    checkName(spec.name);
    await this.released(spec.name);
    // The volume is checked once it is ready (a create makes it meanwhile), alongside the writes: a
    // privileged container's rootfs may be on a FUSE pool (zfs-fuse), where a stat is a request to
    // its daemon. A new definition is written meanwhile and removed again when the check fails.
    // A copy of a volume known to hold a rootfs (an image volume: its rootfs checked once, while
    // the copy is made) is not stat'ed again after the copy.
    const volumeChecked = (async () => {
      const hasRootfs = (path: string) => stat(join(path, "rootfs")).then((s) => s.isDirectory(), () => false);
      const copied = !spec.idmap && opts.copyOf !== undefined && (this.withRootfs.has(opts.copyOf) || (await hasRootfs(opts.copyOf)));
      if (copied) this.withRootfs.add(opts.copyOf!);
      await opts.volumeReady;
      if (spec.idmap) this.checkTraversable(spec.volumePath);
      else if (!copied && !(await hasRootfs(spec.volumePath))) throw invalid("volumePath", `${spec.volumePath} has no rootfs directory`);
    })();
    volumeChecked.catch(() => undefined); // awaited below; until then its failure is no unhandled rejection
    const dir = this.dir(spec.name);
    const text = await generateConfig(spec, await this.hostFacts(), {
      seccompProfile: join(this.lxcPath, SECCOMP_FILE),
      logFile: join(spec.runDir, "lxc.log"),
      consoleLog: join(spec.runDir, "console.log"),
      disksConf: join(dir, DISKS_CONF),
    });
    // Small files in the agent's own data dir, written synchronously (each a syscall or two instead
    // of a round trip through libuv's thread pool); making a file is what costs here, so a new
    // container gets its directory and config only (its log directory comes with its first start).
    await Revert.with(async (r) => {
      const fresh = mkdirSync(dir, { recursive: true, mode: 0o755 }) !== undefined;
      if (fresh) r.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
      else await volumeChecked; // an existing definition stays as it is on a bad volume
      this.seccompProfile();
      if (spec.disks.length) ensureDisksConf(dir); // the config includes it only then
      if (fresh) {
        // Nothing reads the config of a directory made just now (a crash leaves the instance
        // "Creating", undone whole at the next start); the revert removes it on a bad volume.
        writeFileSync(join(dir, "config"), text);
        await volumeChecked;
      } else {
        writeFileSync(join(dir, "config.tmp"), text);
        renameSync(join(dir, "config.tmp"), join(dir, "config"));
      }
    });
  }

  /** The seccomp profile all containers share, beside their directories (no container has a name
   * starting with "."): rewritten, atomically, at this agent's first define when it differs. */
  private seccompProfile(): void {
    if (this.seccompChecked) return;
    const file = join(this.lxcPath, SECCOMP_FILE);
    let current: string | undefined;
    try {
      current = readFileSync(file, "utf8");
    } catch {
      /* not written yet */
    }
    if (current !== SECCOMP_PROFILE) {
      writeFileSync(`${file}.tmp`, SECCOMP_PROFILE);
      renameSync(`${file}.tmp`, file);
    }
    this.seccompChecked = true;
  }

  async start(spec: InstanceSpec, opts: { timeoutMs: number; justDefined?: boolean }): Promise<void> {
    this.startsInFlight++;
    try {
      if (await this.startContainer(spec, opts)) this.toWarm.add(spec.name);
    } finally {
      if (--this.startsInFlight === 0) setImmediate(() => this.warmHelpers());
    }
  }

  /**
   * A started container's exec helper is started right away, so that its first exec (a pipeline's
   * usual next step) costs no lxc-attach; but only once no other start runs, so that it never
   * competes with them. One a stop or delete dropped meanwhile is not started.
   */
  private warmHelpers(): void {
    if (this.startsInFlight) return;
    for (const name of this.toWarm) if (!this.helpers.has(name)) this.helperFor(name);
    this.toWarm.clear();
  }

  /** Starts the container; true when this call started it (false: it was running already). */
  private async startContainer(spec: InstanceSpec, opts: { timeoutMs: number; justDefined?: boolean }): Promise<boolean> {
    const t = this.target(spec.name);
    await this.released(spec.name);
    this.releasedClean.delete(spec.name);
    if (!opts.justDefined) {
      if (!(await stat(join(this.dir(spec.name), "config")).catch(() => undefined))) await this.define(spec);
      const before = await this.lxcState(t);
      if (before.state === "RUNNING" || before.state === "FROZEN") return false;
    }
    const logFile = join(spec.runDir, "lxc.log");
    mkdirSync(spec.runDir, { recursive: true, mode: 0o700 });
    await truncate(logFile).catch(() => undefined);
    const started = Date.now();
    try {
      await attachDisks(this.dir(spec.name), spec, devicesKeyPrefix((await this.hostFacts()).layout));
      for (const n of spec.nics) await wireNic(n, spec.name);
      await lxcStart(t, opts.timeoutMs);
    } catch (e) {
      await this.removeNics(spec.name).catch(() => undefined);
      await detachDisks(this.dir(spec.name)).catch(() => undefined);
      const err = toolError(e);
      if (hasCode(err, "CORRAL_ERR_CAPABILITY")) throw err;
      // A timed-out lxc-start leaves the daemonized monitor behind: kill what it started.
      await lxcStop(t, { kill: true }).catch(() => undefined);
      const tail = await readTail(logFile, LOG_TAIL_LINES);
      const timedOut = e instanceof CommandError && /timed out/.test(e.message);
      throw new CorralError(
        timedOut ? "CORRAL_ERR_TIMEOUT" : "CORRAL_ERR_COMMAND_FAILED",
        `instance ${spec.name} failed to start${timedOut ? ` within ${opts.timeoutMs} ms` : ""}: ${(e as Error).message}${tail ? `\nLXC log (${logFile}):\n${tail}` : ""}`,
        { cause: e },
      );
    }
    log("started %s in %d ms", spec.name, Date.now() - started);
    return true;
  }

  async stop(name: string, opts: { force: boolean; timeoutMs: number; status?: HostStatus }): Promise<void> {
    const t = await this.defined(name);
    if (this.killed.has(name)) return;
    let init = opts.force ? await this.stillRunning(name) : 0;
    if (opts.status !== "Running") {
      const info = await this.lxcState(t);
      if (info.state === "STOPPED") return;
      // A frozen init cannot handle the halt signal, and v1 frozen tasks cannot even die: thaw first.
      if (info.state === "FROZEN" || info.state === "FREEZING") await lxcUnfreeze(t);
      else if (info.state === "RUNNING" && opts.force) init ||= info.pid;
    }
    const killed = opts.force && init > 0 && (await this.killInit(name, init));
    if (opts.force && !killed) await lxcStop(t, { kill: true });
    else if (!opts.force) await lxcStop(t, { kill: false, timeoutSec: Math.max(1, Math.ceil(opts.timeoutMs / 1000)) });
    for (const k of this.cgroups.keys()) if (k.startsWith(`${name}:`)) this.cgroups.delete(k);
    this.dropHelper(name);
    // Deleting a veth waits on the kernel for tens of milliseconds (using no CPU), and after a kill
    // the monitor still unmounts and removes cgroups: the stop is done once the container's
    // processes are, and whatever comes next for this name (define, start, undefine) waits for
    // the rest first. Meanwhile the container is reported stopped.
    if (killed) this.killed.add(name);
    const release: Promise<void> = this.released(name)
      .then(async () => {
        if (killed) await this.monitorGone(t).finally(() => this.killed.delete(name));
        await this.removeNics(name);
        await detachDisks(this.dir(name));
        this.releasedClean.add(name);
      })
      .catch((e: Error) => logLine("warn", `could not release the NICs or disks of stopped instance ${name}`, { error: e.message }))
      .finally(() => {
        if (this.releasing.get(name) === release) this.releasing.delete(name);
      });
    this.releasing.set(name, release);
  }

  /**
   * stop -f without lxc-stop -k, which has the monitor SIGKILL init and then waits for the whole
   * teardown: the same signal to the same (running, thawed) init, done once it is dead (its pid
   * namespace dies with it; a zombie counts). False when it is not dead within the bound: lxc-stop
   * -k then.
   */
  private async killInit(name: string, pid: number): Promise<boolean> {
    const start = procStartTime(pid);
    if (!start) return false;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return false;
    }
    this.running.delete(name);
    const killedAt = Date.now();
    const deadline = killedAt + KILL_WAIT_MS;
    for (;;) {
      const now = procStat(pid);
      if (now?.start !== start || now.state === "Z") {
        log("killed the init of %s (pid %d): dead after %d ms", name, pid, Date.now() - killedAt);
        return true;
      }
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, KILL_POLL_MS));
    }
  }

  /** After killInit: the monitor has finished its teardown once its command socket is gone (bounded; lxc-stop -k after that). */
  private async monitorGone(t: LxcTarget): Promise<void> {
    const deadline = Date.now() + KILL_WAIT_MS;
    while (monitorOrUnknown(t)) {
      if (Date.now() > deadline) {
        await lxcStop(t, { kill: true });
        return;
      }
      await new Promise((r) => setTimeout(r, KILL_POLL_MS));
    }
  }

  /** Resolves once a stop's release of the name's NICs and disks (and an undefine's removal) is over. */
  released(name: string): Promise<void> {
    return this.releasing.get(name) ?? Promise.resolve();
  }

  /** Deletes the host ends of a container's veth pairs (the peers go with them) and its macvlans; physical NICs are the host's. */
  private async removeNics(name: string): Promise<void> {
    const text = await readFile(join(this.dir(name), "config"), "utf8").catch(() => readFile(join(this.dir(name), REMOVED_CONFIG), "utf8")).catch(() => "");
    // A stop already removed them: the delete after it needs no `ip` run per NIC to learn that.
    const present = linksHere();
    for (const { hostName, owned } of hostNamesFromConfig(text).values()) if (hostName && owned && (!present || present.has(hostName))) await deleteLink(hostName);
  }

  async freeze(name: string): Promise<void> {
    await lxcFreeze(await this.defined(name)).catch((e) => Promise.reject(toolError(e)));
  }

  async unfreeze(name: string): Promise<void> {
    await lxcUnfreeze(await this.defined(name)).catch((e) => Promise.reject(toolError(e)));
  }

  /**
   * Done once the container is gone for LXC's tools and this driver (its config is moved aside);
   * its NICs, loop devices and directory go after a stop's release, in the background, and
   * whatever comes next for the name (define, start) waits for that.
   */
  async undefine(name: string): Promise<void> {
    const t = this.target(name);
    const dir = this.dir(name);
    this.running.delete(name);
    this.netns.forget(name);
    this.dropHelper(name);
    if (!(await stat(dir).catch(() => undefined))) return this.released(name);
    const configPath = join(dir, "config");
    if (await stat(configPath).catch(() => undefined)) {
      // A container this driver stopped (its release still running: no start can come before it
      // ends) or killed is stopped, whatever its monitor still tears down.
      if (!this.releasing.has(name)) {
        const info = await this.lxcState(t);
        if (info.state !== "STOPPED") throw precondition(`instance ${name} is ${STATUS[info.state].toLowerCase()}; stop it before removing it`);
      }
      await rename(configPath, join(dir, REMOVED_CONFIG));
    }
    const removal: Promise<void> = this.released(name)
      .then(async () => {
        // Already done by this agent's stop (no `ip` run for links that are gone).
        if (!this.releasedClean.has(name)) {
          await this.removeNics(name);
          await detachDisks(dir);
        }
        this.releasedClean.delete(name);
        await rm(dir, { recursive: true, force: true });
      })
      .catch((e: Error) => logLine("warn", `could not remove what instance ${name} had on the host`, { error: e.message }))
      .finally(() => {
        if (this.releasing.get(name) === removal) this.releasing.delete(name);
      });
    this.releasing.set(name, removal);
  }

  private async cgroupsOf(name: string, pid: number): Promise<ContainerCgroups> {
    const key = `${name}:${pid}`;
    let cg = this.cgroups.get(key);
    if (!cg) {
      cg = await containerCgroups((await this.hostFacts()).layout, pid);
      for (const k of this.cgroups.keys()) if (k.startsWith(`${name}:`)) this.cgroups.delete(k);
      this.cgroups.set(key, cg);
    }
    return cg;
  }

  async status(name: string): Promise<HostStatus> {
    if (this.killed.has(name)) return "Stopped";
    const info = await this.lxcState(await this.defined(name));
    this.remember(name, info);
    return STATUS[info.state] ?? "Error";
  }

  async knownRunning(name: string): Promise<boolean> {
    return (await this.stillRunning(name)) > 0;
  }

  /**
   * Once, at the first look: the inits of containers already running (started before this agent,
   * or by hand) count as seen running, found from their monitors in /proc (see monitor-scan.ts),
   * so the first list after a restart needs no lxc-info for them (stillRunning still checks each
   * one's process and freezer). Not while this driver starts a container (its init may not run
   * yet); entries a start made are kept.
   */
  private seedRunning(): void {
    if (this.seeded || this.startsInFlight) return;
    this.seeded = true;
    let inits: Map<string, { pid: number; start: string }>;
    try {
      inits = monitorInits(this.lxcPath);
    } catch {
      return; // no /proc to read: lxc-info tells, as before
    }
    for (const [name, init] of inits) if (!this.running.has(name)) this.running.set(name, init);
  }

  /** Keeps the init of a container seen running (with its start time) for stillRunning(). */
  private remember(name: string, info: { state: LxcState; pid: number }): void {
    const start = info.state === "RUNNING" && info.pid > 0 ? procStartTime(info.pid) : "";
    if (start) this.running.set(name, { pid: info.pid, start });
    else this.running.delete(name);
  }

  /**
   * The init pid of a container that was running at its last state() and still is: the same
   * process (pid and start time) and a thawed freezer cgroup. 0 when that is not certain. (A
   * clean stop in progress counts as running until init exits, as the container still is.)
   */
  private async stillRunning(name: string): Promise<number> {
    this.seedRunning();
    const k = this.running.get(name);
    if (!k) return 0;
    if (procStartTime(k.pid) !== k.start) {
      this.running.delete(name);
      return 0;
    }
    // The freezer: v1's freezer.state, or v2's cgroup.events of the container's cgroup.
    const cgroups = await this.cgroupsOf(name, k.pid).catch(() => undefined);
    const { layout } = await this.hostFacts();
    const v1 = layout.controllers.get("freezer")?.version === 1 ? cgroups?.get("freezer") : undefined;
    const v2 = [...(cgroups ?? [])].find(([c]) => layout.controllers.get(c)?.version === 2)?.[1];
    try {
      if (v1) return readFileSync(join(v1, "freezer.state"), "utf8").trim() === "THAWED" ? k.pid : 0;
      if (v2) return /^frozen 0$/m.test(readFileSync(join(v2, "cgroup.events"), "utf8")) ? k.pid : 0;
    } catch {
      /* gone meanwhile */
    }
    return 0;
  }

  async state(name: string): Promise<InstanceRuntimeState> {
    const t = this.target(name);
    const configText = await readFile(join(this.dir(name), "config"), "utf8").catch(() => undefined);
    if (configText === undefined) throw notFound(`instance ${name}`);
    if (this.killed.has(name)) return { status: "Stopped", pid: 0, cpuUsageNs: 0, memoryUsageBytes: 0, memoryLimitBytes: 0, network: {} };
    // Many containers asked at once (a list) share a few processes (see state-probe.ts); one whose
    // init is the same process as last time, not frozen, still runs: no lxc-info for it; and when
    // its network namespace also looks as it did, no `ip` either.
    const known = await this.stillRunning(name);
    const cached = known ? this.netns.lookup(name, known) : {};
    const info = cached.ipJson !== undefined
      ? { state: "RUNNING" as const, pid: known, ipJson: cached.ipJson }
      : await this.probes.probe(t.name, known).catch((e) => Promise.reject(toolError(e)));
    this.remember(name, info);
    if (cached.ipJson === undefined && known && info.pid === known && cached.fingerprint) this.netns.store(name, known, cached.fingerprint, info.ipJson);
    else if (!known) this.netns.forget(name);
    const out: InstanceRuntimeState = { status: STATUS[info.state] ?? "Error", pid: info.pid, cpuUsageNs: 0, memoryUsageBytes: 0, memoryLimitBytes: 0, network: {} };
    if (info.pid <= 0) return out;
    const { layout } = await this.hostFacts();
    const usage = await this.cgroupsOf(name, info.pid).then((cg) => readUsage(layout, cg)).catch(() => undefined);
    if (usage) Object.assign(out, usage);
    const hostNames = hostNamesFromConfig(configText);
    for (const i of JSON.parse(info.ipJson || "[]") as IpAddrJson[]) {
      out.network[i.ifname] = {
        hwaddr: i.address ?? "",
        hostName: hostNames.get(i.ifname)?.hostName ?? "",
        state: i.flags?.includes("UP") ? "up" : "down",
        mtu: i.mtu ?? 0,
        addresses: (i.addr_info ?? [])
          .filter((a) => a.family === "inet" || a.family === "inet6")
          .map((a) => ({ family: a.family as "inet" | "inet6", address: a.local, netmask: String(a.prefixlen), scope: a.scope })),
      };
    }
    return out;
  }

  async applyLimits(name: string, limits: InstanceSpec["limits"]): Promise<void> {
    const t = this.target(name);
    const { layout } = await this.hostFacts();
    // Keep the config in step so a start outside the manager (reconcile after reboot) has them too.
    const configPath = join(this.dir(name), "config");
    const text = await readFile(configPath, "utf8").catch(() => undefined);
    if (text === undefined) throw notFound(`instance ${name}`);
    const kept = text.split("\n").filter((l) => l && !/^lxc\.cgroup2?\.(memory|pids|cpu|cpuset)\./.test(l));
    const next = [...kept, ...(await limitConfigLines(layout, limits))].join("\n") + "\n";
    const info = await this.lxcState(t);
    if (info.pid > 0) await applyLiveLimits(layout, await this.cgroupsOf(name, info.pid), limits);
    await writeFile(configPath + ".tmp", next);
    await rename(configPath + ".tmp", configPath);
  }

  exec(name: string, opts: ExecOptions): ExecProcess {
    if (opts.tty) return this.execTty(name, opts, opts.tty);
    const helper = this.helperFor(name);
    if (!helper) return this.execAttach(name, opts);
    if (!helper.isReady) return this.execOnceReady(name, helper, opts);
    const p = helper.exec(opts);
    return { ...p, exited: p.exited.catch(async (e: Error) => Promise.reject(await this.attachFailed(name, [e.message]))) };
  }

  /**
   * The exec helper of the container's current run, ready or still starting (the first exec of a
   * run starts it); undefined when there is no helper binary or it could not start in this run (an
   * lxc-attach per exec then). A run not known yet (the first exec after a start, which checks
   * the status alongside) gets a helper too: the next exec that knows the run adopts it.
   */
  private helperFor(name: string): ExecHelper | undefined {
    if (!this.helperPath) return undefined;
    const run = this.runOf(name);
    const cur = this.helpers.get(name);
    if (cur && (run === undefined || cur.run === undefined || cur.run === run)) {
      cur.run ??= run;
      if (!cur.failed && !cur.helper.closed) return cur.helper;
      if (cur.failed && cur.run !== undefined) return undefined;
    }
    cur?.helper.close();
    const entry: HelperEntry = { run, helper: new ExecHelper(this.target(name), this.helperPath, EXEC_PIPE_DRAIN_MS), failed: false };
    entry.helper.ready.catch((e: Error) => {
      entry.failed = true;
      entry.run ??= this.runOf(name);
      log("no exec helper in %s (lxc-attach per exec): %s", name, e.message);
    });
    this.helpers.set(name, entry);
    this.helperSweep ??= setInterval(() => this.closeIdleHelpers(), HELPER_SWEEP_MS).unref();
    return entry.helper;
  }

  /**
   * Closes the helpers idle for HELPER_IDLE_MS: a host of many containers keeps helpers only where
   * commands run. A helper that could not start is remembered for the rest of its container's run
   * (helperFor then answers lxc-attach at once, instead of trying again and waiting out its start).
   */
  private closeIdleHelpers(): void {
    const now = Date.now();
    for (const [name, e] of this.helpers) {
      const gone = e.failed ? e.run !== this.runOf(name) : e.helper.closed || e.helper.idleFor(now) >= HELPER_IDLE_MS;
      if (gone) this.dropHelper(name);
    }
    if (!this.helpers.size) {
      clearInterval(this.helperSweep);
      this.helperSweep = undefined;
    }
  }

  /** The container's current run (init pid and start time) when known to be running. */
  private runOf(name: string): string | undefined {
    const k = this.running.get(name);
    return k ? `${k.pid}:${k.start}` : undefined;
  }

  /**
   * exec through a helper still starting: the command goes to it once it is ready (one lxc-attach
   * in all, the helper's), or to an lxc-attach of its own when the helper cannot start.
   */
  private execOnceReady(name: string, helper: ExecHelper, opts: ExecOptions): ExecProcess {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let target: ExecProcess | undefined;
    const signals: (NodeJS.Signals | number)[] = [];
    const killed = () => signals.some((s) => s === "SIGKILL" || s === osConstants.signals.SIGKILL);
    const exited = helper.ready.then(
      () => (killed() ? undefined : this.exec(name, opts)),
      () => (killed() ? undefined : this.execAttach(name, opts)),
    ).then((p) => {
      // Killed before it could start (the instance turned out not to run): it never does.
      if (!p) {
        for (const s of [stdout, stderr]) s.end();
        return 128 + osConstants.signals.SIGKILL;
      }
      target = p;
      p.stdin.on("error", () => {});
      stdin.pipe(p.stdin);
      p.stdout.pipe(stdout);
      p.stderr.pipe(stderr);
      for (const s of signals) p.kill(s);
      return p.exited;
    });
    return { stdin, stdout, stderr, exited, kill: (s) => (target ? target.kill(s) : void signals.push(s)), resize() {} };
  }

  private dropHelper(name: string): void {
    this.toWarm.delete(name);
    this.helpers.get(name)?.helper.close();
    this.helpers.delete(name);
  }

  /** exec through one lxc-attach of its own. */
  private execAttach(name: string, opts: ExecOptions): ExecProcess {
    const child = spawnAttach(this.target(name), opts);
    const attach = attachErrorFilter();
    child.stderr!.pipe(attach.stream);
    const exited = new Promise<number>((resolve, reject) => {
      child.once("error", (e: NodeJS.ErrnoException) => {
        reject(toolError(new CommandError(["lxc-attach", "-n", name], null, "", e.code === "ENOENT" ? "command not found" : e.message)));
      });
      child.once("exit", (code, sig) => {
        const status = code ?? 128 + (sig ? (osConstants.signals[sig] ?? 0) : 0);
        const done = () => {
          clearTimeout(timer);
          child.off("close", done);
          if (status !== 0 && attach.lines.length) void this.attachFailed(name, attach.lines).then(reject);
          else resolve(status);
        };
        const timer = setTimeout(done, EXEC_PIPE_DRAIN_MS);
        child.once("close", done);
      });
    });
    return {
      stdin: child.stdin!,
      stdout: child.stdout!,
      stderr: attach.stream,
      exited,
      kill(signal) {
        // lxc-attach does not forward signals; its direct child is the command inside.
        const pid = child.pid;
        if (pid === undefined || child.exitCode !== null) return;
        let kids: number[] = [];
        try {
          kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
        } catch {
          /* already gone */
        }
        if (kids.length === 0) child.kill(signal);
        for (const k of kids) {
          try {
            process.kill(k, signal);
          } catch {
            /* exited meanwhile */
          }
        }
      },
      resize() {},
    };
  }

  /** exec on a terminal: one output stream (stdout), input written to the terminal, resizable. */
  private execTty(name: string, opts: ExecOptions, size: { width: number; height: number }): ExecProcess {
    const term = spawnAttachTty(this.target(name), opts, size);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    // Our terminal's output processing adds a CR before every LF on top of the container's own
    // terminal (CR CR LF): take that one CR back out, carrying a trailing CR across chunks.
    let pendingCr = false;
    const attach = attachErrorFilter();
    attach.stream.pipe(stdout);
    term.onData((d) => {
      let text = (pendingCr ? "\r" : "") + d;
      pendingCr = text.endsWith("\r");
      if (pendingCr) text = text.slice(0, -1);
      attach.stream.write(text.replace(/\r\n/g, "\n"));
    });
    const exited = new Promise<number>((resolve, reject) => {
      term.onExit(({ exitCode, signal }) => {
        if (pendingCr) attach.stream.write("\r");
        attach.stream.end();
        stderr.end();
        const status = signal ? 128 + signal : exitCode;
        if (status !== 0 && attach.lines.length) void this.attachFailed(name, attach.lines).then(reject);
        else resolve(status);
      });
    });
    const stdin = new Writable({
      write(chunk: Buffer, _enc, cb) {
        term.write(chunk.toString("binary"));
        cb();
      },
      final(cb) {
        term.write("\x04"); // EOF on the terminal (^D)
        cb();
      },
    });
    return {
      stdin, stdout, stderr, exited,
      kill: (signal) => term.kill(typeof signal === "number" ? (Object.entries(osConstants.signals).find(([, n]) => n === signal)?.[0] ?? "SIGKILL") : signal),
      resize: (w, h) => term.resize(Math.max(1, w), Math.max(1, h)),
    };
  }

  async console(name: string): Promise<ConsoleSession> {
    if ((await this.status(name)) !== "Running") throw precondition(`instance "${name}" is not running; its console needs it running`);
    const term = spawnConsole(this.target(name));
    const output = new PassThrough();
    term.onData((d) => output.write(d));
    term.onExit(() => output.end());
    return { output, write: (data) => term.write(data.toString("binary")), close: () => term.kill() };
  }

  /** The console log file its LXC config names. */
  async consoleLog(name: string): Promise<Buffer> {
    const text = await readFile(join(this.dir(name), "config"), "utf8").catch(() => undefined);
    if (text === undefined) throw notFound(`instance ${name}`);
    const file = /^lxc\.console\.logfile\s*=\s*(.+)$/m.exec(text)?.[1]?.trim();
    return file ? readFile(file).catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
  }

  /** The error for an exec whose lxc-attach never ran the command: the instance's state, or LXC's reason. */
  private async attachFailed(name: string, lines: string[]): Promise<CorralError> {
    const st = await this.status(name).catch(() => "Error");
    if (st !== "Running") return precondition(`instance "${name}" is ${st}; exec needs it running`);
    return precondition(`exec in instance "${name}" could not attach: ${attachFailureReason(lines)}`);
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.lxcPath, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return [];
      throw e;
    });
    const out: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !NAME_RE.test(e.name)) continue;
      // An undefined one whose removal an agent stop cut short is listed too (reconcile removes it).
      const dir = join(this.lxcPath, e.name);
      if ((await stat(join(dir, "config")).catch(() => undefined)) || (!this.releasing.has(e.name) && (await stat(join(dir, REMOVED_CONFIG)).catch(() => undefined)))) out.push(e.name);
    }
    return out.sort();
  }
}
