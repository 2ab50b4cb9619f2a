// An address that goes away for a moment after wait_for { ipv4 = true } passed (a DHCP client
// renewing: flush, then add) must not land in state as null: the plan right after the apply would
// then show the address "arriving" (the output changes, `plan -detailed-exitcode` exits 2). The
// instance's exec block, which runs between wait_for and the final read, makes that moment happen
// every time: it flushes eth0 and leaves udhcpc to bring the address back a couple of seconds later.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
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

# The agent shows a NIC without an address inside its DHCP lease (as for a VM without a guest
# agent): a MAC changed for the moment keeps that from filling the gap.
locals {
  churn = <<-EOT
    mac=$(cat /sys/class/net/eth0/address)
    ip addr flush dev eth0; ip link set eth0 down; ip link set eth0 address 02:00:00:00:00:01; ip link set eth0 up
    (sleep 2; ip link set eth0 down; ip link set eth0 address $mac; ip link set eth0 up
     udhcpc -q -n -t 20 -T 1 -i eth0 -s /usr/share/udhcpc/default.script) </dev/null >/dev/null 2>&1 &
  EOT
}

resource "corral_storage_pool" "p" {
  name   = "churnpool"
  driver = "dir"
}

resource "corral_network" "lan" {
  name      = "churnbr0"
  ipv4_cidr = "10.231.41.1/24"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_instance" "c" {
  name  = "churn"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
  wait_for {
    ipv4 = true
  }
  exec {
    trigger = "once"
    command = ["sh", "-c", local.churn]
  }
}

output "address" {
  value = corral_instance.c.ipv4_address
}
`;

t.test("an address renewed right after wait_for is in state; the next plan is clean", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-churn-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  ws.write({ "main.tf": mainTf(img.metaPath) });
  await ws.ok(["init", "-no-color"]);
  t.teardown(() => ws.tofu(["destroy", "-auto-approve", "-no-color"]));
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.match(await ws.output<string>("address"), /^10\.231\.41\.\d+$/, "the address wait_for saw is in state");
  const plan = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(plan.code, 0, `the plan right after the apply is clean:\n${plan.stdout}${plan.stderr}`);
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({})).instances, [], "nothing left");
});
