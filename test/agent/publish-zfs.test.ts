// Publishing from a zfs pool (zfs-fuse here): a stopped container, and a snapshot of it, which
// zfs keeps as no directory (it is read through a temporary clone that goes afterwards). Each
// image is launched and holds the state it was published from.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { run } from "../../agent/host/run";
import { zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { made, releasePoolsFirst, zfsHygiene } from "../helpers/zfs";

// zfs-fuse is FUSE: no idmapped mounts, so containers on it run privileged.
const PRIVILEGED = ["-c", "security.privileged=true"];

t.test("publish from a zfs instance and from a zfs snapshot", async (t) => {
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const dir = mkdtempSync(join(tmpdir(), "corral-publish-zfs-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const zp = `zp${randomBytes(3).toString("hex")}`;
  made.add(zpoolNameOf({ name: zp, config: {}, mountPath: "", disksDir: join(a.dataDir, "disks") }));
  await a.cli(["storage", "create", zp, "zfs", "size=256MiB"]);
  await a.cli(["storage", "create", "d", "dir"]);
  const img = buildBusyboxImage(dir);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);

  await a.cli(["launch", "busybox", "c1", "--storage", zp, ...PRIVILEGED]);
  await a.cli(["exec", "c1", "--", "sh", "-c", "echo first > /root/marker"]);
  await a.cli(["snapshot", "create", "c1", "s1"]);
  await a.cli(["exec", "c1", "--", "sh", "-c", "echo second > /root/marker"]);

  const fromSnap = (await a.cli(["publish", "c1/s1", "--alias", "from-snap"])).stdout.trim();
  t.match(fromSnap, /^[0-9a-f]{64}$/, "a snapshot of a running container on zfs is published");
  const datasets = (await run("zfs", ["list", "-H", "-o", "name", "-t", "all"])).stdout;
  t.notMatch(datasets, /\.publish-/, "the temporary clone is gone");
  await a.cli(["stop", "c1"]);
  const fromInstance = (await a.cli(["publish", "c1", "--alias", "from-instance"])).stdout.trim();
  t.not(fromInstance, fromSnap);

  for (const [alias, want] of [["from-snap", "first"], ["from-instance", "second"]] as const) {
    const name = `n-${alias}`;
    await a.cli(["launch", alias, name, "--storage", "d"]);
    t.equal((await a.cli(["exec", name, "--", "cat", "/root/marker"])).stdout, `${want}\n`, `${alias}: the published state`);
    t.equal((await a.client.images.GetImage({ ref: alias })).source_instance, alias === "from-snap" ? "c1/s1" : "c1");
    await a.cli(["delete", name, "--force"]);
  }
});
