// corral_network_forward and corral_network_acl under the real OpenTofu binary against a real
// agent (in its own network namespace): two networks (one dual-stack), an ACL attached to one, a
// forward to an instance that waits for its IPv6 address; apply, a clean re-plan, import, and a
// destroy that leaves no nft rule, dnsmasq or bridge behind.
import t from "tap";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const HEADER = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
`;

const mainTf = (img: string) => `${HEADER}
resource "corral_storage_pool" "plain" {
  name   = "plain"
  driver = "dir"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_network_acl" "isolate" {
  name        = "isolate"
  description = "env A may not reach env B"
  egress {
    action      = "drop"
    destination = "10.31.1.0/24"
  }
  egress {
    action           = "reject"
    protocol         = "TCP"
    destination_port = "25, 465"
    state            = "disabled"
  }
}

resource "corral_network" "a" {
  name      = "tfenva"
  ipv4_cidr = "10.31.0.1/24"
  config = {
    "ipv6.address"                         = "auto"
    "security.acls"                        = corral_network_acl.isolate.name
    "security.acls.default.egress.action"  = "allow"
    "security.acls.default.ingress.action" = "allow"
  }
}

resource "corral_network" "b" {
  name      = "tfenvb"
  ipv4_cidr = "10.31.1.1/24"
}

resource "corral_instance" "web" {
  name  = "web"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.plain.name
  }
  network_interface {
    name         = "eth0"
    network      = corral_network.a.name
    ipv4_address = "10.31.0.20"
  }
  wait_for {
    ipv4 = true
    ipv6 = true
  }
}

resource "corral_network_forward" "web" {
  network        = corral_network.a.name
  listen_address = "192.0.2.10"
  ports {
    protocol       = "tcp"
    listen_port    = "80"
    target_address = corral_instance.web.ipv4_address
    target_port    = "8080"
  }
  ports {
    protocol       = "udp"
    listen_port    = "5000-5002"
    target_address = "10.31.0.20"
  }
}

output "ipv6" {
  value = corral_instance.web.ipv6_address
}
output "prefix" {
  value = corral_network.a.ipv6_address
}
`;

t.test("forward and ACL: apply, clean re-plan, import, destroy leaves no nft rules", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-np-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const env = { CORRAL_ENDPOINT: a.endpoint };
  const ws = workspace(t, env);
  ws.write({ "main.tf": mainTf(img.metaPath) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const prefix = await ws.output<string>("prefix");
  t.match(prefix, /^fd42:[0-9a-f:]+::1\/64$/, "the network's ULA prefix is reported");
  const ipv6 = await ws.output<string>("ipv6");
  t.ok(ipv6.startsWith(prefix.replace(/::1\/64$/, ":")), `wait_for ipv6 gave ipv6_address ${ipv6} in the prefix`);
  const fwd = await a.client.forwards.GetNetworkForward({ network: "tfenva", listen_address: "192.0.2.10" });
  t.match(fwd.ports, [{ protocol: "tcp", listen_port: "80", target_address: "10.31.0.20", target_port: "8080" }, { protocol: "udp", listen_port: "5000-5002" }], "the forward is on the agent");
  const acl = await a.client.acls.GetNetworkACL({ name: "isolate" });
  t.same(acl.used_by, ["tfenva"], "the ACL is attached");
  const table = (await a.ns.exec("nft", ["list", "table", "inet", "corral"])).stdout;
  t.match(table, /ip daddr 192\.0\.2\.10 tcp dport 80 dnat ip to 10\.31\.0\.20:8080/, "DNAT rule in nftables");
  t.match(table, /chain acl-out\.tfenva \{[^}]*ip daddr 10\.31\.1\.0\/24 drop/s, "ACL rule in nftables");
  t.notMatch(table, /dport \{ 25, 465 \} reject/, "a disabled rule is not enforced");

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  await t.test("import", async (t) => {
    const ws2 = workspace(t, env);
    ws2.write({
      "main.tf": `${HEADER}
import {
  to = corral_network_forward.web
  id = "tfenva/192.0.2.10"
}
import {
  to = corral_network_acl.isolate
  id = "isolate"
}
resource "corral_network_forward" "web" {
  network        = "tfenva"
  listen_address = "192.0.2.10"
  ports {
    protocol       = "tcp"
    listen_port    = "80"
    target_address = "10.31.0.20"
    target_port    = "8080"
  }
  ports {
    protocol       = "udp"
    listen_port    = "5000-5002"
    target_address = "10.31.0.20"
  }
}
resource "corral_network_acl" "isolate" {
  name        = "isolate"
  description = "env A may not reach env B"
  egress {
    action      = "drop"
    destination = "10.31.1.0/24"
  }
  egress {
    action           = "reject"
    protocol         = "tcp"
    destination_port = "25,465"
    state            = "disabled"
  }
}
`,
    });
    await ws2.ok(["init", "-no-color"]);
    const plan = await ws2.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /2 to import, 0 to add, 0 to change, 0 to destroy/, plan.stdout);
  });

  await t.test("a bad forward is a diagnostic on its attribute", async (t) => {
    const ws3 = workspace(t, env);
    ws3.write({
      "main.tf": `${HEADER}
resource "corral_network_forward" "bad" {
  network        = "tfenva"
  listen_address = "192.0.2.11"
  ports {
    protocol       = "tcp"
    listen_port    = "8000-8002"
    target_address = "10.31.0.20"
    target_port    = "9000-9001"
  }
}
`,
    });
    await ws3.ok(["init", "-no-color"]);
    const r = await ws3.tofu(["apply", "-auto-approve", "-no-color"]);
    t.not(r.code, 0, "apply fails");
    t.match(r.stderr, /ports\[0\]\.target_port: has 2 ports but listen_port has 3/, r.stderr);
    t.same((await a.client.forwards.ListNetworkForwards({ network: "tfenva" })).forwards.map((f) => f.listen_address), ["192.0.2.10"], "nothing stored for it");
  });

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  const tables = (await a.ns.exec("nft", ["list", "tables"])).stdout;
  t.notMatch(tables, /inet corral/, "no nft table (no forward, ACL or bridge rule) left");
  t.same((await a.client.acls.ListNetworkACLs({})).acls, [], "no ACL left");
  t.same((await a.client.networks.ListNetworks({})).networks, [], "no network left");
  const links = (await a.ns.exec("ip", ["-o", "link", "show"])).stdout;
  t.notMatch(links, /tfenv/, "no bridge left");
  const comm = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/comm`, "utf8").trim();
    } catch {
      return ""; // gone meanwhile
    }
  };
  const comms = (await a.ns.pids()).map(comm);
  t.same(comms.filter((c) => c === "dnsmasq"), [], "no dnsmasq left in the namespace");
});
