// Volume operations of the dir driver: every volume is a plain directory.
import { chmod, mkdir, rm, stat } from "node:fs/promises";
import { alreadyExists, capability, notFound } from "../../../errors";
import { Revert } from "../../../util/revert";
import type { PoolSpec, VolumeRef } from "../../driver";
import { duBytes, TRAVERSE_MODE, volumePathOf } from "../layout";
import { copyTree } from "./cli";

const noQuota = () =>
  capability("root disk size limits on a dir pool", "a dir pool is a plain directory and cannot limit a volume's size; use a btrfs pool");

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

/** Full copy (reflinked where the filesystem supports it); a half-made target is removed on failure. */
export async function copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts: { sizeBytes?: number; signal?: AbortSignal } = {}): Promise<void> {
  if (opts.sizeBytes !== undefined) throw noQuota();
  const src = volumePathOf(pool, source);
  const dst = volumePathOf(pool, target);
  if (!(await exists(src))) throw notFound(`${source.type} volume ${source.name}`);
  await Revert.with(async (r) => {
    await createVolume(pool, target);
    r.add(`remove ${dst}`, () => rm(dst, { recursive: true, force: true }));
    await copyTree(src, dst, opts.signal);
    await chmod(dst, TRAVERSE_MODE);
  });
}

/** Removes the volume's directory; a missing volume is already deleted. */
export async function deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
  await rm(volumePathOf(pool, vol), { recursive: true, force: true });
}

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
