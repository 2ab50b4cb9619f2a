// The typed agent client shared by the `corral` CLI and the Terraform provider: one channel,
// promise wrappers for unary calls, raw clients for streams.
import * as grpc from "@grpc/grpc-js";
import { corralV1 } from "../api/descriptor";
import { KEEPALIVE, type KeepaliveBounds } from "./keepalive";
import type { EventsClient } from "../../proto/gen/types/corral/v1/Events";
import type { HostClient } from "../../proto/gen/types/corral/v1/Host";
import type { ImagesClient } from "../../proto/gen/types/corral/v1/Images";
import type { InstancesClient } from "../../proto/gen/types/corral/v1/Instances";
import type { NetworksClient } from "../../proto/gen/types/corral/v1/Networks";
import type { NetworkForwardsClient } from "../../proto/gen/types/corral/v1/NetworkForwards";
import type { NetworkACLsClient } from "../../proto/gen/types/corral/v1/NetworkACLs";
import type { OperationsClient } from "../../proto/gen/types/corral/v1/Operations";
import type { ProfilesClient } from "../../proto/gen/types/corral/v1/Profiles";
import type { StoragePoolsClient } from "../../proto/gen/types/corral/v1/StoragePools";
import type { TrustClient } from "../../proto/gen/types/corral/v1/Trust";
import type { LifecycleClient } from "../../proto/gen/types/corral/v1/Lifecycle";
import type { ClusterClient } from "../../proto/gen/types/corral/v1/Cluster";
import type { RemotesClient } from "../../proto/gen/types/corral/v1/Remotes";
import type { ServerConfigClient } from "../../proto/gen/types/corral/v1/ServerConfig";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";

export const DEFAULT_SOCKET = "/var/lib/corral/corrald.sock";

export interface ConnectOptions {
  /** `unix:///path` or `https://host:port`; default env CORRAL_ENDPOINT, then the default socket. */
  endpoint?: string;
  /** Required for https endpoints (see agent/security). */
  credentials?: grpc.ChannelCredentials;
  /** HTTP/2 keepalive (see keepalive.ts; corrald's grpc-js server answers PINGs by itself and enforces no ping policy). */
  keepalive?: KeepaliveBounds;
}

/** Promise form of a unary grpc-js client method. */
type Unary<F> = F extends (req: infer Req, cb: (err: grpc.ServiceError | null, res?: infer Res) => void) => grpc.ClientUnaryCall
  ? (req: Req, opts?: { deadlineMs?: number }) => Promise<Res>
  : never;
type Promised<C> = {
  [K in keyof C as K extends string ? (K extends Capitalize<K> ? K : never) : never]: C[K] extends { (req: any, cb: any): any; (req: any, md: any, cb: any): any }
    ? Unary<Extract<C[K], (req: any, cb: any) => any>>
    : never;
};

export interface CorralClient {
  endpoint: string;
  raw: {
    instances: InstancesClient; images: ImagesClient; networks: NetworksClient; pools: StoragePoolsClient;
    operations: OperationsClient; host: HostClient; events: EventsClient; profiles: ProfilesClient; trust: TrustClient;
    lifecycle: LifecycleClient;
    cluster: ClusterClient;
    forwards: NetworkForwardsClient; acls: NetworkACLsClient;
    remotes: RemotesClient; config: ServerConfigClient;
  };
  instances: Promised<InstancesClient>;
  images: Promised<ImagesClient>;
  networks: Promised<NetworksClient>;
  pools: Promised<StoragePoolsClient>;
  operations: Promised<OperationsClient>;
  host: Promised<HostClient>;
  profiles: Promised<ProfilesClient>;
  trust: Promised<TrustClient>;
  lifecycle: Promised<LifecycleClient>;
  cluster: Promised<ClusterClient>;
  forwards: Promised<NetworkForwardsClient>;
  acls: Promised<NetworkACLsClient>;
  remotes: Promised<RemotesClient>;
  config: Promised<ServerConfigClient>;
  /** Waits for an operation to end; rejects with its error when it failed. */
  wait(op: Operation__Output, onProgress?: (op: Operation__Output) => void): Promise<Operation__Output>;
  close(): void;
}

/** grpc-js target string for a Corral endpoint. */
export function grpcTarget(endpoint: string): { target: string; secure: boolean } {
  if (endpoint.startsWith("unix://")) return { target: `unix:${endpoint.slice("unix://".length)}`, secure: false };
  if (endpoint.startsWith("/")) return { target: `unix:${endpoint}`, secure: false };
  if (endpoint.startsWith("https://")) return { target: endpoint.slice("https://".length).replace(/\/$/, ""), secure: true };
  throw new Error(`endpoint: must be unix:///path or https://host:port (got "${endpoint}")`);
}

function promisify<C extends grpc.Client>(client: C): Promised<C> {
  return new Proxy({} as Promised<C>, {
    get(_t, method: string) {
      const fn = (client as any)[method];
      if (typeof fn !== "function") return undefined;
      return (req: unknown, opts: { deadlineMs?: number } = {}) =>
        new Promise((resolve, reject) => {
          const callOpts: grpc.CallOptions = opts.deadlineMs ? { deadline: Date.now() + opts.deadlineMs } : {};
          fn.call(client, req, new grpc.Metadata(), callOpts, (err: grpc.ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)));
        });
    },
  });
}

/** Opens a client to one agent. The channel connects lazily. */
export function connect(opts: ConnectOptions = {}): CorralClient {
  const endpoint = opts.endpoint ?? process.env.CORRAL_ENDPOINT ?? `unix://${DEFAULT_SOCKET}`;
  const { target, secure } = grpcTarget(endpoint);
  if (secure && !opts.credentials) throw new Error(`endpoint ${endpoint}: TLS credentials are required`);
  const creds = secure ? opts.credentials! : grpc.credentials.createInsecure();
  const v1 = corralV1();
  const keepalive = opts.keepalive ?? KEEPALIVE;
  // Keepalive over TCP only, where a partition can leave a peer silent: grpc-js drops a connection
  // whose PING fails once the agent has sent GOAWAY, which a stopping agent does first, so over a
  // unix socket it would cut the calls the agent lets finish (its stop grace period) to guard only
  // against a stopped agent process. The lean CLI's own client (h2c) keeps alive everywhere: it
  // waits out a PING past any grace period.
  const channelOpts: grpc.ChannelOptions = {
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
    ...(target.startsWith("unix:") ? {} : {
      "grpc.keepalive_time_ms": keepalive.intervalMs,
      "grpc.keepalive_timeout_ms": keepalive.timeoutMs,
      "grpc.keepalive_permit_without_calls": 0,
    }),
  };
  const instances = new v1.Instances(target, creds, channelOpts);
  const channel = instances.getChannel();
  const shared = { ...channelOpts, channelOverride: channel };
  const raw = {
    instances,
    images: new v1.Images(target, creds, shared),
    networks: new v1.Networks(target, creds, shared),
    pools: new v1.StoragePools(target, creds, shared),
    operations: new v1.Operations(target, creds, shared),
    host: new v1.Host(target, creds, shared),
    events: new v1.Events(target, creds, shared),
    profiles: new v1.Profiles(target, creds, shared),
    trust: new v1.Trust(target, creds, shared),
    lifecycle: new v1.Lifecycle(target, creds, shared),
    cluster: new v1.Cluster(target, creds, shared),
    forwards: new v1.NetworkForwards(target, creds, shared),
    acls: new v1.NetworkACLs(target, creds, shared),
    remotes: new v1.Remotes(target, creds, shared),
    config: new v1.ServerConfig(target, creds, shared),
  };
  const client: CorralClient = {
    endpoint,
    raw,
    instances: promisify(raw.instances),
    images: promisify(raw.images),
    networks: promisify(raw.networks),
    pools: promisify(raw.pools),
    operations: promisify(raw.operations),
    host: promisify(raw.host),
    profiles: promisify(raw.profiles),
    trust: promisify(raw.trust),
    lifecycle: promisify(raw.lifecycle),
    cluster: promisify(raw.cluster),
    forwards: promisify(raw.forwards),
    acls: promisify(raw.acls),
    remotes: promisify(raw.remotes),
    config: promisify(raw.config),
    wait: (op, onProgress) => waitOperation(raw.operations, op, onProgress),
    close: () => channel.close(),
  };
  return client;
}

function waitOperation(ops: OperationsClient, op: Operation__Output, onProgress?: (op: Operation__Output) => void): Promise<Operation__Output> {
  const done = (o: Operation__Output) => o.status === "SUCCESS" || o.status === "FAILURE" || o.status === "CANCELLED";
  const settle = (o: Operation__Output): Operation__Output => {
    if (o.status === "SUCCESS") return o;
    const err = new Error(o.error_message || `operation ${o.id} ${o.status}`) as Error & { code: number; details: string };
    err.code = o.error_code || grpc.status.UNKNOWN;
    err.details = o.error_message;
    throw err;
  };
  if (done(op)) return Promise.resolve().then(() => settle(op));
  return new Promise((resolve, reject) => {
    let last = op;
    const stream = ops.WatchOperation({ id: op.id });
    stream.on("data", (o: Operation__Output) => {
      last = o;
      onProgress?.(o);
    });
    stream.on("error", reject);
    stream.on("end", () => {
      try {
        resolve(settle(last));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** The CORRAL_ERR_* code corrald attached to a failed call (undefined when no agent answered). */
export function corralErrorCode(e: unknown): string | undefined {
  return (e as { metadata?: { get?(k: string): unknown[] } })?.metadata?.get?.("corral-error-code")?.[0]?.toString();
}
