// A VM's root disk as QEMU gets it: the qcow2 file rootfs.img in its volume (dir, btrfs, zfs pools),
// or a raw block device the pool gives through InstanceSpec.rootDevice (an lvm thin LV), opened
// with format=raw and grown by the pool. The raw case runs on a real loop device standing in for the
// LV (this kernel has no device-mapper for lvm itself).
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { qemuArgs, vmFiles, type VmDefinition } from "../../agent/instances/drivers/qemu/cli";
import { QemuDriver } from "../../agent/instances/drivers/qemu/driver";
import type { InstanceSpec } from "../../agent/instances/driver";
import { attachLoop, detachLoopsFor } from "../../agent/host/loop";
import { run } from "../../agent/host/run";

const MiB = 2 ** 20;
const rootDrive = (args: string[]) => args.find((a, i) => args[i - 1] === "-drive" && a.includes("id=root"));

t.test("qemuArgs: the root drive in the definition's format", async (t) => {
  const def: VmDefinition = { name: "v1", disk: "/dev/vg/virtual-machines_v1", diskFormat: "raw", memoryBytes: 256 * MiB, cpus: 1, firmware: "bios", secureBoot: false, disks: [], seed: "", nics: [] };
  t.equal(rootDrive(qemuArgs(def, "/q/v1", { accel: "tcg", sandbox: false })), "file=/dev/vg/virtual-machines_v1,if=none,id=root,format=raw,discard=unmap");
  const { diskFormat: _, ...old } = { ...def, disk: "/p/virtual-machines/v1/rootfs.img" };
  t.equal(rootDrive(qemuArgs(old, "/q/v1", { accel: "tcg", sandbox: false })), "file=/p/virtual-machines/v1/rootfs.img,if=none,id=root,format=qcow2,discard=unmap", "a definition without a format (written before raw disks) is qcow2");
});

t.test("the QEMU driver takes its root disk from the spec; a raw device is grown by the pool, never shrunk", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-qemu-root-"));
  const backing = join(dir, "lv");
  t.teardown(async () => {
    await detachLoopsFor(backing);
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(backing, "");
  truncateSync(backing, 8 * MiB);
  const dev = await attachLoop(backing);
  const driver = new QemuDriver({ vmPath: join(dir, "qemu") });
  const grown: number[] = [];
  const spec = (name: string, extra: Partial<InstanceSpec>): InstanceSpec => ({
    name, volumePath: join(dir, "pool", "virtual-machines", name), runDir: join(dir, "logs", name), config: { "boot.firmware": "bios" },
    nics: [], mounts: [], disks: [], limits: { memoryBytes: 256 * MiB }, ...extra,
  });
  // The pool's grow, for real on the loop device: the backing file longer, the device told so.
  const rootDevice = {
    path: dev,
    grow: async (bytes: number) => {
      grown.push(bytes);
      truncateSync(backing, bytes);
      await run("losetup", ["--set-capacity", dev]);
    },
  };
  const definition = (name: string) => JSON.parse(readFileSync(vmFiles(join(dir, "qemu", name)).definition, "utf8")) as VmDefinition;

  await driver.define(spec("raw1", { rootDevice }));
  t.match(definition("raw1"), { disk: dev, diskFormat: "raw" }, "the pool's device, raw");
  await driver.define(spec("file1", {}));
  t.match(definition("file1"), { disk: join(dir, "pool", "virtual-machines", "file1", "rootfs.img"), diskFormat: "qcow2" }, "elsewhere rootfs.img, qcow2 as before");

  const growDisk = (size: number | undefined) => driver["growDisk"](definition("raw1"), spec("raw1", { rootDevice, rootDiskBytes: size }));
  await growDisk(8 * MiB);
  t.same(grown, [], "the same size: nothing to do");
  await t.rejects(growDisk(4 * MiB), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "root_disk.size", message: /cannot shrink: it is 8388608 bytes/ });
  t.same(grown, [], "a smaller size is refused before the pool is asked");
  await growDisk(16 * MiB);
  t.same(grown, [16 * MiB], "a larger one: the pool grows the device");
  t.equal(Number((await run("blockdev", ["--getsize64", dev])).stdout.trim()), 16 * MiB, "the device QEMU opens is that size");
  await growDisk(16 * MiB);
  t.same(grown, [16 * MiB], "read back from the device: already that size");

  // rootfs.img on other pools: qemu-img grows the qcow2 itself, as before.
  const file1 = spec("file1", { rootDiskBytes: 16 * MiB });
  mkdirSync(file1.volumePath, { recursive: true });
  await run("qemu-img", ["create", "-q", "-f", "qcow2", join(file1.volumePath, "rootfs.img"), String(8 * MiB)]);
  const virtualSize = async () => (JSON.parse((await run("qemu-img", ["info", "--output=json", join(file1.volumePath, "rootfs.img")])).stdout) as { "virtual-size": number })["virtual-size"];
  await driver["growDisk"](definition("file1"), file1);
  t.equal(await virtualSize(), 16 * MiB, "the qcow2 grown");
  await t.rejects(driver["growDisk"](definition("file1"), { ...file1, rootDiskBytes: 4 * MiB }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "root_disk.size" });
  t.equal(await virtualSize(), 16 * MiB, "and not shrunk");

  await driver.undefine("raw1");
  await driver.undefine("file1");
});
