// Images across members: the image records are shared (etcd), the files are each member's own.
// A member that needs an image's files (to unpack it for an instance) fetches them from a member
// that has them: Images.ExportImage (agent/api/image-export.ts) over the member mTLS channel,
// streamed into the same receiver an upload uses, which hashes while writing and refuses files
// whose fingerprint differs.
import * as grpc from "@grpc/grpc-js";
import { CorralError, hasCode } from "../errors";
import { ImageReceiver } from "../images/import";
import type { ImageManager, StoredImage } from "../images/manager";
import type { OperationContext } from "../operations/operations";
import type { ImageExportChunk__Output } from "../../proto/gen/types/corral/v1/ImageExportChunk";
import { type Forwarder, memberError } from "./forward";

/** A fetch that makes no progress for this long is abandoned (the member is stuck or gone). */
const FETCH_IDLE_TIMEOUT_MS = 60_000;

/**
 * Brings an image's files to this member from another member that has them (tried in name order;
 * one without them answers NOT_FOUND), reporting progress on the operation that needs them.
 */
export async function fetchImageFromMembers(fw: Forwarder, others: () => Promise<string[]>, images: ImageManager, img: StoredImage, ctx: OperationContext): Promise<void> {
  const tried: string[] = [];
  for (const member of await others()) {
    try {
      await fetchFrom(fw, member, images, img, ctx);
      return;
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      if (!hasCode(e, "CORRAL_ERR_NOT_FOUND") && (e as grpc.ServiceError).code !== grpc.status.NOT_FOUND) throw e;
      tried.push(member);
    }
  }
  throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION",
    `image: ${img.fingerprint.slice(0, 12)} has no files on this member ("${fw.self}") nor on any other online member${tried.length ? ` (asked ${tried.join(", ")})` : ""}: import it again`, { field: "image" });
}

async function fetchFrom(fw: Forwarder, member: string, images: ImageManager, img: StoredImage, ctx: OperationContext): Promise<void> {
  const client = await fw.client(member);
  const stream = client.raw.images.ExportImage({ fingerprint: img.fingerprint }, fw.metadata());
  const rx = new ImageReceiver(images.imagesDir, { expectedFingerprint: img.fingerprint });
  let idle: NodeJS.Timeout | undefined;
  const cancel = () => stream.cancel();
  ctx.signal.addEventListener("abort", cancel, { once: true });
  try {
    let total = 0;
    let split = false;
    let lastPercent = -1;
    const stage = `fetching image ${img.fingerprint.slice(0, 12)} from member ${member}`;
    ctx.progress(stage, 0);
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(cancel, FETCH_IDLE_TIMEOUT_MS);
    };
    arm();
    for await (const m of stream as AsyncIterable<ImageExportChunk__Output>) {
      arm();
      if (m.msg === "header") total = Number(m.header?.meta_size ?? 0) + Number(m.header?.rootfs_size ?? 0);
      else if (m.msg === "rootfs_begin") {
        split = true;
        await rx.beginRootfs();
      } else if (m.msg === "data" && m.data) {
        await (split ? rx.writeRootfs(m.data) : rx.writeMeta(m.data));
        // The fetch is the first part (0-5%) of a create: unpacking follows.
        const percent = total ? Math.floor((rx.bytesReceived / total) * 100) : 0;
        if (percent !== lastPercent) ctx.progress(`${stage}: ${percent}%`, Math.floor(percent / 20));
        lastPercent = percent;
      }
    }
    ctx.signal.throwIfAborted();
    await rx.finish(ctx.signal);
  } catch (e) {
    await rx.abort();
    if (ctx.signal.aborted) throw ctx.signal.reason ?? e;
    // Refused here (the files do not hash to the fingerprint): which member's copy it was.
    if (e instanceof CorralError) throw new CorralError(e.code, `the image files fetched from cluster member "${member}": ${e.message}`, { field: e.field });
    throw (e as grpc.ServiceError).code === grpc.status.CANCELLED
      ? new CorralError("CORRAL_ERR_UNAVAILABLE", `fetching image ${img.fingerprint.slice(0, 12)} from cluster member "${member}" made no progress for ${FETCH_IDLE_TIMEOUT_MS / 1000} s`)
      : memberError(member, e);
  } finally {
    clearTimeout(idle);
    ctx.signal.removeEventListener("abort", cancel);
  }
}
