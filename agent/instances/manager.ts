// Instance lifecycle: validation at the edge, intent recorded in the store before touching the
// host, an undo step after each side effect, and reconciliation of store versus host on start.
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { join } from "node:path";
import { Readable, type Writable } from "node:stream";
import { alreadyExists, capability, CorralError, hasCode, invalid, notFound, precondition } from "../errors";
import { parseInstanceName, parseSize, truthy } from "../config/rules";
import type { Events } from "../events/events";
import type { ImageManager, StoredImage } from "../images/manager";
import { runningError } from "../images/publish";
import type { NetworkManager } from "../network/manager";
import type { StaticLease } from "../network/driver";
import type { Locks } from "../operations/locks";
import type { OperationContext, Operations, OperationView } from "../operations/operations";
import { keys, type Store } from "../state/store";
import { type CustomVolumeRecord, type PoolRecord, type StorageManager } from "../storage/manager";
import { copyInUse, createVolumeFrom, withVolumeContent, type VolumeSource } from "../storage/transfer";
import { run } from "../host/run";
import { COMPLETE_MEMBER, dataMember, INDEX_MEMBER, readBackup, renderIndex, restoreVolumeFromBackup, snapshotMember, tarCreateArgs, writeTar, type BackupIndex } from "./backup";
import type { VolumeRef } from "../storage/driver";
import { log } from "../util/log";
import { Revert } from "../util/revert";
import { changesLive, expand, parseLimits, rootDisk, validateDevices, validateInstanceConfig, type Devices } from "./config";
import type { FilePushOptions, HostStatus, InstanceDriver, InstanceRuntimeState, InstanceSpec, InstanceType, NicKind, NicSpec } from "./driver";
import { hostNicAttachment } from "../network/host-nics";
import { requireVlan } from "../network/vlan";
import { ACL_KEY } from "../network/policy/acls";
import { hasNicAcls, withoutNicAcls } from "../network/policy/nic-acls";
import { pullFile, pushFile, type PulledFile } from "./files";
import type { ProfileManager } from "./profiles";
import { startLease } from "../leases/lease";
import { expiryOf, type ScheduledInstances } from "./snapshot-scheduler";
import { byCodeUnit } from "../util/compare";

export interface InstanceRecord {
  name: string;
  type: InstanceType;
  image: string;
  profiles: string[];
  config: Record<string, string>;
  devices: Devices;
  ephemeral: boolean;
  description: string;
  createdAt: string;
  location: string;
  /** Intent: Creating/Deleting survive a crash so reconciliation can finish or undo them. */
  state: "Creating" | "Created" | "Deleting";
  /** Generated per-device values: `<dev>.hwaddr`, `<dev>.host_name`, `last_state.power`. */
  volatile: Record<string, string>;
}

/** An instance snapshot: a snapshot of its root volume, recorded under `snapshots/<instance>/<name>`. */
export interface SnapshotRecord {
  instance: string;
  name: string;
  createdAt: string;
  /** From snapshots.expiry when it was taken: the snapshot scheduler deletes it after this. */
  expiresAt?: string;
}

export interface CreateRequest {
  name: string;
  type: string;
  image: string;
  profiles?: string[];
  config: Record<string, string>;
  devices: Devices;
  ephemeral: boolean;
  start: boolean;
  description: string;
  /** Make the root disk a copy of this instance's (or of its snapshot's) instead of unpacking `image`. */
  source?: { instance: string; snapshot?: string };
}

/** Waiting for a container's init to reach RUNNING. */
const START_TIMEOUT_MS = 30_000;
/** Default clean-shutdown wait before killing, as LXD's boot.host_shutdown_timeout. */
const DEFAULT_STOP_TIMEOUT_S = 30;
/** How often ephemeral instances are checked for having stopped by themselves. */
const EPHEMERAL_POLL_MS = 2_000;
/** Freeing a deleted instance's root disk takes milliseconds, or seconds for a large rootfs on dir. */
const FREEING_WAIT_MS = 60_000;

export interface Idmap {
  uid: { hostId: number; count: number };
  gid: { hostId: number; count: number };
}

/** What the agent plugs in so NIC ACLs follow the instances (agent/network/policy). */
export interface InstanceHooks {
  /** Checks a NIC's ACL keys (`where` is `devices["eth0"]`); throws INVALID_ARGUMENT. */
  checkNicAcls?(nic: Record<string, string>, where: string): Promise<void>;
  /** Runs after an instance's NICs may have changed (create, update, delete). */
  nicsChanged?(): Promise<void>;
}

/** A NIC with ACL keys, for the policy: its instance, device, host-side interface and keys. */
export interface AclNic {
  instance: string;
  device: string;
  hostName: string;
  config: Record<string, string>;
}

/** A new instance as validated and recorded ("Creating"): its expanded config and devices, its root disk's pool, the record written and its revision. */
interface Intent {
  config: Record<string, string>;
  devices: Devices;
  pool: PoolRecord;
  recorded: { record: InstanceRecord; revision: number };
}

export class InstanceManager {
  private monitor?: NodeJS.Timeout;
  /** Deleted instances whose root disk, leases and logs are still being freed (see deleteLocked). */
  private freeing = new Map<string, Promise<void>>();
  hooks: InstanceHooks = {};

  constructor(
    private store: Store,
    private dataDir: string,
    private locks: Locks,
    private ops: Operations,
    private events: Events,
    private drivers: InstanceDriver[],
    private images: ImageManager,
    private pools: StorageManager,
    private networks: NetworkManager,
    private profiles: ProfileManager,
    private idmap: () => Idmap,
    private unpack: (img: StoredImage, targetDir: string, ctx: OperationContext) => Promise<void>,
    private location: string,
  ) {}

  /** Set by joinedCluster: records of other members' instances are then left alone. */
  private clustered = false;

  /** This agent's cluster member name; undefined when standalone. */
  get member(): string | undefined {
    return this.clustered ? this.location : undefined;
  }

  // ---- drivers --------------------------------------------------------------------------------

  /** The driver that runs instances of `type`; a type no driver runs is a bad request. */
  private driverFor(type: string, field = "type"): InstanceDriver {
    const d = this.drivers.find((x) => x.info.type === type);
    if (!d) throw invalid(field, `must be one of ${this.drivers.map((x) => x.info.type).join(", ")}`);
    return d;
  }

  /** The driver of an existing instance. */
  driverOf(rec: Pick<InstanceRecord, "type">): InstanceDriver {
    return this.driverFor(rec.type ?? "container");
  }

  /** The instance's root volume on its pool: named after it, typed by its kind. */
  private rootVolume(rec: Pick<InstanceRecord, "name" | "type">): VolumeRef {
    return { type: rec.type ?? "container", name: rec.name };
  }

  // ---- queries --------------------------------------------------------------------------------

  async records(): Promise<InstanceRecord[]> {
    return (await this.store.list<InstanceRecord>("instances/")).map((e) => e.value);
  }

  /**
   * An instance of this agent. In a cluster another member's instance is refused: calls for it are
   * forwarded to its member (agent/cluster/forward.ts), this manager never acts on it.
   */
  async get(name: string): Promise<InstanceRecord> {
    const rec = await this.find(name);
    if (this.clustered && rec.location !== this.location) {
      throw precondition(`instance "${name}" is on cluster member "${rec.location}", not on this member ("${this.location}")`);
    }
    return rec;
  }

  /** Any member's instance (its record: where it is, how it is configured). */
  async find(name: string): Promise<InstanceRecord> {
    const e = await this.store.get<InstanceRecord>(keys.instance(name));
    if (!e || e.value.state === "Deleting") throw notFound(`instance "${name}"`);
    return e.value;
  }

  async expanded(rec: Pick<InstanceRecord, "profiles" | "config" | "devices">): Promise<{ config: Record<string, string>; devices: Devices }> {
    const profiles = await Promise.all(rec.profiles.map((p) => this.profiles.get(p, "profiles")));
    return expand(profiles, { config: rec.config, devices: rec.devices });
  }

  /** Every instance with its config and devices after profiles, reading each profile once (missing ones skipped). */
  async allExpanded(): Promise<{ rec: InstanceRecord; config: Record<string, string>; devices: Devices }[]> {
    const [profiles, records] = await Promise.all([this.profiles.list(), this.records()]);
    const byName = new Map(profiles.map((p) => [p.name, p]));
    return records.map((rec) => ({ rec, ...expand(rec.profiles.flatMap((n) => byName.get(n) ?? []), rec) }));
  }

  /**
   * This agent's instances (not those being deleted, which get() refuses) with config and devices
   * after profiles, reading each profile once: what a list shows. One naming a missing profile
   * keeps its own config and devices, as a failed expanded() leaves a single instance's view.
   */
  async ownExpanded(): Promise<{ rec: InstanceRecord; config: Record<string, string>; devices: Devices }[]> {
    const [profiles, records] = await Promise.all([this.profiles.list(), this.ownRecords()]);
    const byName = new Map(profiles.map((p) => [p.name, p]));
    return records.filter((rec) => rec.state !== "Deleting").map((rec) => {
      const used = rec.profiles.flatMap((n) => byName.get(n) ?? []);
      return { rec, ...(used.length === rec.profiles.length ? expand(used, rec) : { config: rec.config, devices: rec.devices }) };
    });
  }

  async runtimeState(rec: InstanceRecord): Promise<InstanceRuntimeState | undefined> {
    if (rec.state !== "Created") return undefined;
    let st: InstanceRuntimeState;
    try {
      st = await this.driverOf(rec).state(rec.name);
    } catch {
      return undefined;
    }
    return this.withLeaseAddresses(rec, st);
  }

  /** NICs the driver cannot see inside (a VM without a guest agent) get their network's DHCP lease. */
  private async withLeaseAddresses(rec: InstanceRecord, st: InstanceRuntimeState): Promise<InstanceRuntimeState> {
    const bare = Object.values(st.network).filter((n) => !n.addresses.some((a) => a.family === "inet"));
    if (st.status !== "Running" || !bare.length) return st;
    const { devices } = await this.expanded(rec).catch(() => ({ devices: rec.devices }));
    for (const [dev, d] of Object.entries(devices)) {
      const hwaddr = (d.hwaddr ?? rec.volatile[`${dev}.hwaddr`])?.toLowerCase();
      const nic = d.type === "nic" && d.network && bare.find((n) => n.hwaddr.toLowerCase() === hwaddr);
      const net = nic && (await this.networks.get(d.network!).catch(() => undefined));
      if (!nic || !net) continue;
      const lease = (await this.networks.leases(net)).find((l) => l.hwaddr.toLowerCase() === hwaddr);
      const prefix = net.config["ipv4.address"]?.split("/")[1] ?? "24";
      if (lease) nic.addresses.push({ family: "inet", address: lease.address, netmask: prefix, scope: "global" });
    }
    return st;
  }

  /** Instances using a pool (root disk or custom volume); with `running`, only those not stopped. */
  async usersOfPool(pool: string, volume?: string, running = false): Promise<string[]> {
    const users = (await this.allExpanded())
      .filter(({ devices }) => Object.values(devices).some((d) => d.type === "disk" && d.pool === pool && (volume === undefined || (d.source === volume && d.path !== "/"))))
      .map(({ rec }) => rec);
    const out: string[] = [];
    for (const rec of users) {
      if (running && (await this.driverOf(rec).status(rec.name).catch(() => "Stopped")) === "Stopped") continue;
      out.push(`instance ${rec.name}`);
    }
    return out;
  }

  /** Every attachment of a custom volume: which instance, and whether read-only. */
  async attachmentsOf(pool: string, volume: string): Promise<{ instance: string; readonly: boolean }[]> {
    return (await this.allExpanded()).flatMap(({ rec, devices }) => Object.values(devices)
      .filter((d) => d.type === "disk" && d.pool === pool && d.source === volume && d.path !== "/")
      .map((d) => ({ instance: rec.name, readonly: truthy(d.readonly) })));
  }

  /** A custom volume is attached writable to one instance, or read-only to any number, unless its
   * `security.shared` allows more (as LXD): checked against every other instance's devices. */
  private async checkSharing(name: string, dev: string, d: Record<string, string>, vol: CustomVolumeRecord): Promise<void> {
    if (truthy(vol.config["security.shared"])) return;
    const others = (await this.attachmentsOf(vol.pool, vol.name)).filter((o) => o.instance !== name);
    const writers = others.filter((o) => !o.readonly).map((o) => `instance ${o.instance}`);
    const field = `devices["${dev}"].source`;
    const shared = "set security.shared=true on the volume to allow it";
    if (writers.length) throw new CorralError("CORRAL_ERR_IN_USE", `${field}: volume "${vol.name}" is attached writable to ${writers.join(", ")}; ${shared}`, { field });
    if (others.length && !truthy(d.readonly)) {
      throw new CorralError("CORRAL_ERR_IN_USE", `${field}: volume "${vol.name}" is attached to ${others.map((o) => `instance ${o.instance}`).join(", ")}; attach it readonly=true, or ${shared}`, { field });
    }
  }

  async usersOfNetwork(network: string): Promise<string[]> {
    return (await this.allExpanded())
      .filter(({ devices }) => Object.values(devices).some((d) => d.type === "nic" && d.network === network))
      .map(({ rec }) => `instance ${rec.name}`);
  }

  /** NICs (of instances on this member) whose keys name ACLs. */
  async aclNics(): Promise<AclNic[]> {
    const out: AclNic[] = [];
    for (const { rec, devices } of await this.allExpanded()) {
      if (this.clustered && rec.location !== this.location) continue;
      for (const [dev, d] of Object.entries(devices)) {
        const hostName = rec.volatile[`${dev}.host_name`];
        if (d.type === "nic" && hostName && hasNicAcls(d)) out.push({ instance: rec.name, device: dev, hostName, config: d });
      }
    }
    return out;
  }

  async usersOfImage(fp: string): Promise<string[]> {
    return (await this.records()).filter((r) => r.image === fp).map((r) => `instance ${r.name}`);
  }

  async usersOfProfile(profile: string): Promise<string[]> {
    return (await this.records()).filter((r) => r.profiles.includes(profile)).map((r) => `instance ${r.name}`);
  }

  /** DHCP reservations wanted on a network: every NIC gets its name; static ones their IPv4. */
  async staticLeases(network: string): Promise<StaticLease[]> {
    const out: StaticLease[] = [];
    for (const { rec: r, devices } of await this.allExpanded()) {
      if (r.state === "Deleting") continue;
      for (const [dev, d] of Object.entries(devices)) {
        if (d.type !== "nic" || d.network !== network) continue;
        const hwaddr = d.hwaddr ?? r.volatile[`${dev}.hwaddr`];
        if (hwaddr) out.push({ hwaddr, hostname: r.name, ipv4: d["ipv4.address"] });
      }
    }
    return out;
  }

  // ---- validation -------------------------------------------------------------------------------

  /** Checks everything that can be known before touching the host; returns the expanded view. */
  private async validate(rec: Pick<InstanceRecord, "name" | "profiles" | "config" | "devices" | "type">): Promise<{ config: Record<string, string>; devices: Devices; pool: PoolRecord }> {
    const driver = this.driverOf(rec);
    validateInstanceConfig(rec.config);
    validateDevices(rec.devices);
    rec.profiles.forEach((p, i) => { if (!p) throw invalid(`profiles[${i}]`, "must not be empty"); });
    if (new Set(rec.profiles).size !== rec.profiles.length) throw invalid("profiles", "must not list a profile twice");
    const ex = await this.expanded(rec);
    driver.validate?.(ex.config, parseLimits(ex.config));
    const root = rootDisk(ex.devices);
    if (!root) throw invalid("devices", "no root disk: add a disk device with path=/ and a pool, directly or through a profile");
    const pool = await this.pools.get(root[1].pool!).catch(() => { throw invalid(`devices["${root[0]}"].pool`, `storage pool "${root[1].pool}" does not exist`); });
    if (root[1].size && !driver.info.growsRootDisk && !this.pools.driverOf(pool).info.quotas) {
      throw capability(`devices["${root[0]}"].size (root disk size limit)`, `the ${pool.driver} driver of pool "${pool.name}" has no quotas; use a btrfs pool or drop size`);
    }
    // Unprivileged containers see their rootfs through an idmapped mount (no chown of the image).
    if (driver.info.hostRootfs && !truthy(ex.config["security.privileged"]) && !this.pools.driverOf(pool).info.idmappedMounts) {
      throw capability(`devices["${root[0]}"].pool (an unprivileged container)`, `pool "${pool.name}" (${pool.driver}) cannot give its volumes idmapped mounts here; use a dir or btrfs pool, or set security.privileged=true`);
    }
    const seenNames = new Set<string>();
    // Read only for a NIC on a host interface (every instance's devices: a store read of them all).
    let physicalClaims: Map<string, string> | undefined;
    const attachable = driver.info.volumeContentTypes;
    for (const [dev, d] of Object.entries(ex.devices)) {
      if (d.type === "disk" && d.path !== "/") {
        const field = `devices["${dev}"].source`;
        if (d.pool) {
          const v = await this.pools.getVolume(d.pool, d.source!).catch(() => { throw invalid(field, `volume "${d.source}" does not exist in pool "${d.pool}"`); });
          if (this.clustered && v.location && v.location !== this.location) {
            throw invalid(field, `volume "${v.name}" is on cluster member "${v.location}"; an instance on "${this.location}" cannot attach it (place the instance on "${v.location}")`);
          }
          if (!attachable.includes(v.contentType)) throw invalid(field, `a ${rec.type} cannot attach the ${v.contentType} volume "${v.name}"; it takes ${attachable.join(" or ")} volumes`);
          await this.checkSharing(rec.name, dev, d, v);
        } else if (!attachable.includes("filesystem")) {
          throw invalid(field, `a ${rec.type} cannot mount host paths; attach a ${attachable.join(" or ")} volume`);
        } else if (!d.source!.startsWith("/") || !existsSync(d.source!)) {
          throw invalid(field, "must be a custom volume (with pool) or an existing absolute host path");
        }
      }
      if (d.type !== "nic") continue;
      const ifname = d.name ?? dev;
      if (seenNames.has(ifname)) throw invalid(`devices["${dev}"].name`, `interface name "${ifname}" is used twice`);
      seenNames.add(ifname);
      const where = `devices["${dev}"]`;
      if (!d.network) {
        if (hasNicAcls(d)) throw invalid(`${where}["${ACL_KEY}"]`, "applies only to NICs on a managed bridge network (attach ACLs to the network, or use one)");
        physicalClaims ??= await this.physicalClaims();
        const claimant = physicalClaims.get(d.parent!);
        if (d.nictype === "physical" && claimant && claimant !== `${rec.name}/${dev}`) {
          throw new CorralError("CORRAL_ERR_IN_USE", `${where}.parent: host interface "${d.parent}" is already the physical NIC of instance ${claimant.split("/")[0]}`, { field: `${where}.parent` });
        }
        const att = await hostNicAttachment(d, where, claimant === `${rec.name}/${dev}`);
        this.checkNicKind(driver, att.kind, `${where}.nictype`);
        if (d.vlan) throw invalid(`${where}.vlan`, "applies only to NICs on a managed bridge network (bridge VLAN filtering); put a VLAN on a LAN with a macvlan network's vlan");
        continue;
      }
      const net = await this.networks.get(d.network).catch(() => { throw invalid(`${where}.network`, `network "${d.network}" does not exist`); });
      const att = this.networks.attachment(net);
      this.checkNicKind(driver, att.kind, `${where}.network`);
      if (d.vlan) {
        if (att.kind !== "bridged") throw invalid(`${where}.vlan`, `applies only to NICs on a managed bridge network; network "${net.name}" gives ${att.kind} NICs (set vlan on the network instead)`);
        await requireVlan("filtering", `${where}.vlan`);
      }
      if (hasNicAcls(d)) {
        if (att.kind !== "bridged" || !this.networks.driverOf(net).subnets) throw invalid(`${where}["${ACL_KEY}"]`, `applies only to NICs on a managed bridge network; network "${net.name}" gives ${att.kind} NICs (attach the ACLs to the network instead)`);
        await this.hooks.checkNicAcls?.(d, where);
      }
      const ip = d["ipv4.address"];
      if (ip) {
        this.networks.driverOf(net).validateStaticAddress(this.networks.spec(net), ip, `devices["${dev}"]["ipv4.address"]`);
        for (const { rec: other, devices: odevices } of await this.allExpanded()) {
          if (other.name === rec.name) continue;
          if (Object.values(odevices).some((od) => od.type === "nic" && od.network === net.name && od["ipv4.address"] === ip)) {
            throw new CorralError("CORRAL_ERR_ALREADY_EXISTS", `devices["${dev}"]["ipv4.address"]: ${ip} is already used by instance ${other.name}`, { field: `devices["${dev}"]["ipv4.address"]` });
          }
        }
      }
    }
    return { ...ex, pool };
  }

  /** Host interfaces taken by physical NICs: parent -> `instance/device`. */
  private async physicalClaims(): Promise<Map<string, string>> {
    const claims = new Map<string, string>();
    for (const { rec, devices } of await this.allExpanded()) {
      for (const [dev, d] of Object.entries(devices)) if (d.type === "nic" && d.nictype === "physical" && d.parent) claims.set(d.parent, `${rec.name}/${dev}`);
    }
    return claims;
  }

  /** Refuses a NIC kind the instance driver cannot wire, naming field. */
  private checkNicKind(driver: InstanceDriver, kind: NicKind, field: string): void {
    const why = driver.info.unsupportedNics?.[kind];
    if (why) throw new CorralError("CORRAL_ERR_CAPABILITY", `${field}: a ${driver.info.type} cannot take a ${kind} NIC: ${why}`, { field });
  }

  // ---- create ---------------------------------------------------------------------------------

  /** Validates, records intent, and starts the create operation. */
  async create(req: CreateRequest): Promise<OperationView> {
    parseInstanceName(req.name);
    const source = req.source ? await this.copySource(req) : undefined;
    const type = this.driverFor(req.type || source?.type || "container").info.type;
    let img: StoredImage | undefined;
    if (!req.source) {
      img = await this.images.resolveForInstance(req.image, type).catch((e) => {
        throw hasCode(e, "CORRAL_ERR_NOT_FOUND") && !e.field ? new CorralError("CORRAL_ERR_NOT_FOUND", `image: "${req.image}" not found (no image with that alias or fingerprint)`, { field: "image" }) : e;
      });
      if (img.type !== type) throw invalid("image", `image ${img.fingerprint.slice(0, 12)} is a ${img.type} image; a ${type} needs a ${type} image`);
    }
    if (source && source.type !== type) throw invalid("type", `instance "${source.name}" is a ${source.type}; its copy cannot be a ${type}`);
    const rec: InstanceRecord = {
      name: req.name, type, image: img?.fingerprint ?? source!.image, profiles: req.profiles ?? ["default"],
      config: startLease(req.config, Date.now()), devices: req.devices, ephemeral: req.ephemeral, description: req.description,
      createdAt: new Date().toISOString(), location: this.location, state: "Creating", volatile: {},
    };
    const ex = await this.recordIntent(rec, source ? () => this.checkCopyable(source, req.source!.snapshot) : undefined);
    const from = source ? { rec: source, snapshot: req.source!.snapshot } : { image: img! };
    // Cancellable: every step checks the signal (unpacking stops its tar) and the revert undoes the rest.
    return this.ops.startInline("instance.create", `instances/${req.name}`, (ctx) =>
      this.locks.with(`instance/${req.name}`, () => this.doCreate(rec, from, ex, req.start, ctx)), { cancellable: true });
  }

  /** Validates a new instance and records it ("Creating", with fresh MAC addresses): the step before
   * any host work. `check` runs last, under the same lock. Returns the expanded config and devices,
   * the root disk's pool and the record as written. */
  private async recordIntent(rec: InstanceRecord, check?: () => Promise<void>): Promise<Intent> {
    await this.freeing.get(rec.name); // a deleted namesake's disk and definition are gone first
    return this.locks.with("instances/validate", async () => {
      if (await this.store.get(keys.instance(rec.name))) throw alreadyExists(`instance "${rec.name}"`);
      const ex = await this.validate(rec);
      const [rootDev, root] = rootDisk(ex.devices)!;
      const pool = ex.pool;
      if (!this.pools.hasPart(pool)) throw precondition(`devices["${rootDev}"].pool: storage pool "${pool.name}" is pending on this member (its part is not made yet)`);
      if (root.size) await this.pools.assertFits(pool, parseSize(root.size)!, `devices["${rootDev}"].size`);
      if (this.driverOf(rec).info.hostRootfs && !truthy(ex.config["security.privileged"])) this.idmap(); // unprivileged needs an id range: fail before touching the host
      for (const [dev, d] of Object.entries(ex.devices)) {
        if (d.type !== "nic") continue;
        rec.volatile[`${dev}.hwaddr`] = d.hwaddr ?? randomMac();
        rec.volatile[`${dev}.host_name`] = `cr${randomBytes(5).toString("hex")}`;
      }
      await check?.();
      let revision: number;
      try {
        revision = await this.store.put(keys.instance(rec.name), rec, { expectRevision: 0 });
      } catch (e) {
        if (hasCode(e, "CORRAL_ERR_CONFLICT")) throw alreadyExists(`instance "${rec.name}"`);
        throw e;
      }
      await this.nicsChanged(ex.devices, undefined, () => this.store.delete(keys.instance(rec.name)));
      return { ...ex, recorded: { record: structuredClone(rec), revision } };
    });
  }

  /** The instance a copy is made from (its snapshot checked too): NOT_FOUND naming the field. */
  private async copySource(req: Pick<CreateRequest, "image" | "source">): Promise<InstanceRecord> {
    const { instance, snapshot } = req.source!;
    if (req.image) throw invalid("image", "cannot be combined with a source instance: the copy has its source's image");
    const field = (f: string) => (e: unknown) => {
      if (hasCode(e, "CORRAL_ERR_NOT_FOUND")) throw new CorralError("CORRAL_ERR_NOT_FOUND", `${f}: ${e.message}`, { field: f });
      throw e;
    };
    const src = await this.get(instance).catch(field("source.instance"));
    if (src.state !== "Created") throw precondition(`instance "${instance}" is being created`);
    if (snapshot !== undefined) await this.getSnapshot(instance, snapshot).catch(field("source.snapshot"));
    return src;
  }

  /** A running instance is copied only where its pool takes a point-in-time copy (a snapshot underneath). */
  private async checkCopyable(src: InstanceRecord, snapshot: string | undefined): Promise<void> {
    if (snapshot !== undefined) return;
    const { driver, spec } = await this.rootDiskOf(src);
    if (driver.info.consistentCopies) return;
    const status = await this.driverOf(src).status(src.name);
    if (status !== "Stopped") {
      throw precondition(`instance "${src.name}" is ${status} and its pool "${spec.name}" (${driver.info.name}) cannot copy a volume in use consistently: stop it, or copy one of its snapshots`);
    }
  }

  /** The new instance's root disk as a copy of another's: within one pool the driver's copy (a
   * snapshot or clone where it can); across pools the files, read from a point-in-time copy when
   * the source runs or a snapshot is asked for. The source's lock keeps it from changing meanwhile. */
  private async copyRootVolume(src: InstanceRecord, snapshot: string | undefined, pool: PoolRecord, vol: VolumeRef, revert: Revert, signal: AbortSignal): Promise<void> {
    await this.locks.with(`instance/${src.name}`, async () => {
      src = await this.copySource({ image: "", source: { instance: src.name, snapshot } }); // still there?
      await this.checkCopyable(src, snapshot);
      const from = await this.rootDiskOf(src);
      const driver = this.pools.driverOf(pool);
      const spec = this.pools.spec(pool);
      await driver.deleteVolume(spec, vol); // a leftover of that name (a missing volume is already deleted)
      const running = (await this.driverOf(src).status(src.name)) !== "Stopped";
      if (from.spec.name === pool.name) {
        // A running instance through a snapshot of it: a point-in-time copy, a clone on zfs.
        if (snapshot === undefined && running) await copyInUse(driver, spec, from.vol, vol, signal);
        else await driver.copyVolume(spec, from.vol, vol, { snapshot, signal });
        revert.add("delete root disk", () => driver.deleteVolume(spec, vol));
        return;
      }
      // The files, or a VM's disk read out of a raw block volume and put onto one.
      await withVolumeContent({ ...from, snapshot, inUse: running }, signal, (dir) => createVolumeFrom(driver, spec, vol, dir, signal));
      revert.add("delete root disk", () => driver.deleteVolume(spec, vol));
    });
  }

  private async doCreate(rec: InstanceRecord, from: { image: StoredImage } | { rec: InstanceRecord; snapshot?: string }, ex: Intent, start: boolean, ctx: OperationContext): Promise<void> {
    const [, root] = rootDisk(ex.devices)!;
    await this.pools.creating(root.pool!, () => Revert.with(async (revert) => {
      revert.add("forget instance", async () => {
        await this.store.delete(keys.instance(rec.name));
        await this.syncNetworkLeases(ex.devices);
        await this.nicsChanged(ex.devices);
      });
      const pool = ex.pool;
      const driver = this.pools.driverOf(pool);
      const instanceDriver = this.driverOf(rec);
      const spec = this.pools.spec(pool);
      const vol = this.rootVolume(rec);
      let made: Promise<void>;
      if ("image" in from) {
        const img = from.image;
        ctx.progress("unpacking image", 5);
        // In a cluster a member without the image's files fetches them from one that has them.
        const unpacked = (verify: boolean) =>
          this.pools.ensureImageVolume(pool, img.fingerprint, async (dir) => {
            await this.images.ensureFiles(img, ctx);
            await this.unpack(img, dir, ctx);
          }, verify, { vmDisk: img.type === "virtual-machine" });
        await unpacked(false);
        ctx.signal.throwIfAborted();
        ctx.progress("creating root disk", 60);
        made = this.pools.cloneImageVolume(pool, img.fingerprint, vol).catch(async (e) => {
          if (!hasCode(e, "CORRAL_ERR_NOT_FOUND")) throw e;
          await unpacked(true); // the image volume was gone despite its marker
          await this.pools.cloneImageVolume(pool, img.fingerprint, vol);
        }).then(() => revert.add("delete root disk", () => driver.deleteVolume(spec, vol)));
      } else {
        ctx.progress(`copying the root disk of ${from.rec.name}${from.snapshot ? `/${from.snapshot}` : ""}`, 10);
        await this.copyRootVolume(from.rec, from.snapshot, pool, vol, revert, ctx.signal);
        made = Promise.resolve();
      }
      const volumeReady = made.then(async () => {
        ctx.signal.throwIfAborted();
        if (root.size && !instanceDriver.info.growsRootDisk) await driver.setVolumeQuota(spec, vol, parseSize(root.size)!);
        ctx.progress("configuring", 80);
      });
      volumeReady.catch(() => undefined); // awaited below; until then its failure is no unhandled rejection
      // The clone's first steps (a driver may check its pool first) reach its host command before the
      // definition's work takes the event loop.
      await new Promise((r) => setImmediate(r));
      // The definition is made while the tool clones the root disk (the driver touches the volume
      // only once it is ready): the clone's time hides the agent's work.
      let ispec: InstanceSpec;
      try {
        await this.syncNetworkLeases(ex.devices);
        ispec = await this.buildSpec(rec, ex, pool, volumeReady);
        await instanceDriver.define(ispec, { volumeReady, copyOf: "image" in from ? this.pools.volumePath(pool, { type: "image", name: from.image.fingerprint }) : undefined });
      } catch (e) {
        await volumeReady.catch(() => undefined); // the root disk's revert step is in before the revert runs
        throw e;
      }
      revert.add("undefine", () => instanceDriver.undefine(rec.name));
      await volumeReady;
      ctx.signal.throwIfAborted();
      if (start) {
        // Still "Creating" while it starts: a crash here is undone whole on the next agent start.
        ctx.progress("starting", 90);
        revert.add("stop", () => instanceDriver.stop(rec.name, { force: true, timeoutMs: 10_000 }).catch(() => {}));
        await this.startLocked(rec, ispec);
      }
      await this.markCreated(ex.recorded);
      this.events.emit("lifecycle", "instance-created", `instances/${rec.name}`);
    }));
  }

  /** The record's state becomes Created: written over the intent when nothing changed it since (one store write), else over the record as it is now. */
  private async markCreated({ record, revision }: Intent["recorded"]): Promise<void> {
    const key = keys.instance(record.name);
    try {
      await this.store.put(key, { ...record, state: "Created" }, { expectRevision: revision });
    } catch (e) {
      if (!hasCode(e, "CORRAL_ERR_CONFLICT")) throw e;
      const latest = (await this.store.get<InstanceRecord>(key))!.value;
      await this.store.put(key, { ...latest, state: "Created" });
    }
  }

  /** Resolves a record into what the driver needs (`rootPool`: its root disk's pool, when just read;
   * `volumeReady`: the root volume is still being made, what is read of it waits for this). */
  private async buildSpec(rec: InstanceRecord, ex?: { config: Record<string, string>; devices: Devices }, rootPool?: PoolRecord, volumeReady?: Promise<unknown>): Promise<InstanceSpec> {
    const { config, devices } = ex ?? (await this.expanded(rec));
    const [, root] = rootDisk(devices)!;
    const pool = rootPool ?? (await this.pools.get(root.pool!));
    const nics: NicSpec[] = [];
    const mounts: InstanceSpec["mounts"] = [];
    const disks: InstanceSpec["disks"] = [];
    for (const [dev, d] of Object.entries(devices).sort(([a], [b]) => byCodeUnit(a, b))) {
      if (d.type === "nic") {
        const att = d.network ? this.networks.attachment(await this.networks.get(d.network)) : await hostNicAttachment(d, `devices["${dev}"]`, true);
        nics.push({
          name: d.name ?? dev,
          hostName: rec.volatile[`${dev}.host_name`] ?? `cr${randomBytes(5).toString("hex")}`,
          kind: att.kind,
          link: att.link,
          hwaddr: att.kind === "physical" ? "" : (d.hwaddr ?? rec.volatile[`${dev}.hwaddr`] ?? randomMac()),
          mtu: d.mtu ? Number(d.mtu) : att.mtu,
          ipv4: d["ipv4.address"],
          vlan: d.vlan ? Number(d.vlan) : undefined,
        });
      } else if (d.type === "disk" && d.path !== "/") {
        const vol = d.pool ? await this.pools.getVolume(d.pool, d.source!) : undefined;
        const volRec = vol && (await this.pools.get(vol.pool));
        const ref: VolumeRef | undefined = vol && { type: "custom", name: vol.name };
        if (vol?.contentType === "block") disks.push({ name: dev, source: await this.pools.blockVolumePath(volRec!, ref!), readonly: truthy(d.readonly), path: d.path! });
        else mounts.push({ source: volRec ? this.pools.volumePath(volRec, ref!) : d.source!, path: d.path!, readonly: truthy(d.readonly) });
      }
    }
    const runDir = join(this.dataDir, "logs", rec.name); // made by the driver when it starts the instance
    const storage = this.pools.driverOf(pool);
    const spec = this.pools.spec(pool);
    const rootVol = this.rootVolume(rec);
    const rootDevice = storage.volumeBlockDevice ? (await volumeReady, await storage.volumeBlockDevice(spec, rootVol)) : undefined;
    return {
      name: rec.name,
      volumePath: this.pools.volumePath(pool, rootVol),
      rootDiskBytes: root.size ? parseSize(root.size) : undefined,
      ...(rootDevice ? { rootDevice: { path: rootDevice, grow: (bytes: number) => storage.setVolumeQuota(spec, rootVol, bytes) } } : {}),
      runDir,
      config,
      nics,
      mounts,
      disks,
      idmap: !this.driverOf(rec).info.hostRootfs || truthy(config["security.privileged"]) ? undefined : this.idmap(),
      limits: parseLimits(config),
    };
  }

  private async syncNetworkLeases(devices: Devices): Promise<void> {
    const nets = new Set(Object.values(devices).flatMap((d) => (d.type === "nic" && d.network ? [d.network] : [])));
    for (const n of nets) await this.networks.syncLeases(n).catch((e) => log("warn", `could not update leases of ${n}`, { error: (e as Error).message }));
  }

  // ---- state changes --------------------------------------------------------------------------

  changeState(name: string, action: string, force: boolean, timeoutS: number): Promise<OperationView> {
    const actions = ["start", "stop", "restart", "freeze", "unfreeze"];
    if (!actions.includes(action)) throw invalid("action", `must be one of ${actions.join(", ")}`);
    return this.get(name).then(() =>
      this.ops.startInline(`instance.${action}`, `instances/${name}`, () => this.locks.with(`instance/${name}`, async () => {
        const rec = await this.get(name);
        const driver = this.driverOf(rec);
        const status = await this.hostStatus(rec);
        const stopTimeoutMs = 1000 * (timeoutS || Number(rec.config["boot.host_shutdown_timeout"] ?? DEFAULT_STOP_TIMEOUT_S));
        switch (action) {
          case "start":
            if (status === "Frozen") return driver.unfreeze(name);
            if (status !== "Running") await this.startLocked(rec);
            return;
          case "stop":
            if (status !== "Stopped") await this.stopLocked(rec, force, stopTimeoutMs, true, status);
            return;
          case "restart":
            if (status !== "Stopped") await this.stopLocked(rec, force, stopTimeoutMs, false, status);
            await this.startLocked(rec);
            return;
          case "freeze":
            if (status !== "Running") throw precondition(`instance "${name}" is ${status}; only a running instance can be frozen`);
            return driver.freeze(name);
          case "unfreeze":
            if (status !== "Frozen") throw precondition(`instance "${name}" is ${status}, not frozen`);
            return driver.unfreeze(name);
        }
      })));
  }

  /** The run status, without a host query when the driver knows the instance still runs. */
  private async hostStatus(rec: InstanceRecord): Promise<HostStatus> {
    const driver = this.driverOf(rec);
    return (await driver.knownRunning?.(rec.name).catch(() => false)) ? "Running" : driver.status(rec.name);
  }

  /** Starts rec; `defined` is the spec just written by a create, so it is not built and written twice. */
  private async startLocked(rec: InstanceRecord, defined?: InstanceSpec): Promise<void> {
    const driver = this.driverOf(rec);
    const spec = defined ?? (await this.buildSpec(rec));
    if (!defined) await driver.define(spec);
    await driver.start(spec, { timeoutMs: START_TIMEOUT_MS, justDefined: !!defined });
    await this.setVolatile(rec.name, { "last_state.power": "Running" });
    this.events.emit("lifecycle", "instance-started", `instances/${rec.name}`);
  }

  private async stopLocked(rec: InstanceRecord, force: boolean, timeoutMs: number, deleteEphemeral = true, status?: HostStatus): Promise<void> {
    await this.driverOf(rec).stop(rec.name, { force, timeoutMs, status });
    await this.setVolatile(rec.name, { "last_state.power": "Stopped" });
    this.events.emit("lifecycle", "instance-stopped", `instances/${rec.name}`);
    if (rec.ephemeral && deleteEphemeral) await this.deleteLocked(rec.name);
  }

  private async setVolatile(name: string, values: Record<string, string>): Promise<void> {
    const e = await this.store.get<InstanceRecord>(keys.instance(name));
    if (!e) return;
    await this.store.put(keys.instance(name), { ...e.value, volatile: { ...e.value.volatile, ...values } });
  }

  // ---- update ---------------------------------------------------------------------------------

  async update(name: string, patch: { config: Record<string, string>; devices: Devices; profiles?: string[]; description?: string }): Promise<InstanceRecord> {
    return this.locks.with(`instance/${name}`, async () => {
      const rec = await this.get(name);
      if (rec.state !== "Created") throw precondition(`instance "${name}" is being created`);
      const next: InstanceRecord = { ...rec, config: startLease(patch.config, Date.now()), devices: patch.devices, profiles: patch.profiles ?? rec.profiles, description: patch.description ?? rec.description };
      const ex = await this.validate(next);
      const before = await this.expanded(rec);
      const driver = this.driverOf(rec);
      const running = (await driver.status(name)) !== "Stopped";
      if (running) {
        const changed = new Set([...Object.keys(before.config), ...Object.keys(ex.config)].filter((k) => before.config[k] !== ex.config[k]));
        for (const k of changed) {
          if (changesLive(k, driver.info.liveLimits)) continue;
          throw new CorralError("CORRAL_ERR_NEEDS_STOP", `config["${k}"]: can only be changed while the instance is stopped`, { field: `config["${k}"]` });
        }
        if (JSON.stringify(sortDevices(withoutNicAcls(before.devices))) !== JSON.stringify(sortDevices(withoutNicAcls(ex.devices)))) {
          throw new CorralError("CORRAL_ERR_NEEDS_STOP", "devices: can only be changed while the instance is stopped", { field: "devices" });
        }
      } else {
        const [, oldRoot] = rootDisk(before.devices)!;
        const [, newRoot] = rootDisk(ex.devices)!;
        if (oldRoot.pool !== newRoot.pool) throw invalid("devices.root.pool", "the root disk cannot move to another pool");
        for (const [dev, d] of Object.entries(ex.devices)) {
          if (d.type !== "nic") continue;
          next.volatile[`${dev}.hwaddr`] ??= d.hwaddr ?? randomMac();
          next.volatile[`${dev}.host_name`] ??= `cr${randomBytes(5).toString("hex")}`;
        }
        if (oldRoot.size !== newRoot.size && !driver.info.growsRootDisk) {
          const pool = await this.pools.get(newRoot.pool!);
          const growth = (newRoot.size ? parseSize(newRoot.size)! : 0) - (oldRoot.size ? parseSize(oldRoot.size)! : 0);
          if (newRoot.size && growth > 0) await this.pools.assertFits(pool, growth, `devices["${rootDisk(ex.devices)![0]}"].size`);
          await this.pools.driverOf(pool).setVolumeQuota(this.pools.spec(pool), this.rootVolume(rec), newRoot.size ? parseSize(newRoot.size)! : undefined);
        }
      }
      await this.store.put(keys.instance(name), next);
      await this.nicsChanged(before.devices, ex.devices, () => this.store.put(keys.instance(name), rec));
      await this.syncNetworkLeases({ ...before.devices, ...ex.devices });
      const spec = await this.buildSpec(next, ex);
      await driver.define(spec);
      if (running) await driver.applyLimits(name, spec.limits);
      this.events.emit("lifecycle", "instance-updated", `instances/${name}`);
      return next;
    });
  }

  /**
   * Lets the policy rewrite the NIC ACL rules when a NIC of the instance had or has ACL keys (its
   * devices `before` and `after` the change); when that fails, `undo` puts the record back and the
   * error goes on.
   */
  private async nicsChanged(before: Devices, after: Devices = {}, undo?: () => Promise<unknown>): Promise<void> {
    const acls = (devices: Devices) => Object.values(devices).some((d) => d.type === "nic" && hasNicAcls(d));
    if (!acls(before) && !acls(after)) return;
    try {
      await this.hooks.nicsChanged?.();
    } catch (e) {
      if (!undo) throw e;
      await undo();
      await this.hooks.nicsChanged?.().catch(() => undefined);
      throw e;
    }
  }

  /** Re-applies instances after a profile changed (validation + live limits). */
  async profileChanged(profile: string): Promise<void> {
    for (const r of await this.ownRecords()) {
      if (!r.profiles.includes(profile) || r.state !== "Created") continue;
      await this.update(r.name, { config: r.config, devices: r.devices });
    }
  }

  // ---- delete ---------------------------------------------------------------------------------

  async delete(name: string, force: boolean): Promise<OperationView> {
    const rec = await this.get(name);
    if (rec.state === "Created" && !force) {
      const status = await this.driverOf(rec).status(name);
      if (status !== "Stopped") throw precondition(`instance "${name}" is ${status}; stop it first or delete with force`);
    }
    return this.ops.startInline("instance.delete", `instances/${name}`, () => this.locks.with(`instance/${name}`, () => this.deleteLocked(name)));
  }

  /**
   * The instance is gone for its user once it no longer runs, its driver has undefined it and its
   * record is deleted: then the call answers. Its root disk, leases and logs are freed after that,
   * in the background (and the driver's own removal of NICs and runtime files); a create of the
   * same name, and deletes of pools, networks and images, wait for it (settled()). Should the
   * agent stop before, its next start removes what is left as orphans.
   */
  private async deleteLocked(name: string): Promise<void> {
    const e = await this.store.get<InstanceRecord>(keys.instance(name));
    if (!e) return;
    const rec = { ...e.value, state: "Deleting" as const };
    await this.store.put(keys.instance(name), rec);
    await this.stopOnHost(rec);
    await this.driverOf(rec).undefine(name);
    await this.forgetSnapshots(name);
    await this.store.delete(keys.instance(name));
    this.events.emit("lifecycle", "instance-deleted", `instances/${name}`);
    const freed: Promise<void> = Promise.resolve(this.freeing.get(name))
      .then(async () => {
        await this.removeRootDisk(rec);
        await this.releaseNetworking(rec);
        rmSync(join(this.dataDir, "logs", name), { recursive: true, force: true });
      })
      .catch((err: Error) => log("warn", `freeing what deleted instance ${name} had on the host failed (its next start removes the rest)`, { error: err.message }))
      .finally(() => {
        if (this.freeing.get(name) === freed) this.freeing.delete(name);
      });
    this.freeing.set(name, freed);
  }

  /** Resolves once every deleted instance's host resources are freed, or after `boundMs`. */
  settled(boundMs = FREEING_WAIT_MS): Promise<void> {
    if (!this.freeing.size) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((r) => (timer = setTimeout(r, boundMs)));
    return Promise.race([Promise.all(this.freeing.values()).then(() => {}), bound]).finally(() => clearTimeout(timer));
  }

  /** NIC ACL rules, DHCP reservations and leases of an instance that no longer exists. */
  private async releaseNetworking(rec: InstanceRecord): Promise<void> {
    const ex = await this.expanded(rec).catch(() => ({ devices: rec.devices }));
    await this.nicsChanged(ex.devices).catch((e: Error) => log("warn", `could not remove the NIC ACL rules of ${rec.name}`, { error: e.message }));
    await this.syncNetworkLeases(ex.devices);
    for (const [dev, d] of Object.entries(ex.devices)) {
      const hw = rec.volatile[`${dev}.hwaddr`];
      if (d.type === "nic" && d.network && hw) await this.networks.releaseLease(d.network, hw).catch(() => {});
    }
  }

  /** Stops and removes everything an instance has on the host; safe on partial state. */
  private async removeFromHost(rec: InstanceRecord): Promise<void> {
    await this.stopOnHost(rec);
    await this.driverOf(rec).undefine(rec.name);
    await this.removeRootDisk(rec);
  }

  /** Kills the instance if it runs (an undefined one is not running). */
  private async stopOnHost(rec: InstanceRecord): Promise<void> {
    const st = await this.hostStatus(rec).catch(() => undefined);
    if (st && st !== "Stopped") await this.driverOf(rec).stop(rec.name, { force: true, timeoutMs: 10_000, status: st });
  }

  /** Removes an undefined instance's root disk with its snapshots; a missing one is already removed. */
  private async removeRootDisk(rec: InstanceRecord): Promise<void> {
    const ex = await this.expanded(rec).catch(() => ({ devices: rec.devices }));
    const root = rootDisk(ex.devices);
    if (!root) return;
    await this.driverOf(rec).released?.(rec.name); // the container's teardown no longer uses it
    // Background copies on the pool (spare clones) wait until the delete is done, as for a create.
    await this.pools.creating(root[1].pool!, async () => {
      const pool = await this.pools.get(root[1].pool!).catch(() => undefined);
      if (pool) await this.pools.driverOf(pool).deleteVolume(this.pools.spec(pool), this.rootVolume(rec));
    });
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /** The pool driver, pool and volume holding an instance's root disk. */
  private async rootDiskOf(rec: InstanceRecord) {
    const { config, devices } = await this.expanded(rec);
    const pool = await this.pools.get(rootDisk(devices)![1].pool!);
    return { driver: this.pools.driverOf(pool), spec: this.pools.spec(pool), vol: this.rootVolume(rec), config };
  }

  private async getSnapshot(instance: string, name: string): Promise<SnapshotRecord> {
    const e = await this.store.get<SnapshotRecord>(keys.snapshot(instance, name));
    if (!e) throw notFound(`snapshot "${name}" of instance "${instance}"`);
    return e.value;
  }

  /** Snapshots the instance's root volume (running or not: what is on disk now); `at` is the
   * creation time its snapshots.expiry counts from. */
  async createSnapshot(instance: string, name: string, stateful = false, at = new Date()): Promise<SnapshotRecord> {
    parseInstanceName(name, "name");
    if (stateful) throw capability("stateful snapshots", "the running state (memory) of an instance cannot be saved; take a stateless snapshot");
    return this.locks.with(`instance/${instance}`, async () => {
      const rec = await this.get(instance);
      if (rec.state !== "Created") throw precondition(`instance "${instance}" is being created`);
      if (await this.store.get(keys.snapshot(instance, name))) throw alreadyExists(`snapshot "${name}" of instance "${instance}"`);
      const { driver, spec, vol, config } = await this.rootDiskOf(rec);
      const snap: SnapshotRecord = { instance, name, createdAt: at.toISOString() };
      const expiresAt = expiryOf(config, at);
      if (expiresAt) snap.expiresAt = expiresAt;
      // The record is written while the tool takes the snapshot (and removed again if it fails).
      const taken = driver.snapshotVolume(spec, vol, name);
      taken.catch(() => undefined); // awaited below
      try {
        await this.store.put(keys.snapshot(instance, name), snap, { expectRevision: 0 });
      } catch (e) {
        await taken.then(() => driver.deleteVolumeSnapshot(spec, vol, name), () => undefined);
        throw e;
      }
      try {
        await taken;
      } catch (e) {
        await this.store.delete(keys.snapshot(instance, name));
        throw e;
      }
      this.events.emit("lifecycle", "instance-snapshot-created", `instances/${instance}/snapshots/${name}`);
      return snap;
    });
  }

  /**
   * Runs fn with the directory holding a stopped instance's files (metadata.yaml, templates/, and
   * rootfs/ or a VM's rootfs.img), or those of one of its snapshots, while it is locked: publishing.
   * An abort of signal stops a raw disk's read-out.
   */
  async withFilesOf<T>(instance: string, snapshot: string | undefined, fn: (dir: string, rec: InstanceRecord) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.locks.with(`instance/${instance}`, async () => {
      const rec = await this.get(instance);
      if (rec.state !== "Created") throw precondition(`instance "${instance}" is being created`);
      const { driver, spec, vol } = await this.rootDiskOf(rec);
      if (snapshot === undefined) {
        if ((await this.driverOf(rec).status(instance)) !== "Stopped") throw runningError(instance);
        return withVolumeContent({ driver, spec, vol }, signal, (dir) => fn(dir, rec));
      }
      await this.getSnapshot(instance, snapshot);
      if (driver.volumeSnapshotPath) return fn(driver.volumeSnapshotPath(spec, vol, snapshot), rec);
      // A driver whose snapshots are no directory (zfs, lvm): a copy of the snapshot (a clone, where
      // the driver can) read instead, as a temporary spare volume a crash leaves for the next start to remove.
      return withVolumeContent({ driver, spec, vol, snapshot }, signal, (dir) => fn(dir, rec));
    });
  }

  /** The instance's snapshots, oldest first. */
  async listSnapshots(instance: string): Promise<SnapshotRecord[]> {
    await this.get(instance);
    return (await this.store.list<SnapshotRecord>(`snapshots/${instance}/`)).map((e) => e.value)
      .sort((a, b) => byCodeUnit(a.createdAt + a.name, b.createdAt + b.name));
  }

  /** Restores a snapshot: a running instance is stopped first and started again after. Snapshots
   * the driver had to drop to get there (zfs: the newer ones) lose their records. */
  async restoreSnapshot(instance: string, name: string): Promise<OperationView> {
    await this.get(instance);
    await this.getSnapshot(instance, name);
    return this.ops.startInline("instance.restore", `instances/${instance}`, () => this.locks.with(`instance/${instance}`, async () => {
      const rec = await this.get(instance);
      // The instance's snapshots (this one among them, or it went meanwhile), read once.
      const snapshots = (await this.store.list<SnapshotRecord>(`snapshots/${instance}/`)).map((e) => e.value);
      const snap = snapshots.find((s) => s.name === name);
      if (!snap) throw notFound(`snapshot "${name}" of instance "${instance}"`);
      if (rec.state !== "Created") throw precondition(`instance "${instance}" is being created`);
      const running = (await this.driverOf(rec).status(instance)) !== "Stopped";
      if (running) await this.stopLocked(rec, false, 1000 * Number(rec.config["boot.host_shutdown_timeout"] ?? DEFAULT_STOP_TIMEOUT_S), false);
      try {
        const { driver, spec, vol } = await this.rootDiskOf(rec);
        // Only snapshots not taken before this one can go with it; without any, the driver is not asked.
        const newer = snapshots.filter((s) => s.name !== name && s.createdAt >= snap.createdAt);
        await driver.restoreVolume(spec, vol, name);
        const kept = new Set(newer.length ? await driver.listVolumeSnapshots(spec, vol) : []);
        for (const s of newer) if (!kept.has(s.name)) await this.store.delete(keys.snapshot(instance, s.name));
        this.events.emit("lifecycle", "instance-snapshot-restored", `instances/${instance}/snapshots/${name}`);
      } finally {
        if (running) await this.startLocked(await this.get(instance));
      }
    }));
  }

  async deleteSnapshot(instance: string, name: string): Promise<void> {
    await this.locks.with(`instance/${instance}`, async () => {
      const rec = await this.get(instance);
      await this.getSnapshot(instance, name);
      const { driver, spec, vol } = await this.rootDiskOf(rec);
      await driver.deleteVolumeSnapshot(spec, vol, name);
      await this.store.delete(keys.snapshot(instance, name));
      this.events.emit("lifecycle", "instance-snapshot-deleted", `instances/${instance}/snapshots/${name}`);
    });
  }

  /** The instances as the snapshot scheduler sees them. */
  scheduled(): ScheduledInstances {
    return {
      list: async () => {
        const out: Awaited<ReturnType<ScheduledInstances["list"]>> = [];
        for (const rec of await this.ownRecords()) {
          if (rec.state !== "Created") continue;
          const { config } = await this.expanded(rec).catch(() => ({ config: rec.config }));
          const running = async () => (await this.driverOf(rec).status(rec.name).catch(() => "Stopped")) !== "Stopped";
          out.push({ name: rec.name, config, running });
        }
        return out;
      },
      snapshots: (instance) => this.listSnapshots(instance),
      createSnapshot: (instance, name, at) => this.createSnapshot(instance, name, false, at),
      deleteSnapshot: (instance, name) => this.deleteSnapshot(instance, name),
    };
  }

  /** Drops the records of an instance's snapshots (their volumes went with the root volume). */
  private async forgetSnapshots(instance: string): Promise<void> {
    for (const e of await this.store.list(`snapshots/${instance}/`)) await this.store.delete(e.key);
  }

  // ---- backups --------------------------------------------------------------------------------

  /** Where backups are staged: emptied at every agent start (no operation runs then). */
  private get backupsDir(): string {
    return join(this.dataDir, "backups");
  }

  /** Writes the instance's backup tarball (its snapshots too unless instanceOnly) into the stream
   * that `open` returns once the size is estimated. A running instance is read from a point-in-time
   * copy where its pool has them, else refused. The instance's lock is held throughout. */
  async exportInstance(name: string, opts: { instanceOnly: boolean; signal: AbortSignal }, open: (estimatedBytes: number) => Writable): Promise<void> {
    await this.locks.with(`instance/${name}`, async () => {
      const rec = await this.get(name);
      if (rec.state !== "Created") throw precondition(`instance "${name}" is being created`);
      const root = await this.rootDiskOf(rec);
      const status = await this.driverOf(rec).status(name);
      if (status !== "Stopped" && !root.driver.info.consistentCopies) {
        throw precondition(`instance "${name}" is ${status} and its pool "${root.spec.name}" (${root.driver.info.name}) cannot copy a volume in use consistently: stop it first`);
      }
      const snaps = opts.instanceOnly ? [] : await this.listSnapshots(name);
      const index: BackupIndex = {
        name, type: rec.type, backend: root.driver.info.name, pool: root.spec.name, optimized: false, snapshots: snaps.map((s) => s.name),
        config: {
          instance: { profiles: rec.profiles, config: rec.config, devices: rec.devices, ephemeral: rec.ephemeral, description: rec.description, image: rec.image, created_at: rec.createdAt },
          snapshots: snaps.map((s) => ({ name: s.name, created_at: s.createdAt })),
        },
      };
      mkdirSync(this.backupsDir, { recursive: true, mode: 0o700 });
      const staging = await mkdtemp(join(this.backupsDir, "export-"));
      try {
        await writeFile(join(staging, "index.yaml"), renderIndex(index));
        await writeFile(join(staging, "complete"), "");
        const sources: { src: VolumeSource; member: string }[] = [
          ...snaps.map((s) => ({ src: { ...root, snapshot: s.name }, member: snapshotMember(s.name) })),
          { src: { ...root, inUse: status !== "Stopped" }, member: dataMember(rec.type) },
        ];
        // Every part's directory (a temporary copy for a snapshot or a running instance) lives until tar is done.
        const withAll = async (i: number, dirs: { dir: string; member: string }[]): Promise<void> => {
          if (i < sources.length) return withVolumeContent(sources[i]!.src, opts.signal, (dir) => withAll(i + 1, [...dirs, { dir, member: sources[i]!.member }]));
          let estimate = 0;
          for (const { dir } of dirs) estimate += Number((await run("du", ["-s", "-x", "-b", "--", dir], { timeoutMs: 300_000 })).stdout.split(/\s/)[0]) || 0;
          const parts = [{ dir: join(staging, "index.yaml"), member: INDEX_MEMBER }, ...dirs, { dir: join(staging, "complete"), member: COMPLETE_MEMBER }];
          await writeTar(tarCreateArgs(parts), open(estimate), opts.signal);
        };
        await withAll(0, []);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    });
  }

  /** Spools a backup tarball to disk (memory stays bounded), checks all of it and its index, records
   * the new instance, and starts the operation that restores its snapshots and volume. A file that
   * is corrupt or cut short fails here, before anything is made. */
  async importInstance(opts: { name?: string; pool?: string }, data: AsyncIterable<Buffer>, signal: AbortSignal): Promise<OperationView> {
    if (opts.name) parseInstanceName(opts.name);
    mkdirSync(this.backupsDir, { recursive: true, mode: 0o700 });
    const file = join(this.backupsDir, `import-${randomBytes(6).toString("hex")}.tar`);
    let handedOver = false;
    try {
      await pipeline(Readable.from(data), createWriteStream(file, { mode: 0o600 }), { signal });
      const index = await readBackup(file, this.drivers.map((d) => d.info.type), signal);
      const name = opts.name || index.name;
      parseInstanceName(name);
      const poolName = opts.pool || index.pool;
      await this.pools.get(poolName).catch(() => {
        throw invalid("pool", `storage pool "${poolName}" does not exist${opts.pool ? "" : " (the backup's pool): choose one with pool"}`);
      });
      const inst = index.config.instance;
      const devices: Devices = Object.fromEntries(Object.entries(inst.devices).map(([k, d]) => [k, { ...d }]));
      const root = Object.values(devices).find((d) => d.type === "disk" && d.path === "/");
      if (root) root.pool = poolName;
      else devices.root = { type: "disk", path: "/", pool: poolName };
      const rec: InstanceRecord = {
        name, type: index.type, image: inst.image ?? "", profiles: inst.profiles, config: inst.config, devices,
        ephemeral: !!inst.ephemeral, description: inst.description ?? "", createdAt: new Date().toISOString(),
        location: this.location, state: "Creating", volatile: {},
      };
      const ex = await this.recordIntent(rec);
      handedOver = true;
      return this.ops.start("instance.import", `instances/${name}`, (ctx) =>
        this.locks.with(`instance/${name}`, () => this.doImport(rec, ex, index, file, ctx)).finally(() => rm(file, { force: true })), { cancellable: true });
    } finally {
      if (!handedOver) await rm(file, { force: true });
    }
  }

  private async doImport(rec: InstanceRecord, ex: { devices: Devices; config: Record<string, string> }, index: BackupIndex, file: string, ctx: OperationContext): Promise<void> {
    const [, root] = rootDisk(ex.devices)!;
    await Revert.with(async (revert) => {
      revert.add("forget instance", async () => {
        await this.forgetSnapshots(rec.name);
        await this.store.delete(keys.instance(rec.name));
        await this.syncNetworkLeases(ex.devices);
        await this.nicsChanged(ex.devices);
      });
      const pool = await this.pools.get(root.pool!);
      const driver = this.pools.driverOf(pool);
      const spec = this.pools.spec(pool);
      const vol = this.rootVolume(rec);
      await driver.deleteVolume(spec, vol); // a leftover of that name (a missing volume is already deleted)
      revert.add("delete root disk", () => driver.deleteVolume(spec, vol)); // with its snapshots
      // Each snapshot's content in turn, snapshotted; then the instance's own.
      const parts = [...index.snapshots.map((snap) => ({ snap, member: snapshotMember(snap) })), { snap: undefined, member: dataMember(rec.type) }];
      const progress = (i: number, snap?: string) => ctx.progress(snap ? `restoring snapshot ${snap}` : "restoring the instance", Math.round((90 * i) / parts.length));
      await restoreVolumeFromBackup({ driver, spec, vol }, file, parts, ctx.signal, progress, async (snap) => {
        const createdAt = index.config.snapshots.find((s) => s.name === snap)?.created_at ?? new Date().toISOString();
        await this.store.put(keys.snapshot(rec.name, snap), { instance: rec.name, name: snap, createdAt } satisfies SnapshotRecord);
      });
      ctx.progress("configuring", 95);
      if (root.size && !this.driverOf(rec).info.growsRootDisk) await driver.setVolumeQuota(spec, vol, parseSize(root.size)!);
      await this.syncNetworkLeases(ex.devices);
      const instanceDriver = this.driverOf(rec);
      await instanceDriver.define(await this.buildSpec(rec, ex));
      revert.add("undefine", () => instanceDriver.undefine(rec.name));
      const latest = (await this.store.get<InstanceRecord>(keys.instance(rec.name)))!.value;
      await this.store.put(keys.instance(rec.name), { ...latest, state: "Created" });
      this.events.emit("lifecycle", "instance-created", `instances/${rec.name}`);
    });
  }

  // ---- exec / files ---------------------------------------------------------------------------

  async execEnv(rec: InstanceRecord): Promise<Record<string, string>> {
    const { config } = await this.expanded(rec);
    const env: Record<string, string> = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", LANG: "C.UTF-8", TERM: "xterm" };
    for (const [k, v] of Object.entries(config)) if (k.startsWith("environment.")) env[k.slice("environment.".length)] = v;
    return env;
  }

  async consoleLog(name: string): Promise<Buffer> {
    const rec = await this.get(name);
    return this.driverOf(rec).consoleLog(name);
  }

  /** Writes a file inside an instance: on its rootfs directory, or through its driver when it has none. */
  async pushFile(name: string, path: string, data: Readable, opts: FilePushOptions): Promise<void> {
    const rec = await this.get(name);
    const driver = this.driverOf(rec);
    if (driver.info.hostRootfs) return pushFile(await this.rootfsPath(rec), path, data, opts);
    if (!driver.pushFile) throw precondition(`instance "${name}" is a ${rec.type}: its files cannot be reached`);
    return driver.pushFile(name, path, data, opts);
  }

  /** Opens a file of an instance for reading: on its rootfs directory, or through its driver when it has none. */
  async pullFile(name: string, path: string): Promise<PulledFile> {
    const rec = await this.get(name);
    const driver = this.driverOf(rec);
    if (driver.info.hostRootfs) return pullFile(await this.rootfsPath(rec), path);
    if (!driver.pullFile) throw precondition(`instance "${name}" is a ${rec.type}: its files cannot be reached`);
    return driver.pullFile(name, path);
  }

  /** Where the instance's files are on the host (file push/pull), without building a whole spec. */
  private async rootfsPath(rec: InstanceRecord): Promise<string> {
    const { devices } = await this.expanded(rec);
    const pool = await this.pools.get(rootDisk(devices)![1].pool!);
    return join(this.pools.volumePath(pool, this.rootVolume(rec)), "rootfs");
  }

  // ---- reconciliation -------------------------------------------------------------------------

  /** In a cluster the store holds every member's instances; this agent reconciles and reaps only its own. */
  joinedCluster(member: string): void {
    this.location = member;
    this.clustered = true;
  }

  /** The instances this agent runs (all of them when standalone). */
  async ownRecords(): Promise<InstanceRecord[]> {
    return (await this.records()).filter((r) => !this.clustered || r.location === this.location);
  }

  /** Agent start: undo half-made creates, finish deletes, remove orphans, autostart. */
  async reconcile(): Promise<void> {
    rmSync(this.backupsDir, { recursive: true, force: true }); // staging of backups cut short by a stop
    const recs = await this.ownRecords();
    for (const rec of recs) {
      if (rec.state === "Created") continue;
      log("warn", `cleaning up instance ${rec.name} left in state ${rec.state}`);
      await this.locks.with(`instance/${rec.name}`, async () => {
        await this.removeFromHost(rec).catch((e) => log("error", `cleanup of ${rec.name} failed`, { error: (e as Error).message }));
        await this.forgetSnapshots(rec.name);
        await this.store.delete(keys.instance(rec.name));
        const ex = await this.expanded(rec).catch(() => ({ devices: rec.devices }));
        await this.syncNetworkLeases(ex.devices);
        for (const [dev, d] of Object.entries(ex.devices)) {
          const hw = rec.volatile[`${dev}.hwaddr`];
          if (d.type === "nic" && d.network && hw) await this.networks.releaseLease(d.network, hw).catch(() => {});
        }
      });
    }
    const records = await this.records();
    const known = (type: InstanceType, name: string) => records.some((r) => r.name === name && (r.type ?? "container") === type);
    for (const driver of this.drivers) {
      for (const name of await driver.list()) {
        if (known(driver.info.type, name)) continue;
        log("warn", `removing orphan ${driver.info.type} ${name} (no record)`);
        await removeOrphan(driver, name);
      }
    }
    for (const pool of await this.pools.list()) {
      const d = this.pools.driverOf(pool);
      const spec = this.pools.spec(pool);
      for (const type of this.drivers.map((x) => x.info.type)) {
        for (const vol of await d.listVolumes(spec, type).catch(() => [])) {
          if (known(type, vol.name)) continue;
          log("warn", `removing orphan ${type} root disk ${vol.name} on pool ${pool.name}`);
          await d.deleteVolume(spec, vol).catch(() => {});
        }
      }
    }
    for (const rec of await this.ownRecords()) {
      const ex = await this.expanded(rec).catch(() => undefined);
      if (!ex || !truthy(ex.config["boot.autostart"])) continue;
      const st = await this.runtimeState(rec);
      if (st?.status === "Stopped") {
        await this.locks.with(`instance/${rec.name}`, () => this.startLocked(rec)).catch((e) => log("error", `autostart of ${rec.name} failed`, { error: (e as Error).message }));
        const delay = Number(ex.config["boot.autostart.delay"] ?? 0);
        if (delay) await new Promise((r) => setTimeout(r, delay * 1000));
      }
    }
    // The store can fail (an etcd member down): the next poll tries again.
    this.monitor = setInterval(() => void this.reapEphemeral().catch((e) => log("warn", "ephemeral instance check failed", { error: (e as Error).message })), EPHEMERAL_POLL_MS);
    this.monitor.unref();
  }

  /** Ephemeral instances that stopped by themselves are deleted, as LXD does. */
  private async reapEphemeral(): Promise<void> {
    for (const rec of await this.ownRecords()) {
      if (!rec.ephemeral || rec.state !== "Created" || rec.volatile["last_state.power"] !== "Running" || this.locks.held(`instance/${rec.name}`)) continue;
      const st = await this.runtimeState(rec);
      if (st?.status === "Stopped") {
        await this.locks.with(`instance/${rec.name}`, () => this.deleteLocked(rec.name)).catch((e) => log("error", `ephemeral cleanup of ${rec.name} failed`, { error: (e as Error).message }));
      }
    }
  }

  /** Agent stop: the freeing of deleted instances gets a bounded time to finish (the next start removes what is left). */
  async close(): Promise<void> {
    if (this.monitor) clearInterval(this.monitor);
    await this.settled();
  }
}

/** Locally administered MAC in LXD's 00:16:3e prefix. */
function randomMac(): string {
  const b = randomBytes(3);
  return `00:16:3e:${[...b].map((x) => x.toString(16).padStart(2, "0")).join(":")}`;
}

function sortDevices(d: Devices): [string, [string, string][]][] {
  return Object.entries(d).sort(([a], [b]) => byCodeUnit(a, b)).map(([k, v]) => [k, Object.entries(v).sort(([a], [b]) => byCodeUnit(a, b))]);
}

/** How often, and how far apart, the removal of an orphan is tried: a kill -9 during a start leaves a container still starting, which refuses to be stopped or removed for a moment. */
const ORPHAN_REMOVE_ATTEMPTS = 5;
const ORPHAN_RETRY_MS = 1000;

/** Stops and removes an instance that has no record (a create cut short); says so when it cannot. */
async function removeOrphan(driver: InstanceDriver, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await driver.stop(name, { force: true, timeoutMs: 10_000 }).catch(() => {});
      await driver.undefine(name);
      await driver.released?.(name); // at agent start, an orphan is gone from the host before the agent serves
      return;
    } catch (e) {
      if (attempt >= ORPHAN_REMOVE_ATTEMPTS) {
        log("error", `orphan ${driver.info.type} ${name} could not be removed`, { error: (e as Error).message });
        return;
      }
      await new Promise((r) => setTimeout(r, ORPHAN_RETRY_MS));
    }
  }
}
