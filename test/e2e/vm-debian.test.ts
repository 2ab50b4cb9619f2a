// A real Debian VM under `tofu`, with UEFI Secure Boot on: `wait_for { agent, cloud_init }` holds
// the apply until the guest agent answers and cloud-init has finished the user-data (a runcmd that
// takes a while on purpose), and the guest sees Secure Boot enabled (shim, GRUB and the kernel are
// Debian's signed ones; OVMF has Microsoft's keys).
import t from "tap";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { debianVmImage } from "../fixtures/debian-vm-image";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

/** The EFI global variable the firmware sets to 1 when Secure Boot is on (4 attribute bytes, then the value). */
const SECURE_BOOT_EFIVAR = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

const MAIN_TF = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "p" {
  name   = "dvmp"
  driver = "dir"
}

resource "corral_network" "lan" {
  name      = "tfdvmbr0"
  ipv4_cidr = "10.232.11.1/24"
}

resource "corral_instance" "vm" {
  name   = "dvm1"
  type   = "virtual-machine"
  image  = "debian12"
  memory = "1GiB"
  cpu    = 2
  config = {
    "security.secureboot" = "true"
  }
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
  cloud_init {
    user_data = <<-EOT
      #cloud-config
      runcmd:
        - [sh, -c, "sleep 5; echo done > /var/lib/corral-late"]
    EOT
  }
  wait_for {
    ipv4       = true
    agent      = true
    cloud_init = true
    timeout    = "8m"
  }
}

output "ip" {
  value = corral_instance.vm.ipv4_address
}
`;

t.test("a Debian VM with Secure Boot under tofu, waited for until cloud-init is done", async (t) => {
  const debian = await debianVmImage();
  const a = await startAgent(t);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  // A split image (metadata + qcow2 disk) imported as users do with the CLI, used by its alias.
  await a.cli(["image", "import", debian.metaPath, debian.rootfsPath, "--alias", "debian12"]);
  ws.write({ "main.tf": MAIN_TF });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  // No polling from here on: the apply returned only once cloud-init had finished.
  t.equal((await a.cli(["exec", "dvm1", "--", "cat", "/var/lib/corral-late"])).stdout, "done\n", "the slow runcmd had finished when the apply returned");
  const status = await a.cli(["exec", "dvm1", "--", "cloud-init", "status"]);
  t.match(status.stdout, /status: done/);
  const sb = await a.cli(["exec", "dvm1", "--", "od", "-An", "-t", "u1", SECURE_BOOT_EFIVAR]);
  t.same(sb.stdout.trim().split(/\s+/).at(-1), "1", `the guest booted with Secure Boot on (SecureBoot efivar: ${sb.stdout.trim()})`);
  const ip = await ws.output<string>("ip");
  t.match(ip, /^10\.232\.11\.\d+$/, `ipv4_address is an output (${ip})`);
  const vm = await a.client.instances.GetInstance({ name: "dvm1", with_state: true });
  t.ok(vm.state!.network!["eth0"]?.addresses.some((x) => x.address === ip), "the same address the guest agent reports");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "a second plan is clean");

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.instances.ListInstances({})).instances, [], "no instances");
  t.equal((await run("pgrep", ["-f", "process=corral-dvm1"], { okCodes: [0, 1] })).code, 1, "no QEMU process");
  t.same(readdirSync(join(a.dataDir, "qemu")), [], "no VM runtime directory");
});
