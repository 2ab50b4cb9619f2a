// Unpacking a stored image into an instance or image volume: GNU tar (or unsquashfs) as root,
// keeping numeric owners, modes, xattrs, device nodes and hardlinks exactly as in the image.
// GNU tar strips absolute and ".." member names and creates symlinks that point outside
// (absolute or containing "..") only after everything else, so an archive cannot write through
// them; such archives make tar fail, and so the unpack.
import { copyFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { capability, precondition } from "../errors";
import { run, succeeds } from "../host/run";
import { detectFormat, tarCompressionArgs } from "./format";
import { imageFilePaths, parseFingerprint } from "./import";

/** Unpacking a multi-GB rootfs on a slow disk; beyond this something is wrong. */
export const UNPACK_TIMEOUT_MS = 30 * 60_000;

export interface UnpackProgress {
  stage: "metadata" | "rootfs" | "done";
  percent: number;
}

export interface UnpackOptions {
  signal?: AbortSignal;
  onProgress?: (p: UnpackProgress) => void;
}

const TAR_EXTRACT = ["--extract", "--numeric-owner", "--same-owner", "--same-permissions", "--xattrs", "--xattrs-include=*", "--acls"];

let unsquashfsProbe: Promise<boolean> | undefined;

/** Fills targetDir (an existing, empty volume directory) with rootfs/, metadata.yaml and templates/ of an image. */
export async function unpackImage(
  imagesDir: string,
  fingerprint: string,
  split: boolean,
  targetDir: string,
  opts: UnpackOptions = {},
): Promise<void> {
  const files = imageFilePaths(imagesDir, parseFingerprint(fingerprint));
  const present = (await readdir(targetDir)).filter((n) => n !== "lost+found");
  if (present.length > 0) throw precondition(`cannot unpack image ${fingerprint.slice(0, 12)} into ${targetDir}: the directory is not empty`);
  const progress = opts.onProgress ?? (() => {});

  progress({ stage: "metadata", percent: 0 });
  const metaFormat = await detectFormat(files.metaPath, "image");
  if (metaFormat.kind !== "tar") throw precondition(`image ${fingerprint.slice(0, 12)}: metadata file is a ${metaFormat.kind} file, not a tarball`);
  await extractTar(files.metaPath, await tarCompressionArgs(metaFormat.compression), targetDir, opts.signal);
  if (!split) {
    progress({ stage: "done", percent: 100 });
    return;
  }

  progress({ stage: "rootfs", percent: 10 });
  const rootfsFormat = await detectFormat(files.rootfsPath, "image rootfs");
  switch (rootfsFormat.kind) {
    case "tar": {
      const rootfs = join(targetDir, "rootfs");
      await mkdir(rootfs, { recursive: true, mode: 0o755 });
      await extractTar(files.rootfsPath, await tarCompressionArgs(rootfsFormat.compression), rootfs, opts.signal);
      break;
    }
    case "squashfs": {
      unsquashfsProbe ??= succeeds("unsquashfs", ["-help"], { okCodes: [1] });
      if (!(await unsquashfsProbe)) throw capability("squashfs images", "unsquashfs (squashfs-tools) is not installed");
      // -f: write into the existing directory; ownership and xattrs are kept when run as root.
      await run("unsquashfs", ["-n", "-f", "-d", join(targetDir, "rootfs"), files.rootfsPath], {
        timeoutMs: UNPACK_TIMEOUT_MS,
        signal: opts.signal,
      });
      break;
    }
    case "qcow2":
      await copyFile(files.rootfsPath, join(targetDir, "rootfs.img"));
      break;
    default: {
      const never: never = rootfsFormat;
      throw new Error(`unknown rootfs format ${JSON.stringify(never)}`);
    }
  }
  progress({ stage: "done", percent: 100 });
}

async function extractTar(file: string, compression: string[], dir: string, signal?: AbortSignal): Promise<void> {
  await run("tar", [...TAR_EXTRACT, ...compression, "--file", file, "--directory", dir], { timeoutMs: UNPACK_TIMEOUT_MS, signal });
}
