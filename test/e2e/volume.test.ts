// corral_volume sizes under the real OpenTofu binary against a real agent: a changed size (or
// config) is an in-place update that resizes the volume (a filesystem volume's quota, a block volume's disk),
// a shrink of a block volume and a size past the pool's free space are errors on `size`, and the
// pool's used/total bytes are in its state.
import t from "tap";
import { statSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const MiB = 2 ** 20;
const mainTf = (fsSize: string, blockSize: string, shared = "false") => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_storage_pool" "vols" {
  name   = "vols"
  driver = "btrfs"
  size   = "256MiB"
}

resource "corral_volume" "fs" {
  pool = corral_storage_pool.vols.name
  name   = "fs"
  size   = "${fsSize}"
  config = { "security.shared" = "${shared}" }
}

resource "corral_volume" "blk" {
  pool         = corral_storage_pool.vols.name
  name         = "blk"
  content_type = "block"
  size         = "${blockSize}"
}

output "pool" {
  value = { used = corral_storage_pool.vols.used_bytes, total = corral_storage_pool.vols.total_bytes }
}
`;

t.test("corral_volume: size changes in place; shrink and overflow refused on size", async (t) => {
  const a = await startAgent(t);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  const custom = join(a.dataDir, "storage-pools", "vols", "custom");
  const limit = async () => (await run("btrfs", ["qgroup", "show", "-r", "--raw", join(custom, "fs")])).stdout;

  ws.write({ "main.tf": mainTf("32MiB", "16MiB") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal(statSync(join(custom, "blk", "root.img")).size, 16 * MiB);
  t.match(await limit(), new RegExp(`\\s${32 * MiB}\\s+custom/fs`));
  const pool = await ws.output<{ used: number; total: number }>("pool");
  t.ok(pool.total > 200 * MiB && pool.used > 0 && pool.used < pool.total, `pool capacity in state (${pool.used} of ${pool.total})`);

  ws.write({ "main.tf": mainTf("64MiB", "48MiB", "true") });
  const plan = await ws.ok(["plan", "-no-color"]);
  t.match(plan.stdout, /Plan: 0 to add, 2 to change, 0 to destroy/, "a size change is an update, not a replacement");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal(statSync(join(custom, "blk", "root.img")).size, 48 * MiB, "the block volume grew");
  t.match(await limit(), new RegExp(`\\s${64 * MiB}\\s+custom/fs`), "the filesystem volume's limit moved");
  t.equal((await a.client.pools.GetVolume({ pool: "vols", name: "fs" })).config["security.shared"], "true", "config changed in place too");
  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `no changes after the resize:\n${clean.stdout}${clean.stderr}`);

  ws.write({ "main.tf": mainTf("64MiB", "16MiB", "true") });
  const shrink = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(shrink.code, 0);
  t.match(shrink.stdout + shrink.stderr, /a block volume cannot shrink/);
  t.match(shrink.stdout + shrink.stderr, /corral_volume\.blk[\s\S]*size/, "the diagnostic points at size");
  t.equal(statSync(join(custom, "blk", "root.img")).size, 48 * MiB, "nothing changed");

  ws.write({ "main.tf": mainTf("4GiB", "48MiB", "true") });
  const big = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(big.code, 0);
  t.match(big.stdout + big.stderr, /do not fit in storage pool "vols"/);

  ws.write({ "main.tf": mainTf("64MiB", "48MiB", "sometimes") });
  const badKey = await ws.tofu(["plan", "-no-color"]);
  t.match(badKey.stdout + badKey.stderr, /config\["security\.shared"\]: must be a boolean/, "config keys are checked at plan time");

  ws.write({ "main.tf": mainTf("64MiB", "48MiB", "true") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same((await a.client.pools.ListStoragePools({})).pools, [], "destroy leaves no pool");
});
