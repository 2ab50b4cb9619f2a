// The lvm storage driver (lvm2 thin provisioning, as LXD's): a pool is a thin pool in a volume
// group the agent makes on a loop file (no source) or on a block device (`source`), or in an
// existing VG named by `lvm.vg_name`. Volumes are thin LVs (./volumes), copies and snapshots thin
// snapshots. Everything the agent makes is tagged corral.pool=<pool>; delete removes only that.
// lvm needs device-mapper in the kernel: without it (the probe's storage.lvm capability) every
// operation fails with a capability error before it runs any command or creates any file.
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, rm, rmdir, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, isAbsolute, join } from "node:path";
import { alreadyExists, invalid, precondition } from "../../../errors";
import { createSparseFile } from "../../../host/loop";
import { isMounted } from "../../../host/mount";
import { requireCapability } from "../../../host/probe";
import { isSize, oneOf, parseSize, validateConfig, type RuleTable } from "../../../config/rules";
import { Revert } from "../../../util/revert";
import { log } from "../../../util/log";
import type { CopyVolumeOptions, DiskFormat, PoolSpec, StorageDriver, StorageDriverInfo, VolumeRef, VolumeType } from "../../driver";
import { COMMON_RULES, ensureTopDirs, TRAVERSE_MODE, volumePathOf } from "../layout";
import { args, isMissing, parseLvs, parseVgs, runHost, tagOf, type CommandRunner } from "./cli";
import * as volumes from "./volumes";

/** A VG with a thin pool and its metadata needs a few extents; below this nothing useful fits. */
const MIN_LOOP_BYTES = 64 * 2 ** 20;
const DEFAULT_LOOP_SIZE = "5GiB";
/** ext4 needs a few MiB for its journal; xfs refuses filesystems under 300 MiB (xfsprogs 5.19+). */
const MIN_VOLUME_BYTES: Record<string, number> = { ext4: 16 * 2 ** 20, xfs: 300 * 2 ** 20 };
/** lvm2's rule for VG and LV names: letters, digits, '+', '_', '.', '-', not starting with '-'. */
const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/;
const isLvmName = (v: string): string | undefined =>
  LVM_NAME.test(v) && v !== "." && v !== ".." ? undefined : "must be an lvm name: 1-127 letters, digits, '+', '_', '.', '-', not starting with '-'";

/** Where the pool's physical volume comes from. */
type Backing = { kind: "loop"; file: string } | { kind: "device"; device: string } | { kind: "vg" };

export const loopFileOf = (pool: PoolSpec): string => join(pool.disksDir, `${pool.name}.lvm`);
/** The VG of a pool the agent makes: unique on the host (several agents may each have a pool "default"). */
const defaultVgOf = (pool: PoolSpec): string => `corral-${pool.name}-${createHash("sha256").update(dirname(pool.disksDir)).digest("hex").slice(0, 8)}`;

function backingOf(pool: PoolSpec): Backing {
  const source = pool.config.source;
  if (source) return { kind: "device", device: source };
  if (pool.config["lvm.vg_name"] !== undefined && pool.config.size === undefined) return { kind: "vg" };
  return { kind: "loop", file: loopFileOf(pool) };
}

export interface LvmDriverOptions {
  /** Runs the driver's commands (a unit test passes a recorder of the command plan). */
  exec?: CommandRunner;
  /** Throws CORRAL_ERR_CAPABILITY when this host cannot run lvm (the probe's storage.lvm). */
  requireLvm?: (feature: string) => Promise<unknown>;
  /** Whether something is mounted at a path (the mount table; a plan test keeps its own). */
  isMounted?: (path: string) => Promise<boolean>;
  /** The device node of an LV (`/dev/<vg>/<lv>`; a test stands loop devices in for LVs to run qemu-img on them for real). */
  deviceOf?: (vg: string, lv: string) => string;
}

export class LvmDriver implements StorageDriver {
  readonly info: StorageDriverInfo = { name: "lvm", optimizedImages: true, quotas: true, usesLoopFile: true, idmappedMounts: true, rawBlockVolumes: true };
  readonly rules: RuleTable = {
    "lvm.vg_name": {
      type: "string",
      description: "Volume group of the pool: without source and size, an existing VG the agent makes its thin pool in; with a block device source, the name of the VG made on it",
      validate: isLvmName,
    },
    "lvm.thinpool_name": { type: "string", default: volumes.DEFAULT_THINPOOL, description: "Thin pool LV the volumes live in (made by the agent unless it exists in an existing VG)", validate: isLvmName },
    "volume.size": { type: "size", default: volumes.DEFAULT_VOLUME_SIZE, description: "Size of a volume created without one (every thin LV has a size)", validate: isSize(MIN_VOLUME_BYTES.ext4) },
    "block.filesystem": { type: "string", default: volumes.DEFAULT_FILESYSTEM, description: "Filesystem made on container, image and filesystem custom volumes", validate: oneOf("ext4", "xfs") },
    "block.mount_options": {
      type: "string",
      default: volumes.DEFAULT_MOUNT_OPTIONS,
      description: "Mount options of the volumes' filesystems (comma-separated)",
      validate: (v) => (/^[A-Za-z0-9_=.:,-]+$/.test(v) ? undefined : "must be comma-separated mount options (letters, digits, '_', '=', '.', ':', '-')"),
    },
  };
  private readonly exec: CommandRunner;
  private readonly requireLvm: (feature: string) => Promise<unknown>;
  private readonly isMounted: (path: string) => Promise<boolean>;
  private readonly deviceOf: (vg: string, lv: string) => string;

  constructor(opts: LvmDriverOptions = {}) {
    this.exec = opts.exec ?? runHost;
    this.requireLvm = opts.requireLvm ?? ((feature) => requireCapability("storage.lvm", feature));
    this.isMounted = opts.isMounted ?? isMounted;
    this.deviceOf = opts.deviceOf ?? volumes.devOf;
  }

  /** The capability check every entry point makes first: names the pool, the driver and what is missing. */
  private async host(pool: PoolSpec): Promise<volumes.Ctx> {
    await this.requireLvm(`lvm storage pool "${pool.name}" (driver lvm)`);
    return { exec: this.exec, isMounted: this.isMounted, pool, dev: (lv) => this.deviceOf(volumes.vgOf(pool), lv) };
  }

  private table(): RuleTable {
    return {
      ...COMMON_RULES,
      source: { ...COMMON_RULES.source!, description: "A block device the agent makes the pool's VG on (an existing VG is named by lvm.vg_name instead)" },
      size: { ...COMMON_RULES.size!, description: "Size of the loop file the agent makes the VG on when no source is given", validate: isSize(MIN_LOOP_BYTES) },
      ...this.rules,
    };
  }

  /** Validates config (before anything else), checks the host can run lvm, fills the defaults. */
  async normalize(pool: PoolSpec): Promise<Record<string, string>> {
    const config = { ...pool.config };
    validateConfig(this.table(), config, "config");
    if (config.source === "") delete config.source;
    const fs = config["block.filesystem"] ?? volumes.DEFAULT_FILESYSTEM;
    const volumeSize = parseSize(config["volume.size"] ?? volumes.DEFAULT_VOLUME_SIZE)!;
    if (volumeSize < MIN_VOLUME_BYTES[fs]!) throw invalid('config["volume.size"]', `must be at least ${MIN_VOLUME_BYTES[fs]} bytes for ${fs}`);
    if (config.source !== undefined) {
      if (!isAbsolute(config.source)) throw invalid('config["source"]', "must be the absolute path of a block device (an existing volume group is given as lvm.vg_name, without source)");
      if (config.size !== undefined) throw invalid('config["size"]', "can only be set when the agent creates a loop file (no source); the pool uses all of its device");
    }
    const ctx = await this.host({ ...pool, config });
    if (config.source !== undefined) {
      const s = await stat(config.source).catch(() => undefined);
      if (!s?.isBlockDevice()) throw invalid('config["source"]', `must be an existing block device (${config.source} is ${s ? "not one" : "missing"})`);
    }
    const backing = backingOf({ ...pool, config });
    if (backing.kind === "vg") {
      const vg = config["lvm.vg_name"]!;
      const found = await ctx.exec(args.vgs(vg)).then(parseVgs, (e) => {
        if (isMissing(e)) return undefined;
        throw e;
      });
      if (!found) throw invalid('config["lvm.vg_name"]', `must be an existing volume group (${vg} does not exist; leave it unset, or give a size, for a VG on a loop file the agent creates)`);
    } else {
      config["lvm.vg_name"] ??= defaultVgOf(pool);
      if (backing.kind === "loop") config.size ??= DEFAULT_LOOP_SIZE;
    }
    config["lvm.thinpool_name"] ??= volumes.DEFAULT_THINPOOL;
    config["block.filesystem"] ??= volumes.DEFAULT_FILESYSTEM;
    config["block.mount_options"] ??= volumes.DEFAULT_MOUNT_OPTIONS;
    config["volume.size"] ??= volumes.DEFAULT_VOLUME_SIZE;
    return config;
  }

  /** Loop file, PV, tagged VG (unless an existing one), thin pool (unless it exists there), host dirs; undone on failure. */
  async create(pool: PoolSpec): Promise<void> {
    const ctx = await this.host(pool);
    const { exec } = ctx;
    const vg = volumes.vgOf(pool);
    const thinpool = volumes.thinpoolOf(pool);
    const tag = tagOf(pool.name);
    const backing = backingOf(pool);
    await Revert.with(async (r) => {
      let ownThinpool = true;
      if (backing.kind === "vg") {
        ownThinpool = (await volumes.lvRow(ctx, thinpool)) === undefined;
      } else {
        let device: string;
        if (backing.kind === "loop") {
          const size = parseSize(pool.config.size ?? DEFAULT_LOOP_SIZE)!;
          await mkdir(pool.disksDir, { recursive: true });
          try {
            await createSparseFile(backing.file, size);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "EEXIST") throw alreadyExists(`loop file ${backing.file}`);
            throw e;
          }
          r.add(`remove ${backing.file}`, () => rm(backing.file, { force: true }));
          device = (await exec(args.loopAttach(backing.file))).trim();
          r.add(`detach ${device}`, () => exec(args.loopDetach(device)));
        } else {
          device = backing.device;
        }
        await exec(args.pvcreate(device));
        r.add(`remove PV ${device}`, () => exec(args.pvremove(device)));
        await exec(args.vgcreate(vg, device, tag));
        r.add(`remove VG ${vg}`, () => exec(args.vgremove(vg)));
      }
      if (ownThinpool) {
        await exec(args.thinPoolCreate(vg, thinpool, tag));
        r.add(`remove thin pool ${vg}/${thinpool}`, () => exec(args.lvremove(vg, thinpool)));
      }
      const madeMountPath = !existsSync(pool.mountPath);
      await this.ensureHostDirs(pool);
      if (madeMountPath) r.add(`remove ${pool.mountPath}`, () => rm(pool.mountPath, { recursive: true, force: true }));
    });
  }

  /** Re-attaches the loop file, activates the VG's LVs, undoes restores cut short and mounts the filesystem volumes. Idempotent. */
  async mount(pool: PoolSpec): Promise<void> {
    const ctx = await this.host(pool);
    const backing = backingOf(pool);
    if (backing.kind === "loop") await this.loopDevice(ctx, backing.file, true);
    await ctx.exec(args.vgActivate(volumes.vgOf(pool)));
    await this.ensureHostDirs(pool);
    const back = await volumes.recoverRestores(ctx);
    if (back.length) log("warn", `pool ${pool.name}: restores an agent stop cut short were undone`, { lvs: back });
    await volumes.mountAll(ctx);
  }

  /** Unmounts the volumes; a VG the agent made is deactivated and its loop device detached. */
  async unmount(pool: PoolSpec): Promise<void> {
    const ctx = await this.host(pool);
    await volumes.umountAll(ctx);
    const backing = backingOf(pool);
    if (backing.kind === "vg") return;
    await ctx.exec(args.vgDeactivate(volumes.vgOf(pool)));
    if (backing.kind === "loop") {
      const dev = await this.loopDevice(ctx, backing.file, false);
      if (dev) await ctx.exec(args.loopDetach(dev));
    }
  }

  /** Removes what the pool made: its VG (with the PV and loop file), or in an existing VG its tagged LVs and thin pool. */
  async delete(pool: PoolSpec): Promise<void> {
    const ctx = await this.host(pool);
    const { exec } = ctx;
    const vg = volumes.vgOf(pool);
    const tag = tagOf(pool.name);
    const backing = backingOf(pool);
    const device = backing.kind === "loop" ? (existsSync(backing.file) ? await this.loopDevice(ctx, backing.file, true) : undefined)
      : backing.kind === "device" ? backing.device : undefined;
    const found = await exec(args.vgs(vg)).then(parseVgs, (e) => {
      if (isMissing(e)) return undefined;
      throw e;
    });
    if (found) {
      await volumes.umountAll(ctx);
      if (backing.kind === "vg") {
        for (const lv of parseLvs(await exec(args.lvsAll(vg))).filter((l) => l.tags.includes(tag) && l.name !== volumes.thinpoolOf(pool))) {
          await exec(args.lvremove(vg, lv.name));
        }
        const thin = await volumes.lvRow(ctx, volumes.thinpoolOf(pool));
        if (thin?.tags.includes(tag)) await exec(args.lvremove(vg, thin.name));
      } else {
        if (!found.tags.includes(tag)) throw precondition(`volume group ${vg} is not tagged ${tag}; refusing to remove it`);
        await exec(args.vgremove(vg));
        if (device) await exec(args.pvremove(device));
      }
    }
    if (backing.kind === "loop") {
      if (device) await exec(args.loopDetach(device));
      await rm(backing.file, { force: true });
    }
    await this.removeHostDirs(pool);
  }

  /** The thin pool's size and how much of it holds data. */
  async usage(pool: PoolSpec): Promise<{ usedBytes: number; totalBytes: number }> {
    const ctx = await this.host(pool);
    const row = await volumes.lvRow(ctx, volumes.thinpoolOf(pool));
    if (!row) throw precondition(`pool ${pool.name}: thin pool ${volumes.vgOf(pool)}/${volumes.thinpoolOf(pool)} does not exist`);
    return { usedBytes: Math.round((row.sizeBytes * row.dataPercent) / 100), totalBytes: row.sizeBytes };
  }

  /** The loop device backing file (attached when `attach` and none is). */
  private async loopDevice(ctx: volumes.Ctx, file: string, attach: boolean): Promise<string | undefined> {
    const m = /^(\/dev\/loop\d+):/m.exec(await ctx.exec(args.loopFind(file)));
    if (m) return m[1];
    return attach ? (await ctx.exec(args.loopAttach(file))).trim() : undefined;
  }

  private async ensureHostDirs(pool: PoolSpec): Promise<void> {
    await mkdir(pool.mountPath, { recursive: true });
    await chmod(pool.mountPath, TRAVERSE_MODE);
    await ensureTopDirs(pool.mountPath);
  }

  /** The pool's host directories hold only (unmounted, empty) mount points once its LVs are gone. */
  private async removeHostDirs(pool: PoolSpec): Promise<void> {
    if (!existsSync(pool.mountPath)) return;
    const prune = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await prune(join(dir, e.name));
      await rmdir(dir);
    };
    await prune(pool.mountPath);
  }

  async createDiskVolume(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
    return volumes.createDiskVolume(await this.host(pool), vol, diskFile, format, signal);
  }
  async writeDiskVolume(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
    return volumes.writeDiskVolume(await this.host(pool), vol, diskFile, format, signal);
  }
  async readDiskVolume(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
    return volumes.readDiskVolume(await this.host(pool), vol, diskFile, format, signal);
  }
  async volumeBlockDevice(pool: PoolSpec, vol: VolumeRef): Promise<string | undefined> {
    return volumes.volumeBlockDevice(await this.host(pool), vol);
  }

  readonly volumePath = volumePathOf;
  async volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean> {
    return volumes.volumeExists(await this.host(pool), vol);
  }
  async createVolume(pool: PoolSpec, vol: VolumeRef, opts?: { sizeBytes?: number; contentType?: volumes.ContentType }): Promise<void> {
    return volumes.createVolume(await this.host(pool), vol, opts);
  }
  async copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts?: CopyVolumeOptions): Promise<void> {
    return volumes.copyVolume(await this.host(pool), source, target, opts);
  }
  async renameVolume(pool: PoolSpec, from: VolumeRef, to: VolumeRef): Promise<void> {
    return volumes.renameVolume(await this.host(pool), from, to);
  }
  async deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
    return volumes.deleteVolume(await this.host(pool), vol);
  }
  async setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
    return volumes.setVolumeQuota(await this.host(pool), vol, sizeBytes);
  }
  async volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number> {
    return volumes.volumeUsage(await this.host(pool), vol);
  }
  async listVolumes(pool: PoolSpec, type?: VolumeType): Promise<VolumeRef[]> {
    return volumes.listVolumes(await this.host(pool), type);
  }
  async snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
    return volumes.snapshotVolume(await this.host(pool), vol, snap);
  }
  async restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
    return volumes.restoreVolume(await this.host(pool), vol, snap);
  }
  async deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
    return volumes.deleteVolumeSnapshot(await this.host(pool), vol, snap);
  }
  async listVolumeSnapshots(pool: PoolSpec, vol: VolumeRef): Promise<string[]> {
    return volumes.listVolumeSnapshots(await this.host(pool), vol);
  }

  /** None: a thin snapshot is already instant. */
  spareClones(): number {
    return 0;
  }
}
