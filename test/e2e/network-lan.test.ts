// Instances on a LAN under the real OpenTofu binary: a macvlan corral_network on a veth end whose
// peer is on a test LAN (its own namespace and dnsmasq), a container on it, and a container with a
// host NIC (nictype = "bridged") on a host bridge the test made. Apply, a clean re-plan, import
// of the network, destroy leaving the host as it was.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";
import { withLan } from "../agent/helpers/lan";
import { randomSuffix } from "../agent/helpers/netns";

const head = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
`;

const mainTf = (img: string, parent: string, bridge: string) => `${head}
resource "corral_storage_pool" "p" {
  name   = "p"
  driver = "dir"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_network" "lan" {
  name   = "lan"
  type   = "macvlan"
  parent = "${parent}"
}

resource "corral_instance" "m1" {
  name  = "m1"
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
}

resource "corral_instance" "b1" {
  name  = "b1"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    nictype = "bridged"
    parent  = "${bridge}"
  }
  wait_for {
    ipv4 = true
  }
}

output "m1" {
  value = corral_instance.m1.ipv4_address
}
output "b1" {
  value = corral_instance.b1.ipv4_address
}
`;

t.test("a macvlan network and a host-bridge NIC with tofu", async (t) => {
  const a = await startAgent(t);
  const lan = await withLan(t);
  const sfx = randomSuffix(2);
  const up0 = `up0${sfx}`, up1 = `up1${sfx}`, hbr = `hbr${sfx}`;
  await lan.cable(a.ns, up0);
  await lan.cable(a.ns, up1);
  await a.ns.exec("ip", ["link", "add", hbr, "type", "bridge"]);
  await a.ns.exec("ip", ["link", "set", up1, "master", hbr]);
  await a.ns.exec("ip", ["link", "set", hbr, "up"]);
  const hostLinks = async () => JSON.stringify((await a.ns.ipJson<{ ifname: string; master?: string; ifalias?: string; mtu: number }>(["link", "show"])).map((l) => [l.ifname, l.master, l.ifalias, l.mtu]).sort());
  const before = await hostLinks();

  const work = mkdtempSync(join(tmpdir(), "corral-e2e-lan-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const env = { CORRAL_ENDPOINT: a.endpoint };
  const ws = workspace(t, env);
  ws.write({ "main.tf": mainTf(img.metaPath, up0, hbr) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const m1 = await ws.output<string>("m1");
  const b1 = await ws.output<string>("b1");
  t.ok(lan.leased(m1), `the macvlan container's address is from the LAN's DHCP (${m1})`);
  t.ok(lan.leased(b1), `so is the host-bridge container's (${b1})`);
  await lan.ping(m1);
  await lan.ping(b1);
  t.pass("the LAN reaches both");
  const net = await a.client.networks.GetNetwork({ name: "lan" });
  t.same([net.type, net.config], ["macvlan", { parent: up0 }], "the network as the agent has it");

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  await t.test("import the network", async (t) => {
    const ws2 = workspace(t, env);
    ws2.write({ "main.tf": `${head}
import {
  to = corral_network.lan
  id = "lan"
}
resource "corral_network" "lan" {
  name   = "lan"
  type   = "macvlan"
  parent = "${up0}"
}
` });
    await ws2.ok(["init", "-no-color"]);
    const plan = await ws2.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /1 to import, 0 to add, 0 to change, 0 to destroy/, plan.stdout);
  });

  await t.test("a key macvlan does not use is a plan-time error on its attribute", async (t) => {
    const ws3 = workspace(t, env);
    ws3.write({ "main.tf": `${head}
resource "corral_network" "bad" {
  name      = "bad"
  type      = "macvlan"
  parent    = "${up0}"
  ipv4_cidr = "10.9.9.1/24"
}
` });
    await ws3.ok(["init", "-no-color"]);
    const plan = await ws3.tofu(["plan", "-no-color"]);
    t.not(plan.code, 0);
    t.match(plan.stderr, /Not used by macvlan networks[\s\S]*ipv4_cidr does not apply to a macvlan network/);
  });

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instance left");
  t.same((await a.client.networks.ListNetworks({})).networks, [], "no network left");
  t.equal(await hostLinks(), before, "the agent's namespace is as it was: the host bridge and its port untouched, no macvlan or veth");
});
