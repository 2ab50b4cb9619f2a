// zfs storage pools for real (zfs-fuse here: ZFS in user space, no zvols): the command lines the
// driver builds, the driver on a zpool in a file (clones, send/receive copies, renames, retired
// images), and a real agent running containers on a file-backed pool and on a dataset of an
// existing pool. Every zpool the test makes is destroyed, even on failure; zfs-fuse is stopped
// again when the test found it stopped.
import t from "tap";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { getStorageDriver, STORAGE_DRIVER_NAMES } from "../../agent/storage/drivers";
import { args, daemonPid, parseRows } from "../../agent/storage/drivers/zfs/cli";
import { poolFileOf, zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import type { PoolSpec } from "../../agent/storage/driver";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { DAEMON_STOP_TIMEOUT_MS, made, releasePoolsFirst, stopDaemon, zfsHygiene, zpools } from "../helpers/zfs";

const MiB = 2 ** 20;
const suffix = () => randomBytes(4).toString("hex");
const zfsGet = async (prop: string, ds: string): Promise<string> => (await run("zfs", ["get", "-H", "-o", "value", prop, ds])).stdout.trim();
const datasets = async (root: string): Promise<string[]> =>
  (await run("zfs", ["list", "-H", "-o", "name", "-t", "all", "-r", root], { okCodes: [0, 1] })).stdout.split("\n").filter(Boolean);

t.test("command lines", async (t) => {
  t.same(args.zpoolCreate("corral-p-1234abcd", "/d/disks/p.zfs", "/d/storage-pools/p", "p"),
    ["create", "-m", "/d/storage-pools/p", "-O", "canmount=off", "-O", "corral:pool=p", "corral-p-1234abcd", "/d/disks/p.zfs"]);
  t.same(args.zpoolImport("corral-p-1234abcd", "/d/disks"), ["import", "-d", "/d/disks", "corral-p-1234abcd"]);
  t.same(args.clone("r/images/f@readonly", "r/containers/c1", { refquota: "67108864" }), ["clone", "-o", "refquota=67108864", "r/images/f@readonly", "r/containers/c1"]);
  t.same(args.clone("r/images/f@readonly", "r/containers/c1"), ["clone", "r/images/f@readonly", "r/containers/c1"]);
  t.same(args.create("r/deleted", { canmount: "off", mountpoint: "none" }), ["create", "-o", "canmount=off", "-o", "mountpoint=none", "r/deleted"]);
  t.same(args.destroy("r/custom/v", { recursive: true }), ["destroy", "-r", "r/custom/v"]);
  t.same(args.destroy("r/custom/v"), ["destroy", "r/custom/v"]);
  t.same(args.get("r", ["used", "available"]), ["get", "-H", "-p", "-o", "property,value", "used,available", "r"]);
  t.same(args.list("r/images", ["name"], { depth: 1 }), ["list", "-H", "-o", "name", "-t", "filesystem", "-d", "1", "r/images"]);
  t.same(args.list("r", ["name", "origin"]), ["list", "-H", "-o", "name,origin", "-t", "filesystem", "-r", "r"]);
  t.same(args.exists("r/images/f@readonly"), ["list", "-H", "-o", "name", "-t", "snapshot", "r/images/f@readonly"]);
  t.same(args.set("r/containers/c1", "refquota", "none"), ["set", "refquota=none", "r/containers/c1"]);
  t.same(parseRows("a\t1\nb\t-\n"), [["a", "1"], ["b", "-"]]);
  const pool: PoolSpec = { name: "p", config: {}, mountPath: "/data/storage-pools/p", disksDir: "/data/disks" };
  t.match(zpoolNameOf(pool), /^corral-p-[0-9a-f]{8}$/, "the zpool name carries a hash of the data dir");
  t.not(zpoolNameOf(pool), zpoolNameOf({ ...pool, disksDir: "/other/disks" }), "two agents' pools of one name do not collide");
  t.equal(poolFileOf(pool), "/data/disks/p.zfs");
});

t.test("driver: registry, validation, clones, copies, renames, retired images", async (t) => {
  await zfsHygiene(t);
  t.ok(STORAGE_DRIVER_NAMES.includes("zfs"));
  const d = getStorageDriver("zfs");
  t.same({ ...d.info }, { name: "zfs", optimizedImages: true, quotas: true, usesLoopFile: true, consistentCopies: true, idmappedMounts: existsSync("/dev/zfs") ? d.info.idmappedMounts : false });
  t.equal(d.spareClones({ name: "x", config: {}, mountPath: "/x", disksDir: "/d" }), 0, "no spares: clones are instant");
  const dir = mkdtempSync(join(tmpdir(), "corral-zfs-"));
  const name = `z${suffix()}`;
  const spec: PoolSpec = { name, config: {}, mountPath: join(dir, "storage-pools", name), disksDir: join(dir, "disks") };
  t.teardown(async () => {
    await d.delete(spec).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  await t.rejects(d.normalize({ ...spec, config: { size: "32MiB" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]', message: /at least 67108864/ });
  await t.rejects(d.normalize({ ...spec, config: { "btrfs.mount_options": "ro" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /unknown config key/ });
  await t.rejects(d.normalize({ ...spec, config: { source: "/dev/sdz" } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["source"]', message: /name of an existing ZFS pool or dataset/ });
  await t.rejects(d.normalize({ ...spec, config: { source: `ctest-${suffix()}/none` } }), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /does not exist/ });
  const pool: PoolSpec = { ...spec, config: await d.normalize({ ...spec, config: { size: "256MiB" } }) };
  made.add(zpoolNameOf(pool));
  t.same(pool.config, { size: "256MiB" });
  await d.create(pool);
  t.ok((await zpools()).includes(zpoolNameOf(pool)), "zpool made on the file");
  await t.rejects(d.create(pool), { code: "CORRAL_ERR_ALREADY_EXISTS" }, "a second create refuses");

  const img = { type: "image" as const, name: "e".repeat(64) };
  await d.createVolume(pool, img);
  mkdirSync(join(d.volumePath(pool, img), "rootfs"));
  writeFileSync(join(d.volumePath(pool, img), "rootfs", "hello"), "world");
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    await d.copyVolume(pool, img, { type: "container", name: `c${i}` }, { sizeBytes: 32 * MiB });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  t.comment(`copyVolume(image -> container) = zfs clone of @readonly: median ${times[2]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms`);
  const root = zpoolNameOf(pool);
  t.equal(await zfsGet("origin", `${root}/containers/c0`), `${root}/images/${img.name}@readonly`, "a clone of the image snapshot");
  t.equal(await zfsGet("refquota", `${root}/containers/c0`), "32M", "with the size as refquota");
  t.equal(readFileSync(join(d.volumePath(pool, { type: "container", name: "c0" }), "rootfs", "hello"), "utf8"), "world");
  await t.rejects(d.copyVolume(pool, img, { type: "container", name: "c0" }), { code: "CORRAL_ERR_ALREADY_EXISTS" });
  await t.rejects(d.copyVolume(pool, { type: "image", name: "nope" }, { type: "container", name: "cx" }), { code: "CORRAL_ERR_NOT_FOUND" });
  t.throws(() => d.volumePath(pool, { type: "custom", name: "../x" }), { code: "CORRAL_ERR_INVALID_ARGUMENT" });

  const v1 = { type: "custom" as const, name: "v1" };
  await d.createVolume(pool, v1, { sizeBytes: 16 * MiB });
  writeFileSync(join(d.volumePath(pool, v1), "data"), "custom");
  await d.copyVolume(pool, v1, { type: "custom", name: "v2" });
  t.equal(await zfsGet("origin", `${root}/custom/v2`), "-", "a custom copy is a full send | receive copy, not a clone");
  t.same(await datasets(`${root}/custom/v2`), [`${root}/custom/v2`], "no snapshot left on the copy");
  t.same((await datasets(`${root}/custom/v1`)), [`${root}/custom/v1`], "nor on its source");
  await t.rejects(d.renameVolume(pool, { type: "custom", name: "gone" }, { type: "custom", name: "v9" }), { code: "CORRAL_ERR_NOT_FOUND" });
  await t.rejects(d.renameVolume(pool, v1, { type: "custom", name: "v2" }), { code: "CORRAL_ERR_ALREADY_EXISTS" });
  await d.renameVolume(pool, { type: "custom", name: "v2" }, { type: "custom", name: "v3" });
  t.equal(readFileSync(join(d.volumePath(pool, { type: "custom", name: "v3" }), "data"), "utf8"), "custom", "renamed, mounted at its new path");
  t.notOk(existsSync(join(d.volumePath(pool, { type: "custom", name: "v2" }), "data")));
  await t.rejects(d.setVolumeQuota(pool, { type: "custom", name: "v9" }, MiB), { code: "CORRAL_ERR_NOT_FOUND" });
  await d.setVolumeQuota(pool, v1, undefined);
  t.equal(await zfsGet("refquota", `${root}/custom/v1`), "none");
  t.ok((await d.volumeUsage(pool, v1)) > 0);
  const u = await d.usage(pool);
  t.ok(u.usedBytes > 0 && u.totalBytes > 200 * MiB && u.totalBytes <= 256 * MiB, `pool usage ${u.usedBytes}/${u.totalBytes}`);
  t.same((await d.listVolumes(pool, "custom")).map((v) => v.name), ["v1", "v3"]);
  t.same((await d.listVolumes(pool)).length, 8, "5 containers, 1 image, 2 custom volumes");

  // The image goes while its clones live: it waits under deleted/ and goes with the last clone.
  await d.deleteVolume(pool, img);
  t.equal(await d.volumeExists(pool, img), false);
  const retired = (await datasets(`${root}/deleted`)).filter((n) => n.startsWith(`${root}/deleted/images/${img.name}-`) && !n.includes("@"));
  t.equal(retired.length, 1, "the image dataset is retired, not destroyed");
  t.equal(readFileSync(join(d.volumePath(pool, { type: "container", name: "c0" }), "rootfs", "hello"), "utf8"), "world", "its clones keep working");
  for (let i = 0; i < 4; i++) await d.deleteVolume(pool, { type: "container", name: `c${i}` });
  t.equal((await datasets(retired[0]!)).length, 2, "still there while one clone is left");
  await d.deleteVolume(pool, { type: "container", name: "c4" });
  t.same(await datasets(`${root}/deleted/images`), [`${root}/deleted/images`], "gone with its last clone");
  await d.deleteVolume(pool, { type: "container", name: "c4" }); // idempotent

  if (!existsSync("/dev/zfs")) {
    // zfs-fuse killed outright leaves dead FUSE mounts ("Transport endpoint is not connected"):
    // the next use starts it again, detaches them and mounts the volumes again. fsync'd data survives.
    const file = join(d.volumePath(pool, v1), "synced");
    const fd = openSync(file, "w");
    writeSync(fd, "kept");
    fsyncSync(fd);
    closeSync(fd);
    const pid = (await daemonPid())!;
    process.kill(pid, "SIGKILL");
    await eventually("zfs-fuse to die", async () => ((await daemonPid()) !== pid ? true : undefined), DAEMON_STOP_TIMEOUT_MS, 50);
    t.throws(() => readFileSync(file), { code: /^(ENOTCONN|ECONNABORTED)$/ }, "the mount is dead");
    t.equal(await d.volumeExists(pool, v1), true, "the driver starts zfs-fuse again");
    t.equal(readFileSync(file, "utf8"), "kept", "and mounts the volume again");
  }

  await d.unmount(pool);
  t.notOk((await zpools()).includes(root), "unmount exports the zpool");
  await d.mount(pool);
  t.equal(readFileSync(join(d.volumePath(pool, v1), "data"), "utf8"), "custom", "mount imports it again and mounts the volumes");
  await d.delete(pool);
  t.notOk((await zpools()).includes(root), "zpool destroyed");
  t.notOk(existsSync(poolFileOf(pool)), "its file removed");
  t.notOk(existsSync(pool.mountPath), "its mount path removed");
});

interface ListEntry {
  name: string;
  status: string;
}
const list = async (a: TestAgent): Promise<ListEntry[]> => JSON.parse((await a.cli(["list", "--format", "json"])).stdout);
const statusOf = async (a: TestAgent, name: string) => (await list(a)).find((e) => e.name === name)?.status;
// zfs-fuse is FUSE: no idmapped mounts, so containers on it run privileged (see StorageDriverInfo.idmappedMounts).
const PRIVILEGED = ["-c", "security.privileged=true"];

t.test("containers on zfs through the agent: clones, quota, restarts, image delete, existing dataset", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-zfs-agent-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const img = buildBusyboxImage(work);
  const zp = `zp${suffix()}`;
  made.add(zpoolNameOf({ name: zp, config: {}, mountPath: "", disksDir: join(a.dataDir, "disks") }));

  await t.test("bad input", async (t) => {
    const small = await a.cli(["storage", "create", "small", "zfs", "size=32MiB"], { okCodes: [1] });
    t.match(small.stderr, /config\["size"\]: must be at least 67108864 bytes/);
    const key = await a.cli(["storage", "create", "keyed", "zfs", "btrfs.mount_options=ro"], { okCodes: [1] });
    t.match(key.stderr, /config\["btrfs.mount_options"\]: unknown config key/);
    const src = await a.cli(["storage", "create", "pathy", "zfs", "source=/dev/sdz"], { okCodes: [1] });
    t.match(src.stderr, /config\["source"\]: must be the name of an existing ZFS pool or dataset/);
    t.same((await a.client.pools.ListStoragePools({})).pools.map((p) => p.name), [], "no pool recorded");
  });

  await a.cli(["storage", "create", zp, "zfs", "size=512MiB"]);
  const spec: PoolSpec = { name: zp, config: {}, mountPath: join(a.dataDir, "storage-pools", zp), disksDir: join(a.dataDir, "disks") };
  const root = zpoolNameOf(spec);
  t.ok((await zpools()).includes(root), `zpool ${root} exists`);
  t.match((await run("zpool", ["status", root])).stdout, poolFileOf(spec), "on the pool's file, no loop device");
  t.equal(await zfsGet("corral:pool", root), zp, "tagged with the pool name");
  const info = JSON.parse((await a.cli(["info", "--format", "json"])).stdout) as { capabilities: { name: string; available: boolean; detail: string }[] };
  const cap = info.capabilities.find((c) => c.name === "storage.zfs")!;
  t.equal(cap.available, true);
  t.match(cap.detail, /zvols/, `probe: ${cap.detail}`);

  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  const pools = (await a.client.host.GetInfo({})).capabilities;
  if (/no idmapped mounts/.test(pools.find((c) => c.name === "storage.zfs")!.detail)) {
    // zfs-fuse: an unprivileged container is refused up front, naming why, and nothing is made.
    const refused = await a.cli(["launch", "busybox", "cu", "--storage", zp], { okCodes: [1] });
    t.match(refused.stderr, /devices\["root"\]\.pool \(an unprivileged container\): pool "zp\w+" \(zfs\) cannot give its volumes idmapped mounts here; use a dir or btrfs pool, or set security\.privileged=true/);
    t.notOk((await list(a)).some((e) => e.name === "cu"), "no instance recorded");
  }
  const launched = Date.now();
  await a.cli(["launch", "busybox", "c1", "--storage", zp, "--device", `root,type=disk,path=/,pool=${zp},size=64MiB`, ...PRIVILEGED]);
  t.comment(`launch (unpack, clone, start) took ${Date.now() - launched} ms`);
  t.equal(await statusOf(a, "c1"), "Running");

  await t.test("the root disk is a clone of the image snapshot", async (t) => {
    t.equal(await zfsGet("origin", `${root}/containers/c1`), `${root}/images/${img.fingerprint}@readonly`);
    t.equal(await zfsGet("refquota", `${root}/containers/c1`), "64M");
  });

  await t.test("exec, and the quota holds inside", async (t) => {
    t.equal((await a.cli(["exec", "c1", "--", "sh", "-c", "echo hi > /root/f && cat /root/f"])).stdout, "hi\n");
    const dd = await a.cli(["exec", "c1", "--", "dd", "if=/dev/zero", "of=/root/big", "bs=1M", "count=128"], { okCodes: [0, 1] });
    t.not(dd.code, 0, "writing past the 64MiB root size fails");
    t.match(dd.stderr, /quota|space/i);
    await a.cli(["exec", "c1", "--", "rm", "-f", "/root/big"]);
  });

  await t.test("agent restart keeps the pool and the running container", async (t) => {
    await a.stop();
    await a.restart();
    t.ok((await zpools()).includes(root));
    t.equal(await statusOf(a, "c1"), "Running");
    t.equal((await a.cli(["exec", "c1", "--", "cat", "/root/f"])).stdout, "hi\n");
  });

  await t.test("a zfs-fuse restart: the pool comes back when the agent next uses it", { skip: existsSync("/dev/zfs") && "kernel ZFS has no daemon" }, async (t) => {
    await a.cli(["stop", "-f", "c1"]);
    const pid = await daemonPid();
    await stopDaemon();
    t.ok(pid !== undefined, "zfs-fuse was running");
    const show = await a.cli(["storage", "show", zp]);
    t.match(show.stdout, /used_bytes: [1-9]/, "the pool answers");
    const again = await daemonPid();
    t.ok(again !== undefined && again !== pid, "the agent started zfs-fuse again");
    await a.cli(["start", "c1"]);
    t.equal((await a.cli(["exec", "c1", "--", "cat", "/root/f"])).stdout, "hi\n", "the container's data is back");
  });

  await t.test("the image is refused while the container uses it, then goes with no dataset left", async (t) => {
    // The image manager refuses an image in use; a driver asked to delete an image volume with
    // clones retires it instead (the driver test above covers that path).
    const refused = await a.cli(["image", "delete", "busybox"], { okCodes: [1] });
    t.match(refused.stderr, /in use by instance c1/);
    t.equal((await a.cli(["exec", "c1", "--", "cat", "/root/f"])).stdout, "hi\n", "the container keeps working");
    await a.cli(["delete", "-f", "c1"]);
    await a.cli(["image", "delete", "busybox"]);
    t.same((await datasets(root)).filter((n) => /\/(images|containers|deleted\/images)\//.test(n)), [], "no image, container or retired dataset left");
  });

  await t.test("deleting the pool leaves no dataset and no zpool", async (t) => {
    await a.cli(["storage", "delete", zp]);
    t.notOk((await zpools()).includes(root), "zpool gone");
    t.notOk(existsSync(poolFileOf(spec)), "file gone");
    t.notOk(existsSync(spec.mountPath), "mount path gone");
  });

  await t.test("an existing dataset as source: used, never destroyed", async (t) => {
    const tank = `ctest-${suffix()}`;
    made.add(tank);
    const file = join(work, "tank.img");
    writeFileSync(file, "");
    await run("truncate", ["-s", "256M", file]);
    await run("zpool", ["create", "-m", "none", tank, file]);
    t.teardown(() => run("zpool", ["destroy", "-f", tank]).catch(() => undefined));
    await run("zfs", ["create", "-o", `mountpoint=${join(work, "existing")}`, `${tank}/existing`]);
    await run("zfs", ["create", `${tank}/existing/keep`]);
    writeFileSync(join(work, "existing", "marker"), "mine");

    await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
    await a.cli(["storage", "create", "zs", "zfs", `source=${tank}/existing`]);
    const mine = `${tank}/existing/corral-zs`;
    t.equal(await zfsGet("corral:pool", mine), "zs", "Corral made and tagged its own child dataset");
    await a.cli(["storage", "volume", "create", "zs", "v1", "size=16MiB"]);
    await a.cli(["launch", "busybox", "c2", "--storage", "zs", "--device", "root,type=disk,path=/,pool=zs", ...PRIVILEGED]);
    t.equal(await zfsGet("origin", `${mine}/containers/c2`), `${mine}/images/${img.fingerprint}@readonly`);
    t.equal((await a.cli(["exec", "c2", "--", "echo", "ok"])).stdout, "ok\n");
    await a.cli(["delete", "-f", "c2"]);
    await a.cli(["storage", "volume", "delete", "zs", "v1"]);
    await a.cli(["image", "delete", "busybox"]);
    await a.cli(["storage", "delete", "zs"]);
    t.same(await datasets(`${tank}/existing`), [`${tank}/existing`, `${tank}/existing/keep`], "only Corral's dataset is gone");
    t.equal(await readFile(join(work, "existing", "marker"), "utf8"), "mine", "the source's files are untouched");
    await run("zfs", ["umount", `${tank}/existing`]).catch(() => undefined);
  });

  t.same((await a.client.pools.ListStoragePools({})).pools.map((p) => p.name), [], "no pools left");
  t.same((await zpools()).filter((p) => p.startsWith("corral-") && p.endsWith(root.slice(-8))), [], "no zpool of this agent left");
});
