// Volume operations of the dir driver: every volume is a plain directory.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, rename, rm, rmdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { alreadyExists, capability, notFound } from "../../../errors";
import { Revert } from "../../../util/revert";
import type { CopyVolumeOptions, PoolSpec, VolumeRef } from "../../driver";
import { duBytes, listSnapshotDirs, REPLACED_PREFIX, RESTORING_PREFIX, snapshotPathOf, snapshotsDirOf, TRAVERSE_MODE, volumePathOf } from "../layout";
import { copyTree } from "./cli";

const noQuota = () =>
  capability("root disk size limits on a dir pool", "a dir pool is a plain directory and cannot limit a volume's size; use a btrfs pool");

const snapWhat = (vol: VolumeRef, snap: string): string => `snapshot ${snap} of ${vol.type} volume ${vol.name}`;

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the volume's directory is present. */
export function volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean> {
  return exists(volumePathOf(pool, vol));
}

/** Makes the volume's directory; a size is refused because dir cannot enforce it. */
export async function createVolume(pool: PoolSpec, vol: VolumeRef, opts: { sizeBytes?: number } = {}): Promise<void> {
  if (opts.sizeBytes !== undefined) throw noQuota();
  const path = volumePathOf(pool, vol);
  try {
    await mkdir(path, { mode: TRAVERSE_MODE });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw alreadyExists(`${vol.type} volume ${vol.name}`);
    throw e;
  }
  await chmod(path, TRAVERSE_MODE);
}

/** Full copy of the volume or one of its snapshots (reflinked where the filesystem supports it); a
 * half-made target is removed on failure. */
export async function copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts: CopyVolumeOptions = {}): Promise<void> {
  if (opts.sizeBytes !== undefined) throw noQuota();
  const src = opts.snapshot === undefined ? volumePathOf(pool, source) : snapshotPathOf(pool, source, opts.snapshot);
  const dst = volumePathOf(pool, target);
  if (!(await exists(src))) throw notFound(opts.snapshot === undefined ? `${source.type} volume ${source.name}` : snapWhat(source, opts.snapshot));
  await Revert.with(async (r) => {
    await createVolume(pool, target);
    r.add(`remove ${dst}`, () => rm(dst, { recursive: true, force: true }));
    await copyTree(src, dst, opts.signal, opts.background);
    await chmod(dst, TRAVERSE_MODE);
  });
}

/** Removes the volume's directory and its snapshots; a missing volume is already deleted. */
export async function deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
  await rm(volumePathOf(pool, vol), { recursive: true, force: true });
  await rm(snapshotsDirOf(pool, vol), { recursive: true, force: true });
}

/** A snapshot on dir is a full copy (reflinked where the filesystem can) under snapshots/. */
export async function snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = volumePathOf(pool, vol);
  const dst = snapshotPathOf(pool, vol, snap);
  if (!(await exists(src))) throw notFound(`${vol.type} volume ${vol.name}`);
  await mkdir(snapshotsDirOf(pool, vol), { recursive: true, mode: TRAVERSE_MODE });
  try {
    await mkdir(dst, { mode: TRAVERSE_MODE });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw alreadyExists(snapWhat(vol, snap));
    throw e;
  }
  await Revert.with(async (r) => {
    r.add(`remove ${dst}`, () => rm(dst, { recursive: true, force: true }));
    await copyTree(src, dst);
    await chmod(dst, TRAVERSE_MODE);
  });
}

/** Copies the snapshot beside it, then swaps the copy in with two renames; the old content goes last. */
export async function restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  const src = snapshotPathOf(pool, vol, snap);
  if (!(await exists(src))) throw notFound(snapWhat(vol, snap));
  const path = volumePathOf(pool, vol);
  const tag = randomBytes(4).toString("hex");
  const fresh = join(snapshotsDirOf(pool, vol), `${RESTORING_PREFIX}${tag}`);
  const old = join(snapshotsDirOf(pool, vol), `${REPLACED_PREFIX}${tag}`);
  await Revert.with(async (r) => {
    await mkdir(fresh, { mode: TRAVERSE_MODE });
    r.add(`remove ${fresh}`, () => rm(fresh, { recursive: true, force: true }));
    await copyTree(src, fresh);
    await chmod(fresh, TRAVERSE_MODE);
    if (await exists(path)) {
      await rename(path, old);
      r.add(`put ${path} back`, () => rename(old, path));
    }
    await rename(fresh, path);
  });
  await rm(old, { recursive: true, force: true });
}

/** Removes the snapshot's copy (and the volume's snapshot directory once empty). */
export async function deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await rm(snapshotPathOf(pool, vol, snap), { recursive: true, force: true });
  await rmdir(snapshotsDirOf(pool, vol)).catch(() => undefined);
}

export const listVolumeSnapshots = listSnapshotDirs;

/** Only removing a limit is possible on dir (there never is one). */
export async function setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
  if (sizeBytes !== undefined) throw noQuota();
}

/** Bytes used by the volume's files. */
export async function volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number> {
  const path = volumePathOf(pool, vol);
  if (!(await exists(path))) throw notFound(`${vol.type} volume ${vol.name}`);
  return duBytes(path);
}
