// Remote images under the real OpenTofu binary: `image = "test:busybox/test"` on an instance and a
// corral_image with source_remote, fetched by the agent from a simplestreams tree made by
// incus-simplestreams and served over HTTPS in the agent's namespace, and a golden image published
// from a snapshot (source_instance); apply, clean plan, destroy.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTestTree, selfSignedCert, serveHttps } from "../fixtures/simplestreams";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const mainTf = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "p" {
  name   = "rp"
  driver = "dir"
}

resource "corral_image" "bb2" {
  source_remote = "test"
  source_alias  = "busybox/2/default"
  aliases       = ["bb2"]
}

resource "corral_instance" "from_alias" {
  name  = "c1"
  image = "test:busybox/test"
  root_disk {
    pool = corral_storage_pool.p.name
  }
}

resource "corral_instance" "from_image" {
  name  = "c2"
  image = corral_image.bb2.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
}

resource "corral_snapshot" "s1" {
  instance = corral_instance.from_alias.name
  name     = "s1"
}

resource "corral_image" "golden" {
  source_instance = "\${corral_snapshot.s1.instance}/\${corral_snapshot.s1.name}"
  aliases         = ["golden"]
}

resource "corral_instance" "from_golden" {
  name  = "c3"
  image = corral_image.golden.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
}

output "bb2_type" {
  value = corral_image.bb2.type
}
`;

t.test("image = REMOTE:ALIAS and corral_image.source_remote: apply, clean plan, destroy", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-remote-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const tree = buildTestTree(work);
  const cert = selfSignedCert(work);
  await a.cli(["remote", "add", "test", await serveHttps(t, a.ns.name, tree.dir, cert), "--certificate", cert.certPath]);

  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  ws.write({ "main.tf": mainTf });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const c1 = await a.client.instances.GetInstance({ name: "c1" });
  const c2 = await a.client.instances.GetInstance({ name: "c2" });
  t.equal(c1.image, tree.split.fingerprint, "the alias was resolved on the remote");
  t.equal(c1.status, "Running");
  t.equal(c2.image, tree.unified.fingerprint, "corral_image fetched the unified image");
  const bb2 = await a.client.images.GetImage({ ref: "bb2" });
  t.equal(bb2.source_remote, "test");
  t.equal(bb2.source_alias, "busybox/2/default");
  t.equal(bb2.cached, false, "a corral_image is not a cache entry");
  t.equal((await a.client.images.GetImage({ ref: tree.split.fingerprint })).cached, true, "fetched for an instance: cached");
  t.equal(await ws.output<string>("bb2_type"), "container");
  const golden = await a.client.images.GetImage({ ref: "golden" });
  t.equal(golden.source_instance, "c1/s1", "a golden image published from a snapshot");
  t.equal((await a.client.instances.GetInstance({ name: "c3" })).image, golden.fingerprint);

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  await t.test("bad input: an unknown remote and an alias that does not resolve", async (t) => {
    const ws2 = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
    ws2.write({
      "main.tf": `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
resource "corral_image" "nosuch" {
  source_remote = "nosuch"
  source_alias  = "busybox/test"
}
resource "corral_image" "noalias" {
  source_remote = "test"
  source_alias  = "debian/12"
}
`,
    });
    await ws2.ok(["init", "-no-color"]);
    const r = await ws2.tofu(["apply", "-auto-approve", "-no-color"]);
    t.not(r.code, 0);
    t.match(r.stderr, /remote "nosuch" not found/);
    t.match(r.stderr, /image: "debian\/12" not found on remote "test"/);
  });

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({})).instances, [], "no instance left");
  t.same((await a.client.images.ListImages({})).images.map((i) => i.fingerprint), [tree.split.fingerprint], "the corral_images are gone; the cache entry stays until it expires");
});
