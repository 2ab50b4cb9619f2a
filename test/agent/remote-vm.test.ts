// A VM image from a simplestreams remote made by Incus's incus-simplestreams: the tiny bootable VM
// image (metadata tarball + qcow2 disk, published as disk-kvm.img) in a tree served over HTTPS
// inside the agent's namespace. Corral resolves REMOTE:ALIAS as a virtual-machine image, downloads
// it with progress, checks the combined_disk-kvm-img_sha256 fingerprint (a tampered disk is
// refused), and launches the VM, which boots (TCG; the one VM boot of this file).
import t from "tap";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selfSignedCert, serveHttps, simplestreamsAdd } from "../fixtures/simplestreams";
import { tinyVmImage, VM_MARKERS } from "../fixtures/vm-image";
import { eventually, qemuPids, startAgent, type TestAgent } from "../helpers/agent";
import { gatedPull } from "./helpers/gated-pull";

/** The tiny guest reaches userland in ~2-5 s under TCG; a loaded CI machine gets slack. */
const BOOT_TIMEOUT_MS = 120_000;

const storeFiles = (a: TestAgent): string[] => readdirSync(join(a.dataDir, "images")).filter((n) => !n.startsWith(".")).sort();
const consoleOf = async (a: TestAgent, name: string) => (await a.client.instances.GetConsoleLog({ name })).data.toString("utf8");

t.test("a VM image from an incus-simplestreams remote: resolve, progress, verify, launch, boot", async (t) => {
  const tiny = await tinyVmImage();
  const a = await startAgent(t);
  t.teardown(async () => {
    // VMs run outside the agent's process tree: stop any a failed test left behind.
    for (const name of readdirSync(join(a.dataDir, "qemu"))) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  const dir = mkdtempSync(join(tmpdir(), "corral-ss-vm-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tree = join(dir, "tree");
  mkdirSync(tree);
  simplestreamsAdd(tree, tiny, ["tiny/vm"]);
  type Products = { products: Record<string, { versions: Record<string, { items: Record<string, Record<string, string>> }> }> };
  const doc = JSON.parse(readFileSync(join(tree, "streams/v1/images.json"), "utf8")) as Products;
  const items = Object.values(doc.products).flatMap((p) => Object.values(p.versions).flatMap((v) => Object.values(v.items)));
  t.ok(items.some((i) => i.ftype === "disk-kvm.img"), "incus-simplestreams lists the disk as disk-kvm.img");
  t.ok(items.some((i) => i["combined_disk-kvm-img_sha256"] === tiny.fingerprint), "with the LXD fingerprint of metadata + disk");

  const cert = selfSignedCert(dir);
  const gate = join(dir, "gate");
  const url = await serveHttps(t, a.ns.name, tree, cert, gate);
  await a.cli(["remote", "add", "test", url, "--certificate", cert.certPath]);

  await t.test("only as a virtual-machine image", async (t) => {
    const r = await a.cli(["image", "copy", "test:tiny/vm"], { okCodes: [1] });
    t.match(r.stderr, /image: "tiny\/vm" not found on remote "test" \(https:\/\/127\.0\.0\.1:\d+\) \(it exists for virtual-machine x86_64, not for container x86_64\)/);
  });

  await t.test("a tampered disk is refused, nothing stored", async (t) => {
    const tampered = join(dir, "tampered");
    cpSync(tree, tampered, { recursive: true });
    const disk = readdirSync(join(tampered, "images")).find((n) => n.endsWith(".qcow2"))!;
    t.ok(disk, "the tree holds the disk as a .qcow2 file");
    const bytes = readFileSync(join(tampered, "images", disk));
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(join(tampered, "images", disk), bytes);
    const u = await serveHttps(t, a.ns.name, tampered, cert);
    await a.cli(["remote", "add", "tampered", u, "--certificate", cert.certPath]);
    const r = await a.cli(["image", "copy", "tampered:tiny/vm", "--vm"], { okCodes: [1] });
    t.match(r.stderr, /\.qcow2: SHA-256 [0-9a-f]{64} does not match the index \([0-9a-f]{64}\); nothing was stored/);
    t.same(storeFiles(a), [], "nothing stored");
  });

  await t.test("download with progress, the LXD fingerprint, launched and booted", async (t) => {
    const op = await gatedPull(t, a, { remote: "test", ref: "tiny/vm", type: "virtual-machine" }, gate);
    t.equal(op.resource, `images/${tiny.fingerprint}`, "resolved to the VM image of the alias");
    const img = await a.client.images.GetImage({ ref: tiny.fingerprint });
    t.match(img, { type: "virtual-machine", architecture: "x86_64", source_remote: "test", source_alias: "tiny/vm" });
    t.same(readFileSync(join(a.dataDir, "images", `${tiny.fingerprint}.rootfs`)), readFileSync(tiny.rootfsPath), "the disk as served");

    await a.cli(["storage", "create", "p", "dir"]);
    await a.cli(["launch", "test:tiny/vm", "v1", "--vm", "--storage", "p", "-c", "limits.memory=256MiB"]);
    const v1 = await a.client.instances.GetInstance({ name: "v1", with_state: true });
    t.match(v1, { type: "virtual-machine", image: tiny.fingerprint, status: "Running" }, "a VM made from the remote's image");
    const booted = await eventually("v1 to finish booting", async () => {
      const log = await consoleOf(a, "v1");
      return log.includes(VM_MARKERS.done) ? log : undefined;
    }, BOOT_TIMEOUT_MS, 500);
    t.match(booted, new RegExp(`${VM_MARKERS.init} kernel=${tiny.kernelRelease.replace(/\./g, "\\.")}`), "the image's kernel and init ran");
    await a.cli(["delete", "v1", "--force"]);
  });
});
