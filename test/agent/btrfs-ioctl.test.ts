// corral-exec-helper --btrfs (agent/storage/drivers/btrfs/btrfs-ioctl.c): the btrfs pool driver's
// subvolume snapshot, create and delete, made with the kernel's ioctls, on a real btrfs (a loop
// file, quotas on as in a pool). Each case runs twice: the binary started by node's spawn (its
// main()), and through the agent's spawn helper, which runs it in its forked child without an exec.
// Both give what btrfs-progs gives (a snapshot of the source, read-only with -r, a qgroup of its
// own) and the same errors, which say what failed and why. The driver's wrappers (cli.ts) then do
// the same whether the helper or btrfs-progs (a build without gcc) makes them.
import t from "tap";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, run } from "../../agent/host/run";
import { enableSpawnHelper, helperBinary } from "../../agent/host/spawner";
import * as cli from "../../agent/storage/drivers/btrfs/cli";

const binary = helperBinary();
if (!binary) {
  t.comment("skipped: dist/corral-exec-helper is not built (npm run build, with gcc)");
} else {
  const dir = mkdtempSync(join(tmpdir(), "corral-btrfs-ioctl-"));
  const mnt = join(dir, "mnt");
  t.teardown(async () => {
    await run("umount", [mnt]).catch(() => undefined); // the loop device goes with it (autoclear)
    rmSync(dir, { recursive: true, force: true });
  });

  const btrfs = (args: string[]) => run(binary, ["--btrfs", ...args]);
  /** The outcome of one call: ok, or its exit code and stderr. */
  const outcome = (args: string[]) =>
    btrfs(args).then(
      (r) => ({ ok: true, stdout: r.stdout }),
      (e: unknown) => (e instanceof CommandError ? { ok: false, code: e.exitCode, stderr: e.stderr } : { ok: false, thrown: String(e) }),
    );
  const show = async (path: string) => {
    const out = (await run("btrfs", ["subvolume", "show", path])).stdout;
    const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*)$`, "m").exec(out)?.[1]?.trim();
    return { uuid: field("UUID"), parent: field("Parent UUID"), id: Number(field("Subvolume ID")) };
  };
  const subvolumes = async () => (await run("btrfs", ["subvolume", "list", mnt])).stdout.split("\n").map((l) => l.split(" path ")[1]).filter(Boolean);
  const readonly = async (path: string) => (await run("btrfs", ["property", "get", path, "ro"])).stdout.trim();

  t.before(async () => {
    mkdirSync(mnt);
    await run("truncate", ["-s", "512M", join(dir, "fs.img")]);
    await run("mkfs.btrfs", ["-q", "-f", join(dir, "fs.img")]);
    await run("mount", ["-o", "loop", join(dir, "fs.img"), mnt]);
    await run("btrfs", ["quota", "enable", mnt]);
    await run("btrfs", ["subvolume", "create", join(mnt, "src")]);
    writeFileSync(join(mnt, "src", "hello"), "world\n");
  });

  for (const route of ["spawned", "helper"] as const) {
    t.test(`${route}: what btrfs-progs makes`, async (t) => {
      enableSpawnHelper(route === "helper" ? binary : undefined);
      t.teardown(() => enableSpawnHelper(undefined));
      const at = (name: string) => join(mnt, `${route}-${name}`);
      const src = await show(join(mnt, "src"));

      await btrfs(["snapshot", join(mnt, "src"), at("rw")]);
      t.equal((await show(at("rw"))).parent, src.uuid, "a snapshot of the source");
      t.equal(readFileSync(join(at("rw"), "hello"), "utf8"), "world\n", "with its files");
      writeFileSync(join(at("rw"), "more"), "x");
      t.equal(await readonly(at("rw")), "ro=false", "writable");
      await run("btrfs", ["subvolume", "snapshot", join(mnt, "src"), at("progs")]);
      t.equal(await readonly(at("progs")), "ro=false", "as btrfs-progs' snapshot");

      await btrfs(["snapshot", "-r", join(mnt, "src"), at("ro")]);
      t.equal((await show(at("ro"))).parent, src.uuid, "-r: a snapshot of the source");
      t.equal(await readonly(at("ro")), "ro=true", "-r: read-only");

      await btrfs(["create", at("new")]);
      const made = await show(at("new"));
      t.ok(made.id > 0 && made.parent === "-", "create: a subvolume of its own");
      const qgroups = (await run("btrfs", ["qgroup", "show", "-r", "--raw", mnt])).stdout;
      for (const p of [at("rw"), at("ro"), at("new")]) t.match(qgroups, new RegExp(`^0/${(await show(p)).id}\\s`, "m"), `${p}: its qgroup, as with btrfs-progs`);

      for (const p of [at("rw"), at("ro"), at("new"), at("progs")]) await btrfs(["delete", p]);
      for (const p of [at("rw"), at("ro"), at("new"), at("progs")]) t.notOk(existsSync(p), `delete: ${p} is gone`);
      t.same(await subvolumes(), ["src"], "and no longer listed");
    });

    t.test(`${route}: errors name the operation, the path and the reason; nothing is made`, async (t) => {
      enableSpawnHelper(route === "helper" ? binary : undefined);
      t.teardown(() => enableSpawnHelper(undefined));
      const at = (name: string) => join(mnt, `${route}-e-${name}`);
      const before = await subvolumes();

      await btrfs(["snapshot", join(mnt, "src"), at("taken")]);
      t.same(await outcome(["snapshot", join(mnt, "src"), at("taken")]), { ok: false, code: 1, stderr: `ERROR: cannot snapshot to '${at("taken")}': File exists\n` }, "an existing target");
      mkdirSync(at("plain"));
      t.same(await outcome(["snapshot", at("plain"), at("x")]), { ok: false, code: 1, stderr: `ERROR: cannot snapshot '${at("plain")}': not a btrfs subvolume\n` }, "a source that is no subvolume");
      t.same(await outcome(["delete", at("plain")]), { ok: false, code: 1, stderr: `ERROR: cannot delete subvolume '${at("plain")}': not a btrfs subvolume\n` }, "deleting a plain directory");
      t.same(await outcome(["delete", at("missing")]), { ok: false, code: 1, stderr: `ERROR: cannot delete subvolume '${at("missing")}': No such file or directory\n` }, "deleting what is not there");
      t.same(await outcome(["snapshot", join(mnt, "src"), join(dir, "elsewhere")]), { ok: false, code: 1, stderr: `ERROR: cannot snapshot to '${join(dir, "elsewhere")}': Invalid cross-device link\n` }, "a target outside the filesystem");
      t.same(await outcome(["snapshot", join(mnt, "src"), join(mnt, "no-dir", "x")]), { ok: false, code: 1, stderr: `ERROR: cannot snapshot to '${join(mnt, "no-dir", "x")}': No such file or directory\n` }, "a target in a missing directory");
      t.same(await outcome(["create", `${mnt}/..`]), { ok: false, code: 1, stderr: `ERROR: cannot create subvolume '${mnt}/..': Invalid argument\n` }, "a target that names no entry");
      // The driver deletes nested subvolumes first when it sees this (volumes.ts deleteSubvolumeTree).
      await btrfs(["create", join(at("taken"), "nested")]);
      t.match(await outcome(["delete", at("taken")]), { ok: false, code: 1, stderr: /Directory not empty/ }, "a subvolume with one nested in it");
      t.match(await outcome(["bogus"]), { ok: false, code: 2, stderr: /^usage: .* --btrfs snapshot \[-r\] SRC DST \| create PATH \| delete PATH\n$/ }, "an unknown operation");

      await btrfs(["delete", join(at("taken"), "nested")]);
      await btrfs(["delete", at("taken")]);
      rmSync(at("plain"), { recursive: true });
      t.same(await subvolumes(), before, "no subvolume left behind");
    });
  }

  for (const maker of ["helper", "btrfs-progs"] as const) {
    t.test(`the driver's subvolume wrappers through ${maker}`, async (t) => {
      cli.setSubvolumeHelper(maker === "helper" ? binary : undefined);
      enableSpawnHelper(binary);
      t.teardown(() => {
        cli.setSubvolumeHelper(null);
        enableSpawnHelper(undefined);
      });
      const at = (name: string) => join(mnt, `cli-${maker}-${name}`);
      const src = await show(join(mnt, "src"));
      await cli.subvolumeSnapshot(join(mnt, "src"), at("rw"));
      await cli.subvolumeSnapshot(join(mnt, "src"), at("ro"), { readonly: true });
      await cli.subvolumeCreate(at("new"));
      t.equal((await show(at("rw"))).parent, src.uuid, "a snapshot");
      t.equal(await readonly(at("rw")), "ro=false", "writable");
      t.equal(await readonly(at("ro")), "ro=true", "read-only");
      t.equal((await show(at("new"))).parent, "-", "a new subvolume");
      await cli.subvolumeCreate(join(at("rw"), "nested"));
      const err = await cli.subvolumeDelete(at("rw")).then(() => undefined, (e: unknown) => e);
      t.ok(err instanceof CommandError && /Directory not empty/.test(err.stderr), "a nested subvolume: the error the driver looks for");
      for (const p of [join(at("rw"), "nested"), at("rw"), at("ro"), at("new")]) await cli.subvolumeDelete(p);
      t.same(await subvolumes(), ["src"], "all deleted");
    });
  }
}
