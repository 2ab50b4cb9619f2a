// What every filesystem-backed pool looks like on the host: `images/<fingerprint>`,
// `containers/<name>`, `virtual-machines/<name>`, `custom/<name>` under the pool's mount path, volume
// snapshots in `snapshots/<top>/<name>/<snapshot>` (never listed as volumes), plus a tag file so delete
// never removes a directory Corral did not make. Shared by the dir and btrfs drivers.
import { chmod, lstat, mkdir, readdir, readFile, rename, rm, statfs, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { alreadyExists, invalid, notFound, precondition } from "../../errors";
import { run } from "../../host/run";
import { isAny, isSize, type RuleTable } from "../../config/rules";
import type { PoolSpec, VolumeRef, VolumeType } from "../driver";
import { byCodeUnit } from "../../util/compare";

export const TOP_DIRS: Record<VolumeType, string> = {
  image: "images", container: "containers", "virtual-machine": "virtual-machines", custom: "custom", spare: "spares",
};
const VOLUME_TYPES = Object.keys(TOP_DIRS) as VolumeType[];
/** Where volume snapshots live: a top dir that is no volume type, so listing volumes never sees them. */
export const SNAPSHOTS_DIR = "snapshots";
const ALL_TOPS = [...Object.values(TOP_DIRS), SNAPSHOTS_DIR];
/** Snapshot names: a leading '.' stays free for the drivers' temporary directories. */
const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Pool top dirs and volume dirs: traversable (not readable) by an unprivileged container's mapped root. */
export const TRAVERSE_MODE = 0o711;

/** Marks a directory as a Corral pool; its content is the pool name. */
export const POOL_TAG = ".corral-pool";

/** Rules for the keys every driver shares; `size` is overridden by drivers with a minimum. */
export const COMMON_RULES: RuleTable = {
  source: { type: "string", description: "Where the pool lives: an existing directory or (btrfs) a block device", validate: isAny },
  size: { type: "size", description: "Size of the loop file the agent creates when no source is given", validate: isSize() },
};

/** Path of a volume; rejects names that could escape the pool (names are validated again here on purpose). */
export function volumePathOf(pool: PoolSpec, vol: VolumeRef): string {
  const top = TOP_DIRS[vol.type];
  if (top === undefined) throw invalid("volume type", `must be one of ${VOLUME_TYPES.join(", ")}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(vol.name)) {
    throw invalid(`${vol.type} volume name`, "must be 1-128 characters of letters, digits, '_', '.', '-' and start with a letter or digit");
  }
  return join(pool.mountPath, top, vol.name);
}

/** Directory holding the snapshots of a volume: `snapshots/<top>/<name>`. */
export function snapshotsDirOf(pool: PoolSpec, vol: VolumeRef): string {
  volumePathOf(pool, vol); // validates type and name
  return join(pool.mountPath, SNAPSHOTS_DIR, TOP_DIRS[vol.type], vol.name);
}

/** Checks a snapshot name (again, on purpose: it becomes a path or a zfs snapshot name). */
export function checkSnapshotName(snap: string): string {
  if (!SNAPSHOT_NAME.test(snap)) throw invalid("snapshot name", "must be 1-64 characters of letters, digits, '_', '.', '-' and start with a letter or digit");
  return snap;
}

/** Path of snapshot `snap` of a volume. */
export function snapshotPathOf(pool: PoolSpec, vol: VolumeRef, snap: string): string {
  return join(snapshotsDirOf(pool, vol), checkSnapshotName(snap));
}

/** Snapshot names present for a volume (directories not starting with '.'), sorted. */
export async function listSnapshotDirs(pool: PoolSpec, vol: VolumeRef): Promise<string[]> {
  try {
    const entries = await readdir(snapshotsDirOf(pool, vol), { withFileTypes: true });
    return entries.filter((d) => d.isDirectory() && !d.name.startsWith(".")).map((d) => d.name).sort(byCodeUnit);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
}

/** Creates the top dirs and the tag at root; safe to call again on an existing pool. */
export async function ensureLayout(root: string, poolName: string): Promise<void> {
  await chmod(root, TRAVERSE_MODE);
  await ensureTopDirs(root);
  await writeFile(join(root, POOL_TAG), poolName + "\n", { mode: 0o644 });
}

/** Creates whichever top dirs are missing (a pool made by an older version lacks the newer ones). */
export async function ensureTopDirs(root: string): Promise<void> {
  for (const top of ALL_TOPS) {
    const p = join(root, top);
    if ((await mkdir(p, { recursive: true })) !== undefined) await chmod(p, TRAVERSE_MODE);
  }
}

/** Throws unless root carries this pool's tag: the guard before any recursive delete. */
export async function checkTag(root: string, poolName: string): Promise<void> {
  let tag: string;
  try {
    tag = (await readFile(join(root, POOL_TAG), "utf8")).trim();
  } catch {
    throw precondition(`${root} is not tagged as Corral pool ${poolName} (missing ${POOL_TAG}); refusing to delete its contents`);
  }
  if (tag !== poolName) throw precondition(`${root} belongs to pool ${tag}, not ${poolName}; refusing to delete its contents`);
}

/** True when root carries any Corral pool tag. */
export async function hasTag(root: string): Promise<boolean> {
  try {
    await readFile(join(root, POOL_TAG));
    return true;
  } catch {
    return false;
  }
}

/** rename(2) of a volume's directory (a btrfs subvolume moves the same way): atomic, never half-done.
 * rename(2) would replace an empty directory at `to`; callers hold the target's lock, so a check first is enough. */
export async function renameVolumeDir(pool: PoolSpec, from: VolumeRef, to: VolumeRef): Promise<void> {
  const dst = volumePathOf(pool, to);
  if (await lstat(dst).then(() => true, () => false)) throw alreadyExists(`${to.type} volume ${to.name}`);
  try {
    await rename(volumePathOf(pool, from), dst);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw notFound(`${from.type} volume ${from.name}`);
    if (code === "EEXIST" || code === "ENOTEMPTY") throw alreadyExists(`${to.type} volume ${to.name}`);
    throw e;
  }
}

/** Removes the (already emptied or plain-directory) top dirs and the tag. */
export async function removeLayout(root: string): Promise<void> {
  for (const top of ALL_TOPS) await rm(join(root, top), { recursive: true, force: true });
  await rm(join(root, POOL_TAG), { force: true });
}

/** Volumes present under the pool's top dirs (directories only); of one type when given. */
export async function listVolumeDirs(pool: PoolSpec, only?: VolumeType): Promise<VolumeRef[]> {
  const out: VolumeRef[] = [];
  for (const type of only ? [only] : VOLUME_TYPES) {
    let entries;
    try {
      entries = await readdir(join(pool.mountPath, TOP_DIRS[type]), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw e;
    }
    for (const d of entries) if (d.isDirectory()) out.push({ type, name: d.name });
  }
  return out.sort((a, b) => byCodeUnit(a.type + "/" + a.name, b.type + "/" + b.name));
}

/** Used/total bytes of the filesystem holding path (as `df` reports it). */
export async function statfsUsage(path: string): Promise<{ usedBytes: number; totalBytes: number }> {
  const s = await statfs(path);
  return { usedBytes: (s.blocks - s.bfree) * s.bsize, totalBytes: s.blocks * s.bsize };
}

/** Disk bytes used under path, not crossing into other filesystems. */
export async function duBytes(path: string): Promise<number> {
  const res = await run("du", ["-s", "-x", "-B1", "--", path], { timeoutMs: 300_000 });
  const n = Number(res.stdout.trim().split(/\s+/)[0]);
  if (!Number.isFinite(n)) throw new Error(`du printed no size for ${path}`);
  return n;
}

/** Whether the directory at path has no entries (a missing path counts as empty). */
export async function isEmptyDir(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw e;
  }
}

/** Prefixes of what a restore makes in a volume's snapshot directory (dir, btrfs): the snapshot's
 * copy that becomes the volume, and the volume it replaces (dir). */
export const RESTORING_PREFIX = ".restoring-";
export const REPLACED_PREFIX = ".replaced-";

/**
 * Pool load: settles the restores an agent killed mid-way left. A volume that is there keeps its
 * content and the leftovers go. A volume that is gone gets back the one it was being replaced from
 * (dir's `.replaced-*`), else, when `completeCopies` (a btrfs snapshot exists only once complete),
 * the snapshot's copy: the restore is finished. Returns what it settled, as paths under the pool.
 */
export async function recoverRestores(pool: PoolSpec, remove: (path: string) => Promise<void>, completeCopies: boolean): Promise<string[]> {
  const settled: string[] = [];
  const entries = async (dir: string) => readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return [] as string[];
    throw e;
  });
  for (const top of Object.values(TOP_DIRS)) {
    for (const name of await entries(join(pool.mountPath, SNAPSHOTS_DIR, top))) {
      const dir = join(pool.mountPath, SNAPSHOTS_DIR, top, name);
      const left = (await entries(dir)).filter((n) => n.startsWith(RESTORING_PREFIX) || n.startsWith(REPLACED_PREFIX)).sort(byCodeUnit);
      if (!left.length) continue;
      const volume = join(pool.mountPath, top, name);
      if (!(await lstat(volume).then(() => true, () => false))) {
        const back = left.find((n) => n.startsWith(REPLACED_PREFIX)) ?? (completeCopies ? left.find((n) => n.startsWith(RESTORING_PREFIX)) : undefined);
        if (back) {
          await rename(join(dir, back), volume);
          left.splice(left.indexOf(back), 1);
          settled.push(`${top}/${name}: ${back} put back`);
        }
      }
      for (const n of left) {
        await remove(join(dir, n));
        settled.push(`${top}/${name}: ${n} removed`);
      }
    }
  }
  return settled;
}
