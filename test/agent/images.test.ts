import t, { type Test } from "tap";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CorralError } from "../../agent/errors";
import { ImageReceiver, importImageFiles, type ImageRecord } from "../../agent/images/import";
import { unpackImage } from "../../agent/images/unpack";
import { busyboxMetadata } from "../fixtures/busybox-rootfs";
import { debianImage } from "../fixtures/debian-image";
import { buildBusyboxImage, tarCreate, type FixtureCompression } from "../fixtures/images";

function tempDir(t: Test, what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `corral-images-${what}-${randomBytes(3).toString("hex")}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function subDir(dir: string, name: string): string {
  mkdirSync(join(dir, name));
  return join(dir, name);
}

const sha256sum = (...paths: string[]): string =>
  execFileSync("sha256sum", [], { input: Buffer.concat(paths.map((p) => readFileSync(p))) }).toString().split(" ")[0]!;

/** Files in the store directory, ignoring the (empty) upload staging area. */
const storeFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n !== ".incoming").sort() : []);

/** Adds the things an unpack must reproduce: owners, modes, symlinks, hardlinks, devices. */
function addSpecialFiles(rootfs: string): void {
  writeFileSync(join(rootfs, "etc/owned"), "secret\n");
  chownSync(join(rootfs, "etc/owned"), 1234, 2345);
  chmodSync(join(rootfs, "etc/owned"), 0o640);
  writeFileSync(join(rootfs, "bin/suid"), "#!/bin/sh\n");
  chmodSync(join(rootfs, "bin/suid"), 0o4755);
  symlinkSync("../etc/owned", join(rootfs, "root/link"));
  linkSync(join(rootfs, "etc/hostname"), join(rootfs, "etc/hostname.hard"));
  execFileSync("mknod", ["-m", "0620", join(rootfs, "dev/null-ish"), "c", "1", "3"]);
  execFileSync("mkfifo", [join(rootfs, "dev/fifo")]);
}

function checkSpecialFiles(t: Test, rootfs: string): void {
  const owned = statSync(join(rootfs, "etc/owned"));
  t.equal(owned.uid, 1234, "uid kept");
  t.equal(owned.gid, 2345, "gid kept");
  t.equal(owned.mode & 0o7777, 0o640, "mode kept");
  t.equal(readFileSync(join(rootfs, "etc/owned"), "utf8"), "secret\n", "content kept");
  t.equal(statSync(join(rootfs, "bin/suid")).mode & 0o7777, 0o4755, "setuid bit kept");
  t.equal(readlinkSync(join(rootfs, "root/link")), "../etc/owned", "symlink kept");
  t.equal(readlinkSync(join(rootfs, "sbin/init")), "/bin/busybox", "absolute symlink kept as is");
  t.equal(statSync(join(rootfs, "etc/hostname")).ino, statSync(join(rootfs, "etc/hostname.hard")).ino, "hardlink kept");
  const dev = lstatSync(join(rootfs, "dev/null-ish"));
  t.ok(dev.isCharacterDevice(), "device node kept");
  t.equal(dev.rdev, (1 << 8) | 3, "device numbers kept");
  t.equal(dev.mode & 0o777, 0o620, "device mode kept");
  t.ok(lstatSync(join(rootfs, "dev/fifo")).isFIFO(), "fifo kept");
  t.equal(statSync(join(rootfs, "tmp")).mode & 0o7777, 0o1777, "sticky dir kept");
  t.equal(statSync(join(rootfs, "bin/busybox")).mode & 0o777, 0o755, "executable kept");
}

function checkBusyboxRecord(t: Test, rec: ImageRecord, fingerprint: string, split: boolean): void {
  t.equal(rec.fingerprint, fingerprint, "fingerprint as LXD computes it");
  t.equal(rec.type, "container");
  t.equal(rec.architecture, "x86_64");
  t.equal(rec.split, split);
  t.same(rec.properties, { os: "busybox", release: "1.35", description: "BusyBox test image" }, "properties from metadata.yaml");
  t.match(rec.createdAt, /^\d{4}-\d\d-\d\dT/);
  t.same(rec.templates, []);
}

function expectInvalid(t: Test, err: unknown, field: string, message: RegExp): void {
  t.ok(err instanceof CorralError, "a CorralError");
  const e = err as CorralError;
  t.equal(e.code, "CORRAL_ERR_INVALID_ARGUMENT");
  t.equal(e.field, field);
  t.match(e.message, message);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

t.test("unified images in every compression: fingerprint, metadata, store layout", async (t) => {
  for (const compression of ["gzip", "xz", "zstd", "bzip2", "none"] as FixtureCompression[]) {
    const dir = tempDir(t, "unified");
    const img = buildBusyboxImage(dir, { compression });
    const expected = sha256sum(img.metaPath);
    t.equal(img.fingerprint, expected, `${compression}: fixture fingerprint`);
    const imagesDir = join(dir, "images");
    const rec = await importImageFiles(imagesDir, { metaPath: img.metaPath });
    checkBusyboxRecord(t, rec, expected, false);
    t.equal(rec.sizeBytes, statSync(join(imagesDir, expected)).size, "size of the stored file");
    t.same(storeFiles(imagesDir), [expected], "stored under the fingerprint");
    t.notOk(existsSync(img.metaPath), "input file moved");
  }
  // Members stored as "./metadata.yaml", "./rootfs/..." (tar -C dir .) are read the same way.
  const dir = tempDir(t, "dot");
  buildBusyboxImage(dir);
  const dotted = join(dir, "dotted.tar.gz");
  tarCreate(dotted, join(dir, "image-src"), ["."]);
  const rec = await importImageFiles(join(dir, "images"), { metaPath: dotted });
  t.equal(rec.type, "container", "./rootfs/ is a container rootfs");
  t.equal(rec.properties.os, "busybox", "./metadata.yaml is read");
});

t.test("split images: tarball and squashfs rootfs", async (t) => {
  for (const squashfs of [false, true]) {
    const dir = tempDir(t, "split");
    const img = buildBusyboxImage(dir, { split: true, squashfs, compression: squashfs ? "gzip" : "xz" });
    const expected = sha256sum(img.metaPath, img.rootfsPath!);
    t.equal(img.fingerprint, expected, "cat meta rootfs | sha256sum");
    const imagesDir = join(dir, "images");
    const rec = await importImageFiles(imagesDir, { metaPath: img.metaPath, rootfsPath: img.rootfsPath });
    checkBusyboxRecord(t, rec, expected, true);
    t.same(storeFiles(imagesDir), [expected, `${expected}.rootfs`]);
    t.equal(rec.sizeBytes, statSync(join(imagesDir, expected)).size + statSync(join(imagesDir, `${expected}.rootfs`)).size);
  }
});

t.test("streaming upload: hashing while writing, expected fingerprint, abort", async (t) => {
  const dir = tempDir(t, "recv");
  const unified = buildBusyboxImage(subDir(dir, "u"));
  const split = buildBusyboxImage(subDir(dir, "s"), { split: true });
  const imagesDir = join(dir, "images");
  const chunks = (p: string): Buffer[] => {
    const b = readFileSync(p);
    const out: Buffer[] = [];
    for (let i = 0; i < b.length; i += 65536) out.push(b.subarray(i, i + 65536));
    return out;
  };

  const r1 = new ImageReceiver(imagesDir, { expectedFingerprint: unified.fingerprint.toUpperCase() });
  for (const c of chunks(unified.metaPath)) await r1.writeMeta(c);
  const rec1 = await r1.finish();
  checkBusyboxRecord(t, rec1, unified.fingerprint, false);
  t.same(readFileSync(join(imagesDir, unified.fingerprint)), readFileSync(unified.metaPath), "stored bytes equal the upload");

  const r2 = new ImageReceiver(imagesDir);
  for (const c of chunks(split.metaPath)) void r2.writeMeta(c); // not awaited: calls are queued in order
  void r2.beginRootfs();
  for (const c of chunks(split.rootfsPath!)) void r2.writeRootfs(c);
  const rec2 = await r2.finish();
  checkBusyboxRecord(t, rec2, split.fingerprint, true);

  const again = new ImageReceiver(imagesDir);
  for (const c of chunks(unified.metaPath)) await again.writeMeta(c);
  const dup = await rejection(again.finish());
  t.equal((dup as CorralError).code, "CORRAL_ERR_ALREADY_EXISTS", "same image twice");

  const wrong = new ImageReceiver(imagesDir, { expectedFingerprint: "0".repeat(64) });
  for (const c of chunks(split.metaPath)) await wrong.writeMeta(c);
  await wrong.beginRootfs();
  for (const c of chunks(split.rootfsPath!)) await wrong.writeRootfs(c);
  expectInvalid(t, await rejection(wrong.finish()), "fingerprint", /^fingerprint: does not match/);
  await t.rejects(wrong.writeMeta(Buffer.from("x")), { code: "CORRAL_ERR_FAILED_PRECONDITION" }, "no writes after finish");

  t.throws(() => new ImageReceiver(imagesDir, { expectedFingerprint: "abc" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "fingerprint" });

  const aborted = new ImageReceiver(imagesDir);
  await aborted.writeMeta(readFileSync(unified.metaPath).subarray(0, 1000));
  await aborted.abort();
  await aborted.abort();

  t.same(storeFiles(imagesDir), [unified.fingerprint, split.fingerprint, `${split.fingerprint}.rootfs`].sort(), "failed uploads left nothing");
  t.same(readdirSync(join(imagesDir, ".incoming")), [], "no staging files left");
});

t.test("bad images are rejected naming the field, leaving nothing behind", async (t) => {
  const dir = tempDir(t, "bad");
  const imagesDir = join(dir, "images");
  const cases: { name: string; metadata: string; field: string; message: RegExp }[] = [
    { name: "no architecture", metadata: "creation_date: 1700000000\n", field: "metadata.yaml: architecture", message: /^metadata\.yaml: architecture: is required/ },
    { name: "unknown architecture", metadata: "architecture: vax\ncreation_date: 1700000000\n", field: "metadata.yaml: architecture", message: /known architecture/ },
    { name: "no creation_date", metadata: "architecture: x86_64\n", field: "metadata.yaml: creation_date", message: /creation_date: is required/ },
    { name: "bad creation_date", metadata: "architecture: x86_64\ncreation_date: yesterday\n", field: "metadata.yaml: creation_date", message: /seconds since the Unix epoch/ },
    { name: "nested property", metadata: "architecture: x86_64\ncreation_date: 1\nproperties:\n  os: {a: b}\n", field: "metadata.yaml: properties.os", message: /must be a string/ },
    { name: "not YAML", metadata: "architecture: [x86_64\n", field: "metadata.yaml", message: /must be valid YAML/ },
    { name: "not a mapping", metadata: "- a\n- b\n", field: "metadata.yaml", message: /mapping/ },
    { name: "missing template file", metadata: "architecture: x86_64\ncreation_date: 1\ntemplates:\n  /etc/hostname:\n    when: [create]\n    template: hostname.tpl\n", field: "metadata.yaml: templates./etc/hostname.template", message: /not in the image/ },
  ];
  for (const c of cases) {
    const d = join(dir, c.name.replace(/ /g, "-"));
    mkdirSync(d);
    const img = buildBusyboxImage(d, { metadata: c.metadata });
    const err = await rejection(importImageFiles(imagesDir, { metaPath: img.metaPath }));
    expectInvalid(t, err, c.field, c.message);
    t.ok(existsSync(img.metaPath), `${c.name}: input left in place`);
  }

  // A tarball without metadata.yaml.
  const src = join(dir, "nometa");
  mkdirSync(join(src, "rootfs"), { recursive: true });
  writeFileSync(join(src, "rootfs/hello"), "hi\n");
  tarCreate(join(dir, "nometa.tar.gz"), src, ["rootfs"]);
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: join(dir, "nometa.tar.gz") })), "image", /^image: must contain metadata\.yaml/);

  // metadata.yaml but neither rootfs/ nor rootfs.img.
  const src2 = join(dir, "norootfs");
  mkdirSync(src2);
  writeFileSync(join(src2, "metadata.yaml"), busyboxMetadata());
  tarCreate(join(dir, "norootfs.tar.gz"), src2, ["metadata.yaml"]);
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: join(dir, "norootfs.tar.gz") })), "image", /rootfs\//);

  // Not an image at all.
  writeFileSync(join(dir, "junk"), "hello, this is not a tarball\n".repeat(40));
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: join(dir, "junk") })), "image", /must be a tarball/);

  // A split rootfs that is not a known format.
  const sd = join(dir, "split-junk");
  mkdirSync(sd);
  const split = buildBusyboxImage(sd, { split: true });
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: split.metaPath, rootfsPath: join(dir, "junk") })), "image rootfs", /must be a tarball/);

  // Expected fingerprint that does not match.
  expectInvalid(
    t,
    await rejection(importImageFiles(imagesDir, { metaPath: split.metaPath, rootfsPath: split.rootfsPath }, { expectedFingerprint: "f".repeat(64) })),
    "fingerprint",
    /does not match/,
  );
  t.same(storeFiles(imagesDir), [], "nothing imported");
});

t.test("unpack reproduces owners, modes, links and devices (unified, split tar, split squashfs)", async (t) => {
  const variants: { name: string; split: boolean; squashfs: boolean }[] = [
    { name: "unified", split: false, squashfs: false },
    { name: "split-tar", split: true, squashfs: false },
    { name: "split-squashfs", split: true, squashfs: true },
  ];
  for (const v of variants) {
    t.test(v.name, async (t) => {
      const dir = tempDir(t, `unpack-${v.name}`);
      const img = buildBusyboxImage(dir, { split: v.split, squashfs: v.squashfs, customize: addSpecialFiles });
      const imagesDir = join(dir, "images");
      const rec = await importImageFiles(imagesDir, { metaPath: img.metaPath, rootfsPath: img.rootfsPath });
      const target = join(dir, "volume");
      mkdirSync(target);
      const stages: string[] = [];
      await unpackImage(imagesDir, rec.fingerprint, rec.split, target, { onProgress: (p) => stages.push(p.stage) });
      t.equal(stages.at(-1), "done");
      t.same(readdirSync(target).sort(), ["metadata.yaml", "rootfs", "templates"]);
      t.equal(readFileSync(join(target, "metadata.yaml"), "utf8"), readFileSync(join(dir, "image-src/metadata.yaml"), "utf8"));
      checkSpecialFiles(t, join(target, "rootfs"));
      t.equal(statSync(join(target, "rootfs")).uid, 0);
      await t.rejects(unpackImage(imagesDir, rec.fingerprint, rec.split, target), { code: "CORRAL_ERR_FAILED_PRECONDITION" }, "refuses a non-empty target");
    });
  }
});

// ---- a hand-made hostile tarball ---------------------------------------------------------------

function tarHeader(name: string, type: "0" | "2" | "5", size: number, linkname = ""): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.write("00000000000\0", 136);
  h.write("        ", 148);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write("ustar\0" + "00", 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

function hostileTar(entries: { name: string; type: "0" | "2" | "5"; data?: string; link?: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? "");
    parts.push(tarHeader(e.name, e.type, data.length, e.link));
    if (data.length) parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

t.test("a hostile archive cannot write outside the target", async (t) => {
  const dir = tempDir(t, "evil");
  const outside = join(dir, "outside");
  mkdirSync(outside);
  const meta = { name: "metadata.yaml", type: "0" as const, data: "architecture: x86_64\ncreation_date: 1700000000\n" };

  // Symlinks that point outside, then files written "through" them: no ".." in member names,
  // so import accepts the archive; the unpack must refuse to follow the links.
  const through = hostileTar([
    meta,
    { name: "rootfs/", type: "5" },
    { name: "rootfs/abs", type: "2", link: outside },
    { name: "rootfs/abs/pwned", type: "0", data: "pwned" },
    { name: "rootfs/rel", type: "2", link: "../../outside" },
    { name: "rootfs/rel/pwned2", type: "0", data: "pwned" },
    { name: "rootfs/dot", type: "2", link: "." },
    { name: "rootfs/dot/ok", type: "0", data: "inside" },
  ]);
  writeFileSync(join(dir, "through.tar"), through);
  const imagesDir = join(dir, "images");
  const rec = await importImageFiles(imagesDir, { metaPath: join(dir, "through.tar") });
  t.equal(rec.type, "container");
  const target = join(dir, "vol");
  mkdirSync(target);
  await t.rejects(unpackImage(imagesDir, rec.fingerprint, false, target), { code: "CORRAL_ERR_COMMAND_FAILED" }, "tar refuses and the unpack fails");
  t.same(readdirSync(outside), [], "nothing written outside through symlinks");
  t.equal(readFileSync(join(target, "rootfs/ok"), "utf8"), "inside", "a link inside the tree is harmless");

  // Member names that climb out are rejected at import ...
  const climb = hostileTar([meta, { name: "rootfs/", type: "5" }, { name: "../escape", type: "0", data: "pwned" }, { name: "rootfs/../../escape2", type: "0", data: "x" }]);
  writeFileSync(join(dir, "climb.tar"), climb);
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: join(dir, "climb.tar") })), "image", /\.\./);
  const abs = hostileTar([meta, { name: "rootfs/", type: "5" }, { name: join(outside, "abs"), type: "0", data: "pwned" }]);
  writeFileSync(join(dir, "abs.tar"), abs);
  expectInvalid(t, await rejection(importImageFiles(imagesDir, { metaPath: join(dir, "abs.tar") })), "image", /absolute/);

  // ... and even if such files were in the store, unpacking them stays inside the target.
  const fake = "e".repeat(64);
  copyFileSync(join(dir, "climb.tar"), join(imagesDir, fake));
  const target2 = join(dir, "sub", "vol2");
  mkdirSync(target2, { recursive: true });
  await t.rejects(unpackImage(imagesDir, fake, false, target2));
  t.notOk(existsSync(join(dir, "escape")) || existsSync(join(dir, "sub", "escape")) || existsSync(join(dir, "escape2")), "no file above the target");
  const fake2 = "d".repeat(64);
  copyFileSync(join(dir, "abs.tar"), join(imagesDir, fake2));
  const target3 = join(dir, "vol3");
  mkdirSync(target3);
  await unpackImage(imagesDir, fake2, false, target3).catch(() => undefined);
  t.same(readdirSync(outside), [], "absolute member not written at its absolute path");
});

t.test("Debian bookworm systemd image (mmdebstrap, cached)", async (t) => {
  const deb = await debianImage();
  t.equal(deb.fingerprint, sha256sum(deb.metaPath), "cached fingerprint is the tarball's SHA-256");
  const dir = tempDir(t, "debian");
  const copy = join(dir, "debian.tar.gz");
  copyFileSync(deb.metaPath, copy); // import moves its input; the cache must stay
  const imagesDir = join(dir, "images");
  const rec = await importImageFiles(imagesDir, { metaPath: copy }, { expectedFingerprint: deb.fingerprint });
  t.equal(rec.type, "container");
  t.equal(rec.architecture, "x86_64");
  t.equal(rec.properties.os, "debian");
  t.equal(rec.properties.release, "bookworm");
  t.same(rec.templates, ["/etc/hostname"]);
  const target = join(dir, "vol");
  mkdirSync(target);
  await unpackImage(imagesDir, rec.fingerprint, false, target);
  const rootfs = join(target, "rootfs");
  t.equal(readlinkSync(join(rootfs, "usr/sbin/init")), "/lib/systemd/systemd", "/sbin/init is systemd");
  t.ok(statSync(join(rootfs, "usr/lib/systemd/systemd")).isFile());
  t.equal(readFileSync(join(rootfs, "etc/machine-id"), "utf8"), "", "empty machine-id");
  t.notOk(existsSync(join(rootfs, "etc/hostname")), "hostname comes from the container");
  t.match(readFileSync(join(rootfs, "etc/shadow"), "utf8"), /^root:!/m, "root password locked");
  t.ok(lstatSync(join(rootfs, "etc/systemd/system/multi-user.target.wants/systemd-networkd.service")).isSymbolicLink(), "networkd enabled");
  t.match(readFileSync(join(rootfs, "etc/systemd/network/eth0.network"), "utf8"), /DHCP=ipv4/);
  t.equal(statSync(join(rootfs, "etc/shadow")).gid, 42, "numeric group kept (shadow)");
});
