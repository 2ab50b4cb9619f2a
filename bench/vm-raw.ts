// The baseline of vm_boot: a raw qemu-system-x86_64 started by the bench itself, booting the same
// virtual hardware as corrald's QEMU driver builds (q35, TCG, same memory and vCPUs, OVMF with a
// copy of its VARS, the image's qcow2 as a virtio disk, a virtio NIC without option ROM on a tap
// of the agent's bridge, virtio-serial and virtio-rng), with the serial console going to a file
// that the bench polls for the guest's marker. No daemonizing, no -S/QMP, no privilege drop or
// seccomp: what a person would type. Disk copy, VARS copy and the tap are made before the clock
// starts (the agent's disk is a ready-made spare too), so the figure is QEMU + guest only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { run } from "../agent/host/run";
import { sleep } from "./stats";

/** OVMF as the agent's QEMU driver uses it (Debian's ovmf package, 4M build). */
export const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd";
export const OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd";
/** After SIGKILL QEMU is gone within milliseconds; a loaded host gets slack. */
const QEMU_EXIT_TIMEOUT_MS = 10_000;

export interface VmShape {
  memoryMiB: number;
  cpus: number;
}

export interface BootSample {
  /** Start of the clock to the marker seen by the poller. */
  totalMs: number;
  /** Guest uptime printed with each marker (seconds since the guest kernel started). */
  uptime: { init?: number; done?: number };
  /** QEMU's CPU time (user+system) up to the marker. */
  qemuCpuMs: number;
  /** The bench process's own CPU time during the sample (its polling). */
  benchCpuMs: number;
  /** Polls made until the marker was seen, and the median time one took. */
  polls: number;
  pollMs: number[];
}

/** Raw QEMU processes still running (killed by the suite's clean-up). */
export const rawChildren = new Set<ChildProcess>();

/** `uptime=` of the line holding `marker`, in seconds. */
export function markerUptime(text: string, marker: string): number | undefined {
  const line = text.split(/\r?\n/).find((l) => l.includes(marker));
  const m = line && /uptime=([\d.]+)/.exec(line);
  return m ? Number(m[1]) : undefined;
}

/** user+system CPU of a process in ms (0 when gone); why: shows whether both guests did the same work. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * 10; // utime, stime in 100 Hz ticks
  } catch {
    return 0;
  }
}

/** CPU time of this process since `from`, in ms. */
export function benchCpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** Boots the image once with a raw QEMU in the agent's netns, on a tap of its bridge; always cleans up. */
export async function rawBoot(opts: {
  work: string;
  rootfs: string;
  netns: string;
  bridge: string;
  shape: VmShape;
  markers: { init: string; done: string };
  pollMs: number;
  timeoutMs: number;
}): Promise<BootSample> {
  const id = randomBytes(3).toString("hex");
  const dir = join(opts.work, `raw-${id}`);
  mkdirSync(dir, { recursive: true });
  const disk = join(dir, "rootfs.img");
  const vars = join(dir, "OVMF_VARS.fd");
  const serial = join(dir, "console.log");
  const tap = `crbt${id}`;
  const mac = `52:54:00:${randomBytes(3).toString("hex").match(/../g)!.join(":")}`;
  copyFileSync(opts.rootfs, disk);
  copyFileSync(OVMF_VARS, vars);
  let child: ChildProcess | undefined;
  let tapMade = false;
  try {
    // A persistent tap on the bridge, up: QEMU opens it by name, nothing is left to do once it runs.
    await run("ip", ["-n", opts.netns, "tuntap", "add", "dev", tap, "mode", "tap"]);
    tapMade = true;
    await run("ip", ["-n", opts.netns, "link", "set", "dev", tap, "master", opts.bridge, "up"]);
    const args = [
      "-machine", "q35",
      "-accel", "tcg,thread=multi",
      "-m", `${opts.shape.memoryMiB}M`,
      "-smp", String(opts.shape.cpus),
      "-nodefaults", "-no-user-config", "-display", "none", "-vga", "none",
      "-serial", `file:${serial}`,
      "-device", "virtio-serial-pci,id=vserial",
      "-device", "virtio-rng-pci",
      "-drive", `file=${disk},if=none,id=root,format=qcow2,discard=unmap`,
      "-device", "virtio-blk-pci,drive=root,bootindex=0",
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${vars}`,
      "-netdev", `tap,id=net0,ifname=${tap},script=no,downscript=no`,
      "-device", `virtio-net-pci,netdev=net0,mac=${mac},romfile=`,
    ];
    let stderr = "";
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // nsenter execs QEMU: the child's pid is QEMU itself.
    child = spawn("nsenter", [`--net=/run/netns/${opts.netns}`, "--", "qemu-system-x86_64", ...args], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    rawChildren.add(child);
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", () => {});
    const pollMs: number[] = [];
    for (;;) {
      const p0 = performance.now();
      let text = "";
      try {
        text = readFileSync(serial, "latin1");
      } catch {
        /* QEMU has not created it yet */
      }
      pollMs.push(performance.now() - p0);
      if (text.includes(opts.markers.done)) {
        const totalMs = performance.now() - t0;
        return {
          totalMs,
          uptime: { init: markerUptime(text, opts.markers.init), done: markerUptime(text, opts.markers.done) },
          qemuCpuMs: cpuMs(child.pid),
          benchCpuMs: benchCpuSince(cpu0),
          polls: pollMs.length,
          pollMs,
        };
      }
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`raw QEMU exited (${child.exitCode ?? child.signalCode}) before ${opts.markers.done}: ${stderr.trim().slice(-1000)}`);
      if (performance.now() - t0 > opts.timeoutMs) throw new Error(`raw QEMU: no ${opts.markers.done} on the serial after ${opts.timeoutMs} ms`);
      await sleep(opts.pollMs);
    }
  } finally {
    if (child) await killChild(child);
    if (tapMade) await run("ip", ["-n", opts.netns, "link", "delete", "dev", tap]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SIGKILL and wait (bounded) for the exit; why: the next sample must not share the CPUs with it. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGKILL");
    await Promise.race([gone, sleep(QEMU_EXIT_TIMEOUT_MS)]);
  }
  rawChildren.delete(child);
}
