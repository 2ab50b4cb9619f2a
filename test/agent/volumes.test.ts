// Custom volumes through the real agent and CLI: a filesystem and a block volume inside a
// container (the block one as a device node on a loop device), kept across detach and attach to
// another container; resize (grow seen inside, shrink refused); the one-writer rule and
// security.shared; delete of a volume in use; volume snapshots; copies between a dir and a btrfs
// pool; pool capacity and creates that cannot fit; bad input.
import t, { type Test } from "tap";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { findLoopDevices } from "../../agent/host/loop";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { made, releasePoolsFirst, zfsHygiene } from "../helpers/zfs";
import { zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";

const MiB = 2 ** 20;
const volumePath = (a: TestAgent, pool: string, name: string) => join(a.dataDir, "storage-pools", pool, "custom", name);
const sh = async (a: TestAgent, name: string, script: string) => (await a.cli(["exec", name, "--", "sh", "-c", script])).stdout.trim();
const fails = async (a: TestAgent, args: string[]) => (await a.cli(args, { okCodes: [1] })).stderr;
const instances = async (a: TestAgent) => (await a.client.instances.ListInstances({})).instances.map((i) => i.name);
const snapshots = async (a: TestAgent, pool: string, vol: string) =>
  (JSON.parse((await a.cli(["storage", "volume", "snapshot", "list", pool, vol, "--format", "json"])).stdout) as { name: string }[]).map((s) => s.name);

t.test("custom volumes", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-vol-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["storage", "create", "d", "dir"]);
  await a.cli(["storage", "create", "b", "btrfs", "size=256MiB"]);

  // These five use their own volumes and instances and look at nothing else: they run side by side
  // (below, after the one-writer test, which lists every instance).
  const fsAndBlockVolumes = (t: Test) => t.test("a filesystem and a block volume in a container, kept across detach and attach to another", async (t) => {
    await a.cli(["storage", "volume", "create", "b", "fsv", "size=64MiB"]);
    await a.cli(["storage", "volume", "create", "b", "blk", "--type", "block", "size=32MiB"]);
    const blockFile = join(volumePath(a, "b", "blk"), "root.img");
    const devices = ["-d", "data,type=disk,pool=b,source=fsv,path=/data", "-d", "blk,type=disk,pool=b,source=blk,path=/dev/blk"];
    await a.cli(["launch", "busybox", "c1", "--storage", "b", ...devices]);
    await sh(a, "c1", "echo hello > /data/f && printf blockdata > /dev/blk && sync");
    t.equal(readFileSync(join(volumePath(a, "b", "fsv"), "f"), "utf8"), "hello\n", "the filesystem volume holds what the container wrote");
    t.equal(readFileSync(blockFile).subarray(0, 9).toString(), "blockdata", "the block volume's disk holds what the container wrote to its device node");
    t.equal(await sh(a, "c1", "blockdev --getsize64 /dev/blk"), String(32 * MiB), "the device node has the volume's size");
    t.equal((await findLoopDevices(blockFile)).length, 1, "one loop device while it runs");

    await a.cli(["storage", "volume", "set", "b", "blk", "size=48MiB"]);
    t.equal(await sh(a, "c1", "blockdev --getsize64 /dev/blk"), String(48 * MiB), "a grown block volume is seen grown inside the running container");
    t.match(await fails(a, ["storage", "volume", "set", "b", "blk", "size=16MiB"]), /config\["size"\]: a block volume cannot shrink \(from 50331648 to 16777216 bytes\)/);
    t.match(await fails(a, ["storage", "volume", "set", "b", "fsv", "size=1KiB"]), /config\["size"\]: cannot be 1024 bytes: the volume already uses \d+ bytes/);
    await a.cli(["storage", "volume", "set", "b", "fsv", "size=96MiB"]);
    const q = (await run("btrfs", ["qgroup", "show", "-r", "--raw", volumePath(a, "b", "fsv")])).stdout;
    t.match(q, new RegExp(`\\s${96 * MiB}\\s+custom/fsv`), "the filesystem volume's qgroup limit moved");
    t.equal((await a.client.pools.GetVolume({ pool: "b", name: "fsv" })).config.size, "96MiB");

    t.match(await fails(a, ["storage", "volume", "delete", "b", "fsv"]), /volume "fsv" is in use by instance c1/);
    t.match(await fails(a, ["storage", "volume", "delete", "b", "blk"]), /volume "blk" is in use by instance c1/);
    t.ok(existsSync(volumePath(a, "b", "fsv")), "a refused delete leaves the volume");

    await a.cli(["stop", "c1"]);
    // The agent detaches it just after answering the stop.
    await eventually("the loop device to be detached after the stop", async () => (await findLoopDevices(blockFile)).length ? undefined : true, 10_000, 50);
    t.pass("stop detaches the loop device");
    await a.cli(["delete", "c1"]);
    await a.cli(["launch", "busybox", "c2", "--storage", "b", ...devices]);
    t.equal(await sh(a, "c2", "cat /data/f; dd if=/dev/blk bs=9 count=1 2>/dev/null"), "hello\nblockdata", "another container sees the data");
    await a.cli(["delete", "-f", "c2"]);
    // Its devices are released just after the delete answers.
    await eventually("c2's loop device to be detached", async () => ((await findLoopDevices(blockFile)).length ? undefined : true), 30_000, 50);
    t.pass("no loop device left");
    await a.cli(["storage", "volume", "delete", "b", "fsv"]);
    await a.cli(["storage", "volume", "delete", "b", "blk"]);
    t.notOk(existsSync(volumePath(a, "b", "blk")), "volume gone from the host");
  });

  await t.test("one writer or many readers, unless security.shared", async (t) => {
    await a.cli(["storage", "volume", "create", "d", "sv"]);
    const dev = (ro: boolean) => ["-d", `data,type=disk,pool=d,source=sv,path=/data${ro ? ",readonly=true" : ""}`];
    await a.cli(["init", "busybox", "w1", "--storage", "d", ...dev(false)]);
    t.match(await fails(a, ["init", "busybox", "r1", "--storage", "d", ...dev(true)]), /devices\["data"\]\.source: volume "sv" is attached writable to instance w1; set security\.shared=true on the volume to allow it/);
    t.match(await fails(a, ["init", "busybox", "w2", "--storage", "d", ...dev(false)]), /attached writable to instance w1/);
    t.same((await instances(a)).sort(), ["w1"], "refused instances are not recorded");
    await a.cli(["storage", "volume", "set", "d", "sv", "security.shared=true"]);
    await a.cli(["init", "busybox", "w2", "--storage", "d", ...dev(false)]);
    t.match(await fails(a, ["storage", "volume", "set", "d", "sv", "security.shared=false"]), /config\["security\.shared"\]: cannot be turned off while the volume is attached to instance w1, instance w2$/m);
    await a.cli(["delete", "w1", "w2"]);
    await a.cli(["storage", "volume", "set", "d", "sv", "security.shared=false"]);

    await a.cli(["init", "busybox", "r1", "--storage", "d", ...dev(true)]);
    await a.cli(["init", "busybox", "r2", "--storage", "d", ...dev(true)]);
    await a.cli(["storage", "volume", "set", "d", "sv", "security.shared=true"]);
    await a.cli(["storage", "volume", "set", "d", "sv", "security.shared=false"]); // readers only: allowed
    t.match(await fails(a, ["init", "busybox", "w3", "--storage", "d", ...dev(false)]), /volume "sv" is attached to instance r1, instance r2; attach it readonly=true, or set security\.shared=true/);
    await a.cli(["start", "r1"]);
    t.match((await a.cli(["exec", "r1", "--", "sh", "-c", "echo x > /data/x"], { okCodes: [1, 2] })).stderr, /Read-only file system/, "a read-only attachment cannot be written");
    await a.cli(["delete", "-f", "r1", "r2"]);
    await a.cli(["storage", "volume", "delete", "d", "sv"]);
  });

  const volumeSnapshots = (t: Test, pool: string) =>
    t.test(`volume snapshots on ${pool === "d" ? "dir" : "btrfs"}`, async (t) => {
      const user = `u${pool}`;
      await a.cli(["storage", "volume", "create", pool, "sn"]);
      const file = join(volumePath(a, pool, "sn"), "f");
      writeFileSync(file, "one");
      await a.cli(["storage", "volume", "snapshot", "create", pool, "sn", "s1"]);
      writeFileSync(file, "two");
      await a.cli(["storage", "volume", "snapshot", "create", pool, "sn", "s2"]);
      t.same(await snapshots(a, pool, "sn"), ["s1", "s2"]);
      t.match(await fails(a, ["storage", "volume", "snapshot", "create", pool, "sn", "s1"]), /snapshot "s1" of volume "sn" already exists/);
      t.match(await fails(a, ["storage", "volume", "snapshot", "restore", pool, "sn", "nope"]), /snapshot "nope" of volume "sn" in pool "\w+" not found/);
      t.match(await fails(a, ["storage", "volume", "snapshot", "create", pool, "sn", "../x"]), /name: must be 1-64 characters/);

      await a.cli(["launch", "busybox", user, "--storage", pool, "-d", "data,type=disk,pool=" + pool + ",source=sn,path=/data"]);
      t.match(await fails(a, ["storage", "volume", "snapshot", "restore", pool, "sn", "s1"]), new RegExp(`volume "sn" is in use by instance ${user}`), "no restore under a running instance");
      await a.cli(["stop", user]);
      await a.cli(["storage", "volume", "snapshot", "restore", pool, "sn", "s1"]);
      t.equal(readFileSync(join(volumePath(a, pool, "sn"), "f"), "utf8"), "one", "the snapshot's content is back");
      await a.cli(["start", user]);
      t.equal(await sh(a, user, "cat /data/f"), "one", "and the container sees it");
      await a.cli(["delete", "-f", user]);

      await a.cli(["storage", "volume", "snapshot", "delete", pool, "sn", "s2"]);
      t.same(await snapshots(a, pool, "sn"), ["s1"]);
      await a.cli(["storage", "volume", "delete", pool, "sn"]);
      t.notOk(existsSync(join(a.dataDir, "storage-pools", pool, "snapshots", "custom", "sn")), "the volume's snapshots went with it");
      await a.cli(["storage", "volume", "create", pool, "sn"]);
      t.same(await snapshots(a, pool, "sn"), [], "a new volume of that name has no snapshot records");
      await a.cli(["storage", "volume", "delete", pool, "sn"]);
    });

  const volumeCopies = (t: Test) => t.test("copies between a dir and a btrfs pool", async (t) => {
    await a.cli(["storage", "volume", "create", "d", "src"]);
    writeFileSync(join(volumePath(a, "d", "src"), "f"), "from dir");
    await a.cli(["storage", "volume", "copy", "d/src", "b/cp"]);
    t.equal(readFileSync(join(volumePath(a, "b", "cp"), "f"), "utf8"), "from dir");
    t.match((await run("btrfs", ["subvolume", "show", volumePath(a, "b", "cp")])).stdout, /Subvolume ID/, "the copy is a subvolume of the btrfs pool");
    await a.cli(["storage", "volume", "copy", "b/cp", "b/cp2"]);
    t.match((await run("btrfs", ["subvolume", "show", volumePath(a, "b", "cp2")])).stdout, /Parent UUID:\s+[0-9a-f-]{36}/, "within btrfs the copy is a snapshot");
    await a.cli(["storage", "volume", "copy", "b/cp2", "d/back"]);
    t.equal(readFileSync(join(volumePath(a, "d", "back"), "f"), "utf8"), "from dir");

    await a.cli(["storage", "volume", "create", "b", "bk", "--type", "block", "size=8MiB"]);
    writeFileSync(join(volumePath(a, "b", "bk"), "root.img"), "disk", { flag: "r+" });
    await a.cli(["storage", "volume", "copy", "b/bk", "d/bk"]);
    const copied = join(volumePath(a, "d", "bk"), "root.img");
    t.equal(readFileSync(copied).subarray(0, 4).toString(), "disk");
    const v = await a.client.pools.GetVolume({ pool: "d", name: "bk" });
    t.same([v.content_type, v.config.size], ["block", "8MiB"], "content type and size carried over");

    t.match(await fails(a, ["storage", "volume", "copy", "d/src", "b/cp"]), /volume "cp" in pool "b" already exists/);
    t.match(await fails(a, ["storage", "volume", "copy", "d/nope", "b/x"]), /volume "nope" in pool "d" not found/);
    t.match(await fails(a, ["storage", "volume", "copy", "d-src", "b/x"]), /source: must be POOL\/VOLUME/);
    await a.cli(["storage", "volume", "create", "b", "q", "size=16MiB"]);
    t.match(await fails(a, ["storage", "volume", "copy", "b/q", "d/q"]), /dir pool.*cannot limit a volume's size/, "a size dir cannot enforce is refused");
    t.notOk(existsSync(volumePath(a, "d", "q")), "and nothing is left of the copy");
    await t.rejects(a.client.pools.GetVolume({ pool: "d", name: "q" }), /not found/);
    for (const [p, n] of [["d", "src"], ["b", "cp"], ["b", "cp2"], ["d", "back"], ["b", "bk"], ["d", "bk"], ["b", "q"]]) await a.cli(["storage", "volume", "delete", p!, n!]);
  });

  const zfsVolumes = (t: Test) => t.test("zfs: a sized volume resized, snapshot and restore, copies to and from btrfs", async (t) => {
    const zroot = zpoolNameOf({ name: "z", config: {}, mountPath: "", disksDir: join(a.dataDir, "disks") });
    made.add(zroot);
    await a.cli(["storage", "create", "z", "zfs", "size=256MiB"]);
    const refquota = async (ds: string) => (await run("zfs", ["get", "-Hp", "-o", "value", "refquota", ds])).stdout.trim();
    await a.cli(["storage", "volume", "create", "z", "zv", "size=32MiB"]);
    t.equal(await refquota(`${zroot}/custom/zv`), String(32 * MiB), "the size is the dataset's refquota");
    const file = join(volumePath(a, "z", "zv"), "f");
    writeFileSync(file, "one");
    await a.cli(["storage", "volume", "snapshot", "create", "z", "zv", "s1"]);
    t.match((await run("zfs", ["list", "-H", "-o", "name", "-t", "snapshot", `${zroot}/custom/zv@s1`])).stdout, /@s1/, "a native zfs snapshot");
    writeFileSync(file, "two");
    await a.cli(["storage", "volume", "snapshot", "restore", "z", "zv", "s1"]);
    t.equal(readFileSync(file, "utf8"), "one", "restored");
    await a.cli(["storage", "volume", "set", "z", "zv", "size=64MiB"]);
    t.equal(await refquota(`${zroot}/custom/zv`), String(64 * MiB), "resized");

    await a.cli(["storage", "volume", "copy", "z/zv", "b/zc"]);
    t.equal(readFileSync(join(volumePath(a, "b", "zc"), "f"), "utf8"), "one", "zfs to btrfs");
    await a.cli(["storage", "volume", "copy", "b/zc", "z/zb"]);
    t.equal(readFileSync(join(volumePath(a, "z", "zb"), "f"), "utf8"), "one", "btrfs to zfs");
    t.equal(await refquota(`${zroot}/custom/zb`), String(64 * MiB), "the size came along as a refquota");
    for (const [p, n] of [["z", "zv"], ["b", "zc"], ["z", "zb"]]) await a.cli(["storage", "volume", "delete", p!, n!]);
    await a.cli(["storage", "delete", "z"]);
    t.notOk((await run("zpool", ["list", "-H", "-o", "name"], { okCodes: [0, 1] })).stdout.includes(zroot), "no zpool left");
  });

  await t.test("volumes side by side", { jobs: 5 }, async (t) => {
    fsAndBlockVolumes(t);
    volumeSnapshots(t, "d");
    volumeSnapshots(t, "b");
    volumeCopies(t);
    zfsVolumes(t);
  });

  await t.test("capacity: reported per pool, creates that cannot fit refused up front", async (t) => {
    const p = await a.client.pools.GetStoragePool({ name: "b" });
    t.ok(p.total_bytes > 200 * MiB && p.total_bytes <= 256 * MiB, `total is the btrfs filesystem's size (${p.total_bytes})`);
    t.ok(p.used_bytes > 0 && p.used_bytes < p.total_bytes, `used (${p.used_bytes}) below total`);
    const listed = (await a.cli(["storage", "list", "--format", "json"])).stdout;
    t.match(listed, /"used_bytes"/);
    t.match((await a.cli(["storage", "show", "b"])).stdout, /total_bytes: \d+/);

    t.match(await fails(a, ["storage", "volume", "create", "b", "big", "size=1GiB"]), /config\["size"\]: 1073741824 bytes do not fit in storage pool "b": \d+ bytes free of \d+/);
    t.match(await fails(a, ["storage", "volume", "create", "b", "bigb", "--type", "block", "size=1GiB"]), /do not fit in storage pool "b"/);
    t.match(await fails(a, ["launch", "busybox", "huge", "--storage", "b", "-d", "root,type=disk,path=/,pool=b,size=1GiB"]), /devices\["root"\]\.size: 1073741824 bytes do not fit in storage pool "b"/);
    t.same(await instances(a), [], "no instance recorded");
    t.same((await a.client.pools.ListVolumes({ pool: "b" })).volumes, [], "no volume recorded");
    await a.cli(["storage", "volume", "create", "b", "g", "size=32MiB"]);
    t.match(await fails(a, ["storage", "volume", "set", "b", "g", "size=2GiB"]), /do not fit in storage pool "b"/, "growth past the free space refused");
    await a.cli(["storage", "volume", "delete", "b", "g"]);
  });

  await t.test("bad input", async (t) => {
    t.match(await fails(a, ["storage", "volume", "create", "b", "x", "colour=blue"]), /config\["colour"\]: unknown config key \(allowed: lease\.duration, lease\.expires_at, security\.shared, size, or user\.\*\)/);
    t.match(await fails(a, ["storage", "volume", "create", "d", "x", "size=10MiB"]), /cannot provide .*dir pool is a plain directory and cannot limit a volume's size/);
    await t.rejects(a.client.pools.GetVolume({ pool: "d", name: "x" }), /not found/, "nothing recorded");
    await a.cli(["storage", "volume", "create", "d", "x"]);
    t.match(await fails(a, ["storage", "volume", "set", "d", "x", "size=10MiB"]), /dir pool is a plain directory and cannot limit a volume's size/);
    t.match(await fails(a, ["storage", "volume", "set", "d", "x", "security.shared=maybe"]), /config\["security\.shared"\]: must be a boolean/);
    t.match(await fails(a, ["storage", "volume", "set", "d", "nope", "size=1MiB"]), /volume "nope" in pool "d" not found/);
    t.equal((await a.client.pools.GetVolume({ pool: "d", name: "x" })).config.size, undefined, "a refused resize changes nothing");
    await a.cli(["storage", "volume", "delete", "d", "x"]);
  });
});
