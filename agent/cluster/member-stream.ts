// Relayed streams (exec, console) to another member over an HTTP/2 connection of their own, with
// the HTTP/2 (agent/cli/h2c.ts) and gRPC framing done here: a relayed message is passed on as the
// bytes the other member sent, and a call costs a few frames, without grpc-js's client call
// layers (resolver, retries, load balancing, interceptors, filters) or node's http2 streams, which
// were most of exec_forwarded's relay time. The connection is mutual TLS as the member's gRPC
// channel: this member's certificate from the cluster CA, the other member's API certificate
// pinned; it stays open for later calls. While calls are open on it, HTTP/2 PINGs keep it alive
// (agent/client/keepalive.ts): a member that goes silent without closing the connection
// (partitioned, or its process stopped while its kernel still ACKs TCP) ends them within a bound.
import * as tls from "node:tls";
import { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { GrpcDeframer, grpcFrame, grpcMessage } from "../cli/exec-wire";
import { H2_CANCEL, H2Session, type H2Stream, type Headers } from "../cli/h2c";
import { normalizeFingerprint, pinMismatch } from "../security";
import { SERVER_CERT_REJECTED } from "../security/messages";
import { KEEPALIVE, type KeepaliveBounds } from "../client/keepalive";
import type { MemberCredentials } from "./member-config";

/** A member that does not complete TCP and TLS within this long is taken as not answering. */
export const MEMBER_CONNECT_TIMEOUT_MS = 10_000;

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
  private readonly deframer = new GrpcDeframer();
  private status?: StreamError | null;
  private responded = false;
  private settled = false;

  constructor(private readonly stream: H2Stream, private readonly serialize: (m: unknown) => Buffer, private readonly done: (s: MemberStream) => void) {
    super();
    stream.onHeaders = (h, endStream) => {
      if (!this.responded) {
        this.responded = true;
        if (h[":status"] !== "200") this.status = streamError(grpc.status.UNAVAILABLE, `HTTP status ${h[":status"]} from the member`);
        else if (endStream) this.trailers(h); // an answer of trailers only
      } else this.trailers(h);
    };
    stream.onData = (chunk) => this.frames(chunk);
    // Ended by the member (its status is in, or it is missing) or reset.
    stream.onClose = () => {
      if (stream.rstCode !== undefined) return this.settle(streamError(grpc.status.UNAVAILABLE, `the member reset the call (HTTP/2 code ${stream.rstCode})`));
      this.settle(this.status === undefined ? streamError(grpc.status.UNAVAILABLE, "the call ended without a status") : this.status);
    };
  }

  private trailers(h: Headers): void {
    const code = Number(h["grpc-status"]);
    const details = grpcMessage(h["grpc-message"]);
    const md = grpc.Metadata.fromHttp2Headers(h);
    md.remove("grpc-status");
    md.remove("grpc-message");
    this.status = code === grpc.status.OK ? null : streamError(Number.isInteger(code) ? code : grpc.status.UNKNOWN, details, md);
  }

  /** Passes on the gRPC messages in the bytes received (uncompressed: none is asked for). */
  private frames(chunk: Buffer): void {
    let msgs: Buffer[];
    try {
      msgs = this.deframer.push(chunk);
    } catch (e) {
      return this.abort(grpc.status.INTERNAL, `the member's answer: ${(e as Error).message}`);
    }
    for (const msg of msgs) if (!this.settled) this.emit("data", msg);
  }

  /** @internal Ends the call with `st` (OK when null); the connection's failure ends it with that. */
  settle(st: StreamError | null): void {
    if (this.settled) return;
    this.settled = true;
    this.done(this);
    if (st) this.emit("error", st);
    else this.emit("end");
  }

  private abort(code: grpc.status, details: string): void {
    this.stream.reset(H2_CANCEL);
    this.settle(streamError(code, details));
  }

  write(m: unknown): boolean {
    // Ended (its status is in) or closed: what the caller still sends has nowhere to go.
    if (this.settled) return false;
    this.stream.write(grpcFrame(this.serialize(m)));
    return true;
  }

  end(): this {
    this.stream.end();
    return this;
  }

  cancel(): void {
    if (!this.settled) this.abort(grpc.status.CANCELLED, "Cancelled on client");
  }
}

/** One HTTP/2 connection to another member's API, kept for its calls until it fails. */
export class MemberSession {
  private readonly session: H2Session;
  private readonly authority: string;
  private readonly open = new Set<MemberStream>();

  /** `address` host:port; `fingerprint` the member's API certificate (the only one accepted). */
  constructor(address: string, fingerprint: string, creds: MemberCredentials, keepalive: KeepaliveBounds = KEEPALIVE) {
    const pin = normalizeFingerprint(fingerprint, "server_fingerprint");
    const u = new URL(`https://${address}`);
    this.authority = u.host;
    const secureContext = tls.createSecureContext({ cert: creds.certPem, key: creds.keyPem });
    // Pinned: the chain is not checked against a CA; the certificate is checked against the pin as every pinned client checks it (pinMismatch).
    const host = u.hostname.replace(/^\[|\]$/g, "");
    const socket = tls.connect({ host, port: Number(u.port), secureContext, ALPNProtocols: ["h2"], rejectUnauthorized: false });
    socket.setNoDelay(true);
    const connecting = setTimeout(() => socket.destroy(new Error(`no connection within ${MEMBER_CONNECT_TIMEOUT_MS} ms (MEMBER_CONNECT_TIMEOUT_MS)`)), MEMBER_CONNECT_TIMEOUT_MS);
    socket.once("secureConnect", () => {
      clearTimeout(connecting);
      const peer = socket.getPeerCertificate(true);
      const why = peer?.raw?.length ? pinMismatch(peer, pin, host) : "the member presented no certificate";
      if (why) socket.destroy(new Error(`${SERVER_CERT_REJECTED}: ${why}`));
      else if (socket.alpnProtocol !== "h2") socket.destroy(new Error("the member does not speak HTTP/2"));
    });
    socket.once("close", () => clearTimeout(connecting));
    // Idle, it does not keep the agent's event loop alive.
    socket.unref();
    this.session = new H2Session(socket);
    this.session.onError = (e, connected) => {
      const st = streamError(grpc.status.UNAVAILABLE, connected ? `Connection dropped: ${e.message}` : `No connection established: ${e.message}`);
      for (const s of [...this.open]) s.settle(st);
    };
    this.session.keepalive(keepalive);
  }

  /** Whether new calls can use it (not failed or closed). */
  get usable(): boolean {
    return this.session.usable;
  }

  /** Whether it failed or was closed (one the member is closing off still carries its calls). */
  get ended(): boolean {
    return this.session.ended;
  }

  /**
   * Starts a call of `path` (`/corral.v1.Instances/Exec`) with `md` and the caller's deadline,
   * which the other member enforces (grpc-timeout) as this member does on the caller's own call,
   * whose end cancels this one.
   */
  start(path: string, serialize: (m: unknown) => Buffer, md: grpc.Metadata, deadline?: number): MemberStream {
    const headers: Headers = { ":scheme": "https", ":authority": this.authority, "content-type": "application/grpc", te: "trailers" };
    for (const [k, v] of Object.entries(md.toHttp2Headers())) headers[k] = String(v);
    if (deadline !== undefined) headers["grpc-timeout"] = grpcTimeout(deadline);
    const s = new MemberStream(this.session.request(path, headers), serialize, (x) => this.open.delete(x));
    this.open.add(s);
    return s;
  }

  close(): void {
    this.session.close();
    const st = streamError(grpc.status.UNAVAILABLE, "the connection to the member was closed");
    for (const s of [...this.open]) s.settle(st);
  }
}
