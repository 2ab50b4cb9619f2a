// The pure parts of copies and backups: the tar command lines (run for real on temp dirs whose
// paths hold regex characters), the index rules, and the CLI's copy arguments.
import t from "tap";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { randomBytes } from "node:crypto";
import { parseIndex, renderIndex, tarCreateArgs, tarExtractArgs, writeTar, type BackupIndex } from "../../agent/instances/backup";
import { buildCopyRequest, parseCopySource } from "../../agent/cli/copy";
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";

const TYPES = ["container", "virtual-machine"];
const index = (over: Partial<BackupIndex> = {}): BackupIndex => ({
  name: "c1", type: "container", backend: "zfs", pool: "p", optimized: false, snapshots: ["s1"],
  config: { instance: { profiles: [], config: { "limits.cpu": "1" }, devices: { root: { type: "disk", path: "/", pool: "p" } }, ephemeral: false, description: "", image: "ab", created_at: "x" }, snapshots: [{ name: "s1", created_at: "y" }] },
  ...over,
});

t.test("tar: parts stored under their member names, symlink targets untouched", async (t) => {
  const base = mkdtempSync(join(tmpdir(), "corral-bk-[a.b]*-"));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  const vol = join(base, "vol.1");
  const snap = join(base, "vol.1x"); // shares a prefix with vol.1: the anchored transforms keep them apart
  for (const d of [vol, snap]) mkdirSync(join(d, "rootfs", "etc"), { recursive: true });
  writeFileSync(join(vol, "rootfs", "etc", "f"), "now");
  writeFileSync(join(snap, "rootfs", "etc", "f"), "then");
  symlinkSync(`${vol}/rootfs/etc/f`, join(vol, "rootfs", "abs-link"));
  writeFileSync(join(base, "index.yaml"), renderIndex(index()));
  const tarFile = join(base, "b.tar");
  const args = tarCreateArgs([
    { dir: join(base, "index.yaml"), member: "backup/index.yaml" },
    { dir: snap, member: "backup/snapshots/s1" },
    { dir: vol, member: "backup/container" },
  ]);
  const made = spawnSync("tar", args, { maxBuffer: 1 << 24 });
  t.equal(made.status, 0, made.stderr.toString());
  writeFileSync(tarFile, made.stdout);
  const listed = spawnSync("tar", ["-tvf", tarFile]).stdout.toString();
  const names = spawnSync("tar", ["-tf", tarFile]).stdout.toString().split("\n").filter(Boolean);
  t.equal(names[0], "backup/index.yaml");
  t.ok(names.includes("backup/snapshots/s1/rootfs/etc/f"));
  t.ok(names.includes("backup/container/rootfs/etc/f"));
  t.notOk(names.some((n) => n.includes("vol.1")), "no host path is left in a member name");
  t.match(listed, `backup/container/rootfs/abs-link -> ${vol}/rootfs/etc/f`, "a symlink's target is kept as it was");

  const out = join(base, "out");
  mkdirSync(out);
  const x = spawnSync("tar", tarExtractArgs(tarFile, "backup/snapshots/s1", out));
  t.equal(x.status, 0, x.stderr.toString());
  t.equal(spawnSync("cat", [join(out, "rootfs", "etc", "f")]).stdout.toString(), "then", "one part extracted into the directory");
});

t.test("writeTar resolves only once its stream took every byte, however slowly it writes", async (t) => {
  const base = mkdtempSync(join(tmpdir(), "corral-bk-slow-"));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  // An odd size, so tar's last chunk is small: a slow stream (an export's gRPC call waiting for its
  // client) still has it buffered when tar ends.
  const content = randomBytes(300_001);
  mkdirSync(join(base, "vol"));
  writeFileSync(join(base, "vol", "f"), content);
  const args = tarCreateArgs([{ dir: join(base, "vol"), member: "backup/container" }]);
  const want = spawnSync("tar", args, { maxBuffer: 1 << 24 }).stdout;
  const got: Buffer[] = [];
  const slow = new Writable({ write: (chunk: Buffer, _enc, done) => setTimeout(() => (got.push(chunk), done()), 5) });
  await writeTar(args, slow, new AbortController().signal);
  t.equal(Buffer.concat(got).length, want.length, "every byte was written when the promise resolved");
  writeFileSync(join(base, "b.tar"), Buffer.concat(got));
  const x = spawnSync("tar", ["--extract", "--to-stdout", "--file", join(base, "b.tar"), "backup/container/f"], { maxBuffer: 1 << 24 });
  t.equal(x.status, 0, x.stderr.toString());
  t.ok(x.stdout.equals(content), "and they are the whole archive");
});

t.test("index.yaml rules", async (t) => {
  t.same(parseIndex(renderIndex(index()), TYPES), index(), "round trip");
  const bad = (text: string, msg: RegExp) => t.throws(() => parseIndex(text, TYPES), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: msg });
  bad("{", /backup: index.yaml is not YAML/);
  bad("just text", /must be a mapping/);
  bad(renderIndex(index({ type: "pod" as never })), /type must be one of container, virtual-machine/);
  bad(renderIndex(index({ snapshots: ["../x"] })), /snapshot name/);
  bad(renderIndex(index({ name: "bad_name" })), /backup name/);
  bad(renderIndex({ ...index(), config: { instance: { ...index().config.instance, devices: { root: { type: 1 } } as never }, snapshots: [] } }), /needs config.instance/);
});

t.test("corral copy arguments", async (t) => {
  t.same(parseCopySource("c1"), { instance: "c1", snapshot: undefined });
  t.same(parseCopySource("c1/s1"), { instance: "c1", snapshot: "s1" });
  for (const bad of ["/s1", "c1/", "c1/s1/x"]) t.throws(() => parseCopySource(bad), { message: /expected NAME or NAME\/SNAPSHOT/ });
  const src = {
    name: "c1", type: "container", config: { a: "1" }, profiles: ["default"], ephemeral: false, description: "d",
    devices: { eth0: { properties: { type: "nic", network: "n" } } },
    expanded_devices: { root: { properties: { type: "disk", path: "/", pool: "p", size: "1GiB" } }, eth0: { properties: { type: "nic", network: "n" } } },
  } as unknown as Instance__Output;
  const same = buildCopyRequest(src, "s1", "c2", {});
  t.match(same, { name: "c2", image: undefined, source: { instance: "c1", snapshot: "s1" }, profiles: ["default"], profiles_set: true, start: false });
  t.same(Object.keys(same.devices!), ["eth0"], "the source's own devices; the root disk stays the profile's");
  const moved = buildCopyRequest(src, undefined, "c3", { pool: "q", start: true });
  t.same(moved.devices!.root, { properties: { type: "disk", path: "/", pool: "q", size: "1GiB" } }, "the profile's root disk, on the other pool");
  t.match(moved, { source: { instance: "c1", snapshot: "" }, start: true });
});
