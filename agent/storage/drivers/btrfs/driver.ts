// The btrfs storage driver: a pool is a btrfs filesystem on a loop file the agent makes (no
// source), on a block device, or an existing directory on btrfs (bind-mounted). Volumes are
// subvolumes, copies are snapshots, root disk limits are qgroup limits.
import { mkdir, rm, rmdir, stat, statfs } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { alreadyExists, capability, invalid, precondition } from "../../../errors";
import { attachLoop, createSparseFile, detachLoopsFor, removeLoopFile } from "../../../host/loop";
import { isMounted, mount, umountAll } from "../../../host/mount";
import { succeeds } from "../../../host/run";
import { isSize, parseSize, validateConfig, type RuleTable } from "../../../config/rules";
import { Revert } from "../../../util/revert";
import { log } from "../../../util/log";
import type { PoolSpec, StorageDriver, StorageDriverInfo } from "../../driver";
import { checkTag, COMMON_RULES, ensureLayout, isEmptyDir, listVolumeDirs, recoverRestores, removeLayout, renameVolumeDir, snapshotPathOf, statfsUsage, volumePathOf } from "../layout";
import * as cli from "./cli";
import * as volumes from "./volumes";

const BTRFS_SUPER_MAGIC = 0x9123683e;
/** Below this mkfs.btrfs (with its default DUP metadata) leaves too little room to be useful. */
const MIN_LOOP_BYTES = 128 * 2 ** 20;
const DEFAULT_LOOP_SIZE = "5GiB";
const DEFAULT_MOUNT_OPTIONS = "user_subvol_rm_allowed";

/** Where the pool's filesystem comes from; decided from config and what the source is on the host. */
type Backing =
  | { kind: "loop"; file: string }
  | { kind: "device"; device: string }
  | { kind: "dir"; dir: string };

/** The loop file the agent owns for a pool without a source. */
export const loopFileOf = (pool: PoolSpec): string => join(pool.disksDir, `${pool.name}.img`);

async function backingOf(pool: PoolSpec): Promise<Backing> {
  const source = pool.config.source;
  if (source === undefined || source === "") return { kind: "loop", file: loopFileOf(pool) };
  const s = await stat(source).catch(() => undefined);
  if (s?.isBlockDevice()) return { kind: "device", device: source };
  return { kind: "dir", dir: source };
}

const mountOptionsOf = (pool: PoolSpec): string[] =>
  (pool.config["btrfs.mount_options"] ?? DEFAULT_MOUNT_OPTIONS).split(",").map((o) => o.trim()).filter(Boolean);

/** Creates mountPath when missing; registers its removal only if this call made it. */
async function makeMountPath(path: string, r?: Revert): Promise<void> {
  const made = await mkdir(path, { recursive: true });
  if (made !== undefined && r) r.add(`remove ${path}`, () => rm(path, { recursive: true, force: true }));
}

async function rmdirIfPresent(path: string): Promise<void> {
  await rmdir(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
}

async function requireBtrfsTools(): Promise<void> {
  if (!(await succeeds("btrfs", ["--version"]))) throw capability("btrfs storage pools", "the btrfs tool (btrfs-progs) is not installed");
}

export class BtrfsDriver implements StorageDriver {
  readonly info: StorageDriverInfo = { name: "btrfs", optimizedImages: true, quotas: true, usesLoopFile: true, idmappedMounts: true, consistentCopies: true };
  readonly rules: RuleTable = {
    "btrfs.mount_options": {
      type: "string",
      default: DEFAULT_MOUNT_OPTIONS,
      description: "Mount options for the pool's btrfs filesystem (comma-separated)",
      validate: (v) => (/^[A-Za-z0-9_=.:,-]+$/.test(v) ? undefined : "must be comma-separated mount options (letters, digits, '_', '=', '.', ':', '-')"),
    },
  };

  private table(): RuleTable {
    return {
      ...COMMON_RULES,
      size: { ...COMMON_RULES.size!, validate: isSize(MIN_LOOP_BYTES) },
      ...this.rules,
    };
  }

  /** Validates config; without a source fills `size` (loop file) and the mount options. */
  async normalize(pool: PoolSpec): Promise<Record<string, string>> {
    const config = { ...pool.config };
    validateConfig(this.table(), config, "config");
    config["btrfs.mount_options"] ??= DEFAULT_MOUNT_OPTIONS;
    if (config.source === undefined || config.source === "") {
      delete config.source;
      config.size ??= DEFAULT_LOOP_SIZE;
      return config;
    }
    const source = config.source;
    if (!isAbsolute(source)) throw invalid('config["source"]', "must be an absolute path to a directory on btrfs or a block device");
    if (config.size !== undefined) {
      throw invalid('config["size"]', "can only be set when the agent creates a loop file (no source); the pool uses all of its source");
    }
    const s = await stat(source).catch(() => undefined);
    if (s === undefined) throw invalid('config["source"]', `must be an existing directory on btrfs or a block device (${source} does not exist)`);
    if (s.isBlockDevice()) return config;
    if (!s.isDirectory()) throw invalid('config["source"]', `must be a directory on btrfs or a block device (${source} is neither)`);
    const fs = await statfs(source);
    if (fs.type !== BTRFS_SUPER_MAGIC) {
      throw invalid('config["source"]', `must be a directory on a btrfs filesystem (${source} is on filesystem type 0x${fs.type.toString(16)})`);
    }
    return config;
  }

  /** Makes the filesystem (loop file or device), mounts it, enables quotas, lays out the dirs; undone on failure. */
  async create(pool: PoolSpec): Promise<void> {
    await requireBtrfsTools();
    const backing = await backingOf(pool);
    if (await isMounted(pool.mountPath)) throw precondition(`something is already mounted at ${pool.mountPath}`);
    await Revert.with(async (r) => {
      switch (backing.kind) {
        case "loop": {
          const size = parseSize(pool.config.size ?? DEFAULT_LOOP_SIZE);
          if (size === undefined || size < MIN_LOOP_BYTES) throw invalid('config["size"]', `must be a size of at least ${MIN_LOOP_BYTES} bytes`);
          await mkdir(pool.disksDir, { recursive: true });
          try {
            await createSparseFile(backing.file, size);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === "EEXIST") throw alreadyExists(`loop file ${backing.file}`);
            throw e;
          }
          r.add(`remove ${backing.file}`, () => removeLoopFile(backing.file));
          await cli.mkfs(backing.file, `corral-${pool.name}`, { force: true });
          await makeMountPath(pool.mountPath, r);
          r.add(`detach loop devices of ${backing.file}`, () => detachLoopsFor(backing.file));
          const dev = await attachLoop(backing.file);
          await mount(dev, pool.mountPath, { type: "btrfs", options: mountOptionsOf(pool) });
          break;
        }
        case "device":
          // No -f: mkfs refuses a device that already holds a filesystem, so we never wipe data.
          await cli.mkfs(backing.device, `corral-${pool.name}`);
          await makeMountPath(pool.mountPath, r);
          await mount(backing.device, pool.mountPath, { type: "btrfs", options: mountOptionsOf(pool) });
          break;
        case "dir":
          if (!(await isEmptyDir(backing.dir))) throw invalid('config["source"]', `must be an empty directory (${backing.dir} is not empty)`);
          await makeMountPath(pool.mountPath, r);
          await mount(backing.dir, pool.mountPath, { bind: true });
          break;
        default: {
          const never: never = backing;
          throw never;
        }
      }
      r.add(`unmount ${pool.mountPath}`, () => umountAll(pool.mountPath));
      r.add(`remove layout of ${pool.name}`, () => removeLayout(pool.mountPath));
      await cli.quotaEnable(pool.mountPath);
      await ensureLayout(pool.mountPath, pool.name);
    });
  }

  /** Re-attaches the loop file (reusing an existing loop device) and mounts unless mounted; clears
   * the qgroups of subvolumes deleted since (kernels that do not drop them themselves). */
  async mount(pool: PoolSpec): Promise<void> {
    if (!(await isMounted(pool.mountPath))) await this.attach(pool);
    const settled = await recoverRestores(pool, volumes.deleteVolumeAt, true);
    if (settled.length) log("warn", `pool ${pool.name}: settled restores an agent stop cut short`, { settled });
    await cli.qgroupClearStale(pool.mountPath).catch(() => undefined); // quotas may be off
  }

  private async attach(pool: PoolSpec): Promise<void> {
    const backing = await backingOf(pool);
    await makeMountPath(pool.mountPath);
    switch (backing.kind) {
      case "loop": {
        if (!(await stat(backing.file).catch(() => undefined))) throw precondition(`pool ${pool.name}: loop file ${backing.file} is missing`);
        const dev = await attachLoop(backing.file);
        try {
          await mount(dev, pool.mountPath, { type: "btrfs", options: mountOptionsOf(pool) });
        } catch (e) {
          await detachLoopsFor(backing.file).catch(() => undefined);
          throw e;
        }
        return;
      }
      case "device":
        await mount(backing.device, pool.mountPath, { type: "btrfs", options: mountOptionsOf(pool) });
        return;
      case "dir":
        await mount(backing.dir, pool.mountPath, { bind: true });
        return;
      default: {
        const never: never = backing;
        throw never;
      }
    }
  }

  /** Unmounts and detaches the pool's loop device(s); no-op when already down. */
  async unmount(pool: PoolSpec): Promise<void> {
    await umountAll(pool.mountPath);
    const backing = await backingOf(pool);
    if (backing.kind === "loop") await detachLoopsFor(backing.file);
  }

  /** Removes the pool: loop file and device, or (for a directory source) every subvolume we made. */
  async delete(pool: PoolSpec): Promise<void> {
    volumes.forgetPool(pool);
    const backing = await backingOf(pool);
    switch (backing.kind) {
      case "loop":
        await this.unmount(pool);
        await removeLoopFile(backing.file);
        break;
      case "device":
        // The device is the user's: unmount only, leave the filesystem (as LXD does).
        await this.unmount(pool);
        break;
      case "dir":
        await this.mount(pool);
        await checkTag(pool.mountPath, pool.name);
        for (const vol of await listVolumeDirs(pool)) await volumes.deleteVolume(pool, vol); // with their snapshots
        await removeLayout(pool.mountPath);
        await this.unmount(pool);
        break;
      default: {
        const never: never = backing;
        throw never;
      }
    }
    await rmdirIfPresent(pool.mountPath);
  }

  /** Used and total bytes of the pool's filesystem (statfs; the pool must be mounted). */
  async usage(pool: PoolSpec): Promise<{ usedBytes: number; totalBytes: number }> {
    if (!(await isMounted(pool.mountPath))) throw precondition(`pool ${pool.name} is not mounted`);
    return statfsUsage(pool.mountPath);
  }

  // Volume operations live in ./volumes (one file per concern, as the contract's volume half).
  readonly volumePath = volumePathOf;
  readonly volumeExists = volumes.volumeExists;
  readonly createVolume = volumes.createVolume;
  readonly copyVolume = volumes.copyVolume;
  readonly renameVolume = renameVolumeDir;
  readonly deleteVolume = volumes.deleteVolume;
  readonly setVolumeQuota = volumes.setVolumeQuota;
  readonly volumeUsage = volumes.volumeUsage;
  readonly listVolumes = listVolumeDirs;
  readonly snapshotVolume = volumes.snapshotVolume;
  readonly restoreVolume = volumes.restoreVolume;
  readonly deleteVolumeSnapshot = volumes.deleteVolumeSnapshot;
  readonly listVolumeSnapshots = volumes.listVolumeSnapshots;
  readonly volumeSnapshotPath = snapshotPathOf;

  /** None: a clone is a snapshot, already instant. */
  spareClones(): number {
    return 0;
  }
}
