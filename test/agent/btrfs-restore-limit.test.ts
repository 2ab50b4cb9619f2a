// A btrfs restore keeps the volume's current qgroup limit: the restored subvolume is a snapshot of
// the snapshot and inherits the limit the volume had when the snapshot was taken, so it is set
// again only when the two differ. On a real btrfs loop pool, through the driver.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { qgroupShow } from "../../agent/storage/drivers/btrfs/cli";
import { getStorageDriver } from "../../agent/storage/drivers";
import type { PoolSpec, VolumeRef } from "../../agent/storage/driver";

const MiB = 2 ** 20;

t.test("btrfs restore keeps the volume's current limit", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-btrfs-limit-"));
  const d = getStorageDriver("btrfs");
  const pool: PoolSpec = { name: "bl", config: { size: "256MiB" }, mountPath: join(dir, "storage-pools", "bl"), disksDir: join(dir, "disks") };
  pool.config = await d.normalize(pool);
  t.teardown(async () => {
    await d.delete(pool).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  await d.create(pool);
  const vol: VolumeRef = { type: "custom", name: "v" };
  const limit = async () => (await qgroupShow(d.volumePath(pool, vol))).limit;

  await d.createVolume(pool, vol, { sizeBytes: 64 * MiB });
  await d.snapshotVolume(pool, vol, "s1");
  await d.restoreVolume(pool, vol, "s1");
  t.equal(await limit(), 64 * MiB, "unchanged limit: inherited from the snapshot");

  await d.setVolumeQuota(pool, vol, 128 * MiB);
  await d.restoreVolume(pool, vol, "s1");
  t.equal(await limit(), 128 * MiB, "a limit raised after the snapshot stays raised");

  await d.setVolumeQuota(pool, vol, undefined);
  await d.restoreVolume(pool, vol, "s1");
  t.equal(await limit(), undefined, "a limit removed after the snapshot stays removed");
});
