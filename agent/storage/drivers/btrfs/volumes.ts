// Volume operations of the btrfs driver: every volume is a subvolume; copies are CoW snapshots;
// size limits are qgroup limits on referenced bytes.
import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, rename, rm, rmdir } from "node:fs/promises";
import { join } from "node:path";
import { alreadyExists, notFound } from "../../../errors";
import { Revert } from "../../../util/revert";
import type { CopyVolumeOptions, PoolSpec, VolumeRef } from "../../driver";
import { duBytes, listSnapshotDirs, snapshotPathOf, snapshotsDirOf, TRAVERSE_MODE, volumePathOf } from "../layout";
import * as cli from "./cli";

/** btrfs gives every subvolume root this inode number. */
const SUBVOLUME_ROOT_INO = 256;

const snapWhat = (vol: VolumeRef, snap: string): string => `snapshot ${snap} of ${vol.type} volume ${vol.name}`;

/** "subvolume" for a subvolume root, "dir" for a plain directory, undefined when absent. */
async function kindOf(path: string): Promise<"subvolume" | "dir" | undefined> {
  try {
    const s = await lstat(path);
    if (!s.isDirectory()) return undefined;
    return s.ino === SUBVOLUME_ROOT_INO ? "subvolume" : "dir";
  } catch {
    return undefined;
  }
}

/** Absolute paths of the subvolumes directly nested inside the subvolume at path. */
async function nestedSubvolumes(path: string): Promise<string[]> {
  return (await subvolumeAndChildren(path)).children;
}

/** The subvolume's id and the subvolumes nested in it, asked of btrfs at the same time. */
async function subvolumeAndChildren(path: string): Promise<{ id: number; children: string[] }> {
  const [self, children] = await Promise.all([cli.subvolumeShow(path), cli.subvolumeChildren(path)]);
  return { id: self.id, children: children.filter((c) => c.startsWith(self.path + "/")).map((c) => join(path, c.slice(self.path.length + 1))) };
}

/** Deletes a subvolume after the subvolumes nested in it (a container may create its own). */
async function deleteSubvolumeTree(path: string, mountPath: string): Promise<void> {
  const { id, children } = await subvolumeAndChildren(path);
  for (const child of children) await deleteSubvolumeTree(child, mountPath);
  await cli.subvolumeDelete(path);
  await cli.qgroupDestroy(id, mountPath).catch(() => undefined); // quotas may be off; a stale qgroup is harmless
}

/** Snapshots src to dst and, in place of the empty directories btrfs leaves, its nested subvolumes. */
async function snapshotTree(src: string, dst: string): Promise<void> {
  // The nested subvolumes of src are looked up while the snapshot is made: a clone costs one command's time.
  const [, nested] = await Promise.all([cli.subvolumeSnapshot(src, dst), nestedSubvolumes(src)]);
  for (const child of nested) {
    const target = join(dst, child.slice(src.length + 1));
    await rmdir(target);
    await snapshotTree(child, target);
  }
}

/** Whether the volume's subvolume (or a half-made directory) is present. */
export async function volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean> {
  return (await kindOf(volumePathOf(pool, vol))) !== undefined;
}

/** Creates an empty subvolume, limited to sizeBytes when given. */
export async function createVolume(pool: PoolSpec, vol: VolumeRef, opts: { sizeBytes?: number } = {}): Promise<void> {
  const path = volumePathOf(pool, vol);
  if ((await kindOf(path)) !== undefined) throw alreadyExists(`${vol.type} volume ${vol.name}`);
  await Revert.with(async (r) => {
    await cli.subvolumeCreate(path);
    r.add(`delete subvolume ${path}`, () => deleteSubvolumeTree(path, pool.mountPath));
    await chmod(path, TRAVERSE_MODE);
    if (opts.sizeBytes !== undefined) await cli.qgroupLimit(path, opts.sizeBytes);
  });
}

/** Makes target a writable CoW snapshot of source (nested subvolumes included), or of its read-only snapshot. */
export async function copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts: CopyVolumeOptions = {}): Promise<void> {
  const src = opts.snapshot === undefined ? volumePathOf(pool, source) : snapshotPathOf(pool, source, opts.snapshot);
  const dst = volumePathOf(pool, target);
  if ((await kindOf(src)) !== "subvolume") throw notFound(opts.snapshot === undefined ? `${source.type} volume ${source.name}` : snapWhat(source, opts.snapshot));
  if ((await kindOf(dst)) !== undefined) throw alreadyExists(`${target.type} volume ${target.name}`);
  await Revert.with(async (r) => {
    r.add(`delete ${dst}`, () => deleteVolumeAt(dst, pool.mountPath));
    await snapshotTree(src, dst);
    await chmod(dst, TRAVERSE_MODE);
    // A snapshot inherits its source's qgroup limit; image volumes never have one (made without a size).
    if (opts.sizeBytes !== undefined || source.type !== "image") await cli.qgroupLimit(dst, opts.sizeBytes ?? "none");
  });
}

async function deleteVolumeAt(path: string, mountPath: string): Promise<void> {
  switch (await kindOf(path)) {
    case "subvolume":
      return deleteSubvolumeTree(path, mountPath);
    case "dir":
      return rm(path, { recursive: true, force: true });
    case undefined:
      return;
  }
}

/** Deletes the volume and any nested subvolumes, then its snapshots; a missing volume is already deleted. */
export async function deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
  await deleteVolumeAt(volumePathOf(pool, vol), pool.mountPath);
  const dir = snapshotsDirOf(pool, vol);
  if ((await kindOf(dir)) === undefined) return;
  for (const snap of await listSnapshotDirs(pool, vol)) await deleteVolumeAt(join(dir, snap), pool.mountPath);
  await rm(dir, { recursive: true, force: true });
}

/** A read-only snapshot of the volume's subvolume under snapshots/ (subvolumes nested in it stay
 * out, as empty directories: btrfs snapshots stop at subvolume boundaries). */
export async function snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = volumePathOf(pool, vol);
  const dst = snapshotPathOf(pool, vol, snap);
  if ((await kindOf(src)) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  if ((await kindOf(dst)) !== undefined) throw alreadyExists(snapWhat(vol, snap));
  await mkdir(snapshotsDirOf(pool, vol), { recursive: true, mode: TRAVERSE_MODE });
  await cli.subvolumeSnapshot(src, dst, { readonly: true });
}

/** A writable snapshot of the snapshot, made beside it, replaces the volume (its qgroup limit carried over). */
export async function restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = snapshotPathOf(pool, vol, snap);
  if ((await kindOf(src)) !== "subvolume") throw notFound(snapWhat(vol, snap));
  const path = volumePathOf(pool, vol);
  const fresh = join(snapshotsDirOf(pool, vol), `.restoring-${randomBytes(4).toString("hex")}`);
  await Revert.with(async (r) => {
    r.add(`delete ${fresh}`, () => deleteVolumeAt(fresh, pool.mountPath));
    // The limits of the volume and of the snapshot (which the new subvolume inherits) are read while it is made.
    const limitOf = (p: string) => cli.qgroupShow(p).then((q) => q.limit, () => undefined); // quotas may be off
    const [limit, inherited] = await Promise.all([
      kindOf(path).then((k) => (k === "subvolume" ? limitOf(path) : undefined)),
      limitOf(src),
      cli.subvolumeSnapshot(src, fresh),
    ]);
    await chmod(fresh, TRAVERSE_MODE);
    if (limit !== inherited) await cli.qgroupLimit(fresh, limit ?? "none").catch(() => undefined);
    await deleteVolumeAt(path, pool.mountPath);
    await rename(fresh, path);
  });
}

/** Deletes the snapshot's subvolume (and the volume's snapshot directory once empty). */
export async function deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await deleteVolumeAt(snapshotPathOf(pool, vol, snap), pool.mountPath);
  await rmdir(snapshotsDirOf(pool, vol)).catch(() => undefined);
}

export const listVolumeSnapshots = listSnapshotDirs;

/** Sets or removes the qgroup limit on the volume's referenced bytes. */
export async function setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
  const path = volumePathOf(pool, vol);
  if ((await kindOf(path)) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  await cli.qgroupLimit(path, sizeBytes ?? "none");
}

/** Referenced bytes from the qgroup (what the limit counts); du when quotas are unavailable. */
export async function volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number> {
  const path = volumePathOf(pool, vol);
  if ((await kindOf(path)) !== "subvolume") throw notFound(`${vol.type} volume ${vol.name}`);
  try {
    await cli.filesystemSync(path);
    return (await cli.qgroupShow(path)).referenced;
  } catch {
    return duBytes(path);
  }
}
