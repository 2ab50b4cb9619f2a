// HTTPS GETs to image servers with node:https (corrald runs without fetch: see scripts/build.mjs).
// Every request is bounded: a connect timeout, an idle timeout while bytes flow, a total timeout
// for index files, and a size limit. Servers are verified against the system CA store, or against
// a pinned certificate for self-signed servers.
import { createHash, X509Certificate } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import { request, type RequestOptions } from "node:https";
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { pipeline } from "node:stream/promises";
import { CorralError } from "../errors";

/** Reaching an image server: a TCP and TLS handshake, even across the world, takes seconds. */
export const CONNECT_TIMEOUT_MS = 15_000;
/** No byte for this long while a response is flowing: the server or the path is stuck. */
export const IDLE_TIMEOUT_MS = 30_000;
/** An index or products file in full (images.linuxcontainers.org's products file is ~10 MB). */
export const INDEX_TIMEOUT_MS = 120_000;
/** Bytes a download may have on their way to the disk: TLS hands over 16 KiB records, and waiting
 * for the disk after each would serialise the transfer on the file system's round trips. */
const WRITE_BUFFER_BYTES = 8 << 20;
/** Largest index or products file read into memory. */
const MAX_INDEX_BYTES = 256 << 20;
/** Redirects followed (mirrors redirect once or twice). */
const MAX_REDIRECTS = 5;
const SYSTEM_CA_FILE = "/etc/ssl/certs/ca-certificates.crt";

export interface TlsTrust {
  /** PEM the server must present, instead of a CA-signed certificate. */
  certificate?: string;
}

let systemCa: string | undefined | null;
/** The system CA bundle (Debian's ca-certificates), read once; null when the host has none. */
function systemCaBundle(): string | undefined {
  if (systemCa === undefined) {
    try {
      systemCa = readFileSync(SYSTEM_CA_FILE, "utf8");
    } catch {
      systemCa = null;
    }
  }
  return systemCa ?? undefined;
}

function tlsOptions(trust: TlsTrust): RequestOptions {
  if (trust.certificate) {
    // Checked by pinMismatch once the handshake is done; nothing is read from the server before.
    return { rejectUnauthorized: false };
  }
  const ca = systemCaBundle();
  return ca ? { ca } : {};
}

/**
 * Why the server's certificate is not the pinned one, or undefined when it is: the pin is the
 * server's own (self-signed) certificate, or the CA that issued it (a Corral agent's CA).
 */
function pinMismatch(socket: TLSSocket, pinnedPem: string): string | undefined {
  const pinned = new X509Certificate(pinnedPem);
  const peer = socket.getPeerX509Certificate();
  if (!peer) return "the server presented no certificate";
  if (peer.fingerprint256 === pinned.fingerprint256) return undefined;
  if (peer.checkIssued(pinned) && peer.verify(pinned.publicKey)) return undefined;
  return `the server's certificate (${peer.fingerprint256}) is neither the pinned certificate (${pinned.fingerprint256}) nor issued by it`;
}

const remoteError = (url: string, why: string, cause?: unknown): CorralError =>
  new CorralError("CORRAL_ERR_REMOTE", `image server ${url}: ${why}`, { cause });

/** Opens a GET and resolves with the response once its status is 200 (following redirects). */
function open(url: string, trust: TlsTrust, signal: AbortSignal | undefined, redirects = 0): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      reject(remoteError(url, "not a valid URL"));
      return;
    }
    if (u.protocol !== "https:") {
      reject(remoteError(url, "only https:// is accepted"));
      return;
    }
    // A connection per request (agent: false): a pooled socket would skip the handshake checks below
    // and could be shared by remotes with different pins.
    const req = request(u, { method: "GET", signal, agent: false, ...tlsOptions(trust), headers: { "user-agent": "corrald" } });
    const connectTimer = setTimeout(() => req.destroy(remoteError(url, `no connection within ${CONNECT_TIMEOUT_MS / 1000} s (CONNECT_TIMEOUT_MS)`)), CONNECT_TIMEOUT_MS);
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(remoteError(url, `no answer for ${IDLE_TIMEOUT_MS / 1000} s (IDLE_TIMEOUT_MS)`)));
    req.on("socket", (s) => s.once("secureConnect", () => {
      clearTimeout(connectTimer);
      const wrong = trust.certificate ? pinMismatch(s as TLSSocket, trust.certificate) : undefined;
      if (wrong) req.destroy(remoteError(url, wrong));
    }));
    req.on("error", (e) => {
      clearTimeout(connectTimer);
      reject(e instanceof CorralError ? e : signal?.aborted ? e : remoteError(url, (e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ${e.message}` : e.message, e));
    });
    req.on("response", (res) => {
      clearTimeout(connectTimer);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(remoteError(url, `more than ${MAX_REDIRECTS} redirects`));
        return resolve(open(new URL(res.headers.location, u).toString(), trust, signal, redirects + 1));
      }
      if (status !== 200) {
        res.resume();
        return reject(remoteError(url, `HTTP ${status}${status === 404 ? " (not found)" : ""}`));
      }
      resolve(res);
    });
    req.end();
  });
}

/** Reads a JSON document (an index or products file) within INDEX_TIMEOUT_MS. */
export async function getJson(url: string, trust: TlsTrust, signal?: AbortSignal): Promise<unknown> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), INDEX_TIMEOUT_MS);
  const onAbort = () => ac.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const res = await open(url, trust, ac.signal);
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of res) {
      n += (c as Buffer).length;
      if (n > MAX_INDEX_BYTES) {
        res.destroy();
        throw remoteError(url, `larger than ${MAX_INDEX_BYTES} bytes`);
      }
      chunks.push(c as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (e) {
      throw remoteError(url, `not valid JSON (${(e as Error).message})`);
    }
  } catch (e) {
    if (ac.signal.aborted && !signal?.aborted) throw remoteError(url, `not read within ${INDEX_TIMEOUT_MS / 1000} s (INDEX_TIMEOUT_MS)`);
    if (e instanceof CorralError || signal?.aborted) throw e;
    throw remoteError(url, `the transfer stopped (${(e as Error).message}): the connection closed, or no data came for ${IDLE_TIMEOUT_MS / 1000} s (IDLE_TIMEOUT_MS)`, e);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Downloads to `dest`, hashing each chunk as it passes on its way to the file (one read of the
 * data, no per-chunk awaits: the response is piped into the file, which pauses it while the disk
 * is behind); stops past `maxBytes` (the size the index gives).
 * Returns the SHA-256 and size; the caller compares them with the index.
 */
export async function download(
  url: string,
  dest: string,
  opts: { trust: TlsTrust; maxBytes: number; signal?: AbortSignal; onChunk?: (chunk: Buffer) => void },
): Promise<{ sha256: string; size: number }> {
  const res = await open(url, opts.trust, opts.signal);
  const h = createHash("sha256");
  let size = 0;
  res.on("data", (buf: Buffer) => {
    size += buf.length;
    if (size > opts.maxBytes) {
      res.destroy(new CorralError("CORRAL_ERR_INTEGRITY", `${url}: larger than the ${opts.maxBytes} bytes the index gives; nothing was stored`));
      return;
    }
    h.update(buf);
    opts.onChunk?.(buf);
  });
  try {
    await pipeline(res, createWriteStream(dest, { flags: "wx", mode: 0o600, highWaterMark: WRITE_BUFFER_BYTES }));
  } catch (e) {
    if (e instanceof CorralError || opts.signal?.aborted) throw e;
    throw remoteError(url, `the transfer stopped (${(e as Error).message}): the connection closed, or no data came for ${IDLE_TIMEOUT_MS / 1000} s (IDLE_TIMEOUT_MS)`, e);
  }
  return { sha256: h.digest("hex"), size };
}
