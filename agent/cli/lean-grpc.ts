// gRPC calls over h2c.ts for the lean CLI paths (exec-fast.ts, ops-fast.ts, list-fast.ts), failing with the
// messages the full CLI shows for the same status (main.ts's errorMessage and its "cannot reach
// corrald" rule for transport failures). No grpc-js, no protobufjs: callers encode and decode the
// messages themselves (exec-wire.ts, ops-wire.ts).
import { KEEPALIVE, type KeepaliveBounds } from "../client/keepalive";
import type { Io } from "./context";
import { GrpcDeframer, grpcFrame, grpcMessage } from "./exec-wire";
import { H2_CANCEL, H2Session, type H2Stream, type Headers } from "./h2c";

const GRPC_UNAVAILABLE = 14;

/** A failed call: `message` is what the CLI prints after "Error: ". */
export class CallFailed extends Error {}

/**
 * Runs one lean command line on a client to `at`: resolves to its exit code, or to 1 with the error
 * on stderr as the full CLI writes it; the client is closed either way.
 */
export async function runLean(at: { endpoint: string; socketPath: string }, io: Pick<Io, "stderr">, command: (client: LeanClient) => Promise<number>): Promise<number> {
  const client = new LeanClient(at.endpoint, at.socketPath);
  try {
    return await command(client);
  } catch (e) {
    io.stderr.write(`Error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}

/** One connection to corrald for the calls of one command line. */
export class LeanClient {
  private readonly session: H2Session;
  private readonly failures = new Set<(e: CallFailed) => void>();
  /** Why the connection failed, once it has: later calls fail with it at once. */
  private broken: CallFailed | undefined;

  constructor(readonly endpoint: string, socketPath: string, keepalive: KeepaliveBounds = KEEPALIVE) {
    this.session = new H2Session(socketPath);
    this.session.keepalive(keepalive);
    /** The words grpc-js uses, as the full CLI shows them. */
    this.session.onError = (e, connected) => {
      this.broken = this.unreachable(connected ? `Connection dropped: ${e.message}` : `No connection established. Last error: ${String(e)}.`);
      for (const f of [...this.failures]) f(this.broken);
    };
  }

  unreachable(detail: string): CallFailed {
    return new CallFailed(`cannot reach corrald at ${this.endpoint}: ${detail}`);
  }

  /**
   * Starts a call of `method` ("/corral.v1.Instances/Exec"); each response message goes to
   * `onMessage`. `done` resolves when the call ends with status OK and rejects with the CLI's
   * message otherwise. The stream is returned for requests and flow control.
   */
  call(method: string, onMessage: (m: Buffer) => void): { stream: H2Stream; done: Promise<void>; cancel(): void } {
    const stream = this.session.request(method, { "content-type": "application/grpc", te: "trailers" });
    const deframer = new GrpcDeframer();
    let fail: (e: CallFailed) => void = () => {};
    const done = new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (e?: CallFailed) => {
        if (settled) return;
        settled = true;
        this.failures.delete(fail);
        if (e) reject(e);
        else resolve();
      };
      fail = (e) => settle(e);
      if (this.broken) return settle(this.broken);
      this.failures.add(fail);
      stream.onHeaders = (h, endStream) => {
        if (h["grpc-status"] !== undefined) return settle(statusError(this, h));
        if (endStream || h[":status"] !== "200") settle(this.unreachable(`HTTP status ${h[":status"]} from the agent`));
      };
      stream.onData = (chunk) => {
        if (settled) return;
        try {
          for (const m of deframer.push(chunk)) onMessage(m);
        } catch (e) {
          settle(new CallFailed((e as Error).message));
        }
      };
      stream.onClose = () => settle(this.unreachable(`the call ended without a status (HTTP/2 code ${stream.rstCode})`));
    });
    return {
      stream,
      done,
      cancel: () => {
        stream.reset(H2_CANCEL);
        fail(new CallFailed("cancelled"));
      },
    };
  }

  /** A unary call: the one response message. */
  async unary(method: string, request: Buffer): Promise<Buffer> {
    let reply: Buffer | undefined;
    const c = this.call(method, (m) => (reply = m));
    c.stream.write(grpcFrame(request));
    c.stream.end();
    await c.done;
    if (!reply) throw new CallFailed(`${method}: no response message`);
    return reply;
  }

  /** A server-streaming call: each message to onMessage until the stream ends. */
  serverStream(method: string, request: Buffer, onMessage: (m: Buffer) => void): Promise<void> {
    const c = this.call(method, onMessage);
    c.stream.write(grpcFrame(request));
    c.stream.end();
    return c.done;
  }

  pause(): void {
    this.session.pause();
  }
  resume(): void {
    this.session.resume();
  }
  close(): void {
    this.failures.clear();
    this.session.close();
  }
}

/** The failure of a non-OK status (trailers, or headers of a trailers-only answer); null for OK. */
function statusError(client: LeanClient, h: Headers): CallFailed | undefined {
  const code = Number(h["grpc-status"]);
  if (code === 0) return undefined;
  const details = grpcMessage(h["grpc-message"]).replace(/\s*Resolution note:\s*$/, "") || `status ${code}`;
  return code === GRPC_UNAVAILABLE && h["corral-error-code"] === undefined ? client.unreachable(details) : new CallFailed(details);
}
