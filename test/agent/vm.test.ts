// Virtual machines through the real agent: QEMU under TCG booting the tiny LXD-format VM image
// (busybox initramfs, Debian cloud kernel) on a managed bridge. DHCP address in the agent's state,
// the cloud-init seed read by the guest, graceful and forced stops, survival across agent restarts
// and kill -9, and bad input refused before anything is created.
import t, { type Test } from "tap";
import * as grpc from "@grpc/grpc-js";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { tinyVmImage, VM_MARKERS } from "../fixtures/vm-image";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL, eventually, openConsole, qemuPids, startAgent, type TestAgent } from "../helpers/agent";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

/** The tiny guest reaches userland in ~2-5 s under TCG; a loaded CI machine gets slack. */
const BOOT_TIMEOUT_MS = 120_000;

const consoleOf = async (a: TestAgent, name: string) => (await a.client.instances.GetConsoleLog({ name })).data.toString("utf8");
const markerLine = (text: string, marker: string) => text.split(/\r?\n/).find((l) => l.includes(marker));
const vmDirs = (a: TestAgent, pool: string) => ({
  runtime: existsSync(join(a.dataDir, "qemu")) ? readdirSync(join(a.dataDir, "qemu")) : [],
  disks: existsSync(join(a.dataDir, "storage-pools", pool, "virtual-machines")) ? readdirSync(join(a.dataDir, "storage-pools", pool, "virtual-machines")) : [],
});

t.test("virtual machines on QEMU", async (t) => {
  const img = await tinyVmImage();
  const a = await startAgent(t);
  t.teardown(async () => {
    // VMs run outside the agent's process tree: stop any a failed test left behind.
    for (const name of readdirSync(join(a.dataDir, "qemu"))) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["network", "create", "vmbr0", "ipv4.address=auto", "ipv4.nat=true"]);
  await a.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "tiny"]);
  // Besides its marker, the user-data leaves a loop answering lines typed on the serial console.
  const userData = "#!/bin/sh\necho CORRAL-TEST-USERDATA ran-in-$(hostname)\n(while read -r line; do echo \"CONSOLE-ECHO:$line\"; done </dev/ttyS0 >/dev/ttyS0 2>&1) &\n";

  t.test("boots, gets its DHCP address, reads the seed and runs the user-data", async (t) => {
    await a.cli(["launch", "tiny", "v1", "--vm", "--storage", "p", "--network", "vmbr0", "-c", "limits.memory=256MiB", "-c", `cloud-init.user-data=${userData}`]);
    const ready = await eventually("the guest's ready marker", async () => markerLine(await consoleOf(a, "v1"), VM_MARKERS.done) && consoleOf(a, "v1"), BOOT_TIMEOUT_MS, 500);
    const ip = /ip=(\S+)/.exec(markerLine(ready, VM_MARKERS.ready)!)?.[1];
    t.match(ip, /^10\.\d+\.\d+\.\d+$/, `the guest got an address from the bridge's DHCP (${ip})`);
    t.match(markerLine(ready, VM_MARKERS.seed), /instance-id=v1 hostname=v1/, "the seed's meta-data names the instance");
    t.match(ready, /CORRAL-TEST-USERDATA ran-in-v1/, "the user-data script ran");
    t.match(markerLine(ready, VM_MARKERS.userData), /rc=0/);

    const inst = await a.client.instances.GetInstance({ name: "v1", with_state: true });
    t.equal(inst.type, "virtual-machine");
    t.equal(inst.status, "Running");
    t.ok(inst.state!.pid > 0, "QEMU's pid is reported");
    t.equal(inst.state!.memory_limit_bytes, 256 * 2 ** 20, "limits.memory is the VM's memory");
    const addrs = Object.values(inst.state!.network).flatMap((n) => n.addresses.filter((x) => x.family === "inet").map((x) => x.address));
    t.same(addrs, [ip], "the agent reports the guest's address (from the DHCP lease)");
    t.match((await a.cli(["list"])).stdout, new RegExp(`v1 .*RUNNING .*${ip!.replace(/\./g, "\\.")}.*VIRTUAL-MACHINE`), "list shows it");
    await a.ns.exec("busybox", ["ping", "-c", "1", "-W", "5", ip!]);
    t.pass("the guest answers ping on the bridge");
    const qemu = await qemuPids("v1");
    t.equal(qemu.length, 1, "one QEMU process");
    const kvm = (await a.client.host.GetInfo({})).capabilities.find((c) => c.name === "kvm")!;
    t.match(readFileSync(`/proc/${qemu[0]}/cmdline`, "utf8"), kvm.available ? /-accel\0kvm/ : /-accel\0tcg/, `accelerator follows the probe (KVM ${kvm.available ? "works" : "does not work"} here)`);
    t.equal((await run("ps", ["-o", "user=", "-p", String(qemu[0])])).stdout.trim(), "nobody", "QEMU runs unprivileged");
  });

  t.test("the console: attach, type, see the guest answer; detaching leaves it running", async (t) => {
    const session = openConsole(a, "v1");
    await session.answers("hello-console");
    t.pass("input reached the guest and its answer came back");
    await session.detach();
    t.equal((await a.client.instances.GetInstance({ name: "v1" })).status, "Running", "detached; the VM runs on");
    t.match(await consoleOf(a, "v1"), /CONSOLE-ECHO:hello-console/, "what the session saw is in the console log too");
    // The CLI: typed input reaches the guest; Ctrl+a q detaches and it exits 0.
    const cli = spawn("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", CORRAL, "--endpoint", a.endpoint, "console", "v1"], { stdio: ["pipe", "pipe", "pipe"] });
    let cliOut = "";
    cli.stdout!.on("data", (d: Buffer) => (cliOut += d.toString()));
    const cliExit = new Promise<number | null>((r) => cli.on("exit", (code) => r(code)));
    await eventually("the CLI's session to answer", async () => {
      cli.stdin!.write("from-cli\n");
      return cliOut.includes("CONSOLE-ECHO:from-cli") ? true : undefined;
    }, 20_000, 300);
    cli.stdin!.write(Buffer.from([0x01, 0x71]));
    t.equal(await cliExit, 0, "corral console: Ctrl+a q detaches, exit 0");
    const missing = openConsole(a, "nope");
    t.match(await missing.failed, { code: grpc.status.NOT_FOUND }, "a console of a missing instance ends at once");

    // An agent killed while a console is attached: the serial goes back to its ring afterwards.
    const orphan = openConsole(a, "v1");
    await orphan.answers("before-kill");
    await a.kill9();
    await a.restart();
    t.match(await consoleOf(a, "v1"), /CONSOLE-ECHO:hello-console/, "the console log reads again after the agent's restart");
    const again = openConsole(a, "v1");
    await again.answers("after-kill");
    await again.detach();
    t.pass("and a new console session works");
  });

  t.test("exec and files need the guest agent, which the tiny guest lacks: a clear error", async (t) => {
    const r = await a.cli(["exec", "v1", "--", "true"], { okCodes: [1] });
    t.match(r.stderr, /guest agent not running in virtual machine v1/);
    const f = await a.cli(["file", "pull", "v1/etc/hostname", "-"], { okCodes: [1] });
    t.match(f.stderr, /guest agent not running in virtual machine v1/);
  });

  t.test("freeze and unfreeze pause the guest", async (t) => {
    await a.cli(["freeze", "v1"]);
    t.equal((await a.client.instances.GetInstance({ name: "v1" })).status, "Frozen");
    await a.cli(["unfreeze", "v1"]);
    t.equal((await a.client.instances.GetInstance({ name: "v1" })).status, "Running");
  });

  t.test("the VM keeps running across an agent stop and a kill -9, and stays manageable", async (t) => {
    const pid = (await a.client.instances.GetInstance({ name: "v1", with_state: true })).state!.pid;
    await a.stop();
    await a.restart();
    t.equal((await a.client.instances.GetInstance({ name: "v1", with_state: true })).state!.pid, pid, "same QEMU after a clean agent stop");
    await a.kill9();
    await a.restart();
    const after = await a.client.instances.GetInstance({ name: "v1", with_state: true });
    t.equal(after.status, "Running");
    t.equal(after.state!.pid, pid, "same QEMU after kill -9 of the agent");
  });

  const honoursPowerButton = async (t: Test) => {
    const from = a.logs().length;
    await a.cli(["stop", "v1", "--timeout", "60"]);
    t.equal((await a.client.instances.GetInstance({ name: "v1" })).status, "Stopped");
    t.notMatch(a.logs().slice(from), /virtual machine v1 did not power off/, "no force was needed");
    t.same(await qemuPids("v1"), [], "QEMU exited");
    t.notMatch((await run("ip", ["-n", a.ns.name, "-o", "link"])).stdout, /corral:v1/, "its tap went with it");
    // Changed cloud-init keys reach the guest: the seed is rebuilt when its contents change.
    await a.cli(["config", "set", "v1", "cloud-init.user-data=#!/bin/sh\necho CORRAL-TEST-USERDATA second-seed\n"]);
    await a.cli(["start", "v1"]);
    t.equal((await a.client.instances.GetInstance({ name: "v1" })).status, "Running", "and starts again");
    await eventually("the new user-data to run", async () => (/CORRAL-TEST-USERDATA second-seed/.test(await consoleOf(a, "v1")) ? true : undefined), BOOT_TIMEOUT_MS, 500);
    t.pass("the changed user-data ran at the next boot");
  };

  const ignoresPowerButton = async (t: Test) => {
    // acpid killed by the user-data: the guest no longer reacts to the power button.
    await a.cli(["launch", "tiny", "v2", "--vm", "--ephemeral", "--storage", "p", "--network", "vmbr0", "-c", "limits.memory=256MiB", "-c", "boot.firmware=bios",
      "-c", "cloud-init.user-data=#!/bin/sh\nkillall acpid\n"]);
    await eventually("v2 to finish booting", async () => (markerLine(await consoleOf(a, "v2"), VM_MARKERS.done) ? true : undefined), BOOT_TIMEOUT_MS, 500);
    const cmdline = readFileSync(`/proc/${(await qemuPids("v2"))[0]}/cmdline`, "utf8");
    t.notMatch(cmdline, /pflash/, "SeaBIOS: no UEFI firmware attached");
    const from = a.logs().length;
    await a.cli(["stop", "v2", "--timeout", "3"]);
    t.match(a.logs().slice(from), /virtual machine v2 did not power off within 3000 ms; forcing it off/, "reported as forced");
    t.same(await qemuPids("v2"), [], "QEMU is gone");
    await eventually("the ephemeral VM to be deleted", async () => ((await a.client.instances.ListInstances({})).instances.some((i) => i.name === "v2") ? undefined : true), 20_000);
    t.notOk(vmDirs(a, "p").disks.includes("v2"), "its disk went with it");
  };

  t.test("kill -9 of the agent during a VM create leaves nothing half-made", async (t) => {
    let interrupted = 0;
    for (const delayMs of [0, 100, 300]) {
      const name = `vcrash${delayMs}`;
      await a.client.instances.CreateInstance({ name, type: "virtual-machine", image: "tiny", start: true, config: { "limits.memory": "256MiB" }, devices: {
        root: { properties: { type: "disk", path: "/", pool: "p" } }, eth0: { properties: { type: "nic", network: "vmbr0" } },
      } });
      await new Promise((r) => setTimeout(r, delayMs));
      await a.kill9();
      await a.restart();
      const names = (await a.client.instances.ListInstances({})).instances.map((i) => i.name);
      if (names.includes(name)) {
        t.equal((await a.client.instances.GetInstance({ name })).status, "Running", `killed after ${delayMs} ms: the create had completed`);
        await a.cli(["delete", "-f", name]);
        await eventually(`${name}'s runtime directory and disk to be freed`, async () => (vmDirs(a, "p").runtime.includes(name) || vmDirs(a, "p").disks.includes(name) ? undefined : true), 30_000, 50);
      } else {
        interrupted++;
      }
      t.same(await qemuPids(name), [], `killed after ${delayMs} ms: no QEMU left`);
      t.notOk(vmDirs(a, "p").runtime.includes(name), "no runtime directory");
      t.notOk(vmDirs(a, "p").disks.includes(name), "no disk");
    }
    t.ok(interrupted >= 1, `${interrupted} of the kills interrupted a create`);
  });

  t.test("bad input is refused naming the field, and nothing is left", async (t) => {
    const work = mkdtempSync(join(tmpdir(), "corral-vm-bad-"));
    t.teardown(() => rmSync(work, { recursive: true, force: true }));
    const ct = buildBusyboxImage(work);
    await a.cli(["image", "import", ct.metaPath, "--alias", "busybox"]);
    const before = vmDirs(a, "p");
    const cases: [string[], RegExp][] = [
      [["-c", "limits.memory=64MiB"], /config\["limits\.memory"\]: a virtual machine needs at least 128MiB/],
      [["-c", "boot.firmware=efi"], /boot\.firmware.*must be one of uefi, bios/],
      [["-c", "boot.firmware=bios", "-c", "security.secureboot=true"], /security\.secureboot.*needs boot\.firmware=uefi/],
    ];
    for (const [args, msg] of cases) {
      const r = await a.cli(["launch", "tiny", "vbad", "--vm", "--storage", "p", ...args], { okCodes: [1] });
      t.match(r.stderr, msg, `refused: ${args.join(" ").slice(0, 60)}`);
    }
    const bigSeed = await a.client.instances.CreateInstance({ name: "vbad", type: "virtual-machine", image: "tiny", config: { "cloud-init.user-data": "x".repeat(5 * 2 ** 20) }, devices: {
      root: { properties: { type: "disk", path: "/", pool: "p" } },
    } }).catch((e: grpc.ServiceError) => e);
    t.match(bigSeed, { code: grpc.status.INVALID_ARGUMENT, details: /config\["cloud-init\.user-data"\]: the cloud-init seed would hold \d+ bytes; at most 4194304/ }, "a seed too large");
    const vmFromCt = await a.cli(["launch", "busybox", "vbad", "--vm", "--storage", "p"], { okCodes: [1] });
    t.match(vmFromCt.stderr, /image: image \w+ is a container image; a virtual-machine needs a virtual-machine image/);
    const ctFromVm = await a.cli(["launch", "tiny", "vbad", "--storage", "p"], { okCodes: [1] });
    t.match(ctFromVm.stderr, /image: image \w+ is a virtual-machine image; a container needs a container image/);
    const err = await a.client.instances.CreateInstance({ name: "vbad", type: "vm", image: "tiny" }).catch((e: grpc.ServiceError) => e);
    t.match(err, { code: grpc.status.INVALID_ARGUMENT, details: /type: must be one of container, virtual-machine/ });
    t.notOk((await a.client.instances.ListInstances({})).instances.some((i) => i.name === "vbad"), "no instance recorded");
    t.same(vmDirs(a, "p"), before, "no disk or runtime directory made");
    t.same(await qemuPids("vbad"), [], "no QEMU started");
  });

  const btrfsRootDisk = async (t: Test) => {
    await a.cli(["storage", "create", "bp", "btrfs", "size=1GiB"]);
    const noSize = await a.cli(["storage", "volume", "create", "bp", "nosize", "--type", "block"], { okCodes: [1] });
    t.match(noSize.stderr, /config\["size"\]: a block volume needs a size/);
    await a.cli(["storage", "volume", "create", "bp", "vdata", "--type", "block", "size=32MiB"]);
    await a.cli(["storage", "volume", "create", "bp", "fsdata"]);
    const fs = await a.cli(["launch", "tiny", "v3", "--vm", "--storage", "bp", "--device", "data,type=disk,pool=bp,source=fsdata,path=/data"], { okCodes: [1] });
    t.match(fs.stderr, /devices\["data"\]\.source: a virtual-machine cannot attach the filesystem volume "fsdata"; it takes block volumes/);

    await a.cli(["launch", "tiny", "v3", "--vm", "--storage", "bp", "--network", "vmbr0", "-c", "limits.memory=256MiB", "--device", "data,type=disk,pool=bp,source=vdata,path=/data", "--device", "root,type=disk,path=/,pool=bp,size=64MiB"]);
    await eventually("v3 to boot", async () => (markerLine(await consoleOf(a, "v3"), VM_MARKERS.done) ? true : undefined), BOOT_TIMEOUT_MS, 500);
    const disk = join(a.dataDir, "storage-pools", "bp", "virtual-machines", "v3");
    t.match((await run("btrfs", ["subvolume", "show", disk])).stdout, /Parent UUID:\s+[0-9a-f-]{36}/, "the root disk volume is a snapshot of the image volume");
    const info = JSON.parse((await run("qemu-img", ["info", "-U", "--output=json", join(disk, "rootfs.img")])).stdout);
    t.equal(info["virtual-size"], 64 * 2 ** 20, "root_disk size grew the disk before boot");
    const cmdline = (await run("cat", [`/proc/${(await qemuPids("v3"))[0]}/cmdline`])).stdout.split("\0");
    t.ok(cmdline.some((arg) => arg.includes("custom/vdata/root.img") && arg.includes("format=raw")), "the block volume is a disk of the VM");
    t.ok(cmdline.some((arg) => arg === "virtio-blk-pci,drive=disk0,serial=data"), "named after its device");
    const inUse = await a.cli(["storage", "volume", "delete", "bp", "vdata"], { okCodes: [1] });
    t.match(inUse.stderr, /in use by instance v3/);
    await a.cli(["delete", "-f", "v3"]);
    await a.cli(["storage", "volume", "delete", "bp", "vdata"]);
    await a.cli(["storage", "volume", "delete", "bp", "fsdata"]);
  };

  const bareQcow2 = async (t: Test) => {
    const notDisk = await a.cli(["image", "import", img.metaPath, "--vm"], { okCodes: [1] });
    t.match(notDisk.stderr, /--vm: .* must be a single qcow2 disk/);
    const fp = (await a.cli(["image", "import", img.rootfsPath, "--vm", "--alias", "bare"])).stdout.trim();
    const bare = await a.client.images.GetImage({ ref: "bare" });
    t.equal(bare.fingerprint, fp);
    t.equal(bare.type, "virtual-machine", "typed as a VM image");
    t.equal(bare.architecture, "x86_64", "this host's architecture");
    t.match(bare.properties.description, /rootfs\.img/, "described by the file it came from");
    await a.cli(["launch", "bare", "v4", "--vm", "--storage", "p", "--network", "vmbr0", "-c", "limits.memory=256MiB"]);
    await eventually("v4 to boot", async () => (markerLine(await consoleOf(a, "v4"), VM_MARKERS.done) ? true : undefined), BOOT_TIMEOUT_MS, 500);
    await a.cli(["delete", "-f", "v4"]);
    await a.cli(["image", "delete", "bare"]);
  };

  // Four guests of their own (v1 stopped and started again, v2, v3, v4) that do not look at each
  // other: they boot side by side. (The tests above that kill the agent or count what is on disk
  // have run by now.)
  t.test("guests side by side", { jobs: 4 }, async (t) => {
    t.test("a guest that honours the power button stops cleanly", honoursPowerButton);
    t.test("an ephemeral BIOS guest that ignores the power button is forced off after the timeout, then deleted", ignoresPowerButton);
    t.test("on btrfs the root disk is a snapshot; block volumes attach as disks, filesystem ones are refused", btrfsRootDisk);
    t.test("a bare qcow2 disk imports as a virtual-machine image and boots", bareQcow2);
  });

  t.test("delete leaves no QEMU, tap, disk or lease", async (t) => {
    const mac = (await a.client.instances.GetInstance({ name: "v1", with_state: true })).state!.network.eth0!.hwaddr;
    await a.cli(["delete", "-f", "v1"]);
    t.same(await qemuPids("v1"), []);
    // Its tap, disk and lease are freed just after the delete answers.
    await eventually("v1's tap, disk and lease to be freed", async () => {
      const net = await a.client.networks.GetNetwork({ name: "vmbr0" });
      const left = /corral:v1/.test((await run("ip", ["-n", a.ns.name, "-o", "link"])).stdout) || vmDirs(a, "p").runtime.length || vmDirs(a, "p").disks.length || net.leases.some((l) => l.hwaddr === mac);
      return left ? undefined : true;
    }, 30_000, 50);
    t.notMatch((await run("ip", ["-n", a.ns.name, "-o", "link"])).stdout, /corral:v1/, "no tap");
    t.same(vmDirs(a, "p"), { runtime: [], disks: [] }, "no runtime directory or disk");
    const net = await a.client.networks.GetNetwork({ name: "vmbr0" });
    t.notOk(net.leases.some((l) => l.hwaddr === mac), "no lease left");
  });
});
