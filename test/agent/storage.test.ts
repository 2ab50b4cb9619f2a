// Storage drivers against real tools: dir pools on directories, btrfs pools on loop files and
// loop block devices (subvolumes, snapshots, qgroups, re-attach after restart, revert on failure).
import t from "tap";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { isMounted, umountAll } from "../../agent/host/mount";
import { attachLoop, createSparseFile, detachLoopsFor, findLoopDevices } from "../../agent/host/loop";
import { getStorageDriver, STORAGE_DRIVER_NAMES } from "../../agent/storage/drivers";
import { loopFileOf } from "../../agent/storage/drivers/btrfs/driver";
import type { PoolSpec, StorageDriver } from "../../agent/storage/driver";
import { completeSpares, SPARE_IDLE_MS, SpareClones } from "../../agent/storage/spares";

const MiB = 2 ** 20;
const suffix = () => randomBytes(4).toString("hex");

/** A fresh data dir and pool spec; teardown unmounts, detaches and removes whatever is left. */
function setup(t: { teardown(fn: () => unknown): void }, config: Record<string, string> = {}): { dir: string; pool: PoolSpec } {
  const dir = mkdtempSync(join(tmpdir(), "corral-storage-"));
  const name = `p-${suffix()}`;
  const pool: PoolSpec = { name, config, mountPath: join(dir, "storage-pools", name), disksDir: join(dir, "disks") };
  t.teardown(async () => {
    await umountAll(pool.mountPath).catch(() => undefined);
    if (existsSync(loopFileOf(pool))) await detachLoopsFor(loopFileOf(pool)).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, pool };
}

async function normalized(driver: StorageDriver, pool: PoolSpec): Promise<PoolSpec> {
  return { ...pool, config: await driver.normalize(pool) };
}

const mode = (p: string) => statSync(p).mode & 0o777;

t.test("registry", async (t) => {
  t.same([...STORAGE_DRIVER_NAMES].sort(), ["btrfs", "dir", "lvm", "zfs"]);
  t.equal(getStorageDriver("btrfs").info.optimizedImages, true);
  t.equal(getStorageDriver("dir").info.quotas, false);
  t.throws(() => getStorageDriver("zfs-nope"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "driver", message: /must be one of dir, btrfs, zfs, lvm/ });
  t.throws(() => getStorageDriver("__proto__"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "driver" });
});

t.test("dir pool: validation", async (t) => {
  const d = getStorageDriver("dir");
  const { dir, pool } = setup(t);
  t.equal((await d.normalize(pool)).source, pool.mountPath, "source defaults to the pool dir");
  await t.rejects(d.normalize({ ...pool, config: { size: "lots" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]' });
  await t.rejects(d.normalize({ ...pool, config: { size: "1GiB" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]' });
  await t.rejects(d.normalize({ ...pool, config: { source: join(dir, "missing") } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["source"]', message: /does not exist/ });
  await t.rejects(d.normalize({ ...pool, config: { source: "relative/dir" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["source"]' });
  await t.rejects(d.normalize({ ...pool, config: { colour: "blue" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["colour"]', message: /unknown config key/ });
  t.same((await d.normalize({ ...pool, config: { "user.note": "x" } }))["user.note"], "x");
});

t.test("dir pool: create, volumes, copy, quota refusal, delete", async (t) => {
  const d = getStorageDriver("dir");
  const s = setup(t);
  const pool = await normalized(d, s.pool);
  await d.create(pool);
  for (const top of ["images", "containers", "custom", "spares"]) t.equal(mode(join(pool.mountPath, top)), 0o711, `${top} is 0711`);
  t.ok([0o711, 0o755].includes(mode(pool.mountPath)), "pool dir traversable");
  await d.mount(pool); // idempotent, nothing to do

  const img = { type: "image" as const, name: "f".repeat(64) };
  const ct = { type: "container" as const, name: "c1" };
  await d.createVolume(pool, img);
  t.equal(await d.volumeExists(pool, img), true);
  await t.rejects(d.createVolume(pool, img), { code: "CORRAL_ERR_ALREADY_EXISTS" });
  mkdirSync(join(d.volumePath(pool, img), "rootfs"));
  writeFileSync(join(d.volumePath(pool, img), "rootfs", "hello"), "world");

  await d.copyVolume(pool, img, ct);
  const ctFile = join(d.volumePath(pool, ct), "rootfs", "hello");
  t.equal(readFileSync(ctFile, "utf8"), "world", "copy has the file");
  writeFileSync(ctFile, "changed");
  t.equal(readFileSync(join(d.volumePath(pool, img), "rootfs", "hello"), "utf8"), "world", "source untouched");
  await t.rejects(d.copyVolume(pool, { type: "image", name: "nope" }, { type: "container", name: "c2" }), { code: "CORRAL_ERR_NOT_FOUND" });
  t.equal(await d.volumeExists(pool, { type: "container", name: "c2" }), false, "failed copy leaves nothing");

  await t.rejects(d.setVolumeQuota(pool, ct, 100 * MiB), { code: "CORRAL_ERR_CAPABILITY", message: /dir pool.*use a btrfs pool/ });
  await d.setVolumeQuota(pool, ct, undefined);
  await t.rejects(d.createVolume(pool, { type: "custom", name: "v" }, { sizeBytes: MiB }), { code: "CORRAL_ERR_CAPABILITY" });
  t.throws(() => d.volumePath(pool, { type: "custom", name: "../etc" }), { code: "CORRAL_ERR_INVALID_ARGUMENT" });

  t.same(await d.listVolumes(pool), [{ type: "container", name: "c1" }, { type: "image", name: img.name }]);
  t.ok((await d.volumeUsage(pool, ct)) > 0);
  const u = await d.usage(pool);
  t.ok(u.totalBytes > 0 && u.usedBytes > 0 && u.usedBytes <= u.totalBytes);

  await d.deleteVolume(pool, ct);
  await d.deleteVolume(pool, ct); // idempotent
  t.equal(await d.volumeExists(pool, ct), false);
  await d.delete(pool);
  t.notOk(existsSync(pool.mountPath), "pool dir removed");
});

t.test("dir pool: rename, and spare clones whose background copy stops when asked", async (t) => {
  const d = getStorageDriver("dir");
  const s = setup(t);
  const pool = await normalized(d, s.pool);
  await d.create(pool);
  rmSync(join(pool.mountPath, "spares"), { recursive: true });
  await d.mount(pool);
  t.equal(mode(join(pool.mountPath, "spares")), 0o711, "mount adds a top dir a pool from an older version lacks");

  const fp = "a".repeat(64);
  const img = { type: "image" as const, name: fp };
  await d.createVolume(pool, img);
  const rootfs = join(d.volumePath(pool, img), "rootfs");
  mkdirSync(join(rootfs, "etc"), { recursive: true });
  writeFileSync(join(rootfs, "etc", "hostname"), "img");
  const a = { type: "custom" as const, name: "a" };
  const b = { type: "custom" as const, name: "b" };
  await d.createVolume(pool, a);
  await d.createVolume(pool, b);
  await t.rejects(d.renameVolume(pool, { type: "custom", name: "gone" }, { type: "custom", name: "c" }), { code: "CORRAL_ERR_NOT_FOUND" });
  await t.rejects(d.renameVolume(pool, a, b), { code: "CORRAL_ERR_ALREADY_EXISTS" });
  await d.deleteVolume(pool, b);
  await d.renameVolume(pool, a, b);
  t.same([await d.volumeExists(pool, a), await d.volumeExists(pool, b)], [false, true], "rename moves the volume");
  const cancelled = { type: "spare" as const, name: "cancelled" };
  await t.rejects(d.copyVolume(pool, img, cancelled, { signal: AbortSignal.abort() }), { code: "CORRAL_ERR_COMMAND_FAILED", message: /cancelled/ });
  t.equal(await d.volumeExists(pool, cancelled), false, "a cancelled copy leaves nothing");

  // The real driver, except that each copy, once made, waits at a gate the test opens: so "a refill
  // is copying" is a state the test can see and interrupt, on a disk of any speed.
  let openGate!: () => void;
  let gate!: Promise<void>;
  const closeGate = () => (gate = new Promise<void>((r) => (openGate = r)));
  closeGate();
  const gated: StorageDriver = Object.assign(Object.create(d) as StorageDriver, {
    copyVolume: async (...args: Parameters<StorageDriver["copyVolume"]>) => {
      await d.copyVolume(...args);
      const signal = args[3]?.signal;
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    },
  });
  const spares = new SpareClones({ open: async () => ({ driver: gated, spec: pool }), imageReady: async () => true });
  const sparesDir = join(pool.mountPath, "spares");
  const copying = () => readdirSync(sparesDir).some((n) => n.endsWith(".tmp"));
  const waitFor = async (what: string, cond: () => boolean) => {
    for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
    t.ok(cond(), what);
  };

  // A create holds refills back; they start when it ends.
  let release!: () => void;
  const create = spares.hold(pool.name, () => new Promise<void>((r) => (release = r)));
  spares.refill(pool.name, fp);
  await new Promise((r) => setTimeout(r, 50));
  t.same(readdirSync(sparesDir), [], "no refill while a create runs");
  release();
  await create;
  await new Promise((r) => setTimeout(r, SPARE_IDLE_MS / 2));
  t.same(readdirSync(sparesDir), [], "nor right after it: the pool must be idle first");
  await waitFor("the refill starts once the create is done", copying);
  const second = spares.hold(pool.name, () => new Promise<void>((r) => (release = r)));
  await waitFor("a create stops a running refill", () => readdirSync(sparesDir).length === 0);
  release();
  await second;
  await waitFor("which starts again after it", copying);
  const resume = await spares.suspend(pool.name, fp);
  t.same(readdirSync(sparesDir), [], "suspend stops the copy and removes the half-made spare");
  spares.refill(pool.name, fp);
  await new Promise((r) => setTimeout(r, 50));
  t.same(readdirSync(sparesDir), [], "no refill starts while suspended");
  resume();
  await waitFor("resuming starts the refill that was asked for", copying);
  openGate();
  await waitFor("which completes", () => !copying() && readdirSync(sparesDir).length === 1);
  const [name] = await completeSpares(d, pool, fp);

  const target = { type: "container" as const, name: "c1" };
  t.equal(await spares.take(d, pool, fp, target), true, "take renames the spare");
  t.equal(await spares.take(d, pool, fp, { type: "container", name: "c2" }), false, "and there is no second one");
  t.notOk(existsSync(join(sparesDir, name!)));
  t.equal(readFileSync(join(d.volumePath(pool, target), "rootfs", "etc", "hostname"), "utf8"), "img", "the taken spare is a copy of the image");

  closeGate();
  spares.refill(pool.name, fp);
  await waitFor("a refill copies again", copying);
  await spares.close();
  t.same(readdirSync(sparesDir), [], "close stops the copy and cleans up");
  spares.refill(pool.name, fp);
  await new Promise((r) => setTimeout(r, 50));
  t.same(readdirSync(sparesDir), [], "a closed SpareClones starts nothing");

  const none = new SpareClones({ open: async () => ({ driver: d, spec: pool }), imageReady: async () => true });
  const off = { ...pool, config: { ...pool.config, "dir.spare_clones": "0" } };
  await d.createVolume(off, { type: "spare", name: `${fp}.01234567` });
  t.equal(await none.take(d, off, fp, { type: "container", name: "c3" }), false, "dir.spare_clones=0: nothing is taken");
  await d.delete(pool);
  t.notOk(existsSync(pool.mountPath), "pool delete removes spares too");
});

t.test("dir pool: external source is bind-mounted and left in place on delete", async (t) => {
  const d = getStorageDriver("dir");
  const s = setup(t);
  const source = join(s.dir, "external");
  mkdirSync(source);
  const pool = await normalized(d, { ...s.pool, config: { source } });
  await d.create(pool);
  t.ok(await isMounted(pool.mountPath), "bind-mounted");
  await d.createVolume(pool, { type: "custom", name: "data" });
  t.ok(existsSync(join(source, "custom", "data")), "volume lives in source");
  await d.unmount(pool);
  t.notOk(await isMounted(pool.mountPath));
  await d.mount(pool);
  await d.mount(pool);
  t.ok(existsSync(join(pool.mountPath, "custom", "data")), "remounted");
  await d.delete(pool);
  t.notOk(await isMounted(pool.mountPath), "no mount left");
  t.notOk(existsSync(pool.mountPath));
  t.ok(existsSync(source), "source directory kept");
  t.same(readdirSync(source), [], "source emptied of pool content");

  // A source that is not (or no longer) a Corral pool: mount and delete write nothing into it.
  writeFileSync(join(source, "theirs"), "x");
  await d.mount(pool);
  t.same(readdirSync(source), ["theirs"], "mount adds nothing to an untagged source");
  await t.rejects(d.delete(pool), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /not tagged/ });
  t.same(readdirSync(source), ["theirs"], "delete refuses and leaves it as it was");
  await d.unmount(pool);
});

t.test("btrfs pool: validation", async (t) => {
  const d = getStorageDriver("btrfs");
  const { dir, pool } = setup(t);
  const cfg = await d.normalize(pool);
  t.equal(cfg.size, "5GiB", "default loop size");
  t.equal(cfg["btrfs.mount_options"], "user_subvol_rm_allowed");
  t.equal(cfg.source, undefined);
  await t.rejects(d.normalize({ ...pool, config: { size: "big" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]', message: /must be a size/ });
  await t.rejects(d.normalize({ ...pool, config: { size: "64MiB" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]', message: /at least/ });
  await t.rejects(d.normalize({ ...pool, config: { source: join(dir, "nope") } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["source"]', message: /does not exist/ });
  await t.rejects(d.normalize({ ...pool, config: { source: dir } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["source"]', message: /btrfs/ });
  await t.rejects(d.normalize({ ...pool, config: { "btrfs.mount_options": "a b" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["btrfs.mount_options"]' });
});

t.test("btrfs pool on a loop file: snapshots, quotas, restart, delete", async (t) => {
  const d = getStorageDriver("btrfs");
  const s = setup(t, { size: "512MiB" });
  const pool = await normalized(d, s.pool);
  const file = loopFileOf(pool);
  await d.create(pool);
  t.ok(existsSync(file), "loop file made");
  t.equal((await findLoopDevices(file)).length, 1, "one loop device");
  t.ok(await isMounted(pool.mountPath), "mounted");
  for (const top of ["images", "containers", "custom"]) t.equal(mode(join(pool.mountPath, top)), 0o711);
  const u = await d.usage(pool);
  t.ok(u.totalBytes > 300 * MiB && u.totalBytes <= 512 * MiB, `total ${u.totalBytes}`);

  const img = { type: "image" as const, name: "a".repeat(64) };
  const ct = { type: "container" as const, name: "c1" };
  await d.createVolume(pool, img);
  const imgPath = d.volumePath(pool, img);
  mkdirSync(join(imgPath, "rootfs"));
  writeFileSync(join(imgPath, "rootfs", "hello"), "world");
  await run("btrfs", ["subvolume", "create", join(imgPath, "rootfs", "nested")]);
  writeFileSync(join(imgPath, "rootfs", "nested", "inner"), "deep");

  await d.copyVolume(pool, img, ct);
  const ctPath = d.volumePath(pool, ct);
  const srcShow = (await run("btrfs", ["subvolume", "show", imgPath])).stdout;
  const dstShow = (await run("btrfs", ["subvolume", "show", ctPath])).stdout;
  const uuid = /^\s*UUID:\s*(\S+)/m.exec(srcShow)![1]!;
  t.match(dstShow, new RegExp(`Parent UUID:\\s*${uuid}`), "copy is a snapshot of the image volume");
  t.match(srcShow, /Snapshot\(s\):\s*\n\s*\S*containers\/c1/, "image lists the snapshot");
  t.equal(readFileSync(join(ctPath, "rootfs", "hello"), "utf8"), "world");
  t.equal(statSync(join(ctPath, "rootfs", "nested")).ino, 256, "nested subvolume snapshotted too");
  t.equal(readFileSync(join(ctPath, "rootfs", "nested", "inner"), "utf8"), "deep");
  writeFileSync(join(ctPath, "rootfs", "hello"), "mine");
  t.equal(readFileSync(join(imgPath, "rootfs", "hello"), "utf8"), "world", "source untouched");

  // quota: a write past the limit fails with EDQUOT
  await d.setVolumeQuota(pool, ct, 32 * MiB);
  const dd = run("dd", ["if=/dev/zero", `of=${join(ctPath, "rootfs", "big")}`, "bs=1M", "count=64", "conv=fsync"]);
  await t.rejects(dd, { code: "CORRAL_ERR_COMMAND_FAILED", stderr: /Disk quota exceeded/ }, "write past the limit fails");
  const used = await d.volumeUsage(pool, ct);
  t.ok(used <= 33 * MiB && used > 16 * MiB, `usage ${used} near the limit`);
  await d.setVolumeQuota(pool, ct, undefined);
  await run("dd", ["if=/dev/zero", `of=${join(ctPath, "rootfs", "big2")}`, "bs=1M", "count=8", "conv=fsync"]);
  t.pass("limit removed: writes succeed again");

  // create with a size sets the limit from the start
  const lim = { type: "custom" as const, name: "limited" };
  await d.createVolume(pool, lim, { sizeBytes: 8 * MiB });
  await t.rejects(run("dd", ["if=/dev/zero", `of=${join(d.volumePath(pool, lim), "f")}`, "bs=1M", "count=16", "conv=fsync"]), { code: "CORRAL_ERR_COMMAND_FAILED", stderr: /Disk quota exceeded/ });

  t.same(await d.listVolumes(pool), [{ type: "container", name: "c1" }, { type: "custom", name: "limited" }, { type: "image", name: img.name }]);

  // agent restart: unmount + mount re-attaches without leaking loop devices
  await d.unmount(pool);
  t.notOk(await isMounted(pool.mountPath), "unmounted");
  t.equal((await findLoopDevices(file)).length, 0, "loop device detached");
  await d.mount(pool);
  await d.mount(pool);
  t.equal((await findLoopDevices(file)).length, 1, "exactly one loop device after remount");
  t.equal(readFileSync(join(ctPath, "rootfs", "hello"), "utf8"), "mine", "data survives");
  // crash with the loop device still attached: mount reuses it
  await umountAll(pool.mountPath);
  t.equal((await findLoopDevices(file)).length, 1);
  await d.mount(pool);
  t.equal((await findLoopDevices(file)).length, 1, "stale loop device reused, not leaked");

  await d.deleteVolume(pool, ct);
  t.equal(await d.volumeExists(pool, ct), false, "container volume with nested subvolume deleted");
  t.equal(readFileSync(join(imgPath, "rootfs", "nested", "inner"), "utf8"), "deep", "image intact");

  await d.delete(pool);
  t.equal((await findLoopDevices(file).catch(() => [])).length, 0, "no loop device");
  t.notOk(await isMounted(pool.mountPath), "no mount");
  t.notOk(existsSync(file), "no loop file");
  t.notOk(existsSync(pool.mountPath), "no mount path");
});

t.test("btrfs pool: failed create leaves nothing behind", async (t) => {
  const d = getStorageDriver("btrfs");
  const s = setup(t, { size: "256MiB", "btrfs.mount_options": "no_such_option" });
  const pool = await normalized(d, s.pool);
  const file = loopFileOf(pool);
  await t.rejects(d.create(pool), { code: "CORRAL_ERR_COMMAND_FAILED", message: /mount/ });
  t.notOk(existsSync(file), "loop file removed");
  t.notOk(existsSync(pool.mountPath), "mount path removed");
  t.notOk(await isMounted(pool.mountPath));
  const all = (await run("losetup", ["--list", "--noheadings", "-O", "BACK-FILE"])).stdout;
  t.notOk(all.includes(s.dir), "no loop device for the file");
});

t.test("btrfs pool on a block device, and on a btrfs directory", async (t) => {
  const d = getStorageDriver("btrfs");
  const s = setup(t);
  const img = join(s.dir, "blk.img");
  await createSparseFile(img, 256 * MiB);
  const dev = await attachLoop(img);
  t.teardown(() => detachLoopsFor(img).catch(() => undefined));
  t.teardown(() => umountAll(s.pool.mountPath).catch(() => undefined));

  const pool = await normalized(d, { ...s.pool, config: { source: dev } });
  t.equal(pool.config.size, undefined);
  await t.rejects(d.normalize({ ...s.pool, config: { source: dev, size: "1GiB" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]' });
  await d.create(pool);
  t.ok(await isMounted(pool.mountPath));
  await d.createVolume(pool, { type: "custom", name: "v" });
  await d.copyVolume(pool, { type: "custom", name: "v" }, { type: "custom", name: "w" });

  // a second pool on a directory of the first (a directory on btrfs)
  const ext = join(pool.mountPath, "ext");
  mkdirSync(ext);
  const s2 = setup(t);
  const pool2 = await normalized(d, { ...s2.pool, config: { source: ext } });
  await d.create(pool2);
  await d.createVolume(pool2, { type: "image", name: "i" });
  await d.copyVolume(pool2, { type: "image", name: "i" }, { type: "container", name: "c" });
  t.ok(existsSync(join(ext, "containers", "c")));
  await d.delete(pool2);
  t.notOk(await isMounted(pool2.mountPath));
  t.same(readdirSync(ext), [], "directory source emptied, kept");

  await d.delete(pool);
  t.notOk(await isMounted(pool.mountPath));
  t.notOk(existsSync(pool.mountPath));

  // formatted device: mkfs refuses (no -f) and nothing is left behind
  const again = await normalized(d, { ...s.pool, name: `p-${suffix()}`, mountPath: join(s.dir, "storage-pools", "again"), config: { source: dev } });
  await t.rejects(d.create(again), { code: "CORRAL_ERR_COMMAND_FAILED", message: /mkfs\.btrfs/ });
  t.notOk(existsSync(again.mountPath), "no mount path after failed create");
});
