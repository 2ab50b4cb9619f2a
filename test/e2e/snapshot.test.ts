// corral_snapshot under the real OpenTofu binary against a real agent: a container and a snapshot
// of it applied, a clean re-plan, import, and destroy leaving no snapshot on the host.
import t from "tap";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const mainTf = (img: string) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "snaps" {
  name   = "snaps"
  driver = "btrfs"
  size   = "1GiB"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_instance" "c1" {
  name  = "c1"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.snaps.name
  }
}

resource "corral_snapshot" "s1" {
  instance = corral_instance.c1.name
  name     = "s1"
}

output "created_at" {
  value = corral_snapshot.s1.created_at
}
`;

t.test("corral_snapshot: apply, clean re-plan, import, destroy", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-snap-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const env = { CORRAL_ENDPOINT: a.endpoint };
  const ws = workspace(t, env);
  ws.write({ "main.tf": mainTf(img.metaPath) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const listed = await a.client.instances.ListSnapshots({ instance: "c1" });
  t.same(listed.snapshots.map((s) => s.name), ["s1"], "the snapshot exists on the agent");
  t.equal(await ws.output<string>("created_at"), listed.snapshots[0]!.created_at, "created_at comes from the agent");
  const snapDir = join(a.dataDir, "storage-pools", "snaps", "snapshots", "containers", "c1");
  t.same(readdirSync(snapDir), ["s1"], "a snapshot subvolume on the pool");

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  await t.test("import", async (t) => {
    const ws2 = workspace(t, env);
    ws2.write({
      "main.tf": `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
import {
  to = corral_snapshot.s1
  id = "c1/s1"
}
resource "corral_snapshot" "s1" {
  instance = "c1"
  name     = "s1"
}
`,
    });
    await ws2.ok(["init", "-no-color"]);
    const plan = await ws2.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/, plan.stdout);
  });

  await t.test("a snapshot deleted by hand is taken again", async (t) => {
    await a.cli(["snapshot", "delete", "c1", "s1"]);
    const plan = await ws.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /corral_snapshot\.s1 will be created/);
    await ws.ok(["apply", "-auto-approve", "-no-color"]);
    t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");
  });

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instance left");
  t.notOk(existsSync(snapDir), "no snapshot left on the host");
});
