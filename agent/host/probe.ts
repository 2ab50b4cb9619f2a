// What this host can really do: tools, kernel features, cgroups and id ranges, checked for real
// (a throw-away network namespace for link types, a tiny guest for KVM) so drivers and the API
// can refuse unsupported requests with a reason instead of failing halfway.
import { parseSubordinateIds } from "./idmap";
import { cgroupMounts, unifiedMount } from "./cgroup-mounts";
import { constants } from "node:fs";
import { access, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Capability__Output } from "../../proto/gen/types/corral/v1/Capability";
import { capability as capabilityError } from "../errors";
import { debug } from "../util/log";
import { getResources, type HostResources } from "./resources";
import { CommandError, run } from "./run";

const log = debug("probe");

/** One probed feature: `detail` is the version found, or why it is missing. */
export type Capability = Capability__Output;

export const CAPABILITY_NAMES = [
  "lxc",
  "lxc.idmapped_mounts",
  "cgroup",
  "idmap",
  "storage.dir",
  "storage.btrfs",
  "storage.zfs",
  "storage.lvm",
  "network.bridge",
  "network.vlan",
  "network.macvlan",
  "network.vxlan",
  "bridge.vlan_filtering",
  "nftables",
  "nftables.bridge_conntrack",
  "dnsmasq",
  "qemu",
  "kvm",
] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** A version query or a namespace test answers in a few ms; a wedged tool must not stall the probe. */
export const PROBE_COMMAND_TIMEOUT_MS = 2_000;
/** The KVM test guest exits in ~0.1 s when KVM works; a nested guest that hangs never does. */
export const KVM_GUEST_TIMEOUT_MS = 5_000;
/** How long probeHost waits for the background KVM check before reporting it as still running. */
export const KVM_GRACE_MS = 500;

export type CgroupLayout = "v1" | "v2" | "hybrid" | "none";

export interface CgroupInfo {
  layout: CgroupLayout;
  /** Where the unified (v2) hierarchy is mounted, if anywhere. */
  v2Mount: string | null;
  /** Controllers enabled on the v2 hierarchy (its cgroup.controllers). */
  v2Controllers: string[];
  /** Controllers mounted as v1 hierarchies. */
  v1Controllers: string[];
}

export interface SubidRange {
  start: number;
  count: number;
}

export interface IdmapRanges {
  uid: SubidRange;
  gid: SubidRange;
}

export interface HostProbe extends HostResources {
  capabilities: Capability[];
  cgroupLayout: CgroupLayout;
  cgroup: CgroupInfo;
  /** Root's subordinate ranges, or null when /etc/subuid or /etc/subgid has none. */
  idmap: IdmapRanges | null;
  /** HostInfo.idmap: "100000:65536" ("" when missing). */
  idmapText: string;
  /** Available storage drivers ("dir", "btrfs", ...). */
  storageDrivers: string[];
  /** Available network types ("bridge", "macvlan", ...). */
  networkTypes: string[];
  /** "container" when LXC works, "virtual-machine" when QEMU is installed. */
  instanceTypes: string[];
  /** ISO time of the (cached) probe. */
  probedAt: string;
}

export interface ProbeOptions {
  /** Probe again instead of returning the cached result. */
  refresh?: boolean;
  /** Wait for the KVM guest check instead of reporting it as still running. */
  waitForKvm?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Parsers (pure, exported for unit tests)

const V1_CONTROLLERS = new Set([
  "blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory", "misc",
  "net_cls", "net_prio", "perf_event", "pids", "rdma",
]);

/** The cgroup layout from /proc/self/mountinfo text; v2 controllers are filled in by the caller. */
export function parseCgroupMounts(mountinfo: string): CgroupInfo {
  const mounts = cgroupMounts(mountinfo);
  const v2Mount = unifiedMount(mounts) ?? null;
  const v1 = mounts.filter((m) => m.version === 1);
  const v1Controllers = new Set(v1.flatMap((m) => m.options.filter((o) => V1_CONTROLLERS.has(o))));
  const layout: CgroupLayout = v2Mount && v1.length ? "hybrid" : v2Mount ? "v2" : v1.length ? "v1" : "none";
  return { layout, v2Mount, v2Controllers: [], v1Controllers: [...v1Controllers].sort() };
}

/** Finds the first subordinate id range of `user` (or its numeric id) in /etc/subuid-style text. */
export function parseSubid(text: string, user = "root", id = 0): SubidRange | null {
  const first = parseSubordinateIds(text, user, id).find((r) => r.count > 0);
  return first ? { start: first.hostId, count: first.count } : null;
}

/** The first dotted version number in a tool's output ("nftables v1.0.6 (…)" -> "1.0.6"). */
export function parseVersion(text: string): string | null {
  const m = /\bv?(\d+\.\d+(?:\.\d+)*)/.exec(text);
  return m ? m[1]! : null;
}

/** Compares dotted versions numerically: <0, 0 or >0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Small host helpers

const SBIN_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Where `name` lives on PATH (plus the sbin directories a root daemon may lack), or null. */
export async function findBinary(name: string): Promise<string | null> {
  const dirs = [...(process.env.PATH ?? "").split(":").filter(Boolean), ...SBIN_DIRS];
  for (const dir of new Set(dirs)) {
    const full = path.join(dir, name);
    try {
      await access(full, constants.X_OK);
      return full;
    } catch {
      // keep looking
    }
  }
  return null;
}

const exists = async (p: string): Promise<boolean> => {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
};

const readText = async (p: string): Promise<string | null> => {
  try {
    return await readFile(p, "utf8");
  } catch {
    return null;
  }
};

const firstLine = (s: string): string => s.trim().split("\n")[0]?.trim() ?? "";

const errText = (e: unknown): string => {
  if (e instanceof CommandError) return firstLine(e.stderr) || e.message;
  return e instanceof Error ? e.message : String(e);
};

/** Runs `bin args` and returns stdout+stderr (some tools print versions on stderr). */
async function output(bin: string, args: string[]): Promise<string> {
  const r = await run(bin, args, { timeoutMs: PROBE_COMMAND_TIMEOUT_MS });
  return `${r.stdout}\n${r.stderr}`;
}

type KernelModuleState = "loaded" | "builtin" | "loadable" | "absent";

/** Whether a kernel module is in the running kernel or could be loaded from /lib/modules. */
async function kernelModule(name: string): Promise<KernelModuleState> {
  if (await exists(`/sys/module/${name}`)) return "loaded";
  const dir = `/lib/modules/${os.release()}`;
  const pattern = new RegExp(`/${name.replace(/[-_]/g, "[-_]")}\\.ko`);
  if (pattern.test((await readText(`${dir}/modules.builtin`)) ?? "")) return "builtin";
  if (pattern.test((await readText(`${dir}/modules.dep`)) ?? "")) return "loadable";
  return "absent";
}

const cap = (name: CapabilityName, available: boolean, detail: string): Capability => ({ name, available, detail });

/** Turns an unexpected failure in one check into an unavailable capability instead of failing the probe. */
async function guarded(name: CapabilityName, check: () => Promise<Capability>): Promise<Capability> {
  try {
    return await check();
  } catch (e) {
    log("check %s failed: %s", name, errText(e));
    return cap(name, false, `check failed: ${errText(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Individual checks

async function checkLxc(): Promise<{ cap: Capability; version: string | null }> {
  const bin = await findBinary("lxc-start");
  if (!bin) return { cap: cap("lxc", false, "lxc-start not installed (Debian package lxc)"), version: null };
  const version = parseVersion(await output(bin, ["--version"]));
  return { cap: cap("lxc", true, version ?? "unknown version"), version };
}

/** Idmapped mounts need kernel >= 5.12 and LXC >= 5.0 (rootfs `idmap=container`). */
function checkIdmappedMounts(lxcVersion: string | null): Capability {
  const kernel = parseVersion(os.release()) ?? os.release();
  if (compareVersions(kernel, "5.12") < 0) return cap("lxc.idmapped_mounts", false, `kernel ${kernel} is older than 5.12`);
  if (!lxcVersion) return cap("lxc.idmapped_mounts", false, "LXC not installed");
  if (compareVersions(lxcVersion, "5.0") < 0) return cap("lxc.idmapped_mounts", false, `LXC ${lxcVersion} is older than 5.0`);
  return cap("lxc.idmapped_mounts", true, `kernel ${kernel}, LXC ${lxcVersion}`);
}

async function checkCgroup(): Promise<{ cap: Capability; info: CgroupInfo }> {
  const mountinfo = (await readText("/proc/self/mountinfo")) ?? "";
  const info = parseCgroupMounts(mountinfo);
  if (info.v2Mount) {
    const controllers = (await readText(path.join(info.v2Mount, "cgroup.controllers"))) ?? "";
    info.v2Controllers = controllers.split(/\s+/).filter(Boolean).sort();
  }
  if (info.layout === "none") return { cap: cap("cgroup", false, "no cgroup hierarchy mounted"), info };
  const parts = [info.layout, `v2 controllers: ${info.v2Controllers.join(",") || "none"}`];
  if (info.v1Controllers.length) parts.push(`v1 controllers: ${info.v1Controllers.join(",")}`);
  return { cap: cap("cgroup", true, parts.join("; ")), info };
}

async function checkIdmap(): Promise<{ cap: Capability; ranges: IdmapRanges | null; text: string }> {
  const subuid = await readText("/etc/subuid");
  const subgid = await readText("/etc/subgid");
  const uid = subuid === null ? null : parseSubid(subuid);
  const gid = subgid === null ? null : parseSubid(subgid);
  const missing: string[] = [];
  if (!uid) missing.push(subuid === null ? "/etc/subuid does not exist" : "no range for root in /etc/subuid");
  if (!gid) missing.push(subgid === null ? "/etc/subgid does not exist" : "no range for root in /etc/subgid");
  if (!uid || !gid) return { cap: cap("idmap", false, missing.join("; ")), ranges: null, text: "" };
  const u = `${uid.start}:${uid.count}`;
  const g = `${gid.start}:${gid.count}`;
  const text = u === g ? u : `uid ${u}, gid ${g}`;
  return { cap: cap("idmap", true, text), ranges: { uid, gid }, text };
}

async function checkBtrfs(): Promise<Capability> {
  const [mkfs, btrfs] = await Promise.all([findBinary("mkfs.btrfs"), findBinary("btrfs")]);
  const missing = [!mkfs && "mkfs.btrfs", !btrfs && "btrfs"].filter(Boolean);
  if (missing.length) return cap("storage.btrfs", false, `${missing.join(" and ")} not installed (btrfs-progs)`);
  const filesystems = (await readText("/proc/filesystems")) ?? "";
  let kernel = "in kernel";
  if (!/\tbtrfs$/m.test(filesystems)) {
    const mod = await kernelModule("btrfs");
    if (mod === "absent") return cap("storage.btrfs", false, "btrfs filesystem not available in this kernel");
    kernel = `module ${mod}`;
  }
  const version = parseVersion(await output(btrfs!, ["--version"]));
  return cap("storage.btrfs", true, `btrfs-progs ${version ?? "unknown version"}, ${kernel}`);
}

async function processRunning(comm: string): Promise<boolean> {
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((d) => /^\d+$/.test(d));
  } catch {
    return false;
  }
  const names = await Promise.all(pids.map((p) => readText(`/proc/${p}/comm`)));
  return names.some((n) => n?.trim() === comm);
}

async function checkZfs(): Promise<Capability> {
  const [zpool, zfs, fuse] = await Promise.all([findBinary("zpool"), findBinary("zfs"), findBinary("zfs-fuse")]);
  const missing = [!zpool && "zpool", !zfs && "zfs"].filter(Boolean);
  if (missing.length) return cap("storage.zfs", false, `${missing.join(" and ")} not installed (zfsutils-linux or zfs-fuse)`);
  // ZFS volumes are block devices: they need the kernel's zvol driver (a "zvol" major in /proc/devices).
  const zvols = /^\s*\d+\s+zvol$/m.test((await readText("/proc/devices")) ?? "")
    ? "zvols available"
    : "no zvols (no zvol block driver in /proc/devices; VM disks are files in datasets)";
  if (await exists("/dev/zfs")) return cap("storage.zfs", true, `kernel ZFS (/dev/zfs); ${zvols}`);
  if (fuse) {
    const daemon = (await processRunning("zfs-fuse")) ? "daemon running" : "daemon not running; the zfs driver starts it when a pool needs it";
    return cap("storage.zfs", true, `zfs-fuse (${daemon}); ${zvols}; no idmapped mounts on FUSE`);
  }
  return cap("storage.zfs", false, "no /dev/zfs (ZFS kernel module not loaded) and no zfs-fuse");
}

async function checkLvm(): Promise<Capability> {
  const [lvm, dmsetup] = await Promise.all([findBinary("lvm"), findBinary("dmsetup")]);
  const reasons: string[] = [];
  if (!lvm) reasons.push("lvm tools not installed (lvm2)");

  // The kernel side first: dmsetup and `lvm version` would create /dev/mapper/control even when the
  // kernel lacks device-mapper, so they only run once /proc/misc shows the driver.
  let dmVersion: string | null = null;
  const misc = (await readText("/proc/misc")) ?? "";
  const dmInKernel = /\sdevice-mapper$/m.test(misc);
  const lvmVersion = lvm && dmInKernel ? parseVersion((await output(lvm, ["version"])).replace(/^[^\n]*?LVM version:/m, "")) : null;
  if (!dmInKernel) {
    const mod = await kernelModule("dm_mod");
    reasons.push(mod === "loadable" ? "device-mapper module dm_mod is not loaded" : "device-mapper not available in this kernel");
  } else if (!(await exists("/dev/mapper/control"))) {
    reasons.push("device-mapper is in the kernel but /dev/mapper/control is missing");
  } else if (!dmsetup) {
    reasons.push("dmsetup not installed");
  } else {
    try {
      const out = await output(dmsetup, ["version"]);
      dmVersion = parseVersion(/Driver version:\s*(.*)/.exec(out)?.[1] ?? "") ?? "unknown version";
    } catch (e) {
      reasons.push(`device-mapper not usable: dmsetup version failed: ${errText(e)}`);
    }
  }
  if (reasons.length) return cap("storage.lvm", false, reasons.join("; "));
  return cap("storage.lvm", true, `lvm ${lvmVersion ?? "unknown version"}, device-mapper ${dmVersion}`);
}

interface BatchResult {
  ok: boolean;
  /** 1-based line of the batch that failed. */
  failedLine?: number;
  error?: string;
}

/** Runs `ip -batch` inside a fresh network namespace that vanishes with the process: nothing to clean up. */
async function ipInThrowawayNetns(ip: string, lines: string[]): Promise<BatchResult> {
  try {
    const unshare = (await findBinary("unshare")) ?? "unshare";
    await run(unshare, ["--net", "--", ip, "-batch", "-"], {
      input: lines.join("\n") + "\n",
      timeoutMs: PROBE_COMMAND_TIMEOUT_MS,
    });
    return { ok: true };
  } catch (e) {
    if (e instanceof CommandError && e.exitCode !== null) {
      const m = /Command failed -:(\d+)/.exec(e.stderr);
      if (m) return { ok: false, failedLine: Number(m[1]), error: firstLine(e.stderr.replace(/Command failed -:\d+/, "")) };
    }
    return { ok: false, error: `cannot test in a network namespace: ${errText(e)}` };
  }
}

const LOWER = "link add cprobe0 type veth peer name cprobe1";

async function checkLinkType(
  name: CapabilityName,
  kind: string,
  lines: string[],
  missingKernel: string,
): Promise<Capability> {
  const ip = await findBinary("ip");
  if (!ip) return cap(name, false, "ip not installed (iproute2)");
  const r = await ipInThrowawayNetns(ip, lines);
  if (r.ok) return cap(name, true, `${kind} links work (tested in a throw-away network namespace)`);
  const usesLower = lines[0] === LOWER;
  if (usesLower && r.failedLine === 1) return cap(name, false, `cannot create a veth to test ${kind} on: ${r.error}`);
  if (r.failedLine !== undefined && /Unknown device type|not supported/i.test(r.error ?? "")) {
    return cap(name, false, `${missingKernel} not available in this kernel (ip link add type ${kind}: ${r.error})`);
  }
  return cap(name, false, r.failedLine !== undefined ? `ip link add type ${kind} failed: ${r.error}` : r.error ?? "unknown error");
}

const checkBridge = () =>
  checkLinkType("network.bridge", "bridge", ["link add cprobebr0 type bridge", "link del cprobebr0"], "bridge (CONFIG_BRIDGE)");
const checkVlan = () =>
  checkLinkType(
    "network.vlan",
    "vlan",
    [LOWER, "link add link cprobe0 name cprobe0.5 type vlan id 5"],
    "802.1Q VLAN support (8021q, CONFIG_VLAN_8021Q)",
  );
const checkBridgeVlanFiltering = () =>
  checkLinkType(
    "bridge.vlan_filtering",
    "bridge vlan_filtering",
    ["link add cprobebr1 type bridge vlan_filtering 1"],
    "bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)",
  );
const checkMacvlan = () =>
  checkLinkType(
    "network.macvlan",
    "macvlan",
    [LOWER, "link add link cprobe0 name cprobemv0 type macvlan mode bridge"],
    "macvlan (CONFIG_MACVLAN)",
  );
const checkVxlan = () =>
  checkLinkType(
    "network.vxlan",
    "vxlan",
    [LOWER, "link add cprobevx0 type vxlan id 42 dstport 4789 dev cprobe0"],
    "VXLAN (CONFIG_VXLAN)",
  );

async function checkNftables(): Promise<Capability> {
  const nft = await findBinary("nft");
  if (!nft) return cap("nftables", false, "nft not installed (nftables)");
  const version = parseVersion(await output(nft, ["--version"])) ?? "unknown version";
  try {
    await run(nft, ["list", "tables"], { timeoutMs: PROBE_COMMAND_TIMEOUT_MS });
  } catch (e) {
    return cap("nftables", false, `nft ${version} installed but nft list tables failed: ${errText(e)}`);
  }
  return cap("nftables", true, version);
}

/** Connection tracking in bridge-family rules (NIC ACLs are stateful with it), tried in a throw-away netns. */
async function checkBridgeConntrack(): Promise<Capability> {
  const name = "nftables.bridge_conntrack";
  const nft = await findBinary("nft");
  if (!nft) return cap(name, false, "nft not installed (nftables)");
  const script = "add table bridge cprobe\nadd chain bridge cprobe c { type filter hook forward priority 0; }\nadd rule bridge cprobe c ct state established accept\n";
  try {
    await run((await findBinary("unshare")) ?? "unshare", ["--net", "--", nft, "-f", "-"], { input: script, timeoutMs: PROBE_COMMAND_TIMEOUT_MS });
    return cap(name, true, "ct in bridge-family rules works (tested in a throw-away network namespace)");
  } catch (e) {
    return cap(name, false, `no connection tracking for bridged traffic (nf_conntrack_bridge, CONFIG_NF_CONNTRACK_BRIDGE): ${firstLine(errText(e))}`);
  }
}

async function checkDnsmasq(): Promise<Capability> {
  const bin = await findBinary("dnsmasq");
  if (!bin) return cap("dnsmasq", false, "dnsmasq not installed (dnsmasq-base)");
  return cap("dnsmasq", true, parseVersion(await output(bin, ["--version"])) ?? "unknown version");
}

const QEMU_BINARIES: Record<string, string> = { x86_64: "qemu-system-x86_64", aarch64: "qemu-system-aarch64" };
const qemuName = (): string => QEMU_BINARIES[os.machine()] ?? `qemu-system-${os.machine()}`;

async function checkQemu(): Promise<Capability> {
  const bin = await findBinary(qemuName());
  if (!bin) return cap("qemu", false, `${qemuName()} not installed`);
  return cap("qemu", true, parseVersion(await output(bin, ["--version"])) ?? "unknown version");
}

/**
 * A 64 KiB x86 BIOS image whose reset vector writes 0x31 to the isa-debug-exit port: QEMU then
 * exits with (0x31 << 1) | 1 = 99, proving the guest really executed instructions.
 */
function exitPayload(): Buffer {
  const bios = Buffer.alloc(0x10000);
  // mov al,0x31; out 0xf4,al; hlt; jmp $-3
  Buffer.from([0xb0, 0x31, 0xe6, 0xf4, 0xf4, 0xeb, 0xfd]).copy(bios, 0xfff0);
  return bios;
}
const PAYLOAD_EXIT_CODE = 99;

/** Removes probe dirs of agents that were killed mid-probe (their pid is in the name). */
async function sweepStaleProbeDirs(): Promise<void> {
  for (const name of await readdir(os.tmpdir()).catch(() => [] as string[])) {
    const pid = /^corral-kvm-probe-(\d+)-/.exec(name)?.[1];
    if (pid && !(await exists(`/proc/${pid}`))) await rm(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

async function checkKvm(): Promise<Capability> {
  const hasDev = await exists("/dev/kvm");
  const qemu = await findBinary(qemuName());
  if (!qemu) {
    return cap("kvm", false, `${qemuName()} not installed${hasDev ? " (/dev/kvm present; guest execution not verified)" : ""}`);
  }
  if (!hasDev) return cap("kvm", false, "/dev/kvm does not exist (no KVM module or no hardware virtualization)");
  if (os.machine() !== "x86_64") return cap("kvm", false, "/dev/kvm present; guest execution check only exists for x86_64");

  await sweepStaleProbeDirs();
  const dir = await mkdtemp(path.join(os.tmpdir(), `corral-kvm-probe-${process.pid}-`));
  try {
    const bios = path.join(dir, "bios.bin");
    await writeFile(bios, exitPayload());
    const args = ["-accel", "kvm", "-machine", "pc", "-nodefaults", "-no-user-config", "-display", "none",
      "-no-reboot", "-m", "16", "-bios", bios, "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"];
    try {
      // timeout(1) bounds the guest even if this agent dies meanwhile (no orphan qemu).
      const limit = ["--signal=KILL", `${Math.ceil(KVM_GUEST_TIMEOUT_MS / 1000) + 1}s`];
      await run("timeout", [...limit, qemu, ...args], { timeoutMs: KVM_GUEST_TIMEOUT_MS, okCodes: [PAYLOAD_EXIT_CODE] }).then((r) => {
        if (r.code !== PAYLOAD_EXIT_CODE) throw new Error(`test guest exited with ${r.code} instead of ${PAYLOAD_EXIT_CODE}`);
      });
    } catch (e) {
      if (e instanceof CommandError && e.exitCode === null && /timed out/.test(e.message)) {
        return cap("kvm", false, `/dev/kvm present but a test guest hung (no exit within ${KVM_GUEST_TIMEOUT_MS} ms); use TCG`);
      }
      return cap("kvm", false, `/dev/kvm present but qemu -accel kvm failed: ${errText(e)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Nested "PVM" KVM (kvm_pvm, no vmx/svm in the CPU) runs a real-mode payload but hangs
  // standard guest kernels, so a passing payload is not enough there.
  const flags = /^flags\s*:(.*)$/m.exec((await readText("/proc/cpuinfo")) ?? "")?.[1] ?? "";
  const hwVirt = /\b(vmx|svm)\b/.test(flags);
  if ((await exists("/sys/module/kvm_pvm")) || !hwVirt) {
    return cap(
      "kvm",
      false,
      `/dev/kvm is nested PVM (kvm_pvm${hwVirt ? "" : ", no vmx/svm"}): a test guest runs but standard guest kernels hang; use TCG`,
    );
  }
  return cap("kvm", true, "test guest ran under KVM");
}

// ---------------------------------------------------------------------------------------------
// Probe with process-lifetime cache

interface BaseProbe {
  capabilities: Capability[];
  cgroup: CgroupInfo;
  idmap: IdmapRanges | null;
  idmapText: string;
  probedAt: string;
}

let baseCache: Promise<BaseProbe> | null = null;
let kvmCache: { promise: Promise<Capability>; result: Capability | null } | null = null;

async function probeBase(): Promise<BaseProbe> {
  const started = Date.now();
  const lxcP = checkLxc().catch((e) => ({ cap: cap("lxc", false, `check failed: ${errText(e)}`), version: null }));
  const [lxc, idmapped, cgroup, idmap, rest] = await Promise.all([
    lxcP,
    guarded("lxc.idmapped_mounts", async () => checkIdmappedMounts((await lxcP).version)),
    checkCgroup(),
    checkIdmap(),
    Promise.all([
      guarded("storage.dir", async () => cap("storage.dir", true, "built in")),
      guarded("storage.btrfs", checkBtrfs),
      guarded("storage.zfs", checkZfs),
      guarded("storage.lvm", checkLvm),
      guarded("network.bridge", checkBridge),
      guarded("network.vlan", checkVlan),
      guarded("network.macvlan", checkMacvlan),
      guarded("network.vxlan", checkVxlan),
      guarded("bridge.vlan_filtering", checkBridgeVlanFiltering),
      guarded("nftables", checkNftables),
      guarded("nftables.bridge_conntrack", checkBridgeConntrack),
      guarded("dnsmasq", checkDnsmasq),
      guarded("qemu", checkQemu),
    ]),
  ]);
  log("base probe took %d ms", Date.now() - started);
  return {
    capabilities: [lxc.cap, idmapped, cgroup.cap, idmap.cap, ...rest],
    cgroup: cgroup.info,
    idmap: idmap.ranges,
    idmapText: idmap.text,
    probedAt: new Date().toISOString(),
  };
}

/** Starts (or returns) the background KVM check, which boots a tiny guest and so may take seconds. */
export function startKvmProbe(refresh = false): Promise<Capability> {
  if (!kvmCache || refresh) {
    const entry: { promise: Promise<Capability>; result: Capability | null } = { promise: null!, result: null };
    entry.promise = guarded("kvm", checkKvm).then((c) => {
      entry.result = c;
      return c;
    });
    kvmCache = entry;
  }
  return kvmCache.promise;
}

async function kvmCapability(wait: boolean): Promise<Capability> {
  const promise = startKvmProbe();
  const entry = kvmCache!;
  if (entry.result) return entry.result;
  if (wait) return promise;
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<Capability>((resolve) => {
    timer = setTimeout(
      () => resolve(cap("kvm", false, "KVM guest check still running in the background; not verified yet")),
      KVM_GRACE_MS,
    );
  });
  try {
    return await Promise.race([promise, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** Finds out what this host can do (cached for the process lifetime) so callers can refuse what it cannot. */
export async function probeHost(opts: ProbeOptions = {}): Promise<HostProbe> {
  if (!baseCache || opts.refresh) {
    const p = probeBase();
    baseCache = p;
    p.catch(() => {
      if (baseCache === p) baseCache = null;
    });
  }
  if (opts.refresh) startKvmProbe(true);
  const [base, kvm, resources] = await Promise.all([baseCache, kvmCapability(opts.waitForKvm ?? false), getResources()]);
  const capabilities = [...base.capabilities, kvm];
  const available = (prefix: string) =>
    capabilities.filter((c) => c.available && c.name.startsWith(prefix)).map((c) => c.name.slice(prefix.length));
  const has = (n: CapabilityName) => capabilities.some((c) => c.name === n && c.available);
  return {
    ...resources,
    capabilities,
    cgroupLayout: base.cgroup.layout,
    cgroup: base.cgroup,
    idmap: base.idmap,
    idmapText: base.idmapText,
    storageDrivers: available("storage."),
    networkTypes: available("network."),
    instanceTypes: [...(has("lxc") ? ["container"] : []), ...(has("qemu") ? ["virtual-machine"] : [])],
    probedAt: base.probedAt,
  };
}

/** Looks up one capability by name in a probe result. */
export function findCapability(probe: HostProbe, name: CapabilityName): Capability {
  return probe.capabilities.find((c) => c.name === name) ?? cap(name, false, "not probed");
}

/** Throws CORRAL_ERR_CAPABILITY with the probe's reason when this host lacks `name`; drivers call it before acting. */
export async function requireCapability(name: CapabilityName, feature: string = name): Promise<Capability> {
  const c = findCapability(await probeHost({ waitForKvm: name === "kvm" }), name);
  if (!c.available) throw capabilityError(feature, c.detail);
  return c;
}
