// network_interface security_acls under the real OpenTofu binary against a real agent (in its own
// network namespace): an ACL on one NIC, apply, a clean re-plan, a change that detaches it, an
// unknown ACL as a diagnostic on its attribute, and a destroy that leaves no nft table behind.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const mainTf = (img: string, nic: string) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "plain" {
  name   = "plain"
  driver = "dir"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_network_acl" "noneighbour" {
  name = "noneighbour"
  ingress {
    action = "drop"
    source = "10.32.0.30"
  }
}

resource "corral_network" "lan" {
  name      = "tfniclan"
  ipv4_cidr = "10.32.0.1/24"
}

resource "corral_instance" "web" {
  name  = "web"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.plain.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
${nic}
  }
}
`;

t.test("NIC ACLs: apply, clean re-plan, detach, bad name, destroy", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-nicacl-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  const bridgeTable = async () => (await a.ns.exec("nft", ["list", "table", "bridge", "corral"], { okCodes: [0, 1] })).stdout;

  ws.write({ "main.tf": mainTf(img.metaPath, `    security_acls = [corral_network_acl.noneighbour.name]
    security_acls_default_ingress_action = "allow"
    security_acls_default_egress_action  = "allow"`) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const inst = await a.client.instances.GetInstance({ name: "web", with_state: true });
  t.match(inst.devices.eth0!.properties, { "security.acls": "noneighbour", "security.acls.default.ingress.action": "allow", "security.acls.default.egress.action": "allow" }, "the NIC's keys are on the agent");
  const host = inst.state!.network.eth0!.host_name;
  t.match(await bridgeTable(), new RegExp(`chain nic-in\\.${host} \\{[^\\n]*\\n(?:\\t\\t[^\\n]*\\n)*?\\t\\tip saddr 10\\.32\\.0\\.30 drop`), "the rule is in the bridge table for the NIC's port");
  t.same((await a.client.acls.GetNetworkACL({ name: "noneighbour" })).used_by, ["instance web"], "used_by lists the instance");
  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  ws.write({ "main.tf": mainTf(img.metaPath, `    security_acls = ["nosuch"]`) });
  const bad = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(bad.code, 0, "an unknown ACL fails the apply");
  t.match(bad.stderr, /devices\["eth0"\]\["security\.acls"\]: unknown network ACL "nosuch"/, bad.stderr);
  t.match(bad.stderr, /security_acls = \["nosuch"\]/, "the diagnostic points at the attribute");

  ws.write({ "main.tf": mainTf(img.metaPath, "") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal(await bridgeTable(), "", "detached: no bridge table");
  t.same((await a.client.acls.GetNetworkACL({ name: "noneighbour" })).used_by, [], "the ACL is unused");

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.notMatch((await a.ns.exec("nft", ["list", "tables"])).stdout, /corral/, "no nft table left");
});
