// The lvm driver's command plans. This kernel has no device-mapper, so lvcreate cannot run here
// (test/agent/lvm.test.ts shows the capability error a real agent gives). What is tested here is
// the plan: each operation's exact argv, captured by a recorder that executes nothing. The
// recorder answers the driver's queries (vgs, lvs, losetup --associated) from what each test
// states the host holds, and keeps the mount state the recorded mount/umount commands imply;
// it does not pretend any command succeeded on a host. What runs without device-mapper runs for
// real in the tests that say so: qemu-img (recorded too) and tar on files and on loop devices the
// driver is given in place of LV device nodes (LvmDriverOptions.deviceOf).
import t, { type Test } from "tap";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findCapability, probeHost } from "../../agent/host/probe";
import { CommandError, run } from "../../agent/host/run";
import type { PoolSpec, StorageDriver } from "../../agent/storage/driver";
import { StorageManager, type PoolRecord } from "../../agent/storage/manager";
import { SqliteStore } from "../../agent/state/sqlite";
import { createVolumeFrom, withVolumeContent } from "../../agent/storage/transfer";
import { dataMember, restoreVolumeFromBackup, tarCreateArgs, tarExtractArgs, writeTar } from "../../agent/instances/backup";
import { publishFiles } from "../../agent/images/publish";
import { Locks } from "../../agent/operations/locks";
import { args } from "../../agent/storage/drivers/lvm/cli";
import { getStorageDriver } from "../../agent/storage/drivers";
import { keys } from "../../agent/state/store";
import { attachLoop, detachLoopsFor } from "../../agent/host/loop";
import { LvmDriver, type LvmDriverOptions } from "../../agent/storage/drivers/lvm/driver";

const GiB = 2 ** 30;
const TAG = "corral.pool=lp";
const FP = "f00d";
const BLOCK = `${TAG},corral.content=block`;
const MiB = 2 ** 20;

/** Captures each argv; answers queries from `answers` (exact argv joined by spaces); `missing` argvs fail as lvm does for an absent VG/LV. */
class CommandPlanRecorder {
  readonly argv: string[][] = [];
  readonly answers = new Map<string, string>();
  readonly missing = new Set<string>();
  /** Which commands fail, with lvm's stderr. */
  readonly failing = new Map<string, string>();
  readonly mounted = new Set<string>();
  /** Answers (stdout) or failures (stderr) of commands naming a path not known up front (a temp dir). */
  readonly matching: { re: RegExp; stdout?: string; stderr?: string }[] = [];
  /** Tools that run for real (recorded too): qemu-img on the files and loop devices a test stands in for LVs. */
  readonly real = new Set<string>();
  /** Called once a real command has been started (its process exists), with its argv. */
  onStarted?: (argv: string[]) => void;

  exec = async (argv: string[], opts: { signal?: AbortSignal } = {}): Promise<string> => {
    this.argv.push(argv);
    const key = argv.join(" ");
    if (this.missing.has(key)) throw new CommandError(argv, 5, `  Failed to find logical volume "${argv.at(-1)}"\n`);
    const fail = this.failing.get(key);
    if (fail !== undefined) throw new CommandError(argv, 5, fail);
    const m = this.matching.find((x) => x.re.test(key));
    if (m?.stderr !== undefined) throw new CommandError(argv, 1, m.stderr);
    if (m) return m.stdout ?? "";
    if (this.real.has(argv[0]!)) {
      const running = run(argv[0]!, argv.slice(1), { timeoutMs: 120_000, signal: opts.signal });
      this.onStarted?.(argv);
      return (await running).stdout;
    }
    if (argv[0] === "mount") this.mounted.add(argv.at(-1)!);
    if (argv[0] === "umount") this.mounted.delete(argv.at(-1)!);
    return this.answers.get(key) ?? "";
  };
  isMounted = async (path: string): Promise<boolean> => this.mounted.has(path);
  /** The plan so far, one command line each, and a fresh start. */
  take(): string[] {
    return this.argv.splice(0).map((a) => a.join(" "));
  }
}

const REPORT = "--noheadings --units b --nosuffix --separator \t";
const lvsOne = (vg: string, lv: string) => `lvs ${REPORT} -o lv_name,lv_tags,lv_size,data_percent ${vg}/${lv}`;
const lvsAll = (vg: string) => `lvs ${REPORT} -o lv_name,lv_tags,lv_size,data_percent ${vg}`;
const vgs = (vg: string) => `vgs ${REPORT} -o vg_name,vg_tags,vg_free,vg_size ${vg}`;
const row = (name: string, size: number, tags = TAG, pct = "") => `  ${name}\t${tags}\t${size}\t${pct}\n`;

function setup(t: Test, config: Record<string, string> = {}, opts: LvmDriverOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), "corral-lvm-plan-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rec = new CommandPlanRecorder();
  // The plans need a host with lvm; this one has none, so the capability check is answered "present" here
  // (its real answer is tested below and through an agent in test/agent/lvm.test.ts).
  const driver = new LvmDriver({ exec: rec.exec, isMounted: rec.isMounted, requireLvm: async () => undefined, ...opts });
  const pool: PoolSpec = { name: "lp", config, mountPath: join(dir, "storage-pools", "lp"), disksDir: join(dir, "disks") };
  return { dir, rec, driver, pool };
}

t.test("pool create on a loop file", async (t) => {
  const { rec, driver, pool } = setup(t, { size: "1GiB" });
  const config = await driver.normalize(pool);
  t.match(config, { size: "1GiB", "lvm.thinpool_name": "CorralThinPool", "block.filesystem": "ext4", "block.mount_options": "discard", "volume.size": "10GiB" });
  t.match(config["lvm.vg_name"], /^corral-lp-[0-9a-f]{8}$/, "a VG name unique to this agent");
  t.same(rec.take(), [], "normalize runs nothing for a loop file");
  const p = { ...pool, config };
  const vg = config["lvm.vg_name"]!;
  const file = join(pool.disksDir, "lp.lvm");
  rec.answers.set(`losetup --find --show ${file}`, "/dev/loop7\n");
  await driver.create(p);
  t.same(rec.take(), [
    `losetup --find --show ${file}`,
    "pvcreate --yes /dev/loop7",
    `vgcreate --addtag ${TAG} ${vg} /dev/loop7`,
    `lvcreate --yes --type thin-pool --extents 100%FREE --addtag ${TAG} --name CorralThinPool ${vg}`,
  ]);
  t.equal(statSync(file).size, GiB, "the sparse loop file has the pool's size");
  t.ok(existsSync(join(pool.mountPath, "containers")), "host dirs laid out");
});

t.test("pool create on a loop file: a failing step undoes the ones before it", async (t) => {
  const { rec, driver, pool } = setup(t, { size: "1GiB" });
  const p = { ...pool, config: await driver.normalize(pool) };
  const vg = p.config["lvm.vg_name"]!;
  const file = join(pool.disksDir, "lp.lvm");
  rec.answers.set(`losetup --find --show ${file}`, "/dev/loop7\n");
  const thin = `lvcreate --yes --type thin-pool --extents 100%FREE --addtag ${TAG} --name CorralThinPool ${vg}`;
  rec.failing.set(thin, "  Insufficient free space\n");
  await t.rejects(driver.create(p), { code: "CORRAL_ERR_COMMAND_FAILED", message: /lvcreate .*Insufficient free space/ });
  t.same(rec.take().slice(3), [thin, `vgremove --force ${vg}`, "pvremove --yes /dev/loop7", "losetup --detach /dev/loop7"]);
  t.notOk(existsSync(file), "no loop file left");
  t.notOk(existsSync(pool.mountPath), "no host dirs made");
});

t.test("pool create on an existing VG", async (t) => {
  const { rec, driver, pool } = setup(t, { "lvm.vg_name": "vg0" });
  rec.answers.set(vgs("vg0"), "  vg0\t\t10737418240\t10737418240\n");
  const config = await driver.normalize(pool);
  t.same(rec.take(), [vgs("vg0")], "the VG must exist");
  t.equal(config.size, undefined, "no loop file");
  rec.missing.add(lvsOne("vg0", "CorralThinPool"));
  await driver.create({ ...pool, config });
  t.same(rec.take(), [
    lvsOne("vg0", "CorralThinPool"),
    `lvcreate --yes --type thin-pool --extents 100%FREE --addtag ${TAG} --name CorralThinPool vg0`,
  ], "only a thin pool is made: no PV, no VG");

  await t.test("an existing thin pool is used, not made", async (t) => {
    rec.missing.clear();
    rec.answers.set(lvsOne("vg0", "tp"), row("tp", 5 * GiB, ""));
    await driver.create({ ...pool, config: { ...config, "lvm.thinpool_name": "tp" } });
    t.same(rec.take(), [lvsOne("vg0", "tp")]);
  });

  await t.test("a VG that does not exist", async (t) => {
    rec.missing.add(vgs("nope"));
    await t.rejects(driver.normalize({ ...pool, config: { "lvm.vg_name": "nope" } }), {
      code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["lvm.vg_name"]', message: /must be an existing volume group \(nope does not exist/,
    });
  });
});

/** A created loop-file pool with VG "vg" (as normalize leaves its config). */
function pooled(t: Test, extra: Record<string, string> = {}, opts: LvmDriverOptions = {}) {
  const s = setup(t, {}, opts);
  const p: PoolSpec = { ...s.pool, config: { size: "1GiB", "lvm.vg_name": "vg", "lvm.thinpool_name": "CorralThinPool", "block.filesystem": "ext4", "block.mount_options": "discard", "volume.size": "10GiB", ...extra } };
  return { ...s, p, path: (top: string, name: string) => join(p.mountPath, top, name) };
}

t.test("image volume create", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  await driver.createVolume(p, { type: "image", name: FP });
  t.same(rec.take(), [
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${10 * GiB}b --thinpool CorralThinPool --addtag ${TAG} --name images_${FP} vg`,
    `mkfs.ext4 -q -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 /dev/vg/images_${FP}`,
    `mount -t ext4 -o discard /dev/vg/images_${FP} ${path("images", FP)}`,
  ]);
  t.equal(statSync(path("images", FP)).mode & 0o777, 0o711, "the mount point is traversable by a mapped root");

  await t.test("xfs, sized", async (t) => {
    const x = pooled(t, { "block.filesystem": "xfs", "block.mount_options": "discard,noatime" });
    await x.driver.createVolume(x.p, { type: "custom", name: "data" }, { sizeBytes: GiB });
    t.same(x.rec.take(), [
      `lvcreate --yes --wipesignatures y --type thin --virtualsize ${GiB}b --thinpool CorralThinPool --addtag ${TAG} --name custom_data vg`,
      "mkfs.xfs -q -K /dev/vg/custom_data",
      `mount -t xfs -o discard,noatime /dev/vg/custom_data ${x.path("custom", "data")}`,
    ]);
  });

  await t.test("a VM's volume is a raw LV: no filesystem, no mount", async (t) => {
    await driver.createVolume(p, { type: "virtual-machine", name: "vm1" }, { sizeBytes: 2 * GiB });
    t.same(rec.take(), [
      `lvcreate --yes --wipesignatures y --type thin --virtualsize ${2 * GiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm1 vg`,
    ]);
  });

  await t.test("mkfs failing removes the LV", async (t) => {
    rec.failing.set(`mkfs.ext4 -q -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 /dev/vg/custom_bad`, "mkfs.ext4: Device size reported to be zero.\n");
    await t.rejects(driver.createVolume(p, { type: "custom", name: "bad" }), { code: "CORRAL_ERR_COMMAND_FAILED" });
    t.same(rec.take().slice(2), ["lvremove --yes vg/custom_bad"]);
  });
});

t.test("instance clone from an image", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  rec.answers.set(lvsOne("vg", `images_${FP}`), row(`images_${FP}`, 10 * GiB));
  await driver.copyVolume(p, { type: "image", name: FP }, { type: "container", name: "c1" });
  t.same(rec.take(), [
    lvsOne("vg", `images_${FP}`),
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --name containers_c1 vg/images_${FP}`,
    `mount -t ext4 -o discard /dev/vg/containers_c1 ${path("containers", "c1")}`,
  ]);

  await t.test("with a larger root size: grown after the snapshot", async (t) => {
    await driver.copyVolume(p, { type: "image", name: FP }, { type: "container", name: "c2" }, { sizeBytes: 20 * GiB });
    t.same(rec.take().slice(1), [
      `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --name containers_c2 vg/images_${FP}`,
      `mount -t ext4 -o discard /dev/vg/containers_c2 ${path("containers", "c2")}`,
      `lvextend --yes --size ${20 * GiB}b vg/containers_c2`,
      "resize2fs /dev/vg/containers_c2",
    ]);
  });

  await t.test("xfs gets a new UUID (xfs will not mount two filesystems with one)", async (t) => {
    const x = pooled(t, { "block.filesystem": "xfs" });
    x.rec.answers.set(lvsOne("vg", `images_${FP}`), row(`images_${FP}`, 10 * GiB));
    await x.driver.copyVolume(x.p, { type: "image", name: FP }, { type: "container", name: "c1" });
    t.same(x.rec.take().slice(2), ["xfs_admin -U generate /dev/vg/containers_c1", `mount -t xfs -o discard /dev/vg/containers_c1 ${x.path("containers", "c1")}`]);
  });

  await t.test("smaller than the image: refused before any change", async (t) => {
    await t.rejects(driver.copyVolume(p, { type: "image", name: FP }, { type: "container", name: "c3" }, { sizeBytes: GiB }), {
      code: "CORRAL_ERR_INVALID_ARGUMENT", field: "size", message: /cannot shrink/,
    });
    t.same(rec.take(), [lvsOne("vg", `images_${FP}`)]);
  });

  await t.test("an image that is not this pool's is never touched", async (t) => {
    rec.answers.set(lvsOne("vg", "images_other"), row("images_other", GiB, "corral.pool=else"));
    await t.rejects(driver.copyVolume(p, { type: "image", name: "other" }, { type: "container", name: "c4" }), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /not tagged corral.pool=lp/ });
    t.same(rec.take(), [lvsOne("vg", "images_other")]);
  });
});

t.test("resize", async (t) => {
  const { rec, driver, p } = pooled(t);
  rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", 10 * GiB));
  await driver.setVolumeQuota(p, { type: "container", name: "c1" }, 12 * GiB);
  t.same(rec.take(), [lvsOne("vg", "containers_c1"), `lvextend --yes --size ${12 * GiB}b vg/containers_c1`, "resize2fs /dev/vg/containers_c1"]);
  await t.rejects(driver.setVolumeQuota(p, { type: "container", name: "c1" }, GiB), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /can grow but not shrink/ });
  await t.rejects(driver.setVolumeQuota(p, { type: "container", name: "c1" }, undefined), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /always has a size/ });
  t.same(rec.take(), [lvsOne("vg", "containers_c1")], "a refused resize changes nothing");

  await t.test("a raw LV grows without a filesystem step", async (t) => {
    rec.answers.set(lvsOne("vg", "virtual-machines_vm1"), row("virtual-machines_vm1", GiB, `${TAG},corral.content=block`));
    await driver.setVolumeQuota(p, { type: "virtual-machine", name: "vm1" }, 2 * GiB);
    t.same(rec.take(), [lvsOne("vg", "virtual-machines_vm1"), `lvextend --yes --size ${2 * GiB}b vg/virtual-machines_vm1`]);
  });
});

t.test("snapshot create, restore, delete", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  const ct = { type: "container" as const, name: "c1" };
  rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", 10 * GiB));
  rec.answers.set(lvsOne("vg", "containers_c1+s1"), row("containers_c1+s1", 10 * GiB));
  rec.mounted.add(path("containers", "c1"));

  await driver.snapshotVolume(p, ct, "s1");
  t.same(rec.take(), [lvsOne("vg", "containers_c1"), `lvcreate --yes --snapshot --addtag ${TAG} --name containers_c1+s1 vg/containers_c1`], "left inactive");

  await driver.copyVolume(p, ct, { type: "container", name: "c9" }, { snapshot: "s1" });
  t.same(rec.take(), [
    lvsOne("vg", "containers_c1+s1"),
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --name containers_c9 vg/containers_c1+s1`,
    `mount -t ext4 -o discard /dev/vg/containers_c9 ${path("containers", "c9")}`,
  ], "a copy of the snapshot (a new instance from it): a thin snapshot of the snapshot, active and mounted");
  rec.missing.add(lvsOne("vg", "containers_c1+nosuch"));
  await t.rejects(driver.copyVolume(p, ct, { type: "container", name: "c8" }, { snapshot: "nosuch" }), { code: "CORRAL_ERR_NOT_FOUND", message: /snapshot nosuch of container volume c1/ });
  rec.take();

  await driver.restoreVolume(p, ct, "s1");
  t.same(rec.take(), [
    lvsOne("vg", "containers_c1+s1"),
    lvsOne("vg", "containers_c1"),
    `umount ${path("containers", "c1")}`,
    "lvrename vg containers_c1 containers_c1+.restoring",
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --name containers_c1 vg/containers_c1+s1`,
    `mount -t ext4 -o discard /dev/vg/containers_c1 ${path("containers", "c1")}`,
    "lvremove --yes vg/containers_c1+.restoring",
  ]);

  await t.test("a failed restore puts the volume back", async (t) => {
    rec.failing.set(`lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --name containers_c1 vg/containers_c1+s1`, "  Thin pool is full\n");
    await t.rejects(driver.restoreVolume(p, ct, "s1"), { code: "CORRAL_ERR_COMMAND_FAILED" });
    rec.failing.clear();
    t.same(rec.take().slice(5), [
      "lvrename vg containers_c1+.restoring containers_c1",
      `mount -t ext4 -o discard /dev/vg/containers_c1 ${path("containers", "c1")}`,
    ]);
  });

  await t.test("restore of a snapshot that does not exist", async (t) => {
    rec.missing.add(lvsOne("vg", "containers_c1+nope"));
    await t.rejects(driver.restoreVolume(p, ct, "nope"), { code: "CORRAL_ERR_NOT_FOUND", message: /snapshot nope of container volume c1/ });
    t.same(rec.take(), [lvsOne("vg", "containers_c1+nope")]);
  });

  rec.answers.set(lvsAll("vg"), [row("CorralThinPool", 50 * GiB), row("containers_c1", 10 * GiB), row("containers_c1+s1", 10 * GiB), row("containers_c1+s2", 10 * GiB), row("containers_c10", 10 * GiB), row("containers_c1+.restoring", GiB)].join(""));
  t.same(await driver.listVolumeSnapshots(p, ct), ["s1", "s2"], "its own snapshots, not c10's nor a parked LV");
  rec.take();

  await driver.deleteVolumeSnapshot(p, ct, "s1");
  t.same(rec.take(), [lvsOne("vg", "containers_c1+s1"), "lvremove --yes vg/containers_c1+s1"]);
  rec.missing.add(lvsOne("vg", "containers_c1+gone"));
  await driver.deleteVolumeSnapshot(p, ct, "gone");
  t.same(rec.take(), [lvsOne("vg", "containers_c1+gone")], "a missing snapshot is already deleted");
});

t.test("volume delete", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", 10 * GiB));
  rec.answers.set(lvsAll("vg"), [row("containers_c1", 10 * GiB), row("containers_c1+s1", 10 * GiB), row("containers_c1+s2", 10 * GiB)].join(""));
  rec.mounted.add(path("containers", "c1"));
  await driver.deleteVolume(p, { type: "container", name: "c1" });
  t.same(rec.take(), [
    lvsOne("vg", "containers_c1"),
    `umount ${path("containers", "c1")}`,
    lvsAll("vg"),
    "lvremove --yes vg/containers_c1+s1",
    "lvremove --yes vg/containers_c1+s2",
    "lvremove --yes vg/containers_c1",
  ]);
  rec.missing.add(lvsOne("vg", "containers_gone"));
  await driver.deleteVolume(p, { type: "container", name: "gone" });
  t.same(rec.take(), [lvsOne("vg", "containers_gone")], "a missing volume is already deleted");
});

t.test("pool delete", async (t) => {
  await t.test("a VG on a loop file: VG, PV, loop device and file go", async (t) => {
    const { rec, driver, p, path } = pooled(t);
    const file = join(p.disksDir, "lp.lvm");
    rec.answers.set(`losetup --find --show ${file}`, "/dev/loop7\n");
    rec.answers.set(lvsOne("vg", "CorralThinPool"), "");
    await driver.create(p);
    rec.take();
    rec.answers.set(`losetup --associated ${file}`, `/dev/loop7: []: (${file})\n`);
    rec.answers.set(vgs("vg"), `  vg\t${TAG}\t0\t${GiB}\n`);
    rec.answers.set(lvsAll("vg"), [row("CorralThinPool", GiB), row("containers_c1", GiB)].join(""));
    rec.mounted.add(path("containers", "c1"));
    await driver.delete(p);
    t.same(rec.take(), [
      `losetup --associated ${file}`,
      vgs("vg"),
      lvsAll("vg"),
      `umount ${path("containers", "c1")}`,
      "vgremove --force vg",
      "pvremove --yes /dev/loop7",
      "losetup --detach /dev/loop7",
    ]);
    t.notOk(existsSync(file), "loop file removed");
    t.notOk(existsSync(p.mountPath), "host dirs removed");
  });

  await t.test("a VG without the pool's tag is refused", async (t) => {
    const { rec, driver, p } = pooled(t, { source: "/dev/sdz" });
    delete p.config.size;
    rec.answers.set(vgs("vg"), `  vg\t\t0\t${GiB}\n`);
    rec.answers.set(lvsAll("vg"), "");
    await t.rejects(driver.delete(p), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /volume group vg is not tagged corral.pool=lp; refusing/ });
    t.notOk(rec.take().some((c) => /^(vgremove|pvremove)/.test(c)), "nothing removed");
  });

  await t.test("an existing VG: only the pool's tagged LVs and thin pool go", async (t) => {
    const { rec, driver, p } = pooled(t);
    delete p.config.size;
    rec.answers.set(vgs("vg"), "  vg\t\t0\t10737418240\n");
    rec.answers.set(lvsAll("vg"), [row("CorralThinPool", GiB), row("containers_c1", GiB), row("containers_c1+s1", GiB), row("someones_lv", GiB, "")].join(""));
    rec.answers.set(lvsOne("vg", "CorralThinPool"), row("CorralThinPool", GiB));
    await driver.delete(p);
    t.same(rec.take(), [
      vgs("vg"),
      lvsAll("vg"),
      lvsAll("vg"),
      "lvremove --yes vg/containers_c1",
      "lvremove --yes vg/containers_c1+s1",
      lvsOne("vg", "CorralThinPool"),
      "lvremove --yes vg/CorralThinPool",
    ], "someones_lv and the VG stay");
  });
});

t.test("config keys", async (t) => {
  const { rec, driver, pool } = setup(t);
  const bad = async (config: Record<string, string>, field: string, message: RegExp) =>
    t.rejects(driver.normalize({ ...pool, config }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field, message }, `${JSON.stringify(config)}`);
  await bad({ "lvm.nope": "1" }, 'config["lvm.nope"]', /unknown config key \(allowed: block.filesystem, block.mount_options, lvm.thinpool_name, lvm.vg_name, size, source, volume.size, or user.\*\)/);
  await bad({ size: "12XB" }, 'config["size"]', /must be a size such as/);
  await bad({ size: "1MiB" }, 'config["size"]', /must be at least 67108864 bytes/);
  await bad({ "volume.size": "lots" }, 'config["volume.size"]', /must be a size/);
  await bad({ "volume.size": "100MiB", "block.filesystem": "xfs" }, 'config["volume.size"]', /at least 314572800 bytes for xfs/);
  await bad({ "block.filesystem": "btrfs" }, 'config["block.filesystem"]', /must be one of ext4, xfs/);
  await bad({ "block.mount_options": "a b" }, 'config["block.mount_options"]', /comma-separated mount options/);
  await bad({ "lvm.vg_name": "-vg" }, 'config["lvm.vg_name"]', /must be an lvm name/);
  await bad({ "lvm.thinpool_name": "a/b" }, 'config["lvm.thinpool_name"]', /must be an lvm name/);
  await bad({ source: "sdb" }, 'config["source"]', /absolute path of a block device/);
  await bad({ source: "/dev/sdb", size: "1GiB" }, 'config["size"]', /can only be set when the agent creates a loop file/);
  t.same(rec.take(), [], "bad config runs nothing");
  await t.resolves(driver.normalize({ ...pool, config: { "user.note": "x" } }), "user.* keys pass");
});

t.test("without device-mapper: the capability error comes first, nothing runs, nothing is made", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-lvm-cap-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rec = new CommandPlanRecorder();
  const driver = new LvmDriver({ exec: rec.exec, isMounted: rec.isMounted }); // the real probe
  const pool: PoolSpec = { name: "capp", config: { size: "1GiB" }, mountPath: join(dir, "pools", "capp"), disksDir: join(dir, "disks") };
  const lvm = findCapability(await probeHost(), "storage.lvm");
  if (lvm.available) {
    t.pass(`this host has lvm (${lvm.detail}): nothing to refuse`);
    return;
  }
  const ops: (() => Promise<unknown>)[] = [() => driver.normalize(pool), () => driver.create(pool), () => driver.mount(pool), () => driver.createVolume(pool, { type: "custom", name: "v" })];
  for (const op of ops) {
    await t.rejects(op(), { code: "CORRAL_ERR_CAPABILITY", message: `this host cannot provide lvm storage pool "capp" (driver lvm): ${lvm.detail}` });
  }
  t.same(rec.take(), [], "no command ran");
  t.notOk(existsSync(pool.disksDir) || existsSync(pool.mountPath), "no file or directory made");
});

t.test("pool mount after a restart, and unmount", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  const file = join(p.disksDir, "lp.lvm");
  rec.answers.set(`losetup --find --show ${file}`, "/dev/loop9\n");
  rec.answers.set(lvsAll("vg"), [
    row("CorralThinPool", 50 * GiB), row(`images_${FP}`, 10 * GiB), row("containers_c1", 10 * GiB), row("containers_c1+s1", 10 * GiB),
    row("virtual-machines_vm1", GiB, `${TAG},corral.content=block`), row("someones_lv", GiB, ""),
  ].join(""));
  await driver.mount(p);
  t.same(rec.take(), [
    `losetup --associated ${file}`,
    `losetup --find --show ${file}`,
    "vgchange --activate y vg",
    lvsAll("vg"),
    lvsAll("vg"),
    `mount -t ext4 -o discard /dev/vg/images_${FP} ${path("images", FP)}`,
    `mount -t ext4 -o discard /dev/vg/containers_c1 ${path("containers", "c1")}`,
  ], "the loop device again, the VG active, no restore to undo, its filesystem volumes mounted (not snapshots, raw LVs or others' LVs)");

  await driver.mount(p);
  rec.answers.set(`losetup --associated ${file}`, `/dev/loop9: []: (${file})\n`);
  t.same(rec.take().filter((c) => c.startsWith("mount") || c.startsWith("losetup --find")), [`losetup --find --show ${file}`], "mount again: nothing mounted twice");

  await driver.unmount(p);
  t.same(rec.take(), [
    lvsAll("vg"),
    `umount ${path("images", FP)}`,
    `umount ${path("containers", "c1")}`,
    "vgchange --activate n vg",
    `losetup --associated ${file}`,
    "losetup --detach /dev/loop9",
  ]);
});

t.test("pool mount after an agent was killed mid-restore: the parked volume is put back", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  rec.answers.set(`losetup --associated ${join(p.disksDir, "lp.lvm")}`, `/dev/loop9: []: (${join(p.disksDir, "lp.lvm")})\n`);
  rec.answers.set(lvsAll("vg"), [
    row("CorralThinPool", 50 * GiB),
    // killed after the replacement was made (and mounted): it goes, the parked LV takes its name back
    row("containers_c1", 10 * GiB), row("containers_c1+.restoring", 10 * GiB), row("containers_c1+s1", 10 * GiB),
    // killed between parking and the replacement: the parked LV takes its name back
    row("virtual-machines_vm1+.restoring", GiB, BLOCK),
    row("someones_lv+.restoring", GiB, ""),
  ].join(""));
  rec.mounted.add(path("containers", "c1"));
  await driver.mount(p);
  t.same(rec.take().slice(2, 8), [
    lvsAll("vg"),
    `umount ${path("containers", "c1")}`,
    "lvremove --yes vg/containers_c1",
    "lvrename vg containers_c1+.restoring containers_c1",
    "lvrename vg virtual-machines_vm1+.restoring virtual-machines_vm1",
    lvsAll("vg"),
  ], "restores undone before the volumes are mounted; another's LV untouched");
});

t.test("volume rename carries its snapshots and mount", async (t) => {
  const { rec, driver, p, path } = pooled(t);
  rec.missing.add(lvsOne("vg", "custom_b"));
  rec.answers.set(lvsOne("vg", "custom_a"), row("custom_a", GiB));
  rec.answers.set(lvsAll("vg"), [row("custom_a", GiB), row("custom_a+s1", GiB)].join(""));
  rec.mounted.add(path("custom", "a"));
  await driver.renameVolume(p, { type: "custom", name: "a" }, { type: "custom", name: "b" });
  t.same(rec.take(), [
    lvsOne("vg", "custom_b"),
    lvsOne("vg", "custom_a"),
    lvsAll("vg"),
    `umount ${path("custom", "a")}`,
    "lvrename vg custom_a custom_b",
    "lvrename vg custom_a+s1 custom_b+s1",
    `mount -t ext4 -o discard /dev/vg/custom_b ${path("custom", "b")}`,
  ]);
  rec.missing.delete(lvsOne("vg", "custom_b"));
  rec.answers.set(lvsOne("vg", "custom_b"), row("custom_b", GiB));
  await t.rejects(driver.renameVolume(p, { type: "custom", name: "a" }, { type: "custom", name: "b" }), { code: "CORRAL_ERR_ALREADY_EXISTS" });
});

t.test("a VM on an lvm pool: its image a raw LV, its root disk an active thin snapshot QEMU opens raw", async (t) => {
  const { rec, driver, p } = pooled(t);
  const img = { type: "image" as const, name: FP };
  const vm = { type: "virtual-machine" as const, name: "vm1" };
  const disk = "/stage/rootfs.img";
  const info = `qemu-img info --output=json -f qcow2 ${disk}`;
  rec.answers.set(info, JSON.stringify({ "virtual-size": 3 * GiB, format: "qcow2" }));
  await driver.createDiskVolume(p, img, disk, "qcow2");
  t.same(rec.take(), [
    info,
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${3 * GiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name images_${FP} vg`,
    `qemu-img convert -f qcow2 -O raw -n --target-is-zero ${disk} /dev/vg/images_${FP}`,
  ], "an LV of the disk's virtual size, the disk converted raw onto it: no filesystem, no mount");

  await t.test("a failing conversion removes the LV", async (t) => {
    rec.failing.set(`qemu-img convert -f qcow2 -O raw -n --target-is-zero ${disk} /dev/vg/images_bad`, "qemu-img: error while writing at byte 0: No space left on device\n");
    await t.rejects(driver.createDiskVolume(p, { type: "image", name: "bad" }, disk, "qcow2"), { code: "CORRAL_ERR_COMMAND_FAILED" });
    t.same(rec.take().slice(2), ["qemu-img convert -f qcow2 -O raw -n --target-is-zero /stage/rootfs.img /dev/vg/images_bad", "lvremove --yes vg/images_bad"]);
  });

  await t.test("a disk qemu-img gives no size is refused before any LV", async (t) => {
    rec.answers.set("qemu-img info --output=json -f qcow2 /stage/odd.img", "{}");
    await t.rejects(driver.createDiskVolume(p, { type: "image", name: "odd" }, "/stage/odd.img", "qcow2"), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /no virtual size/ });
    t.same(rec.take(), ["qemu-img info --output=json -f qcow2 /stage/odd.img"]);
  });

  rec.answers.set(lvsOne("vg", `images_${FP}`), row(`images_${FP}`, 3 * GiB, BLOCK));
  await driver.copyVolume(p, img, vm);
  t.same(rec.take(), [
    lvsOne("vg", `images_${FP}`),
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm1 vg/images_${FP}`,
  ], "the root disk: a thin snapshot of the image, active at once, raw like it");

  rec.answers.set(lvsOne("vg", "virtual-machines_vm1"), row("virtual-machines_vm1", 3 * GiB, BLOCK));
  t.equal(await driver.volumeBlockDevice(p, vm), "/dev/vg/virtual-machines_vm1", "the device QEMU opens");
  rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", 3 * GiB));
  t.equal(await driver.volumeBlockDevice(p, { type: "container", name: "c1" }), undefined, "a filesystem volume has none");
  rec.missing.add(lvsOne("vg", "virtual-machines_gone"));
  t.equal(await driver.volumeBlockDevice(p, { type: "virtual-machine", name: "gone" }), undefined, "nor a missing one");
  t.same(rec.take(), [lvsOne("vg", "virtual-machines_vm1"), lvsOne("vg", "containers_c1"), lvsOne("vg", "virtual-machines_gone")], "queries only");

  await driver.setVolumeQuota(p, vm, 5 * GiB);
  t.same(rec.take(), [lvsOne("vg", "virtual-machines_vm1"), `lvextend --yes --size ${5 * GiB}b vg/virtual-machines_vm1`], "grown by lvextend alone");
  await t.rejects(driver.setVolumeQuota(p, vm, GiB), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /can grow but not shrink/ });
  t.same(rec.take(), [lvsOne("vg", "virtual-machines_vm1")], "a shrink runs nothing");

  rec.answers.set(lvsOne("vg", "virtual-machines_vm1"), row("virtual-machines_vm1", 5 * GiB, BLOCK));
  await driver.snapshotVolume(p, vm, "s1");
  t.same(rec.take(), [lvsOne("vg", "virtual-machines_vm1"), `lvcreate --yes --snapshot --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm1+s1 vg/virtual-machines_vm1`], "left inactive, raw");

  // A snapshot taken before the disk was grown: the restored disk keeps the current size.
  rec.answers.set(lvsOne("vg", "virtual-machines_vm1+s0"), row("virtual-machines_vm1+s0", 3 * GiB, BLOCK));
  await driver.restoreVolume(p, vm, "s0");
  t.same(rec.take(), [
    lvsOne("vg", "virtual-machines_vm1+s0"),
    lvsOne("vg", "virtual-machines_vm1"),
    "lvrename vg virtual-machines_vm1 virtual-machines_vm1+.restoring",
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm1 vg/virtual-machines_vm1+s0`,
    `lvextend --yes --size ${5 * GiB}b vg/virtual-machines_vm1`,
    "lvremove --yes vg/virtual-machines_vm1+.restoring",
  ], "nothing unmounted or mounted");

  rec.answers.set(lvsAll("vg"), [row("CorralThinPool", 50 * GiB), row(`images_${FP}`, 3 * GiB, BLOCK), row("virtual-machines_vm1", 5 * GiB, BLOCK), row("virtual-machines_vm1+s0", 3 * GiB, BLOCK), row("virtual-machines_vm1+s1", 5 * GiB, BLOCK)].join(""));
  await driver.deleteVolume(p, vm);
  t.same(rec.take(), [
    lvsOne("vg", "virtual-machines_vm1"),
    lvsAll("vg"),
    "lvremove --yes vg/virtual-machines_vm1+s0",
    "lvremove --yes vg/virtual-machines_vm1+s1",
    "lvremove --yes vg/virtual-machines_vm1",
  ], "its snapshots, then the LV; the image stays");
});

t.test("the disk conversion's argv against the installed qemu-img (onto a file standing in for the LV)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-lvm-disk-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const raw = join(dir, "src.raw");
  const qcow = join(dir, "rootfs.img");
  const dev = join(dir, "lv");
  const size = 4 * 2 ** 20;
  const data = Buffer.alloc(size);
  data.write("corral boot sector", 0);
  data.write("corral data at 3MiB", 3 * 2 ** 20);
  writeFileSync(raw, data);
  await run("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", raw, qcow]);
  const [infoTool, ...infoArgs] = args.diskInfo(qcow, "qcow2");
  t.equal((JSON.parse((await run(infoTool!, infoArgs)).stdout) as { "virtual-size": number })["virtual-size"], size, "the virtual size the LV is made with");
  writeFileSync(dev, "");
  truncateSync(dev, size); // a fresh thin LV: its size, reading zeroes
  const [tool, ...rest] = args.diskToRaw(qcow, "qcow2", dev, true);
  await run(tool!, rest);
  t.ok(readFileSync(dev).equals(data), "the LV holds the disk byte for byte");
});

t.test("a VM image through the storage manager: unpacked beside the volumes, converted onto a raw LV, nothing staged left", async (t) => {
  const { rec, driver, p, dir } = pooled(t);
  const { store, pools, lp: poolRec } = await managed(t, p, driver, dir);
  const images = join(p.mountPath, "images");
  const fill = (into: string[]) => async (staging: string) => {
    into.push(staging);
    writeFileSync(join(staging, "rootfs.img"), "qcow2 stand-in: the recorder runs no qemu-img");
    writeFileSync(join(staging, "metadata.yaml"), "architecture: x86_64\n");
  };
  const staged: string[] = [];
  rec.missing.add(lvsOne("vg", `images_${FP}`));
  rec.matching.push({ re: /^qemu-img info /, stdout: JSON.stringify({ "virtual-size": 2 * GiB }) });
  await pools.ensureImageVolume(poolRec, FP, fill(staged), false, { vmDisk: true });
  t.equal(staged.length, 1);
  t.match(staged[0], new RegExp(`^${images}/\\.unpack-`), "staged beside the image volumes");
  const disk = join(staged[0]!, "rootfs.img");
  t.same(rec.take(), [
    lvsOne("vg", `images_${FP}`),
    `qemu-img info --output=json -f qcow2 ${disk}`,
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${2 * GiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name images_${FP} vg`,
    `qemu-img convert -f qcow2 -O raw -n --target-is-zero ${disk} /dev/vg/images_${FP}`,
  ], "no filesystem volume, no mkfs or mount: the disk straight onto its LV");
  t.same(readdirSync(images), [], "the staging directory is gone");
  t.ok(await store.get(`pools-images/lp/${FP}`), "the image volume is marked made");

  await t.test("a failing conversion leaves no LV, no staging, no marker", async (t) => {
    const failed: string[] = [];
    rec.missing.add(lvsOne("vg", "images_bad"));
    rec.matching.unshift({ re: /^qemu-img convert .* \/dev\/vg\/images_bad$/, stderr: "qemu-img: error while writing sector 0: No space left on device\n" });
    await t.rejects(pools.ensureImageVolume(poolRec, "bad", fill(failed), false, { vmDisk: true }), { code: "CORRAL_ERR_COMMAND_FAILED" });
    t.same(rec.take().slice(-2).map((c) => c.split(" ")[0]), ["qemu-img", "lvremove"]);
    t.equal(failed.length, 1, "it was unpacked");
    t.same(readdirSync(images), [], "no staging left");
    t.notOk(await store.get("pools-images/lp/bad"), "no marker");
  });
});


/** A storage manager over a recorded lvm pool "lp" (in its store) and real dir pools. */
async function managed(t: Test, p: PoolSpec, driver: LvmDriver, dir: string) {
  const store = new SqliteStore(join(dir, "state.db"));
  t.teardown(() => store.close());
  const pools = new (class extends StorageManager {
    override driverOf(rec: PoolRecord): StorageDriver {
      return rec.driver === "lvm" ? driver : getStorageDriver(rec.driver);
    }
  })(store, dir, new Locks(), async () => [], async () => []);
  const lp: PoolRecord = { name: "lp", driver: "lvm", config: p.config, description: "", state: "Created" };
  await store.put(keys.pool("lp"), lp);
  mkdirSync(join(p.mountPath, "images"), { recursive: true }); // as the pool's create lays it out
  return { store, pools, lp };
}


t.test("a block custom volume is a raw thin LV: create, resize, snapshot, copy, attach, delete through the storage manager", async (t) => {
  const { rec, driver, p, dir, path } = pooled(t);
  const { pools, lp } = await managed(t, p, driver, dir);
  rec.answers.set(lvsOne("vg", "CorralThinPool"), row("CorralThinPool", 50 * GiB, TAG, "2.00"));
  await pools.createVolume("lp", "blk", "block", { size: "1GiB" });
  t.same(rec.take(), [
    lvsOne("vg", "CorralThinPool"),
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${GiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name custom_blk vg`,
  ], "the pool's room checked, then one raw LV of the volume's size: no filesystem, no mount");
  t.notOk(existsSync(path("custom", "blk")), "no directory or disk file on the host");

  rec.answers.set(lvsOne("vg", "custom_blk"), row("custom_blk", GiB, BLOCK));
  t.equal(await pools.blockVolumePath(lp, { type: "custom", name: "blk" }), "/dev/vg/custom_blk", "attached (to a VM's -drive, a container's loop) as the LV's device");
  t.same(rec.take(), [lvsOne("vg", "custom_blk")]);

  await pools.updateVolume("lp", "blk", { size: "2GiB" });
  t.same(rec.take(), [lvsOne("vg", "CorralThinPool"), lvsOne("vg", "custom_blk"), `lvextend --yes --size ${2 * GiB}b vg/custom_blk`, lvsOne("vg", "custom_blk")],
    "grown by lvextend alone (then the loop devices a running container has over the device, none here, learn the size)");
  await t.rejects(pools.updateVolume("lp", "blk", { size: "512MiB" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["size"]', message: /a block volume cannot shrink \(from 2147483648 to 536870912 bytes\)/ });
  t.same(rec.take(), [], "a shrink is refused before any command");

  rec.answers.set(lvsOne("vg", "custom_blk"), row("custom_blk", 2 * GiB, BLOCK));
  await pools.createVolumeSnapshot("lp", "blk", "s1");
  t.same(rec.take(), [lvsOne("vg", "custom_blk"), `lvcreate --yes --snapshot --addtag ${TAG} --addtag corral.content=block --name custom_blk+s1 vg/custom_blk`], "a thin snapshot, raw like its volume");

  await pools.copyVolume("lp", "blk", "lp", "blk2");
  t.same(rec.take(), [
    lvsOne("vg", "CorralThinPool"),
    lvsOne("vg", "custom_blk"),
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --addtag corral.content=block --name custom_blk2 vg/custom_blk`,
  ], "a copy within the pool: an active thin snapshot");
  t.same((await pools.getVolume("lp", "blk2")).contentType, "block");

  rec.answers.set(lvsOne("vg", "custom_blk2"), row("custom_blk2", 2 * GiB, BLOCK));
  rec.answers.set(lvsAll("vg"), [row("CorralThinPool", 50 * GiB), row("custom_blk", 2 * GiB, BLOCK), row("custom_blk+s1", 2 * GiB, BLOCK), row("custom_blk2", 2 * GiB, BLOCK)].join(""));
  await pools.deleteVolume("lp", "blk");
  t.same(rec.take(), [lvsOne("vg", "custom_blk"), lvsAll("vg"), "lvremove --yes vg/custom_blk+s1", "lvremove --yes vg/custom_blk"], "its snapshot, then the LV; the copy stays");
  await t.rejects(pools.getVolume("lp", "blk"), { code: "CORRAL_ERR_NOT_FOUND" });
});

/** Loop devices standing in for LVs (a fresh one reads zeroes, as a fresh thin LV does), detached at teardown. */
async function standIns(t: Test, dir: string, names: string[], size: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const file = join(dir, `${n}.lv`);
    writeFileSync(file, "");
    truncateSync(file, size);
    t.teardown(() => detachLoopsFor(file));
    out[n] = await attachLoop(file);
  }
  return out;
}

/** 8 MiB of raw disk with data at a few offsets and holes between. */
function diskBytes(label: string): Buffer {
  const b = Buffer.alloc(8 * MiB);
  for (const at of [0, 3 * MiB, 8 * MiB - 4096]) b.write(`corral ${label} at ${at}`, at);
  return b;
}

t.test("a block custom volume copied to a dir pool and back: the LV's bytes through qemu-img, for real (loop devices stand in for the LVs)", async (t) => {
  const devices: Record<string, string> = {};
  const { rec, driver, p, dir } = pooled(t, {}, { deviceOf: (vg, lv) => devices[lv] ?? `/dev/${vg}/${lv}` });
  Object.assign(devices, await standIns(t, dir, ["custom_blk", "custom_back"], 8 * MiB));
  rec.real.add("qemu-img");
  const { pools } = await managed(t, p, driver, dir);
  await pools.create("dp", "dir", {});
  rec.answers.set(lvsOne("vg", "CorralThinPool"), row("CorralThinPool", 50 * GiB, TAG, "2.00"));
  await pools.createVolume("lp", "blk", "block", { size: "8MiB" });
  rec.take();
  const data = diskBytes("block volume");
  writeFileSync(devices.custom_blk!, data); // what an instance wrote onto the volume
  rec.answers.set(lvsOne("vg", "custom_blk"), row("custom_blk", 8 * MiB, BLOCK));

  await pools.copyVolume("lp", "blk", "dp", "blk");
  const plan = rec.take();
  t.same(plan.slice(0, 2), [lvsOne("vg", "custom_blk"), lvsOne("vg", "custom_blk")]);
  t.match(plan[2], new RegExp(`^qemu-img convert -f raw -O raw ${devices.custom_blk} ${join(p.mountPath, "images")}/\\.unpack-\\w+/root\\.img$`), "read out raw into staging on the lvm pool");
  t.equal(plan.length, 3);
  const file = join(dir, "storage-pools", "dp", "custom", "blk", "root.img");
  t.ok(readFileSync(file).equals(data), "the dir pool's disk file holds the LV's bytes");
  t.same(readdirSync(join(p.mountPath, "images")), [], "staging removed");

  await pools.copyVolume("dp", "blk", "lp", "back");
  t.same(rec.take(), [
    lvsOne("vg", "CorralThinPool"),
    `qemu-img info --output=json -f raw ${file}`,
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${8 * MiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name custom_back vg`,
    `qemu-img convert -f raw -O raw -n --target-is-zero ${file} ${devices.custom_back}`,
  ], "a raw LV of the file's size, the file written onto it");
  t.ok(readFileSync(devices.custom_back!).equals(data), "the new LV holds the same bytes");
  t.match(await pools.getVolume("lp", "back"), { contentType: "block", config: { size: "8MiB" } });

  await t.test("a failing write leaves no LV and no volume record", async (t) => {
    rec.matching.push({ re: /^qemu-img convert .* \/dev\/vg\/custom_bad$/, stderr: "qemu-img: error while writing at byte 0: No space left on device\n" });
    rec.missing.add(lvsOne("vg", "custom_bad"));
    await t.rejects(pools.copyVolume("dp", "blk", "lp", "bad"), { code: "CORRAL_ERR_COMMAND_FAILED" });
    t.same(rec.take().slice(-3), [`qemu-img convert -f raw -O raw -n --target-is-zero ${file} /dev/vg/custom_bad`, "lvremove --yes vg/custom_bad", lvsOne("vg", "custom_bad")]);
    await t.rejects(pools.getVolume("lp", "bad"), { code: "CORRAL_ERR_NOT_FOUND" });
  });
});

t.test("a VM's raw root disk read out (export, publish, copies to another pool) and written back (import, copies onto lvm): plans, and qemu-img and tar for real on loop devices standing in for the LVs", async (t) => {
  const devices: Record<string, string> = {};
  const SPARE = /^spares_xfer-[0-9a-f]+\.tmp$/;
  const { rec, driver, p, dir } = pooled(t, {}, { deviceOf: (vg, lv) => devices[SPARE.test(lv) ? "spare" : lv] ?? `/dev/${vg}/${lv}` });
  Object.assign(devices, await standIns(t, dir, ["spare", "virtual-machines_vm2"], 8 * MiB));
  rec.real.add("qemu-img");
  mkdirSync(join(p.mountPath, "images"), { recursive: true });
  const vm1 = { type: "virtual-machine" as const, name: "vm1" };
  const vm2 = { type: "virtual-machine" as const, name: "vm2" };
  const data = diskBytes("vm1/s1");
  // Snapshot s1 of vm1 is read through an active thin snapshot of it (a temporary spare volume): its stand-in holds s1's bytes.
  writeFileSync(devices.spare!, data);
  rec.answers.set(lvsOne("vg", "virtual-machines_vm1"), row("virtual-machines_vm1", 8 * MiB, BLOCK));
  rec.answers.set(lvsOne("vg", "virtual-machines_vm1+s1"), row("virtual-machines_vm1+s1", 8 * MiB, BLOCK));
  rec.matching.push({ re: /^lvs .* vg\/spares_xfer-[0-9a-f]+\.tmp$/, stdout: row("spares_xfer.tmp", 8 * MiB, BLOCK) });
  rec.answers.set(lvsAll("vg"), [row("CorralThinPool", 50 * GiB), row("virtual-machines_vm1", 8 * MiB, BLOCK), row("virtual-machines_vm1+s1", 8 * MiB, BLOCK)].join(""));
  const backup = join(dir, "backup.tar");
  const imagesDir = join(dir, "image-store");
  let published: Awaited<ReturnType<typeof publishFiles>> | undefined;

  await withVolumeContent({ driver, spec: p, vol: vm1, snapshot: "s1" }, undefined, async (content) => {
    t.same(readdirSync(content), ["rootfs.img"], "the layout a VM's volume has on the other pools: its disk as rootfs.img");
    t.match(JSON.parse((await run("qemu-img", ["info", "--output=json", join(content, "rootfs.img")])).stdout), { format: "qcow2", "virtual-size": 8 * MiB });
    // export: the content into a backup tarball, as exportInstance writes it
    const out = createWriteStream(backup);
    await writeTar(tarCreateArgs([{ dir: content, member: dataMember("virtual-machine") }]), out, new AbortController().signal);
    await new Promise((resolve) => out.end(resolve));
    // publish: an image from it, its metadata that of the instance's image (the raw LV keeps none)
    published = await publishFiles(imagesDir, content, { type: "virtual-machine", source: "instance vm1/s1", properties: {}, origin: { architecture: "x86_64", properties: { os: "Debian" } } });
  });
  const plan = rec.take();
  const spare = /--name (spares_xfer-[0-9a-f]+\.tmp) /.exec(plan[2] ?? "")?.[1];
  t.ok(spare, "a temporary spare volume");
  t.same(plan.map((c) => c.replace(spare!, "SPARE").replace(/\.unpack-\w+/, ".unpack-X")), [
    lvsOne("vg", "virtual-machines_vm1"),
    lvsOne("vg", "virtual-machines_vm1+s1"),
    `lvcreate --yes --snapshot --setactivationskip n --addtag ${TAG} --addtag corral.content=block --name SPARE vg/virtual-machines_vm1+s1`,
    lvsOne("vg", "SPARE"),
    `qemu-img convert -f raw -O qcow2 ${devices.spare} ${join(p.mountPath, "images")}/.unpack-X/rootfs.img`,
    lvsOne("vg", "SPARE"),
    lvsAll("vg"),
    "lvremove --yes vg/SPARE",
  ], "s1 cloned active, read out as qcow2 into staging, the clone removed");
  t.same(readdirSync(join(p.mountPath, "images")), [], "staging removed");
  t.match(published, { type: "virtual-machine", architecture: "x86_64", properties: { os: "Debian", description: "Published from instance vm1/s1" } });

  // import (or a copy from another pool): the backup's member unpacked into staging, its disk onto a new raw LV
  const unpacked = join(dir, "unpacked");
  mkdirSync(unpacked);
  await run("tar", tarExtractArgs(backup, dataMember("virtual-machine"), unpacked));
  const disk = join(unpacked, "rootfs.img");
  await createVolumeFrom(driver, p, vm2, unpacked);
  t.same(rec.take(), [
    `qemu-img info --output=json -f qcow2 ${disk}`,
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${8 * MiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm2 vg`,
    `qemu-img convert -f qcow2 -O raw -n --target-is-zero ${disk} ${devices["virtual-machines_vm2"]}`,
  ]);
  t.ok(readFileSync(devices["virtual-machines_vm2"]!).equals(data), "the new LV holds s1's bytes: LV -> qcow2 -> tar -> qcow2 -> LV");

  await t.test("an import's next part overwrites the LV, grown first to its disk's size", async (t) => {
    rec.answers.set(lvsOne("vg", "virtual-machines_vm2"), row("virtual-machines_vm2", 4 * MiB, BLOCK));
    const next = diskBytes("vm1 now");
    const raw = join(dir, "next.raw");
    writeFileSync(raw, next);
    const qcow = join(dir, "next.qcow2");
    await run("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", raw, qcow]);
    await driver.writeDiskVolume(p, vm2, qcow, "qcow2");
    t.same(rec.take(), [
      lvsOne("vg", "virtual-machines_vm2"),
      `qemu-img info --output=json -f qcow2 ${qcow}`,
      `lvextend --yes --size ${8 * MiB}b vg/virtual-machines_vm2`,
      `qemu-img convert -f qcow2 -O raw -n ${qcow} ${devices["virtual-machines_vm2"]}`,
    ], "no --target-is-zero: the LV holds the earlier part");
    t.ok(readFileSync(devices["virtual-machines_vm2"]!).equals(next));
    rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", 8 * MiB));
    await t.rejects(driver.writeDiskVolume(p, { type: "container", name: "c1" }, qcow, "qcow2"), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /holds a filesystem, not a raw disk/ });
    await t.rejects(driver.readDiskVolume(p, { type: "container", name: "c1" }, join(dir, "x"), "qcow2"), { code: "CORRAL_ERR_FAILED_PRECONDITION" });
    t.same(rec.take(), [lvsOne("vg", "containers_c1"), lvsOne("vg", "containers_c1")], "a filesystem LV is never read or written as a disk");
  });

  await t.test("files with no disk are refused before any LV", async (t) => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    await t.rejects(createVolumeFrom(driver, p, { type: "virtual-machine", name: "vm3" }, empty), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /hold no rootfs.img/ });
    t.same(rec.take(), []);
  });

  rec.answers.set(lvsOne("vg", "containers_c1"), row("containers_c1", GiB));
  t.equal(await withVolumeContent({ driver, spec: p, vol: { type: "container", name: "c1" } }, undefined, async (d) => d), join(p.mountPath, "containers", "c1"), "a filesystem volume is read where it is mounted");
});

t.test("a VM's backup imported onto lvm: each part's disk onto the raw LV, snapshotted between (plans; tar and qemu-img for real onto a loop device standing in for the LV)", async (t) => {
  const devices: Record<string, string> = {};
  const { rec, driver, p, dir } = pooled(t, {}, { deviceOf: (vg, lv) => devices[lv] ?? `/dev/${vg}/${lv}` });
  Object.assign(devices, await standIns(t, dir, ["virtual-machines_vm5"], 8 * MiB));
  rec.real.add("qemu-img");
  mkdirSync(join(p.mountPath, "images"), { recursive: true });
  // A backup as exportInstance writes it: snapshot s0 (a 4 MiB disk), then the VM (grown to 8 MiB).
  const part = async (name: string, bytes: Buffer) => {
    const d = join(dir, name);
    mkdirSync(d);
    writeFileSync(join(d, "raw"), bytes);
    await run("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", join(d, "raw"), join(d, "rootfs.img")]);
    rmSync(join(d, "raw"));
    return d;
  };
  const s0 = diskBytes("s0").subarray(0, 4 * MiB);
  const now = diskBytes("now");
  const file = join(dir, "backup.tar");
  const out = createWriteStream(file);
  await writeTar(tarCreateArgs([{ dir: await part("s0", s0), member: "backup/snapshots/s0" }, { dir: await part("now", now), member: dataMember("virtual-machine") }]), out, new AbortController().signal);
  await new Promise((resolve) => out.end(resolve));

  const vm5 = { type: "virtual-machine" as const, name: "vm5" };
  rec.answers.set(lvsOne("vg", "virtual-machines_vm5"), row("virtual-machines_vm5", 4 * MiB, BLOCK));
  const seen: string[] = [];
  await restoreVolumeFromBackup({ driver, spec: p, vol: vm5 }, file, [{ snap: "s0", member: "backup/snapshots/s0" }, { member: dataMember("virtual-machine") }], new AbortController().signal,
    (i, snap) => seen.push(`part ${i} ${snap ?? "instance"}`), async (snap) => void seen.push(`snapshot ${snap} recorded`));
  const staged = `${join(p.mountPath, "images")}/.unpack-X/rootfs.img`;
  t.same(rec.take().map((c) => c.replace(/\.unpack-\w+/, ".unpack-X")), [
    `qemu-img info --output=json -f qcow2 ${staged}`,
    `lvcreate --yes --wipesignatures y --type thin --virtualsize ${4 * MiB}b --thinpool CorralThinPool --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm5 vg`,
    `qemu-img convert -f qcow2 -O raw -n --target-is-zero ${staged} ${devices["virtual-machines_vm5"]}`,
    lvsOne("vg", "virtual-machines_vm5"),
    `lvcreate --yes --snapshot --addtag ${TAG} --addtag corral.content=block --name virtual-machines_vm5+s0 vg/virtual-machines_vm5`,
    lvsOne("vg", "virtual-machines_vm5"),
    `qemu-img info --output=json -f qcow2 ${staged}`,
    `lvextend --yes --size ${8 * MiB}b vg/virtual-machines_vm5`,
    `qemu-img convert -f qcow2 -O raw -n ${staged} ${devices["virtual-machines_vm5"]}`,
  ], "s0's disk onto a new LV of its size, snapshotted; the VM's disk over it, the LV grown first");
  t.same(seen, ["part 0 s0", "snapshot s0 recorded", "part 1 instance"]);
  t.ok(readFileSync(devices["virtual-machines_vm5"]!).equals(now), "the LV holds the VM's disk from the backup");
  t.same(readdirSync(join(p.mountPath, "images")), [], "staging removed");

  await t.test("a part without a disk: a clear error, before any LV", async (t) => {
    const bad = join(dir, "bad.tar");
    const o = createWriteStream(bad);
    mkdirSync(join(dir, "nodisk"));
    writeFileSync(join(dir, "nodisk", "metadata.yaml"), "architecture: x86_64\n");
    await writeTar(tarCreateArgs([{ dir: join(dir, "nodisk"), member: dataMember("virtual-machine") }]), o, new AbortController().signal);
    await new Promise((resolve) => o.end(resolve));
    await t.rejects(restoreVolumeFromBackup({ driver, spec: p, vol: { type: "virtual-machine", name: "vm6" } }, bad, [{ member: dataMember("virtual-machine") }], new AbortController().signal, () => undefined, async () => undefined),
      { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "backup", message: /member backup\/virtual-machine holds no rootfs.img/ });
    t.same(rec.take(), []);
    t.same(readdirSync(join(p.mountPath, "images")), [], "staging removed");
  });
});

/** Host processes whose command line is exactly argv. */
function processesRunning(argv: string[]): number[] {
  const want = argv.join("\0");
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0$/, "") === want;
    } catch {
      return false;
    }
  }).map(Number);
}

/** Waits (bounded) until no host process runs argv; returns whether none does. */
async function noneRunning(argv: string[], boundMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  while (processesRunning(argv).length) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

t.test("a cancelled export, publish, import or copy kills the qemu-img moving a raw LV's disk (for real, on a loop device standing in for the LV)", async (t) => {
  const devices: Record<string, string> = {};
  const { rec, driver, p, dir } = pooled(t, {}, { deviceOf: (vg, lv) => devices[lv] ?? `/dev/${vg}/${lv}` });
  Object.assign(devices, await standIns(t, dir, ["virtual-machines_vm1", "virtual-machines_vm2"], 8 * MiB));
  writeFileSync(devices["virtual-machines_vm1"]!, diskBytes("vm1"));
  rec.real.add("qemu-img");
  mkdirSync(join(p.mountPath, "images"), { recursive: true });
  rec.answers.set(lvsOne("vg", "virtual-machines_vm1"), row("virtual-machines_vm1", 8 * MiB, BLOCK));
  const vm1 = { type: "virtual-machine" as const, name: "vm1" };
  /** Aborts the operation's signal as soon as a qemu-img convert has started; returns that command. */
  const cancelAtConvert = (ac: AbortController) => {
    let started: string[] | undefined;
    rec.onStarted = (argv) => {
      if (argv[1] !== "convert") return;
      started = argv;
      ac.abort();
    };
    t.teardown(() => (rec.onStarted = undefined));
    return () => started;
  };

  // export and publish read the VM's raw LV out as qcow2 (withVolumeContent, as exportInstance and withFilesOf call it)
  const exporting = new AbortController();
  const exportConvert = cancelAtConvert(exporting);
  let read = false;
  await t.rejects(withVolumeContent({ driver, spec: p, vol: vm1 }, exporting.signal, async () => void (read = true)), { code: "CORRAL_ERR_COMMAND_FAILED", message: /^Failed to run: qemu-img convert -f raw -O qcow2 .*: cancelled/ });
  t.ok(exportConvert(), "the read-out had started when the export was cancelled");
  t.notOk(read, "nothing reads a half-written disk");
  t.ok(await noneRunning(exportConvert()!), "the read-out's qemu-img is killed, not left to run for its 10-minute timeout");
  t.same(readdirSync(join(p.mountPath, "images")), [], "its staging is removed");
  rec.take();

  // an import (or a copy from another pool) writes a disk onto a new raw LV: a cancelled one removes the LV
  const disk = join(dir, "rootfs.img");
  await run("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", devices["virtual-machines_vm1"]!, disk]);
  const importing = new AbortController();
  const importConvert = cancelAtConvert(importing);
  await t.rejects(createVolumeFrom(driver, p, { type: "virtual-machine", name: "vm2" }, dir, importing.signal), { code: "CORRAL_ERR_COMMAND_FAILED", message: /^Failed to run: qemu-img convert -f qcow2 -O raw .*: cancelled/ });
  t.ok(await noneRunning(importConvert()!), "the write's qemu-img is killed");
  t.same(rec.take().slice(-2), [
    `qemu-img convert -f qcow2 -O raw -n --target-is-zero ${disk} ${devices["virtual-machines_vm2"]}`,
    "lvremove --yes vg/virtual-machines_vm2",
  ], "the new LV is removed after the kill");
});
