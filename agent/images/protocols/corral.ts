// The corral protocol: another agent's gRPC API (TCP + mTLS) as an image server. The catalogue is
// its ListImages, an image comes through its ExportImage stream. The server is pinned by its
// certificate's fingerprint (from a trust token, or from its certificate). A public remote is
// dialled without a client certificate and sees only the serving agent's public images; otherwise
// this agent presents its own certificate, which a trust token given at `remote add` enrols.
import * as grpc from "@grpc/grpc-js";
import { open, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { connect, type CorralClient } from "../../client/client";
import { CorralError, invalid } from "../../errors";
import { certificateFingerprint, normalizeFingerprint } from "../../security/certs";
import { clientCredentials } from "../../security/tls";
import { decodeToken } from "../../security/tokens";
import { canonicalArchitecture, type ImageType } from "../format";
import { downloadWriteError, writeAll, type ImageFiles } from "../import";
import type { RemoteRecord } from "../remotes";
import type { RemoteImage } from "../simplestreams";
import type { ImageExportChunk__Output } from "../../../proto/gen/types/corral/v1/ImageExportChunk";
import type { Image__Output } from "../../../proto/gen/types/corral/v1/Image";
import type { DownloadOptions, ProtocolDeps, RemoteProtocolDriver } from "./index";

/** A unary call to a remote agent (ListImages, Enroll): TCP and TLS handshakes plus a store read; a generous bound. */
export const CORRAL_REMOTE_CALL_TIMEOUT_MS = 15_000;
/** No byte of an image stream for this long: the remote agent or the path is stuck. */
export const CORRAL_REMOTE_IDLE_TIMEOUT_MS = 30_000;

const where = (remote: { name: string; url: string }) => `remote "${remote.name}" (${remote.url})`;

function failure(remote: { name: string; url: string }, what: string, e: unknown): CorralError {
  if (e instanceof CorralError) return e;
  const err = e as grpc.ServiceError;
  if (err.code === grpc.status.DEADLINE_EXCEEDED) {
    return new CorralError("CORRAL_ERR_REMOTE", `${where(remote)}: ${what}: no answer within ${CORRAL_REMOTE_CALL_TIMEOUT_MS / 1000} s (CORRAL_REMOTE_CALL_TIMEOUT_MS)`, { cause: e });
  }
  const code = err.code === grpc.status.PERMISSION_DENIED ? "CORRAL_ERR_PERMISSION_DENIED" : err.code === grpc.status.NOT_FOUND ? "CORRAL_ERR_NOT_FOUND" : "CORRAL_ERR_REMOTE";
  return new CorralError(code, `${where(remote)}: ${what}: ${err.details || err.message}`, { cause: e });
}

export function corralProtocol(deps: ProtocolDeps): RemoteProtocolDriver {
  /** A channel to the remote agent, closed by the caller. */
  const dial = (remote: RemoteRecord): CorralClient => {
    const id = remote.public ? undefined : deps.identity();
    const credentials = clientCredentials({ serverFingerprint: remote.fingerprint, ...(id ? { certPem: id.certPem, keyPem: id.keyPem } : {}) });
    return connect({ endpoint: remote.url, credentials });
  };
  const withClient = async <T>(remote: RemoteRecord, fn: (c: CorralClient) => Promise<T>): Promise<T> => {
    const c = dial(remote);
    try {
      return await fn(c);
    } finally {
      c.close();
    }
  };

  return {
    async prepare(rec, input) {
      const u = new URL(rec.url);
      if (!u.port || u.pathname !== "/") throw invalid("url", `must be https://HOST:PORT of the agent's API (corrald --listen) for a corral remote (got "${input.url}")`);
      const token = input.token ? decodeToken(input.token) : undefined;
      if (token && rec.public) throw invalid("public", "a trust token enrols this agent with the remote; a public remote is dialled without a certificate, so give one of them");
      const pins = [
        ...(token ? [token.fingerprint] : []),
        ...(input.server_fingerprint ? [normalizeFingerprint(input.server_fingerprint, "server_fingerprint")] : []),
        ...(rec.certificate ? [certificateFingerprint(rec.certificate)] : []),
      ];
      if (!pins.length) throw invalid("certificate", "a corral remote is pinned: give the agent's trust token, its server certificate, or its certificate fingerprint");
      if (new Set(pins).size > 1) throw invalid("server_fingerprint", `the token, certificate and fingerprint name different servers (${[...new Set(pins)].join(", ")})`);
      const next: RemoteRecord = { ...rec, url: `https://${u.host}`, fingerprint: pins[0]! };
      if (token) {
        await withClient(next, (c) => c.trust.Enroll({ token: input.token }, { deadlineMs: CORRAL_REMOTE_CALL_TIMEOUT_MS })).catch((e: unknown) => {
          throw failure(next, "enrolling with the trust token", e);
        });
      }
      return next;
    },

    // Bounded by CORRAL_REMOTE_CALL_TIMEOUT_MS, so the caller's signal is not needed.
    async catalogue(remote) {
      const res = await withClient(remote, (c) => c.images.ListImages({}, { deadlineMs: CORRAL_REMOTE_CALL_TIMEOUT_MS })).catch((e: unknown) => {
        throw failure(remote, "listing images", e);
      });
      return res.images.flatMap((i) => toRemoteImage(i) ?? []);
    },

    async download(remote: RemoteRecord, image: RemoteImage, dir: string, opts: DownloadOptions): Promise<ImageFiles> {
      return withClient(remote, (c) => receive(c, remote, image, dir, opts)).catch((e: unknown) => {
        throw failure(remote, `fetching image ${image.fingerprint.slice(0, 12)}`, e);
      });
    },
  };
}

/** The catalogue entry of an Image; undefined for one this agent cannot use (unknown architecture). */
function toRemoteImage(i: Image__Output): RemoteImage | undefined {
  const architecture = canonicalArchitecture(i.architecture);
  if (!architecture || !/^[0-9a-f]{64}$/.test(i.fingerprint)) return undefined;
  return {
    fingerprint: i.fingerprint,
    type: i.type as ImageType,
    architecture,
    aliases: i.aliases,
    // created_at sorts like simplestreams versions: the newest wins an alias.
    version: i.created_at,
    properties: i.properties ?? {},
    size: Number(i.size_bytes),
    filename: i.filename,
  };
}

/** Writes the ExportImage stream to dir/meta and dir/rootfs, bounded by the catalogue's size and an idle timeout. */
async function receive(c: CorralClient, remote: RemoteRecord, image: RemoteImage, dir: string, opts: DownloadOptions): Promise<ImageFiles> {
  const call = c.raw.images.ExportImage({ fingerprint: image.fingerprint });
  const integrity = (why: string) => new CorralError("CORRAL_ERR_INTEGRITY", `image ${image.fingerprint.slice(0, 12)}: ${why}; nothing was stored`);
  const local = (path: string, e: unknown) => downloadWriteError(`${where(remote)}: fetching image ${image.fingerprint.slice(0, 12)}`, path, e);
  let idle: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      call.cancel();
    }, CORRAL_REMOTE_IDLE_TIMEOUT_MS);
  };
  const onAbort = () => call.cancel();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let header: ImageExportChunk__Output["header"];
  let out: { fh: FileHandle; path: string } | undefined;
  const sizes = { meta: 0, rootfs: 0 };
  let part: "meta" | "rootfs" = "meta";
  const create = async (name: "meta" | "rootfs") => {
    const path = join(dir, name);
    out = { fh: await open(path, "wx", 0o600).catch((e: unknown) => Promise.reject(local(path, e))), path };
  };
  const close = async () => {
    const o = out;
    out = undefined;
    await o?.fh.close().catch((e: unknown) => Promise.reject(local(o.path, e)));
  };
  try {
    arm();
    for await (const chunk of call as AsyncIterable<ImageExportChunk__Output>) {
      arm();
      if (chunk.msg === "header") {
        header = chunk.header!;
        if (Number(header.meta_size) + Number(header.rootfs_size) !== image.size) throw integrity(`the stream announces ${Number(header.meta_size) + Number(header.rootfs_size)} bytes, the catalogue ${image.size}`);
        await create("meta");
      } else if (!header || !out) {
        throw integrity("the stream did not start with its header");
      } else if (chunk.msg === "rootfs_begin") {
        if (!header.split || part === "rootfs") throw integrity("unexpected rootfs in the stream");
        await close();
        part = "rootfs";
        await create("rootfs");
      } else if (chunk.msg === "data" && chunk.data) {
        sizes[part] += chunk.data.length;
        if (sizes[part] > Number(part === "meta" ? header.meta_size : header.rootfs_size)) throw integrity(`more ${part} bytes than announced`);
        opts.onChunk(chunk.data);
        await writeAll(out.fh, chunk.data).catch((e: unknown) => Promise.reject(local(out!.path, e)));
      }
    }
    if (!header) throw integrity("the stream ended before its header");
    if (sizes.meta !== Number(header.meta_size) || sizes.rootfs !== Number(header.rootfs_size) || header.split !== (part === "rootfs")) {
      throw integrity(`the stream ended early (${sizes.meta + sizes.rootfs} of ${image.size} bytes)`);
    }
    await close();
  } catch (e) {
    if (stalled) throw new CorralError("CORRAL_ERR_REMOTE", `no data for ${CORRAL_REMOTE_IDLE_TIMEOUT_MS / 1000} s (CORRAL_REMOTE_IDLE_TIMEOUT_MS)`, { cause: e });
    if (opts.signal?.aborted) throw opts.signal.reason ?? e;
    throw e;
  } finally {
    clearTimeout(idle);
    opts.signal?.removeEventListener("abort", onAbort);
    // A download that failed here stops the remote's export; the status it brings is not wanted.
    call.on("error", () => undefined);
    call.cancel();
    await out?.fh.close().catch(() => undefined);
  }
  return { metaPath: join(dir, "meta"), ...(header.split ? { rootfsPath: join(dir, "rootfs") } : {}) };
}
