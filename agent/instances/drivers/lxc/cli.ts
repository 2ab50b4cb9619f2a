// Thin wrappers building argument arrays for Debian's LXC 5 tools (lxc-start, lxc-stop, lxc-info,
// lxc-freeze, lxc-unfreeze, lxc-attach) and nsenter. No logic beyond the arguments and parsing.
import { spawn, type ChildProcess } from "node:child_process";
import { run, type RunResult } from "../../../host/run";

export interface LxcTarget {
  name: string;
  lxcPath: string;
}

/** lxc-start -d returns once the container is RUNNING (or failed); a busybox guest needs ~20 ms. */
export const LXC_INFO_TIMEOUT_MS = 5_000; // answered by the monitor over a unix socket; hangs only if it is wedged
export const LXC_FREEZE_TIMEOUT_MS = 30_000; // the freezer waits for every task to reach the fridge
/** Margin on top of lxc-stop -t so a clean stop that ends in a kill still returns before our timeout. */
export const LXC_STOP_MARGIN_MS = 5_000;
export const NSENTER_TIMEOUT_MS = 5_000; // `ip -j addr` in a namespace answers in a few ms

export const BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const common = (t: LxcTarget): string[] => ["-n", t.name, "-P", t.lxcPath];

/** Starts the container daemonized, so it keeps running when the agent exits. */
export function lxcStart(t: LxcTarget, timeoutMs: number): Promise<RunResult> {
  return run("lxc-start", [...common(t), "-d"], { timeoutMs, cleanEnv: true });
}

/** lxc-stop exits 2 when the container was not running; that counts as stopped. */
export const LXC_STOP_NOT_RUNNING = 2;

/** Stops the container: kill at once, or halt signal then kill after timeoutSec. */
export function lxcStop(t: LxcTarget, opts: { kill: true } | { kill: false; timeoutSec: number }): Promise<RunResult> {
  const args = opts.kill ? ["-k"] : ["-t", String(opts.timeoutSec)];
  const timeoutMs = opts.kill ? LXC_INFO_TIMEOUT_MS + LXC_STOP_MARGIN_MS : opts.timeoutSec * 1000 + LXC_STOP_MARGIN_MS;
  return run("lxc-stop", [...common(t), ...args], { timeoutMs, cleanEnv: true, okCodes: [LXC_STOP_NOT_RUNNING] });
}

export function lxcFreeze(t: LxcTarget): Promise<RunResult> {
  return run("lxc-freeze", common(t), { timeoutMs: LXC_FREEZE_TIMEOUT_MS, cleanEnv: true });
}

export function lxcUnfreeze(t: LxcTarget): Promise<RunResult> {
  return run("lxc-unfreeze", common(t), { timeoutMs: LXC_FREEZE_TIMEOUT_MS, cleanEnv: true });
}

export type LxcState = "STOPPED" | "STARTING" | "RUNNING" | "STOPPING" | "ABORTING" | "FREEZING" | "FROZEN" | "THAWED";

/** State and init pid in one lxc-info call (pid 0 when not running). */
export async function lxcInfo(t: LxcTarget): Promise<{ state: LxcState; pid: number }> {
  const r = await run("lxc-info", [...common(t), "-s", "-p"], { timeoutMs: LXC_INFO_TIMEOUT_MS, cleanEnv: true });
  return parseLxcInfo(r.stdout);
}

/** Parses `lxc-info -s -p` ("State: RUNNING\nPID: 123", labels present with several options). */
export function parseLxcInfo(text: string): { state: LxcState; pid: number } {
  const state = /^State:\s+(\S+)/m.exec(text)?.[1] ?? "STOPPED";
  const pid = Number(/^PID:\s+(\d+)/m.exec(text)?.[1] ?? 0);
  return { state: state as LxcState, pid };
}

/** `ip -j addr` inside the network namespace of pid, with the host's ip (the guest may lack one). */
export async function ipAddrInNetns(pid: number): Promise<string> {
  const r = await run("nsenter", ["-t", String(pid), "-n", "ip", "-j", "addr"], { timeoutMs: NSENTER_TIMEOUT_MS, cleanEnv: true });
  return r.stdout;
}

export interface AttachOptions {
  command: string[];
  env: Record<string, string>;
  cwd?: string;
  uid?: number;
  gid?: number;
}

/** Arguments for lxc-attach with a clean environment; cwd goes through the guest's /bin/sh. */
export function attachArgs(t: LxcTarget, o: AttachOptions): string[] {
  const args = [...common(t), "--clear-env"];
  for (const [k, v] of Object.entries(o.env)) args.push("-v", `${k}=${v}`);
  if (o.uid !== undefined) args.push("--uid", String(o.uid));
  if (o.gid !== undefined) args.push("--gid", String(o.gid));
  args.push("--");
  // lxc-attach has no working-directory option: the guest shell changes into it, then execs the
  // command unchanged (cwd and argv travel as positional parameters, never as shell text).
  if (o.cwd !== undefined) args.push("/bin/sh", "-c", 'cd -- "$1" || exit 126; shift; exec "$@"', "corral-exec", o.cwd);
  args.push(...o.command);
  return args;
}

/** Spawns lxc-attach on a pseudo-terminal (node-pty, loaded on first use): lxc-attach then gives
 * the command a terminal inside the container too. */
export function spawnAttachTty(t: LxcTarget, o: AttachOptions, size: { width: number; height: number }): import("node-pty").IPty {
  const pty = require("node-pty") as typeof import("node-pty");
  return pty.spawn("lxc-attach", attachArgs(t, o), {
    name: "xterm-256color", cols: size.width || 80, rows: size.height || 24, cwd: "/", env: { PATH: BASE_PATH, LC_ALL: "C" },
  });
}

/** lxc-console on a terminal, attached to the container's /dev/console (tty 0). */
export function spawnConsole(t: LxcTarget): import("node-pty").IPty {
  const pty = require("node-pty") as typeof import("node-pty");
  return pty.spawn("lxc-console", [...common(t), "-t", "0"], { name: "xterm-256color", cols: 80, rows: 24, cwd: "/", env: { PATH: BASE_PATH, LC_ALL: "C" } });
}

/** Spawns lxc-attach with pipes; its own cwd is "/" so the guest starts in / (lxc-attach keeps ours when it exists inside). */
export function spawnAttach(t: LxcTarget, o: AttachOptions): ChildProcess {
  return spawn("lxc-attach", attachArgs(t, o), {
    cwd: "/",
    env: { PATH: BASE_PATH, LC_ALL: "C" },
    stdio: ["pipe", "pipe", "pipe"],
  });
}
