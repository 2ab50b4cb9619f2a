// HTTPS GETs to image servers with node:https (corrald runs without fetch: see scripts/build.mjs).
// Every request is bounded: a connect timeout, an idle timeout while bytes flow, a total timeout
// for index files, and a size limit. Servers are verified against the system CA store, or against
// a pinned certificate for self-signed servers.
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync, write as writeToFd } from "node:fs";
import { open as openFile } from "node:fs/promises";
import { request } from "node:https";
import type { IncomingMessage } from "node:http";
import type { OnReadOpts } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { CorralError } from "../errors";
import { downloadWriteError } from "./import";

/** Reaching an image server: a TCP and TLS handshake, even across the world, takes seconds. */
export const CONNECT_TIMEOUT_MS = 15_000;
/** No byte for this long while a response is flowing: the server or the path is stuck. */
export const IDLE_TIMEOUT_MS = 30_000;
/** An index or products file in full (images.linuxcontainers.org's products file is ~10 MB). */
export const INDEX_TIMEOUT_MS = 120_000;
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

function tlsOptions(trust: TlsTrust): Pick<ConnectionOptions, "ca" | "rejectUnauthorized"> {
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

/** Bytes a download hands to the file system at once: TLS delivers 16 KiB records, and a write
 * per record would serialise the transfer on the file system's round trips. */
const WRITE_BLOCK_BYTES = 1 << 20;
/** Blocks a download has on their way to the disk (8 MiB); its socket pauses while all are. */
const WRITE_BLOCKS = 8;
/** Bytes read between two hash updates (and progress reports): a TLS record is at most 16 KiB,
 * and a call per record would cost more than the hashing itself in the agent's interpreter. */
const HASH_STEP_BYTES = 32 << 10;
/** Largest response head (status line and headers) of a download. */
const MAX_HEAD_BYTES = 64 << 10;

export interface HttpDownloadOptions {
  trust: TlsTrust;
  /** The size the index gives: a longer body is refused. */
  maxBytes: number;
  signal?: AbortSignal;
  /** Each chunk in order; it is only valid during the call (its memory is read into again). */
  onChunk?: (chunk: Buffer) => void;
}

/**
 * Downloads to `dest`, hashing each chunk on its way to the file; stops past `maxBytes`. Returns
 * the SHA-256 and size; the caller compares them with the index.
 */
export async function download(url: string, dest: string, opts: HttpDownloadOptions): Promise<{ sha256: string; size: number }> {
  const file = await openFile(dest, "wx", 0o600);
  try {
    return await receive(url, { fd: file.fd, path: dest }, opts, 0);
  } catch (e) {
    if (e instanceof CorralError || opts.signal?.aborted) throw e;
    throw remoteError(url, `the transfer stopped (${(e as Error).message}): the connection closed, or no data came for ${IDLE_TIMEOUT_MS / 1000} s (IDLE_TIMEOUT_MS)`, e);
  } finally {
    await file.close();
  }
}

/**
 * One GET into the open file `dest` on a TLS connection of its own, read without an HTTP client in
 * the way (a large file is thousands of TLS records, each of which would pass through its layers):
 * the socket reads straight into 1 MiB blocks (net's onread), which are hashed every HASH_STEP_BYTES
 * and written in the background when full; reading pauses while every block is on its way to the
 * disk. The request is HTTP/1.0, so the body is never chunked: it ends at its Content-Length, or
 * where the server closes. Errors before the response head and failed writes are CorralErrors;
 * later ones are the transfer stopping.
 */
function receive(url: string, dest: { fd: number; path: string }, opts: HttpDownloadOptions, redirects: number): Promise<{ sha256: string; size: number }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(remoteError(url, "not a valid URL"));
  }
  if (u.protocol !== "https:") return Promise.reject(remoteError(url, "only https:// is accepted"));
  const { trust, signal } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    // Blocks are made as they are needed: while the disk keeps up, a download uses two or three.
    const free: Buffer[] = [];
    let blocks = 0;
    const newBlock = (): Buffer => {
      blocks++;
      return Buffer.allocUnsafeSlow(WRITE_BLOCK_BYTES);
    };
    /** The block being read into: [0, hashed) hashed, [hashed, used) read, [used, end) free. */
    let block = newBlock();
    let used = 0;
    let hashed = 0;
    let writing = 0;
    let size = 0;
    /** Content-Length, or -1: the body ends where the server closes. */
    let length = -1;
    /** Until the response head has been read (it is read into the block too). */
    let inHead = true;
    let ended = false;
    /** Reading stopped because every block is on its way to the disk. */
    let paused = false;
    /** Set once the outcome is known; delivered once no write is in flight (the caller then closes the file). */
    let outcome: (() => void) | undefined;
    const deliver = () => {
      const then = outcome;
      if (!then || writing) return;
      outcome = () => {};
      then();
    };
    const settle = (then: () => void) => {
      if (outcome) return;
      outcome = then;
      clearTimeout(connectTimer);
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      deliver();
    };
    const fail = (e: unknown) => settle(() => reject(e));
    const tooLarge = () => new CorralError("CORRAL_ERR_INTEGRITY", `${url}: larger than the ${opts.maxBytes} bytes the index gives; nothing was stored`);
    const onAbort = () => fail(signal!.reason);
    /** Hashes what was read since the last step. */
    const step = () => {
      if (hashed === used) return;
      const data = block.subarray(hashed, used);
      hash.update(data);
      opts.onChunk?.(data);
      hashed = used;
    };
    /** Sends the block to the disk and takes the next (none after the last write of the body). */
    const write = () => {
      const b = block;
      const n = used;
      writing++;
      writeToFd(dest.fd, b, 0, n, null, (e) => {
        writing--;
        if (e) fail(downloadWriteError(url, dest.path, e));
        if (outcome) return deliver();
        free.push(b);
        if (paused) {
          paused = false;
          socket.resume();
        }
        finish();
      });
      used = hashed = 0;
      if (ended) return;
      // A free block or a new one: reading paused when the last of WRITE_BLOCKS was taken.
      block = free.pop() ?? newBlock();
    };
    const finish = () => {
      if (ended && !writing) settle(() => resolve({ sha256: hash.digest("hex"), size }));
    };
    const end = () => {
      if (outcome || ended) return;
      if (inHead) return fail(remoteError(url, "the server closed the connection before its answer"));
      if (length >= 0 && size < length) return fail(new Error(`the connection closed after ${size} of ${length} bytes`));
      step();
      ended = true;
      if (used) write();
      finish();
    };
    /** The response head: false when this response is not the file (an error or a redirect followed). */
    const answer = (text: string): boolean => {
      const lines = text.split("\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1] ?? 0);
      const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const location = headers.get("location");
      if (status >= 300 && status < 400 && location) {
        if (redirects >= MAX_REDIRECTS) fail(remoteError(url, `more than ${MAX_REDIRECTS} redirects`));
        else settle(() => resolve(receive(new URL(location, u).toString(), dest, opts, redirects + 1)));
        return false;
      }
      if (status !== 200) {
        fail(remoteError(url, status ? `HTTP ${status}${status === 404 ? " (not found)" : ""}` : `not an HTTP answer (${JSON.stringify(lines[0]!.slice(0, 60))})`));
        return false;
      }
      const cl = headers.get("content-length");
      if (cl !== undefined) {
        length = /^\d+$/.test(cl) ? Number(cl) : NaN;
        if (!(length <= opts.maxBytes)) {
          fail(Number.isNaN(length) ? remoteError(url, `invalid Content-Length "${cl}"`) : tooLarge());
          return false;
        }
      }
      return true;
    };
    /** `n` more bytes are in the block at `used`; false pauses reading. */
    const onRead = (n: number): boolean => {
      if (outcome || ended) return false;
      used += n;
      if (inHead) {
        const at = block.subarray(0, used).indexOf("\r\n\r\n");
        if (at < 0) {
          if (used > MAX_HEAD_BYTES) fail(remoteError(url, `no end of the response head in ${MAX_HEAD_BYTES} bytes`));
          return !outcome;
        }
        inHead = false;
        if (!answer(block.subarray(0, at).toString("latin1"))) return false;
        block.copyWithin(0, at + 4, used);
        used -= at + 4;
        n = used;
      }
      size += n;
      if (size > opts.maxBytes) {
        fail(tooLarge());
        return false;
      }
      if (used - hashed >= HASH_STEP_BYTES || used === WRITE_BLOCK_BYTES) step();
      if (used === WRITE_BLOCK_BYTES) write();
      if (size === length) end();
      // Taking the last free block pauses reading; what the socket still hands over then fits.
      paused = !free.length && blocks === WRITE_BLOCKS && !outcome && !ended;
      return !paused;
    };

    // tls.connect takes net's onread option (documented; @types/node does not list it).
    const options: ConnectionOptions & { onread: OnReadOpts } = {
      host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: Number(u.port) || 443,
      ...tlsOptions(trust),
      // Each read lands in the rest of the current block.
      onread: { buffer: () => block.subarray(used), callback: onRead },
    };
    const socket = tlsConnect(options);
    const connectTimer = setTimeout(() => fail(remoteError(url, `no connection within ${CONNECT_TIMEOUT_MS / 1000} s (CONNECT_TIMEOUT_MS)`)), CONNECT_TIMEOUT_MS);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.setTimeout(IDLE_TIMEOUT_MS, () => fail(inHead ? remoteError(url, `no answer for ${IDLE_TIMEOUT_MS / 1000} s (IDLE_TIMEOUT_MS)`) : new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`)));
    socket.once("secureConnect", () => {
      clearTimeout(connectTimer);
      const wrong = trust.certificate ? pinMismatch(socket, trust.certificate) : undefined;
      if (wrong) return fail(remoteError(url, wrong));
      socket.write(`GET ${u.pathname}${u.search} HTTP/1.0\r\nHost: ${u.host}\r\nUser-Agent: corrald\r\nAccept-Encoding: identity\r\n\r\n`);
    });
    socket.on("error", (e: NodeJS.ErrnoException) => fail(e instanceof CorralError || !inHead ? e : remoteError(url, e.code ? `${e.code}: ${e.message}` : e.message, e)));
    socket.on("end", end);
    socket.on("close", end);
    socket.resume();
  });
}
