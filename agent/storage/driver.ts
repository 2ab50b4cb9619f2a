// The low-level storage driver contract. A driver knows only its own objects; the storage
// manager (store, locking, rollback, usage accounting) sits above it and never branches on a
// driver's name: it asks `info`.
import type { RuleTable } from "../config/rules";

export interface StorageDriverInfo {
  name: string;
  /** Instances are cheap copy-on-write clones of an image volume (btrfs, zfs). */
  optimizedImages: boolean;
  /** Root disk size limits can be enforced. */
  quotas: boolean;
  /** Driver needs a loop file / device when no `source` is given. */
  usesLoopFile: boolean;
  /** Volumes can be idmapped-mounted, so an unprivileged container's rootfs keeps its on-disk owners.
   * False where the filesystem cannot (FUSE: zfs-fuse): an unprivileged container there would need
   * its files' owners shifted on disk instead; LXC fails with "Failed to create detached idmapped mount". */
  idmappedMounts: boolean;
  /** Volume snapshots are atomic, so a volume in use (a running instance's) is copied or exported
   * consistently through a temporary snapshot of it. Unset: a running instance is refused there. */
  consistentCopies?: boolean;
  /** Block content (a VM's root disk, a block custom volume) is a raw block device the driver makes
   * (createVolume with contentType "block") and reads and writes as a disk file (createDiskVolume,
   * writeDiskVolume, readDiskVolume, volumeBlockDevice). Unset: block content is a disk file inside
   * a filesystem volume (rootfs.img, qcow2, for a VM; root.img, raw, for a custom volume). */
  rawBlockVolumes?: boolean;
}

/** Formats of disk files a raw block volume is filled from or read out into. */
export type DiskFormat = "qcow2" | "raw";

/** A pool as the driver sees it. `config` is validated and normalized (size, source filled in). */
export interface PoolSpec {
  name: string;
  config: Record<string, string>;
  /** Where the pool's volumes live: `<data-dir>/storage-pools/<name>` (mounted here if the driver mounts). */
  mountPath: string;
  /** Directory for the driver's own files (loop images): `<data-dir>/disks`. */
  disksDir: string;
}

/** `spare`: a ready-made copy of an image volume, renamed into place by the next create (see ../spares.ts). */
export type VolumeType = "image" | "container" | "virtual-machine" | "custom" | "spare";

export interface VolumeRef {
  type: VolumeType;
  /** image fingerprint, instance name, or custom volume name. */
  name: string;
}

export interface CopyVolumeOptions {
  sizeBytes?: number;
  signal?: AbortSignal;
  /** Copy this snapshot of the source instead of the source itself. */
  snapshot?: string;
  /** Nobody waits for this copy (a spare clone): drivers that run a copying tool run it at low priority. */
  background?: boolean;
}

export interface StorageDriver {
  readonly info: StorageDriverInfo;
  /** Config keys this driver accepts (besides the common `source`, `size`). */
  readonly rules: RuleTable;

  /** Fills in defaults (e.g. `size` for loop files) and returns the config to store. */
  normalize(pool: PoolSpec): Promise<Record<string, string>>;
  /** Creates the pool on the host (loop file, mkfs, mount). Cleans up after itself on failure. */
  create(pool: PoolSpec): Promise<void>;
  /** Makes an existing pool usable after a restart (re-attach loop device, mount). Idempotent. */
  mount(pool: PoolSpec): Promise<void>;
  /** Undoes mount (unmount, detach loop device). Idempotent. */
  unmount(pool: PoolSpec): Promise<void>;
  /** Removes the pool and everything the driver created for it. */
  delete(pool: PoolSpec): Promise<void>;
  usage(pool: PoolSpec): Promise<{ usedBytes: number; totalBytes: number }>;

  /** Absolute path of a filesystem volume (contains `rootfs/` for image and container volumes). */
  volumePath(pool: PoolSpec, vol: VolumeRef): string;
  volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean>;
  /** Creates an empty volume. */
  createVolume(pool: PoolSpec, vol: VolumeRef, opts?: { sizeBytes?: number; contentType?: "filesystem" | "block" }): Promise<void>;
  /** Creates `target` as a copy (snapshot where the driver can) of `source`, or of its snapshot
   * `snapshot` (a clone of it where the driver can); a long copy stops on signal. NOT_FOUND without
   * the source or its snapshot. */
  copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts?: CopyVolumeOptions): Promise<void>;
  /** Renames a volume in one atomic step; NOT_FOUND when `from` is gone, ALREADY_EXISTS when `to` is there. */
  renameVolume(pool: PoolSpec, from: VolumeRef, to: VolumeRef): Promise<void>;
  deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void>;
  /** Sets (or with undefined removes) a size limit; throws CORRAL_ERR_CAPABILITY if the driver cannot. */
  setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void>;
  volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number>;
  /** How many spare copies of each image volume in use to keep ready (0 where clones are already instant). */
  spareClones(pool: PoolSpec): number;
  /** The most spares of one image kept after a burst of parallel creates asked for more than
   * spareClones (see ../spares.ts); without it, spareClones is the bound. */
  spareClonesMax?(pool: PoolSpec): number;
  /** Volumes present on the host (of one type when given), for reconciliation and spares. */
  listVolumes(pool: PoolSpec, type?: VolumeType): Promise<VolumeRef[]>;

  // Volume snapshots: point-in-time copies of one volume, kept apart from the volumes (never listed
  // by listVolumes) and removed by deleteVolume with their volume.
  /** Takes snapshot `snap` of the volume; NOT_FOUND without the volume, ALREADY_EXISTS when `snap` is there. */
  snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void>;
  /** Makes the volume's content that of snapshot `snap` (quota kept); NOT_FOUND without it. A driver
   * that can only roll back to its newest snapshot (zfs) destroys the newer ones: callers re-read
   * listVolumeSnapshots afterwards. The volume must not be in use. */
  restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void>;
  /** Removes snapshot `snap`; a missing one is already deleted. */
  deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void>;
  /** Names of the volume's snapshots, sorted ([] when the volume has none or is gone). */
  listVolumeSnapshots(pool: PoolSpec, vol: VolumeRef): Promise<string[]>;
  // Drivers with rawBlockVolumes (lvm, as LXD does) have these four; a signal's abort kills the
  // conversion moving a disk's data (a cancelled export, import or copy).
  /** Makes `vol` a raw block volume of the disk file's virtual size holding its content (a VM image's disk, an imported or copied one). */
  createDiskVolume?(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void>;
  /** Overwrites raw block volume `vol` with the disk file's content, the volume grown first to the disk's size (never shrunk). */
  writeDiskVolume?(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void>;
  /** Writes raw block volume `vol`'s content into the new (sparse) file diskFile. The volume must not be written meanwhile. */
  readDiskVolume?(pool: PoolSpec, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void>;
  /** The device node of a raw block volume (what QEMU opens, grown by setVolumeQuota); undefined for a filesystem volume. */
  volumeBlockDevice?(pool: PoolSpec, vol: VolumeRef): Promise<string | undefined>;
  /** Where snapshot `snap` can be read as a directory tree, for drivers that keep one (publishing a snapshot). */
  volumeSnapshotPath?(pool: PoolSpec, vol: VolumeRef, snap: string): string;
}
