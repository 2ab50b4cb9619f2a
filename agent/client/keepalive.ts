// HTTP/2 keepalive of connections to an agent: the typed client's grpc-js channel over TCP (CLI,
// provider, member-to-member calls; see connect() for why not over a unix socket), a member's relay sessions (agent/cluster/member-stream.ts) and
// the lean CLI's (agent/cli/lean-grpc.ts). Without it, an agent that goes silent without closing the
// connection (partitioned, or its process stopped while its kernel still ACKs TCP) would hold an
// exec, a console, a WatchOperation or a call without a deadline forever. No imports: the lean CLI
// loads this.

/** While calls are open on a connection, a PING goes out this long after the last was answered (an idle connection sends nothing)... */
export const KEEPALIVE_INTERVAL_MS = 10_000;
/**
 * ...and an agent that has not answered it within this long is taken as gone: the connection is
 * dropped, its calls end UNAVAILABLE, the next call dials again. A live agent's HTTP/2 layer
 * answers at once; only an event loop blocked this long would be taken for a silent agent.
 */
export const KEEPALIVE_TIMEOUT_MS = 10_000;

export interface KeepaliveBounds {
  intervalMs: number;
  timeoutMs: number;
}

export const KEEPALIVE: KeepaliveBounds = { intervalMs: KEEPALIVE_INTERVAL_MS, timeoutMs: KEEPALIVE_TIMEOUT_MS };

/** The error of a connection whose PING was not answered within `timeoutMs`. */
export const keepaliveError = (timeoutMs: number): Error => new Error(`keepalive PING not answered within ${timeoutMs} ms (KEEPALIVE_TIMEOUT_MS)`);
