// A VM whose files are its disk alone (its root disk was a raw LV on an lvm pool, read out as
// rootfs.img by an export or a copy to another pool: the LV keeps no metadata.yaml) is published
// with its image's architecture and properties. Shown on a dir pool through a real agent (never
// started: the VM's files are only read).
import t from "tap";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tinyVmImage } from "../fixtures/vm-image";
import { startAgent } from "../helpers/agent";

t.test("a VM with only its disk is published with its image's metadata", async (t) => {
  const img = await tinyVmImage();
  const a = await startAgent(t);
  await a.cli(["storage", "create", "d", "dir"]);
  await a.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "tiny"]);
  const source = await a.client.images.GetImage({ ref: "tiny" });
  await a.cli(["init", "tiny", "v1", "--vm", "--storage", "d", "-c", "limits.memory=256MiB"]);
  const vol = join(a.dataDir, "storage-pools", "d", "virtual-machines", "v1");
  for (const f of readdirSync(vol)) if (f !== "rootfs.img") rmSync(join(vol, f), { recursive: true });
  t.same(readdirSync(vol), ["rootfs.img"], "the files a raw LV's content is read out as");

  const fp = (await a.cli(["publish", "v1", "--alias", "pub"])).stdout.trim();
  const pub = await a.client.images.GetImage({ ref: "pub" });
  t.equal(pub.fingerprint, fp);
  t.equal(pub.type, "virtual-machine");
  t.equal(pub.architecture, source.architecture, "the source image's architecture");
  t.match(pub.properties, { ...source.properties, description: "Published from instance v1" }, "and properties");

  await a.cli(["delete", "v1"]);
  for (const i of ["pub", "tiny"]) await a.cli(["image", "delete", i]);
  await a.cli(["storage", "delete", "d"]);
});
