// Scheduled snapshots and their expiry, honoured by a real agent (run in this process so a test
// clock can be handed to it) on a dir pool with real containers: snapshots appear at the scheduled
// minutes named by the pattern, stopped instances only with snapshots.schedule.stopped, expired
// ones are deleted from the host, expiry survives an agent restart, and stop leaves no timer.
// The containers are never started, so no network namespace is needed.
import t from "tap";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "../../agent/daemon/agent";
import { connect, type CorralClient } from "../../agent/client";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL } from "../helpers/agent";
import { TestClock } from "../helpers/clock";

const at = (hhmm: string) => Date.parse(`2026-12-04T${hhmm}Z`);

t.test("snapshots.schedule and snapshots.expiry with an injected clock", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-sched-"));
  chmodSync(work, 0o711); // unprivileged containers' root must traverse to their rootfs
  const dataDir = join(work, "data");
  const clock = new TestClock(at("10:00:30"));
  let agent: Agent | undefined;
  let client: CorralClient | undefined;
  const startAgent = async () => {
    agent = await Agent.start({ dataDir, clock });
    client = connect({ endpoint: `unix://${agent.socketPath}` });
  };
  const stopAgent = async () => {
    client?.close();
    await agent?.stop();
    agent = undefined;
  };
  t.teardown(async () => {
    await stopAgent();
    for (const name of existsSync(join(dataDir, "lxc")) ? readdirSync(join(dataDir, "lxc")) : []) {
      await run("lxc-stop", ["-k", "-n", name, "-P", join(dataDir, "lxc")], { okCodes: [0, 1, 2] }).catch(() => {});
    }
    rmSync(work, { recursive: true, force: true });
  });
  await startAgent();
  const cli = (args: string[], okCodes = [0]) => run(CORRAL, ["--endpoint", `unix://${agent!.socketPath}`, ...args], { okCodes, timeoutMs: 120_000 });
  const snaps = async (name: string) => (await client!.instances.ListSnapshots({ instance: name })).snapshots;
  const names = async (name: string) => (await snaps(name)).map((s) => s.name).sort();
  const onHost = (name: string) => {
    const dir = join(dataDir, "storage-pools", "d", "snapshots", "containers", name);
    return existsSync(dir) ? readdirSync(dir).filter((n) => !n.startsWith(".")).sort() : [];
  };

  const img = buildBusyboxImage(work);
  await cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await cli(["storage", "create", "d", "dir"]);
  const root = ["--no-profiles", "-d", "root,type=disk,path=/,pool=d"];
  await cli(["init", "busybox", "q", ...root, "-c", "snapshots.schedule=*/15 * * * *", "-c", "snapshots.schedule.stopped=true", "-c", "snapshots.expiry=1H"]);
  await cli(["init", "busybox", "skipped", ...root, "-c", "snapshots.schedule=* * * * *"]);
  await cli(["init", "busybox", "h", ...root, "-c", "snapshots.schedule=@hourly", "-c", "snapshots.schedule.stopped=true", "-c", "snapshots.pattern=auto-%d"]);

  const bad = await cli(["config", "set", "q", "snapshots.schedule=61 * * * *"], [1]);
  t.match(bad.stderr, /config\["snapshots\.schedule"\]: minute field: 61 is outside 0-59/);
  t.match((await cli(["config", "set", "q", "snapshots.expiry=1 day"], [1])).stderr, /config\["snapshots\.expiry"\]: "1" is not a number with one of the units M \(minutes\)/);
  t.match((await cli(["config", "set", "q", "snapshots.pattern=nightly"], [1])).stderr, /config\["snapshots\.pattern"\]: must contain %d exactly once/);

  await clock.advanceTo(at("10:14:59"));
  t.same(await names("q"), [], "nothing before the first scheduled minute");
  await clock.advanceTo(at("10:15:00"));
  t.same(await names("q"), ["snap0"], "a snapshot at 10:15");
  const first = (await snaps("q"))[0]!;
  t.equal(first.created_at, "2026-12-04T10:15:00.000Z", "taken at the clock's time");
  t.equal(first.expires_at, "2026-12-04T11:15:00.000Z", "expires an hour later (snapshots.expiry=1H)");
  t.same(onHost("q"), ["snap0"], "the snapshot is on the pool");

  await clock.advanceTo(at("11:00:00"));
  t.same(await names("q"), ["snap0", "snap1", "snap2", "snap3"], "every quarter hour");
  t.same(await names("h"), ["auto-0"], "@hourly with its pattern");
  t.equal((await snaps("h"))[0]!.expires_at, "", "no expiry without snapshots.expiry");
  t.same(await names("skipped"), [], "a stopped instance is skipped without snapshots.schedule.stopped");

  await clock.advanceTo(at("11:16:00"));
  t.same(await names("q"), ["snap1", "snap2", "snap3", "snap4"], "snap0 expired at 11:15 and snap4 was taken");
  t.same(onHost("q"), ["snap1", "snap2", "snap3", "snap4"], "the expired snapshot is gone from the host");

  await stopAgent();
  t.equal(clock.pending(), 0, "stop leaves no timer armed");

  // Down for an hour and a quarter: the expiry stored with each snapshot still applies.
  clock.set(at("12:31:10"));
  await startAgent();
  t.equal(clock.pending(60_000), 1, "one timer, for the next minute (the image cache's is 10 minutes away)");
  await clock.advanceTo(at("12:32:00"));
  t.same(await names("q"), [], "snapshots that expired while the agent was down are deleted at its first check");
  t.same(onHost("q"), []);
  t.same(await names("h"), ["auto-0"], "missed schedules are not made up for, kept snapshots stay");
  await clock.advanceTo(at("13:00:00"));
  t.same(await names("h"), ["auto-0", "auto-1"]);
  t.same(await names("q"), ["snap0", "snap1"], "12:45 and 13:00; numbering starts again once none is left");

  await cli(["config", "unset", "q", "snapshots.schedule"]);
  await clock.advanceTo(at("13:30:00"));
  t.same(await names("q"), ["snap0", "snap1"], "no new snapshots once the schedule is removed");
  await clock.advanceTo(at("14:00:00"));
  t.same(await names("q"), [], "but the stored expiry still applies");
  await cli(["delete", "q", "skipped", "h"]);
});
