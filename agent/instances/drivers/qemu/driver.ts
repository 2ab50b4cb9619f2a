// The virtual machine driver: QEMU started outside the agent's process tree (-daemonize, pidfile),
// controlled over QMP, so a VM survives agent restarts and kill -9 and is found again from its
// directory `<vmPath>/<name>/` (definition, pidfile, sockets, VARS, seed, console log).
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync } from "node:fs";
import { chmod, chown, copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { openUnixSocket } from "../../../host/unix-socket";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { cpus as hostCpus, totalmem } from "node:os";
import { capability, CorralError, invalid, notFound, precondition } from "../../../errors";
import { oneOf, type RuleTable } from "../../../config/rules";
import { CommandError, run } from "../../../host/run";
import { addMacvlan, deleteLink, ipJson } from "../../../host/ip";
import { bridgePortVlanPlan, runPlan } from "../../../network/vlan";
import { findCapability, parseVersion, probeHost } from "../../../host/probe";
import { debug, log as agentLog } from "../../../util/log";
import { Revert } from "../../../util/revert";
import type { ConsoleSession, DefineOptions, ExecOptions, ExecProcess, FilePushOptions, HostStatus, InstanceDriver, InstanceDriverInfo, InstanceRuntimeState, InstanceSpec } from "../../driver";
import type { PulledFile } from "../../files";
import { CONSOLE_CHARDEV, CONSOLE_RING_BYTES, OVMF, QGA_CHARDEV, qemuArgs, vmFiles, type Firmware, type VmDefinition } from "./cli";
import { guestExec, guestNetwork, guestPullFile, guestPushFile } from "./guest";
import { agentNotRunning, QgaClient } from "./qga";
import { QmpClient, QmpCommandError } from "./qmp";
import { buildSeedIso, MAX_SEED_CONTENT_BYTES, type SeedData } from "./seed";

const log = debug("qemu");

/** Memory of a VM without limits.memory, as LXD gives one. */
export const DEFAULT_VM_MEMORY = 1024 * 2 ** 20;
/** The smallest memory a VM may have: below this OVMF and a guest kernel cannot boot. */
export const MIN_VM_MEMORY = 128 * 2 ** 20;
/** QEMU initializes (firmware, disks, sockets) and daemonizes in well under a second; a loaded host gets slack. */
const QEMU_START_TIMEOUT_MS = 30_000;
/** After `quit` (or the guest's own poweroff) QEMU exits within a second or two. */
const QEMU_EXIT_TIMEOUT_MS = 10_000;
/** How often the driver looks whether QEMU has exited while it waits. */
const EXIT_POLL_MS = 100;
/** qemu-img resize/info on a local qcow2 take milliseconds. */
const QEMU_IMG_TIMEOUT_MS = 60_000;
/** The user QEMU drops to after opening its files, tap devices and sockets as root. */
const QEMU_USER = "nobody";
/** devtmpfs makes /dev/tap<ifindex> as the macvtap is registered; a loaded host gets slack. */
const MACVTAP_NODE_TIMEOUT_MS = 2_000;
/** chardev-change arguments that put the serial back on its bounded ring. */
const RING_BACKEND = { id: CONSOLE_CHARDEV, backend: { type: "ringbuf", data: { size: CONSOLE_RING_BYTES } } };
/** QEMU listens on the console socket before chardev-change returns: connecting is immediate. */
const CONSOLE_CONNECT_TIMEOUT_MS = 5_000;
/** What the console log keeps on disk: the newest bytes read from QEMU's ring. */
const CONSOLE_LOG_BYTES = 4 * CONSOLE_RING_BYTES;

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

export class QemuDriver implements InstanceDriver {
  readonly info: InstanceDriverInfo = {
    name: "qemu", type: "virtual-machine", hostRootfs: false, growsRootDisk: true, liveLimits: false, volumeContentTypes: ["block"],
    unsupportedNics: { physical: "moving a host interface into a VM needs PCI passthrough (VFIO), which Corral does not do; use nictype=macvlan or bridged on it" },
  };
  readonly rules: RuleTable = {
    "boot.firmware": { type: "string", default: "uefi", validate: oneOf("uefi", "bios"), description: "Virtual machines: uefi (OVMF, what LXD VM images expect) or bios (SeaBIOS)" },
    "security.secureboot": { type: "bool", default: "false", description: "Virtual machines: UEFI Secure Boot with Microsoft's keys (the image must have a signed boot chain)" },
  };
  readonly vmPath: string;
  /** QEMU's monitor serves one client at a time: QMP sessions of one VM run one after another. */
  private sessions = new Map<string, Promise<unknown>>();
  /** The guest agent serves one client at a time too: its sessions of one VM run one after another. */
  private agentSessions = new Map<string, Promise<unknown>>();
  /** VMs whose console is attached (their serial is on a socket, not the ring). */
  private consoles = new Set<string>();
  /** Consoles being detached (the serial going back to its ring): a new session waits for it. */
  private detaching = new Map<string, Promise<void>>();

  constructor(opts: { vmPath: string }) {
    this.vmPath = opts.vmPath;
  }

  private dir(name: string): string {
    if (!NAME_RE.test(name)) throw invalid("name", "must be 1-63 letters, digits or hyphens, not starting with a hyphen");
    return join(this.vmPath, name);
  }

  /** Checks what only a VM needs, before anything is created. */
  validate(config: Record<string, string>, limits: InstanceSpec["limits"]): void {
    if (limits.memoryBytes !== undefined && limits.memoryBytes < MIN_VM_MEMORY) {
      throw invalid(`config["limits.memory"]`, `a virtual machine needs at least ${MIN_VM_MEMORY / 2 ** 20}MiB`);
    }
    if (config["security.secureboot"] === "true" && (config["boot.firmware"] ?? "uefi") !== "uefi") {
      throw invalid(`config["security.secureboot"]`, "Secure Boot needs boot.firmware=uefi");
    }
    const seedKeys = Object.keys(config).filter((k) => k.startsWith("cloud-init."));
    const seedBytes = seedKeys.reduce((n, k) => n + Buffer.byteLength(config[k]!), 0);
    if (seedBytes > MAX_SEED_CONTENT_BYTES) {
      const largest = seedKeys.reduce((a, b) => (Buffer.byteLength(config[b]!) > Buffer.byteLength(config[a]!) ? b : a));
      throw invalid(`config["${largest}"]`, `the cloud-init seed would hold ${seedBytes} bytes; at most ${MAX_SEED_CONTENT_BYTES} are allowed`);
    }
  }

  private definition(spec: InstanceSpec): VmDefinition {
    this.validate(spec.config, spec.limits);
    const firmware = (spec.config["boot.firmware"] ?? "uefi") as Firmware;
    const cpus = spec.limits.cpus ?? (spec.limits.cpuSet ? cpuSetSize(spec.limits.cpuSet) : 1);
    const seed = seedData(spec);
    return {
      name: spec.name,
      disk: spec.rootDevice?.path ?? join(spec.volumePath, "rootfs.img"),
      diskFormat: spec.rootDevice ? "raw" : "qcow2",
      memoryBytes: Math.max(MIN_VM_MEMORY, spec.limits.memoryBytes ?? Math.min(DEFAULT_VM_MEMORY, totalmem() / 2)),
      cpus: Math.min(cpus, hostCpus().length),
      firmware,
      secureBoot: spec.config["security.secureboot"] === "true",
      nics: spec.nics.map((n) => ({ hostName: n.hostName, kind: n.kind, link: n.link, hwaddr: n.hwaddr, mtu: n.mtu, vlan: n.vlan })),
      disks: spec.disks,
      seed: seed ? createHash("sha256").update(JSON.stringify(seed)).digest("hex") : "",
    };
  }

  async define(spec: InstanceSpec, opts: DefineOptions = {}): Promise<void> {
    await opts.volumeReady; // a VM is defined once its root disk is made
    const def = this.definition(spec);
    const dir = this.dir(spec.name);
    const f = vmFiles(dir);
    // Traversable (not readable) so QEMU, once unprivileged, reaches its console socket directory.
    await mkdir(dir, { recursive: true, mode: 0o711 });
    await chmod(dir, 0o711);
    await mkdir(f.consoleDir, { recursive: true, mode: 0o700 });
    await chown(f.consoleDir, ...(await userIds(QEMU_USER)));
    if (def.firmware === "uefi" && !existsSync(f.vars)) {
      const ovmf = def.secureBoot ? OVMF.secure : OVMF.plain;
      if (!existsSync(ovmf.code)) throw capability("UEFI virtual machines", `${ovmf.code} is missing (apt-get install ovmf)`);
      await copyFile(ovmf.vars, f.vars);
    }
    const data = seedData(spec);
    // The seed is rebuilt only when its contents change (xorriso costs ~0.1 s per define).
    const before = await this.readDefinition(spec.name).catch(() => undefined);
    if (!data) await rm(f.seed, { force: true });
    else if (before?.seed !== def.seed || !existsSync(f.seed)) await buildSeedIso(dir, data);
    await writeFile(f.definition, JSON.stringify(def, null, 2) + "\n", { mode: 0o600 });
  }

  private async readDefinition(name: string): Promise<VmDefinition> {
    const text = await readFile(vmFiles(this.dir(name)).definition, "utf8").catch(() => undefined);
    if (text === undefined) throw notFound(`virtual machine ${name}`);
    return JSON.parse(text) as VmDefinition;
  }

  async start(spec: InstanceSpec, opts: { timeoutMs: number; justDefined?: boolean }): Promise<void> {
    if (!opts.justDefined && (await this.pid(spec.name))) return;
    // The manager defines before every start; a definition lost since (a crash) is written again.
    const def = await this.readDefinition(spec.name).catch(async () => {
      await this.define(spec);
      return this.readDefinition(spec.name);
    });
    const dir = this.dir(spec.name);
    const f = vmFiles(dir);
    await this.growDisk(def, spec);
    const probe = await probeHost({ waitForKvm: true });
    const accel = findCapability(probe, "kvm").available ? "kvm" : "tcg";
    for (const p of [f.pid, f.qmp, f.qga, f.log]) await rm(p, { force: true });
    const qemuVersion = parseVersion(findCapability(probe, "qemu").detail) ?? undefined;
    const args = qemuArgs(def, dir, { accel, runAs: QEMU_USER, qemuVersion, sandbox: true });
    await Revert.with(async (revert) => {
      revert.add("delete macvtaps", () => removeMacvtaps(def));
      revert.add("kill qemu", () => this.kill(spec.name));
      const fds = await openMacvtaps(def);
      try {
        // -daemonize: the first process exits once QEMU is initialized; the VM lives on outside our tree.
        await run(qemuBinary(), args, { timeoutMs: Math.min(opts.timeoutMs, QEMU_START_TIMEOUT_MS), cwd: dir, cleanEnv: true, extraFds: fds });
      } catch (e) {
        throw toolError(e, spec.name);
      } finally {
        for (const fd of fds) closeSync(fd);
      }
      await this.qmp(spec.name, async (q) => {
        for (const n of def.nics) if (n.kind !== "macvlan") await attachTap(n, spec.name);
        await q.execute("cont");
      });
    });
    log("started %s (%s)", spec.name, accel);
  }

  /** Grows the disk to the root disk's size before boot: a qcow2 file by qemu-img, a block device by
   * its pool (spec.rootDevice). A smaller size than the disk's is refused. */
  private async growDisk(def: VmDefinition, spec: InstanceSpec): Promise<void> {
    const sizeBytes = spec.rootDiskBytes;
    if (!sizeBytes) return;
    const format = def.diskFormat ?? "qcow2";
    const info = JSON.parse((await run("qemu-img", ["info", "--output=json", "-U", "-f", format, def.disk], { timeoutMs: QEMU_IMG_TIMEOUT_MS })).stdout) as { "virtual-size": number };
    if (sizeBytes === info["virtual-size"]) return;
    if (sizeBytes < info["virtual-size"]) {
      throw invalid("root_disk.size", `the disk cannot shrink: it is ${info["virtual-size"]} bytes (the image's size or an earlier size); use at least that`);
    }
    if (spec.rootDevice) await spec.rootDevice.grow(sizeBytes);
    else await run("qemu-img", ["resize", "-f", format, def.disk, String(sizeBytes)], { timeoutMs: QEMU_IMG_TIMEOUT_MS });
  }

  /** Stops QEMU, then deletes the VM's macvtaps (QEMU's own taps vanish with it). */
  async stop(name: string, opts: { force: boolean; timeoutMs: number }): Promise<void> {
    await this.stopQemu(name, opts);
    const def = await this.readDefinition(name).catch(() => undefined);
    if (def) await removeMacvtaps(def);
  }

  private async stopQemu(name: string, opts: { force: boolean; timeoutMs: number }): Promise<void> {
    const pid = await this.pid(name);
    if (!pid) return;
    if (!opts.force) {
      const deadline = Date.now() + opts.timeoutMs;
      // A paused guest cannot see the power button: resume it first, as a frozen container is thawed.
      await this.qmp(name, (q) => q.execute("cont")).catch(() => undefined);
      // The guest agent's shutdown works whatever handles (or ignores) the ACPI button in the guest;
      // without an agent (this fails at once) the button is pressed.
      const asked = await this.qga(name, (g) => g.shutdown()).then(
        () => true,
        (e) => {
          log("%s: guest-shutdown not used (%s); pressing the power button", name, (e as Error).message);
          return this.qmp(name, (q) => q.execute("system_powerdown")).then(() => true, () => false);
        },
      );
      if (asked && (await waitExit(pid, Math.max(0, deadline - Date.now())))) return;
      agentLog("warn", `virtual machine ${name} did not power off within ${opts.timeoutMs} ms; forcing it off`);
    }
    await this.kill(name);
  }

  /** Ends QEMU now: QMP quit, then SIGKILL if it does not go. */
  private async kill(name: string): Promise<void> {
    const pid = await this.pid(name);
    if (!pid) return;
    await this.qmp(name, (q) => q.execute("quit")).catch(() => undefined);
    if (await waitExit(pid, QEMU_EXIT_TIMEOUT_MS)) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      return;
    }
    if (!(await waitExit(pid, QEMU_EXIT_TIMEOUT_MS))) throw new CorralError("CORRAL_ERR_TIMEOUT", `QEMU of ${name} (pid ${pid}) did not exit after SIGKILL`);
  }

  async freeze(name: string): Promise<void> {
    await this.running(name);
    await this.qmp(name, (q) => q.execute("stop"));
  }

  async unfreeze(name: string): Promise<void> {
    await this.running(name);
    await this.qmp(name, (q) => q.execute("cont"));
  }

  async undefine(name: string): Promise<void> {
    if (await this.pid(name)) throw precondition(`virtual machine ${name} is running; stop it first`);
    const def = await this.readDefinition(name).catch(() => undefined);
    if (def) await removeMacvtaps(def);
    await rm(this.dir(name), { recursive: true, force: true });
  }

  async status(name: string): Promise<HostStatus> {
    await this.readDefinition(name);
    if (!(await this.pid(name))) return "Stopped";
    const st = await this.qmp(name, (q) => q.execute<{ status: string }>("query-status")).catch(() => undefined);
    if (!st) return "Error";
    if (st.status === "paused") return "Frozen";
    if (st.status === "shutdown") return "Stopping";
    if (st.status === "prelaunch" || st.status === "inmigrate") return "Starting";
    return "Running";
  }

  async state(name: string): Promise<InstanceRuntimeState> {
    const def = await this.readDefinition(name);
    const status = await this.status(name);
    const pid = (await this.pid(name)) ?? 0;
    const out: InstanceRuntimeState = { status, pid, cpuUsageNs: 0, memoryUsageBytes: 0, memoryLimitBytes: def.memoryBytes, network: {} };
    if (pid) {
      const stat = (await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")).split(") ")[1]?.split(" ") ?? [];
      out.cpuUsageNs = (Number(stat[11] ?? 0) + Number(stat[12] ?? 0)) * 10_000_000; // utime + stime, in 100 Hz ticks
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, "utf8").catch(() => ""));
      out.memoryUsageBytes = rss ? Number(rss[1]) * 1024 : 0;
    }
    // Addresses inside come from the guest agent or, without one, the network's DHCP leases (the manager's part).
    const guest = status === "Running" ? await this.qga(name, (g) => g.networkInterfaces()).catch(() => undefined) : undefined;
    out.network = guestNetwork(def.nics, !!pid, guest);
    return out;
  }

  async applyLimits(): Promise<void> {
    // Limits are part of QEMU's command line: the manager refuses live changes (info.liveLimits).
  }

  /** A command through the guest agent: stdin is sent whole when it ends, output comes at exit (see guest.ts). */
  exec(name: string, opts: ExecOptions): ExecProcess {
    return guestExec(name, { session: (fn) => this.qga(name, fn), check: () => this.agentPortOpen(name) }, opts);
  }

  /** Writes a file inside the running VM through its guest agent. */
  pushFile(name: string, path: string, data: Readable, opts: FilePushOptions): Promise<void> {
    return guestPushFile((fn) => this.qga(name, fn), path, data, opts);
  }

  /** Reads a file of the running VM through its guest agent. */
  pullFile(name: string, path: string): Promise<PulledFile> {
    return guestPullFile((fn) => this.qga(name, fn), path);
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.vmPath, { withFileTypes: true }).catch(() => []);
    const out: string[] = [];
    for (const e of entries) {
      // A directory without its definition is what a crash mid-define leaves: listed, so it is cleaned up.
      if (e.isDirectory() && NAME_RE.test(e.name)) out.push(e.name);
    }
    return out.sort();
  }

  /** The serial console so far: QEMU's ring is drained into a bounded log file that keeps the newest bytes. */
  async consoleLog(name: string): Promise<Buffer> {
    await this.readDefinition(name);
    if (await this.pid(name)) await this.drainConsole(name);
    return readFile(vmFiles(this.dir(name)).console).catch(() => Buffer.alloc(0));
  }

  /** Reads what the guest wrote since the last read out of QEMU's ring, keeping it in the console log too. */
  private async drainConsole(name: string): Promise<void> {
    // While a console is attached the serial is on its socket: there is no ring to read.
    if (this.consoles.has(name)) return;
    const b64 = await this.qmp(name, async (q) => {
      try {
        return await q.execute<string>("ringbuf-read", { device: CONSOLE_CHARDEV, size: CONSOLE_RING_BYTES, format: "base64" });
      } catch (e) {
        // A console session whose agent died left the serial on its socket: put the ring back.
        if (!(e instanceof QmpCommandError)) throw e;
        await q.execute("chardev-change", RING_BACKEND);
        return "";
      }
    });
    await this.appendConsoleLog(name, Buffer.from(b64, "base64"));
  }

  /**
   * The serial console, interactively (as LXD does it): the serial's chardev is switched from the
   * ring to a unix socket while attached, and back to a fresh ring on detach. What the session
   * sees goes into the console log as well. One session at a time.
   */
  async console(name: string): Promise<ConsoleSession> {
    await this.running(name);
    await this.detaching.get(name);
    if (this.consoles.has(name)) throw precondition(`the console of virtual machine ${name} is already attached`);
    this.consoles.add(name);
    const f = vmFiles(this.dir(name));
    try {
      await this.drainConsole(name);
      await rm(f.consoleSocket, { force: true });
      await this.qmp(name, (q) => q.execute("chardev-change", {
        id: CONSOLE_CHARDEV, backend: { type: "socket", data: { addr: { type: "unix", data: { path: f.consoleSocket } }, server: true, wait: false } },
      }));
      const socket = await openUnixSocket(f.consoleSocket, CONSOLE_CONNECT_TIMEOUT_MS, { what: `console socket ${f.consoleSocket}` });
      const output = new PassThrough();
      const seen: Buffer[] = [];
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        socket.destroy();
        output.end();
        const detached = (async () => {
          await this.appendConsoleLog(name, Buffer.concat(seen));
          if (await this.pid(name)) await this.qmp(name, (q) => q.execute("chardev-change", RING_BACKEND));
        })().catch((e) => log("console of %s: switching back to the ring failed: %s", name, (e as Error).message)).finally(() => {
          this.consoles.delete(name);
          this.detaching.delete(name);
        });
        this.detaching.set(name, detached);
      };
      socket.on("data", (d: Buffer) => {
        seen.push(d);
        output.write(d);
      });
      socket.on("close", close);
      socket.on("error", close);
      return { output, write: (data) => void (closed || socket.write(data)), close };
    } catch (e) {
      this.consoles.delete(name);
      throw e;
    }
  }

  private async appendConsoleLog(name: string, fresh: Buffer): Promise<void> {
    if (!fresh.length) return;
    const file = vmFiles(this.dir(name)).console;
    const all = Buffer.concat([await readFile(file).catch(() => Buffer.alloc(0)), fresh]);
    await writeFile(file, all.subarray(Math.max(0, all.length - CONSOLE_LOG_BYTES)), { mode: 0o600 });
  }

  /** QEMU's pid when it runs for this VM (the pidfile's process, checked by its QMP socket path). */
  private async pid(name: string): Promise<number | undefined> {
    const f = vmFiles(this.dir(name));
    const pid = Number((await readFile(f.pid, "utf8").catch(() => "")).trim());
    if (!pid) return undefined;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    return cmdline.includes(f.qmp) ? pid : undefined;
  }

  private async running(name: string): Promise<number> {
    const pid = await this.pid(name);
    if (!pid) throw precondition(`virtual machine ${name} is not running`);
    return pid;
  }

  /**
   * Runs fn with a guest agent session of the VM, one session at a time per VM. QEMU tells whether
   * the guest opened the agent's port (query-chardev frontend-open), so a guest without an agent
   * fails at once instead of after the session's sync timeout.
   */
  private qga<T>(name: string, fn: (g: QgaClient) => Promise<T>): Promise<T> {
    const previous = this.agentSessions.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      await this.agentPortOpen(name);
      const g = await QgaClient.connect(vmFiles(this.dir(name)).qga, { vm: name });
      try {
        return await fn(g);
      } finally {
        g.close();
      }
    });
    const settled = next.catch(() => undefined);
    this.agentSessions.set(name, settled);
    void settled.then(() => {
      if (this.agentSessions.get(name) === settled) this.agentSessions.delete(name);
    });
    return next;
  }

  /** Rejects unless the VM runs and its guest has opened the agent's port (QEMU knows; no guest round trip). */
  private async agentPortOpen(name: string): Promise<void> {
    await this.running(name);
    const chardevs = await this.qmp(name, (q) => q.execute<{ label: string; "frontend-open"?: boolean }[]>("query-chardev"));
    if (!chardevs.find((c) => c.label === QGA_CHARDEV)?.["frontend-open"]) throw agentNotRunning(name);
  }

  /** Runs fn with a QMP session to the VM, one session at a time per VM. */
  private qmp<T>(name: string, fn: (q: QmpClient) => Promise<T>): Promise<T> {
    const previous = this.sessions.get(name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const q = await QmpClient.connect(vmFiles(this.dir(name)).qmp);
      try {
        return await fn(q);
      } finally {
        await q.close();
      }
    });
    const settled = next.catch(() => undefined);
    this.sessions.set(name, settled);
    void settled.then(() => {
      if (this.sessions.get(name) === settled) this.sessions.delete(name);
    });
    return next;
  }
}

/** Puts a VM's tap (made by QEMU, gone when QEMU exits) on its bridge, up and tagged (and in its VLAN). */
async function attachTap(n: VmDefinition["nics"][number], vm: string): Promise<void> {
  const mtu = n.mtu ? ["mtu", String(n.mtu)] : [];
  await run("ip", ["link", "set", "dev", n.hostName, "master", n.link, ...mtu, "alias", `corral:${vm}`, "up"]);
  if (n.vlan !== undefined) await runPlan(bridgePortVlanPlan(n.link, n.hostName, n.vlan));
}

/**
 * Makes each macvlan NIC's macvtap (bridge mode, on its parent, tagged) and opens its character
 * device, /dev/tap<ifindex>, for QEMU to inherit (fds in NIC order, see qemuArgs). A leftover
 * holding the name is replaced; on failure what was opened is closed (the caller's revert deletes
 * the macvtaps).
 */
async function openMacvtaps(def: VmDefinition): Promise<number[]> {
  const fds: number[] = [];
  try {
    for (const n of def.nics) {
      if (n.kind !== "macvlan") continue;
      await addMacvlan(n.hostName, n.link, { type: "macvtap", hwaddr: n.hwaddr, mtu: n.mtu, alias: `corral:${def.name}`, up: true });
      const [l] = await ipJson<{ ifindex: number }>(["link", "show", "dev", n.hostName]);
      const dev = `/dev/tap${l!.ifindex}`;
      const deadline = Date.now() + MACVTAP_NODE_TIMEOUT_MS;
      while (!existsSync(dev) && Date.now() < deadline) await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
      fds.push(openSync(dev, "r+"));
    }
    return fds;
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    throw e;
  }
}

/** Deletes a VM's macvtaps (idempotent; they outlive QEMU, unlike its own taps). */
async function removeMacvtaps(def: VmDefinition): Promise<void> {
  for (const n of def.nics) if (n.kind === "macvlan") await deleteLink(n.hostName);
}

async function waitExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!existsSync(`/proc/${pid}`)) return true;
    const state = /^State:\s+(\w)/m.exec(await readFile(`/proc/${pid}/status`, "utf8").catch(() => ""))?.[1];
    if (state === "Z" || state === undefined) return true;
    await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
  }
  return !existsSync(`/proc/${pid}`);
}

const qemuBinary = (): string => "qemu-system-x86_64";

/** uid and gid of a user, for files QEMU must write after dropping to it (looked up once per process). */
function userIds(user: string): Promise<[number, number]> {
  let ids = userIdCache.get(user);
  if (!ids) {
    ids = Promise.all([run("id", ["-u", user]), run("id", ["-g", user])]).then(([u, g]) => [Number(u.stdout.trim()), Number(g.stdout.trim())] as [number, number]);
    ids.catch(() => userIdCache.delete(user));
    userIdCache.set(user, ids);
  }
  return ids;
}
const userIdCache = new Map<string, Promise<[number, number]>>();


function toolError(e: unknown, name: string): unknown {
  if (e instanceof CommandError && e.exitCode === null && /command not found/.test(e.message)) {
    return capability("virtual machines", `${qemuBinary()} is not installed (apt-get install qemu-system-x86)`);
  }
  if (e instanceof CommandError) return new CorralError("CORRAL_ERR_COMMAND_FAILED", `virtual machine ${name} failed to start: ${e.message}`, { cause: e });
  return e;
}

/** The NoCloud seed of a VM with cloud-init keys (cloud-init finds it by its label), else undefined. */
function seedData(spec: InstanceSpec): SeedData | undefined {
  if (!Object.keys(spec.config).some((k) => k.startsWith("cloud-init."))) return undefined;
  return {
    metaData: `instance-id: ${spec.name}\nlocal-hostname: ${spec.name}\n`,
    userData: spec.config["cloud-init.user-data"],
    networkConfig: spec.config["cloud-init.network-config"],
    vendorData: spec.config["cloud-init.vendor-data"],
  };
}

/** CPUs in a set like 0-1,3. */
function cpuSetSize(set: string): number {
  return set.split(",").reduce((n, r) => {
    const [a, b] = r.split("-").map(Number);
    return n + (b === undefined ? 1 : b! - a! + 1);
  }, 0);
}
