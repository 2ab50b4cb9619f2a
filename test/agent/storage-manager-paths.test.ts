// Two storage manager paths through a real agent, on dir (a spare renamed into place) and btrfs (a
// snapshot of the image): an instance's root volume is cloned first and a leftover volume of its
// name (a crash between making the volume and recording the instance) is removed only when the
// clone clashes with it, so the create still succeeds and the leftover's content is gone; and a
// sized filesystem custom volume is made at its size in one driver call (a btrfs qgroup limit; a
// dir pool refuses it and keeps nothing).
import t from "tap";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { qgroupShow } from "../../agent/storage/drivers/btrfs/cli";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent } from "../helpers/agent";

t.test("root clone over a leftover, sized custom volumes", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-leftover-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const a = await startAgent(t);
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);

  for (const [driver, config] of [["dir", []], ["btrfs", ["size=256MiB"]]] as const) {
    await t.test(driver, async (t) => {
      const pool = `lo${driver}`;
      const ct = `c-${driver}`;
      await a.cli(["storage", "create", pool, driver, ...config]);
      const vol = join(a.dataDir, "storage-pools", pool, "containers", ct);
      await a.cli(["init", "busybox", "warm", "--storage", pool]); // unpacks the image (and, on dir, makes spares)
      await a.cli(["delete", "warm"]);
      if (driver === "btrfs") await run("btrfs", ["subvolume", "create", vol]);
      else mkdirSync(vol);
      writeFileSync(join(vol, "stale"), "from a crashed create\n");

      await a.cli(["init", "busybox", ct, "--storage", pool]);
      t.notOk(existsSync(join(vol, "stale")), "the leftover's content is gone");
      t.ok(existsSync(join(vol, "rootfs", "bin", "busybox")), "the clone of the image is in its place");
      await a.cli(["delete", ct]);
      // The root disk is freed just after the delete answers.
      await eventually(`${vol} to be freed`, async () => (existsSync(vol) ? undefined : true), 30_000, 50);
      t.pass("deleted with the instance");

      const custom = join(a.dataDir, "storage-pools", pool, "custom", "sized");
      if (driver === "btrfs") {
        await a.cli(["storage", "volume", "create", pool, "sized", "size=32MiB"]);
        t.equal((await qgroupShow(custom)).limit, 32 * 2 ** 20, "a sized volume has its limit");
        await a.cli(["storage", "volume", "delete", pool, "sized"]);
      } else {
        const res = await a.cli(["storage", "volume", "create", pool, "sized", "size=32MiB"], { okCodes: [1] });
        t.match(res.stderr, /cannot limit a volume's size/, "dir refuses a size");
        t.notOk(existsSync(custom), "and keeps no volume");
        t.notMatch((await a.cli(["storage", "volume", "list", pool])).stdout, /sized/, "nor a record");
      }
      await a.cli(["storage", "delete", pool]);
    });
  }
});
