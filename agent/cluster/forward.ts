// Forwarding: in a cluster every member accepts every call. A call about an instance on another
// member is relayed to that member over mutual TLS (this member's certificate from the cluster CA,
// the other member's pinned API certificate), streams included; instance lists gather every
// member's part. A relayed call carries FORWARDED_HEADER and is served where it lands, so a call
// is relayed at most once. Exec and console streams go over an HTTP/2 session of their own to
// each member (member-stream.ts), their answers passed on as the bytes received. Operations
// started on another member get ids `<id>@<member>`, which the Operations calls of any member resolve.
import * as grpc from "@grpc/grpc-js";
import { clientCredentials, connect, whenConnected, type CorralClient, type KeepaliveBounds } from "../client";
import { CorralError, notFound } from "../errors";
import { toStatus } from "../api/grpc-util";
import type { MemberCredentials } from "./member-config";
import { MEMBER_CONNECT_TIMEOUT_MS, MemberSession, type MemberStream } from "./member-stream";
import type { MemberRecord, MemberStatus } from "./membership";
import type { PoolSpace } from "./placement";

export const FORWARDED_HEADER = "corral-forwarded-by";

export interface ForwardDeps {
  /** This agent's member name; undefined when standalone (nothing is forwarded). */
  self(): string | undefined;
  members(): Promise<(MemberRecord & { status: MemberStatus })[]>;
  credentials(): MemberCredentials;
  /** Keepalive of connections to other members (default agent/client/keepalive.ts's). */
  keepalive?: KeepaliveBounds;
}

type Call = { metadata: grpc.Metadata; getDeadline(): grpc.Deadline };
type Status = Partial<grpc.StatusObject> & { code: grpc.status; details: string };

/** A relayed call's error as the other member sent it (code, message, Corral error metadata); any other error as usual. */
export function relayedStatus(err: unknown): Status {
  const e = err as Partial<grpc.ServiceError>;
  if (typeof e?.code === "number" && e.metadata instanceof grpc.Metadata) return { code: e.code, details: e.details ?? e.message ?? "", metadata: e.metadata };
  return toStatus(err);
}

/** Ends a server stream with a (possibly relayed) error status. */
export function endRelayed(call: { emit(event: "error", err: unknown): boolean; writableEnded: boolean }, err: unknown): void {
  if (call.writableEnded) return;
  const st = relayedStatus(err);
  call.emit("error", Object.assign(new Error(st.details), st));
}

/**
 * An error of a relayed call: the other member's own error as it is; a transport error (no
 * member answered) says which member could not be reached, so the caller does not take it for
 * its own agent being down.
 */
export function memberError(member: string, err: unknown): unknown {
  const e = err as Partial<grpc.ServiceError>;
  if (e?.metadata?.get?.("corral-error-code")?.length || e?.code === grpc.status.CANCELLED || e?.code === grpc.status.DEADLINE_EXCEEDED) return err;
  return new CorralError("CORRAL_ERR_UNAVAILABLE", `cluster member "${member}" did not answer: ${e?.details || e?.message || String(err)}`);
}

/** `<id>@<member>` for an operation running on another member. */
export const remoteOperationId = (id: string, member: string): string => `${id}@${member}`;

/** The member part of an operation id (undefined: this member's) and the id that member knows. */
export function splitOperationId(id: string): { id: string; member?: string } {
  const at = id.lastIndexOf("@");
  return at < 0 ? { id } : { id: id.slice(0, at), member: id.slice(at + 1) };
}

/**
 * Members' addresses and status are read from etcd at most this often for relaying (two range
 * reads per call otherwise); a member going offline is noticed within this plus the offline threshold.
 */
const MEMBERS_CACHE_MS = 2_000;

/**
 * A member's report of its part of a pool is reused for placements for this long (asking every
 * member on every create was a visible part of a clustered create); pool space moves slowly, and
 * the member that creates an instance checks the root disk's size against its own part again.
 */
const POOL_SPACE_CACHE_MS = 2_000;
/** A member that has not said how much room its part of a pool has within this long is placed as if it had none free. */
const POOL_SPACE_TIMEOUT_MS = 5_000;

/** A member that has not answered a list within this long is left out (instances: shown from their records, status Error). */
export const LIST_MEMBER_TIMEOUT_MS = 15_000;

export class Forwarder {
  private readonly clients = new Map<string, { key: string; client: CorralClient }>();
  private readonly sessions = new Map<string, { key: string; session: MemberSession }>();
  /** Sessions a member is closing off (GOAWAY: a stopping member's grace period), left to finish their calls. */
  private readonly draining = new Set<MemberSession>();
  private members?: { at: number; list: Promise<(MemberRecord & { status: MemberStatus })[]> };
  private readonly poolSpaces = new Map<string, { at: number; space: Promise<PoolSpace | undefined> }>();

  constructor(private readonly deps: ForwardDeps) {}

  get self(): string | undefined {
    return this.deps.self();
  }

  /** Whether this call was relayed here by another member (then it is served here). */
  static isForwarded(call: { metadata: grpc.Metadata }): boolean {
    return call.metadata.get(FORWARDED_HEADER).length > 0;
  }

  /** Whether calls arriving here may be relayed: a member, and the call not relayed already. */
  relays(call: { metadata: grpc.Metadata }): boolean {
    return !!this.self && !Forwarder.isForwarded(call);
  }

  /** Metadata marking a relayed call. */
  metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    md.set(FORWARDED_HEADER, this.self ?? "");
    return md;
  }

  /** The caller's deadline; without one, `fallbackMs` from now if given. */
  options(call?: Call, fallbackMs?: number): grpc.CallOptions {
    const deadline = call?.getDeadline();
    if (deadline !== undefined && deadline !== Infinity) return { deadline };
    return fallbackMs ? { deadline: Date.now() + fallbackMs } : {};
  }

  /** Another member's API address and certificate, when calls can reach it (see MEMBERS_CACHE_MS). */
  private async reachable(member: string): Promise<{ address: string; fingerprint: string; key: string }> {
    if (!this.members || Date.now() - this.members.at > MEMBERS_CACHE_MS) {
      const list = this.deps.members();
      this.members = { at: Date.now(), list };
      list.catch(() => (this.members = undefined));
    }
    const m = (await this.members.list).find((x) => x.name === member);
    if (!m) throw notFound(`cluster member "${member}"`);
    if (m.status !== "online") throw new CorralError("CORRAL_ERR_UNAVAILABLE", `cluster member "${member}" is ${m.status}; calls for its instances cannot reach it`);
    if (!m.api_address || !m.server_fingerprint) {
      throw new CorralError("CORRAL_ERR_UNAVAILABLE", `cluster member "${member}" does not listen on TCP (start its corrald with --listen HOST:PORT); calls for its instances cannot reach it`);
    }
    return { address: m.api_address, fingerprint: m.server_fingerprint, key: `${m.api_address}|${m.server_fingerprint}` };
  }

  /**
   * A client to another member's API (cached; redialled when its address or certificate changes),
   * connected: grpc-js bounds no connection attempt, and a member that accepts TCP but never
   * answers TLS (its process stopped) would hold a call without a deadline for good. `deadline`:
   * the call's, when it leaves less than MEMBER_CONNECT_TIMEOUT_MS.
   */
  async client(member: string, deadline?: grpc.Deadline): Promise<CorralClient> {
    const client = await this.channel(member);
    const left = deadline === undefined ? Infinity : (deadline instanceof Date ? deadline.getTime() : deadline) - Date.now();
    const [timeoutMs, bound] = left < MEMBER_CONNECT_TIMEOUT_MS ? [Math.max(1, left), "the call's deadline"] : [MEMBER_CONNECT_TIMEOUT_MS, "MEMBER_CONNECT_TIMEOUT_MS"];
    await whenConnected(client, timeoutMs, bound).catch((e: Error) => {
      throw new CorralError("CORRAL_ERR_UNAVAILABLE", `cluster member "${member}" did not answer: ${e.message}`);
    });
    return client;
  }

  private async channel(member: string): Promise<CorralClient> {
    const { address, fingerprint, key } = await this.reachable(member);
    const cached = this.clients.get(member);
    // A channel that failed (the member was down) waits out its reconnect backoff, failing calls
    // at once: redial, since the member answers heartbeats again.
    const failed = cached?.client.raw.instances.getChannel().getConnectivityState(false) === grpc.connectivityState.TRANSIENT_FAILURE;
    if (cached?.key === key && !failed) return cached.client;
    cached?.client.close();
    const creds = this.deps.credentials();
    const client = connect({
      endpoint: `https://${address}`,
      credentials: clientCredentials({ certPem: creds.certPem, keyPem: creds.keyPem, serverFingerprint: fingerprint }),
      keepalive: this.deps.keepalive,
    });
    this.clients.set(member, { key, client });
    return client;
  }

  /**
   * A streaming call of `path` on another member over its HTTP/2 session (member-stream.ts; kept
   * open, redialled when it closed or the member's address or certificate changed), marked relayed.
   */
  async stream(member: string, path: string, serialize: (m: unknown) => Buffer, call?: Call): Promise<MemberStream> {
    const { address, fingerprint, key } = await this.reachable(member);
    let cached = this.sessions.get(member);
    for (const s of this.draining) if (s.ended) this.draining.delete(s);
    if (cached?.key !== key || !cached.session.usable) {
      // Going away to the same address and certificate: its calls go on until the member ends them.
      if (cached?.key === key && !cached.session.ended) this.draining.add(cached.session);
      else cached?.session.close();
      cached = { key, session: new MemberSession(address, fingerprint, this.deps.credentials(), this.deps.keepalive) };
      this.sessions.set(member, cached);
    }
    const deadline = this.options(call).deadline;
    return cached.session.start(path, serialize, this.metadata(), deadline instanceof Date ? deadline.getTime() : deadline);
  }

  /** One unary call on another member, relayed as-is (with `headers` added to its metadata). */
  async unary<Res>(member: string, service: keyof CorralClient["raw"], method: string, req: unknown, call?: Call, fallbackMs?: number, headers: Record<string, string> = {}): Promise<Res> {
    const options = this.options(call, fallbackMs);
    const raw = (await this.client(member, options.deadline)).raw[service] as unknown as Record<string, (req: unknown, md: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => void>;
    const md = this.metadata();
    for (const [k, v] of Object.entries(headers)) md.set(k, v);
    return new Promise<Res>((resolve, reject) => raw[method]!.call((raw as unknown) as grpc.Client, req, md, options, (e, r) => (e ? reject(memberError(member, e)) : resolve(r))));
  }

  /** Another member's part of a pool as it reports it (undefined: it did not answer, or has no part); see POOL_SPACE_CACHE_MS. */
  poolSpace(member: string, pool: string): Promise<PoolSpace | undefined> {
    const key = `${member}/${pool}`;
    const cached = this.poolSpaces.get(key);
    if (cached && Date.now() - cached.at <= POOL_SPACE_CACHE_MS) return cached.space;
    const space = this.unary<{ used_bytes: number; total_bytes: number }>(member, "pools", "GetStoragePool", { name: pool }, undefined, POOL_SPACE_TIMEOUT_MS)
      .then((p) => ({ usedBytes: Number(p.used_bytes), totalBytes: Number(p.total_bytes) }), () => undefined);
    this.poolSpaces.set(key, { at: Date.now(), space });
    // No answer is not kept: the next placement asks again.
    void space.then((s) => s ?? (this.poolSpaces.get(key)?.space === space && this.poolSpaces.delete(key)));
    return space;
  }

  close(): void {
    this.poolSpaces.clear();
    for (const c of this.clients.values()) c.client.close();
    this.clients.clear();
    for (const c of this.sessions.values()) c.session.close();
    this.sessions.clear();
    for (const s of this.draining) s.close();
    this.draining.clear();
  }
}
