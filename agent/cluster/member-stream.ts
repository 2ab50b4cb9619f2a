// Relayed streams (exec, console) to another member over an HTTP/2 session of their own, with the
// gRPC framing done here: a relayed message is passed on as the bytes the other member sent, and
// a call costs one HTTP/2 stream, without grpc-js's client call layers (resolver, retries, load
// balancing, interceptors, filters), which were a visible part of exec_forwarded's relay time.
// The session is mutual TLS as the member's gRPC channel: this member's certificate from the
// cluster CA, the other member's API certificate pinned; it stays open for later calls.
import * as http2 from "node:http2";
import * as tls from "node:tls";
import { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { certificateFingerprint, normalizeFingerprint } from "../security";
import type { MemberCredentials } from "./member-config";

/** A member that does not complete TCP and TLS within this long is taken as not answering. */
export const MEMBER_CONNECT_TIMEOUT_MS = 10_000;

const { HTTP2_HEADER_STATUS, NGHTTP2_CANCEL, NGHTTP2_NO_ERROR } = http2.constants;

/** A relayed call's status as grpc-js would give it: code, details and the other member's metadata. */
export type StreamError = Error & { code: grpc.status; details: string; metadata: grpc.Metadata };

function streamError(code: grpc.status, details: string, metadata = new grpc.Metadata()): StreamError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), { code, details, metadata });
}

/** gRPC's `grpc-timeout` for a deadline (milliseconds; at most 8 digits). */
function grpcTimeout(deadline: number): string {
  const ms = Math.max(0, Math.ceil(deadline - Date.now()));
  return ms < 1e8 ? `${ms}m` : `${Math.min(99_999_999, Math.ceil(ms / 1000))}S`;
}

/**
 * One call on another member. Events: `data` (each answer, encoded), `end` (status OK), `error`
 * (any other status, or the connection lost: a StreamError); `write`, `end` and `cancel` as on a
 * grpc-js duplex call.
 */
export class MemberStream extends EventEmitter {
  private pending: Buffer = Buffer.alloc(0);
  private status?: StreamError | null;
  private settled = false;

  constructor(private readonly stream: http2.ClientHttp2Stream, private readonly serialize: (m: unknown) => Buffer) {
    super();
    stream.on("response", (h) => {
      if (Number(h[HTTP2_HEADER_STATUS]) !== 200) this.status = streamError(grpc.status.UNAVAILABLE, `HTTP status ${h[HTTP2_HEADER_STATUS]} from the member`);
      else if (h["grpc-status"] !== undefined) this.trailers(h); // an answer of trailers only
    });
    stream.on("trailers", (h) => this.trailers(h));
    stream.on("data", (chunk: Buffer) => this.frames(chunk));
    // All answers read: the status is known (or the member did not send one).
    stream.on("end", () => {
      this.settle(this.status === undefined ? streamError(grpc.status.UNAVAILABLE, "the call ended without a status") : this.status);
      // The caller has not finished sending (an exec whose stdin is still open): nothing it sends matters now.
      if (!stream.writableEnded) stream.close(NGHTTP2_NO_ERROR);
    });
    // Closed before its answers were all read: the status if it came, else the connection is gone.
    stream.on("close", () => this.settled || this.settle(this.status !== undefined ? this.status : streamError(grpc.status.UNAVAILABLE, `Connection dropped (HTTP/2 code ${stream.rstCode})`)));
    stream.on("error", (e: Error) => this.settled || this.settle(streamError(grpc.status.UNAVAILABLE, e.message)));
  }

  private trailers(h: http2.IncomingHttpHeaders): void {
    const code = Number(h["grpc-status"]);
    const details = decodeURIComponent(String(h["grpc-message"] ?? ""));
    const md = grpc.Metadata.fromHttp2Headers(h);
    md.remove("grpc-status");
    md.remove("grpc-message");
    this.status = code === grpc.status.OK ? null : streamError(Number.isInteger(code) ? code : grpc.status.UNKNOWN, details, md);
  }

  /** Splits gRPC length-prefixed messages out of the bytes received (uncompressed: none is asked for). */
  private frames(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= 5 && !this.settled) {
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) break;
      if (buf[0] !== 0) return this.abort(grpc.status.INTERNAL, "the member sent a compressed message, which was not asked for");
      const msg = buf.subarray(5, 5 + len);
      buf = buf.subarray(5 + len);
      this.emit("data", msg);
    }
    this.pending = buf;
  }

  private settle(st: StreamError | null): void {
    if (this.settled) return;
    this.settled = true;
    if (st) this.emit("error", st);
    else this.emit("end");
  }

  private abort(code: grpc.status, details: string): void {
    if (!this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
    this.settle(streamError(code, details));
  }

  write(m: unknown): boolean {
    // Ended (its status is in) or closed: what the caller still sends has nowhere to go.
    if (this.settled || this.stream.writableEnded || this.stream.closed) return false;
    const body = this.serialize(m);
    const frame = Buffer.allocUnsafe(5 + body.length);
    frame[0] = 0;
    frame.writeUInt32BE(body.length, 1);
    body.copy(frame, 5);
    return this.stream.write(frame);
  }

  end(): this {
    if (!this.stream.writableEnded && !this.stream.closed) this.stream.end();
    return this;
  }

  cancel(): void {
    this.abort(grpc.status.CANCELLED, "Cancelled on client");
  }
}

/** One HTTP/2 session to another member's API, kept for its calls until it closes. */
export class MemberSession {
  private readonly session: http2.ClientHttp2Session;
  private readonly authority: string;

  /** `address` host:port; `fingerprint` the member's API certificate (the only one accepted). */
  constructor(address: string, fingerprint: string, creds: MemberCredentials) {
    const pin = normalizeFingerprint(fingerprint, "server_fingerprint");
    const u = new URL(`https://${address}`);
    this.authority = u.host;
    const secureContext = tls.createSecureContext({ cert: creds.certPem, key: creds.keyPem });
    const host = u.hostname.replace(/^\[|\]$/g, "");
    this.session = http2.connect(u.origin, {
      createConnection: () => {
        // Pinned: the chain is not checked against a CA, the certificate is compared with the pin.
        const s = tls.connect({ host, port: Number(u.port), secureContext, ALPNProtocols: ["h2"], rejectUnauthorized: false });
        s.setNoDelay(true);
        s.once("secureConnect", () => {
          const raw = s.getPeerCertificate()?.raw;
          const got = raw?.length ? certificateFingerprint(raw) : "none";
          if (got !== pin) s.destroy(new Error(`server certificate fingerprint ${got} does not match the pinned ${pin}`));
        });
        return s;
      },
    });
    this.session.on("error", () => {}); // each stream reports it
    const connecting = setTimeout(() => this.session.destroy(new Error(`no connection within ${MEMBER_CONNECT_TIMEOUT_MS} ms`)), MEMBER_CONNECT_TIMEOUT_MS);
    this.session.once("connect", () => clearTimeout(connecting));
    this.session.once("close", () => clearTimeout(connecting));
    // Idle, it does not keep the agent's event loop alive.
    this.session.unref();
  }

  /** Whether new calls can use it (not closed, not refused by the member). */
  get usable(): boolean {
    return !this.session.closed && !this.session.destroyed;
  }

  /**
   * Starts a call of `path` (`/corral.v1.Instances/Exec`) with `md` and the caller's deadline,
   * which the other member enforces (grpc-timeout) as this member does on the caller's own call,
   * whose end cancels this one.
   */
  open(path: string, serialize: (m: unknown) => Buffer, md: grpc.Metadata, deadline?: number): MemberStream {
    const headers: http2.OutgoingHttpHeaders = {
      ...md.toHttp2Headers(),
      ":method": "POST", ":scheme": "https", ":path": path, ":authority": this.authority,
      "content-type": "application/grpc", te: "trailers",
      ...(deadline !== undefined ? { "grpc-timeout": grpcTimeout(deadline) } : {}),
    };
    return new MemberStream(this.session.request(headers), serialize);
  }

  close(): void {
    this.session.close();
  }
}
