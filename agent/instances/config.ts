// Instance config keys and device properties: one table of rules used by the API edge, the
// profile manager, `corral info` and (through HostInfo.config_keys) the Terraform provider.
import { cpus, totalmem } from "node:os";
import { invalid } from "../errors";
import { HOST_NIC_TYPES } from "../network/host-nics";
import { isAclList } from "../network/policy/acls";
import { LEASE_RULES } from "../leases/lease";
import { isExpiry, isSchedule, isSnapshotPattern } from "./schedule";
import { isInt, isIPv4, isMAC, isSize, oneOf, parseObjectName, parseSize, validateConfig, type KeyRule, type RuleTable, type Validator } from "../config/rules";

const hostCpus = (): number => cpus().length;

const isCpuLimit: Validator = (v) => {
  if (/^\d+$/.test(v)) return isInt(1, hostCpus())(v) ? `must be a number of CPUs between 1 and ${hostCpus()} (CPUs on this host)` : undefined;
  if (/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(v)) {
    const ids = v.split(",").flatMap((r) => r.split("-").map(Number));
    return ids.some((id) => id >= hostCpus()) ? `CPU ids must be below ${hostCpus()}` : undefined;
  }
  return "must be a number of CPUs (e.g. 2) or a CPU set (e.g. 0-1,3)";
};

/** 4 MiB is the smallest memory limit a container starts with; the host's memory is the largest. */
const MIN_MEMORY = 4 * 2 ** 20;
const isMemoryLimit: Validator = (v) => {
  if (/^\d+%$/.test(v)) return Number(v.slice(0, -1)) < 1 || Number(v.slice(0, -1)) > 100 ? "percentage must be between 1% and 100%" : undefined;
  return isSize(MIN_MEMORY, totalmem())(v);
};

export const INSTANCE_RULES: RuleTable = {
  "limits.cpu": { type: "string", live: true, validate: isCpuLimit, description: "Number of CPUs (e.g. 2) or CPU set (0-1,3) the instance may use" },
  "limits.cpu.allowance": { type: "string", live: true, validate: (v) => (/^\d+%$/.test(v) || /^\d+ms\/\d+ms$/.test(v) ? undefined : "must be a percentage (50%) or a quota like 25ms/100ms"), description: "CPU time allowance" },
  "limits.memory": { type: "size", live: true, validate: isMemoryLimit, description: "Memory limit, as a size (512MiB) or a percentage of host memory (50%)" },
  "limits.processes": { type: "integer", live: true, validate: isInt(1, 4_194_304), description: "Maximum number of processes in the instance" },
  "security.privileged": { type: "bool", default: "false", description: "Run the container without a user namespace (root inside is root on the host)" },
  "security.nesting": { type: "bool", default: "false", description: "Allow running containers inside this instance" },
  "boot.autostart": { type: "bool", live: true, description: "Start the instance when the agent starts" },
  "boot.autostart.delay": { type: "integer", live: true, validate: isInt(0, 3600), description: "Seconds to wait after starting this instance at agent start" },
  "boot.host_shutdown_timeout": { type: "integer", live: true, validate: isInt(0, 3600), default: "30", description: "Seconds to wait for a clean shutdown before killing" },
  "cloud-init.user-data": { type: "string", description: "cloud-init user data (written to the instance's seed directory)" },
  "cloud-init.network-config": { type: "string", description: "cloud-init network configuration" },
  "cloud-init.vendor-data": { type: "string", description: "cloud-init vendor data" },
  "user.access_interface": { type: "string", live: true, description: "NIC whose address is reported as the instance's address" },
  ...LEASE_RULES,
  "snapshots.schedule": { type: "string", live: true, validate: isSchedule, description: "When to take snapshots automatically (UTC): a cron expression (minute hour day-of-month month day-of-week) or aliases such as @hourly, @daily, @weekly, @monthly" },
  "snapshots.schedule.stopped": { type: "bool", live: true, default: "false", description: "Take scheduled snapshots of a stopped instance too" },
  "snapshots.expiry": { type: "string", live: true, validate: isExpiry, description: "How long a snapshot is kept before the agent deletes it, e.g. 1d, 2w, 3H, 30M or \"1w 3d\" (M minutes, H hours, d days, w weeks, m months, y years)" },
  "snapshots.pattern": { type: "string", live: true, default: "snap%d", validate: isSnapshotPattern, description: "Name of scheduled snapshots; %d is replaced by the next free number" },
};

/**
 * Whether a running instance takes a change of config key `key` live; otherwise the change needs
 * the instance stopped (the provider applies it by a restart). `liveLimits`: the driver's capability.
 */
export function changesLive(key: string, liveLimits: boolean): boolean {
  if (key.startsWith("user.") || key.startsWith("environment.")) return true;
  return !!INSTANCE_RULES[key]?.live && (liveLimits || !key.startsWith("limits."));
}

/** Adds an instance driver's own keys (e.g. raw.lxc) to the instance table. */
export function registerInstanceRules(table: RuleTable): void {
  Object.assign(INSTANCE_RULES, table);
}

/** Prefixes whose keys are free-form (besides user.*). */
export const FREE_PREFIXES: Record<string, KeyRule> = {
  "environment.": { type: "string", live: true, description: "Environment variable for commands run with exec" },
};

export const DEVICE_RULES: Record<"disk" | "nic", RuleTable> = {
  disk: {
    type: { type: "string", description: "disk" },
    path: { type: "string", description: "Mount point inside the instance; / for the root disk" },
    pool: { type: "string", description: "Storage pool of the root disk or custom volume" },
    source: { type: "string", description: "Custom volume name (with pool) or a host path to bind-mount" },
    size: { type: "size", validate: isSize(16 * 2 ** 20), description: "Size limit of the root disk (drivers with quotas)" },
    readonly: { type: "bool", description: "Mount read-only" },
  },
  nic: {
    type: { type: "string", description: "nic" },
    network: { type: "string", description: "Managed network to attach to" },
    name: { type: "string", description: "Interface name inside the instance (default: the device name)" },
    hwaddr: { type: "string", validate: isMAC, description: "MAC address (default: generated, stable)" },
    "ipv4.address": { type: "string", validate: isIPv4, description: "Static IPv4 address (a DHCP reservation on the network)" },
    mtu: { type: "integer", validate: isInt(1280, 9000), description: "MTU of the interface" },
    nictype: { type: "string", validate: oneOf(...HOST_NIC_TYPES), description: "Host networking without a managed network: bridged (a port on the existing host bridge parent), macvlan (on parent's LAN), physical (parent itself moves into the container)" },
    parent: { type: "string", description: "Host interface of a nictype NIC (bridge, LAN interface or the interface to move in)" },
    vlan: { type: "integer", validate: isInt(1, 4094), description: "VLAN of the NIC's port on a managed bridge network (bridge VLAN filtering), untagged inside" },
    "security.acls": { type: "list", live: true, validate: isAclList, description: "Network ACLs (comma-separated names) applied to traffic into and out of this NIC (a NIC on a managed bridge network); stateless where the host has no bridge conntrack" },
    "security.acls.default.ingress.action": { type: "string", default: "reject", live: true, validate: oneOf("allow", "reject", "drop"), description: "What happens to traffic into the NIC that no rule of its ACLs matches: allow, reject or drop (reject drops: a bridge port cannot answer)" },
    "security.acls.default.egress.action": { type: "string", default: "reject", live: true, validate: oneOf("allow", "reject", "drop"), description: "What happens to traffic out of the NIC that no rule of its ACLs matches: allow, reject or drop (reject drops: a bridge port cannot answer)" },
  },
};

export type Devices = Record<string, Record<string, string>>;

/** Validates a config map (`field` names it in errors) against the instance rules. */
export function validateInstanceConfig(config: Record<string, string>, field = "config"): void {
  const free = Object.entries(config).filter(([k]) => Object.keys(FREE_PREFIXES).some((p) => k.startsWith(p)));
  const rest = Object.fromEntries(Object.entries(config).filter(([k]) => !free.some(([f]) => f === k)));
  validateConfig(INSTANCE_RULES, rest, field);
  for (const [k] of free) if (k.endsWith(".")) throw invalid(`${field}["${k}"]`, "needs a name after the prefix");
}

/** Validates devices: known type, known keys, values that parse. */
export function validateDevices(devices: Devices, field = "devices"): void {
  for (const [name, props] of Object.entries(devices)) {
    const where = `${field}["${name}"]`;
    parseObjectName(name, `${where} name`);
    const type = props.type;
    if (!type) throw invalid(`${where}.type`, "is required (disk or nic)");
    const broken = oneOf("disk", "nic")(type);
    if (broken) throw invalid(`${where}.type`, broken);
    validateConfig(DEVICE_RULES[type as "disk" | "nic"], props, where);
    if (type === "disk") {
      if (!props.path) throw invalid(`${where}.path`, "is required for disk devices");
      if (props.path === "/" && !props.pool) throw invalid(`${where}.pool`, "is required for the root disk");
      if (props.path !== "/" && !props.source) throw invalid(`${where}.source`, "is required for non-root disks (a custom volume of pool, or a host path)");
      if (props.path !== "/" && !props.path.startsWith("/")) throw invalid(`${where}.path`, "must be an absolute path");
      if (props.size && props.path !== "/") throw invalid(`${where}.size`, "only applies to the root disk");
    } else if (props.network) {
      for (const key of ["nictype", "parent"]) if (props[key] !== undefined) throw invalid(`${where}.${key}`, "cannot be combined with network (the network decides how its NICs are wired)");
    } else if (!props.nictype) {
      throw invalid(`${where}.network`, "is required (the managed network to attach to), or nictype and parent for host networking");
    } else if (!props.parent) {
      throw invalid(`${where}.parent`, `is required for nictype=${props.nictype} (the host interface to use)`);
    }
  }
}

export interface ProfileLike {
  config: Record<string, string>;
  devices: Devices;
}

/** Merges profiles in order, then the instance's own config and devices, as LXD does. */
export function expand(profiles: ProfileLike[], own: ProfileLike): ProfileLike {
  const config: Record<string, string> = {};
  const devices: Devices = {};
  for (const p of [...profiles, own]) {
    Object.assign(config, p.config);
    for (const [name, dev] of Object.entries(p.devices)) devices[name] = { ...dev };
  }
  return { config, devices };
}

/** The root disk device of expanded devices, if any. */
export function rootDisk(devices: Devices): [string, Record<string, string>] | undefined {
  return Object.entries(devices).find(([, d]) => d.type === "disk" && d.path === "/");
}

/** Parsed limits for the driver. */
export function parseLimits(config: Record<string, string>): { cpus?: number; cpuSet?: string; cpuAllowance?: string; memoryBytes?: number; processes?: number } {
  const out: ReturnType<typeof parseLimits> = {};
  const cpu = config["limits.cpu"];
  if (cpu) {
    if (/^\d+$/.test(cpu)) out.cpus = Number(cpu);
    else out.cpuSet = cpu;
  }
  if (config["limits.cpu.allowance"]) out.cpuAllowance = config["limits.cpu.allowance"];
  const mem = config["limits.memory"];
  if (mem) out.memoryBytes = mem.endsWith("%") ? Math.floor((totalmem() * Number(mem.slice(0, -1))) / 100) : parseSize(mem);
  if (config["limits.processes"]) out.processes = Number(config["limits.processes"]);
  return out;
}

