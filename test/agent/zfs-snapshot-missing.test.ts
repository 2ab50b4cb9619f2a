// The zfs driver's snapshot and restore run their one zfs command without an existence check first:
// a missing volume or snapshot still answers NOT_FOUND, and a failed restore leaves the volume
// mounted; a send into a receive that fails first ends with the receive's error. On zfs-fuse, through the driver on a file-backed pool.
import t from "tap";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { getStorageDriver } from "../../agent/storage/drivers";
import { datasetOf, zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import { sendReceive, ZFS_SEND_TIMEOUT_MS } from "../../agent/storage/drivers/zfs/cli";
import type { PoolSpec, VolumeRef } from "../../agent/storage/driver";
import { made, zfsHygiene } from "../helpers/zfs";

t.test("zfs snapshot and restore of what is not there", async (t) => {
  await zfsHygiene(t);
  const dir = mkdtempSync(join(tmpdir(), "corral-zfs-missing-"));
  const d = getStorageDriver("zfs");
  const name = `zm${randomBytes(3).toString("hex")}`;
  const pool: PoolSpec = { name, config: { size: "128MiB" }, mountPath: join(dir, "storage-pools", name), disksDir: join(dir, "disks") };
  made.add(zpoolNameOf(pool));
  pool.config = await d.normalize(pool);
  t.teardown(async () => {
    await d.delete(pool).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  await d.create(pool);
  const vol: VolumeRef = { type: "custom", name: "v" };
  await d.createVolume(pool, vol);
  writeFileSync(join(d.volumePath(pool, vol), "f"), "x");

  await t.rejects(d.snapshotVolume(pool, { type: "custom", name: "gone" }, "s1"), { code: "CORRAL_ERR_NOT_FOUND", message: /custom volume gone not found/ });
  await t.rejects(d.restoreVolume(pool, vol, "nope"), { code: "CORRAL_ERR_NOT_FOUND", message: /snapshot nope of custom volume v not found/ });
  t.ok(existsSync(join(d.volumePath(pool, vol), "f")), "the volume is mounted again after the failed restore");
  await d.snapshotVolume(pool, vol, "s1");
  await t.rejects(d.snapshotVolume(pool, vol, "s1"), { code: "CORRAL_ERR_ALREADY_EXISTS" });
  t.same(await d.listVolumeSnapshots(pool, vol), ["s1"]);

  // A receive that fails at once (its target exists) while send still has megabytes to write.
  writeFileSync(join(d.volumePath(pool, vol), "big"), randomBytes(4 << 20));
  await d.snapshotVolume(pool, vol, "s2");
  const ds = datasetOf(pool, vol);
  const started = Date.now();
  await t.rejects(sendReceive(`${ds}@s2`, ds), { code: "CORRAL_ERR_COMMAND_FAILED", command: ["zfs", "receive", ds] }, "the receive's failure is the answer");
  t.ok(Date.now() - started < ZFS_SEND_TIMEOUT_MS / 10, "without waiting for send's timeout");
});
