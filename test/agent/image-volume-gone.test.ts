// A create trusts the pool's record that an image is unpacked there (no host check on the common
// path); when the image volume is gone all the same (a crash between deleting it and its record),
// the clone finds out and the image is unpacked again: the create still succeeds. On a btrfs pool,
// through a real agent.
import t from "tap";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";

t.test("an image volume gone behind its record is unpacked again", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-imggone-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const a = await startAgent(t);
  await a.cli(["image", "import", buildBusyboxImage(work).metaPath, "--alias", "bb"]);
  await a.cli(["storage", "create", "ig", "btrfs", "size=1GiB"]);
  const create = async (name: string) =>
    a.client.wait(await a.client.instances.CreateInstance({ name, image: "bb", type: "container", start: false, devices: { root: { properties: { type: "disk", path: "/", pool: "ig" } } } }));
  await create("c1");
  const fp = (await a.client.images.GetImage({ ref: "bb" })).fingerprint;
  const imageVolume = join(a.dataDir, "storage-pools", "ig", "images", fp);
  await run("btrfs", ["subvolume", "delete", imageVolume]);

  const op = await create("c2");
  t.equal(op.status, "SUCCESS", "the create succeeded");
  t.ok(existsSync(join(imageVolume, "rootfs", "bin", "busybox")), "the image volume is there again");
  t.ok(existsSync(join(a.dataDir, "storage-pools", "ig", "containers", "c2", "rootfs", "bin", "busybox")), "the new instance has its root disk");
  for (const name of ["c1", "c2"]) await a.client.wait(await a.client.instances.DeleteInstance({ name, force: true }));
  await a.cli(["storage", "delete", "ig"]);
});
