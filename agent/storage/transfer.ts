// Reading a volume's content as a plain directory, for copies between pools and for backups: the
// volume itself when nothing writes to it, else a point-in-time copy on its own pool (a snapshot
// underneath where the driver has them), so the reader never sees a half-written tree.
import { randomBytes } from "node:crypto";
import { capability } from "../errors";
import type { PoolSpec, StorageDriver, VolumeRef } from "./driver";
/** cp -a of a directory's contents (what the dir driver copies with), for copies between pools. */
export { copyTree } from "./drivers/dir/cli";

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

/** CAPABILITY when the volume is a raw block device (a VM's root disk on lvm): its content is no
 * directory tree of files (rootfs/ or rootfs.img) to read, and reading it is not built yet. */
export async function refuseBlockContent(driver: StorageDriver, spec: PoolSpec, vol: VolumeRef): Promise<void> {
  if (await driver.volumeBlockDevice?.(spec, vol)) {
    throw capability(`the files of ${vol.type} volume ${vol.name}`, `on pool "${spec.name}" (${driver.info.name}) it is a raw block device, which publishing, export and copies to another pool cannot read yet`);
  }
}

/** Runs fn on a directory holding the content. A temporary copy is a `.tmp` spare volume: removed
 * after fn, or by the pool's reconciliation at the next agent start should the agent die first. */
export async function withVolumeContent<T>(src: VolumeSource, signal: AbortSignal | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
  const { driver, spec, vol, snapshot } = src;
  await refuseBlockContent(driver, spec, vol);
  if (snapshot === undefined && !src.inUse) return fn(driver.volumePath(spec, vol));
  const tmp: VolumeRef = { type: "spare", name: `xfer-${randomBytes(4).toString("hex")}.tmp` };
  if (snapshot === undefined) await copyInUse(driver, spec, vol, tmp, signal);
  else await driver.copyVolume(spec, vol, tmp, { snapshot, signal });
  try {
    return await fn(driver.volumePath(spec, tmp));
  } finally {
    await driver.deleteVolume(spec, tmp);
  }
}
