// A client over several endpoints of one cluster (the provider's `endpoints`): it talks to the
// first endpoint that connects and moves to the next one when that one stops answering. Before
// each call the channel is checked to be connected, and the call goes to the next endpoint when it
// does not connect (so it was never sent). A call that then fails with UNAVAILABLE is sent again
// elsewhere only when it cannot have changed anything: a read (Get*, List*, the placement dry run)
// or a call that found no connection to go out on; a write that may have reached the agent keeps
// its error. An endpoint whose server certificate is refused stops the search: it is not a member
// that is down but one this client must not talk to (a wrong pin or CA, or someone else's host).
import * as grpc from "@grpc/grpc-js";
import { CorralError } from "../errors";
import { SERVER_CERT_REJECTED } from "../security/messages";
import { connect, type ConnectOptions, type CorralClient } from "./client";

/**
 * Bound on connecting to one endpoint (TLS handshake included) before the next is tried: a local
 * socket connects in milliseconds and a member on the same LAN well within this; a host that drops
 * packets instead of refusing would otherwise hold every call for the whole TCP connect timeout.
 */
export const ENDPOINT_CONNECT_TIMEOUT_MS = 5_000;

/** Calls that change nothing on the agent: safe to send again to another member after an UNAVAILABLE. */
const READ_ONLY = /^(Get|List)[A-Z]|^PlaceInstance$/;
/** grpc-js's status for a call that found no connection to go out on (the channel failed after the check): never sent. */
const NOT_SENT = /^No connection established/;

type Service = Exclude<keyof CorralClient, "endpoint" | "raw" | "wait" | "close">;
type Endpoint = ConnectOptions & { endpoint: string };

/** Waits (bounded) until the client's channel is connected; rejects with why it is not (naming the bound's constant `bound` when given). */
export function whenConnected(client: CorralClient, timeoutMs: number, bound?: string): Promise<void> {
  const channel = client.raw.instances.getChannel();
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const state = channel.getConnectivityState(true);
      if (state === grpc.connectivityState.READY) return resolve();
      if (state === grpc.connectivityState.SHUTDOWN) return reject(new Error("channel closed"));
      // Refused, unreachable or TLS rejected: down now (waiting out the reconnect backoff helps
      // nobody). A call fails at once with grpc's reason, and is never sent.
      if (state === grpc.connectivityState.TRANSIENT_FAILURE) {
        client.host.GetInfo({}, { deadlineMs: timeoutMs }).then(() => resolve(), (e: { details?: string; message?: string }) =>
          reject(new Error((e.details || e.message || String(e)).replace(/\.?\s*Resolution note:\s*$/, ""))));
        return;
      }
      channel.watchConnectivityState(state, deadline, (err?: Error) => (err ? reject(new Error(`not connected within ${timeoutMs} ms${bound ? ` (${bound})` : ""}`)) : check()));
    };
    check();
  });
}

/** The error when no endpoint answered: every endpoint tried, each with its reason. */
function noneAnswered(tried: { endpoint: string; why: string }[]): CorralError {
  return new CorralError(
    "CORRAL_ERR_UNAVAILABLE",
    `no Corral agent answered at any endpoint (${tried.length} tried):\n  ${tried.map((t) => `${t.endpoint}: ${t.why}`).join("\n  ")}`,
    { field: "endpoints" },
  );
}

/** The error when an endpoint's server certificate is refused: the endpoint and why, and that no other endpoint was tried after it. */
function certificateRefused(endpoint: string, why: string): CorralError {
  return new CorralError(
    "CORRAL_ERR_UNAUTHENTICATED",
    `${endpoint}: ${why.slice(why.indexOf(SERVER_CERT_REJECTED))}; not trying the next endpoints (check the pinned fingerprint or CA)`,
    { field: "endpoints" },
  );
}

export interface FailoverClient extends CorralClient {
  /** Every endpoint, in the order they are tried. */
  readonly endpoints: readonly string[];
}

/**
 * Connects to the first of `endpoints` that answers (each within `connectTimeoutMs`) and returns a
 * client that fails over to the next one in order (wrapping round) when the one in use is down.
 * Streams (`raw`) go to the endpoint in use; they are not moved once started.
 */
export async function connectFirst(endpoints: Endpoint[], connectTimeoutMs = ENDPOINT_CONNECT_TIMEOUT_MS): Promise<FailoverClient> {
  if (endpoints.length === 0) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", "endpoints: give at least one endpoint", { field: "endpoints" });
  let index = -1;
  let current: CorralClient | undefined;

  /** The endpoints from `start` on, each dialled until one connects. */
  const dial = async (start: number): Promise<CorralClient> => {
    const tried: { endpoint: string; why: string }[] = [];
    for (let i = 0; i < endpoints.length; i++) {
      const at = (start + i) % endpoints.length;
      const opts = endpoints[at]!;
      let c: CorralClient | undefined;
      try {
        c = connect(opts);
        await whenConnected(c, connectTimeoutMs);
        index = at;
        current = c;
        return c;
      } catch (e) {
        c?.close();
        const why = (e as Error).message;
        if (why.includes(SERVER_CERT_REJECTED)) throw certificateRefused(opts.endpoint, why);
        tried.push({ endpoint: opts.endpoint, why });
      }
    }
    throw noneAnswered(tried);
  };

  /** Leaves client `c` for the next endpoints that connect; calls failing together share one redial. */
  let redial: Promise<CorralClient> | undefined;
  const moveOn = (c: CorralClient): Promise<CorralClient> => {
    if (current !== c) return Promise.resolve(current!);
    redial ??= (c.close(), dial(index + 1)).finally(() => (redial = undefined));
    return redial;
  };

  /** The client in use once it is connected; another one (the next endpoints first) when it does not connect. */
  const ready = async (): Promise<CorralClient> => {
    const c = current!;
    return whenConnected(c, connectTimeoutMs).then(() => c, () => moveOn(c));
  };

  const first = await dial(0);

  const service = (name: Service) =>
    new Proxy({} as CorralClient[typeof name], {
      get(_t, method: string) {
        if (typeof (current![name] as Record<string, unknown>)[method] !== "function") return undefined;
        return async (req: unknown, opts?: { deadlineMs?: number }) => {
          let c = await ready();
          try {
            return await (c[name] as any)[method](req, opts);
          } catch (e) {
            const err = e as { code?: number; details?: string };
            if (err.code !== grpc.status.UNAVAILABLE || !(READ_ONLY.test(method) || NOT_SENT.test(err.details ?? ""))) throw e;
            // A read, or a call that never left: ask the next member (or this one again, reconnected) once.
            c = await moveOn(c);
            return (c[name] as any)[method](req, opts);
          }
        };
      },
    });

  const client: Pick<FailoverClient, "endpoints" | "endpoint" | "raw" | "wait" | "close"> = {
    endpoints: endpoints.map((e) => e.endpoint),
    get endpoint() {
      return current!.endpoint;
    },
    get raw() {
      return current!.raw;
    },
    wait: (op, onProgress) => current!.wait(op, onProgress),
    close: () => current?.close(),
  };
  for (const s of Object.keys(first).filter((k) => !["endpoint", "raw", "wait", "close"].includes(k)) as Service[]) {
    Object.defineProperty(client, s, { value: service(s), enumerable: true });
  }
  return client as FailoverClient;
}
