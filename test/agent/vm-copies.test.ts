// Copies and backups of a virtual machine (never started: its disk is a file in the volume): a
// copy of a snapshot on btrfs (a btrfs snapshot) and an export imported into a dir pool keep the
// disk bit for bit, and both are virtual machines again; a container cannot be made from a VM.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tinyVmImage } from "../fixtures/vm-image";
import { startAgent } from "../helpers/agent";

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

t.test("VM copies and backups", async (t) => {
  const img = await tinyVmImage();
  const work = mkdtempSync(join(tmpdir(), "corral-vmcopy-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const a = await startAgent(t);
  await a.cli(["storage", "create", "b", "btrfs", "size=1GiB"]);
  await a.cli(["storage", "create", "d", "dir"]);
  await a.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "tiny"]);
  await a.cli(["init", "tiny", "v1", "--vm", "--storage", "b", "-c", "limits.memory=256MiB"]);
  const disk = (pool: string, name: string) => join(a.dataDir, "storage-pools", pool, "virtual-machines", name, "rootfs.img");
  const original = sha(disk("b", "v1"));
  await a.cli(["snapshot", "create", "v1", "s1"]);
  writeFileSync(disk("b", "v1"), Buffer.from("scribbled over the disk"), { flag: "r+" });
  const scribbled = sha(disk("b", "v1"));

  await a.cli(["copy", "v1/s1", "v2"]);
  const v2 = await a.client.instances.GetInstance({ name: "v2", with_state: false });
  t.equal(v2.type, "virtual-machine", "the copy is a VM");
  t.equal(sha(disk("b", "v2")), original, "with the snapshot's disk");
  await t.rejects(a.client.instances.CreateInstance({ name: "c9", type: "container", image: "", config: {}, devices: {}, source: { instance: "v1", snapshot: "" } }),
    { code: status.INVALID_ARGUMENT, message: /type: instance "v1" is a virtual-machine; its copy cannot be a container/ });

  const file = join(work, "v1.tar");
  await a.cli(["export", "v1", file]);
  await a.cli(["import", file, "v3", "--pool", "d"]);
  const v3 = await a.client.instances.GetInstance({ name: "v3", with_state: false });
  t.equal(v3.type, "virtual-machine", "the import is a VM");
  t.equal(sha(disk("d", "v3")), scribbled, "with the disk as exported");
  await a.cli(["snapshot", "restore", "v3", "s1"]);
  t.equal(sha(disk("d", "v3")), original, "and its snapshot's");

  // A client that leaves an export partway: tar is killed, its staging removed, the instance free.
  const call = a.client.raw.instances.ExportInstance({ name: "v1", instance_only: false });
  const ended = new Promise<Error | undefined>((resolve) => (call.on("error", resolve), call.on("end", () => resolve(undefined))));
  await new Promise<void>((resolve) => call.on("data", (m: { msg: string }) => m.msg === "data" && (call.pause(), resolve())));
  call.cancel();
  t.match(await ended, { code: status.CANCELLED }, "the export ends cancelled");
  await a.cli(["snapshot", "create", "v1", "s2"]);
  const backups = join(a.dataDir, "backups");
  for (let i = 0; i < 100 && readdirSync(backups).length; i++) await new Promise((r) => setTimeout(r, 100));
  t.same(readdirSync(backups), [], "nothing is left staged");

  for (const n of ["v1", "v2", "v3"]) await a.cli(["delete", n]);
  await a.cli(["image", "delete", "tiny"]);
  for (const p of ["b", "d"]) await a.cli(["storage", "delete", p]);
});
