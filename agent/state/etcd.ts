// etcd implementation of Store (clusters). Revisions are etcd's own: a key's mod_revision, and
// the cluster revision a write created, so they are global and increasing like SQLite's.
//
// Client: npm `etcd3` (on the same @grpc/grpc-js the agent uses) rather than our own client on
// etcd's protos: it already implements what a correct client needs and is easy to get wrong —
// watch streams that reconnect and resume from the last revision seen (no event lost or repeated
// across an etcd restart), lease keep-alive, TLS with client certificates, and per-host fault
// handling with backoff across several endpoints.
import { ExponentialBackoff, handleWhen, noop, retry } from "cockatiel";
import type { Etcd3, IKeyValue, Namespace } from "etcd3";
import type { ChannelCredentials, ChannelOptions } from "@grpc/grpc-js";
import { CorralError } from "../errors";
import { log } from "../util/log";
import type { Entry, PutOptions, Store, WatchEvent } from "./store";
import { etcd3, etcd3Pool } from "./etcd3-lazy";

/** Every unary etcd call ends within this: long enough for a leader election, short enough for an API call. */
export const ETCD_CALL_TIMEOUT_MS = 10_000;
/** Dialling an endpoint gives up after this, so the next endpoint (or the retry policy) takes over. */
const ETCD_DIAL_TIMEOUT_MS = 3_000;
/**
 * Retries per call, each on the next endpoint, after a growing pause: an unreachable endpoint
 * costs one; a leader election (etcd answers "no leader" meanwhile: a voter was removed or lost,
 * about one election timeout) is outlasted by the pauses (about 3.5 s in all).
 */
const ETCD_CALL_RETRIES = 6;
const ETCD_RETRY_PAUSE_MS = { initialDelay: 100, maxDelay: 1_000 };
/**
 * etcd checks a request's permissions when it applies it, against the auth revision current when
 * it received it: an auth change in between (a member admitted or removed) rejects the request
 * without applying it, so it is safe to send again (etcd's own Go client does so).
 */
const isStaleAuthRevision = (e: Error) => /revision of auth store is old/.test(e.message);
/**
 * Worth another try on the next endpoint: etcd3's "recoverable" errors, except a call that ran
 * out of time (it already took ETCD_CALL_TIMEOUT_MS) and etcd's refusal of a membership change
 * that would leave an unhealthy majority (UNAVAILABLE, but an answer).
 */
const endpointFailed = (e: Error) => etcd3().isRecoverableError(e) && !(e instanceof etcd3().GRPCDeadlineExceededError) && !/unhealthy cluster/.test(e.message);
/**
 * No per-endpoint circuit breaker (etcd3's default skips an endpoint for 5 s after 3 failures in
 * a row): with one voter left, "no leader" answers during its election would shut the store out
 * of its only endpoint. A dead endpoint costs a refused connection per retry instead.
 */
const endpointPolicy = () => noop;
/** All Corral keys live under this prefix, so the etcd cluster could be shared with other users. */
export const ETCD_PREFIX = "/corral/";

export interface EtcdStoreOptions {
  /** Client URLs, e.g. `https://10.0.0.1:2379`. */
  endpoints: string[];
  /** PEM: the cluster CA, and this member's certificate and key (etcd runs with client-cert auth). */
  tls?: { caPem: string; certPem: string; keyPem: string };
}

/** The parts of etcd3's connection pool that setEndpoints changes (etcd3 has no public call for it). */
interface PoolHost {
  readonly host: string;
  readonly channelCredentials: ChannelCredentials;
  readonly channelOptions?: ChannelOptions;
  resetAllServices(): void;
}

export class EtcdStore implements Store {
  readonly client: Etcd3;
  private endpoints: string[];
  private readonly kv: Namespace;
  /** The newest cluster revision this store has seen in a response: watches start after it. */
  private seen = 0;

  /** Connects and learns the current revision (so a watch started now sees every later write). */
  static async open(opts: EtcdStoreOptions): Promise<EtcdStore> {
    const s = new EtcdStore(opts);
    try {
      s.saw((await s.kv.get("\0").exec()).header.revision);
    } catch (err) {
      s.client.close();
      throw new CorralError("CORRAL_ERR_UNAVAILABLE", `etcd at ${opts.endpoints.join(", ")} is not reachable: ${(err as Error).message}`, { cause: err });
    }
    return s;
  }

  private constructor(opts: EtcdStoreOptions) {
    this.endpoints = [...opts.endpoints];
    this.client = new (etcd3().Etcd3)({
      hosts: opts.endpoints,
      dialTimeout: ETCD_DIAL_TIMEOUT_MS,
      faultHandling: {
        global: retry(handleWhen((e) => endpointFailed(e) || isStaleAuthRevision(e)), { maxAttempts: ETCD_CALL_RETRIES, backoff: new ExponentialBackoff(ETCD_RETRY_PAUSE_MS) }),
        host: endpointPolicy,
      },
      credentials: opts.tls && {
        rootCertificate: Buffer.from(opts.tls.caPem),
        certChain: Buffer.from(opts.tls.certPem),
        privateKey: Buffer.from(opts.tls.keyPem),
      },
      // Streams (watch, lease keep-alive) live as long as their owner; unary calls are bounded.
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + ETCD_CALL_TIMEOUT_MS }),
    });
    this.kv = this.client.namespace(ETCD_PREFIX);
  }

  async get<T>(key: string): Promise<Entry<T> | undefined> {
    const res = await this.kv.get(key).exec();
    this.saw(res.header.revision);
    return res.kvs[0] && this.entry<T>(res.kvs[0]);
  }

  async list<T>(prefix: string): Promise<Entry<T>[]> {
    const res = await this.kv.getAll().prefix(prefix).sort("Key", "Ascend").exec();
    this.saw(res.header.revision);
    return res.kvs.map((kv) => this.entry<T>(kv));
  }

  async put<T>(key: string, value: T, opts: PutOptions = {}): Promise<number> {
    const put = this.kv.put(key).value(JSON.stringify(value));
    if (opts.expectRevision === undefined) return this.saw((await put.exec()).header.revision);
    const res = await this.cas(key, opts.expectRevision, put);
    return this.saw(res.header.revision);
  }

  async delete(key: string, opts: PutOptions = {}): Promise<boolean> {
    const del = this.kv.delete().key(key);
    if (opts.expectRevision === undefined) {
      const res = await del.exec();
      this.saw(res.header.revision);
      return Number(res.deleted) > 0;
    }
    const res = await this.cas(key, opts.expectRevision, del);
    this.saw(res.header.revision);
    return Number(res.responses[0]?.response_delete_range?.deleted ?? 0) > 0;
  }

  /**
   * Delivers every change under prefix made after the newest revision this store has seen (so
   * its own writes after watch() returns are always delivered), asynchronously, in revision
   * order. The etcd3 watcher reconnects by itself and resumes after the last revision delivered.
   */
  watch<T>(prefix: string, fn: (ev: WatchEvent<T>) => void): () => void {
    let stopped = false;
    const watcher = this.kv.watch().prefix(prefix).startRevision(String(this.seen + 1)).create();
    void watcher.then((w) => {
      if (stopped) return void w.cancel().catch(() => {});
      w.on("put", (kv) => {
        if (!stopped) fn({ kind: "put", key: this.key(kv), value: JSON.parse(kv.value.toString()) as T, revision: Number(kv.mod_revision) });
      });
      w.on("delete", (kv) => {
        if (!stopped) fn({ kind: "delete", key: this.key(kv), revision: Number(kv.mod_revision) });
      });
      w.on("disconnected", (err: Error) => log("warn", "etcd watch interrupted; it resumes on reconnect", { prefix, error: err.message }));
    }, (err: Error) => log("error", "etcd watch failed to start", { prefix, error: err.message }));
    return () => {
      stopped = true;
      void watcher.then((w) => w.cancel()).catch(() => {});
    };
  }

  /** Runs op only if key's revision is still `expected` (0: key absent); CORRAL_ERR_CONFLICT otherwise. */
  private async cas(key: string, expected: number, op: Parameters<ReturnType<Namespace["if"]>["then"]>[0]) {
    const res = await this.kv.if(key, "Mod", "==", expected).then(op).else(this.kv.get(key)).commit();
    if (res.succeeded) return res;
    this.saw(res.header.revision);
    const current = res.responses[0]?.response_range?.kvs[0];
    throw new CorralError("CORRAL_ERR_CONFLICT", `${key} changed concurrently (revision ${current ? Number(current.mod_revision) : 0}, expected ${expected})`);
  }

  /**
   * Replaces the endpoints calls are spread over (the voters changed): new ones are dialled on
   * first use, removed ones' channels are closed (their watches and leases resume on another
   * endpoint). Each call goes to a random endpoint and moves on to the next when one is
   * unreachable, so one voter down costs a failed dial, not a failed call. A call under way may
   * still retry on a removed endpoint: it is reset, not closed for good (which would fail that
   * call instead of letting it move on).
   */
  setEndpoints(endpoints: string[]): void {
    if (!endpoints.length || sameSet(endpoints, this.endpoints)) return;
    const pool = (this.client as unknown as { pool: { hosts: PoolHost[] } }).pool;
    const template = pool.hosts[0]!;
    const host = (url: string) => url.replace(/^https?:\/\//, "");
    const keep = new Map(pool.hosts.map((h) => [h.host, h]));
    pool.hosts = endpoints.map((url) => keep.get(host(url)) ?? (new (etcd3Pool().Host)(url, template.channelCredentials, template.channelOptions, endpointPolicy()) as unknown as PoolHost));
    for (const h of keep.values()) if (!pool.hosts.includes(h)) h.resetAllServices();
    log("info", "etcd endpoints changed", { from: this.endpoints, to: endpoints });
    this.endpoints = [...endpoints];
  }

  private saw(revision: string | number): number {
    this.seen = Math.max(this.seen, Number(revision));
    return Number(revision);
  }

  async close(): Promise<void> {
    this.client.close();
  }

  /** The key without ETCD_PREFIX (the etcd3 namespace strips it from ranges and events, not from single gets). */
  private key(kv: IKeyValue): string {
    const k = kv.key.toString();
    return k.startsWith(ETCD_PREFIX) ? k.slice(ETCD_PREFIX.length) : k;
  }

  private entry<T>(kv: IKeyValue): Entry<T> {
    return { key: this.key(kv), value: JSON.parse(kv.value.toString()) as T, revision: Number(kv.mod_revision) };
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
