// lvm pools through a real agent on this host, whose kernel has no device-mapper: the probe says
// so, bad config keys are refused first (naming the key and the rule), and a valid pool create
// fails with a capability error naming the pool, the driver and what is missing, before anything
// is made: no loop file, no loop device (so no physical volume or volume group on one), no pool
// directory, no pool record. (No lvm tool runs here: even `vgs` makes /dev/mapper/control.) The command plans of every lvm operation are in test/unit/lvm-plan.test.ts.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { startAgent } from "../helpers/agent";

t.test("lvm pools on a host without device-mapper", async (t) => {
  const a = await startAgent(t);
  const info = await a.client.host.GetInfo({});
  const cap = info.capabilities.find((c) => c.name === "storage.lvm");
  t.ok(cap, "the probe reports storage.lvm");
  if (cap!.available) {
    t.pass(`this host has device-mapper (${cap!.detail}): the capability error cannot be shown here`);
    return;
  }
  t.match(cap!.detail, /device-mapper/, "and says device-mapper is what is missing");

  const pools = a.client.pools;
  const name = `lv${randomBytes(3).toString("hex")}`;

  await t.test("bad config keys are refused before the capability check", async (t) => {
    await t.rejects(pools.CreateStoragePool({ name, driver: "lvm", config: { "lvm.nope": "1" } }), {
      code: status.INVALID_ARGUMENT, message: /config\["lvm.nope"\]: unknown config key \(allowed: block.filesystem, block.mount_options, lvm.thinpool_name, lvm.vg_name, size, source, volume.size, or user.\*\)/,
    });
    await t.rejects(pools.CreateStoragePool({ name, driver: "lvm", config: { size: "big" } }), { code: status.INVALID_ARGUMENT, message: /config\["size"\]: must be a size/ });
    await t.rejects(pools.CreateStoragePool({ name, driver: "lvm", config: { "volume.size": "1KiB" } }), { code: status.INVALID_ARGUMENT, message: /config\["volume.size"\]: must be at least/ });
    await t.rejects(pools.CreateStoragePool({ name, driver: "lvm", config: { "block.filesystem": "zfs" } }), { code: status.INVALID_ARGUMENT, message: /config\["block.filesystem"\]: must be one of ext4, xfs/ });
  });

  const capabilityError = new RegExp(`this host cannot provide lvm storage pool "${name}" \\(driver lvm\\): .*device-mapper`);
  for (const [what, config] of [
    ["a VG on a loop file", { size: "256MiB" }],
    ["an existing VG", { "lvm.vg_name": "corraltestvg" }],
  ] as const) {
    await t.test(`${what}: a capability error, nothing made`, async (t) => {
      const loopsBefore = (await run("losetup", ["--list", "--noheadings", "--output", "BACK-FILE"])).stdout;
      await t.rejects(pools.CreateStoragePool({ name, driver: "lvm", config }), { code: status.FAILED_PRECONDITION, message: capabilityError });
      t.same((await pools.ListStoragePools({})).pools.map((p) => p.name), [], "no pool recorded");
      t.notOk(existsSync(join(a.dataDir, "storage-pools", name)), "no pool directory");
      t.same(existsSync(join(a.dataDir, "disks")) ? readdirSync(join(a.dataDir, "disks")) : [], [], "no loop file");
      const loopsAfter = (await run("losetup", ["--list", "--noheadings", "--output", "BACK-FILE"])).stdout;
      t.equal(loopsAfter, loopsBefore, "no loop device attached");
      t.notOk(loopsAfter.includes(a.dataDir), "none backed by the agent's files");
    });
  }

  await t.test("the CLI shows the same error", async (t) => {
    const res = await a.cli(["storage", "create", name, "lvm", "size=256MiB"], { okCodes: [1] });
    t.match(res.stderr, capabilityError);
    t.notOk(existsSync(join(a.dataDir, "storage-pools", name)));
  });
});
