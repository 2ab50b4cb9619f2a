// corral_instance.source_instance under the real OpenTofu binary against a real agent on a zfs
// (zfs-fuse) pool: a volume, a container using it, a snapshot, and a second container copied from
// that snapshot (a zfs clone). Apply, a clean re-plan, and destroy leaving no dataset or container.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";
import { made, releasePoolsFirst, zfsHygiene, zpools } from "../helpers/zfs";

const mainTf = (img: string) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "z" {
  name   = "zcopy"
  driver = "zfs"
  size   = "512MiB"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_volume" "data" {
  pool = corral_storage_pool.z.name
  name = "data"
}

# zfs-fuse cannot give idmapped mounts: containers on it run privileged.
resource "corral_instance" "c1" {
  name     = "c1"
  image    = corral_image.busybox.fingerprint
  profiles = []
  config   = { "security.privileged" = "true" }
  root_disk {
    pool = corral_storage_pool.z.name
  }
  disk {
    name   = "data"
    pool   = corral_storage_pool.z.name
    volume = corral_volume.data.name
    path   = "/data"
  }
  file {
    target_path = "/root/f"
    content     = "from c1\\n"
  }
}

resource "corral_snapshot" "s1" {
  instance = corral_instance.c1.name
  name     = "s1"
}

resource "corral_instance" "c2" {
  name     = "c2"
  profiles = []
  config   = { "security.privileged" = "true" }
  source_instance {
    name     = corral_instance.c1.name
    snapshot = corral_snapshot.s1.name
  }
  root_disk {
    pool = corral_storage_pool.z.name
  }
}
`;

t.test("corral_instance.source_instance: a copy of a snapshot on zfs; apply, clean re-plan, destroy", async (t) => {
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const zpool = zpoolNameOf({ name: "zcopy", config: {}, mountPath: "", disksDir: join(a.dataDir, "disks") });
  made.add(zpool);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-copy-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  ws.write({ "main.tf": mainTf(img.metaPath) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const origin = (await run("zfs", ["get", "-H", "-o", "value", "origin", `${zpool}/containers/c2`])).stdout.trim();
  t.equal(origin, `${zpool}/containers/c1@s1`, "c2 is a zfs clone of c1's snapshot");
  t.equal((await a.cli(["exec", "c2", "--", "cat", "/root/f"])).stdout, "from c1\n", "with c1's files as they were at s1");
  const [c1, c2] = await Promise.all(["c1", "c2"].map((name) => a.client.instances.GetInstance({ name, with_state: false })));
  t.equal(c2!.status, "Running");
  t.not(c2!.expanded_devices.root, undefined);
  t.equal(c2!.expanded_devices.data, undefined, "c2 has its own devices (this resource's), not c1's volume");
  t.ok(c1!.expanded_devices.data, "c1 has the volume");

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instance left");
  t.notOk((await zpools()).includes(zpool), "no zpool (and so no dataset) left");
});
