// A virtual machine and a container on one network with the real `tofu`: apply, a clean second
// plan, a memory change applied by a restart, destroy leaving no QEMU, tap, disk or lease.
import t from "tap";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { tinyVmImage } from "../fixtures/vm-image";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

/** The tiny VM image as users download LXD images: one unified tarball (metadata.yaml + rootfs.img). */
async function unifiedVmImage(dir: string): Promise<string> {
  const img = await tinyVmImage();
  const tree = join(dir, "vm-tree");
  mkdirSync(tree, { recursive: true });
  await run("tar", ["-xJf", img.metaPath, "-C", tree]);
  copyFileSync(img.rootfsPath, join(tree, "rootfs.img"));
  const out = join(dir, "tiny-vm.tar.gz");
  await run("tar", ["-czf", out, "-C", tree, "."]);
  return out;
}

const mainTf = (ct: string, vm: string, memory: string, vmWait: string | false = "ipv4 = true", ctWait = "ipv4 = true") => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "p" {
  name   = "vmp"
  driver = "dir"
}

resource "corral_network" "lan" {
  name      = "tfvmbr0"
  ipv4_cidr = "10.232.9.1/24"
}

resource "corral_image" "busybox" {
  source_file = "${ct}"
}

resource "corral_image" "tiny" {
  source_file = "${vm}"
}

resource "corral_instance" "vm" {
  name   = "vm1"
  type   = "virtual-machine"
  image  = corral_image.tiny.fingerprint
  memory = "${memory}"
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
  cloud_init {
    user_data = "#!/bin/sh\\necho CORRAL-TF-USERDATA\\n"
  }
  ${vmWait ? `wait_for {\n    ${vmWait}\n  }` : ""}
}

resource "corral_instance" "ct" {
  name  = "ct1"
  image = corral_image.busybox.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
  wait_for {
    ${ctWait}
  }
}

output "vm_ip" {
  value = corral_instance.vm.ipv4_address
}
output "ct_ip" {
  value = corral_instance.ct.ipv4_address
}
`;

t.test("a VM next to a container under tofu", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-vm-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const ct = buildBusyboxImage(work);
  const vm = await unifiedVmImage(work);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "256MiB") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const vmIp = await ws.output<string>("vm_ip");
  const ctIp = await ws.output<string>("ct_ip");
  t.match(vmIp, /^10\.232\.9\.\d+$/, `the VM's address is a tofu output (${vmIp})`);
  t.match(ctIp, /^10\.232\.9\.\d+$/);
  await a.cli(["exec", "ct1", "--", "ping", "-c", "1", "-W", "5", vmIp]);
  t.pass("the container reaches the VM");
  const before = await a.client.instances.GetInstance({ name: "vm1", with_state: true });
  t.equal(before.type, "virtual-machine");
  t.match((await a.client.instances.GetConsoleLog({ name: "vm1" })).data.toString(), /CORRAL-TF-USERDATA/, "cloud_init.user_data ran in the guest");

  const plan = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(plan.code, 0, `a second plan is clean:\n${plan.stdout}${plan.stderr}`);

  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB") });
  const change = await ws.ok(["plan", "-no-color"]);
  t.match(change.stdout, /0 to add, 1 to change, 0 to destroy/, "memory changes in place");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const after = await a.client.instances.GetInstance({ name: "vm1", with_state: true });
  t.equal(after.status, "Running");
  t.equal(after.state!.memory_limit_bytes, 320 * 2 ** 20, "the VM has its new memory");
  t.not(after.state!.pid, before.state!.pid, "applied by a restart of the VM");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "clean after the change");

  // wait_for agent / cloud_init: a container answers at once; a guest without an agent or without
  // cloud-init fails the apply naming what did not come.
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB", "ipv4 = true", "ipv4 = true\n    agent = true") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.pass("wait_for.agent: commands run in the container");
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB", "ipv4 = true", "cloud_init = true") });
  const noCloudInit = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(noCloudInit.code, 0);
  t.match(noCloudInit.stderr.replace(/\s+/g, " "), /Instance "ct1": cloud-init could not be asked within 3m.*cloud-init is not installed in the instance/, "no cloud-init inside: said so");
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB", "agent = true\n    timeout = \"5s\"") });
  const noAgent = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(noAgent.code, 0);
  t.match(noAgent.stderr.replace(/\s+/g, " "), /Instance "vm1": the guest agent did not answer within 5s.*guest agent not running/, "a VM without a guest agent: said so");
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  // Import: forget the VM, import it by name and image, and the plan is clean again (wait_for acts
  // at create only and cannot be read back, so the importing configuration leaves it out).
  await ws.ok(["state", "rm", "corral_instance.vm"]);
  ws.write({ "main.tf": mainTf(ct.metaPath, vm, "320MiB", false) });
  await ws.ok(["import", "-no-color", "corral_instance.vm", `vm1,image=${after.image}`]);
  const imported = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(imported.code, 0, `clean after import:\n${imported.stdout}${imported.stderr}`);

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({})).instances, [], "no instances");
  t.equal((await run("pgrep", ["-f", "process=corral-vm1"], { okCodes: [0, 1] })).code, 1, "no QEMU process");
  t.notMatch((await run("ip", ["-n", a.ns.name, "-o", "link"])).stdout, /corral:vm1/, "no tap");
  t.same(readdirSync(join(a.dataDir, "qemu")), [], "no VM runtime directory");
  t.same((await a.client.networks.ListNetworks({})).networks, [], "network gone with its leases");
});
