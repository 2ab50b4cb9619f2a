// Spare clones on dir pools, against a real agent: a create renames a ready copy of the image
// volume into place instead of copying, a background copy replaces it, the count follows the
// pool config, and image delete, pool delete and agent restarts leave no spare behind.
import t from "tap";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { SPARE_IDLE_MS } from "../../agent/storage/spares";

const sparesDir = (a: TestAgent, pool: string) => join(a.dataDir, "storage-pools", pool, "spares");
const spares = (a: TestAgent, pool: string) => readdirSync(sparesDir(a, pool)).sort();
const complete = (a: TestAgent, pool: string) => spares(a, pool).filter((n) => !n.endsWith(".tmp"));
const inode = (p: string) => statSync(p).ino;

/** Waits until the pool holds exactly n complete spares and no copy in progress. */
const settled = (a: TestAgent, pool: string, n: number) =>
  eventually(`${n} spare(s) on ${pool}`, async () => {
    const all = spares(a, pool);
    return all.length === n && complete(a, pool).length === n ? all : undefined;
  });

/** An agent with one pool (`storage create` arguments) and the busybox image imported as `bb`. */
async function agentWithImage(t: Parameters<typeof startAgent>[0], pool: string[]) {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-spares-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", ...pool]);
  await a.cli(["image", "import", img.metaPath, "--alias", "bb"]);
  return { a, img };
}

t.test("dir pool: creates take a spare clone, a background copy replaces it", async (t) => {
  const { a, img } = await agentWithImage(t, ["sp", "dir"]);
  t.same(spares(a, "sp"), [], "no spare before an image is used");

  await a.cli(["init", "bb", "s1", "--storage", "sp"]);
  const [first] = await settled(a, "sp", 1);
  t.match(first, new RegExp(`^${img.fingerprint}\\.[0-9a-f]{8}$`), "after the first create, one spare of its image");
  const spareIno = inode(join(sparesDir(a, "sp"), first!));

  await a.cli(["init", "bb", "s2", "--storage", "sp"]);
  const s2 = join(a.dataDir, "storage-pools", "sp", "containers", "s2");
  t.equal(inode(s2), spareIno, "the second create renamed the spare into place (same directory, no copy)");
  t.same(readdirSync(join(s2, "rootfs")).sort(), readdirSync(join(a.dataDir, "storage-pools", "sp", "images", img.fingerprint, "rootfs")).sort(), "with the image's whole rootfs");
  const [second] = await settled(a, "sp", 1);
  t.not(second, first, "and a new spare replaced it");

  await a.cli(["start", "s2"]);
  t.equal((await a.cli(["exec", "s2", "--", "hostname"])).stdout.trim(), "s2", "an instance made from a spare boots as itself");

  await a.cli(["storage", "set", "sp", "dir.spare_clones=3"]);
  await settled(a, "sp", 3);
  t.pass("raising dir.spare_clones tops up now");
  await a.cli(["storage", "set", "sp", "dir.spare_clones=0"]);
  await settled(a, "sp", 0);
  t.pass("0 removes them");
  await a.cli(["init", "bb", "s3", "--storage", "sp"]);
  await new Promise((r) => setTimeout(r, SPARE_IDLE_MS + 500));
  t.same(spares(a, "sp"), [], "and none is made while it is 0");
  await a.cli(["storage", "set", "sp", "dir.spare_clones=1"]);
  await settled(a, "sp", 1);
  await t.rejects(a.client.pools.UpdateStoragePool({ name: "sp", config: { "dir.spare_clones": "17" } }), { code: 3, details: /dir\.spare_clones.*between 0 and 16/ });

  // A crash mid-copy leaves a .tmp volume; an image gone while the agent was down leaves a stale spare.
  await a.stop();
  const kept = complete(a, "sp");
  const leftover = join(sparesDir(a, "sp"), `${img.fingerprint}.0badc0de.tmp`);
  const stale = join(sparesDir(a, "sp"), `${"e".repeat(64)}.12345678`);
  for (const d of [leftover, stale]) {
    mkdirSync(join(d, "rootfs"), { recursive: true });
    writeFileSync(join(d, "rootfs", "x"), "x");
  }
  await a.restart();
  t.same(spares(a, "sp"), kept, "restart removes the half-made and the stale spare, keeps the good one");

  await a.cli(["delete", "-f", "s1", "s2", "s3"]);
  await a.cli(["image", "delete", "bb"]);
  t.same(spares(a, "sp"), [], "image delete removes its spares");
  t.same(readdirSync(join(a.dataDir, "storage-pools", "sp", "images")), [], "and its image volume");

  // Pool delete while a spare is being copied: the copy stops, the pool goes, nothing is left.
  await a.cli(["image", "import", img.metaPath, "--alias", "bb"]);
  await a.cli(["init", "bb", "s4", "--storage", "sp"]);
  await a.cli(["delete", "s4"]);
  await Promise.all([a.cli(["image", "delete", "bb"]), a.cli(["storage", "delete", "sp"])]);
  t.notOk(readdirSync(join(a.dataDir, "storage-pools")).includes("sp"), "pool directory removed");
  t.same(readdirSync(join(a.dataDir, "tmp")), [], "no temporary files");
});

t.test("dir pool: after a burst of parallel creates, as many spares as it had, up to dir.spare_clones_max", async (t) => {
  const { a } = await agentWithImage(t, ["sb", "dir"]);
  const names = (p: string) => [1, 2, 3, 4].map((i) => `${p}${i}`);
  await Promise.all(names("b").map((n) => a.cli(["init", "bb", n, "--storage", "sb"])));
  const ready = await settled(a, "sb", 4);
  t.pass("4 spares after a burst of 4 creates");
  const inodes = new Set(ready.map((n) => inode(join(sparesDir(a, "sb"), n))));
  await Promise.all(names("c").map((n) => a.cli(["init", "bb", n, "--storage", "sb"])));
  const taken = names("c").map((n) => inode(join(a.dataDir, "storage-pools", "sb", "containers", n)));
  t.same(taken.filter((i) => inodes.has(i)).length, 4, "the next burst of 4 renamed the 4 spares into place, copying nothing");
  await settled(a, "sb", 4);
  await a.cli(["storage", "set", "sb", "dir.spare_clones_max=2"]);
  await settled(a, "sb", 2);
  t.pass("a lower dir.spare_clones_max trims them now");
  await a.cli(["delete", "-f", ...names("b"), ...names("c")]);
  await a.cli(["image", "delete", "bb"]);
  t.same(spares(a, "sb"), [], "image delete removes its spares");
  await a.cli(["storage", "delete", "sb"]);
});

t.test("btrfs pools keep no spares (clones are snapshots)", async (t) => {
  const { a } = await agentWithImage(t, ["bt", "btrfs", "size=256MiB"]);
  await a.cli(["init", "bb", "b1", "--storage", "bt"]);
  await new Promise((r) => setTimeout(r, SPARE_IDLE_MS + 500));
  t.same(spares(a, "bt"), [], "no spare made");
  await t.rejects(a.client.pools.UpdateStoragePool({ name: "bt", config: { "dir.spare_clones": "1" } }), { code: 3, details: /unknown config key/ });
  await a.cli(["delete", "b1"]);
  await a.cli(["storage", "delete", "bt"]);
});
