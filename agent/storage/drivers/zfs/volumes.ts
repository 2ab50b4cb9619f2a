// Volume operations of the zfs driver, and how a pool's datasets are named and brought up.
// Every volume is a dataset `<root>/<top>/<name>` mounted at its volume path (the mountpoint is
// inherited from the root, so a rename moves it too). An image volume's `@readonly` snapshot is
// what instances are cloned from; an image deleted while clones of it live is moved under
// `<root>/deleted/` (never mounted) and destroyed with its last clone, as LXD does.
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { alreadyExists, hasCode, notFound, precondition } from "../../../errors";
import { readMounts, umount } from "../../../host/mount";
import { CommandError } from "../../../host/run";
import { Revert } from "../../../util/revert";
import { byCodeUnit } from "../../../util/compare";
import type { CopyVolumeOptions, PoolSpec, VolumeRef, VolumeType } from "../../driver";
import { checkSnapshotName, ensureTopDirs, TOP_DIRS, TRAVERSE_MODE, volumePathOf } from "../layout";
import * as cli from "./cli";

/** Where retired datasets wait for their last clone; mountpoint=none, so nothing below it is mounted. */
const DELETED = "deleted";
/** What the kernel answers on a FUSE mount whose daemon is gone. */
const DEAD_MOUNT = new Set(["ENOTCONN", "ECONNABORTED"]);
const TYPE_OF_TOP = new Map(Object.entries(TOP_DIRS).map(([type, top]) => [top, type as VolumeType]));

// ---- names -----------------------------------------------------------------------------------------

const shortHash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 8);

/** The zpool of a file-backed pool: unique on the host (several agents may each have a pool "default"). */
export const zpoolNameOf = (pool: PoolSpec): string => `corral-${pool.name}-${shortHash(dirname(pool.disksDir))}`;
/** The file the zpool lives on (zfs-fuse takes files as vdevs directly: no loop device). */
export const poolFileOf = (pool: PoolSpec): string => join(pool.disksDir, `${pool.name}.zfs`);
export const isFileBacked = (pool: PoolSpec): boolean => !pool.config.source;
/** The dataset everything of the pool lives under: the zpool's root, or a child Corral made in `source`. */
export const rootOf = (pool: PoolSpec): string => (isFileBacked(pool) ? zpoolNameOf(pool) : `${pool.config.source}/corral-${pool.name}`);
/** The dataset of a volume; the name is checked as volume paths are. */
export function datasetOf(pool: PoolSpec, vol: VolumeRef): string {
  volumePathOf(pool, vol); // validates type and name
  return `${rootOf(pool)}/${TOP_DIRS[vol.type]}/${vol.name}`;
}
const what = (vol: VolumeRef): string => `${vol.type} volume ${vol.name}`;

// ---- bringing a pool up ----------------------------------------------------------------------------

/** Per pool root: the daemon (zfs-fuse pid, 0 for kernel ZFS) under which its datasets were last mounted. */
const upUnder = new Map<string, number>();
const bringingUp = new Map<string, Promise<void>>();

/** Makes sure the daemon runs and the pool is imported and mounted; after a zfs-fuse restart (a new
 * pid) the pool's datasets are mounted again. Costs two /proc reads when nothing changed. */
export async function ready(pool: PoolSpec): Promise<void> {
  const backend = await cli.ensureDaemon();
  const generation = backend.kind === "kernel" ? 0 : backend.pid;
  const root = rootOf(pool);
  if (upUnder.get(root) === generation) return;
  let p = bringingUp.get(root);
  if (!p) {
    p = bringUp(pool).then(() => void upUnder.set(root, generation)).finally(() => bringingUp.delete(root));
    bringingUp.set(root, p);
  }
  await p;
}

/** Forgets that a pool is up, so the next ready() checks everything again. */
export function forget(pool: PoolSpec): void {
  upUnder.delete(rootOf(pool));
}

export async function zpoolImported(zpool: string): Promise<boolean> {
  try {
    await cli.zpool(cli.args.zpoolList(zpool));
    return true;
  } catch (e) {
    if (cli.isMissing(e)) return false;
    throw e;
  }
}

/** Throws unless root carries this pool's tag: the guard before using or destroying it. */
export async function checkRootTag(pool: PoolSpec): Promise<void> {
  const root = rootOf(pool);
  const p = await cli.getProps(root, [cli.TAG]);
  if (!p) throw precondition(`pool ${pool.name}: dataset ${root} does not exist`);
  const tag = p[cli.TAG];
  if (tag !== pool.name) throw precondition(`${root} is not tagged as Corral pool ${pool.name} (${cli.TAG}=${tag}); refusing to touch it`);
}

/** Imports a file-backed pool when needed, checks its tag, adds missing parts, mounts its volumes. */
async function bringUp(pool: PoolSpec): Promise<void> {
  if (isFileBacked(pool)) {
    const zpool = zpoolNameOf(pool);
    if (!(await zpoolImported(zpool))) {
      const file = poolFileOf(pool);
      if (!existsSync(file)) throw precondition(`pool ${pool.name}: its file ${file} is missing`);
      await cli.zpool(cli.args.zpoolImport(zpool, dirname(file)));
    }
  }
  await checkRootTag(pool);
  await ensureTopDatasets(pool);
  await ensureHostDirs(pool);
  await mountAll(pool);
}

/** Creates whichever top datasets are missing (never mounted themselves: canmount=off). */
export async function ensureTopDatasets(pool: PoolSpec): Promise<void> {
  const root = rootOf(pool);
  const have = new Set((await cli.listBelow(root, ["name"], 1)).map((r) => r[0]));
  for (const top of Object.values(TOP_DIRS)) {
    if (!have.has(`${root}/${top}`)) await cli.create(`${root}/${top}`, { canmount: "off" });
  }
  if (!have.has(`${root}/${DELETED}`)) await cli.create(`${root}/${DELETED}`, { canmount: "off", mountpoint: "none" });
}

/** The pool's mount path and top dirs on the host: plain directories the volumes are mounted in. */
export async function ensureHostDirs(pool: PoolSpec): Promise<void> {
  await mkdir(pool.mountPath, { recursive: true });
  await chmod(pool.mountPath, TRAVERSE_MODE);
  await ensureTopDirs(pool.mountPath);
}

/** Mounts every volume dataset of the pool; a mount left dead by a killed zfs-fuse is detached first. */
export async function mountAll(pool: PoolSpec): Promise<void> {
  const rows = await cli.listBelow(rootOf(pool), ["name", "canmount", "mountpoint"]);
  const mounts = await readMounts();
  for (const [name, canmount, mountpoint] of rows) {
    if (canmount !== "on" || !mountpoint?.startsWith("/")) continue;
    const m = mounts.find((e) => e.mountPoint === mountpoint && e.source === name);
    if (m) {
      const dead = await stat(mountpoint).then(() => false, (e: NodeJS.ErrnoException) => DEAD_MOUNT.has(e.code ?? ""));
      if (!dead) continue;
      await umount(mountpoint, { lazy: true });
    }
    await cli.mountIfUnmounted(name!);
  }
}

/** Unmounts every mounted dataset of the pool, deepest first. */
export async function umountAll(pool: PoolSpec): Promise<void> {
  const rows = await cli.listBelow(rootOf(pool), ["name", "mounted"]);
  for (const [name, mounted] of rows.reverse()) if (mounted === "yes") await cli.umountIfMounted(name!);
}

/** Destroys the pool's root dataset with everything below it: clones before the snapshots they come
 * from (`destroy -r` alone refuses a snapshot with clones). A clone outside the pool of one of its
 * snapshots makes this fail rather than be destroyed: it is not Corral's. */
export async function destroyRoot(pool: PoolSpec): Promise<void> {
  const root = rootOf(pool);
  await umountAll(pool);
  for (;;) {
    const clones = (await cli.listBelow(root, ["name", "origin"])).filter(([, origin]) => origin?.includes("@"));
    if (!clones.length) break;
    const origins = new Set(clones.map(([, origin]) => origin!.slice(0, origin!.indexOf("@"))));
    // Clones nothing is cloned from first; their origins become such clones in a later round.
    for (const [name] of clones.filter(([name]) => !origins.has(name!))) await cli.zfs(cli.args.destroy(name!, { recursive: true }));
  }
  await cli.zfs(cli.args.destroy(root, { recursive: true }));
}

// ---- volume operations -----------------------------------------------------------------------------

/** Whether the volume's dataset is present. */
export async function volumeExists(pool: PoolSpec, vol: VolumeRef): Promise<boolean> {
  await ready(pool);
  return cli.exists(datasetOf(pool, vol));
}

/** Creates an empty dataset (with a refquota when sized), mounted at the volume path. */
export async function createVolume(pool: PoolSpec, vol: VolumeRef, opts: { sizeBytes?: number } = {}): Promise<void> {
  await ready(pool);
  const ds = datasetOf(pool, vol);
  await Revert.with(async (r) => {
    try {
      await cli.create(ds, opts.sizeBytes !== undefined ? { refquota: String(opts.sizeBytes) } : {});
    } catch (e) {
      throw hasCode(e, "CORRAL_ERR_ALREADY_EXISTS") ? alreadyExists(what(vol)) : e;
    }
    r.add(`destroy ${ds}`, () => destroyDataset(pool, ds));
    await chmod(volumePathOf(pool, vol), TRAVERSE_MODE);
  });
}

/** An image volume is cloned from its `@readonly` snapshot (made on first use: the manager fills the
 * image before it clones), and a copy of a snapshot is a clone of it; any other volume is copied
 * whole by send | receive of a temporary snapshot, so the copy does not depend on its source. */
export async function copyVolume(pool: PoolSpec, source: VolumeRef, target: VolumeRef, opts: CopyVolumeOptions = {}): Promise<void> {
  await ready(pool);
  const src = datasetOf(pool, source);
  const dst = datasetOf(pool, target);
  const quota: Record<string, string> = opts.sizeBytes !== undefined ? { refquota: String(opts.sizeBytes) } : {};
  if (opts.snapshot !== undefined) {
    const snap = snapshotOf(pool, source, opts.snapshot);
    try {
      await cli.zfs(cli.args.clone(snap, dst, quota));
    } catch (e) {
      if (cli.isExisting(e)) throw alreadyExists(what(target));
      throw cli.missingAsNotFound(e, snapWhat(source, opts.snapshot));
    }
    await cli.mountIfUnmounted(dst);
    return;
  }
  if (source.type === "image") {
    // The common case is one `zfs clone`; the checks run only when it fails.
    const snap = `${src}@${cli.IMAGE_SNAPSHOT}`;
    const clone = () => cli.zfs(cli.args.clone(snap, dst, quota));
    try {
      await clone();
    } catch (e) {
      if (cli.isExisting(e)) throw alreadyExists(what(target));
      if (!cli.isMissing(e) || (await cli.exists(snap))) throw e;
      if (!(await cli.exists(src))) throw notFound(what(source));
      await cli.zfs(cli.args.snapshot(snap)).catch(async (err) => {
        if (!(cli.isExisting(err) && (await cli.exists(snap)))) throw err; // else a concurrent copy made it
      });
      try {
        await clone();
      } catch (err) {
        throw cli.isExisting(err) ? alreadyExists(what(target)) : err;
      }
    }
    return;
  }
  if (!(await cli.exists(src))) throw notFound(what(source));
  if (await cli.exists(dst)) throw alreadyExists(what(target));
  const snap = `${src}@${cli.COPY_SNAPSHOT_PREFIX}${randomBytes(4).toString("hex")}`;
  await cli.zfs(cli.args.snapshot(snap));
  try {
    await Revert.with(async (r) => {
      r.add(`destroy ${dst}`, () => destroyDataset(pool, dst));
      await cli.sendReceive(snap, dst, opts.signal);
      await cli.zfs(cli.args.destroy(`${dst}${snap.slice(src.length)}`));
      if (opts.sizeBytes !== undefined) await cli.zfs(cli.args.set(dst, "refquota", String(opts.sizeBytes)));
      await cli.mountIfUnmounted(dst);
    });
  } finally {
    await cli.zfs(cli.args.destroy(snap)).catch(() => undefined);
  }
}

/** Renames the dataset (its mountpoint follows). zfs-fuse refuses to rename a mounted dataset
 * reliably ("dataset is busy"), so it is unmounted first and mounted again under the new name. */
export async function renameVolume(pool: PoolSpec, from: VolumeRef, to: VolumeRef): Promise<void> {
  await ready(pool);
  const src = datasetOf(pool, from);
  const dst = datasetOf(pool, to);
  if (await cli.exists(dst)) throw alreadyExists(what(to));
  if (!(await cli.exists(src))) throw notFound(what(from));
  await cli.umountIfMounted(src);
  try {
    await cli.zfs(cli.args.rename(src, dst));
  } catch (e) {
    await cli.mountIfUnmounted(src).catch(() => undefined);
    if (cli.isMissing(e)) throw notFound(what(from));
    if (cli.isExisting(e)) throw alreadyExists(what(to));
    throw e;
  }
  await cli.mountIfUnmounted(dst);
}

/** Deletes the volume's dataset; a missing volume is already deleted. */
export async function deleteVolume(pool: PoolSpec, vol: VolumeRef): Promise<void> {
  await ready(pool);
  await destroyDataset(pool, datasetOf(pool, vol));
}

/** Datasets of the pool cloned from a snapshot of ds (or from the snapshot ds@snap itself). */
async function clonesOf(pool: PoolSpec, ds: string): Promise<string[]> {
  const rows = await cli.listBelow(rootOf(pool), ["name", "origin"]);
  return rows.filter(([, origin]) => (ds.includes("@") ? origin === ds : origin?.startsWith(`${ds}@`))).map(([name]) => name!);
}

/** Destroys a tagged dataset with its snapshots. One whose snapshots still have clones (an image
 * in use) is moved under deleted/ instead; and a retired origin goes once its last clone is gone. */
async function destroyDataset(pool: PoolSpec, ds: string): Promise<void> {
  const p = await cli.getProps(ds, ["origin", cli.TAG]);
  if (!p) return;
  if (p[cli.TAG] !== pool.name) throw precondition(`${ds} is not tagged as Corral pool ${pool.name}; refusing to destroy it`);
  let origin: string | undefined = p.origin;
  if ((await clonesOf(pool, ds)).length) {
    // An image stays until its last instance goes; an instance's copies take over the snapshots
    // they come from (a rename would have to unmount them, which fails while they run).
    if (ds.startsWith(`${rootOf(pool)}/${TOP_DIRS.image}/`)) return retire(pool, ds);
    await promoteClones(pool, ds);
    origin = (await cli.getProps(ds, ["origin"]))?.origin;
  }
  await cli.umountIfMounted(ds);
  await cli.zfs(cli.args.destroy(ds, { recursive: true }));
  const deleted = `${rootOf(pool)}/${DELETED}/`;
  while (origin?.includes("@")) {
    const parent = origin.slice(0, origin.indexOf("@"));
    if (!origin.startsWith(deleted)) {
      // A snapshot deleted while this clone lived was only hidden: it goes with its last clone.
      if ((await isHidden(origin)) && !(await clonesOf(pool, origin)).length) await cli.zfs(cli.args.destroy(origin));
      break;
    }
    if ((await clonesOf(pool, parent)).length) break;
    const pp = await cli.getProps(parent, ["origin"]);
    if (!pp) break;
    await cli.zfs(cli.args.destroy(parent, { recursive: true }));
    origin = pp.origin;
  }
}

/** Whether a snapshot is the driver's own: a copy's temporary one, or a deleted one kept for its clones. */
async function isHidden(snapshot: string): Promise<boolean> {
  if (snapshot.slice(snapshot.indexOf("@") + 1).startsWith(cli.COPY_SNAPSHOT_PREFIX)) return true;
  return (await cli.getProps(snapshot, [cli.HIDDEN]))?.[cli.HIDDEN] === "yes";
}

/** Snapshot names (dataset@snap) of a dataset. */
async function snapshotsOf(ds: string): Promise<string[]> {
  return cli.parseRows(await cli.zfs(cli.args.list(ds, ["name"], { depth: 1, type: "snapshot" }))).map(([n]) => n!);
}

/** `zfs promote` of every clone of ds (which works while a clone is mounted and busy): the
 * snapshots each comes from move to it, hidden there, and ds is left a clone nobody depends on. */
async function promoteClones(pool: PoolSpec, ds: string): Promise<void> {
  for (let clones = await clonesOf(pool, ds); clones.length; clones = await clonesOf(pool, ds)) {
    const clone = clones[0]!;
    const had = new Set(await snapshotsOf(clone));
    await cli.zfs(cli.args.promote(clone));
    for (const snap of await snapshotsOf(clone)) if (!had.has(snap)) await cli.zfs(cli.args.set(snap, cli.HIDDEN, "yes"));
  }
}

/** Moves a dataset whose snapshots have clones to `<root>/deleted/<top>/<name>-<random>`. */
async function retire(pool: PoolSpec, ds: string): Promise<void> {
  const root = rootOf(pool);
  const [top, name] = ds.slice(root.length + 1).split("/");
  const parent = `${root}/${DELETED}/${top}`;
  if (!(await cli.exists(parent))) {
    await cli.create(parent, { canmount: "off" }).catch((e) => {
      if (!hasCode(e, "CORRAL_ERR_ALREADY_EXISTS")) throw e;
    });
  }
  await cli.umountIfMounted(ds);
  await cli.zfs(cli.args.rename(ds, `${parent}/${name}-${randomBytes(4).toString("hex")}`));
}

/** Sets (or with undefined removes) the dataset's refquota: the limit on what it references. */
export async function setVolumeQuota(pool: PoolSpec, vol: VolumeRef, sizeBytes: number | undefined): Promise<void> {
  await ready(pool);
  const ds = datasetOf(pool, vol);
  try {
    await cli.zfs(cli.args.set(ds, "refquota", sizeBytes === undefined ? "none" : String(sizeBytes)));
  } catch (e) {
    throw cli.missingAsNotFound(e, what(vol));
  }
}

/** Bytes the volume references (what its refquota counts; shared image blocks included). */
export async function volumeUsage(pool: PoolSpec, vol: VolumeRef): Promise<number> {
  await ready(pool);
  const p = await cli.getProps(datasetOf(pool, vol), ["referenced"]);
  if (!p) throw notFound(what(vol));
  return Number(p.referenced);
}

/** Volumes present in the pool (of one type when given); retired datasets are not listed. */
export async function listVolumes(pool: PoolSpec, type?: VolumeType): Promise<VolumeRef[]> {
  await ready(pool);
  const root = rootOf(pool);
  const out: VolumeRef[] = [];
  const rows = type ? await cli.listBelow(`${root}/${TOP_DIRS[type]}`, ["name"], 1) : await cli.listBelow(root, ["name"]);
  for (const [name] of rows) {
    const rel = name!.slice(root.length + 1).split("/");
    const t = rel.length === 2 ? TYPE_OF_TOP.get(rel[0]!) : undefined;
    if (t) out.push({ type: t, name: rel[1]! });
  }
  return out.sort((a, b) => byCodeUnit(a.type + "/" + a.name, b.type + "/" + b.name));
}

// ---- snapshots -------------------------------------------------------------------------------------

const snapWhat = (vol: VolumeRef, snap: string): string => `snapshot ${snap} of ${vol.type} volume ${vol.name}`;
const snapshotOf = (pool: PoolSpec, vol: VolumeRef, snap: string): string => `${datasetOf(pool, vol)}@${checkSnapshotName(snap)}`;

/** A native `zfs snapshot dataset@snap` (destroyed with the dataset by its `destroy -r`). */
export async function snapshotVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await ready(pool);
  const name = snapshotOf(pool, vol, snap);
  try {
    await cli.zfs(cli.args.snapshot(name)); // a missing dataset fails it: NOT_FOUND below
  } catch (e) {
    if (cli.isExisting(e) && (await isHidden(name))) {
      throw alreadyExists(`${snapWhat(vol, snap)} (a deleted snapshot of that name is kept while copies made from it exist)`);
    }
    if (cli.isExisting(e)) throw alreadyExists(snapWhat(vol, snap));
    throw cli.missingAsNotFound(e, what(vol));
  }
}

/** `zfs rollback -r`: any snapshot can be restored, and the ones newer than it are destroyed (zfs
 * rolls back only to the newest). A mounted dataset is rolled back in place (zfs-fuse serves its
 * files from the snapshot at once, through open files too); one zfs-fuse calls busy is unmounted
 * around the rollback. */
export async function restoreVolume(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await ready(pool);
  const ds = datasetOf(pool, vol);
  const rollback = (busyRetry: boolean) => rollbackTo(snapshotOf(pool, vol, snap), snapWhat(vol, snap), busyRetry);
  try {
    await rollback(false);
  } catch (e) {
    if (!cli.isBusy(e)) throw e;
    await cli.umountIfMounted(ds);
    try {
      await rollback(true);
    } finally {
      await cli.mountIfUnmounted(ds);
    }
  }
}

/** One rollback; zfs-fuse sometimes answers a rollback of a clone with "I/O error" and then does it when asked again. */
async function rollbackTo(name: string, what: string, busyRetry: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await (busyRetry ? cli.zfs : cli.zfsOnce)(cli.args.rollback(name)); // a missing snapshot fails it: NOT_FOUND
      return;
    } catch (e) {
      if (cli.isMissing(e)) throw notFound(what);
      if (e instanceof CommandError && /clones of previous snapshots|dependent clones/.test(e.stderr)) {
        throw precondition(`${what} cannot be restored: a newer snapshot has copies cloned from it (zfs rolls back only to the newest snapshot); delete those copies first`);
      }
      if (attempt >= ROLLBACK_ATTEMPTS || !(e instanceof CommandError && /I\/O error/.test(e.stderr))) throw e;
      await new Promise((r) => setTimeout(r, ROLLBACK_RETRY_MS));
    }
  }
}

/** Rollbacks tried before an I/O error counts (a few were needed on zfs-fuse; 5 leaves margin). */
const ROLLBACK_ATTEMPTS = 5;
/** The pause between rollback attempts. */
const ROLLBACK_RETRY_MS = 300;

/** Destroys the snapshot; a missing one is already deleted. One that instances were cloned from is
 * hidden instead (a user property: renaming it would have to unmount its running clones) and
 * destroyed with its last clone. */
export async function deleteVolumeSnapshot(pool: PoolSpec, vol: VolumeRef, snap: string): Promise<void> {
  await ready(pool);
  const name = snapshotOf(pool, vol, snap);
  if ((await clonesOf(pool, name)).length) {
    await cli.zfs(cli.args.set(name, cli.HIDDEN, "yes"));
    return;
  }
  try {
    await cli.zfs(cli.args.destroy(name));
  } catch (e) {
    if (!cli.isMissing(e)) throw e;
  }
}

/** The dataset's snapshots, without the driver's own (an image's @readonly, a copy's temporary one). */
export async function listVolumeSnapshots(pool: PoolSpec, vol: VolumeRef): Promise<string[]> {
  await ready(pool);
  let out: string;
  try {
    out = await cli.zfs(cli.args.list(datasetOf(pool, vol), ["name", cli.HIDDEN], { depth: 1, type: "snapshot" }));
  } catch (e) {
    if (cli.isMissing(e)) return [];
    throw e;
  }
  return cli.parseRows(out).filter(([, hidden]) => hidden !== "yes").map(([n]) => n!.slice(n!.indexOf("@") + 1))
    .filter((n) => !(vol.type === "image" && n === cli.IMAGE_SNAPSHOT) && !n.startsWith(cli.COPY_SNAPSHOT_PREFIX))
    .sort(byCodeUnit);
}
