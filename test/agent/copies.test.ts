// Instance copies and backups through the real agent and CLI on dir, btrfs and zfs (zfs-fuse):
// snapshot → copy (a zfs clone of the snapshot, a btrfs snapshot, a dir copy; new MAC and
// hostname) → export → import, across pools and drivers; and the refusals (a missing snapshot, a
// name clash, a running instance on dir, a truncated backup) leave nothing behind.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { zpoolNameOf } from "../../agent/storage/drivers/zfs/volumes";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { made, releasePoolsFirst, zfsHygiene } from "../helpers/zfs";

interface Shown {
  name: string;
  status: string;
  expanded_devices: Record<string, { properties: Record<string, string> }>;
}
const show = async (a: TestAgent, name: string): Promise<Shown> => a.client.instances.GetInstance({ name, with_state: false }) as Promise<Shown>;
const names = async (a: TestAgent): Promise<string[]> => (await a.client.instances.ListInstances({ with_state: false })).instances.map((i) => i.name).sort();
const cat = async (a: TestAgent, name: string): Promise<string> => (await a.cli(["exec", name, "--", "cat", "/root/f"])).stdout;
const hwaddr = async (a: TestAgent, name: string): Promise<string> => (await show(a, name)).expanded_devices.eth0!.properties.hwaddr!;

interface Backend {
  driver: string;
  config: string[];
  launch: string[];
}

const BACKENDS: Backend[] = [
  { driver: "dir", config: [], launch: [] },
  { driver: "btrfs", config: ["size=1GiB"], launch: [] },
  // zfs-fuse is FUSE: no idmapped mounts, so containers on it run privileged.
  { driver: "zfs", config: ["size=512MiB"], launch: ["-c", "security.privileged=true"] },
];

t.test("copies and backups on dir, btrfs and zfs", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-copy-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await zfsHygiene(t);
  const a = await startAgent(t);
  releasePoolsFirst(t, a);
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["network", "create", "cpbr0"]);
  // Every copy and import below also lands on this btrfs pool: data moved between drivers.
  await a.cli(["storage", "create", "other", "btrfs", "size=1GiB"]);
  const disks = join(a.dataDir, "disks");

  for (const b of BACKENDS) {
    await t.test(b.driver, async (t) => {
      const pool = `p${b.driver}`;
      const ct = `c-${b.driver}`;
      const zroot = zpoolNameOf({ name: pool, config: {}, mountPath: "", disksDir: disks });
      if (b.driver === "zfs") made.add(zroot);
      const poolPath = join(a.dataDir, "storage-pools", pool);
      const zfsAll = async () => (await run("zfs", ["list", "-H", "-o", "name", "-t", "all", "-r", zroot])).stdout.split("\n").filter(Boolean);

      await a.cli(["storage", "create", pool, b.driver, ...b.config]);
      await a.cli(["launch", "busybox", ct, "--storage", pool, "--network", "cpbr0", ...b.launch]);
      await a.cli(["exec", ct, "--", "sh", "-c", "echo one > /root/f"]);
      await a.cli(["snapshot", "create", ct, "s1"]);
      await a.cli(["exec", ct, "--", "sh", "-c", "echo two > /root/f"]);

      await t.test("copy of a snapshot", async (t) => {
        const out = await a.cli(["copy", `${ct}/s1`, `${ct}-a`]);
        t.match(out.stdout, new RegExp(`Instance ${ct}-a copied from ${ct}/s1`));
        const copy = await show(a, `${ct}-a`);
        t.equal(copy.status, "Stopped", "a copy is not started");
        t.not(await hwaddr(a, `${ct}-a`), await hwaddr(a, ct), "a new MAC address");
        await a.cli(["start", `${ct}-a`]);
        t.equal(await cat(a, `${ct}-a`), "one\n", "the snapshot's content");
        t.equal((await a.cli(["exec", `${ct}-a`, "--", "hostname"])).stdout.trim(), `${ct}-a`, "its own hostname");
        t.same((await a.client.instances.ListSnapshots({ instance: `${ct}-a` })).snapshots, [], "a copy has no snapshots");
        if (b.driver === "zfs") {
          const origin = (await run("zfs", ["get", "-H", "-o", "value", "origin", `${zroot}/containers/${ct}-a`])).stdout.trim();
          t.equal(origin, `${zroot}/containers/${ct}@s1`, "a zfs clone of the snapshot");
        }
        if (b.driver === "btrfs") {
          const info = (await run("btrfs", ["subvolume", "show", join(poolPath, "containers", `${ct}-a`)])).stdout;
          t.match(info, /Parent UUID:\s+[0-9a-f-]{36}/, "a btrfs snapshot");
        }
      });

      await t.test(`copy of the running instance ${b.driver === "dir" ? "is refused" : "is a point-in-time copy"}`, async (t) => {
        if (b.driver === "dir") {
          const r = await a.cli(["copy", ct, `${ct}-b`], { okCodes: [1] });
          t.match(r.stderr, /is Running and its pool "pdir" \(dir\) cannot copy a volume in use consistently: stop it, or copy one of its snapshots/);
          t.same(await names(a), [ct, `${ct}-a`], "no instance record");
          t.notOk(existsSync(join(poolPath, "containers", `${ct}-b`)), "no volume");
          await a.cli(["stop", "-f", ct]);
        }
        await a.cli(["copy", ct, `${ct}-b`, "--start"]);
        t.equal(await cat(a, `${ct}-b`), "two\n", "the current content");
        if (b.driver === "zfs") {
          const origin = (await run("zfs", ["get", "-H", "-o", "value", "origin", `${zroot}/containers/${ct}-b`])).stdout.trim();
          t.match(origin, new RegExp(`^${zroot}/containers/${ct}@copy-[0-9a-f]{8}$`), "a clone of a snapshot taken for it");
          t.same((await a.client.instances.ListSnapshots({ instance: ct })).snapshots.map((s) => s.name), ["s1"], "which is not listed");
        }
        if (b.driver === "dir") await a.cli(["start", ct]);
      });

      await t.test("copy into another pool (btrfs) copies the data", async (t) => {
        await a.cli(["copy", `${ct}/s1`, `${ct}-x`, "--pool", "other", "--start"]);
        t.equal(await cat(a, `${ct}-x`), "one\n");
        t.ok(existsSync(join(a.dataDir, "storage-pools", "other", "containers", `${ct}-x`, "rootfs")), "the root disk is on the other pool");
        t.equal((await show(a, `${ct}-x`)).expanded_devices.root!.properties.pool, "other");
        await a.cli(["delete", "-f", `${ct}-x`]);
      });

      await t.test("bad input leaves nothing", async (t) => {
        const inst = a.client.instances;
        const missing = await a.cli(["copy", `${ct}/nope`, `${ct}-c`], { okCodes: [1] });
        t.match(missing.stderr, new RegExp(`source.snapshot: snapshot "nope" of instance "${ct}" not found`));
        await t.rejects(inst.CreateInstance({ name: `${ct}-c`, image: "", config: {}, devices: {}, source: { instance: "ghost", snapshot: "" } }), { code: status.NOT_FOUND, message: /source.instance: instance "ghost" not found/ });
        const clash = await a.cli(["copy", `${ct}/s1`, `${ct}-a`], { okCodes: [1] });
        t.match(clash.stderr, new RegExp(`instance "${ct}-a" already exists`));
        await t.rejects(inst.CreateInstance({ name: `${ct}-c`, image: "busybox", config: {}, devices: {}, source: { instance: ct, snapshot: "" } }), { code: status.INVALID_ARGUMENT, message: /image: cannot be combined/ });
        t.same(await names(a), [ct, `${ct}-a`, `${ct}-b`], "no instance recorded");
        if (b.driver === "zfs") t.notOk((await zfsAll()).some((d) => d.includes(`${ct}-c`)), "no dataset");
        else t.notOk(existsSync(join(poolPath, "containers", `${ct}-c`)), "no volume");
      });

      await t.test("export, then import into a btrfs pool with the snapshots", async (t) => {
        const file = join(work, `${ct}.tar`);
        if (b.driver === "dir") {
          const r = await a.cli(["export", ct, file], { okCodes: [1] });
          t.match(r.stderr, /is Running and its pool "pdir" \(dir\) cannot copy a volume in use consistently: stop it first/);
          t.notOk(existsSync(file), "no file written");
          await a.cli(["stop", "-f", ct]);
        }
        t.match((await a.cli(["export", ct, file])).stdout, new RegExp(`Backup of ${ct} written to ${file}`));
        const members = (await run("tar", ["-tf", file])).stdout.split("\n");
        t.equal(members[0], "backup/index.yaml", "the index comes first");
        t.ok(members.includes("backup/snapshots/s1/rootfs/root/f"), "the snapshot's files");
        t.ok(members.includes("backup/container/rootfs/root/f"), "the instance's files");
        t.equal(members.filter(Boolean).at(-1), "backup/complete", "the end marker comes last");
        const index = (await run("tar", ["-xOf", file, "backup/index.yaml"])).stdout;
        t.match(index, new RegExp(`name: ${ct}\n[\\s\\S]*backend: ${b.driver}\n[\\s\\S]*snapshots:\n  - s1`), "index.yaml names the instance, its driver and snapshots");
        if (b.driver === "dir") await a.cli(["start", ct]);

        t.match((await a.cli(["import", file, `${ct}-i`, "--pool", "other"])).stdout, new RegExp(`Instance ${ct}-i imported`));
        t.equal((await show(a, `${ct}-i`)).status, "Stopped");
        t.equal((await show(a, `${ct}-i`)).expanded_devices.root!.properties.pool, "other", "on the pool asked for");
        t.same((await a.client.instances.ListSnapshots({ instance: `${ct}-i` })).snapshots.map((s) => s.name), ["s1"], "with its snapshot");
        await a.cli(["start", `${ct}-i`]);
        t.equal(await cat(a, `${ct}-i`), "two\n", "the data is intact");
        await a.cli(["snapshot", "restore", `${ct}-i`, "s1"]);
        t.equal(await cat(a, `${ct}-i`), "one\n", "and so is the snapshot's");
        await a.cli(["delete", "-f", `${ct}-i`]);

        const only = join(work, `${ct}-only.tar`);
        if (b.driver === "dir") await a.cli(["stop", "-f", ct]);
        await a.cli(["export", ct, only, "--instance-only"]);
        if (b.driver === "dir") await a.cli(["start", ct]);
        t.notOk((await run("tar", ["-tf", only])).stdout.includes("backup/snapshots/"), "--instance-only leaves the snapshots out");
        await a.cli(["import", only, `${ct}-j`]);
        t.equal((await show(a, `${ct}-j`)).expanded_devices.root!.properties.pool, pool, "by default on the backup's pool");
        t.same((await a.client.instances.ListSnapshots({ instance: `${ct}-j` })).snapshots, []);
        await a.cli(["delete", "-f", `${ct}-j`]);

        await t.test("a truncated or corrupt backup: a clear error, nothing left", async (t) => {
          const cut = join(work, `${ct}-cut.tar`);
          await run("cp", [file, cut]);
          await run("truncate", ["-s", String(Math.floor(statSync(file).size / 2)), cut]);
          const garbage = join(work, "garbage.tar");
          writeFileSync(garbage, "not a tarball at all\n".repeat(100));
          for (const f of [cut, garbage]) {
            const r = await a.cli(["import", f, `${ct}-t`, "--pool", "other"], { okCodes: [1] });
            t.match(r.stderr, /backup: is not a readable backup tarball \(corrupt or truncated\)/);
          }
          t.notOk((await names(a)).includes(`${ct}-t`), "no instance record");
          t.notOk(existsSync(join(a.dataDir, "storage-pools", "other", "containers", `${ct}-t`)), "no volume");
          t.same(readdirSync(join(a.dataDir, "backups")), [], "no spooled file");
        });
      });

      if (b.driver === "zfs") {
        await t.test("restoring past a snapshot that has clones is refused clearly", async (t) => {
          await a.cli(["snapshot", "create", ct, "s2"]);
          await a.cli(["copy", `${ct}/s2`, `${ct}-r`]);
          const r = await a.cli(["snapshot", "restore", ct, "s1"], { okCodes: [1] });
          t.match(r.stderr, /snapshot s1 of container volume c-zfs cannot be restored: a newer snapshot has copies cloned from it/);
          t.equal((await show(a, ct)).status, "Running", "the instance runs again");
          t.same((await a.client.instances.ListSnapshots({ instance: ct })).snapshots.map((s) => s.name), ["s1", "s2"], "both snapshots kept");
          await a.cli(["delete", "-f", `${ct}-r`]);
          await a.cli(["snapshot", "delete", ct, "s2"]);
          t.notOk((await zfsAll()).some((d) => d.endsWith("@s2")), "without clones a snapshot is destroyed at once");
        });

        await t.test("a snapshot with clones is hidden when deleted; a source with clones can go; the last clone takes all", async (t) => {
          await a.cli(["snapshot", "delete", ct, "s1"]);
          t.same((await a.client.instances.ListSnapshots({ instance: ct })).snapshots, []);
          const hidden = (await run("zfs", ["get", "-H", "-o", "value", "corral:hidden", `${zroot}/containers/${ct}@s1`])).stdout.trim();
          t.equal(hidden, "yes", "kept, hidden, for its clone");
          t.equal(await cat(a, `${ct}-a`), "one\n", "the clone still works");
          await a.cli(["delete", "-f", ct]);
          t.equal(await cat(a, `${ct}-a`), "one\n", "the running clone outlives its source");
          // A deleted instance's disk is freed just after the delete answers.
          await eventually("the source's dataset to go", async () => ((await zfsAll()).some((d) => d.endsWith(`/containers/${ct}`)) ? undefined : true), 30_000, 50);
          t.pass("the source's dataset is gone");
          await a.cli(["delete", "-f", `${ct}-a`]);
          await eventually("the clone's dataset and the hidden snapshot to go", async () => ((await zfsAll()).some((d) => d.endsWith(`/containers/${ct}-a`) || (d.includes("/containers/") && d.includes("@"))) ? undefined : true), 30_000, 50);
          t.same((await zfsAll()).filter((d) => d.includes("/containers/") && d.includes("@")), [], "no snapshot left once the last clone is gone");
        });
      } else {
        await a.cli(["delete", "-f", `${ct}-a`]);
      }

      for (const n of await names(a)) await a.cli(["delete", "-f", n]);
      const volumesLeft = async () => (b.driver === "zfs" ? (await zfsAll()).filter((d) => d.includes("/containers/")) : readdirSync(join(poolPath, "containers")));
      await eventually("the deleted instances' root disks to be freed", async () => ((await volumesLeft()).length ? undefined : true), 30_000, 50);
      if (b.driver === "zfs") t.same((await zfsAll()).filter((d) => d.includes("/containers/")), [], "no dataset left");
      else t.same(readdirSync(join(poolPath, "containers")), [], "no volume left");
      await a.cli(["storage", "delete", pool]);
      t.notOk(existsSync(poolPath), "pool removed");
    });
  }
  await a.cli(["storage", "delete", "other"]);
  await a.cli(["image", "delete", "busybox"]);
});
