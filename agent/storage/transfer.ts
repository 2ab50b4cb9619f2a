// Reading a volume's content as a plain directory, for copies between pools, backups and publishing:
// the volume itself when nothing writes to it, else a point-in-time copy on its own pool (a snapshot
// underneath where the driver has them), so the reader never sees a half-written tree. A raw block
// volume (lvm) is read out into a disk file in a staging directory of its pool, and written back
// from one; the staging an agent killed mid-way leaves is removed when the pool is next loaded.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { invalid } from "../errors";
import type { PoolSpec, StorageDriver, VolumeRef } from "./driver";
/** cp -a of a directory's contents (what the dir driver copies with), for copies between pools. */
import { copyTree } from "./drivers/dir/cli";

/** Where the content to read comes from: the volume (in use or not) or one of its snapshots. */
export interface VolumeSource {
  driver: StorageDriver;
  spec: PoolSpec;
  vol: VolumeRef;
  snapshot?: string;
  /** The volume is being written (its instance runs): read a point-in-time copy of it. */
  inUse?: boolean;
}

/** Copies a volume in use as it is at one instant: a temporary snapshot of it is copied (so the copy
 * is a clone where the driver clones snapshots) and then deleted (on zfs it stays, hidden, as the
 * clone's origin until the clone goes). Only for drivers with `consistentCopies`. */
export async function copyInUse(driver: StorageDriver, spec: PoolSpec, vol: VolumeRef, target: VolumeRef, signal?: AbortSignal): Promise<void> {
  const snapshot = `copy-${randomBytes(4).toString("hex")}`;
  await driver.snapshotVolume(spec, vol, snapshot);
  try {
    await driver.copyVolume(spec, vol, target, { snapshot, signal });
  } finally {
    await driver.deleteVolumeSnapshot(spec, vol, snapshot);
  }
}

/** The disk of a block volume inside its volume directory, on pools whose block volumes are files. */
export const blockVolumeFile = (volumePath: string): string => join(volumePath, "root.img");
/** A VM's disk (qcow2) in the files of its volume, as the filesystem-backed pools keep it. */
export const VM_DISK = "rootfs.img";

/** Prefix of a pool's staging directories (an image unpacked before its disk goes onto a block
 * volume, a block volume's disk read out as a file): removed when done, or at the next agent start
 * (removeStaging) should the agent die first. */
export const STAGING_PREFIX = ".unpack-";
/** Staging lives beside the image volumes, under the pool's directory (lvm: a host directory, its LVs hold no files). */
const stagingParent = (driver: StorageDriver, spec: PoolSpec): string => dirname(driver.volumePath(spec, { type: "image", name: "staging" }));

/** Runs fn on a new staging directory of the pool, removed afterwards. */
export async function withStaging<T>(driver: StorageDriver, spec: PoolSpec, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(stagingParent(driver, spec), STAGING_PREFIX));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Pool load: removes the staging directories an agent killed mid-way left; returns their names. */
export async function removeStaging(driver: StorageDriver, spec: PoolSpec): Promise<string[]> {
  const parent = stagingParent(driver, spec);
  let names: string[];
  try {
    names = (await readdir(parent)).filter((n) => n.startsWith(STAGING_PREFIX));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  for (const n of names) await rm(join(parent, n), { recursive: true, force: true });
  return names;
}

/** Whether the pool makes the volume a raw block device (a VM's root disk, a block custom volume on lvm). */
async function isRawBlock(driver: StorageDriver, spec: PoolSpec, vol: VolumeRef): Promise<boolean> {
  return !!driver.info.rawBlockVolumes && (await driver.volumeBlockDevice!(spec, vol)) !== undefined;
}

/** Runs fn on a directory holding the content. A temporary copy is a `.tmp` spare volume: removed
 * after fn, or by the pool's reconciliation at the next agent start should the agent die first.
 * A raw block volume's content is its disk read out as a qcow2 `rootfs.img` in a staging directory
 * (the layout a VM's volume has on the other pools). */
export async function withVolumeContent<T>(src: VolumeSource, signal: AbortSignal | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const { driver, spec, vol, snapshot } = src;
  const read = (await isRawBlock(driver, spec, vol))
    ? (v: VolumeRef) => withStaging(driver, spec, async (dir) => {
      await driver.readDiskVolume!(spec, v, join(dir, VM_DISK), "qcow2", signal);
      return fn(dir);
    })
    : (v: VolumeRef) => fn(driver.volumePath(spec, v));
  if (snapshot === undefined && !src.inUse) return read(vol);
  const tmp: VolumeRef = { type: "spare", name: `xfer-${randomBytes(4).toString("hex")}.tmp` };
  if (snapshot === undefined) await copyInUse(driver, spec, vol, tmp, signal);
  else await driver.copyVolume(spec, vol, tmp, { snapshot, signal });
  try {
    return await read(tmp);
  } finally {
    await driver.deleteVolume(spec, tmp);
  }
}

/** Makes `vol` from a directory of volume content (withVolumeContent's): a VM's disk goes onto a
 * raw block volume where the pool makes them, else the files are copied into a new filesystem volume. */
export async function createVolumeFrom(driver: StorageDriver, spec: PoolSpec, vol: VolumeRef, dir: string, signal?: AbortSignal): Promise<void> {
  if (vol.type === "virtual-machine" && driver.info.rawBlockVolumes) {
    const disk = join(dir, VM_DISK);
    if (!existsSync(disk)) throw invalid("source", `the virtual machine's files hold no ${VM_DISK} to put on its raw disk`);
    return driver.createDiskVolume!(spec, vol, disk, "qcow2", signal);
  }
  await driver.createVolume(spec, vol);
  try {
    await copyTree(dir, driver.volumePath(spec, vol), signal);
  } catch (e) {
    await driver.deleteVolume(spec, vol);
    throw e;
  }
}

/** Runs fn on a file holding a block custom volume's raw content: its disk file, or a raw block
 * volume read out into a staging file. */
export async function withBlockFile<T>(driver: StorageDriver, spec: PoolSpec, vol: VolumeRef, fn: (file: string) => Promise<T>): Promise<T> {
  if (!(await isRawBlock(driver, spec, vol))) return fn(blockVolumeFile(driver.volumePath(spec, vol)));
  return withStaging(driver, spec, async (dir) => {
    const file = blockVolumeFile(dir);
    await driver.readDiskVolume!(spec, vol, file, "raw");
    return fn(file);
  });
}
