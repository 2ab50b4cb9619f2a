// A virtual machine published as an image (LXD's VM layout: a metadata tarball and the disk as a
// self-contained qcow2) and launched on a second agent that fetches it through a `corral` remote:
// the VM boots there (the one VM boot of this file; TCG). A snapshot of a VM is published too.
import t from "tap";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { identityPaths } from "../../agent/security/identity";
import { tinyVmImage, VM_MARKERS } from "../fixtures/vm-image";
import { eventually, qemuPids, startAgent, type TestAgent } from "../helpers/agent";
import { apiPort, linkAgents } from "../helpers/link";

/** The tiny guest reaches userland in ~2-5 s under TCG; a loaded CI machine gets slack. */
const BOOT_TIMEOUT_MS = 120_000;

const consoleOf = async (a: TestAgent, name: string) => (await a.client.instances.GetConsoleLog({ name })).data.toString("utf8");

t.test("publish a VM on one agent, launch it on another", async (t) => {
  const tiny = await tinyVmImage();
  const a = await startAgent(t, { extraArgs: ["--listen", "0.0.0.0:0"] });
  const b = await startAgent(t);
  t.teardown(async () => {
    // VMs run outside the agent's process tree: stop any a failed test left behind.
    for (const name of readdirSync(join(b.dataDir, "qemu"))) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  const addr = await linkAgents(a, b);
  const work = mkdtempSync(join(tmpdir(), "corral-publish-vm-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));

  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", tiny.metaPath, tiny.rootfsPath, "--alias", "tiny"]);
  await a.cli(["init", "tiny", "v1", "--vm", "--storage", "p", "-c", "limits.memory=256MiB"]);
  await a.cli(["snapshot", "create", "v1", "s1"]);
  const disk = join(a.dataDir, "storage-pools", "p", "virtual-machines", "v1", "rootfs.img");

  const fp = (await a.cli(["publish", "v1", "--alias", "golden-vm", "--public"])).stdout.trim();
  const img = await a.client.images.GetImage({ ref: "golden-vm" });
  t.equal(img.fingerprint, fp);
  t.equal(img.type, "virtual-machine", "a VM image");
  t.equal(img.source_instance, "v1");
  t.equal(img.properties.description, "Published from instance v1");
  const stored = join(a.dataDir, "images", `${fp}.rootfs`);
  const info = JSON.parse((await run("qemu-img", ["info", "--output=json", stored])).stdout) as { format: string; "backing-filename"?: string };
  t.equal(info.format, "qcow2", "the disk is a qcow2");
  t.equal(info["backing-filename"], undefined, "with no backing file");
  await run("qemu-img", ["compare", disk, stored]);
  t.pass("the image's disk holds what the VM's disk holds (qemu-img compare)");
  const members = (await run("tar", ["-tzf", join(a.dataDir, "images", fp)])).stdout.split("\n").filter(Boolean);
  t.same(members.filter((m) => !m.startsWith("templates/")), ["metadata.yaml"], "the metadata tarball holds metadata.yaml and templates/, not the disk");

  const fromSnap = (await a.cli(["publish", "v1/s1", "--alias", "golden-vm-s1"])).stdout.trim();
  t.equal((await a.client.images.GetImage({ ref: "golden-vm-s1" })).type, "virtual-machine", "a snapshot of a VM publishes as a VM image");
  await run("qemu-img", ["compare", disk, join(a.dataDir, "images", `${fromSnap}.rootfs`)]);
  t.pass("with the snapshot's disk");

  await b.cli(["remote", "add", "a", `https://${addr.a}:${apiPort(a)}`, "--protocol", "corral", "--public", "--certificate", identityPaths(a.dataDir).serverCert]);
  await b.cli(["storage", "create", "p", "dir"]);
  await b.cli(["launch", "a:golden-vm", "v2", "--vm", "--storage", "p", "-c", "limits.memory=256MiB"]);
  const v2 = await b.client.instances.GetInstance({ name: "v2" });
  t.equal(v2.type, "virtual-machine");
  t.equal(v2.image, fp, "made from the published image, fetched from A");
  const booted = await eventually("v2 to finish booting", async () => {
    const log = await consoleOf(b, "v2");
    return log.includes(VM_MARKERS.done) ? log : undefined;
  }, BOOT_TIMEOUT_MS, 500);
  t.match(booted, new RegExp(`${VM_MARKERS.init} kernel=`), "the guest's init ran");
  await b.cli(["delete", "v2", "--force"]);
});
