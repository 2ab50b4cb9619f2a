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
import { hostArchitecture, importWithFingerprint, type ImageFiles } from "./import";
import type { ImageManager, StoredImage } from "./manager";
import type { RemoteProtocol, RemoteProtocolDriver } from "./protocols";
import type { RemoteManager, RemoteRecord } from "./remotes";
import { resolveRemoteImage, type RemoteImage } from "./simplestreams";

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
  /** Read the remote's catalogue anew (auto-update), not a copy the protocol keeps for a short while. */
  fresh?: boolean;
}

function parseType(type: string | undefined): ImageType {
  if (!type || type === "container") return "container";
  if (type === "virtual-machine") return "virtual-machine";
  throw invalid("type", `must be container or virtual-machine (got "${type}")`);
}

export class ImagePuller {
  constructor(
    private images: ImageManager,
    private remotes: RemoteManager,
    private locks: Locks,
    private protocols: Record<RemoteProtocol, RemoteProtocolDriver>,
  ) {}

  /** The newest image fetched from remote:ref of that type for this host, if the store has one. */
  async cached(remote: string, ref: string, type: ImageType): Promise<StoredImage | undefined> {
    const arch = hostArchitecture();
    const matches = (await this.images.list()).filter((i) => i.source?.remote === remote && i.source.alias === ref && i.type === type && i.architecture === arch);
    return matches.sort((a, b) => (a.uploadedAt < b.uploadedAt ? 1 : -1))[0];
  }

  /**
   * Looks the image up on its remote (no download). A reference a kept catalogue does not know is
   * looked up again in a fresh one (an image published since it was read).
   */
  async resolve(req: PullRequest, signal?: AbortSignal): Promise<{ remote: RemoteRecord; image: RemoteImage }> {
    const remote = await this.remotes.get(req.remote);
    const want = { type: parseType(req.type), architecture: req.architecture || hostArchitecture() };
    const find = async (fresh: boolean) =>
      resolveRemoteImage(await this.protocols[remote.protocol].catalogue(remote, signal, fresh), req.ref, want, `remote "${remote.name}" (${remote.url})`);
    const image = await find(!!req.fresh).catch((e: unknown) => {
      if (req.fresh || (e as CorralError).code !== "CORRAL_ERR_NOT_FOUND") throw e;
      return find(true);
    });
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
        return await this.images.addImported(rec, req.aliases ?? [], image.filename, origin);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** Downloads the image's files with progress; the protocol checks each, this the fingerprint of the whole. */
  private async download(remote: RemoteRecord, image: RemoteImage, dir: string, ctx: Pick<OperationContext, "signal" | "progress">): Promise<ImageFiles> {
    const total = image.size || 1;
    const fingerprint = createHash("sha256");
    let done = 0;
    let lastPct = -1;
    const files = await this.protocols[remote.protocol].download(remote, image, dir, {
      signal: ctx.signal,
      onChunk: (c) => {
        fingerprint.update(c);
        done += c.length;
        const pct = Math.floor((90 * done) / total);
        if (pct !== lastPct) ctx.progress(`downloading image: ${Math.floor((100 * done) / total)}%`, pct);
        lastPct = pct;
      },
    });
    const fp = fingerprint.digest("hex");
    if (fp !== image.fingerprint) {
      throw new CorralError("CORRAL_ERR_INTEGRITY", `image on remote "${remote.name}": the files hash to fingerprint ${fp}, the index gives ${image.fingerprint}; nothing was stored`);
    }
    return files;
  }
}
