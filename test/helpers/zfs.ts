// zfs test hygiene shared by the tests that make zpools: every zpool a test makes is destroyed,
// even on failure, and zfs-fuse is stopped again when the test found it stopped.
import type { Test } from "tap";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { daemonPid, ensureDaemon, ZFS_FUSE_PIDFILE } from "../../agent/storage/drivers/zfs/cli";
import { eventually, type TestAgent } from "./agent";

/** zfs-fuse stops within ~4 s of SIGTERM (it unmounts every dataset first). */
export const DAEMON_STOP_TIMEOUT_MS = 30_000;
/** How long a leftover zpool may stay busy after its containers were killed. */
const POOL_BUSY_TIMEOUT_MS = 10_000;

export const zpools = async (): Promise<string[]> =>
  (await run("zpool", ["list", "-H", "-o", "name"], { okCodes: [0, 1] })).stdout.split("\n").filter(Boolean);

/** Stops zfs-fuse (SIGTERM: it unmounts its datasets first) and waits until it is gone. */
export async function stopDaemon(): Promise<void> {
  const pid = await daemonPid();
  if (pid === undefined) return;
  process.kill(pid, "SIGTERM");
  await eventually("zfs-fuse to exit", async () => ((await daemonPid()) === undefined ? true : undefined), DAEMON_STOP_TIMEOUT_MS, 100);
  // As Debian's init script does after a stop: a stale pid file would keep the next start from running.
  rmSync(ZFS_FUSE_PIDFILE, { force: true });
}

// What the host had before this file ran: only zpools made here are destroyed, and a daemon found
// stopped is stopped again.
let host: { daemonWasRunning: boolean; before: string[] } | undefined;
/** Every zpool this test makes (the agents', the driver's, its own "existing" ones), named before it is made. */
export const made = new Set<string>();

/** Destroys the zpools made here (zfs-fuse unmounts their datasets itself). */
async function destroyOurPools(): Promise<void> {
  for (const p of await zpools()) {
    if (host!.before.includes(p) || !made.has(p)) continue;
    // A just-killed container's monitor can hold a mount for a moment: "pool is busy" is retried.
    await eventually(`zpool ${p} destroyed`, async () => (await run("zpool", ["destroy", "-f", p]), true), POOL_BUSY_TIMEOUT_MS, 200)
      .catch((e) => process.stderr.write(`could not destroy leftover zpool ${p}: ${(e as Error).message}\n`));
  }
}

/** Registers the last cleanup of a subtest (call it first, so it runs last): leftover zpools of
 * this test are destroyed, zfs-fuse started again for that if it died (they wait in its cache),
 * and stopped when the test found it stopped. */
export async function zfsHygiene(t: Test): Promise<void> {
  host ??= { daemonWasRunning: existsSync("/dev/zfs") || (await daemonPid()) !== undefined, before: [] };
  if (host.daemonWasRunning && !host.before.length) host.before = await zpools();
  const h = host;
  t.teardown(async () => {
    if (!existsSync("/dev/zfs") && (await daemonPid()) === undefined) {
      if (!existsSync(ZFS_FUSE_PIDFILE)) return; // stopped cleanly by stopDaemon: nothing imported
      await ensureDaemon();
    }
    await destroyOurPools();
    if (!h.daemonWasRunning && (await zpools()).length === 0) await stopDaemon();
  });
}

/** Registered after startAgent, so it runs before the agent's own cleanup, which detaches mounts
 * lazily (zfs-fuse does not survive its mounts vanishing under it): the agent and its containers
 * stop, then this test's zpools are destroyed while their mounts are still whole. */
export function releasePoolsFirst(t: Test, a: TestAgent): void {
  t.teardown(async () => {
    if (a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9();
    const lxcPath = join(a.dataDir, "lxc");
    for (const name of existsSync(lxcPath) ? readdirSync(lxcPath) : []) {
      await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "lxc-stop", "-k", "-n", name, "-P", lxcPath], { okCodes: [0, 1, 2] }).catch(() => undefined);
    }
    if (existsSync("/dev/zfs") || (await daemonPid()) !== undefined) await destroyOurPools();
  });
}
