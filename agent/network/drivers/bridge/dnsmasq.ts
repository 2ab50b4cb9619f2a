// One dnsmasq per bridge. It runs detached (own session, output to a log file in runDir) so it
// survives an agent restart; a restarted agent adopts it by matching /proc/PID/cmdline against
// the command line it would start. A per-network supervisor timer restarts it if it dies.
// Also: the static-lease hosts file and the lease file parser.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { CommandError } from "../../../host/run";
import { capability } from "../../../errors";
import { debug, log } from "../../../util/log";
import type { Lease, StaticLease } from "../../driver";
import { DNSMASQ, type BridgeFiles } from "./cli";

const dlog = debug("dnsmasq");

/** dnsmasq binds its sockets and reads its files in milliseconds; this only bounds a hung start. */
export const DNSMASQ_START_TIMEOUT_MS = 10_000;
/** SIGTERM is handled at once; after this we SIGKILL. */
export const DNSMASQ_STOP_TIMEOUT_MS = 5_000;
/** How often the supervisor checks that each network's dnsmasq is alive. */
export const SUPERVISE_INTERVAL_MS = 2_000;
const POLL_MS = 25;

/** What to run for one network: the full argument list identifies the process. */
export interface DnsmasqTarget {
  name: string;
  files: BridgeFiles;
  args: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails early with a capability error when dnsmasq is not installed. */
export function requireDnsmasq(): void {
  if (!existsSync(DNSMASQ)) throw capability("managed bridge networks (DHCP/DNS)", `${DNSMASQ} is missing: install the dnsmasq-base package`);
}

/** argv of a live process (empty for zombies and exited processes). */
export function readCmdline(pid: number): string[] {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!raw) return [];
    return raw.replace(/\0$/, "").split("\0");
  } catch {
    return [];
  }
}

const sameArgv = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Every dnsmasq started for this network's files (any command line), found by scanning /proc. */
export function findDnsmasqPids(files: BridgeFiles): number[] {
  const marker = `--dhcp-leasefile=${files.leases}`;
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = readCmdline(Number(entry));
    if (argv[0] === DNSMASQ && argv.includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

function readPidFile(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of this network's dnsmasq when it runs with exactly the wanted command line. */
export function runningDnsmasq(target: DnsmasqTarget): number | undefined {
  const want = [DNSMASQ, ...target.args];
  const hinted = readPidFile(target.files.pid);
  if (hinted !== undefined && sameArgv(readCmdline(hinted), want)) return hinted;
  return findDnsmasqPids(target.files).find((p) => sameArgv(readCmdline(p), want));
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readCmdline(pid).length === 0) return true;
    await sleep(POLL_MS);
  }
  return readCmdline(pid).length === 0;
}

/** Stops every dnsmasq of this network (TERM, then KILL) and removes the pid file. Idempotent. */
export async function stopDnsmasq(files: BridgeFiles): Promise<void> {
  for (const pid of findDnsmasqPids(files)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      continue;
    }
    if (!(await waitGone(pid, DNSMASQ_STOP_TIMEOUT_MS))) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      await waitGone(pid, DNSMASQ_STOP_TIMEOUT_MS);
    }
  }
  await rm(files.pid, { force: true });
}

/** Starts dnsmasq detached and waits until it reports it is serving; throws with its log on failure. */
export async function startDnsmasq(target: DnsmasqTarget): Promise<number> {
  requireDnsmasq();
  const { files } = target;
  if (!existsSync(files.hosts)) await writeFile(files.hosts, "", { mode: 0o644 });
  const logOffset = await stat(files.log).then((s) => s.size, () => 0);
  const logFh = await open(files.log, "a", 0o640);
  let exited: { code: number | null; signal: string | null } | undefined;
  let spawnError: Error | undefined;
  let pid: number | undefined;
  try {
    const child = spawn(DNSMASQ, target.args, {
      detached: true,
      stdio: ["ignore", logFh.fd, logFh.fd],
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
    });
    child.on("error", (e) => (spawnError = e));
    child.on("exit", (code, signal) => (exited = { code, signal }));
    child.unref();
    pid = child.pid;
  } finally {
    await logFh.close();
  }
  const argv = [DNSMASQ, ...target.args];
  const deadline = Date.now() + DNSMASQ_START_TIMEOUT_MS;
  const newLog = async () => (await readFile(files.log)).subarray(logOffset).toString();
  for (;;) {
    if (spawnError) throw new CommandError(argv, null, "", spawnError.message);
    // Look for the exit before reading the log: dnsmasq writes its error and then exits, so a log
    // read first could miss the line that says why.
    const gone = exited !== undefined || (pid !== undefined && readCmdline(pid).length === 0);
    const out = await newLog();
    if (gone) throw new CommandError(argv, exited?.code ?? null, out, exited?.signal ? `killed by ${exited.signal}` : undefined);
    if (pid !== undefined && /started, version/.test(out) && !/FAILED to start up/.test(out)) break;
    if (Date.now() > deadline) {
      if (pid !== undefined) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
      throw new CommandError(argv, null, out, `did not start within ${DNSMASQ_START_TIMEOUT_MS} ms`);
    }
    await sleep(POLL_MS);
  }
  await writeFile(files.pid, `${pid}\n`);
  dlog("started dnsmasq for %s: pid %d", target.name, pid);
  return pid!;
}

/** Makes sure exactly the wanted dnsmasq runs: adopts a matching one, replaces a stale one. */
export async function ensureDnsmasq(target: DnsmasqTarget): Promise<{ pid: number; started: boolean }> {
  const pid = runningDnsmasq(target);
  if (pid !== undefined) {
    await writeFile(target.files.pid, `${pid}\n`);
    // A second copy (e.g. an older command line) would fight over the lease file.
    for (const other of findDnsmasqPids(target.files)) if (other !== pid) await killOne(other);
    return { pid, started: false };
  }
  await stopDnsmasq(target.files);
  return { pid: await startDnsmasq(target), started: true };
}

async function killOne(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  await waitGone(pid, DNSMASQ_STOP_TIMEOUT_MS);
}

/** Asks the running dnsmasq to re-read the hosts file (static leases). */
export function reloadDnsmasq(target: DnsmasqTarget): boolean {
  const pid = runningDnsmasq(target);
  if (pid === undefined) return false;
  process.kill(pid, "SIGHUP");
  return true;
}

// ---- supervision -------------------------------------------------------------------------------

const supervisors = new Map<string, { timer: NodeJS.Timeout; busy: boolean }>();

/** Starts (or replaces) the supervisor of a network: `check` runs every few seconds, never overlapping. */
export function superviseDnsmasq(name: string, check: () => Promise<void>): void {
  stopSupervising(name);
  const state = { timer: undefined as unknown as NodeJS.Timeout, busy: false };
  state.timer = setInterval(() => {
    if (state.busy) return;
    state.busy = true;
    check()
      .catch((e) => log("warn", `dnsmasq supervisor for network ${name} failed`, { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => (state.busy = false));
  }, SUPERVISE_INTERVAL_MS);
  state.timer.unref();
  supervisors.set(name, state);
}

/** Stops a network's supervisor; dnsmasq itself keeps running. */
export function stopSupervising(name: string): void {
  const s = supervisors.get(name);
  if (s) clearInterval(s.timer);
  supervisors.delete(name);
}

// ---- files -------------------------------------------------------------------------------------

/** Writes the `--dhcp-hostsfile` atomically: `MAC,IP,hostname` (or `MAC,hostname`) per line. */
export async function writeHostsFile(path: string, leases: StaticLease[]): Promise<void> {
  const body = leases.map((l) => [l.hwaddr.toLowerCase(), ...(l.ipv4 ? [l.ipv4] : []), l.hostname].join(",")).join("\n");
  const tmp = `${path}.tmp`;
  await writeFile(tmp, body ? body + "\n" : "", { mode: 0o644 });
  await rename(tmp, path);
}

/** Static entries back from the hosts file. */
export function parseHostsFile(text: string): StaticLease[] {
  const out: StaticLease[] = [];
  for (const line of text.split("\n")) {
    const parts = line.trim().split(",");
    if (parts.length < 2 || !parts[0]) continue;
    if (parts.length >= 3) out.push({ hwaddr: parts[0], ipv4: parts[1], hostname: parts[2]! });
    else out.push({ hwaddr: parts[0], hostname: parts[1]! });
  }
  return out;
}

/** dnsmasq's lease file: `expiry MAC IP hostname clientid` (expiry 0 = infinite, hostname * = none). */
export function parseLeaseFile(text: string): Lease[] {
  const out: Lease[] = [];
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d+$/.test(f[0]!) || !f[2]!.includes(".")) continue; // IPv4 leases only
    const expiry = Number(f[0]);
    out.push({
      hwaddr: f[1]!.toLowerCase(),
      address: f[2]!,
      hostname: f[3] === "*" ? "" : f[3]!,
      type: "dynamic",
      ...(expiry > 0 ? { expiresAt: expiry * 1000 } : {}),
    });
  }
  return out;
}

/** Removes a MAC's lines from the lease file (only while dnsmasq is stopped: it keeps leases in memory). */
export async function dropFromLeaseFile(path: string, hwaddr: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return;
  }
  const mac = hwaddr.toLowerCase();
  const kept = text.split("\n").filter((l) => l.trim() && l.trim().split(/\s+/)[1]?.toLowerCase() !== mac);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, kept.length ? kept.join("\n") + "\n" : "");
  await rename(tmp, path);
}
