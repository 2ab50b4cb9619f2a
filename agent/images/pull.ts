// Fetching an image from a remote: read the catalogue, pick the image an alias or fingerprint names
// (architecture and type aware), download its files with progress, check each file's size and
// SHA-256 and the LXD fingerprint of the whole, then import it and record where it came from.
// A mismatch anywhere is refused and leaves nothing in the store.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { CorralError, invalid } from "../errors";
import type { Locks } from "../operations/locks";
import type { OperationContext } from "../operations/operations";
import { debug } from "../util/log";
import type { ImageType } from "./format";
import { download, getJson, type TlsTrust } from "./http";
import { hostArchitecture, importWithFingerprint, type ImageFiles } from "./import";
import type { ImageManager, StoredImage } from "./manager";
import type { RemoteManager, RemoteRecord } from "./remotes";
import { parseProducts, productsPaths, resolveRemoteImage, type RemoteFile, type RemoteImage } from "./simplestreams";

const log = debug("images");

export interface PullRequest {
  remote: string;
  /** Alias or fingerprint prefix on the remote. */
  ref: string;
  type?: string;
  architecture?: string;
  /** Local aliases to add. */
  aliases?: string[];
  /** Fetched implicitly (a launch): a cache entry that expires when unused. */
  cached?: boolean;
}

function parseType(type: string | undefined): ImageType {
  if (!type || type === "container") return "container";
  if (type === "virtual-machine") return "virtual-machine";
  throw invalid("type", `must be container or virtual-machine (got "${type}")`);
}

const urlOf = (remote: RemoteRecord, path: string): string => `${remote.url}/${path.replace(/^\/+/, "")}`;
const trustOf = (remote: RemoteRecord): TlsTrust => (remote.certificate ? { certificate: remote.certificate } : {});

/** Reads every image a remote offers (index, then each products file). */
export async function remoteCatalogue(remote: RemoteRecord, signal?: AbortSignal): Promise<RemoteImage[]> {
  const indexUrl = urlOf(remote, "streams/v1/index.json");
  const paths = productsPaths(await getJson(indexUrl, trustOf(remote), signal), indexUrl);
  const images: RemoteImage[] = [];
  for (const p of paths) {
    const url = urlOf(remote, p);
    images.push(...parseProducts(await getJson(url, trustOf(remote), signal), url));
  }
  return images;
}

export class ImagePuller {
  constructor(
    private images: ImageManager,
    private remotes: RemoteManager,
    private locks: Locks,
  ) {}

  /** The newest image fetched from remote:ref of that type for this host, if the store has one. */
  async cached(remote: string, ref: string, type: ImageType): Promise<StoredImage | undefined> {
    const arch = hostArchitecture();
    const matches = (await this.images.list()).filter((i) => i.source?.remote === remote && i.source.alias === ref && i.type === type && i.architecture === arch);
    return matches.sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : -1))[0];
  }

  /** Looks the image up on its remote (no download). */
  async resolve(req: PullRequest, signal?: AbortSignal): Promise<{ remote: RemoteRecord; image: RemoteImage }> {
    const remote = await this.remotes.get(req.remote);
    const want = { type: parseType(req.type), architecture: req.architecture || hostArchitecture() };
    const image = resolveRemoteImage(await remoteCatalogue(remote, signal), req.ref, want, `remote "${remote.name}" (${remote.url})`);
    return { remote, image };
  }

  /** Fetches (unless the store has it) and records the image; progress goes to ctx. */
  async pull(req: PullRequest, ctx: Pick<OperationContext, "signal" | "progress">, found?: { remote: RemoteRecord; image: RemoteImage }): Promise<StoredImage> {
    const { remote, image } = found ?? (await this.resolve(req, ctx.signal));
    const origin = { source: { remote: remote.name, alias: req.ref }, cached: !!req.cached };
    return this.locks.with(`image-pull/${image.fingerprint}`, async () => {
      const have = await this.images.resolve(image.fingerprint).catch(() => undefined);
      if (have?.fingerprint === image.fingerprint) return this.images.add(have, req.aliases ?? [], have.filename, origin);
      const dir = join(this.images.imagesDir, ".incoming", `pull-${randomBytes(8).toString("hex")}`);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        const files = await this.download(remote, image, dir, ctx);
        ctx.progress("importing image", 95);
        const rec = await importWithFingerprint(this.images.imagesDir, files, image.fingerprint, ctx.signal);
        if (rec.type !== image.type) {
          await rm(join(this.images.imagesDir, image.fingerprint), { force: true });
          await rm(join(this.images.imagesDir, `${image.fingerprint}.rootfs`), { force: true });
          throw new CorralError("CORRAL_ERR_INTEGRITY", `image ${image.fingerprint.slice(0, 12)} on remote "${remote.name}" is listed as a ${image.type} image but holds a ${rec.type} image; nothing was stored`);
        }
        log("pulled %s from %s (%s)", image.fingerprint, remote.name, req.ref);
        return await this.images.addImported(rec, req.aliases ?? [], image.meta.path.split("/").pop() ?? "", origin);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** Downloads the image's files, checking each against the index and the whole against the fingerprint. */
  private async download(remote: RemoteRecord, image: RemoteImage, dir: string, ctx: Pick<OperationContext, "signal" | "progress">): Promise<ImageFiles> {
    const parts: { name: string; file: RemoteFile }[] = [{ name: "meta", file: image.meta }];
    if (image.rootfs) parts.push({ name: "rootfs", file: image.rootfs });
    const total = parts.reduce((n, p) => n + p.file.size, 0) || 1;
    const fingerprint = createHash("sha256");
    let done = 0;
    let lastPct = -1;
    for (const part of parts) {
      const url = urlOf(remote, part.file.path);
      const got = await download(url, join(dir, part.name), {
        trust: trustOf(remote),
        maxBytes: part.file.size,
        signal: ctx.signal,
        onChunk: (c) => {
          fingerprint.update(c);
          done += c.length;
          const pct = Math.floor((90 * done) / total);
          if (pct !== lastPct) ctx.progress(`downloading image: ${Math.floor((100 * done) / total)}%`, pct);
          lastPct = pct;
        },
      });
      if (got.size !== part.file.size) {
        throw new CorralError("CORRAL_ERR_INTEGRITY", `${url}: ${got.size} bytes received, the index gives ${part.file.size}; nothing was stored`);
      }
      if (got.sha256 !== part.file.sha256) {
        throw new CorralError("CORRAL_ERR_INTEGRITY", `${url}: SHA-256 ${got.sha256} does not match the index (${part.file.sha256}); nothing was stored`);
      }
    }
    const fp = fingerprint.digest("hex");
    if (fp !== image.fingerprint) {
      throw new CorralError("CORRAL_ERR_INTEGRITY", `image on remote "${remote.name}": the files hash to fingerprint ${fp}, the index gives ${image.fingerprint}; nothing was stored`);
    }
    return { metaPath: join(dir, "meta"), ...(image.rootfs ? { rootfsPath: join(dir, "rootfs") } : {}) };
  }
}
