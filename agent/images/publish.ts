// Publishing: an image made from a stopped instance's files or one of its snapshots, with a fresh
// metadata.yaml (creation date now, properties merged), imported under its LXD fingerprint like
// any other image. A container becomes a unified tarball (metadata.yaml, templates/, rootfs/); a
// virtual machine LXD's VM image: a metadata tarball (metadata.yaml, templates/) and its disk as a
// self-contained qcow2 (rootfs.img converted, so no backing file or unused space comes along).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { precondition, type CorralError } from "../errors";
import { run } from "../host/run";
import { parseMetadata, type ImageMetadata, type ImageType } from "./format";
import { importImageFiles, type ImageRecord } from "./import";
import { yaml } from "../util/yaml";

/** Publishing a running instance needs --force (it is stopped for the time of the publish). */
export const runningError = (instance: string): CorralError =>
  precondition(`instance "${instance}" is running; stop it, publish one of its snapshots (INSTANCE/SNAPSHOT), or give --force`);

/** Packing a container's rootfs or converting a VM's disk: gigabytes for a full distribution, written once. */
const PACK_TIMEOUT_MS = 30 * 60_000;

/** Packs `dir` (an instance volume or snapshot) into an image and imports it into imagesDir. */
export async function publishFiles(
  imagesDir: string,
  dir: string,
  opts: {
    type: ImageType; source: string; properties: Record<string, string>; now?: Date; signal?: AbortSignal;
    /** The metadata to use when dir has no metadata.yaml: a VM whose disk is a raw block volume (lvm)
     * keeps only its disk, so its image's architecture and properties stand in (no templates). */
    origin?: Pick<ImageRecord, "architecture" | "properties">;
  },
): Promise<ImageRecord> {
  const metaFile = join(dir, "metadata.yaml");
  const meta: Pick<ImageMetadata, "architecture" | "properties" | "templates"> = !existsSync(metaFile) && opts.origin
    ? { architecture: opts.origin.architecture, properties: opts.origin.properties, templates: {} }
    : parseMetadata(readFileSync(metaFile, "utf8"));
  const work = join(imagesDir, ".incoming", `publish-${randomBytes(8).toString("hex")}`);
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    const templates = Object.fromEntries(Object.entries(meta.templates).map(([target, tpl]) => [target, {
      when: tpl.when, template: tpl.template, ...(tpl.createOnly ? { create_only: true } : {}), ...(Object.keys(tpl.properties).length ? { properties: tpl.properties } : {}),
    }]));
    await writeFile(join(work, "metadata.yaml"), yaml().stringify({
      architecture: meta.architecture,
      creation_date: Math.floor((opts.now ?? new Date()).getTime() / 1000),
      properties: { ...meta.properties, description: `Published from ${opts.source}`, ...opts.properties },
      templates,
    }), { mode: 0o644 });
    const tarball = join(work, "image.tar.gz");
    const vm = opts.type === "virtual-machine";
    const members = [...(existsSync(join(dir, "templates")) ? ["templates"] : []), ...(vm ? [] : ["rootfs"])];
    await run("tar", [
      "--create", "--gzip", "--file", tarball, "--numeric-owner", "--xattrs", "--xattrs-include=*", "--sort=name",
      "-C", work, "metadata.yaml", ...(members.length ? ["-C", dir, ...members] : []),
    ], { timeoutMs: PACK_TIMEOUT_MS, signal: opts.signal });
    if (!vm) return await importImageFiles(imagesDir, { metaPath: tarball }, { signal: opts.signal });
    const disk = join(work, "disk.qcow2");
    await run("qemu-img", ["convert", "-O", "qcow2", join(dir, "rootfs.img"), disk], { timeoutMs: PACK_TIMEOUT_MS, signal: opts.signal });
    return await importImageFiles(imagesDir, { metaPath: tarball, rootfsPath: disk }, { signal: opts.signal });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
