// Images.ExportImage and the public-only view of ListImages: what another agent using this one as
// a `corral` remote calls. A caller the trust interceptor marked public-only (no trusted
// certificate) sees and fetches public images only; any other image is "not found" to it.
import type * as grpc from "@grpc/grpc-js";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { notFound } from "../errors";
import { imageFilePaths } from "../images/import";
import type { ImageManager } from "../images/manager";
import { publicOnly } from "../security/tls";
import type { ExportImageRequest__Output } from "../../proto/gen/types/corral/v1/ExportImageRequest";
import type { ImageExportChunk } from "../../proto/gen/types/corral/v1/ImageExportChunk";
import { imageToWire } from "./convert";
import { drainedOrCancelled, endWithError, unary } from "./grpc-util";

/** Chunks of an image stream: large enough to keep the per-message cost small. */
const CHUNK_BYTES = 256 << 10;

export function listImagesHandler(m: ImageManager) {
  return unary(async (_req: unknown, call) => {
    const all = await m.list();
    return { images: (publicOnly(call) ? all.filter((i) => i.public) : all).map(imageToWire) };
  });
}

export function exportImageHandler(m: ImageManager) {
  return (call: grpc.ServerWritableStream<ExportImageRequest__Output, ImageExportChunk>): void => {
    (async () => {
      const fp = call.request.fingerprint;
      const img = /^[0-9a-f]{64}$/.test(fp) ? (await m.list()).find((i) => i.fingerprint === fp) : undefined;
      if (!img || (publicOnly(call) && !img.public) || !m.hasFiles(fp)) throw notFound(`image ${fp}`);
      const files = imageFilePaths(m.imagesDir, fp);
      const metaSize = (await stat(files.metaPath)).size;
      const rootfsSize = img.split ? (await stat(files.rootfsPath)).size : 0;
      call.write({ header: { split: img.split, meta_size: metaSize, rootfs_size: rootfsSize } });
      const send = async (path: string) => {
        for await (const c of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
          if (call.cancelled) return;
          if (!call.write({ data: c as Buffer })) await drainedOrCancelled(call);
        }
      };
      await send(files.metaPath);
      if (img.split) {
        call.write({ rootfs_begin: true });
        await send(files.rootfsPath);
      }
      call.end();
    })().catch((e) => endWithError(call, e));
  };
}
