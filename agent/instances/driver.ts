// The low-level instance driver contract (LXC containers, QEMU virtual machines). The instance
// manager resolves profiles, pools, networks and images into an InstanceSpec; drivers only run it.
// The manager picks a driver by instance type and asks its `info`, never its name.
import type { Readable, Writable } from "node:stream";
import type { RuleTable } from "../config/rules";
import type { PulledFile } from "./files";

/**
 * How a NIC is wired on the host, declared by its network driver (or by a host NIC's `nictype`):
 * `bridged` a veth/tap port on the bridge `link`; `macvlan` a macvlan (containers) or macvtap
 * (VMs) in bridge mode on the parent `link`; `physical` the host interface `link` itself, moved
 * into the instance and given back when it stops.
 */
export type NicKind = "bridged" | "macvlan" | "physical";

export interface NicSpec {
  /** Device name in the instance config, and the interface name inside (eth0). */
  name: string;
  /** Host-side interface name (veth, macvlan), unique and tagged: `cr` + 10 hex chars. */
  hostName: string;
  kind: NicKind;
  /** Bridge, parent or host interface, per `kind`. */
  link: string;
  /** MAC address; empty for a physical NIC, which keeps its own. */
  hwaddr: string;
  mtu?: number;
  /** Static IPv4 (served by DHCP reservation; informational for the driver). */
  ipv4?: string;
  /** VLAN of a bridged port (bridge VLAN filtering), untagged inside. */
  vlan?: number;
}

export interface IdmapRange {
  /** Host id where container id 0 maps. */
  hostId: number;
  count: number;
}

export type InstanceType = "container" | "virtual-machine";

/** What the manager needs to know about a driver, instead of its name. */
export interface InstanceDriverInfo {
  /** For messages and logs only ("lxc", "qemu"). */
  name: string;
  type: InstanceType;
  /** The instance's files are a directory on the host, so file push/pull need nothing inside. */
  hostRootfs: boolean;
  /** The root disk's `size` grows the instance's disk image (on any pool) rather than setting a pool quota. */
  growsRootDisk: boolean;
  /** `limits.*` change on a running instance; otherwise such changes need a stop (or restart). */
  liveLimits: boolean;
  /** Custom volumes it attaches: filesystem ones are mounted (and host paths), block ones become disks. */
  volumeContentTypes: ("filesystem" | "block")[];
  /** NIC kinds it cannot wire, each with the reason (a capability error names it). */
  unsupportedNics?: Partial<Record<NicKind, string>>;
}

export interface InstanceSpec {
  name: string;
  /** The instance's volume: `rootfs/` for a container, `rootfs.img` (qcow2) for a virtual machine without rootDevice. */
  volumePath: string;
  /** The root disk's `size`, in bytes, where set. */
  rootDiskBytes?: number;
  /** Where the pool gives the root volume as a block device (a raw disk, on lvm): its device node
   * (opened in place of rootfs.img) and how the pool grows it (never shrinks). */
  rootDevice?: { path: string; grow(sizeBytes: number): Promise<void> };
  /** Directory for the driver's runtime files (LXC config, console log). */
  runDir: string;
  /** Expanded config (profiles merged). */
  config: Record<string, string>;
  nics: NicSpec[];
  /** Extra mounts from disk devices: host source path -> path inside. */
  mounts: { source: string; path: string; readonly: boolean }[];
  /** Block volumes from disk devices: a disk file on the host, named after its device; `path` is
   * where a container sees it as a device node. */
  disks: { name: string; source: string; readonly: boolean; path: string }[];
  /** Undefined for privileged containers. */
  idmap?: { uid: IdmapRange; gid: IdmapRange };
  /** Parsed limits, where set. */
  limits: { cpus?: number; cpuSet?: string; cpuAllowance?: string; memoryBytes?: number; processes?: number };
  /** Image metadata (architecture, templates dir) where useful. */
  architecture?: string;
}

export type HostStatus = "Running" | "Stopped" | "Frozen" | "Starting" | "Stopping" | "Error";

export interface InstanceRuntimeState {
  status: HostStatus;
  pid: number;
  cpuUsageNs: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
  /** Interfaces inside the instance as seen by `ip -j addr` in its network namespace. */
  network: Record<string, {
    hwaddr: string;
    hostName: string;
    state: "up" | "down";
    mtu: number;
    addresses: { family: "inet" | "inet6"; address: string; netmask: string; scope: string }[];
  }>;
}

export interface ExecOptions {
  command: string[];
  env: Record<string, string>;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Run on a terminal of this size (interactive shells); output then comes on stdout only. */
  tty?: { width: number; height: number };
}

/** A running command inside an instance. */
export interface ExecProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves with the exit code (128+signal when killed by a signal). */
  exited: Promise<number>;
  kill(signal: NodeJS.Signals | number): void;
  /** Resizes the terminal of a tty exec (no-op otherwise). */
  resize(width: number, height: number): void;
}

/** How a pushed file is written: its mode and owner inside, and whether missing parents are made. */
export interface FilePushOptions {
  mode: number;
  uid: number;
  gid: number;
  /** Missing parent directories are created (0755, owned by uid/gid). */
  createParents: boolean;
}

/** An attached console: bytes in both directions until closed (by the caller or the instance). */
export interface ConsoleSession {
  output: Readable;
  write(data: Buffer): void;
  /** Detaches; the instance keeps running. Idempotent. */
  close(): void;
}

/** What define knows of a root volume a create is still making (see InstanceDriver.define). */
export interface DefineOptions {
  volumeReady?: Promise<unknown>;
  copyOf?: string;
}

export interface InstanceDriver {
  readonly info: InstanceDriverInfo;
  /** Instance config keys this driver understands (merged into the instance rule table). */
  readonly rules: RuleTable;

  /** Checks config only this driver cares about (before anything is created); throws naming the field. */
  validate?(config: Record<string, string>, limits: InstanceSpec["limits"]): void;
  /** Writes the runtime definition (LXC config) for spec; called before each start and on changes.
   * `volumeReady`: the root volume is still being made (a create); the driver touches and checks
   * it only once this resolves, and fails with its error. `copyOf`: the volume being made is a copy
   * of the volume at this path (an image volume): what the copy will hold may be checked there,
   * while it is made. */
  define(spec: InstanceSpec, opts?: DefineOptions): Promise<void>;
  /** `justDefined`: spec was defined by this create, so it cannot be running yet. */
  start(spec: InstanceSpec, opts: { timeoutMs: number; justDefined?: boolean }): Promise<void>;
  /** Clean shutdown within timeoutMs, then kill; force kills at once. `status`: what the caller
   * just read under the instance's lock (a driver may skip its own query). */
  stop(name: string, opts: { force: boolean; timeoutMs: number; status?: HostStatus }): Promise<void>;
  freeze(name: string): Promise<void>;
  unfreeze(name: string): Promise<void>;
  /** Removes the runtime definition; the instance must be stopped. Idempotent. */
  undefine(name: string): Promise<void>;
  /** Optional: resolves once what a stop or undefine left to finish in the background (teardown, NICs) is done; the root disk is free then. */
  released?(name: string): Promise<void>;
  state(name: string): Promise<InstanceRuntimeState>;
  /** Just the run status (one cheap query), for checks on hot paths such as exec. */
  status(name: string): Promise<HostStatus>;
  /**
   * Optional: true when the driver knows, without asking a host tool, that the instance runs (the
   * same process it last saw running is still there, not frozen); false means "ask status()".
   */
  knownRunning?(name: string): Promise<boolean>;
  /** Applies limits to a running instance (cgroup writes). */
  applyLimits(name: string, limits: InstanceSpec["limits"]): Promise<void>;
  exec(name: string, opts: ExecOptions): ExecProcess;
  /** The console output so far, bounded by the driver. */
  consoleLog(name: string): Promise<Buffer>;
  /** Attaches to the console of a running instance. */
  console(name: string): Promise<ConsoleSession>;
  /** Names of instances the driver has on the host (for reconciliation). */
  list(): Promise<string[]>;
  /**
   * File transfer inside a running instance, for drivers whose instances have no files on the host
   * (`info.hostRootfs` false: a VM's guest agent). Paths are absolute inside the instance.
   */
  pushFile?(name: string, path: string, data: Readable, opts: FilePushOptions): Promise<void>;
  pullFile?(name: string, path: string): Promise<PulledFile>;
}
