// The dir storage driver: a pool is a directory (the pool's own path, or a user-given `source`
// bind-mounted there). No copy-on-write, no quotas; copies use reflinks when the fs has them.
import { mkdir, rm, rmdir, stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { invalid, precondition } from "../../../errors";
import { isMounted, mount, umountAll } from "../../../host/mount";
import { isInt, validateConfig, type RuleTable } from "../../../config/rules";
import { Revert } from "../../../util/revert";
import { log } from "../../../util/log";
import type { PoolSpec, StorageDriver, StorageDriverInfo } from "../../driver";
import { checkTag, COMMON_RULES, ensureLayout, ensureTopDirs, hasTag, isEmptyDir, listVolumeDirs, recoverRestores, removeLayout, renameVolumeDir, snapshotPathOf, statfsUsage, volumePathOf } from "../layout";
import * as volumes from "./volumes";

/** One spare per image in use makes a sequential create skip its copy, for one more copy's disk space. */
const DEFAULT_SPARE_CLONES = 1;
const MAX_SPARE_CLONES = 16;
/** After a burst of N parallel creates of one image, up to this many spares of it (N when fewer),
 * so the next burst of that size copies nothing: at most this many copies of the image's disk space. */
const DEFAULT_SPARE_CLONES_MAX = 8;

const sourceOf = (pool: PoolSpec): string => pool.config.source ?? pool.mountPath;
const isBound = (pool: PoolSpec): boolean => resolve(sourceOf(pool)) !== resolve(pool.mountPath);

/** Creates mountPath when missing; registers its removal only if this call made it. */
async function makeMountPath(path: string, r?: Revert): Promise<void> {
  const made = await mkdir(path, { recursive: true });
  if (made !== undefined && r) r.add(`remove ${path}`, () => rm(path, { recursive: true, force: true }));
}

export class DirDriver implements StorageDriver {
  readonly info: StorageDriverInfo = { name: "dir", optimizedImages: false, quotas: false, usesLoopFile: false, idmappedMounts: true };
  readonly rules: RuleTable = {
    "dir.spare_clones": {
      type: "integer",
      default: String(DEFAULT_SPARE_CLONES),
      description: "Ready-made copies of each image volume in use, renamed into place by the next create so it skips the copy (0 keeps none)",
      validate: isInt(0, MAX_SPARE_CLONES),
    },
    "dir.spare_clones_max": {
      type: "integer",
      default: String(DEFAULT_SPARE_CLONES_MAX),
      description: "Spares kept of an image after a burst of parallel creates of it: as many as the burst had, up to this (each a full copy of the image volume; below dir.spare_clones it has no effect)",
      validate: isInt(0, MAX_SPARE_CLONES),
    },
  };

  /** Validates config; `source` defaults to the pool's own directory. */
  async normalize(pool: PoolSpec): Promise<Record<string, string>> {
    const config = { ...pool.config };
    validateConfig({ ...COMMON_RULES, ...this.rules }, config, "config");
    if (config.size !== undefined) {
      throw invalid('config["size"]', "is not supported by the dir driver (a dir pool uses the space of its source filesystem; use btrfs for a sized pool)");
    }
    if (config.source === undefined || config.source === "") {
      config.source = pool.mountPath;
      return config;
    }
    if (!isAbsolute(config.source)) throw invalid('config["source"]', "must be an absolute path");
    if (resolve(config.source) === resolve(pool.mountPath)) return config;
    let isDir = false;
    try {
      isDir = (await stat(config.source)).isDirectory();
    } catch {
      throw invalid('config["source"]', `must be an existing directory (${config.source} does not exist)`);
    }
    if (!isDir) throw invalid('config["source"]', `must be an existing directory (${config.source} is not a directory)`);
    return config;
  }

  /** Makes the pool directory (or bind-mounts source there) and its layout; undone on failure. */
  async create(pool: PoolSpec): Promise<void> {
    await Revert.with(async (r) => {
      if (isBound(pool)) {
        const source = sourceOf(pool);
        if (!(await isEmptyDir(source))) throw invalid('config["source"]', `must be an empty directory (${source} is not empty)`);
        if (await isMounted(pool.mountPath)) throw precondition(`something is already mounted at ${pool.mountPath}`);
        await makeMountPath(pool.mountPath, r);
        await mount(source, pool.mountPath, { bind: true });
        r.add(`unmount ${pool.mountPath}`, () => umountAll(pool.mountPath));
      } else {
        if (!(await isEmptyDir(pool.mountPath))) throw precondition(`pool directory ${pool.mountPath} already exists and is not empty`);
        await makeMountPath(pool.mountPath, r);
      }
      r.add(`remove layout of ${pool.name}`, () => removeLayout(pool.mountPath));
      await ensureLayout(pool.mountPath, pool.name);
    });
  }

  /** Re-establishes the bind mount of an external source after a restart. */
  async mount(pool: PoolSpec): Promise<void> {
    if (isBound(pool) && !(await isMounted(pool.mountPath))) {
      await makeMountPath(pool.mountPath);
      await mount(sourceOf(pool), pool.mountPath, { bind: true });
    }
    if (await hasTag(pool.mountPath)) {
      await ensureTopDirs(pool.mountPath);
      const settled = await recoverRestores(pool, (p) => rm(p, { recursive: true, force: true }), false);
      if (settled.length) log("warn", `pool ${pool.name}: settled restores an agent stop cut short`, { settled });
    } else if (!isBound(pool)) throw precondition(`pool ${pool.name}: ${pool.mountPath} is missing or not a Corral pool`);
    // An untagged external source is left as it is: delete's tag check refuses to touch it.
  }

  /** Drops the bind mount (nothing to do for a pool in its own directory). */
  async unmount(pool: PoolSpec): Promise<void> {
    if (isBound(pool)) await umountAll(pool.mountPath);
  }

  /** Removes every volume and the layout; an external source directory itself is left in place. */
  async delete(pool: PoolSpec): Promise<void> {
    if (isBound(pool)) {
      await this.mount(pool);
      await checkTag(pool.mountPath, pool.name);
      await removeLayout(pool.mountPath);
      await umountAll(pool.mountPath);
      await rmdir(pool.mountPath).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e;
      });
      return;
    }
    if (await isEmptyDir(pool.mountPath)) {
      await rm(pool.mountPath, { recursive: true, force: true });
      return;
    }
    await checkTag(pool.mountPath, pool.name);
    await removeLayout(pool.mountPath);
    await rm(pool.mountPath, { recursive: true, force: true });
  }

  /** Space of the filesystem the pool lives on (shared with whatever else is on it). */
  usage(pool: PoolSpec): Promise<{ usedBytes: number; totalBytes: number }> {
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

  spareClones(pool: PoolSpec): number {
    return Number(pool.config["dir.spare_clones"] ?? DEFAULT_SPARE_CLONES);
  }

  spareClonesMax(pool: PoolSpec): number {
    return Number(pool.config["dir.spare_clones_max"] ?? DEFAULT_SPARE_CLONES_MAX);
  }
}
