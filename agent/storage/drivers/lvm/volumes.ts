// Volume operations of the lvm driver. Every volume is a thin LV `<top>_<name>` in the pool's thin
// pool (as LXD names them): a filesystem (ext4 or xfs) mounted at its volume path for containers,
// container images and filesystem custom volumes, or a raw LV (tagged corral.content=block) for a
// VM image (its disk converted to raw), the VMs cloned from it, a block custom volume, and any volume
// made empty as block content (a `virtual-machine` volume, or contentType "block"). A raw LV is
// filled from a disk file and read out into one by qemu-img (imports, exports, publishing, copies
// between pools). Copies (an instance from its image or a snapshot) and snapshots (`<lv>+<snap>`,
// left inactive) are thin snapshots: independent LVs sharing blocks in the thin pool; a copy keeps
// its source's content type. Every command goes through the context's CommandRunner (see ./cli).
import { chmod, mkdir, rmdir } from "node:fs/promises";
import { alreadyExists, invalid, notFound, precondition } from "../../../errors";
import { parseSize } from "../../../config/rules";
import { byCodeUnit } from "../../../util/compare";
import { Revert } from "../../../util/revert";
import type { DiskFormat, PoolSpec, VolumeRef, VolumeType } from "../../driver";
import { checkSnapshotName, TOP_DIRS, TRAVERSE_MODE, volumePathOf } from "../layout";
import { args, BLOCK_TAG, isExisting, isMissing, parseLvs, tagOf, type CommandRunner, type Filesystem, type LvRow } from "./cli";

export const DEFAULT_THINPOOL = "CorralThinPool";
export const DEFAULT_VOLUME_SIZE = "10GiB";
export const DEFAULT_FILESYSTEM: Filesystem = "ext4";
export const DEFAULT_MOUNT_OPTIONS = "discard";
/** Separates a volume's LV name from its snapshot's: '+' is valid in LV names and never in volume names. */
const SNAP_SEP = "+";
/** The LV a restore parks the replaced volume under ('.' never starts a snapshot name). */
const RESTORE_PARK = ".restoring";
const TYPE_OF_TOP = new Map(Object.entries(TOP_DIRS).map(([type, top]) => [top, type as VolumeType]));

/** What the volume functions need: how to run commands, whether a path is mounted, and the pool. */
export interface Ctx {
  exec: CommandRunner;
  isMounted: (path: string) => Promise<boolean>;
  pool: PoolSpec;
  /** The device node of an LV of the pool's VG (devOf; a test stands a loop device in for it). */
  dev: (lv: string) => string;
}

export type ContentType = "filesystem" | "block";

// ---- names -----------------------------------------------------------------------------------------

export const vgOf = (pool: PoolSpec): string => pool.config["lvm.vg_name"]!;
export const thinpoolOf = (pool: PoolSpec): string => pool.config["lvm.thinpool_name"] ?? DEFAULT_THINPOOL;
const fsOf = (pool: PoolSpec): Filesystem => (pool.config["block.filesystem"] as Filesystem | undefined) ?? DEFAULT_FILESYSTEM;
const mountOptionsOf = (pool: PoolSpec): string => pool.config["block.mount_options"] ?? DEFAULT_MOUNT_OPTIONS;
/** The LV of a volume; the name is checked as volume paths are. */
export function lvOf(pool: PoolSpec, vol: VolumeRef): string {
  volumePathOf(pool, vol); // validates type and name
  return `${TOP_DIRS[vol.type]}_${vol.name}`;
}
const snapLvOf = (pool: PoolSpec, vol: VolumeRef, snap: string): string => `${lvOf(pool, vol)}${SNAP_SEP}${checkSnapshotName(snap)}`;
/** The device node of an LV (a VM's disk, or what a filesystem volume is mounted from). */
export const devOf = (vg: string, lv: string): string => `/dev/${vg}/${lv}`;
const what = (vol: VolumeRef): string => `${vol.type} volume ${vol.name}`;
const isBlockRow = (row: LvRow): boolean => row.tags.includes(BLOCK_TAG);

// ---- queries ---------------------------------------------------------------------------------------

/** The LV's row, or undefined when it does not exist. */
export async function lvRow(ctx: Ctx, lv: string): Promise<LvRow | undefined> {
  try {
    return parseLvs(await ctx.exec(args.lvs(vgOf(ctx.pool), lv)))[0];
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** The pool's own LVs (carrying its tag), the thin pool excluded. */
async function ownLvs(ctx: Ctx): Promise<LvRow[]> {
  const tag = tagOf(ctx.pool.name);
  const rows = parseLvs(await ctx.exec(args.lvsAll(vgOf(ctx.pool))));
  return rows.filter((r) => r.tags.includes(tag) && r.name !== thinpoolOf(ctx.pool));
}

/** The row, PRECONDITION when the LV is not this pool's. */
function checkOwn(ctx: Ctx, row: LvRow): LvRow {
  if (!row.tags.includes(tagOf(ctx.pool.name))) throw precondition(`LV ${vgOf(ctx.pool)}/${row.name} is not tagged ${tagOf(ctx.pool.name)}; refusing to touch it`);
  return row;
}

/** The LV's row, NOT_FOUND when missing, PRECONDITION when it is not this pool's. */
async function ownRow(ctx: Ctx, lv: string, whatItIs: string): Promise<LvRow> {
  const row = await lvRow(ctx, lv);
  if (!row) throw notFound(whatItIs);
  return checkOwn(ctx, row);
}

// ---- mounting --------------------------------------------------------------------------------------

/** Mounts a filesystem LV at its volume path unless something already is mounted there. */
async function mountLv(ctx: Ctx, lv: string, path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  if (await ctx.isMounted(path)) return;
  await ctx.exec(args.mount(fsOf(ctx.pool), ctx.dev(lv), path, mountOptionsOf(ctx.pool)));
}

async function umountIfMounted(ctx: Ctx, path: string): Promise<void> {
  if (await ctx.isMounted(path)) await ctx.exec(args.umount(path));
}

/** Mounts every filesystem volume of the pool (after activation on start). */
export async function mountAll(ctx: Ctx): Promise<void> {
  for (const row of await ownLvs(ctx)) {
    const vol = volumeOfLv(row.name);
    if (vol && !isBlockRow(row)) await mountLv(ctx, row.name, volumePathOf(ctx.pool, vol));
  }
}

/** Unmounts every mounted volume of the pool. */
export async function umountAll(ctx: Ctx): Promise<void> {
  for (const row of await ownLvs(ctx)) {
    const vol = volumeOfLv(row.name);
    if (vol && !isBlockRow(row)) await umountIfMounted(ctx, volumePathOf(ctx.pool, vol));
  }
}

/** The volume an LV name stands for; undefined for snapshots and LVs of no known type. */
function volumeOfLv(lv: string): VolumeRef | undefined {
  if (lv.includes(SNAP_SEP)) return undefined;
  const i = lv.indexOf("_");
  const type = i > 0 ? TYPE_OF_TOP.get(lv.slice(0, i)) : undefined;
  return type ? { type, name: lv.slice(i + 1) } : undefined;
}

// ---- volume operations -----------------------------------------------------------------------------

export async function volumeExists(ctx: Ctx, vol: VolumeRef): Promise<boolean> {
  return (await lvRow(ctx, lvOf(ctx.pool, vol))) !== undefined;
}

/** Size of a new volume: the one asked for, else the pool's `volume.size`. */
const sizeOf = (pool: PoolSpec, sizeBytes: number | undefined): number => sizeBytes ?? parseSize(pool.config["volume.size"] ?? DEFAULT_VOLUME_SIZE)!;
/** VM disks are raw LVs; anything else is a filesystem unless asked otherwise. */
const contentOf = (vol: VolumeRef, contentType?: ContentType): ContentType => contentType ?? (vol.type === "virtual-machine" ? "block" : "filesystem");

/** A thin LV of the volume's size; a filesystem volume gets its filesystem and is mounted. */
export async function createVolume(ctx: Ctx, vol: VolumeRef, opts: { sizeBytes?: number; contentType?: ContentType } = {}): Promise<void> {
  const { pool, exec } = ctx;
  const lv = lvOf(pool, vol);
  const block = contentOf(vol, opts.contentType) === "block";
  await Revert.with(async (r) => {
    try {
      await exec(args.thinCreate(vgOf(pool), thinpoolOf(pool), lv, sizeOf(pool, opts.sizeBytes), [tagOf(pool.name), ...(block ? [BLOCK_TAG] : [])]));
    } catch (e) {
      throw isExisting(e) ? alreadyExists(what(vol)) : e;
    }
    r.add(`remove LV ${lv}`, () => exec(args.lvremove(vgOf(pool), lv)));
    if (block) return;
    await exec(args.mkfs(fsOf(pool), ctx.dev(lv)));
    await mountFresh(ctx, lv, vol, r);
  });
}

/** The virtual size of a disk file, as qemu-img reports it. */
async function diskSize(ctx: Ctx, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<number> {
  const size = (JSON.parse(await ctx.exec(args.diskInfo(diskFile, format), { signal })) as { "virtual-size"?: unknown })["virtual-size"];
  if (typeof size !== "number" || !(size > 0)) throw precondition(`${what(vol)}: qemu-img reports no virtual size for the disk ${diskFile}`);
  return size;
}

/** A raw thin LV of the disk's virtual size holding the disk converted to raw: a VM image's volume
 * (as LXD makes it), so instances' root disks are thin snapshots QEMU opens directly; an imported
 * or copied VM's disk; a block custom volume copied from another pool. */
export async function createDiskVolume(ctx: Ctx, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
  const { pool, exec } = ctx;
  const lv = lvOf(pool, vol);
  const size = await diskSize(ctx, vol, diskFile, format, signal);
  await Revert.with(async (r) => {
    try {
      await exec(args.thinCreate(vgOf(pool), thinpoolOf(pool), lv, size, [tagOf(pool.name), BLOCK_TAG]));
    } catch (e) {
      throw isExisting(e) ? alreadyExists(what(vol)) : e;
    }
    r.add(`remove LV ${lv}`, () => exec(args.lvremove(vgOf(pool), lv)));
    await exec(args.diskToRaw(diskFile, format, ctx.dev(lv), true), { signal });
  });
}

/** The volume's row when it is one of this pool's raw LVs; PRECONDITION for a filesystem one. */
async function ownBlockRow(ctx: Ctx, vol: VolumeRef): Promise<LvRow> {
  const row = await ownRow(ctx, lvOf(ctx.pool, vol), what(vol));
  if (!isBlockRow(row)) throw precondition(`${what(vol)} holds a filesystem, not a raw disk`);
  return row;
}

/** Overwrites a raw LV with a disk's content, grown first to the disk's size (an imported VM's next
 * snapshot). A smaller disk is written over the start of the LV, which keeps its size. */
export async function writeDiskVolume(ctx: Ctx, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
  const lv = lvOf(ctx.pool, vol);
  const row = await ownBlockRow(ctx, vol);
  const size = await diskSize(ctx, vol, diskFile, format, signal);
  if (size > row.sizeBytes) await grow(ctx, lv, row, size, vol);
  await ctx.exec(args.diskToRaw(diskFile, format, ctx.dev(lv), false), { signal });
}

/** A raw LV's content read out into a new disk file (publishing, export, a copy to another pool). */
export async function readDiskVolume(ctx: Ctx, vol: VolumeRef, diskFile: string, format: DiskFormat, signal?: AbortSignal): Promise<void> {
  await ownBlockRow(ctx, vol);
  await ctx.exec(args.rawToDisk(ctx.dev(lvOf(ctx.pool, vol)), diskFile, format), { signal });
}

/** The device node of a raw (block) volume, what QEMU opens; undefined for a filesystem volume or none. */
export async function volumeBlockDevice(ctx: Ctx, vol: VolumeRef): Promise<string | undefined> {
  const lv = lvOf(ctx.pool, vol);
  const row = await lvRow(ctx, lv);
  return row && isBlockRow(row) ? ctx.dev(lv) : undefined;
}

/** Mounts a just-made filesystem LV at the volume path (traversable by a mapped root), with its undo. */
async function mountFresh(ctx: Ctx, lv: string, vol: VolumeRef, r: Revert): Promise<void> {
  const path = volumePathOf(ctx.pool, vol);
  await mountLv(ctx, lv, path);
  r.add(`unmount ${path}`, () => umountIfMounted(ctx, path));
  await chmod(path, TRAVERSE_MODE);
}

/** After a thin snapshot of xfs: a fresh UUID (xfs will not mount two filesystems with one). */
async function newIdentity(ctx: Ctx, lv: string, row: LvRow): Promise<void> {
  if (!isBlockRow(row) && fsOf(ctx.pool) === "xfs") await ctx.exec(args.xfsNewUuid(ctx.dev(lv)));
}

/** Grows a volume to sizeBytes (the LV, then its mounted filesystem); shrinking is refused. */
async function grow(ctx: Ctx, lv: string, row: LvRow, sizeBytes: number, vol: VolumeRef): Promise<void> {
  if (sizeBytes === row.sizeBytes) return;
  if (sizeBytes < row.sizeBytes) throw invalid("size", `lvm volumes can grow but not shrink (${what(vol)} is ${row.sizeBytes} bytes, asked for ${sizeBytes})`);
  await ctx.exec(args.lvextend(vgOf(ctx.pool), lv, sizeBytes));
  if (!isBlockRow(row)) await ctx.exec(args.growFs(fsOf(ctx.pool), ctx.dev(lv), volumePathOf(ctx.pool, vol)));
}

/** A thin snapshot of the source (or of its snapshot `snapshot`), active and (a filesystem) mounted;
 * grown when a larger size is asked. */
export async function copyVolume(ctx: Ctx, source: VolumeRef, target: VolumeRef, opts: { sizeBytes?: number; snapshot?: string } = {}): Promise<void> {
  const { pool, exec } = ctx;
  const src = opts.snapshot === undefined ? lvOf(pool, source) : snapLvOf(pool, source, opts.snapshot);
  const dst = lvOf(pool, target);
  const row = await ownRow(ctx, src, opts.snapshot === undefined ? what(source) : `snapshot ${opts.snapshot} of ${what(source)}`);
  if (opts.sizeBytes !== undefined && opts.sizeBytes < row.sizeBytes) {
    throw invalid("size", `must be at least the size of ${what(source)} (${row.sizeBytes} bytes): lvm volumes cannot shrink`);
  }
  await Revert.with(async (r) => {
    try {
      await exec(args.thinSnapshot(vgOf(pool), src, dst, [tagOf(pool.name), ...(isBlockRow(row) ? [BLOCK_TAG] : [])], true));
    } catch (e) {
      throw isExisting(e) ? alreadyExists(what(target)) : e;
    }
    r.add(`remove LV ${dst}`, () => exec(args.lvremove(vgOf(pool), dst)));
    await newIdentity(ctx, dst, row);
    if (!isBlockRow(row)) await mountFresh(ctx, dst, target, r);
    if (opts.sizeBytes !== undefined) await grow(ctx, dst, row, opts.sizeBytes, target);
  });
}

/** Renames the LV and its snapshots; a filesystem volume is unmounted first and mounted at its new path. */
export async function renameVolume(ctx: Ctx, from: VolumeRef, to: VolumeRef): Promise<void> {
  const { pool, exec } = ctx;
  const src = lvOf(pool, from);
  const dst = lvOf(pool, to);
  if (await lvRow(ctx, dst)) throw alreadyExists(what(to));
  const row = await ownRow(ctx, src, what(from));
  const snaps = await listVolumeSnapshots(ctx, from);
  const oldPath = volumePathOf(pool, from);
  if (!isBlockRow(row)) await umountIfMounted(ctx, oldPath);
  await exec(args.lvrename(vgOf(pool), src, dst));
  for (const s of snaps) await exec(args.lvrename(vgOf(pool), snapLvOf(pool, from, s), snapLvOf(pool, to, s)));
  if (isBlockRow(row)) return;
  await mountLv(ctx, dst, volumePathOf(pool, to));
  await rmdir(oldPath).catch(() => undefined);
}

/** Removes the volume's snapshots and LV; a missing volume is already deleted. */
export async function deleteVolume(ctx: Ctx, vol: VolumeRef): Promise<void> {
  const { pool, exec } = ctx;
  const lv = lvOf(pool, vol);
  const row = await lvRow(ctx, lv);
  if (!row) return;
  checkOwn(ctx, row);
  const path = volumePathOf(pool, vol);
  if (!isBlockRow(row)) await umountIfMounted(ctx, path);
  for (const s of await listVolumeSnapshots(ctx, vol)) await exec(args.lvremove(vgOf(pool), snapLvOf(pool, vol, s)));
  await exec(args.lvremove(vgOf(pool), lv));
  await rmdir(path).catch(() => undefined);
}

/** Resizes the volume (grow only: an LV always has a size, and ext4/xfs do not shrink online). */
export async function setVolumeQuota(ctx: Ctx, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
  if (sizeBytes === undefined) throw invalid("size", "an lvm volume always has a size: it can be grown, not removed");
  const lv = lvOf(ctx.pool, vol);
  await grow(ctx, lv, await ownRow(ctx, lv, what(vol)), sizeBytes, vol);
}

/** Bytes of the thin pool the volume has written (its share of shared blocks included). */
export async function volumeUsage(ctx: Ctx, vol: VolumeRef): Promise<number> {
  const row = await ownRow(ctx, lvOf(ctx.pool, vol), what(vol));
  return Math.round((row.sizeBytes * row.dataPercent) / 100);
}

export async function listVolumes(ctx: Ctx, type?: VolumeType): Promise<VolumeRef[]> {
  const out: VolumeRef[] = [];
  for (const row of await ownLvs(ctx)) {
    const vol = volumeOfLv(row.name);
    if (vol && (!type || vol.type === type)) out.push(vol);
  }
  return out.sort((a, b) => byCodeUnit(a.type + "/" + a.name, b.type + "/" + b.name));
}

// ---- snapshots -------------------------------------------------------------------------------------

/** A thin snapshot `<lv>+<snap>`, left inactive (lvm's default for thin snapshots) until restored from. */
export async function snapshotVolume(ctx: Ctx, vol: VolumeRef, snap: string): Promise<void> {
  const { pool, exec } = ctx;
  const lv = lvOf(pool, vol);
  const row = await ownRow(ctx, lv, what(vol));
  try {
    await exec(args.thinSnapshot(vgOf(pool), lv, snapLvOf(pool, vol, snap), [tagOf(pool.name), ...(isBlockRow(row) ? [BLOCK_TAG] : [])], false));
  } catch (e) {
    throw isExisting(e) ? alreadyExists(`snapshot ${snap} of ${what(vol)}`) : e;
  }
}

/** As LXD does on thin pools: the volume's LV is parked, a new thin snapshot of the snapshot takes
 * its name (grown back to the volume's size), then the parked LV goes. Undone on failure. */
export async function restoreVolume(ctx: Ctx, vol: VolumeRef, snap: string): Promise<void> {
  const { pool, exec } = ctx;
  const lv = lvOf(pool, vol);
  const snapLv = snapLvOf(pool, vol, snap);
  const snapRow = await lvRow(ctx, snapLv);
  if (!snapRow) throw notFound(`snapshot ${snap} of ${what(vol)}`);
  const row = await ownRow(ctx, lv, what(vol));
  const parked = `${lv}${SNAP_SEP}${RESTORE_PARK}`;
  const path = volumePathOf(pool, vol);
  const block = isBlockRow(row);
  await Revert.with(async (r) => {
    if (!block) {
      await umountIfMounted(ctx, path);
      r.add(`mount ${path} again`, () => mountLv(ctx, lv, path));
    }
    await exec(args.lvrename(vgOf(pool), lv, parked));
    r.add(`put LV ${lv} back`, () => exec(args.lvrename(vgOf(pool), parked, lv)));
    await exec(args.thinSnapshot(vgOf(pool), snapLv, lv, [tagOf(pool.name), ...(block ? [BLOCK_TAG] : [])], true));
    r.add(`remove LV ${lv}`, () => exec(args.lvremove(vgOf(pool), lv)));
    await newIdentity(ctx, lv, row);
    if (!block) await mountLv(ctx, lv, path);
    if (row.sizeBytes > snapRow.sizeBytes) await grow(ctx, lv, snapRow, row.sizeBytes, vol);
  });
  await exec(args.lvremove(vgOf(pool), parked));
}

/** Pool load: undoes the restores an agent killed mid-way left. The parked LV (`<lv>+.restoring`) is
 * the volume as it was, whole: a half-made replacement is removed (unmounted first) and the parked
 * LV takes its name back. Returns the volumes' LVs it put back. */
export async function recoverRestores(ctx: Ctx): Promise<string[]> {
  const { pool, exec } = ctx;
  const rows = await ownLvs(ctx);
  const names = new Set(rows.map((r) => r.name));
  const parkedSuffix = `${SNAP_SEP}${RESTORE_PARK}`;
  const back: string[] = [];
  for (const row of rows.filter((r) => r.name.endsWith(parkedSuffix))) {
    const lv = row.name.slice(0, -parkedSuffix.length);
    const vol = volumeOfLv(lv);
    if (names.has(lv)) {
      if (vol && !isBlockRow(row)) await umountIfMounted(ctx, volumePathOf(pool, vol));
      await exec(args.lvremove(vgOf(pool), lv));
    }
    await exec(args.lvrename(vgOf(pool), row.name, lv));
    back.push(lv);
  }
  return back;
}

/** Removes the snapshot's LV; a missing one is already deleted. */
export async function deleteVolumeSnapshot(ctx: Ctx, vol: VolumeRef, snap: string): Promise<void> {
  const snapLv = snapLvOf(ctx.pool, vol, snap);
  const row = await lvRow(ctx, snapLv);
  if (!row) return;
  checkOwn(ctx, row);
  await ctx.exec(args.lvremove(vgOf(ctx.pool), snapLv));
}

/** Names of the volume's snapshots (`<lv>+<snap>` LVs of this pool), sorted. */
export async function listVolumeSnapshots(ctx: Ctx, vol: VolumeRef): Promise<string[]> {
  const prefix = lvOf(ctx.pool, vol) + SNAP_SEP;
  return (await ownLvs(ctx)).map((r) => r.name).filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length))
    .filter((n) => !n.startsWith(".")).sort(byCodeUnit);
}
