// Real QEMU under TCG booting the tiny VM image (UEFI and SeaBIOS) from a qcow2 overlay with a
// NoCloud seed, driven through the QMP client: the guest's DHCP address and seed values on the
// serial console, QMP status and events, ACPI power-off of a guest that honours the button and
// `quit` of one that ignores it, and the QMP client's error paths. QEMU runs daemonized (outside
// this process tree) as the agent will run it; every VM is killed and its directory removed in
// teardown, and VMs left by a test process that died are swept at start.
import t, { type Test } from "tap";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { attachLoop, detachLoopsFor } from "../../agent/host/loop";
import { run } from "../../agent/host/run";
import { args as lvmArgs } from "../../agent/storage/drivers/lvm/cli";
import { buildSeedIso, MAX_SEED_CONTENT_BYTES, SEED_VOLUME_LABEL } from "../../agent/instances/drivers/qemu/seed";
import { QmpClient, QmpCommandError, type QmpEvent } from "../../agent/instances/drivers/qemu/qmp";
import { sha256Files } from "../fixtures/cache";
import { IGNORE_POWER_BUTTON_META_KEY, tinyVmImage, VM_MARKERS, type BuiltVmImage } from "../fixtures/vm-image";

/** QEMU's parent returns once the daemonized child has opened everything: well under a second. */
const QEMU_START_TIMEOUT_MS = 30_000;
/** Measured ~5 s to CORRAL-BOOT-DONE under TCG on an idle 2-CPU host; other tests may load it. */
const BOOT_TIMEOUT_MS = 120_000;
/** The guest powers off ~2 s after the button (busybox init's two 1 s pauses). */
const POWEROFF_TIMEOUT_MS = 30_000;
/** `quit` or SIGKILL: QEMU exits at once. */
const EXIT_TIMEOUT_MS = 10_000;
/** How long a guest that ignores the power button must keep running to count as ignoring it. */
const IGNORE_WINDOW_MS = 5_000;
const POLL_MS = 100;
const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
/** Tag in every VM directory name; the pid is the test process that owns the VM. */
const DIR_PREFIX = "corral-qemu-boot-";

type Firmware = "uefi" | "bios";

interface Vm {
  dir: string;
  pid: number;
  qmpPath: string;
  consolePath: string;
  /** When qemu-system-x86_64 was started (ms since epoch). */
  startedAt: number;
  args: string[];
}

let image: BuiltVmImage;

t.before(async () => {
  await sweepStaleVms();
  image = await tinyVmImage();
});

/** A VM of a test process that died before its teardown: kill it and remove its directory. */
async function sweepStaleVms(): Promise<void> {
  for (const p of readdirSync("/proc")) {
    if (!/^\d+$/.test(p)) continue;
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${p}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const owner = new RegExp(`/${DIR_PREFIX}(\\d+)-`).exec(cmdline)?.[1];
    if (owner && cmdline.startsWith("qemu-system") && !alive(Number(owner))) {
      try {
        process.kill(Number(p), "SIGKILL");
      } catch {
        /* exited meanwhile */
      }
    }
  }
  for (const d of readdirSync(tmpdir())) {
    const owner = new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(d)?.[1];
    if (owner && !alive(Number(owner))) rmSync(join(tmpdir(), d), { recursive: true, force: true });
  }
}

/** Whether pid runs (a zombie, e.g. a daemonized QEMU not yet reaped, counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const consoleText = (vm: Vm): string => (existsSync(vm.consolePath) ? readFileSync(vm.consolePath, "latin1") : "");

/** Waits for a console line matching re; on timeout the error carries the console's tail. */
async function waitConsole(vm: Vm, re: RegExp, timeoutMs = BOOT_TIMEOUT_MS): Promise<RegExpMatchArray> {
  try {
    return await until(`${re} on the serial console`, timeoutMs, () => consoleText(vm).match(re) ?? undefined);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- console tail ---\n${consoleText(vm).slice(-3000)}`);
  }
}

const waitExit = (vm: Vm, timeoutMs: number): Promise<true> =>
  until(`QEMU pid ${vm.pid} to exit`, timeoutMs, () => (alive(vm.pid) ? undefined : true));

/** Boots the tiny image from a fresh overlay with a NoCloud seed; teardown kills QEMU and removes everything. */
async function startVm(
  tt: Test,
  firmware: Firmware,
  seed: { metaData: string; userData?: string; networkConfig?: string; vendorData?: string },
  /** The root drive; a fresh qcow2 overlay of the image when absent. */
  rootDrive?: string,
): Promise<Vm> {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  const vm: Vm = { dir, pid: 0, qmpPath: join(dir, "qmp.sock"), consolePath: join(dir, "console.log"), startedAt: 0, args: [] };
  tt.teardown(async () => {
    if (vm.pid && alive(vm.pid)) {
      process.kill(vm.pid, "SIGKILL");
      await waitExit(vm, EXIT_TIMEOUT_MS);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const overlay = join(dir, "root.qcow2");
  if (!rootDrive) await run("qemu-img", ["create", "-q", "-f", "qcow2", "-b", image.rootfsPath, "-F", "qcow2", overlay]);
  const seedIso = await buildSeedIso(dir, seed);
  const firmwareArgs: string[] = [];
  if (firmware === "uefi") {
    copyFileSync(OVMF_VARS, join(dir, "vars.fd"));
    firmwareArgs.push(
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${join(dir, "vars.fd")}`,
    );
  } // bios: QEMU's default SeaBIOS
  const mac = `52:54:00:${randomBytes(3).toString("hex").match(/../g)!.join(":")}`;
  vm.args = [
    "-name", `corral-test-${firmware},process=corral-test-vm`,
    "-accel", "tcg", "-machine", "q35", "-m", "256", "-smp", "1",
    "-nodefaults", "-no-user-config", "-display", "none",
    ...firmwareArgs,
    "-drive", rootDrive ?? `file=${overlay},if=virtio,format=qcow2`,
    "-drive", `file=${seedIso},if=virtio,format=raw,readonly=on`,
    "-nic", `user,model=virtio-net-pci,mac=${mac}`,
    "-serial", `file:${vm.consolePath}`,
    "-qmp", `unix:${vm.qmpPath},server=on,wait=off`,
    "-daemonize", "-pidfile", join(dir, "qemu.pid"),
  ];
  vm.startedAt = Date.now();
  await run("qemu-system-x86_64", vm.args, { timeoutMs: QEMU_START_TIMEOUT_MS });
  vm.pid = Number(readFileSync(join(dir, "qemu.pid"), "utf8").trim());
  tt.ok(vm.pid > 0 && alive(vm.pid), `QEMU daemonized as pid ${vm.pid}`);
  return vm;
}

async function connectQmp(tt: Test, vm: Vm): Promise<QmpClient> {
  const qmp = await QmpClient.connect(vm.qmpPath);
  tt.teardown(() => qmp.close());
  return qmp;
}

/** Waits for the ready marker and returns seconds from QEMU start to seeing it. */
async function bootToReady(tt: Test, vm: Vm, firmware: Firmware): Promise<{ ip: string; seconds: number }> {
  const m = await waitConsole(vm, new RegExp(`${VM_MARKERS.ready} ip=(\\S+) mac=(\\S+)`));
  const seconds = (Date.now() - vm.startedAt) / 1000;
  tt.comment(`${firmware}: ${VM_MARKERS.ready} ${seconds.toFixed(1)} s after starting QEMU (TCG)`);
  return { ip: m[1]!, seconds };
}

t.test("QMP client: a missing socket fails within the bound", async (tt) => {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  tt.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const started = Date.now();
  await tt.rejects(QmpClient.connect(join(dir, "missing.sock"), { timeoutMs: 300 }), { code: "CORRAL_ERR_TIMEOUT", message: /ENOENT/ });
  const took = Date.now() - started;
  tt.ok(took >= 250 && took < 2_000, `gave up after ${took} ms`);

  // A listener that never greets (another client holds QEMU's monitor): bounded too.
  const path = join(dir, "silent.sock");
  const held: Socket[] = [];
  const server = createServer((s) => held.push(s));
  await new Promise<void>((r) => server.listen(path, r));
  tt.teardown(
    () =>
      new Promise<void>((r) => {
        for (const s of held) s.destroy();
        server.close(() => r());
      }),
  );
  await tt.rejects(QmpClient.connect(path, { timeoutMs: 300 }), { code: "CORRAL_ERR_TIMEOUT", message: /no greeting/ });
});

t.test("QMP client: a command without a reply is bounded; QEMU going away rejects what is pending", async (tt) => {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  tt.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Just enough of QEMU's side: greet, accept qmp_capabilities, then say nothing more.
  const path = join(dir, "fake.sock");
  const peers: Socket[] = [];
  const server = createServer((s) => {
    peers.push(s);
    s.write(JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 }, package: "fake" }, capabilities: [] } }) + "\r\n");
    s.on("data", (d) => {
      for (const line of d.toString().split("\n").filter(Boolean)) {
        const msg = JSON.parse(line) as { execute: string; id: unknown };
        if (msg.execute === "qmp_capabilities") s.write(JSON.stringify({ return: {}, id: msg.id }) + "\r\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  tt.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const qmp = await QmpClient.connect(path, { timeoutMs: 2_000 });
  tt.equal(qmp.greeting.version.package, "fake");
  const started = Date.now();
  await tt.rejects(qmp.execute("query-status", undefined, { timeoutMs: 200 }), { code: "CORRAL_ERR_TIMEOUT" });
  tt.ok(Date.now() - started < 2_000, "the command timeout held");
  const pending = qmp.execute("query-status");
  const event = qmp.waitForEvent("SHUTDOWN", { timeoutMs: 5_000 });
  for (const s of peers) s.destroy();
  await tt.rejects(pending, { code: "CORRAL_ERR_COMMAND_FAILED", message: /closed/ });
  await tt.rejects(event, { message: /closed/ });
  tt.ok(qmp.closed);
  await tt.rejects(qmp.execute("query-status"), { message: /closed/ }, "a closed session refuses at once");
  await qmp.close();
});

t.test("seed ISO: labelled cidata, over-large content refused", async (tt) => {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  tt.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const iso = await buildSeedIso(dir, { metaData: "instance-id: x\n", networkConfig: "version: 2\n" });
  const pvd = await run("xorriso", ["-indev", iso, "-pvd_info"]);
  tt.match(pvd.stdout, new RegExp(`Volume Id\\s*:\\s*${SEED_VOLUME_LABEL}\\b`));
  const ls = await run("xorriso", ["-indev", iso, "-ls", "/"]);
  tt.match(ls.stdout, /'meta-data'[\s\S]*'network-config'[\s\S]*'user-data'/);
  tt.same(readdirSync(dir), ["seed.iso"], "no staging files left");

  const big = "x".repeat(MAX_SEED_CONTENT_BYTES);
  await tt.rejects(buildSeedIso(dir, { metaData: "instance-id: y\n", userData: big }), {
    code: "CORRAL_ERR_INVALID_ARGUMENT",
    field: "cloud_init.user_data",
    message: /limit is 4\.0 MiB/,
  });
});

async function uefiBoot(tt: Test): Promise<void> {
  const vm = await startVm(tt, "uefi", {
    metaData: "instance-id: iid-uefi-1\nlocal-hostname: tiny-uefi\n",
    userData: "#!/bin/sh\necho user-data says hi\nexit 7\n",
    networkConfig: "version: 2\nethernets: {}\n",
    vendorData: "#cloud-config\n{}\n",
  });
  const qmp = await connectQmp(tt, vm);
  const installed = /version (\d+)\./.exec((await run("qemu-system-x86_64", ["--version"])).stdout)![1];
  tt.equal(qmp.greeting.version.qemu.major, Number(installed), `QMP greeting carries QEMU's version (${installed})`);
  tt.match(await qmp.execute("query-status"), { running: true, status: "running" });

  const { ip, seconds } = await bootToReady(tt, vm, "uefi");
  tt.equal(ip, "10.0.2.15", "slirp's DHCP address");
  tt.ok(seconds < BOOT_TIMEOUT_MS / 1000);
  const seed = await waitConsole(vm, new RegExp(`${VM_MARKERS.seed} instance-id=(\\S*) hostname=(\\S*) dev=(\\S+) files=(\\S*)`));
  tt.equal(seed[1], "iid-uefi-1");
  tt.equal(seed[2], "tiny-uefi");
  tt.equal(seed[4], "meta-data,network-config,user-data,vendor-data");
  await waitConsole(vm, /user-data says hi/);
  await waitConsole(vm, new RegExp(`${VM_MARKERS.userData} rc=7`));
  await waitConsole(vm, new RegExp(`${VM_MARKERS.acpid} running`));
  await waitConsole(vm, new RegExp(VM_MARKERS.done));

  const err = await qmp.execute("no-such-command").catch((e: unknown) => e);
  tt.ok(err instanceof QmpCommandError, "an unknown command rejects");
  tt.match(err, { errorClass: "CommandNotFound", command: "no-such-command", code: "CORRAL_ERR_COMMAND_FAILED" });
  tt.match(await qmp.execute("query-status"), { running: true }, "the session survives an error reply");

  const seen: string[] = [];
  qmp.onEvent((ev) => seen.push(ev.event));
  const stopped = qmp.waitForEvent("STOP", { timeoutMs: 10_000 });
  await qmp.execute("stop");
  await stopped;
  tt.match(await qmp.execute("query-status"), { running: false, status: "paused" });
  const resumed = qmp.waitForEvent("RESUME", { timeoutMs: 10_000 });
  await qmp.execute("cont");
  await resumed;

  const powerdown = qmp.waitForEvent("POWERDOWN", { timeoutMs: 10_000 });
  const shutdown = qmp.waitForEvent("SHUTDOWN", { timeoutMs: POWEROFF_TIMEOUT_MS });
  const pressed = Date.now();
  await qmp.execute("system_powerdown");
  await powerdown;
  const ev: QmpEvent = await shutdown;
  tt.match(ev.data, { guest: true, reason: "guest-shutdown" }, "the guest powered itself off");
  await waitExit(vm, POWEROFF_TIMEOUT_MS);
  tt.comment(`uefi: QEMU exited ${((Date.now() - pressed) / 1000).toFixed(1)} s after system_powerdown`);
  tt.match(consoleText(vm), new RegExp(`${VM_MARKERS.powerButton}[\\s\\S]*${VM_MARKERS.shutdown}`));
  tt.same(seen.slice(0, 4), ["STOP", "RESUME", "POWERDOWN", "SHUTDOWN"]);
  tt.ok(qmp.closed || (await new Promise((r) => qmp.onClose(() => r(true)))), "the QMP session ends with QEMU");
}

async function ignoredPowerButton(tt: Test): Promise<void> {
  const vm = await startVm(tt, "uefi", { metaData: `instance-id: iid-ignore\n${IGNORE_POWER_BUTTON_META_KEY}: true\n` });
  const qmp = await connectQmp(tt, vm);
  await waitConsole(vm, new RegExp(`${VM_MARKERS.acpid} ignored`));
  await waitConsole(vm, new RegExp(VM_MARKERS.done));

  const powerdown = qmp.waitForEvent("POWERDOWN", { timeoutMs: 10_000 });
  const shutdown = qmp.waitForEvent("SHUTDOWN", { timeoutMs: IGNORE_WINDOW_MS }).then(
    () => true,
    () => false,
  );
  await qmp.execute("system_powerdown");
  await powerdown;
  tt.equal(await shutdown, false, `no SHUTDOWN within ${IGNORE_WINDOW_MS} ms`);
  tt.ok(alive(vm.pid), "QEMU still runs");
  tt.match(await qmp.execute("query-status"), { running: true });

  const quit = qmp.waitForEvent("SHUTDOWN", { timeoutMs: EXIT_TIMEOUT_MS });
  await qmp.execute("quit");
  tt.match((await quit).data, { guest: false, reason: "host-qmp-quit" });
  await waitExit(vm, EXIT_TIMEOUT_MS);
  tt.notMatch(consoleText(vm), new RegExp(VM_MARKERS.powerButton));
}

async function biosBoot(tt: Test): Promise<void> {
  const vm = await startVm(tt, "bios", { metaData: "instance-id: iid-bios-1\n" });
  const qmp = await connectQmp(tt, vm);
  const { ip } = await bootToReady(tt, vm, "bios");
  tt.equal(ip, "10.0.2.15");
  await waitConsole(vm, new RegExp(`${VM_MARKERS.seed} instance-id=iid-bios-1 `));
  await waitConsole(vm, new RegExp(VM_MARKERS.done));
  const shutdown = qmp.waitForEvent("SHUTDOWN", { timeoutMs: POWEROFF_TIMEOUT_MS });
  await qmp.execute("system_powerdown");
  tt.match((await shutdown).data, { guest: true, reason: "guest-shutdown" });
  await waitExit(vm, POWEROFF_TIMEOUT_MS);
}

// An lvm pool's VM root disk: the image's disk converted raw onto a block device (the lvm driver's
// own qemu-img argv; a loop device stands in for the thin LV: no device-mapper here), opened raw.
async function rawBlockDeviceBoot(tt: Test): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-lv-`));
  const backing = join(dir, "lv");
  tt.teardown(async () => {
    await detachLoopsFor(backing);
    rmSync(dir, { recursive: true, force: true });
  });
  const [infoTool, ...infoArgs] = lvmArgs.diskInfo(image.rootfsPath, "qcow2");
  const size = (JSON.parse((await run(infoTool!, infoArgs)).stdout) as { "virtual-size": number })["virtual-size"];
  writeFileSync(backing, "");
  truncateSync(backing, size);
  const dev = await attachLoop(backing);
  const [tool, ...convert] = lvmArgs.diskToRaw(image.rootfsPath, "qcow2", dev, true);
  await run(tool!, convert, { timeoutMs: QEMU_START_TIMEOUT_MS });
  const vm = await startVm(tt, "bios", { metaData: "instance-id: iid-raw-1\n" }, `file=${dev},if=virtio,format=raw`);
  tt.equal((await bootToReady(tt, vm, "bios")).ip, "10.0.2.15");
  await waitConsole(vm, new RegExp(`${VM_MARKERS.seed} instance-id=iid-raw-1 `));
  process.kill(vm.pid, "SIGKILL");
  await waitExit(vm, EXIT_TIMEOUT_MS);
}

// Each boot has its own QEMU, overlay, seed and user-mode network, so they run side by side: a
// one-vCPU guest keeps one host CPU busy, and the waits (power button, exits) overlap.
t.test("boots", { jobs: 4 }, async (t) => {
  t.test("UEFI boot: DHCP, seed, QMP status and events, ACPI power-off", uefiBoot);
  t.test("a guest that ignores the power button keeps running until quit", ignoredPowerButton);
  t.test("legacy BIOS (SeaBIOS) boot of the same disk", biosBoot);
  t.test("SeaBIOS boot from the image's disk converted raw onto a block device (a VM root disk on an lvm pool)", rawBlockDeviceBoot);
});

// The cache must never be written through: overlays only read it.
t.test("the cached image is untouched by the boots", async (tt) => {
  const check = await run("qemu-img", ["check", "-q", image.rootfsPath]).then(
    () => true,
    () => false,
  );
  tt.ok(check, "qemu-img check passes on the cached rootfs.img");
  tt.equal(await sha256Files(image.metaPath, image.rootfsPath), image.fingerprint);
});
