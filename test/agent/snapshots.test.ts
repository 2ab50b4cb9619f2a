// Instance snapshots through the real agent and CLI, on each storage driver: a copy on dir, a
// read-only subvolume on btrfs, a native snapshot on zfs (zfs-fuse). Snapshot, change, restore
// (a running container is stopped and started again), bad input, and nothing left on the host
// once the instance is deleted.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { made, releasePoolsFirst, zfsHygiene } from "../helpers/zfs";

interface ListEntry {
  name: string;
  status: string;
  pid?: number;
}
const entry = async (a: TestAgent, name: string): Promise<ListEntry | undefined> =>
  (JSON.parse((await a.cli(["list", "--format", "json"])).stdout) as ListEntry[]).find((e) => e.name === name);
const snapshots = async (a: TestAgent, name: string): Promise<string[]> =>
  (JSON.parse((await a.cli(["snapshot", "list", name, "--format", "json"])).stdout) as { name: string }[]).map((s) => s.name);
const cat = async (a: TestAgent, name: string): Promise<string> => (await a.cli(["exec", name, "--", "cat", "/root/f"])).stdout;

interface Backend {
  driver: string;
  config: string[];
  launch: string[];
  /** zfs rolls back only to the newest snapshot: a restore destroys the newer ones. */
  restoreDropsNewer: boolean;
}

const BACKENDS: Backend[] = [
  { driver: "dir", config: [], launch: [], restoreDropsNewer: false },
  { driver: "btrfs", config: ["size=1GiB"], launch: [], restoreDropsNewer: false },
  // zfs-fuse is FUSE: no idmapped mounts, so containers on it run privileged.
  { driver: "zfs", config: ["size=512MiB"], launch: ["-c", "security.privileged=true"], restoreDropsNewer: true },
];

t.test("instance snapshots on dir, btrfs and zfs", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-snap-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);

  // One pool and one container per driver, nothing shared but the agent and the image: the drivers
  // run side by side.
  t.jobs = BACKENDS.length;
  await Promise.all(BACKENDS.map((b) =>
    t.test(b.driver, async (t) => {
      const pool = `s${b.driver}`;
      const ct = `c-${b.driver}`;
      const disks = join(a.dataDir, "disks");
      const zroot = zpoolNameOf({ name: pool, config: {}, mountPath: "", disksDir: disks });
      if (b.driver === "zfs") made.add(zroot);
      const poolPath = join(a.dataDir, "storage-pools", pool);
      const snapDir = join(poolPath, "snapshots", "containers", ct);
      /** What the host holds for the container's snapshots. */
      const onHost = async (): Promise<string[]> => {
        if (b.driver === "zfs") {
          const out = (await run("zfs", ["list", "-H", "-o", "name", "-t", "snapshot", "-r", `${zroot}/containers`], { okCodes: [0, 1] })).stdout;
          return out.split("\n").filter((l) => l.startsWith(`${zroot}/containers/${ct}@`)).map((l) => l.slice(l.indexOf("@") + 1)).sort();
        }
        return existsSync(snapDir) ? (await run("ls", ["-A", snapDir])).stdout.split("\n").filter(Boolean).sort() : [];
      };

      await a.cli(["storage", "create", pool, b.driver, ...b.config]);
      await a.cli(["launch", "busybox", ct, "--storage", pool, ...b.launch]);
      await a.cli(["exec", ct, "--", "sh", "-c", "echo one > /root/f"]);

      const made1 = await a.cli(["snapshot", "create", ct, "s1"]);
      t.match(made1.stdout, /Snapshot s1 of c-\w+ created/);
      t.same(await onHost(), ["s1"], "the snapshot is on the host");
      if (b.driver === "btrfs") {
        t.match((await run("btrfs", ["property", "get", "-ts", join(snapDir, "s1"), "ro"])).stdout, /ro=true/, "a read-only subvolume");
      }
      const listed = JSON.parse((await a.cli(["snapshot", "list", ct, "--format", "json"])).stdout) as { name: string; created_at: string; stateful: boolean }[];
      t.equal(listed.length, 1);
      t.match(listed[0], { name: "s1", stateful: false });
      t.ok(!Number.isNaN(Date.parse(listed[0]!.created_at)), "created_at is a timestamp");
      t.match((await a.cli(["snapshot", "list", ct])).stdout, /NAME.*CREATED AT[\s\S]*s1/, "the table lists it");

      await t.test("restore of a running container: stopped, restored, started again", async (t) => {
        await a.cli(["exec", ct, "--", "sh", "-c", "echo two > /root/f"]);
        t.equal(await cat(a, ct), "two\n");
        const before = (await entry(a, ct))!.pid;
        await a.cli(["snapshot", "restore", ct, "s1"]);
        const after = await entry(a, ct);
        t.equal(after?.status, "Running", "running again");
        t.not(after?.pid, before, "a new init: it was stopped and started");
        t.equal(await cat(a, ct), "one\n", "the file is back");
      });

      await t.test("restore of a stopped container leaves it stopped", async (t) => {
        await a.cli(["exec", ct, "--", "sh", "-c", "echo three > /root/f"]);
        await a.cli(["stop", "-f", ct]);
        await a.cli(["snapshot", "restore", ct, "s1"]);
        t.equal((await entry(a, ct))?.status, "Stopped");
        await a.cli(["start", ct]);
        t.equal(await cat(a, ct), "one\n");
      });

      await t.test("bad input", async (t) => {
        const inst = a.client.instances;
        await t.rejects(inst.CreateSnapshot({ instance: ct, name: "bad_name" }), { code: status.INVALID_ARGUMENT, message: /name: must be/ });
        await t.rejects(inst.CreateSnapshot({ instance: ct, name: "s1" }), { code: status.ALREADY_EXISTS });
        await t.rejects(inst.CreateSnapshot({ instance: ct, name: "s9", stateful: true }), { message: /stateful/ });
        await t.rejects(inst.RestoreSnapshot({ instance: ct, name: "nope" }), { code: status.NOT_FOUND });
        await t.rejects(inst.DeleteSnapshot({ instance: ct, name: "nope" }), { code: status.NOT_FOUND });
        await t.rejects(inst.CreateSnapshot({ instance: "ghost", name: "s1" }), { code: status.NOT_FOUND });
        const clash = await a.cli(["snapshot", "create", ct, "s1"], { okCodes: [1] });
        t.match(clash.stderr, /already exists/);
        const missing = await a.cli(["snapshot", "restore", ct, "nope"], { okCodes: [1] });
        t.match(missing.stderr, /snapshot "nope" of instance "c-\w+" not found/);
        t.same(await snapshots(a, ct), ["s1"], "nothing recorded by the refusals");
        t.same(await onHost(), ["s1"], "nor made on the host");
      });

      await t.test(`restoring an older snapshot ${b.restoreDropsNewer ? "destroys" : "keeps"} the newer ones`, async (t) => {
        await a.cli(["exec", ct, "--", "sh", "-c", "echo four > /root/f"]);
        await a.cli(["snapshot", "create", ct, "s2"]);
        await a.cli(["snapshot", "restore", ct, "s1"]);
        t.equal(await cat(a, ct), "one\n");
        const want = b.restoreDropsNewer ? ["s1"] : ["s1", "s2"];
        t.same(await snapshots(a, ct), want);
        t.same(await onHost(), want);
        if (!b.restoreDropsNewer) {
          await a.cli(["snapshot", "restore", ct, "s2"]);
          t.equal(await cat(a, ct), "four\n", "and the newer one can be restored after");
          await a.cli(["snapshot", "delete", ct, "s2"]);
        }
      });

      await t.test("delete a snapshot", async (t) => {
        const out = await a.cli(["snapshot", "delete", ct, "s1"]);
        t.match(out.stdout, /Snapshot s1 of c-\w+ deleted/);
        t.same(await snapshots(a, ct), []);
        t.same(await onHost(), []);
      });

      await t.test("deleting the instance removes its snapshots", async (t) => {
        await a.cli(["snapshot", "create", ct, "s3"]);
        await a.cli(["snapshot", "create", ct, "s4"]);
        await a.cli(["delete", "-f", ct]);
        // The root disk and its snapshots are freed just after the delete answers.
        const zfsLeft = async () => b.driver === "zfs" && (await run("zfs", ["list", "-H", "-o", "name", "-t", "all", "-r", zroot])).stdout.includes(`/containers/${ct}`);
        await eventually("the deleted instance's disk to be freed", async () => ((await onHost()).length || existsSync(snapDir) || (await zfsLeft()) ? undefined : true), 30_000, 50);
        t.same(await onHost(), [], "no snapshot left on the host");
        t.notOk(existsSync(snapDir), "no snapshot directory left");
        if (b.driver === "btrfs") {
          const subs = (await run("btrfs", ["subvolume", "list", poolPath])).stdout;
          t.notMatch(subs, /snapshots\//, "no snapshot subvolume left");
        }
        if (b.driver === "zfs") {
          const all = (await run("zfs", ["list", "-H", "-o", "name", "-t", "all", "-r", zroot])).stdout;
          t.notMatch(all, new RegExp(`/containers/${ct}`), "no dataset or snapshot of it left");
        }
        await a.cli(["init", "busybox", ct, "--storage", pool, ...b.launch]);
        t.same(await snapshots(a, ct), [], "a new instance of that name starts with no snapshots");
        await a.cli(["delete", ct]);
      });

      await a.cli(["storage", "delete", pool]);
      t.notOk(existsSync(poolPath), "pool removed");
    }),
  ));
  await a.cli(["image", "delete", "busybox"]);
});
