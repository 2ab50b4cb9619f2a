// The zfs storage driver: a pool is a zpool on a sparse file the agent makes (zfs-fuse and kernel
// ZFS both take a file as a vdev: no loop device), or a dataset Corral creates inside an existing
// pool or dataset given as `source` (then only that child is Corral's, and only it is ever
// destroyed). Volumes are datasets mounted at their volume paths, instances are clones of an
// image's snapshot, root disk limits are refquotas. On hosts without kernel ZFS the zfs-fuse
// daemon is started when a pool needs it, and a pool is mounted again after the daemon restarts.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { alreadyExists, invalid, precondition } from "../../../errors";
import { createSparseFile } from "../../../host/loop";
import { readMounts } from "../../../host/mount";
import { isSize, parseSize, validateConfig, type RuleTable } from "../../../config/rules";
import { log } from "../../../util/log";
import { Revert } from "../../../util/revert";
import type { PoolSpec, StorageDriver, StorageDriverInfo } from "../../driver";
import { COMMON_RULES, volumePathOf } from "../layout";
import * as cli from "./cli";
import * as volumes from "./volumes";

/** ZFS refuses vdevs smaller than this (SPA_MINDEVSIZE). */
const MIN_FILE_BYTES = 64 * 2 ** 20;
const DEFAULT_FILE_SIZE = "5GiB";
/** A dataset name as zfs spells it: components of letters, digits, '_', '.', ':', '-' joined by '/'. */
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9_.:-]+)*$/;
/** ZFS names are at most 255 characters; the pool's own `/corral-<pool>/<top>/<volume>` goes below. */
const MAX_SOURCE_LENGTH = 128;

/** Kernel OpenZFS 2.2 and later can be idmapped-mounted; FUSE (zfs-fuse) cannot. */
function zfsIdmapsMounts(): boolean {
  if (!existsSync("/dev/zfs")) return false;
  try {
    const [major, minor] = readFileSync("/sys/module/zfs/version", "utf8").trim().split(/[.-]/).map(Number);
    return major! > 2 || (major === 2 && minor! >= 2);
  } catch {
    return false;
  }
}

/** Removes the pool's mount path where it holds only (empty) mountpoint directories. */
async function removeHostDirs(pool: PoolSpec): Promise<void> {
  const below = (await readMounts()).filter((m) => m.mountPoint === pool.mountPath || m.mountPoint.startsWith(pool.mountPath + "/"));
  if (below.length) throw precondition(`pool ${pool.name}: ${below[0]!.mountPoint} is still mounted; refusing to remove ${pool.mountPath}`);
  const prune = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) await prune(join(dir, e.name));
    await rmdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT" && e.code !== "ENOTEMPTY") throw e;
      if (e.code === "ENOTEMPTY") log("warn", `pool ${pool.name}: leaving ${dir}, which holds files outside any dataset`);
    });
  };
  await prune(pool.mountPath);
}

export class ZfsDriver implements StorageDriver {
  readonly info: StorageDriverInfo = { name: "zfs", optimizedImages: true, quotas: true, usesLoopFile: true, idmappedMounts: zfsIdmapsMounts(), consistentCopies: true };
  readonly rules: RuleTable = {};

  private table(): RuleTable {
    return {
      ...COMMON_RULES,
      source: { ...COMMON_RULES.source!, description: "An existing ZFS pool or dataset (e.g. tank or tank/corral) in which the agent creates its own dataset corral-<pool>" },
      size: { ...COMMON_RULES.size!, description: "Size of the file the agent creates the zpool on when no source is given", validate: isSize(MIN_FILE_BYTES) },
      ...this.rules,
    };
  }

  /** Validates config; without a source fills `size` (the zpool's file); a source must be an existing dataset. */
  async normalize(pool: PoolSpec): Promise<Record<string, string>> {
    const config = { ...pool.config };
    validateConfig(this.table(), config, "config");
    if (config.source === undefined || config.source === "") {
      delete config.source;
      config.size ??= DEFAULT_FILE_SIZE;
      return config;
    }
    const source = config.source;
    if (config.size !== undefined) {
      throw invalid('config["size"]', "can only be set when the agent creates the pool's file (no source); a dataset source uses the space of its zpool");
    }
    if (!DATASET_NAME.test(source) || source.length > MAX_SOURCE_LENGTH) {
      throw invalid('config["source"]', "must be the name of an existing ZFS pool or dataset, e.g. tank or tank/corral (leave source unset for a zpool on a file the agent creates)");
    }
    await cli.ensureDaemon();
    const p = await cli.getProps(source, ["type"]);
    if (!p) throw invalid('config["source"]', `must be an existing ZFS pool or dataset (${source} does not exist)`);
    if (p.type !== "filesystem") throw invalid('config["source"]', `must be a filesystem dataset (${source} is a ${p.type})`);
    return config;
  }

  /** Makes the zpool on its file (or the pool's dataset inside source), the top datasets and the
   * host directories they are mounted in; undone on failure. */
  async create(pool: PoolSpec): Promise<void> {
    await cli.ensureDaemon();
    const root = volumes.rootOf(pool);
    volumes.forget(pool);
    await Revert.with(async (r) => {
      if (volumes.isFileBacked(pool)) {
        const size = parseSize(pool.config.size ?? DEFAULT_FILE_SIZE);
        if (size === undefined || size < MIN_FILE_BYTES) throw invalid('config["size"]', `must be a size of at least ${MIN_FILE_BYTES} bytes`);
        const zpool = volumes.zpoolNameOf(pool);
        const file = volumes.poolFileOf(pool);
        if (await volumes.zpoolImported(zpool)) throw alreadyExists(`zpool ${zpool}`);
        await mkdir(pool.disksDir, { recursive: true });
        try {
          await createSparseFile(file, size);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "EEXIST") throw alreadyExists(`pool file ${file}`);
          throw e;
        }
        r.add(`remove ${file}`, () => rm(file, { force: true }));
        try {
          await cli.zpool(cli.args.zpoolCreate(zpool, file, pool.mountPath, pool.name));
        } catch (e) {
          throw cli.isExisting(e) ? alreadyExists(`zpool ${zpool}`) : e;
        }
        r.add(`destroy zpool ${zpool}`, async () => {
          await volumes.umountAll(pool);
          await cli.zpool(cli.args.zpoolDestroy(zpool));
        });
      } else {
        if (await cli.exists(root)) throw alreadyExists(`dataset ${root}`);
        await cli.create(root, { canmount: "off", mountpoint: pool.mountPath, [cli.TAG]: pool.name });
        r.add(`destroy ${root}`, () => volumes.destroyRoot(pool));
      }
      const madeMountPath = !existsSync(pool.mountPath);
      await volumes.ensureHostDirs(pool);
      if (madeMountPath) r.add(`remove ${pool.mountPath}`, () => removeHostDirs(pool));
      await volumes.ensureTopDatasets(pool);
    });
  }

  /** Starts zfs-fuse if needed, imports the zpool if it is not, mounts the volumes. Idempotent. */
  async mount(pool: PoolSpec): Promise<void> {
    volumes.forget(pool);
    await volumes.ready(pool);
  }

  /** Unmounts the pool's datasets and exports a file-backed zpool; no-op when already down. */
  async unmount(pool: PoolSpec): Promise<void> {
    await cli.ensureDaemon();
    volumes.forget(pool);
    if (volumes.isFileBacked(pool)) {
      const zpool = volumes.zpoolNameOf(pool);
      if (!(await volumes.zpoolImported(zpool))) return;
      await volumes.umountAll(pool);
      await cli.zpool(cli.args.zpoolExport(zpool));
    } else if (await cli.exists(volumes.rootOf(pool))) {
      await volumes.umountAll(pool);
    }
  }

  /** Destroys the zpool and its file, or (with a source) the one dataset Corral made in it; each only
   * when it carries this pool's tag. A half-created pool (a file but no zpool) loses its file. */
  async delete(pool: PoolSpec): Promise<void> {
    await cli.ensureDaemon();
    volumes.forget(pool);
    if (volumes.isFileBacked(pool)) {
      const zpool = volumes.zpoolNameOf(pool);
      const file = volumes.poolFileOf(pool);
      let imported = await volumes.zpoolImported(zpool);
      if (!imported && existsSync(file)) {
        imported = await cli.zpool(cli.args.zpoolImport(zpool, pool.disksDir)).then(() => true, (e: Error) => {
          log("warn", `pool ${pool.name}: ${file} holds no importable zpool; removing it`, { error: e.message });
          return false;
        });
      }
      if (imported) {
        await volumes.checkRootTag(pool);
        await volumes.umountAll(pool);
        await cli.zpool(cli.args.zpoolDestroy(zpool));
      }
      await rm(file, { force: true });
    } else {
      const root = volumes.rootOf(pool);
      if (await cli.exists(root)) {
        await volumes.checkRootTag(pool);
        await volumes.destroyRoot(pool);
      }
    }
    await removeHostDirs(pool);
  }

  /** Used bytes of the pool's root dataset and what it could hold (used + available). */
  async usage(pool: PoolSpec): Promise<{ usedBytes: number; totalBytes: number }> {
    await volumes.ready(pool);
    const p = await cli.getProps(volumes.rootOf(pool), ["used", "available"]);
    if (!p) throw precondition(`pool ${pool.name}: dataset ${volumes.rootOf(pool)} does not exist`);
    const used = Number(p.used);
    return { usedBytes: used, totalBytes: used + Number(p.available) };
  }

  // Volume operations live in ./volumes (one file per concern, as the contract's volume half).
  readonly volumePath = volumePathOf;
  readonly volumeExists = volumes.volumeExists;
  readonly createVolume = volumes.createVolume;
  readonly copyVolume = volumes.copyVolume;
  readonly renameVolume = volumes.renameVolume;
  readonly deleteVolume = volumes.deleteVolume;
  readonly setVolumeQuota = volumes.setVolumeQuota;
  readonly volumeUsage = volumes.volumeUsage;
  readonly listVolumes = volumes.listVolumes;
  readonly snapshotVolume = volumes.snapshotVolume;
  readonly restoreVolume = volumes.restoreVolume;
  readonly deleteVolumeSnapshot = volumes.deleteVolumeSnapshot;
  readonly listVolumeSnapshots = volumes.listVolumeSnapshots;

  /** None: a clone of the image snapshot is already instant. */
  spareClones(): number {
    return 0;
  }
}
