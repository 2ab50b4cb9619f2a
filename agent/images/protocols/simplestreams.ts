// The simplestreams protocol (LXD/Incus image servers): the catalogue is the index and its
// products files; each file is a GET checked against the size and SHA-256 the catalogue gives.
import { join } from "node:path";
import { CorralError, invalid } from "../../errors";
import { download, getJson, type TlsTrust } from "../http";
import type { ImageFiles } from "../import";
import type { RemoteRecord } from "../remotes";
import { parseProducts, productsPaths, type RemoteFile, type RemoteImage, type StreamsImage } from "../simplestreams";
import type { DownloadOptions, RemoteProtocolDriver } from "./index";

/**
 * A catalogue read this recently is used again, as Incus keeps one for an hour: a burst of pulls
 * and launches from one remote (an apply of many instances) reads its index once. Auto-update
 * always reads it anew.
 */
export const CATALOGUE_CACHE_MS = 60_000;

const urlOf = (remote: RemoteRecord, path: string): string => `${remote.url}/${path.replace(/^\/+/, "")}`;
const trustOf = (remote: RemoteRecord): TlsTrust => (remote.certificate ? { certificate: remote.certificate } : {});

export function simplestreamsProtocol(): RemoteProtocolDriver {
  /** Catalogues by server and pin, with the time their read began. */
  const catalogues = new Map<string, { at: number; images: StreamsImage[] }>();
  return {
    async prepare(rec, input) {
      if (input.token) throw invalid("token", "is only for corral remotes (a simplestreams server has no trust tokens)");
      if (input.server_fingerprint) throw invalid("server_fingerprint", "is only for corral remotes; pin a simplestreams server with certificate");
      return rec;
    },

    async catalogue(remote, signal, fresh) {
      const key = `${remote.url}\0${remote.certificate ?? ""}`;
      const at = Date.now();
      for (const [k, c] of catalogues) if (at - c.at >= CATALOGUE_CACHE_MS) catalogues.delete(k);
      const kept = catalogues.get(key);
      if (kept && !fresh) return kept.images;
      const indexUrl = urlOf(remote, "streams/v1/index.json");
      const paths = productsPaths(await getJson(indexUrl, trustOf(remote), signal), indexUrl);
      const images: StreamsImage[] = [];
      for (const p of paths) {
        const url = urlOf(remote, p);
        images.push(...parseProducts(await getJson(url, trustOf(remote), signal), url));
      }
      catalogues.set(key, { at, images });
      return images;
    },

    async download(remote: RemoteRecord, img: RemoteImage, dir: string, opts: DownloadOptions): Promise<ImageFiles> {
      // This protocol's catalogue made the image: it carries its files.
      const image = img as StreamsImage;
      const parts: { name: string; file: RemoteFile }[] = [{ name: "meta", file: image.meta }];
      if (image.rootfs) parts.push({ name: "rootfs", file: image.rootfs });
      for (const part of parts) {
        const url = urlOf(remote, part.file.path);
        const got = await download(url, join(dir, part.name), { trust: trustOf(remote), maxBytes: part.file.size, signal: opts.signal, onChunk: opts.onChunk });
        if (got.size !== part.file.size) {
          throw new CorralError("CORRAL_ERR_INTEGRITY", `${url}: ${got.size} bytes received, the index gives ${part.file.size}; nothing was stored`);
        }
        if (got.sha256 !== part.file.sha256) {
          throw new CorralError("CORRAL_ERR_INTEGRITY", `${url}: SHA-256 ${got.sha256} does not match the index (${part.file.sha256}); nothing was stored`);
        }
      }
      return { metaPath: join(dir, "meta"), ...(image.rootfs ? { rootfsPath: join(dir, "rootfs") } : {}) };
    },
  };
}
