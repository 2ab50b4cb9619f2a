// One-shot host tools (cp, tar, unsquashfs, btrfs, …) outlive an agent that is killed: they are
// not in a container and nothing reaps them. A copy still running after a crash would write a
// root disk back after reconciliation removed it, so the next agent stops them first.
import { readdir, readFile } from "node:fs/promises";
import { basename } from "node:path";
import { log } from "../util/log";

/** Tools the agent runs that work on files under its data dir and must not outlive it. */
const HELPERS = new Set(["cp", "tar", "unsquashfs", "btrfs", "mkfs.btrfs", "rm", "du", "gzip", "xz", "zstd", "bzip2"]);
/** How long a killed helper may take to disappear before reconciliation goes on anyway. */
const EXIT_WAIT_MS = 5_000;

/** Kills helper processes whose command line names dataDir; returns how many there were. */
export async function killOrphanHelpers(dataDir: string): Promise<number> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const argv = await readFile(`/proc/${entry}/cmdline`, "utf8").then((s) => s.split("\0").filter(Boolean), () => [] as string[]);
    if (argv.length && HELPERS.has(basename(argv[0]!)) && argv.some((a) => a.startsWith(dataDir + "/"))) pids.push(Number(entry));
  }
  for (const pid of pids) {
    log("warn", "stopping a helper left by a previous agent", { pid });
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + EXIT_WAIT_MS;
  for (const pid of pids) {
    while (Date.now() < deadline && (await readFile(`/proc/${pid}/stat`, "utf8").then((s) => !/\) Z /.test(s), () => false))) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return pids.length;
}
