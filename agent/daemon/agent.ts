// The agent: wires the store, managers, drivers and the gRPC server together; start reconciles
// the store with the host, stop leaves instances, bridges and dnsmasq running.
import * as grpc from "@grpc/grpc-js";
import { chmodSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { capability, CorralError } from "../errors";
import { services } from "../api/services";
import { unary } from "../api/grpc-util";
import { Events } from "../events/events";
import { unpackImage } from "../images/unpack";
import { ImageManager, type StoredImage } from "../images/manager";
import type { ImageType } from "../images/format";
import { ImagePuller } from "../images/pull";
import { RemoteManager } from "../images/remotes";
import { remoteProtocols } from "../images/protocols";
import { ImageCache } from "../images/cache";
import { ImageServer } from "../images/server";
import { ServerConfig } from "../config/server";
import { rootIdmap } from "../host/idmap";
import { killOrphanHelpers } from "../host/orphans";
import { probeHost, startKvmProbe } from "../host/probe";
import { registerInstanceRules, INSTANCE_RULES, DEVICE_RULES } from "../instances/config";
import { instanceDrivers } from "../instances/drivers";
import type { InstanceDriver } from "../instances/driver";
import { InstanceManager, type Idmap } from "../instances/manager";
import { ProfileManager } from "../instances/profiles";
import { NetworkManager } from "../network/manager";
import { NetworkPolicy } from "../network/policy/manager";
import { getNetworkDriver, networkTypes } from "../network/drivers";
import { Locks } from "../operations/locks";
import { Operations } from "../operations/operations";
import { certificateFingerprint, createToken, ensureAgentIdentity, enrollPeer, identityPems, serverCredentials, ServedCertificate, TrustStore, type AgentIdentity } from "../security";
import { SqliteStore } from "../state/sqlite";
import { SwitchableStore } from "../state/switchable";
import { Membership } from "../cluster/membership";
import { Forwarder } from "../cluster/forward";
import { readMemberCredentials } from "../cluster/member-config";
import { joinCluster } from "../cluster/join";
import { fetchImageFromMembers } from "../cluster/image-fetch";
import { deleteImageEverywhere } from "../cluster/image-delete";
import { InstanceLocations } from "../cluster/locations";
import { getStorageDriver, STORAGE_DRIVER_NAMES } from "../storage/drivers";
import { COMMON_POOL_RULES, StorageManager } from "../storage/manager";
import { CUSTOM_VOLUME_RULES } from "../storage/volume-rules";
import { SnapshotScheduler, type Clock } from "../instances/snapshot-scheduler";
import { log } from "../util/log";
import { Leases } from "../leases/leases";
import { LEASE_RULES } from "../leases/lease";
import type { HostInfo } from "../../proto/gen/types/corral/v1/HostInfo";
import type { ConfigKeyRule } from "../../proto/gen/types/corral/v1/ConfigKeyRule";
import type { RuleTable } from "../config/rules";
import type { CreateTrustTokenRequest__Output } from "../../proto/gen/types/corral/v1/CreateTrustTokenRequest";
import type { EnrollRequest__Output } from "../../proto/gen/types/corral/v1/EnrollRequest";
import type { RemoveTrustedRequest__Output } from "../../proto/gen/types/corral/v1/RemoveTrustedRequest";

export const VERSION = "0.1.0";
/**
 * When corrald stops, calls still running (an exec's command, a file or image transfer, an
 * unbounded operation wait) get this long to finish before they are cancelled: long enough for a
 * short command to end on its own, short enough for a service manager's stop timeout.
 */
export const STOP_GRACE_MS = 5_000;

export interface AgentOptions {
  dataDir: string;
  /** Unix socket path (default `<data-dir>/corrald.sock`). */
  socket?: string;
  /** `host:port` for gRPC over TCP with mutual TLS. */
  listen?: string;
  /** First start only: create a dir pool "default", a bridge "corralbr0" and put both in the default profile. */
  autoInit?: boolean;
  /** Time for scheduled snapshots and their expiry, and for the image cache (tests move a clock of their own). */
  clock?: Clock;
  /** Join a cluster with this token (from `corral cluster add`) before starting; needs `joinAddress`. */
  join?: string;
  /** This host's address for the cluster (`corrald --join TOKEN --address IP`). */
  joinAddress?: string;
}

export class Agent {
  readonly location = hostname();
  readonly locks = new Locks();
  readonly events = new Events(this.location);
  readonly ops = new Operations(this.events);
  readonly drivers: InstanceDriver[];
  readonly images: ImageManager;
  readonly pools: StorageManager;
  readonly networks: NetworkManager;
  /** Network forwards and ACLs. */
  readonly policy: NetworkPolicy;
  readonly profiles: ProfileManager;
  readonly instances: InstanceManager;
  private snapshotScheduler?: SnapshotScheduler;
  readonly trust: TrustStore;
  readonly leases: Leases;
  readonly membership: Membership;
  readonly remotes: RemoteManager;
  readonly puller: ImagePuller;
  readonly config: ServerConfig;
  readonly imageCache: ImageCache;
  private imageServer?: ImageServer;
  /** Relays calls about other members' instances to them (agent/api/relay.ts). */
  readonly forwarder: Forwarder;
  /** Where each instance is, for relaying without a store read per call. */
  readonly locations: InstanceLocations;
  private server?: grpc.Server;
  private idmap?: Idmap;
  private readonly stopController = new AbortController();
  /** Aborted when the agent starts to stop: watch streams end at once. */
  readonly stopping = this.stopController.signal;
  private readonly graceController = new AbortController();
  /** Aborted when the stop's grace period is over: calls still running end with UNAVAILABLE. */
  readonly graceOver = this.graceController.signal;
  identity!: AgentIdentity;
  /**
   * The certificate the TCP API presents: a member's certificate from the cluster CA (so the
   * cluster CA, or its fingerprint, verifies every member), else the agent's own.
   */
  served?: ServedCertificate;
  socketPath: string;
  tcpPort?: number;

  private constructor(readonly opts: AgentOptions, readonly store: SwitchableStore) {
    const dataDir = opts.dataDir;
    this.socketPath = opts.socket ?? join(dataDir, "corrald.sock");
    this.drivers = instanceDrivers(dataDir);
    for (const d of this.drivers) registerInstanceRules(d.rules);
    this.trust = new TrustStore(store);
    this.membership = new Membership({
      dataDir, store, trust: this.trust, identity: () => this.identity, apiFingerprint: () => this.served!.fingerprint,
      onMember: (name) => this.joinedCluster(name),
      apiAddress: () => this.apiAddress(),
    });
    this.locations = new InstanceLocations(store);
    this.forwarder = new Forwarder({ self: () => this.instances.member, members: () => this.membership.list(), credentials: () => readMemberCredentials(dataDir) });
    // Deletes of images, pools and networks first let deleted instances' disks and leases be freed.
    this.images = new ImageManager(store, dataDir, this.locks, (fp) => this.instances.settled().then(() => this.instances.usersOfImage(fp)));
    const protocols = remoteProtocols({ identity: () => ({ certPem: this.identity.serverCertPem, keyPem: this.identity.serverKeyPem }) });
    this.remotes = new RemoteManager(store, this.locks, protocols);
    this.puller = new ImagePuller(this.images, this.remotes, this.locks, protocols);
    this.images.fetchRemote = (remote, ref, type) => this.fetchForInstance(remote, ref, type);
    this.config = new ServerConfig(store, this.locks);
    this.imageCache = new ImageCache(this.images, this.puller, this.config, (fp) => deleteImageEverywhere(this, fp), opts.clock);
    this.pools = new StorageManager(store, dataDir, this.locks, (pool, vol, running) => this.instances.settled().then(() => this.instances.usersOfPool(pool, vol, running)), (pool, vol) => this.instances.attachmentsOf(pool, vol));
    this.networks = new NetworkManager(store, dataDir, this.locks, (n) => this.instances.settled().then(() => this.instances.usersOfNetwork(n)), (n) => this.instances.staticLeases(n));
    this.policy = new NetworkPolicy(store, this.networks);
    this.networks.hooks = { checkConfig: (n) => this.policy.checkNetwork(n), changed: () => this.policy.reapply(), users: (n) => this.policy.networkUsers(n) };
    this.profiles = new ProfileManager(store, (p) => this.instances.usersOfProfile(p), (p) => this.instances.profileChanged(p));
    this.instances = new InstanceManager(
      store, dataDir, this.locks, this.ops, this.events, this.drivers, this.images, this.pools, this.networks, this.profiles,
      () => {
        if (!this.idmap) {
          throw capability("unprivileged containers", "root has no subordinate id range in /etc/subuid and /etc/subgid; add one (e.g. `usermod --add-subuids 1000000-1999999999 --add-subgids 1000000-1999999999 root`, as scripts/setup-host.sh does) and restart corrald, or set security.privileged=true");
        }
        return this.idmap;
      },
      (img, dir, ctx) => unpackImage(this.images.imagesDir, img.fingerprint, img.split, dir, {
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(`unpacking image (${p.stage})`, 5 + Math.round(p.percent * 0.5)),
      }),
      this.location,
    );
    this.leases = new Leases(this.instances, this.networks, this.pools, this.ops, this.events);
    this.policy.nics = () => this.instances.aclNics();
    this.instances.hooks = { checkNicAcls: (d, where) => this.policy.checkNic(d, where), nicsChanged: () => this.policy.reapply() };
  }

  /** REMOTE:REF on an instance: the cached copy, or a pull (an image.pull operation with progress) on first use. */
  private async fetchForInstance(remote: string, ref: string, type: ImageType): Promise<StoredImage> {
    const have = await this.puller.cached(remote, ref, type);
    if (have) return have;
    const req = { remote, ref, type, cached: true };
    const found = await this.puller.resolve(req);
    let img: StoredImage | undefined;
    let failure: unknown;
    await this.ops.run("image.pull", `images/${found.image.fingerprint}`, async (ctx) => {
      img = await this.puller.pull(req, ctx, found).catch((e: unknown) => {
        failure = e;
        throw e;
      });
    });
    if (!img) throw failure;
    return img;
  }

  /**
   * host:port other hosts reach the TCP API on ("" without one): listening on every address, a
   * member's is its member address (the one other members reach it on), else the first found.
   */
  private apiAddress(): string {
    if (!this.opts.listen || !this.tcpPort) return "";
    const member = this.membership.member;
    if (member && /^(0\.0\.0\.0|\[::\]|):\d+$/.test(this.opts.listen)) return `${isIP(member.address) === 6 ? `[${member.address}]` : member.address}:${this.tcpPort}`;
    return tokenAddresses(this.opts.listen, this.tcpPort)[0]!;
  }

  /** From now on this agent is cluster member `name`: its instances and its parts of pools and networks are its own. */
  private joinedCluster(name: string): void {
    this.instances.joinedCluster(name);
    this.pools.joinedCluster(name);
    this.networks.joinedCluster(name);
    this.events.location = name;
    this.served?.use(readMemberCredentials(this.dataDir));
    this.locations.start().catch((e: Error) => log("warn", "instance locations are read from the store on each relayed call", { error: e.message }));
    // Image files are each member's own: one lacking them fetches them from a member that has them.
    const others = async () => (await this.membership.list()).filter((m) => m.name !== name && m.status === "online").map((m) => m.name).sort();
    this.images.fetchFiles = (img, ctx) => fetchImageFromMembers(this.forwarder, others, this.images, img, ctx);
  }

  get dataDir(): string {
    return this.opts.dataDir;
  }

  /** Opens state, reconciles with the host and starts serving. */
  static async start(opts: AgentOptions): Promise<Agent> {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o711 });
    chmodSync(opts.dataDir, 0o711); // unprivileged containers' root must traverse to their rootfs
    for (const d of ["tmp", "logs", "lxc", "qemu", "images"]) mkdirSync(join(opts.dataDir, d), { recursive: true, mode: d === "lxc" || d === "qemu" ? 0o711 : 0o700 });
    rmSync(join(opts.dataDir, "tmp"), { recursive: true, force: true });
    // Uploads, pulls and publishes interrupted by a crash: nothing refers to their partial files.
    rmSync(join(opts.dataDir, "images", ".incoming"), { recursive: true, force: true });
    mkdirSync(join(opts.dataDir, "tmp"), { mode: 0o700 });
    const local = () => new SqliteStore(join(opts.dataDir, "state.db"));
    if (opts.join) await joinCluster(opts.dataDir, opts.join, opts.joinAddress ?? "", { local, listen: opts.listen });
    const opened = await Membership.openStore(opts.dataDir, local);
    const agent = new Agent(opts, new SwitchableStore(opened.store));
    agent.membership.member = opened.member;
    agent.membership.etcd = opened.etcd;
    if (opened.member) agent.joinedCluster(opened.member.name);
    try {
      await agent.init();
    } catch (e) {
      await agent.stop();
      throw e;
    }
    return agent;
  }

  private async init(): Promise<void> {
    this.idmap = await rootIdmap().catch(() => undefined);
    void startKvmProbe().catch(() => {});
    this.identity = await ensureAgentIdentity(this.dataDir);
    this.served = new ServedCertificate(this.membership.member ? readMemberCredentials(this.dataDir) : identityPems(this.identity));
    await this.profiles.ensureDefault();
    await this.remotes.ensureDefaults();
    await killOrphanHelpers(this.dataDir);
    await this.pools.reconcile();
    await this.networks.reconcile();
    await this.policy.apply().catch((e: Error) => log("error", "network forwards and ACLs could not be applied", { error: e.message }));
    await this.instances.reconcile();
    this.snapshotScheduler = new SnapshotScheduler(this.instances.scheduled(), this.opts.clock);
    this.snapshotScheduler.start();
    if (this.opts.autoInit) await this.autoInit();
    await this.serve();
    this.leases.start(); // the first sweep removes what expired while the agent was down
    await this.membership.start();
    this.config.onChange = (keys) => (keys.includes("core.https_address") ? this.serveImages() : Promise.resolve());
    await this.serveImages().catch((e: unknown) => log("warn", "cannot serve images at core.https_address", { error: (e as Error).message }));
    this.imageCache.start();
    log("info", "corrald ready", { socket: this.socketPath, listen: this.opts.listen ?? "", dataDir: this.dataDir, version: VERSION });
  }

  /** Embedded defaults for a fresh agent, as `lxd init --auto` would make them. */
  private async autoInit(): Promise<void> {
    const def = await this.profiles.get("default");
    if (Object.keys(def.devices).length) return;
    const pool = (await this.pools.list())[0] ?? (await this.pools.create("default", "dir", {}));
    const net = (await this.networks.list())[0] ?? (await this.networks.create("corralbr0", "bridge", { "ipv4.address": "auto", "ipv4.nat": "true" }));
    await this.profiles.update({ ...def, devices: { root: { type: "disk", path: "/", pool: pool.name }, eth0: { type: "nic", network: net.name } } });
    log("info", "created default pool, network and profile", { pool: pool.name, network: net.name });
  }

  private async serve(): Promise<void> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": -1, "grpc.max_send_message_length": -1 });
    for (const s of services(this)) server.addService(s.def, s.impl);
    if (existsSync(this.socketPath)) rmSync(this.socketPath);
    mkdirSync(join(this.socketPath, ".."), { recursive: true });
    // The socket (mode 0600) is trusted; the TCP port's credentials carry the certificate check.
    await bind(server, `unix:${this.socketPath}`, grpc.ServerCredentials.createInsecure());
    chmodSync(this.socketPath, 0o600);
    if (this.opts.listen) {
      this.tcpPort = await bind(server, this.opts.listen, serverCredentials(this.served!, this.trust));
      log("info", "listening", { address: this.opts.listen, port: this.tcpPort, fingerprint: this.served!.fingerprint });
    }
    this.server = server;
  }

  /** Serves public images at core.https_address (stops serving when it is empty). */
  private async serveImages(): Promise<void> {
    const address = await this.config.get("core.https_address");
    if (!address) {
      await this.imageServer?.close();
      return;
    }
    this.imageServer ??= new ImageServer(this.images, { certPem: this.identity.serverCertPem, keyPem: this.identity.serverKeyPem });
    await this.imageServer.listen(address).catch((e: unknown) => {
      throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `config["core.https_address"]: cannot listen on ${address} (${(e as Error).message})`, { field: 'config["core.https_address"]' });
    });
  }

  /** HostInfo: identity, resources, capabilities and the config key rules clients validate with. */
  async info(): Promise<HostInfo> {
    const p = await probeHost();
    return {
      hostname: p.hostname, version: VERSION, kernel: p.kernel, architecture: p.architecture,
      capabilities: p.capabilities, cpus: p.cpus, memory_total_bytes: p.memoryTotalBytes, memory_available_bytes: p.memoryAvailableBytes,
      cgroup_layout: p.cgroupLayout, idmap: p.idmapText, data_dir: this.dataDir, member: this.membership.member?.name ?? this.location,
      certificate_fingerprint: this.served!.fingerprint,
      storage_drivers: [...STORAGE_DRIVER_NAMES], network_types: networkTypes(), instance_types: p.instanceTypes,
      config_keys: [
        ...rulesToWire("instance", INSTANCE_RULES),
        ...rulesToWire("device.disk", DEVICE_RULES.disk),
        ...rulesToWire("device.nic", DEVICE_RULES.nic),
        ...STORAGE_DRIVER_NAMES.flatMap((d) => rulesToWire(`storage.${d}`, { ...COMMON_POOL_RULES, ...getStorageDriver(d).rules })),
        ...rulesToWire("volume", CUSTOM_VOLUME_RULES),
        ...networkTypes().flatMap((t) => { try { return rulesToWire(`network.${t}`, { ...getNetworkDriver(t).rules, ...LEASE_RULES }); } catch { return []; } }),
      ],
    };
  }

  /** What trust tokens tell clients to pin: a member's cluster CA (then every member is accepted), else this agent's certificate. */
  private clientPin(): string {
    return this.membership.member ? certificateFingerprint(readMemberCredentials(this.dataDir).caPem) : this.served!.fingerprint;
  }

  trustHandlers(): Record<string, grpc.UntypedHandleCall> {
    return {
      CreateTrustToken: unary(async (req: CreateTrustTokenRequest__Output) => {
        const addresses = this.opts.listen && this.tcpPort ? tokenAddresses(this.opts.listen, this.tcpPort) : [];
        // On a member, every other online member too (trust is cluster state): enrolling does not depend on this one being up.
        const self = this.membership.member?.name;
        if (self) addresses.push(...(await this.membership.list()).filter((m) => m.name !== self && m.status === "online" && m.api_address).map((m) => m.api_address).sort());
        const t = await createToken(this.store, req.name, req.ttl_s ?? 0, { addresses, serverFingerprint: this.clientPin() });
        return { name: req.name, token: t.token, expires_at: t.expiresAt };
      }),
      Enroll: unary(async (req: EnrollRequest__Output, call) => {
        const rec = await enrollPeer(call, req.token, { store: this.store, trust: this.trust });
        return { name: rec.name, fingerprint: rec.fingerprint, added_at: rec.added_at };
      }),
      ListTrusted: unary(async () => ({ clients: (await this.trust.list()).map((c) => ({ name: c.name, fingerprint: c.fingerprint, added_at: c.added_at })) })),
      RemoveTrusted: unary(async (req: RemoveTrustedRequest__Output) => { await this.trust.remove(req.fingerprint); return {}; }),
    };
  }

  /**
   * Stops serving: no new calls; running ones get STOP_GRACE_MS, then they and any running
   * operation are cancelled. Instances, bridges and dnsmasq keep running.
   */
  async stop(): Promise<void> {
    this.stopController.abort();
    const server = this.server;
    this.server = undefined;
    if (server) await shutdownWithin(server, STOP_GRACE_MS, this.graceController);
    const sweepDone = this.leases.stop();
    this.ops.abortAll();
    await sweepDone;
    await this.snapshotScheduler?.stop();
    await this.imageCache.stop();
    await this.imageServer?.close();
    await this.instances.close();
    await this.pools.close();
    await this.networks.detachAll().catch(() => {});
    this.membership.stop();
    this.forwarder.close();
    this.locations.close();
    this.trust.close();
    await this.store.close();
    await this.membership.stopEtcd();
    if (existsSync(this.socketPath)) rmSync(this.socketPath, { force: true });
  }
}

/** Time for calls told that the grace period is over to send their status before the sockets close. */
const FINAL_STATUS_FLUSH_MS = 100;

/** Graceful gRPC shutdown; after `graceMs` the calls still running are told to end, then cancelled. */
function shutdownWithin(server: grpc.Server, graceMs: number, grace: AbortController): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      log("warn", "calls still running after the stop grace period; cancelling them", { graceMs });
      grace.abort();
      setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, FINAL_STATUS_FLUSH_MS);
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Addresses a client can dial, for trust tokens: a wildcard listen host is not connectable itself. */
function tokenAddresses(listen: string, port: number): string[] {
  const host = listen.replace(/:\d+$/, "");
  if (host !== "0.0.0.0" && host !== "[::]" && host !== "") return [`${host}:${port}`];
  // [::] is dual-stack on Linux; link-local IPv6 would need a zone, so it is left out.
  const ips = Object.values(networkInterfaces()).flat().filter((i) => !!i && !i.internal &&
    (i.family === "IPv4" || (host !== "0.0.0.0" && i.scopeid === 0)));
  return [...ips.map((i) => (i!.family === "IPv6" ? `[${i!.address}]:${port}` : `${i!.address}:${port}`)), `127.0.0.1:${port}`];
}

function bind(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, creds, (err, port) => (err ? reject(err) : resolve(port))));
}

function rulesToWire(scope: string, table: RuleTable): ConfigKeyRule[] {
  return Object.entries(table).map(([key, r]) => ({ scope, key, type: r.type, default_value: r.default ?? "", description: r.description, live_update: !!r.live }));
}
