// Bringing image files into the image store: fingerprint exactly as LXD does (SHA-256 of the
// unified tarball, or of the metadata file followed by the rootfs file), read and validate
// metadata.yaml, tell the image type, and move the files into place under their fingerprint.
import { createHash, randomBytes, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, open, rename, rm, stat, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { run } from "../host/run";
import { join } from "node:path";
import { alreadyExists, CorralError, invalid, precondition } from "../errors";
import { Revert } from "../util/revert";
import { debug } from "../util/log";
import { yaml } from "../util/yaml";
import {
  detectFormat,
  listTarball,
  parseMetadata,
  readTarMember,
  splitImageType,
  unifiedImageType,
  type ImageRecord,
  type ImageType,
} from "./format";

export type { ImageRecord } from "./format";

const log = debug("images");

export interface ImageFiles {
  /** The unified tarball, or the metadata tarball of a split image. */
  metaPath: string;
  /** The rootfs of a split image (tarball, squashfs or qcow2). */
  rootfsPath?: string;
}

const FINGERPRINT_RE = /^[0-9a-f]{64}$/;

/** Store paths of an image: `<fp>` and, for split images, `<fp>.rootfs`. */
export function imageFilePaths(imagesDir: string, fingerprint: string): { metaPath: string; rootfsPath: string } {
  return { metaPath: join(imagesDir, fingerprint), rootfsPath: join(imagesDir, `${fingerprint}.rootfs`) };
}

/** Checks a caller-supplied full fingerprint (64 lowercase hex) and returns it lowercased. */
export function parseFingerprint(value: string, field = "fingerprint"): string {
  const fp = value.trim().toLowerCase();
  if (!FINGERPRINT_RE.test(fp)) throw invalid(field, "must be 64 hexadecimal characters (a SHA-256)");
  return fp;
}

/** LXD's fingerprint: SHA-256 over the metadata (or unified) file then the rootfs file. */
export async function computeFingerprint(files: ImageFiles): Promise<string> {
  const h = createHash("sha256");
  for (const p of [files.metaPath, files.rootfsPath]) {
    if (p === undefined) continue;
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
  }
  return h.digest("hex");
}

/** Reads an image's files (not moving them) into a record; the fingerprint is computed unless given. */
export async function inspectImageFiles(files: ImageFiles, opts: { fingerprint?: string; signal?: AbortSignal } = {}): Promise<ImageRecord> {
  const split = files.rootfsPath !== undefined;
  const metaField = split ? "image metadata" : "image";
  const metaFormat = await detectFormat(files.metaPath, metaField);
  if (metaFormat.kind !== "tar") throw invalid(metaField, `must be a tarball containing metadata.yaml, not a ${metaFormat.kind} file`);
  // metadata.yaml is read while the tarball is listed (two tar runs at once); the read counts when
  // the listing finds it stored under that very name.
  const early = readTarMember(files.metaPath, metaFormat.compression, "metadata.yaml", opts.signal).catch(() => undefined);
  const entries = await listTarball(files.metaPath, metaFormat.compression, metaField, opts.signal);
  const names = entries.map((e) => e.name);
  // The stored name may be "./metadata.yaml", which tar only matches literally.
  const metaEntry = entries.find((e) => e.name === "metadata.yaml");
  if (!metaEntry) throw invalid(metaField, "must contain metadata.yaml at the top level");
  const text = metaEntry.stored === "metadata.yaml" ? await early : undefined;
  const meta = parseMetadata(text ?? (await readTarMember(files.metaPath, metaFormat.compression, metaEntry.stored, opts.signal)));

  let type: ImageType;
  if (split) {
    const rootfsFormat = await detectFormat(files.rootfsPath!, "image rootfs");
    type = splitImageType(rootfsFormat);
  } else {
    type = unifiedImageType(names, metaField);
  }
  const templateTargets = Object.keys(meta.templates).sort();
  if (templateTargets.length > 0) {
    for (const target of templateTargets) {
      const file = `templates/${meta.templates[target]!.template}`;
      if (!names.includes(file)) throw invalid(`metadata.yaml: templates.${target}.template`, `names ${file}, which is not in the image`);
    }
  }
  let sizeBytes = (await stat(files.metaPath)).size;
  if (split) sizeBytes += (await stat(files.rootfsPath!)).size;
  const fingerprint = opts.fingerprint ?? (await computeFingerprint(files));
  return {
    fingerprint,
    type,
    architecture: meta.architecture,
    sizeBytes,
    createdAt: meta.createdAt.toISOString(),
    ...(meta.expiresAt ? { expiresAt: meta.expiresAt.toISOString() } : {}),
    properties: meta.properties,
    split,
    templates: templateTargets,
  };
}

/**
 * Validates image files already written to a temporary place and moves them into imagesDir under
 * their fingerprint; on failure the input files are left where they were.
 * Callers serialise imports of the same fingerprint (the image manager's lock).
 */
export async function importImageFiles(
  imagesDir: string,
  files: ImageFiles,
  opts: { expectedFingerprint?: string; signal?: AbortSignal } = {},
): Promise<ImageRecord> {
  const expected = opts.expectedFingerprint ? parseFingerprint(opts.expectedFingerprint) : undefined;
  const fingerprint = await computeFingerprint(files);
  if (expected && expected !== fingerprint) throw invalid("fingerprint", `does not match the image (expected ${expected}, the files hash to ${fingerprint})`);
  return importWithFingerprint(imagesDir, files, fingerprint, opts.signal);
}

/** Imports files whose LXD fingerprint the caller computed while receiving them (no second read). */
export async function importWithFingerprint(imagesDir: string, files: ImageFiles, fingerprint: string, signal?: AbortSignal): Promise<ImageRecord> {
  const record = await inspectImageFiles(files, { fingerprint, signal });
  const dest = imageFilePaths(imagesDir, fingerprint);
  if (await exists(dest.metaPath)) throw alreadyExists(`image ${fingerprint}`);
  await mkdir(imagesDir, { recursive: true, mode: 0o700 });
  await Revert.with(async (r) => {
    // The rootfs first: the metadata file appearing is what makes the image complete.
    if (files.rootfsPath !== undefined) {
      await moveInto(files.rootfsPath, dest.rootfsPath, imagesDir);
      r.add(`move back ${dest.rootfsPath}`, () => moveInto(dest.rootfsPath, files.rootfsPath!, imagesDir));
    }
    await moveInto(files.metaPath, dest.metaPath, imagesDir);
  });
  log("imported %s (%s, %s, split=%s)", fingerprint, record.type, record.architecture, record.split);
  return record;
}

/** rename(), or copy to a temp file beside dest and rename when src is on another filesystem. */
async function moveInto(src: string, dest: string, dir: string): Promise<void> {
  try {
    await rename(src, dest);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
  }
  const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    await copyFile(src, tmp);
    await rename(tmp, dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await unlink(src);
}

/** LXD's architecture names, as metadata.yaml spells them, for the machine names Node reports. */
const HOST_ARCHITECTURE: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };

/** This host's architecture as LXD names it. */
export const hostArchitecture = (): string => HOST_ARCHITECTURE[process.arch] ?? process.arch;

/**
 * Makes a split VM image of a bare qcow2 disk: a metadata tarball (this host's architecture, the
 * import time, a description) beside the disk, which becomes the image's rootfs.img.
 */
async function wrapBareDisk(dir: string, disk: string, description: string, signal?: AbortSignal): Promise<ImageFiles> {
  const rootfsPath = join(dir, "rootfs");
  await rename(disk, rootfsPath);
  const tree = join(dir, "meta-tree");
  await mkdir(tree, { mode: 0o700 });
  const metadata = yaml().stringify({
    architecture: hostArchitecture(),
    creation_date: Math.floor(Date.now() / 1000),
    properties: { description: description || "Imported virtual machine disk" },
  });
  await writeFile(join(tree, "metadata.yaml"), metadata, { mode: 0o644 });
  const metaPath = join(dir, "meta.tar.gz");
  await run("tar", ["--create", "--gzip", "--numeric-owner", "--owner=0", "--group=0", "--file", metaPath, "--directory", tree, "metadata.yaml"], { signal });
  return { metaPath, rootfsPath };
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/**
 * Writes all of buf at the file's position: awaited, so a full disk is an error the caller sees
 * (a write stream would report it as an 'error' event) and back-pressure needs no 'drain'.
 */
export async function writeAll(fh: FileHandle, buf: Uint8Array): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

/** A download's local file that could not be opened, written or closed (a full disk: ENOSPC): the
 * agent's fault, not the remote's. `what`: the download, e.g. its URL. */
export function downloadWriteError(what: string, path: string, e: unknown): CorralError {
  return new CorralError("CORRAL_ERR_INTERNAL", `${what}: writing ${path}: ${(e as Error).message}; nothing was stored`, { cause: e });
}

/**
 * Receives an upload chunk by chunk (the gRPC stream), hashing as it writes so the
 * fingerprint needs no second read; finish() imports it, abort() leaves nothing behind.
 * Calls are queued, so a caller may await each write (back-pressure) or not.
 */
export class ImageReceiver {
  private readonly expected?: string;
  private readonly tmpDir: string;
  private readonly hash: Hash = createHash("sha256");
  private meta?: FileHandle;
  private rootfs?: FileHandle;
  private split = false;
  private state: "receiving" | "finishing" | "done" = "receiving";
  private queue: Promise<unknown> = Promise.resolve();
  private bytes = 0;

  private readonly description: string;

  constructor(
    private readonly imagesDir: string,
    opts: { expectedFingerprint?: string; description?: string } = {},
  ) {
    this.expected = opts.expectedFingerprint ? parseFingerprint(opts.expectedFingerprint) : undefined;
    this.description = opts.description ?? "";
    this.tmpDir = join(imagesDir, ".incoming", randomBytes(8).toString("hex"));
  }

  /** Bytes received so far (for progress). */
  get bytesReceived(): number {
    return this.bytes;
  }

  /** Appends to the unified tarball or the metadata tarball of a split image. */
  writeMeta(buf: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      if (this.split) throw precondition("image upload: metadata data after the rootfs began");
      this.meta ??= await this.openFile("meta");
      await this.append(this.meta, buf);
    });
  }

  /** Marks the end of the metadata file: what follows is the rootfs of a split image. */
  beginRootfs(): Promise<void> {
    return this.enqueue(async () => {
      if (this.split) throw precondition("image upload: rootfs began twice");
      this.meta ??= await this.openFile("meta");
      this.split = true;
      this.rootfs = await this.openFile("rootfs");
    });
  }

  /** Appends to the rootfs file of a split image. */
  writeRootfs(buf: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      if (!this.rootfs) throw precondition("image upload: rootfs data before rootfs began");
      await this.append(this.rootfs, buf);
    });
  }

  /** Checks the fingerprint, validates and moves the image into the store. */
  finish(signal?: AbortSignal): Promise<ImageRecord> {
    return this.enqueue(async () => {
      this.state = "finishing";
      try {
        if (!this.meta || this.bytes === 0) throw invalid("image", "no data was uploaded");
        await this.closeFiles();
        const fingerprint = this.hash.digest("hex");
        if (this.expected && this.expected !== fingerprint) {
          throw invalid("fingerprint", `does not match the uploaded data (expected ${this.expected}, received ${fingerprint})`);
        }
        const files: ImageFiles = { metaPath: join(this.tmpDir, "meta"), ...(this.split ? { rootfsPath: join(this.tmpDir, "rootfs") } : {}) };
        if (!this.split && (await detectFormat(files.metaPath, "image")).kind === "qcow2") {
          // A bare disk, as distributions publish cloud images: wrapped into a split VM image.
          if (this.expected) throw invalid("fingerprint", "cannot be given for a bare disk: its metadata is generated here, so its fingerprint is only known after the import");
          const wrapped = await wrapBareDisk(this.tmpDir, files.metaPath, this.description, signal);
          return await importWithFingerprint(this.imagesDir, wrapped, await computeFingerprint(wrapped), signal);
        }
        return await importWithFingerprint(this.imagesDir, files, fingerprint, signal);
      } finally {
        this.state = "done";
        await this.cleanup();
      }
    });
  }

  /** Drops everything received; safe to call at any time, more than once. */
  async abort(): Promise<void> {
    this.state = "done";
    await this.queue.catch(() => undefined);
    await this.cleanup();
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.state !== "receiving") throw precondition("image upload already finished or aborted");
      return fn();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async openFile(name: string): Promise<FileHandle> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    return open(join(this.tmpDir, name), "wx", 0o600);
  }

  private async append(fh: FileHandle, buf: Uint8Array): Promise<void> {
    await writeAll(fh, buf);
    this.hash.update(buf);
    this.bytes += buf.length;
  }

  private async closeFiles(): Promise<void> {
    const handles = [this.meta, this.rootfs];
    this.meta = this.rootfs = undefined;
    for (const h of handles) await h?.close();
  }

  private async cleanup(): Promise<void> {
    await this.closeFiles().catch(() => undefined);
    await rm(this.tmpDir, { recursive: true, force: true });
  }
}
