// Storage pools and volumes: the store records each pool; drivers do the host work. Image volumes
// are unpacked once per pool and instances are cloned from them.
import { mkdirSync } from "node:fs";
import { truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { findLoopDevices } from "../host/loop";
import { run } from "../host/run";
import { alreadyExists, hasCode, inUse, invalid, notFound, precondition } from "../errors";
import { parsePoolName, parseSize, truthy, validateConfig, type RuleTable } from "../config/rules";
import type { Locks } from "../operations/locks";
import { keys, type Store } from "../state/store";
import { Revert } from "../util/revert";
import { log } from "../util/log";
import { getStorageDriver } from "./drivers";
import type { PoolSpec, StorageDriver, VolumeRef } from "./driver";
import { SpareClones } from "./spares";
import { LEASE_RULES, splitLease, startLease } from "../leases/lease";
import { CUSTOM_VOLUME_RULES } from "./volume-rules";
import { blockVolumeFile, removeStaging, withBlockFile, withStaging, VM_DISK } from "./transfer";
import { byCodeUnit } from "../util/compare";
import { addPendingValues, existsAlready, pendingValues, type PendingDefinition } from "../cluster/pending";

export interface PoolRecord {
  name: string;
  driver: string;
  config: Record<string, string>;
  description: string;
  /** "Creating" while the host objects are being made (a crash leaves it for reconciliation). */
  state: "Creating" | "Created";
  /**
   * In a cluster: the members that made their part of the pool, each with its own values of
   * MEMBER_LOCAL_POOL_KEYS where they differ from `config`. A member not listed has yet to make its part.
   */
  parts?: Record<string, { config: Record<string, string> }>;
  /** In a cluster: each member's values of MEMBER_LOCAL_POOL_KEYS given before the pool was created (--target). */
  memberConfig?: Record<string, Record<string, string>>;
}

/** Pool keys that name things on one host (a path, a device, a loop file size): each member has its own. */
export const MEMBER_LOCAL_POOL_KEYS = ["source", "size", "lvm.vg_name", "lvm.thinpool_name"];

export interface CustomVolumeRecord {
  pool: string;
  name: string;
  /** In a cluster: the member whose part of the pool holds the volume. */
  location?: string;
  contentType: "filesystem" | "block";
  config: Record<string, string>;
}

/** A snapshot of a custom volume, recorded under `volume-snapshots/<pool>/<volume>/<name>`. */
export interface VolumeSnapshotRecord {
  pool: string;
  volume: string;
  name: string;
  createdAt: string;
}

const volumeSnapshotKey = (pool: string, volume: string, name: string) => `volume-snapshots/${pool}/${volume}/${name}`;

/** A copy between pools is a plain file copy of the volume's content; a long one stops at the timeout. */
const CROSS_POOL_COPY_TIMEOUT_MS = 30 * 60_000;

/** Keys every driver accepts; drivers add their own. */
export const COMMON_POOL_RULES: RuleTable = {
  source: { type: "string", description: "Existing directory, block device or filesystem to use instead of a loop file" },
  size: { type: "size", description: "Size of the loop file the agent creates when no source is given" },
};

/** Store key saying image fp is completely unpacked on the pool. */
const imageMarker = (pool: string, fp: string) => `pools-images/${pool}/${fp}`;

export class StorageManager {
  private spares = new SpareClones({
    open: async (name) => {
      const rec = await this.get(name);
      return { driver: this.driverOf(rec), spec: this.spec(rec) };
    },
    imageReady: async (name, fp) => {
      const rec = await this.get(name);
      return !!(await this.store.get(imageMarker(name, fp))) && (await this.driverOf(rec).volumeExists(this.spec(rec), { type: "image", name: fp }));
    },
  });

  constructor(
    private store: Store,
    private dataDir: string,
    private locks: Locks,
    /** Who uses a pool/volume (instances), for in-use checks; with `running`, only running instances. */
    private usersOf: (pool: string, volume?: string, running?: boolean) => Promise<string[]>,
    /** Which instances attach a custom volume, and whether read-only (the security.shared rule). */
    private attachmentsOf: (pool: string, volume: string) => Promise<{ instance: string; readonly: boolean }[]>,
  ) {}

  /** Set in a cluster: pools are defined cluster-wide and every member makes its own part. */
  private member?: string;

  joinedCluster(member: string): void {
    this.member = member;
  }

  /** Whether this agent has made its part of the pool (always, standalone). */
  hasPart(rec: PoolRecord): boolean {
    return !this.member || !!rec.parts?.[this.member];
  }

  spec(rec: PoolRecord): PoolSpec {
    const config = this.member ? { ...rec.config, ...rec.parts?.[this.member]?.config } : rec.config;
    return { name: rec.name, config, mountPath: join(this.dataDir, "storage-pools", rec.name), disksDir: join(this.dataDir, "disks") };
  }

  driverOf(rec: PoolRecord): StorageDriver {
    return getStorageDriver(rec.driver);
  }

  async get(name: string): Promise<PoolRecord> {
    const e = await this.store.get<PoolRecord>(keys.pool(name));
    if (!e || e.value.state !== "Created") throw notFound(`storage pool "${name}"`);
    return e.value;
  }

  async list(): Promise<PoolRecord[]> {
    return (await this.store.list<PoolRecord>("pools/")).map((e) => e.value).filter((p) => p.state === "Created");
  }

  async create(name: string, driverName: string, config: Record<string, string>, description = ""): Promise<PoolRecord> {
    parsePoolName(name, "name");
    if (!driverName) throw invalid("driver", "is required");
    const driver = getStorageDriver(driverName);
    validateConfig({ ...COMMON_POOL_RULES, ...driver.rules }, config, "config");
    const pending = this.member ? await pendingValues(this.store, "pools", name, driverName, config, MEMBER_LOCAL_POOL_KEYS) : undefined;
    return this.locks.with(`pool/${name}`, () => Revert.with(async (revert) => {
      const rec: PoolRecord = { name, driver: driverName, config: { ...config, ...pending?.members[this.member!] }, description, state: "Creating" };
      if (pending) rec.memberConfig = pending.members;
      const spec = this.spec(rec);
      mkdirSync(spec.disksDir, { recursive: true, mode: 0o711 });
      rec.config = await driver.normalize(spec);
      try {
        await this.store.put(keys.pool(name), rec, { expectRevision: 0 });
      } catch (e) {
        if (hasCode(e, "CORRAL_ERR_CONFLICT")) throw alreadyExists(`storage pool "${name}"`);
        throw e;
      }
      revert.add("forget pool", () => this.store.delete(keys.pool(name)));
      await driver.create(this.spec(rec));
      revert.add("delete pool on host", () => driver.delete(this.spec(rec)));
      rec.state = "Created";
      if (this.member) rec.parts = { [this.member]: { config: {} } };
      await this.store.put(keys.pool(name), rec);
      return rec;
    }));
  }

  async update(name: string, config: Record<string, string>, description?: string): Promise<PoolRecord> {
    return this.locks.with(`pool/${name}`, async () => {
      const rec = await this.get(name);
      const driver = this.driverOf(rec);
      validateConfig({ ...COMMON_POOL_RULES, ...driver.rules }, config, "config");
      for (const k of ["source", "size"]) {
        if (config[k] !== undefined && config[k] !== rec.config[k]) throw invalid(`config["${k}"]`, "cannot be changed after the pool is created");
      }
      // Replace semantics; keys fixed at creation keep their value when left out.
      const next: PoolRecord = { ...rec, config: { ...config, source: rec.config.source!, size: rec.config.size! }, description: description ?? rec.description };
      for (const k of ["source", "size"]) if (next.config[k] === undefined) delete next.config[k];
      await this.store.put(keys.pool(name), next);
      // A changed spare count applies now: the images unpacked here get topped up or trimmed.
      const counts = (r: PoolRecord) => `${driver.spareClones(this.spec(r))}/${driver.spareClonesMax?.(this.spec(r))}`;
      if (counts(next) !== counts(rec)) {
        for (const m of await this.store.list(imageMarker(name, ""))) this.spares.refill(name, m.key.slice(m.key.lastIndexOf("/") + 1));
      }
      return next;
    });
  }

  /** Records a member's own values of the per-member keys for a pool not created yet (nothing is made). */
  async addPendingValues(name: string, driverName: string, member: string, config: Record<string, string>): Promise<PendingDefinition> {
    parsePoolName(name, "name");
    if (!driverName) throw invalid("driver", "is required");
    const driver = getStorageDriver(driverName);
    validateConfig({ ...COMMON_POOL_RULES, ...driver.rules }, config, "config");
    if (await this.store.get(keys.pool(name))) throw existsAlready("pools", name);
    return addPendingValues(this.store, "pools", name, driverName, member, config, MEMBER_LOCAL_POOL_KEYS);
  }

  /** Applies a pool changed on another member to this member's part: spare clones follow the changed count. */
  async applyPart(name: string): Promise<PoolRecord> {
    return this.locks.with(`pool/${name}`, async () => {
      const rec = await this.get(name);
      if (!this.hasPart(rec)) return rec;
      for (const m of await this.store.list(imageMarker(name, ""))) this.spares.refill(name, m.key.slice(m.key.lastIndexOf("/") + 1));
      return rec;
    });
  }

  /** Refuses to delete a pool that an instance (on any member) or a custom volume uses. */
  async assertUnused(name: string): Promise<void> {
    const users = await this.usersOf(name);
    const vols = (await this.store.list<CustomVolumeRecord>(`volumes/${name}/`)).map((e) => `volume ${e.value.name}`);
    if (users.length || vols.length) throw inUse(`storage pool "${name}"`, [...users, ...vols]);
  }

  /** Deletes this member's part of a pool (the member deleting the whole pool asks first); the record stays. */
  async deletePart(name: string): Promise<void> {
    const member = this.member;
    if (!member) throw precondition("this agent is not a cluster member");
    await this.locks.with(`pool/${name}`, async () => {
      const rec = await this.get(name);
      if (!rec.parts?.[member]) return;
      await this.assertUnused(name);
      const resume = await this.spares.suspend(name);
      try {
        await this.driverOf(rec).delete(this.spec(rec));
      } finally {
        resume();
      }
      await this.setPart(name, member, undefined);
    });
  }

  /** Records (or, with undefined, drops) a member's part; other members do the same concurrently (compare-and-swap). */
  private async setPart(name: string, member: string, part: { config: Record<string, string> } | undefined): Promise<PoolRecord> {
    for (let attempt = 0; ; attempt++) {
      const e = (await this.store.get<PoolRecord>(keys.pool(name)))!;
      const { [member]: _old, ...parts } = e.value.parts ?? {};
      const next = { ...e.value, parts: part ? { ...parts, [member]: part } : parts };
      try {
        await this.store.put(keys.pool(name), next, { expectRevision: e.revision });
        return next;
      } catch (err) {
        if (!hasCode(err, "CORRAL_ERR_CONFLICT") || attempt >= 10) throw err;
      }
    }
  }

  async delete(name: string): Promise<void> {
    await this.locks.with(`pool/${name}`, async () => {
      const rec = await this.get(name);
      await this.assertUnused(name);
      const resume = await this.spares.suspend(name);
      try {
        await this.driverOf(rec).delete(this.spec(rec));
        for (const m of await this.store.list(imageMarker(name, ""))) await this.store.delete(m.key);
        await this.store.delete(keys.pool(name));
      } finally {
        resume();
      }
    });
  }

  /**
   * Makes this member's part of a pool defined in the cluster (on join, or when the member that
   * created the pool asks): MEMBER_LOCAL_POOL_KEYS get this host's values (the driver's defaults),
   * the rest is the pool's config. Does nothing when the part exists.
   */
  async makePart(name: string): Promise<PoolRecord> {
    const member = this.member;
    if (!member) throw precondition("this agent is not a cluster member");
    return this.locks.with(`pool/${name}`, async () => {
      const rec = await this.get(name);
      if (rec.parts?.[member]) return rec;
      const driver = this.driverOf(rec);
      const shared = Object.fromEntries(Object.entries(rec.config).filter(([k]) => !MEMBER_LOCAL_POOL_KEYS.includes(k)));
      const base = this.spec({ ...rec, config: { ...shared, ...rec.memberConfig?.[member] }, parts: undefined });
      mkdirSync(base.disksDir, { recursive: true, mode: 0o711 });
      const normalized = await driver.normalize(base);
      const local = Object.fromEntries(MEMBER_LOCAL_POOL_KEYS.filter((k) => normalized[k] !== rec.config[k]).map((k) => [k, normalized[k] ?? ""]));
      return Revert.with(async (revert) => {
        const spec = { ...base, config: { ...rec.config, ...local } };
        await driver.create(spec);
        revert.add("delete the pool part on host", () => driver.delete(spec));
        const next = await this.setPart(name, member, { config: local });
        log("info", "made this member's part of storage pool", { pool: name, member });
        return next;
      });
    });
  }

  async usage(rec: PoolRecord): Promise<{ usedBytes: number; totalBytes: number }> {
    try {
      return await this.driverOf(rec).usage(this.spec(rec));
    } catch {
      return { usedBytes: 0, totalBytes: 0 };
    }
  }

  /** Records a new volume (ALREADY_EXISTS when the name is taken), forgotten again if the operation fails. */
  private async claimVolume(revert: Revert, v: CustomVolumeRecord): Promise<CustomVolumeRecord> {
    try {
      await this.store.put(keys.volume(v.pool, v.name), v, { expectRevision: 0 });
    } catch (e) {
      if (hasCode(e, "CORRAL_ERR_CONFLICT")) throw alreadyExists(`volume "${v.name}" in pool "${v.pool}"`);
      throw e;
    }
    revert.add("forget volume", () => this.store.delete(keys.volume(v.pool, v.name)));
    return v;
  }

  /** Refuses up front a size that cannot fit in the pool's free space (field names what asked for it). */
  async assertFits(rec: PoolRecord, bytes: number, field: string): Promise<void> {
    const { usedBytes, totalBytes } = await this.driverOf(rec).usage(this.spec(rec));
    const free = Math.max(0, totalBytes - usedBytes);
    if (bytes > free) {
      throw invalid(field, `${bytes} bytes do not fit in storage pool "${rec.name}": ${free} bytes free of ${totalBytes}`);
    }
  }

  /** Makes every pool usable after an agent start; half-created pools are removed. */
  async reconcile(): Promise<void> {
    for (const e of await this.store.list<PoolRecord>("pools/")) {
      const rec = e.value;
      const driver = this.driverOf(rec);
      try {
        if (rec.state === "Created" && !this.hasPart(rec)) {
          await this.makePart(rec.name);
        } else if (rec.state === "Creating") {
          log("warn", `removing half-created storage pool ${rec.name}`);
          await driver.delete(this.spec(rec));
          await this.store.delete(e.key);
        } else {
          await driver.mount(this.spec(rec));
          const left = await removeStaging(driver, this.spec(rec));
          if (left.length) log("warn", `removed staging left by an interrupted unpack or read on storage pool ${rec.name}`, { dirs: left });
          await this.spares.reconcile(rec.name);
        }
      } catch (err) {
        log("error", `storage pool ${rec.name} could not be mounted`, { error: (err as Error).message });
      }
    }
  }

  /** Unpacks image fp into an image volume on the pool unless its marker says it is there (once per
   * pool). With `verify` the driver is asked too: a marker outlives its volume only when a crash
   * came between deleting the two, which the clone from it finds out (NOT_FOUND). */
  async ensureImageVolume(rec: PoolRecord, fp: string, fill: (dir: string) => Promise<void>, verify = false, opts: { vmDisk?: boolean } = {}): Promise<void> {
    const vol: VolumeRef = { type: "image", name: fp };
    await this.locks.with(`pool/${rec.name}/image/${fp}`, async () => {
      const driver = this.driverOf(rec);
      const spec = this.spec(rec);
      const marker = await this.store.get(imageMarker(rec.name, fp));
      if (marker && (!verify || (await driver.volumeExists(spec, vol)))) return;
      if (await driver.volumeExists(spec, vol)) await driver.deleteVolume(spec, vol); // half-unpacked leftover
      await Revert.with(async (revert) => {
        if (opts.vmDisk && driver.info.rawBlockVolumes) {
          // A VM image on a pool of raw block disks: unpacked beside the volumes, its disk converted onto one.
          await withStaging(driver, spec, async (staging) => {
            await fill(staging);
            await driver.createDiskVolume!(spec, vol, join(staging, VM_DISK), "qcow2");
          });
          revert.add("delete image volume", () => driver.deleteVolume(spec, vol));
        } else {
          await driver.createVolume(spec, vol);
          revert.add("delete image volume", () => driver.deleteVolume(spec, vol));
          await fill(driver.volumePath(spec, vol));
        }
        await this.store.put(imageMarker(rec.name, fp), { unpackedAt: new Date().toISOString() });
      });
    });
  }

  /** Drops the unpacked copies of an image from every pool (image deleted). Holds each pool's lock:
   * a pool being deleted at the same time (tofu destroys independent resources in parallel) is
   * either still whole or already gone. */
  async removeImageVolumes(fp: string): Promise<void> {
    for (const listed of await this.list()) {
      await this.locks.with(`pool/${listed.name}`, () => this.locks.with(`pool/${listed.name}/image/${fp}`, async () => {
        const rec = (await this.store.get<PoolRecord>(keys.pool(listed.name)))?.value;
        if (!rec || rec.state !== "Created") return;
        const driver = this.driverOf(rec);
        const spec = this.spec(rec);
        const vol: VolumeRef = { type: "image", name: fp };
        const resume = await this.spares.suspend(rec.name, fp);
        try {
          await this.spares.removeAll(driver, spec, fp);
          if (await driver.volumeExists(spec, vol)) await driver.deleteVolume(spec, vol);
          await this.store.delete(imageMarker(rec.name, fp));
        } finally {
          resume();
        }
      }));
    }
  }

  /** Makes an instance's root disk from the pool's image volume: a spare renamed into place where
   * the pool keeps spares, else a copy (a snapshot on btrfs). A leftover volume of that name is replaced.
   * Call it inside `creating`, so the spare's replacement is copied once the create is done. */
  async cloneImageVolume(rec: PoolRecord, fp: string, target: VolumeRef): Promise<void> {
    const driver = this.driverOf(rec);
    const spec = this.spec(rec);
    const clone = async () => {
      if (!(await this.spares.take(driver, spec, fp, target))) await driver.copyVolume(spec, { type: "image", name: fp }, target);
    };
    // The clone first, the leftover check only when it clashes: the common case is one host command.
    try {
      await clone();
    } catch (e) {
      if (!hasCode(e, "CORRAL_ERR_ALREADY_EXISTS")) throw e;
      await driver.deleteVolume(spec, target);
      await clone();
    }
    if (driver.spareClones(spec) > 0) this.spares.refill(rec.name, fp);
  }

  /** Runs an instance create (or delete) that uses the pool: background copies there (spare clones) wait for it. */
  creating<T>(pool: string, fn: () => Promise<T>): Promise<T> {
    return this.spares.hold(pool, fn);
  }

  /** Agent stop: background copies end (a half-made spare is removed at the next start). */
  close(): Promise<void> {
    return this.spares.close();
  }

  // ---- custom volumes ----------------------------------------------------------------------------

  async createVolume(pool: string, name: string, contentType: string, config: Record<string, string>): Promise<CustomVolumeRecord> {
    parsePoolName(name, "name");
    const type = contentType || "filesystem";
    if (type !== "filesystem" && type !== "block") throw invalid("content_type", "must be filesystem or block");
    validateConfig(CUSTOM_VOLUME_RULES, config, "config");
    config = startLease(config, Date.now());
    if (type === "block" && !config.size) throw invalid(`config["size"]`, "a block volume needs a size");
    const rec = await this.get(pool);
    const driver = this.driverOf(rec);
    const spec = this.spec(rec);
    const vol: VolumeRef = { type: "custom", name };
    if (config.size) await this.assertFits(rec, parseSize(config.size)!, `config["size"]`);
    return this.locks.with(`pool/${pool}/custom/${name}`, () => Revert.with(async (revert) => {
      const v = await this.claimVolume(revert, { pool, name, contentType: type, config, ...(this.member ? { location: this.member } : {}) });
      const size = config.size ? parseSize(config.size) : undefined;
      // A filesystem volume is made at its size (a driver that cannot limit one refuses it; lvm sizes
      // its LV), and so is a block volume on a pool that makes it a raw block device.
      const raw = type === "block" && !!driver.info.rawBlockVolumes;
      await driver.createVolume(spec, vol, raw ? { sizeBytes: size, contentType: "block" } : type === "filesystem" && size !== undefined ? { sizeBytes: size } : {});
      revert.add("delete volume", () => driver.deleteVolume(spec, vol));
      // A block volume on the other pools is a sparse disk file in the volume.
      if (type === "block" && !raw) {
        const file = blockVolumeFile(driver.volumePath(spec, vol));
        await writeFile(file, "", { flag: "wx", mode: 0o600 });
        await truncate(file, size!);
      }
      return v;
    }));
  }

  async getVolume(pool: string, name: string): Promise<CustomVolumeRecord> {
    const e = await this.store.get<CustomVolumeRecord>(keys.volume(pool, name));
    if (!e) throw notFound(`volume "${name}" in pool "${pool}"`);
    return e.value;
  }

  async listVolumes(pool: string): Promise<CustomVolumeRecord[]> {
    await this.get(pool);
    return (await this.store.list<CustomVolumeRecord>(`volumes/${pool}/`)).map((e) => e.value);
  }

  /** Replaces the lease keys of a custom volume (a renew); nothing on the host changes. */
  async setVolumeLease(pool: string, name: string, lease: Record<string, string>): Promise<CustomVolumeRecord> {
    validateConfig(LEASE_RULES, lease, "config");
    return this.locks.with(`pool/${pool}/custom/${name}`, async () => {
      const v = await this.getVolume(pool, name);
      const next = { ...v, config: { ...splitLease(v.config).rest, ...lease } };
      await this.store.put(keys.volume(pool, name), next);
      return next;
    });
  }

  async deleteVolume(pool: string, name: string): Promise<void> {
    await this.locks.with(`pool/${pool}/custom/${name}`, async () => {
      await this.getVolume(pool, name);
      const users = await this.usersOf(pool, name);
      if (users.length) throw inUse(`volume "${name}"`, users);
      const rec = await this.get(pool);
      await this.driverOf(rec).deleteVolume(this.spec(rec), { type: "custom", name }); // with its snapshots
      for (const e of await this.store.list(volumeSnapshotKey(pool, name, ""))) await this.store.delete(e.key);
      await this.store.delete(keys.volume(pool, name));
    });
  }

  /** Replaces a volume's config. A changed size resizes it: a block volume's disk file or raw device
   * grows (never shrinks: data past the new end would be lost); a filesystem volume's quota moves, not
   * below what the volume already uses, and only where the driver has quotas. Growth must fit the pool. */
  async updateVolume(pool: string, name: string, config: Record<string, string>): Promise<CustomVolumeRecord> {
    validateConfig(CUSTOM_VOLUME_RULES, config, "config");
    return this.locks.with(`pool/${pool}/custom/${name}`, async () => {
      const v = await this.getVolume(pool, name);
      const rec = await this.get(pool);
      const driver = this.driverOf(rec);
      const spec = this.spec(rec);
      const vol: VolumeRef = { type: "custom", name };
      const oldSize = v.config.size ? parseSize(v.config.size)! : undefined;
      const newSize = config.size ? parseSize(config.size)! : undefined;
      if (!truthy(config["security.shared"]) && truthy(v.config["security.shared"])) {
        const atts = await this.attachmentsOf(pool, name);
        if (atts.length > 1 && atts.some((a) => !a.readonly)) {
          throw invalid(`config["security.shared"]`, `cannot be turned off while the volume is attached to ${atts.map((a) => `instance ${a.instance}${a.readonly ? " (read-only)" : ""}`).join(", ")}`);
        }
      }
      if (newSize !== oldSize) {
        const field = `config["size"]`;
        if (v.contentType === "block") {
          if (newSize === undefined) throw invalid(field, "a block volume needs a size");
          if (newSize < oldSize!) throw invalid(field, `a block volume cannot shrink (from ${oldSize} to ${newSize} bytes): the data past the new end would be lost`);
          await this.assertFits(rec, newSize - oldSize!, field);
          if (driver.info.rawBlockVolumes) await driver.setVolumeQuota(spec, vol, newSize);
          else await truncate(blockVolumeFile(driver.volumePath(spec, vol)), newSize);
          await this.blockResized(await this.blockVolumePath(rec, vol));
        } else {
          if (newSize !== undefined) {
            const used = await driver.volumeUsage(spec, vol);
            if (newSize < used) throw invalid(field, `cannot be ${newSize} bytes: the volume already uses ${used} bytes`);
            if (oldSize !== undefined && newSize > oldSize) await this.assertFits(rec, newSize - oldSize, field);
          }
          await driver.setVolumeQuota(spec, vol, newSize);
        }
      }
      // A new lease.duration without an end starts the lease now, as on create.
      const next: CustomVolumeRecord = { ...v, config: startLease(config, Date.now()) };
      await this.store.put(keys.volume(pool, name), next);
      return next;
    });
  }

  /** Loop devices over a grown block volume's file or device (containers see it as a device node) learn its new size. */
  private async blockResized(path: string): Promise<void> {
    for (const dev of await findLoopDevices(path)) await run("losetup", ["--set-capacity", dev]);
  }

  /** Copies a custom volume to a new one: a native copy (snapshot, clone, send/receive) within a
   * pool, a file copy of its content between pools (config and content type carried over). */
  async copyVolume(srcPool: string, srcName: string, pool: string, name: string): Promise<CustomVolumeRecord> {
    parsePoolName(name, "name");
    const src = await this.getVolume(srcPool, srcName);
    const srcRec = await this.get(srcPool);
    const rec = await this.get(pool);
    const driver = this.driverOf(rec);
    const spec = this.spec(rec);
    const vol: VolumeRef = { type: "custom", name };
    const srcVol: VolumeRef = { type: "custom", name: srcName };
    const config = { ...src.config };
    validateConfig(CUSTOM_VOLUME_RULES, config, "config");
    const need = src.contentType === "block" ? parseSize(src.config.size!)! : await this.driverOf(srcRec).volumeUsage(this.spec(srcRec), srcVol);
    await this.assertFits(rec, need, "source");
    return this.locks.with(`pool/${srcPool}/custom/${srcName}`, () => this.locks.with(`pool/${pool}/custom/${name}`, () => Revert.with(async (revert) => {
      const v = await this.claimVolume(revert, { pool, name, contentType: src.contentType, config, ...(this.member ? { location: this.member } : {}) });
      const quota = src.contentType === "filesystem" && config.size ? parseSize(config.size) : undefined;
      if (srcPool === pool) {
        await driver.copyVolume(spec, srcVol, vol, { sizeBytes: quota });
        revert.add("delete volume", () => driver.deleteVolume(spec, vol));
        return v;
      }
      if (src.contentType === "block") {
        // The raw content as a file (a raw block volume read out), then onto the target's raw block
        // volume or into its disk file. (Deleting a volume not made yet is a no-op.)
        revert.add("delete volume", () => driver.deleteVolume(spec, vol));
        await withBlockFile(this.driverOf(srcRec), this.spec(srcRec), srcVol, async (file) => {
          if (driver.info.rawBlockVolumes) return driver.createDiskVolume!(spec, vol, file, "raw");
          await driver.createVolume(spec, vol);
          await run("cp", ["--sparse=always", "--preserve=mode", "--", file, blockVolumeFile(driver.volumePath(spec, vol))], { timeoutMs: CROSS_POOL_COPY_TIMEOUT_MS });
        });
        return v;
      }
      await driver.createVolume(spec, vol, { sizeBytes: quota });
      revert.add("delete volume", () => driver.deleteVolume(spec, vol));
      const from = this.volumePath(srcRec, srcVol);
      await run("cp", ["-a", "--sparse=always", "--", `${from}/.`, `${driver.volumePath(spec, vol)}/`], { timeoutMs: CROSS_POOL_COPY_TIMEOUT_MS });
      return v;
    })));
  }

  /** Takes a snapshot of a custom volume (native on btrfs and zfs, a copy on dir). */
  async createVolumeSnapshot(pool: string, volume: string, name: string): Promise<VolumeSnapshotRecord> {
    parsePoolName(name, "name");
    return this.locks.with(`pool/${pool}/custom/${volume}`, async () => {
      await this.getVolume(pool, volume);
      if (await this.store.get(volumeSnapshotKey(pool, volume, name))) throw alreadyExists(`snapshot "${name}" of volume "${volume}"`);
      const rec = await this.get(pool);
      const driver = this.driverOf(rec);
      const spec = this.spec(rec);
      const vol: VolumeRef = { type: "custom", name: volume };
      return Revert.with(async (revert) => {
        await driver.snapshotVolume(spec, vol, name);
        revert.add("delete snapshot", () => driver.deleteVolumeSnapshot(spec, vol, name));
        const snap: VolumeSnapshotRecord = { pool, volume, name, createdAt: new Date().toISOString() };
        await this.store.put(volumeSnapshotKey(pool, volume, name), snap, { expectRevision: 0 });
        return snap;
      });
    });
  }

  /** A volume's snapshots, oldest first. */
  async listVolumeSnapshots(pool: string, volume: string): Promise<VolumeSnapshotRecord[]> {
    await this.getVolume(pool, volume);
    return (await this.store.list<VolumeSnapshotRecord>(volumeSnapshotKey(pool, volume, ""))).map((e) => e.value)
      .sort((a, b) => byCodeUnit(a.createdAt + a.name, b.createdAt + b.name));
  }

  private async getVolumeSnapshot(pool: string, volume: string, name: string): Promise<VolumeSnapshotRecord> {
    const e = await this.store.get<VolumeSnapshotRecord>(volumeSnapshotKey(pool, volume, name));
    if (!e) throw notFound(`snapshot "${name}" of volume "${volume}" in pool "${pool}"`);
    return e.value;
  }

  /** Puts a snapshot's content back; refused while a running instance uses the volume. Snapshots
   * the driver had to drop to get there (zfs: the newer ones) lose their records. */
  async restoreVolumeSnapshot(pool: string, volume: string, name: string): Promise<void> {
    await this.locks.with(`pool/${pool}/custom/${volume}`, async () => {
      await this.getVolumeSnapshot(pool, volume, name);
      const running = await this.usersOf(pool, volume, true);
      if (running.length) throw inUse(`volume "${volume}"`, running);
      const rec = await this.get(pool);
      const driver = this.driverOf(rec);
      const spec = this.spec(rec);
      const vol: VolumeRef = { type: "custom", name: volume };
      await driver.restoreVolume(spec, vol, name);
      const kept = new Set(await driver.listVolumeSnapshots(spec, vol));
      for (const s of await this.listVolumeSnapshots(pool, volume)) if (!kept.has(s.name)) await this.store.delete(volumeSnapshotKey(pool, volume, s.name));
    });
  }

  async deleteVolumeSnapshot(pool: string, volume: string, name: string): Promise<void> {
    await this.locks.with(`pool/${pool}/custom/${volume}`, async () => {
      await this.getVolumeSnapshot(pool, volume, name);
      const rec = await this.get(pool);
      await this.driverOf(rec).deleteVolumeSnapshot(this.spec(rec), { type: "custom", name: volume }, name);
      await this.store.delete(volumeSnapshotKey(pool, volume, name));
    });
  }

  volumePath(rec: PoolRecord, vol: VolumeRef): string {
    return this.driverOf(rec).volumePath(this.spec(rec), vol);
  }

  /** What a block custom volume is attached as: its raw block device, or its disk file. */
  async blockVolumePath(rec: PoolRecord, vol: VolumeRef): Promise<string> {
    const driver = this.driverOf(rec);
    const spec = this.spec(rec);
    return (await driver.volumeBlockDevice?.(spec, vol)) ?? blockVolumeFile(driver.volumePath(spec, vol));
  }
}
