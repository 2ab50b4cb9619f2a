// What an agent killed mid-way leaves on a pool is settled when the next start loads the pool:
// staging directories (`.unpack-*` beside the image volumes: an image unpacked before its disk goes
// onto a raw block volume, a raw volume's disk read out for an export or a copy) are removed, and a
// volume restore cut short is undone (dir: the replaced volume put back) or finished (btrfs: the
// snapshot's copy, complete once it exists, put in place of a volume already deleted). Shown on dir
// and btrfs pools through a real agent killed with SIGKILL and started again.
import t from "tap";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { STAGING_PREFIX } from "../../agent/storage/transfer";
import { startAgent } from "../helpers/agent";

t.test("leftovers of a killed agent are settled at its restart (dir and btrfs pools)", async (t) => {
  const a = await startAgent(t);
  const pools: { name: string; driver: string; config: Record<string, string> }[] = [
    { name: "sdir", driver: "dir", config: {} },
    { name: "sbtrfs", driver: "btrfs", config: { size: "256MiB" } },
  ];
  const root = (pool: string) => join(a.dataDir, "storage-pools", pool);
  const vol = (pool: string, name: string) => join(root(pool), "custom", name);
  const snaps = (pool: string, name: string) => join(root(pool), "snapshots", "custom", name);
  /** A custom volume whose file f held "snap" when snapshot s1 was taken and holds "now". */
  const volume = async (pool: string, name: string) => {
    await a.cli(["storage", "volume", "create", pool, name]);
    writeFileSync(join(vol(pool, name), "f"), "snap");
    await a.cli(["storage", "volume", "snapshot", "create", pool, name, "s1"]);
    writeFileSync(join(vol(pool, name), "f"), "now");
  };
  for (const p of pools) {
    await a.client.pools.CreateStoragePool(p);
    const dir = join(root(p.name), "images", `${STAGING_PREFIX}k1ll3d`);
    mkdirSync(join(dir, "templates"), { recursive: true });
    writeFileSync(join(dir, "rootfs.img"), Buffer.alloc(64 * 1024, 1)); // half a disk, as the kill left it
    writeFileSync(join(root(p.name), "images", "keep-me"), "not staging"); // anything else stays
  }
  // dir, killed while copying the snapshot: the half copy goes
  await volume("sdir", "v1");
  mkdirSync(join(snaps("sdir", "v1"), ".restoring-aaaa"));
  writeFileSync(join(snaps("sdir", "v1"), ".restoring-aaaa", "f"), "ha");
  // dir, killed between its two renames (the volume moved aside, the copy not yet in place): undone
  await volume("sdir", "v2");
  cpSync(join(snaps("sdir", "v2"), "s1"), join(snaps("sdir", "v2"), ".restoring-bbbb"), { recursive: true });
  renameSync(vol("sdir", "v2"), join(snaps("sdir", "v2"), ".replaced-bbbb"));
  // btrfs, killed after deleting the volume, before renaming the snapshot's copy into place: finished
  await volume("sbtrfs", "v3");
  await run("btrfs", ["subvolume", "snapshot", join(snaps("sbtrfs", "v3"), "s1"), join(snaps("sbtrfs", "v3"), ".restoring-cccc")]);
  await run("btrfs", ["subvolume", "delete", vol("sbtrfs", "v3")]);
  // btrfs, killed after snapshotting, before deleting the volume: the copy goes
  await volume("sbtrfs", "v4");
  await run("btrfs", ["subvolume", "snapshot", join(snaps("sbtrfs", "v4"), "s1"), join(snaps("sbtrfs", "v4"), ".restoring-dddd")]);

  await a.kill9();
  await a.restart();

  for (const p of pools) {
    t.same(readdirSync(join(root(p.name), "images")), ["keep-me"], `${p.driver}: the staging directory is gone, nothing else`);
    t.match(a.logs(), new RegExp(`removed staging left by an interrupted unpack or read on storage pool ${p.name}`));
  }
  const content = (pool: string, name: string) => readFileSync(join(vol(pool, name), "f"), "utf8");
  t.equal(content("sdir", "v1"), "now", "dir: a restore killed while copying left the volume as it was");
  t.equal(content("sdir", "v2"), "now", "dir: a restore killed between its renames is undone");
  t.equal(content("sbtrfs", "v3"), "snap", "btrfs: a restore killed after deleting the volume is finished");
  t.match((await run("btrfs", ["subvolume", "show", vol("sbtrfs", "v3")])).stdout, /Name:\s+v3/, "as a subvolume");
  t.equal(content("sbtrfs", "v4"), "now", "btrfs: a restore killed before deleting the volume left it as it was");
  for (const [pool, name] of [["sdir", "v1"], ["sdir", "v2"], ["sbtrfs", "v3"], ["sbtrfs", "v4"]] as const) {
    t.same(readdirSync(snaps(pool, name)), ["s1"], `${pool}/${name}: only its snapshot beside it`);
  }
  t.match(a.logs(), /pool sdir: settled restores an agent stop cut short/);
  t.match(a.logs(), /pool sbtrfs: settled restores an agent stop cut short/);

  // Everything is usable and goes away whole.
  await a.cli(["storage", "volume", "snapshot", "restore", "sbtrfs", "v4", "s1"]);
  t.equal(content("sbtrfs", "v4"), "snap");
  for (const [pool, name] of [["sdir", "v1"], ["sdir", "v2"], ["sbtrfs", "v3"], ["sbtrfs", "v4"]] as const) await a.cli(["storage", "volume", "delete", pool, name]);
  for (const p of pools) await a.client.pools.DeleteStoragePool({ name: p.name });
  t.notOk(existsSync(root("sdir")) && readdirSync(root("sdir")).length, "nothing left of the dir pool");
});
