// Snapshots of a virtual machine: its disk (rootfs.img in the volume) is covered by the volume
// snapshot, so the same API works; a restore of the running VM stops QEMU and starts it again.
import t from "tap";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tinyVmImage } from "../fixtures/vm-image";
import { eventually, qemuPids, startAgent } from "../helpers/agent";

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

t.test("VM snapshots on a dir pool", async (t) => {
  const img = await tinyVmImage();
  const a = await startAgent(t);
  t.teardown(async () => {
    for (const name of existsSync(join(a.dataDir, "qemu")) ? readdirSync(join(a.dataDir, "qemu")) : []) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "tiny"]);
  // The restore of the running VM below comes while the guest still boots (before its acpid
  // listens): a short clean-shutdown wait, so the stop does not sit out the default 30 s.
  await a.cli(["init", "tiny", "v1", "--vm", "--storage", "p", "-c", "limits.memory=256MiB", "-c", "boot.host_shutdown_timeout=2"]);
  const volume = join(a.dataDir, "storage-pools", "p", "virtual-machines", "v1");
  const snapDir = join(a.dataDir, "storage-pools", "p", "snapshots", "virtual-machines", "v1");
  const disks = readdirSync(volume).filter((f) => f.endsWith(".img"));
  t.ok(disks.length > 0, `the volume holds the VM's disk (${disks.join(", ")})`);
  const disk = join(volume, disks[0]!);
  const before = sha(disk);

  await a.cli(["snapshot", "create", "v1", "s1"]);
  t.equal(sha(join(snapDir, "s1", disks[0]!)), before, "the snapshot holds the disk");
  writeFileSync(disk, Buffer.from("scribbled over the disk"), { flag: "r+" });
  t.not(sha(disk), before);
  await a.cli(["snapshot", "restore", "v1", "s1"]);
  t.equal(sha(disk), before, "restored while stopped");
  t.equal((await a.client.instances.GetInstance({ name: "v1", with_state: false })).status, "Stopped");

  await a.cli(["start", "v1"]);
  const pid = (await a.client.instances.GetInstance({ name: "v1", with_state: true })).state!.pid;
  await a.cli(["snapshot", "restore", "v1", "s1"]);
  const after = await a.client.instances.GetInstance({ name: "v1", with_state: true });
  t.equal(after.status, "Running", "a running VM runs again after the restore");
  t.not(after.state!.pid, pid, "under a new QEMU");

  await a.cli(["delete", "-f", "v1"]);
  // The root disk and its snapshots are freed just after the delete answers.
  await eventually("v1's snapshots to be freed", async () => (existsSync(snapDir) ? undefined : true), 30_000, 50);
  t.pass("its snapshots went with it");
  await a.cli(["image", "delete", "tiny"]);
  await a.cli(["storage", "delete", "p"]);
});
