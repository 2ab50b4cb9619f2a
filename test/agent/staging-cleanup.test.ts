// A pool's staging directories (`.unpack-*` beside its image volumes: an image unpacked before its
// disk goes onto a raw block volume, a raw volume's disk read out for an export or a copy) are
// removed when their work ends; an agent killed mid-way leaves them, and the next start removes
// them when it loads the pool. Shown on dir and btrfs pools through a real agent killed with SIGKILL.
import t from "tap";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { STAGING_PREFIX } from "../../agent/storage/transfer";
import { startAgent } from "../helpers/agent";

t.test("staging left by a killed agent is gone after its restart (dir and btrfs pools)", async (t) => {
  const a = await startAgent(t);
  const pools: { name: string; driver: string; config: Record<string, string> }[] = [
    { name: "sdir", driver: "dir", config: {} },
    { name: "sbtrfs", driver: "btrfs", config: { size: "256MiB" } },
  ];
  const staged: string[] = [];
  for (const p of pools) {
    await a.client.pools.CreateStoragePool(p);
    const images = join(a.dataDir, "storage-pools", p.name, "images");
    const dir = join(images, `${STAGING_PREFIX}k1ll3d`);
    mkdirSync(join(dir, "templates"), { recursive: true });
    writeFileSync(join(dir, "rootfs.img"), Buffer.alloc(64 * 1024, 1)); // half a disk, as the kill left it
    writeFileSync(join(images, "keep-me"), "not staging"); // anything else stays
    staged.push(dir);
  }
  await a.kill9();
  await a.restart();
  for (const [i, p] of pools.entries()) {
    const images = join(a.dataDir, "storage-pools", p.name, "images");
    t.notOk(existsSync(staged[i]!), `${p.driver}: the staging directory is gone`);
    t.same(readdirSync(images), ["keep-me"], `${p.driver}: nothing else was removed`);
    t.match(a.logs(), new RegExp(`removed staging left by an interrupted unpack or read on storage pool ${p.name}`));
  }
  t.same((await a.client.pools.ListStoragePools({})).pools.map((p) => p.name).sort(), ["sbtrfs", "sdir"], "both pools loaded");
  for (const p of pools) await a.client.pools.DeleteStoragePool({ name: p.name });
});
