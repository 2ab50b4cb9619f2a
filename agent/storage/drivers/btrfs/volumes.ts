// Volume operations of the btrfs driver: every volume is a subvolume; copies are CoW snapshots;
// size limits are qgroup limits on referenced bytes. Metadata calls on the pool (lstat, mkdir,
// chmod, rename) are synchronous: one local syscall each, cheaper than a trip through libuv's thread
// pool; the btrfs commands are what takes time.
import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, renameSync } from "node:fs";
import { chmod, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { alreadyExists, notFound } from "../../../errors";
import { CommandError } from "../../../host/run";
import { Revert } from "../../../util/revert";
import type { CopyVolumeOptions, PoolSpec, VolumeRef } from "../../driver";
import { duBytes, listSnapshotDirs, RESTORING_PREFIX, snapshotPathOf, snapshotsDirOf, TRAVERSE_MODE, volumePathOf } from "../layout";
import * as cli from "./cli";

/** btrfs gives every subvolume root this inode number. */
const SUBVOLUME_ROOT_INO = 256;

const snapWhat = (vol: VolumeRef, snap: string): string => `snapshot ${snap} of ${vol.type} volume ${vol.name}`;

/** "subvolume" for a subvolume root, "dir" for a plain directory, undefined when absent. */
function kindOf(path: string): "subvolume" | "dir" | undefined {
  const s = lstatSync(path, { throwIfNoEntry: false });
  if (!s?.isDirectory()) return undefined;
  return s.ino === SUBVOLUME_ROOT_INO ? "subvolume" : "dir";
}

/** Absolute paths of the subvolumes directly nested inside the subvolume at path. */
async function nestedSubvolumes(path: string): Promise<string[]> {
  const [self, children] = await Promise.all([cli.subvolumeShow(path), cli.subvolumeChildren(path)]);
  return children.filter((c) => c.startsWith(self.path + "/")).map((c) => join(path, c.slice(self.path.length + 1)));
}

/** Deletes a subvolume: one command, and only when btrfs refuses because subvolumes are nested in
 * it (a container may create its own) are they looked up and deleted first. The kernel drops a
 * deleted subvolume's qgroup itself once the subvolume is cleaned up (older kernels leave it: the
 * pool's mount clears stale qgroups). */
async function deleteSubvolumeTree(path: string): Promise<void> {
  try {
    await cli.subvolumeDelete(path);
  } catch (e) {
    if (!(e instanceof CommandError && /Directory not empty/.test(e.stderr))) throw e;
    for (const child of await nestedSubvolumes(path)) await deleteSubvolumeTree(child);
    await cli.subvolumeDelete(path);
  }
}

/** Snapshots src to dst and, in place of the empty directories btrfs leaves, its nested subvolumes
 * (`known`: those of src, when known already); returns the subvolumes nested in src. */
async function snapshotTree(src: string, dst: string, known?: string[]): Promise<string[]> {
  // Unless known, the nested subvolumes of src are looked up while the snapshot is made: a clone costs one command's time.
  const [, nested] = await Promise.all([cli.subvolumeSnapshot(src, dst), known ?? nestedSubvolumes(src)]);
  for (const child of nested) {
    const target = join(dst, child.slice(src.length + 1));
    await rmdir(target);
    await snapshotTree(child, target);
  }
  return nested;
}

/** The subvolumes nested in each image volume (by path), looked up at its first copy: an image
 * volume does not change once filled, so later clones of it are a single command. A volume
 * created or deleted at that path drops its entry. */
const nestedInImage = new Map<string, string[]>();

// ---- qgroup limits ----------------------------------------------------------------------------------

/** Per pool (mount path): whether any of its subvolumes may have a qgroup limit. Limits are the
 * agent's (set through this driver), so once a pool's qgroups were read, only the driver's own
 * limit calls can make it true; a pool without limits restores without reading any. */
const limitsInPool = new Map<string, boolean>();

/** Sets (or with "none" removes) a subvolume's limit, noting that the pool has limits. */
async function setLimit(pool: PoolSpec, path: string, limit: number | "none"): Promise<void> {
  if (limit !== "none") limitsInPool.set(pool.mountPath, true);
  await cli.qgroupLimit(path, limit);
}

/** Whether a subvolume of the pool may have a limit: its qgroups are read once per agent (quotas off: none). */
async function poolMayHaveLimits(pool: PoolSpec): Promise<boolean> {
  let known = limitsInPool.get(pool.mountPath);
  if (known === undefined) {
    const limits = await cli.qgroupLimits(pool.mountPath).catch(() => []);
    known = limitsInPool.get(pool.mountPath) ?? limits.length > 0; // a limit set meanwhile counts
    limitsInPool.set(pool.mountPath, known);
  }
  return known;
}

/** Forgets what is known of a pool's limits (the pool is gone; one made at its path starts afresh). */
export function forgetPool(pool: PoolSpec): void {
  limitsInPool.delete(pool.mountPath);
  for (const path of nestedInImage.keys()) if (path.startsWith(pool.mountPath + "/")) nestedInImage.delete(path);
}

/** Whether the volume's subvolume (or a half-made directory) is present. */
export async function volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean> {
  return (await kindOf(volumePathOf(pool, vol))) !== undefined;
}

/** Creates an empty subvolume, limited to sizeBytes when given. */
export async function createVolume(pool: PoolSpec, vol: VolumeRef, opts: { sizeBytes?: number } = {}): Promise<void> {
  const path = volumePathOf(pool, vol);
  if (kindOf(path) !== undefined) throw alreadyExists(`${vol.type} volume ${vol.name}`);
  nestedInImage.delete(path);
  await Revert.with(async (r) => {
    await cli.subvolumeCreate(path);
    r.add(`delete subvolume ${path}`, () => deleteSubvolumeTree(path));
    await chmod(path, TRAVERSE_MODE);
    if (opts.sizeBytes !== undefined) await setLimit(pool, path, opts.sizeBytes);
  });
}

/** Makes target a writable CoW snapshot of source (nested subvolumes included), or of its read-only snapshot. */
export async function copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts: CopyVolumeOptions = {}): Promise<void> {
  const src = opts.snapshot === undefined ? volumePathOf(pool, source) : snapshotPathOf(pool, source, opts.snapshot);
  const dst = volumePathOf(pool, target);
  if (kindOf(src) !== "subvolume") throw notFound(opts.snapshot === undefined ? `${source.type} volume ${source.name}` : snapWhat(source, opts.snapshot));
  if (kindOf(dst) !== undefined) throw alreadyExists(`${target.type} volume ${target.name}`);
  await Revert.with(async (r) => {
    r.add(`delete ${dst}`, () => deleteVolumeAt(dst));
    const image = source.type === "image" && opts.snapshot === undefined;
    const nested = await snapshotTree(src, dst, image ? nestedInImage.get(src) : undefined);
    if (image) nestedInImage.set(src, nested);
    chmodSync(dst, TRAVERSE_MODE);
    // A snapshot inherits its source's qgroup limit; image volumes never have one (made without a size).
    if (opts.sizeBytes !== undefined || source.type !== "image") await setLimit(pool, dst, opts.sizeBytes ?? "none");
  });
}

/** Deletes a volume (or a restore's leftover) at path: a subvolume with those nested in it, or a directory. */
export async function deleteVolumeAt(path: string): Promise<void> {
  nestedInImage.delete(path);
  switch (kindOf(path)) {
    case "subvolume":
      return deleteSubvolumeTree(path);
    case "dir":
      return rm(path, { recursive: true, force: true });
    case undefined:
      return;
  }
}

/** Deletes the volume and any nested subvolumes, then its snapshots; a missing volume is already deleted. */
export async function deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
  await deleteVolumeAt(volumePathOf(pool, vol));
  const dir = snapshotsDirOf(pool, vol);
  if (kindOf(dir) === undefined) return;
  for (const snap of await listSnapshotDirs(pool, vol)) await deleteVolumeAt(join(dir, snap));
  await rm(dir, { recursive: true, force: true });
}

/** A read-only snapshot of the volume's subvolume under snapshots/ (subvolumes nested in it stay
 * out, as empty directories: btrfs snapshots stop at subvolume boundaries). */
export async function snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = volumePathOf(pool, vol);
  const dst = snapshotPathOf(pool, vol, snap);
  if (kindOf(src) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  if (kindOf(dst) !== undefined) throw alreadyExists(snapWhat(vol, snap));
  mkdirSync(snapshotsDirOf(pool, vol), { recursive: true, mode: TRAVERSE_MODE });
  await cli.subvolumeSnapshot(src, dst, { readonly: true });
}

/** A writable snapshot of the snapshot, made beside it, replaces the volume. It inherits the
 * snapshot's qgroup limit; the volume's current one is kept: where the pool may have limits both
 * are read while it is made, and the limit is set only when they differ. */
export async function restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = snapshotPathOf(pool, vol, snap);
  if (kindOf(src) !== "subvolume") throw notFound(snapWhat(vol, snap));
  const path = volumePathOf(pool, vol);
  const fresh = join(snapshotsDirOf(pool, vol), `${RESTORING_PREFIX}${randomBytes(4).toString("hex")}`);
  await Revert.with(async (r) => {
    r.add(`delete ${fresh}`, () => deleteVolumeAt(fresh));
    const limitOf = (p: string) => cli.qgroupShow(p).then((q) => q.limit, () => undefined); // quotas may be off
    const readLimits = async () => {
      if (!(await poolMayHaveLimits(pool))) return undefined;
      return Promise.all([kindOf(path) === "subvolume" ? limitOf(path) : undefined, limitOf(src)]);
    };
    const [limits] = await Promise.all([readLimits(), cli.subvolumeSnapshot(src, fresh)]);
    chmodSync(fresh, TRAVERSE_MODE);
    if (limits && limits[0] !== limits[1]) await setLimit(pool, fresh, limits[0] ?? "none").catch(() => undefined);
    await deleteVolumeAt(path);
    renameSync(fresh, path);
  });
}

/** Deletes the snapshot's subvolume (and the volume's snapshot directory once empty). */
export async function deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await deleteVolumeAt(snapshotPathOf(pool, vol, snap));
  await rmdir(snapshotsDirOf(pool, vol)).catch(() => undefined);
}

export const listVolumeSnapshots = listSnapshotDirs;

/** Sets or removes the qgroup limit on the volume's referenced bytes. */
export async function setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
  const path = volumePathOf(pool, vol);
  if (kindOf(path) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  await setLimit(pool, path, sizeBytes ?? "none");
}

/** Referenced bytes from the qgroup (what the limit counts); du when quotas are unavailable. */
export async function volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number> {
  const path = volumePathOf(pool, vol);
  if (kindOf(path) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  try {
    await cli.filesystemSync(path);
    return (await cli.qgroupShow(path)).referenced;
  } catch {
    return duBytes(path);
  }
}
