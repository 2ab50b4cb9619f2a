// Host clean-up shared by the bench sides: daemons we spawned, mounts and loop devices under our
// temp dirs, the dirs themselves. Only touches what the bench itself created.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { run } from "../agent/host/run";
import { sleep } from "./stats";

/** Starts a daemon in its own process group with stdout+stderr to `logPath`; why: Ctrl-C on the bench must not kill it before clean-up. */
export function spawnDaemon(cmd: string, args: string[], env: Record<string, string>, logPath: string): ChildProcess {
  const fd = openSync(logPath, "a");
  try {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, detached: true, stdio: ["ignore", fd, fd] });
    child.on("error", () => {});
    return child;
  } finally {
    closeSync(fd);
  }
}

/** Whether the child has exited. */
export const exited = (p: ChildProcess): boolean => p.exitCode !== null || p.signalCode !== null;

/** Waits up to `ms` for the child to exit; true when it did. */
export async function waitExit(p: ChildProcess, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!exited(p) && Date.now() < deadline) await sleep(50);
  return exited(p);
}

/** Stops a daemon we spawned: SIGTERM to its group, then SIGKILL after `graceMs`. */
export async function stopDaemon(p: ChildProcess, graceMs = 15_000): Promise<void> {
  if (exited(p) || p.pid === undefined) return;
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-p.pid!, sig);
    } catch {
      /* group already gone */
    }
  };
  kill("SIGTERM");
  if (await waitExit(p, graceMs)) return;
  kill("SIGKILL");
  await waitExit(p, 5_000);
}

/** Mount points at or below `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const mounts = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((m): m is string => !!m && (m === dir || m.startsWith(dir + "/")));
  return [...new Set(mounts)].sort().reverse();
}

/** Unmounts everything below `dir`, detaches loop devices backed there, and removes it. */
export async function removeTree(dir: string): Promise<void> {
  for (const m of mountsUnder(dir)) await run("umount", ["-l", m]).catch(() => {});
  const loops = await run("losetup", ["-J", "-l"])
    .then((r) => (r.stdout.trim() ? (JSON.parse(r.stdout).loopdevices as { name: string; "back-file": string | null }[]) : []))
    .catch(() => []);
  for (const l of loops) if (l["back-file"]?.startsWith(dir + "/")) await run("losetup", ["-d", l.name]).catch(() => {});
  for (let i = 0; i < 5; i++) {
    try {
      rmSync(dir, { recursive: true, force: true });
      return;
    } catch {
      await sleep(300);
    }
  }
  process.stderr.write(`bench: could not remove ${dir}\n`);
}

/** Names of the nftables tables in the host namespace ("family name"). */
export async function nftTables(): Promise<Set<string>> {
  const r = await run("nft", ["list", "tables"]).catch(() => ({ stdout: "" }));
  return new Set(r.stdout.split("\n").map((l) => l.replace(/^table\s+/, "").trim()).filter(Boolean));
}

/** Pids whose command line contains `needle` (for processes a daemon left behind). */
export function pidsWithCmdline(needle: string): number[] {
  const out: number[] = [];
  for (const ent of readdirSafe("/proc")) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      if (readFileSync(`/proc/${ent}/cmdline`, "utf8").split("\0").join(" ").includes(needle)) out.push(Number(ent));
    } catch {
      /* gone */
    }
  }
  return out;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
