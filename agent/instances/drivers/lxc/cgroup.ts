// Container resource limits and usage through cgroups. Hosts differ: pure v2, pure v1, or hybrid
// (this kind of machine: every controller on v1, only the empty unified tree on v2), so each
// controller is looked up in the layout and the matching file/LXC key is chosen per controller.
import { readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CorralError, invalid } from "../../../errors";
import { cgroupMounts, unifiedMount } from "../../../host/cgroup-mounts";
import type { InstanceSpec } from "../../driver";

export type Limits = InstanceSpec["limits"];

export interface ControllerMount {
  version: 1 | 2;
  /** Where the hierarchy holding this controller is mounted. */
  mount: string;
}

export interface CgroupLayout {
  /** Controller name -> hierarchy. v1 wins when a controller appears in both (it cannot be in both). */
  controllers: Map<string, ControllerMount>;
  /** Mount point of the unified (v2) hierarchy, if any. */
  unified?: string;
}

const WANTED = ["memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices"];

/** Parses /proc/self/mountinfo plus the v2 root's cgroup.controllers into a per-controller map. */
export function parseCgroupLayout(mountinfo: string, v2Controllers: (mount: string) => string[]): CgroupLayout {
  const mounts = cgroupMounts(mountinfo);
  const controllers = new Map<string, ControllerMount>();
  const unified = unifiedMount(mounts);
  if (unified) for (const c of v2Controllers(unified)) if (WANTED.includes(c)) controllers.set(c, { version: 2, mount: unified });
  // cgroup2 has no separate cpuacct: cpu.stat carries usage there.
  if (unified && controllers.has("cpu")) controllers.set("cpuacct", { version: 2, mount: unified });
  for (const m of mounts) {
    if (m.version === 1) for (const opt of m.options) if (WANTED.includes(opt)) controllers.set(opt, { version: 1, mount: m.mountPoint });
  }
  return { controllers, unified };
}

let cachedLayout: CgroupLayout | undefined;

/** The host's cgroup layout (read once: it does not change while the agent runs). */
export async function cgroupLayout(): Promise<CgroupLayout> {
  if (cachedLayout) return cachedLayout;
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8");
  const unified = unifiedMount(cgroupMounts(mountinfo));
  const v2 = unified ? (await readFile(join(unified, "cgroup.controllers"), "utf8").catch(() => "")).trim().split(/\s+/).filter(Boolean) : [];
  cachedLayout = parseCgroupLayout(mountinfo, () => v2);
  return cachedLayout;
}

/** Expands a cpuset list ("0-3,6") into cpu numbers. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(",").filter(Boolean)) {
    const [a, b] = part.split("-").map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.push(i);
  }
  return out;
}

/** The cpus this host lets containers use (the root cpuset, else the online cpus). */
export async function hostCpus(layout: CgroupLayout): Promise<number[]> {
  const cs = layout.controllers.get("cpuset");
  const candidates = cs
    ? [join(cs.mount, cs.version === 1 ? "cpuset.effective_cpus" : "cpuset.cpus.effective"), "/sys/devices/system/cpu/online"]
    : ["/sys/devices/system/cpu/online"];
  for (const f of candidates) {
    const text = await readFile(f, "utf8").catch(() => "");
    if (text.trim()) return parseCpuList(text);
  }
  return [0];
}

const CPU_PERIOD_US = 100_000;
const V1_SHARES_DEFAULT = 1024;
const V2_WEIGHT_DEFAULT = 100;

/** "50%" (soft share of the default weight) or "25ms/100ms" (hard quota per period). */
export function parseCpuAllowance(v: string): { kind: "share"; percent: number } | { kind: "quota"; quotaUs: number; periodUs: number } {
  let m = /^(\d{1,3})%$/.exec(v);
  if (m) {
    const percent = Number(m[1]);
    if (percent < 1 || percent > 100) throw invalid("limits.cpu.allowance", "percentage must be 1-100%");
    return { kind: "share", percent };
  }
  m = /^(\d+)ms\/(\d+)ms$/.exec(v);
  if (m) {
    const quotaUs = Number(m[1]) * 1000;
    const periodUs = Number(m[2]) * 1000;
    if (quotaUs < 1000 || periodUs < 1000 || periodUs > 1_000_000) {
      throw invalid("limits.cpu.allowance", "quota and period must be at least 1ms, period at most 1000ms");
    }
    return { kind: "quota", quotaUs, periodUs };
  }
  throw invalid("limits.cpu.allowance", "must be a percentage like 50% or a quota like 25ms/100ms");
}

/** One cgroup file setting: controller, file name, value, and the value that means "no limit". */
interface Setting {
  controller: string;
  file: string;
  value: string;
  field: string;
}

/** Translates limits into file writes for this layout; `unset` values reset a limit to unlimited. */
export async function limitSettings(layout: CgroupLayout, limits: Limits, opts: { includeUnset: boolean }): Promise<Setting[]> {
  const out: Setting[] = [];
  const v = (c: string): 1 | 2 | undefined => layout.controllers.get(c)?.version;
  const add = (controller: string, file: string, value: string | undefined, unset: string, field: string): void => {
    if (value !== undefined) out.push({ controller, file, value, field });
    else if (opts.includeUnset) out.push({ controller, file, value: unset, field });
  };
  const mem = v("memory");
  if (limits.memoryBytes !== undefined && (!Number.isSafeInteger(limits.memoryBytes) || limits.memoryBytes < 4096 * 256)) {
    throw invalid("limits.memory", "must be at least 1MiB");
  }
  if (mem === 1) add("memory", "memory.limit_in_bytes", limits.memoryBytes?.toString(), "-1", "limits.memory");
  if (mem === 2) add("memory", "memory.max", limits.memoryBytes?.toString(), "max", "limits.memory");
  if (limits.memoryBytes !== undefined && mem === undefined) throw new CorralError("CORRAL_ERR_CAPABILITY", "this host cannot provide limits.memory: no memory cgroup controller");

  if (limits.processes !== undefined && (!Number.isSafeInteger(limits.processes) || limits.processes < 1)) {
    throw invalid("limits.processes", "must be a positive integer");
  }
  if (v("pids")) add("pids", "pids.max", limits.processes?.toString(), "max", "limits.processes");

  if (limits.cpus !== undefined && (!Number.isSafeInteger(limits.cpus) || limits.cpus < 1)) throw invalid("limits.cpu", "must be a positive integer");
  // The host's cpus (a file read) only when a cpu limit is set or reset.
  if (v("cpuset") && (limits.cpus !== undefined || limits.cpuSet !== undefined || opts.includeUnset)) {
    const cpus = await hostCpus(layout);
    let chosen = limits.cpus === undefined ? undefined : cpus.slice(0, Math.min(limits.cpus, cpus.length)).join(",");
    if (limits.cpuSet !== undefined) {
      // An explicit pin list wins over a count.
      if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(limits.cpuSet)) throw invalid("limits.cpu", "must be a count or a cpu list like 0-1,3");
      const wanted = parseCpuList(limits.cpuSet);
      const missing = wanted.filter((c) => !cpus.includes(c));
      if (missing.length) throw invalid("limits.cpu", `cpus ${missing.join(",")} are not available on this host (available: ${cpus.join(",")})`);
      chosen = wanted.join(",");
    }
    add("cpuset", "cpuset.cpus", chosen, v("cpuset") === 1 ? cpus.join(",") : "", "limits.cpu");
  }

  const allowance = limits.cpuAllowance === undefined ? undefined : parseCpuAllowance(limits.cpuAllowance);
  const cpu = v("cpu");
  if (cpu === 1) {
    const quota = allowance?.kind === "quota" ? allowance : undefined;
    const share = allowance?.kind === "share" ? allowance : undefined;
    add("cpu", "cpu.cfs_period_us", quota?.periodUs.toString(), String(CPU_PERIOD_US), "limits.cpu.allowance");
    add("cpu", "cpu.cfs_quota_us", quota?.quotaUs.toString(), "-1", "limits.cpu.allowance");
    add("cpu", "cpu.shares", share ? String(Math.max(2, Math.round((V1_SHARES_DEFAULT * share.percent) / 100))) : undefined, String(V1_SHARES_DEFAULT), "limits.cpu.allowance");
  } else if (cpu === 2) {
    const quota = allowance?.kind === "quota" ? allowance : undefined;
    const share = allowance?.kind === "share" ? allowance : undefined;
    add("cpu", "cpu.max", quota ? `${quota.quotaUs} ${quota.periodUs}` : undefined, `max ${CPU_PERIOD_US}`, "limits.cpu.allowance");
    add("cpu", "cpu.weight", share ? String(Math.max(1, Math.round((V2_WEIGHT_DEFAULT * share.percent) / 100))) : undefined, String(V2_WEIGHT_DEFAULT), "limits.cpu.allowance");
  }
  return out;
}

/** LXC config lines (`lxc.cgroup.*` for v1 controllers, `lxc.cgroup2.*` for v2) for the next start. */
export async function limitConfigLines(layout: CgroupLayout, limits: Limits): Promise<string[]> {
  const settings = await limitSettings(layout, limits, { includeUnset: false });
  return settings.map((s) => `${layout.controllers.get(s.controller)!.version === 1 ? "lxc.cgroup" : "lxc.cgroup2"}.${s.file} = ${s.value}`);
}

/** The prefix LXC wants for device rules: the devices controller's hierarchy decides. */
export function devicesKeyPrefix(layout: CgroupLayout): "lxc.cgroup" | "lxc.cgroup2" {
  return layout.controllers.get("devices")?.version === 1 ? "lxc.cgroup" : "lxc.cgroup2";
}

/** Controller -> the container's cgroup directory, found from its init's /proc/PID/cgroup. */
export type ContainerCgroups = Map<string, string>;

/** Trims a cgroup path to LXC's payload cgroup (the guest may have made sub-cgroups under it). */
function payloadPath(path: string): string {
  const parts = path.split("/");
  const i = parts.findIndex((p) => p.startsWith("lxc.payload."));
  return i < 0 ? path : parts.slice(0, i + 1).join("/");
}

/** Finds the container's cgroup directories for each controller from its init pid. */
export async function containerCgroups(layout: CgroupLayout, pid: number): Promise<ContainerCgroups> {
  const text = await readFile(`/proc/${pid}/cgroup`, "utf8");
  const out: ContainerCgroups = new Map();
  let v2path: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === "0" && m[2] === "") {
      v2path = payloadPath(m[3]!);
      continue;
    }
    for (const c of m[2]!.split(",")) {
      const cm = layout.controllers.get(c);
      if (cm?.version === 1) out.set(c, join(cm.mount, payloadPath(m[3]!)));
    }
  }
  if (v2path !== undefined && layout.unified) {
    for (const [c, cm] of layout.controllers) if (cm.version === 2) out.set(c, join(layout.unified, v2path));
  }
  return out;
}

async function subdirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!e.isDirectory()) continue;
    const d = join(dir, e.name);
    out.push(d, ...(await subdirs(d)));
  }
  return out;
}

/** Writes limits into a running container's cgroups; unset limits go back to unlimited. */
export async function applyLiveLimits(layout: CgroupLayout, cgroups: ContainerCgroups, limits: Limits): Promise<void> {
  for (const s of await limitSettings(layout, limits, { includeUnset: true })) {
    const dir = cgroups.get(s.controller);
    if (!dir) continue;
    const file = join(dir, s.file);
    try {
      await writeFile(file, s.value);
    } catch (e) {
      // A v1 cpuset cannot shrink below what its children use: shrink the children first.
      if (s.controller !== "cpuset") {
        throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `${s.field}: cannot set ${s.file} = ${s.value} (${(e as Error).message})`, { field: s.field, cause: e });
      }
      const kids = (await subdirs(dir)).reverse();
      for (const k of kids) await writeFile(join(k, s.file), s.value).catch(() => undefined);
      await writeFile(file, s.value);
    }
  }
}

/**
 * A cgroup file's text: the kernel makes it up on read, never waiting on a disk, so it is read at
 * once rather than through the thread pool (a list reads three per container; fs/promises'
 * readFile takes four pool round trips and a 64 KiB buffer for each file that reports no size).
 */
function readNumber(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** Memory and cpu usage of a container (limit 0 = unlimited). */
export function readUsage(layout: CgroupLayout, cgroups: ContainerCgroups): { cpuUsageNs: number; memoryUsageBytes: number; memoryLimitBytes: number } {
  const memDir = cgroups.get("memory");
  const cpuDir = cgroups.get("cpuacct") ?? cgroups.get("cpu");
  const memV = layout.controllers.get("memory")?.version;
  const cpuV = layout.controllers.get(cgroups.has("cpuacct") ? "cpuacct" : "cpu")?.version;
  const usage = readNumber(memDir && join(memDir, memV === 1 ? "memory.usage_in_bytes" : "memory.current"));
  const limit = readNumber(memDir && join(memDir, memV === 1 ? "memory.limit_in_bytes" : "memory.max"));
  const cpu = readNumber(cpuDir && join(cpuDir, cpuV === 1 ? "cpuacct.usage" : "cpu.stat"));
  let cpuUsageNs = 0;
  if (cpu !== undefined) {
    if (cpuV === 1) cpuUsageNs = Number(cpu) || 0;
    else cpuUsageNs = Number(/usage_usec (\d+)/.exec(cpu)?.[1] ?? 0) * 1000;
  }
  const limitN = limit === undefined || limit === "max" ? 0 : Number(limit);
  return {
    cpuUsageNs,
    memoryUsageBytes: Number(usage ?? 0) || 0,
    // v1 reports "unlimited" as a page-rounded huge number.
    memoryLimitBytes: limitN >= 2 ** 62 ? 0 : limitN,
  };
}
