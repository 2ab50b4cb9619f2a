// Cluster membership: enabling (a standalone agent becomes the first member and its state moves
// from SQLite into etcd), join tokens, admitting members, listing and removing them, and the
// heartbeat that says a member is online (a key on an etcd lease that expires when the agent
// stops renewing it), and the periodic voter check (agent/cluster/voters.ts). Every member can
// do all of it: the state is in etcd, every member's etcd user may manage etcd, and every member
// holds the cluster CA key.
//
// Why every member holds the CA key (handed over on join, as LXD hands its cluster key to every
// member) rather than keeping it in etcd or relaying joins to one holder: a member is trusted with
// everything already (it writes the shared trust store, so it could admit any certificate to every
// member's API); keeping the key in etcd would copy it, unencrypted, into every voter's etcd data
// and snapshots and to any etcd client, with nothing to encrypt it with that members would not also
// hold; relaying to one holder would make admitting members depend on that one host, which is
// exactly what must keep working after it is removed or lost.
import { existsSync, renameSync, rmSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import type { Etcd3, IMember, Lease } from "etcd3";
import { alreadyExists, CorralError, hasCode, invalid, notFound, precondition } from "../errors";
import { probeHost } from "../host/probe";
import { SERVER_RULES } from "../config/server";
import { certificateFingerprint, createToken, consumeToken, type AgentIdentity, type TrustStore } from "../security";
import { issueServerCertificate } from "../security/certs";
import { ETCD_PREFIX, EtcdStore } from "../state/etcd";
import { keys, type Store } from "../state/store";
import type { SwitchableStore } from "../state/switchable";
import { log } from "../util/log";
import { Revert } from "../util/revert";
import { addMemberUser, enableEtcdAuth, removeMemberUser } from "./etcd-auth";
import type { EtcdProcess } from "./etcd-process";
import {
  etcdClientUrl, memberPaths, parseMemberAddress, readClusterCa, readMemberConfig, readMemberCredentials, writeClusterCaKey, writeMemberConfig,
  writeMemberCredentials, type MemberConfig, type MemberCredentials,
} from "./member-config";
import { memberEtcd, openMemberStore } from "./member-store";
import {
  becomeVoter, etcdMembers, findEtcdMember, resumeVoter, targetVoters, VOTER_CHECK_INTERVAL_MS, voterEndpoints, withPromotionLock, type VoterSteps,
} from "./voters";

/** Cluster-wide settings (server config keys, stored in etcd like the rest). */
type ClusterSetting = "cluster.max_voters" | "cluster.offline_threshold";

export interface MemberRecord {
  name: string;
  address: string;
  roles: string[];
  architecture: string;
  cpus: number;
  memory_bytes: number;
  api_address: string;
  certificate_fingerprint: string;
  joined_at: string;
  /** Fingerprint of the member's API server certificate: other members pin it when they forward calls. */
  server_fingerprint?: string;
  /** Groups the member is in: `target = "@group"` places an instance on one of them. */
  groups?: string[];
}

/** After a lost heartbeat lease (etcd unreachable, member removed), the next grant is tried this much later. */
const HEARTBEAT_RETRY_MS = 2_000;

export type MemberStatus = "online" | "offline";

/** What a join token carries besides a trust token's fields. */
export interface JoinTokenExtra {
  /** SHA-256 of the cluster CA certificate: the joiner checks the CA it is handed against it. */
  cluster_fingerprint: string;
  /**
   * The API server certificate fingerprint of each member in the token's `addresses`, in the same
   * order (each member has its own server certificate; the joiner pins the one it dials).
   */
  server_fingerprints: string[];
}

/** Member names: as instance names (they appear in `target` and `location`). */
export function parseMemberName(name: string, field = "name"): string {
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(name)) throw invalid(field, `"${name}" must be 1-63 letters, digits and dashes, not starting or ending with a dash`);
  return name;
}

/** Refuses an address that is not on one of this host's interfaces (etcd could not listen on it). */
export function checkLocalAddress(address: string): void {
  const local = Object.values(networkInterfaces()).flat().map((i) => i?.address);
  if (!local.includes(address)) {
    throw invalid("address", `${address} is not an address of this host (it has ${local.filter(Boolean).join(", ")})`);
  }
}

/** The address `cluster enable` uses without --address: the host's first non-loopback IPv4 address. */
function defaultAddress(): string {
  const a = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === "IPv4");
  if (!a) throw invalid("address", "this host has no non-loopback IPv4 address to pick; pass --address IP");
  return a.address;
}

export interface MembershipDeps {
  dataDir: string;
  identity: () => AgentIdentity;
  /** Fingerprint of the certificate this agent's TCP API presents (what other members and joiners pin). */
  apiFingerprint: () => string;
  store: SwitchableStore;
  trust: TrustStore;
  /** Called when this agent becomes member `name` (its instances' location is then the member name). */
  onMember: (name: string) => void;
  /** host:port of this agent's TCP API, if it listens on TCP. */
  apiAddress: () => string;
}

export class Membership {
  member?: MemberConfig;
  etcd?: EtcdProcess;
  private lease?: Lease;
  /** The TTL (cluster.offline_threshold) of the current heartbeat lease. */
  private leaseTtl = 0;
  private retry?: NodeJS.Timeout;
  private checkTimer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  /** The etcd of a promotion under way (this.etcd once it succeeded). */
  private promoting?: EtcdProcess;
  private stopped = false;

  constructor(private readonly deps: MembershipDeps) {}

  /** Opens the agent's store: etcd (starting this voter's own etcd first) for a member, else SQLite via makeLocal. */
  static async openStore(dataDir: string, makeLocal: () => Store): Promise<{ store: Store; member?: MemberConfig; etcd?: EtcdProcess }> {
    const member = readMemberConfig(dataDir);
    if (!member) return { store: makeLocal() };
    const opened = await openMemberStore(dataDir, member);
    log("info", "cluster member: state in etcd", { member: member.name, voter: opened.member.voter, etcd: opened.member.etcdEndpoints });
    return opened;
  }

  /** Starts the heartbeat and the voter check of a member (after the agent serves, so "online" means reachable). */
  async start(): Promise<void> {
    if (!this.member) return;
    await this.publishEndpoint();
    await this.heartbeat();
    this.scheduleCheck();
  }

  private scheduleCheck(): void {
    if (this.stopped) return;
    this.checkTimer = setTimeout(() => {
      this.checking = this.checkVoters()
        .catch((e: Error) => log("warn", "cluster voter check failed", { member: this.member?.name, error: e.message }))
        .finally(() => {
          this.checking = undefined;
          this.promoting = undefined;
          this.scheduleCheck();
        });
    }, VOTER_CHECK_INTERVAL_MS);
  }

  private async setting(k: ClusterSetting): Promise<number> {
    return Number((await this.deps.store.get<string>(keys.config(k)))?.value ?? SERVER_RULES[k]!.default);
  }

  /**
   * One voter check: a changed offline threshold takes effect (a new heartbeat lease), the etcd
   * endpoints follow the voters (member.json and the open store), and a non-voter promotes itself
   * when the cluster has fewer voters than it aims for and it is the first online non-voter.
   */
  private async checkVoters(): Promise<void> {
    const cfg = this.member!;
    const client = this.etcdStore().client;
    if ((await this.setting("cluster.offline_threshold")) !== this.leaseTtl) await this.heartbeat();
    const inEtcd = await etcdMembers(client);
    this.syncEndpoints(voterEndpoints(inEtcd));
    const own = findEtcdMember(inEtcd, cfg.name, cfg.address);
    if (cfg.voter) {
      if (!own) return this.leaveVoters();
      return this.demoteSurplus(client, inEtcd, own);
    }
    if (own && !own.isLearner) {
      log("warn", "cluster: etcd counts this member as a voter; starting its etcd", { member: cfg.name });
      return this.recordVoter(await resumeVoter(this.deps.dataDir, cfg, this.voterSteps()));
    }
    const members = await this.list();
    const target = targetVoters(members.length, await this.setting("cluster.max_voters"));
    if (inEtcd.filter((m) => !m.isLearner).length >= target) return;
    if (inEtcd.some((m) => m.isLearner && m !== own)) return; // another member's promotion is under way
    const next = members.filter((m) => m.status === "online" && !m.roles.includes("voter"))
      .sort((a, b) => a.joined_at.localeCompare(b.joined_at) || a.name.localeCompare(b.name))[0];
    if (next?.name !== cfg.name) return;
    await withPromotionLock(client, async () => {
      if ((await etcdMembers(client)).filter((m) => !m.isLearner).length >= target) return;
      log("info", "cluster: promoting this member to voter", { member: cfg.name, target });
      this.recordVoter(await becomeVoter(client, this.deps.dataDir, cfg, this.voterSteps()));
    });
  }

  /**
   * More voters than the cluster aims for (cluster.max_voters was lowered): the member whose etcd
   * leads removes one other voter from etcd (an offline one first, else the one that joined last),
   * so the leader and a majority stay; one per check, under the promotion lock, each removal
   * checked by etcd's strict reconfiguration (the voters left must be a healthy majority). etcd
   * 3.4 cannot turn a voter back into a learner: the demoted member stops its etcd when it sees
   * that etcd no longer lists it (leaveVoters).
   */
  private async demoteSurplus(client: Etcd3, inEtcd: IMember[], own: IMember): Promise<void> {
    const voters = inEtcd.filter((m) => !m.isLearner);
    if (voters.length <= 1) return;
    const members = await this.list();
    const target = targetVoters(members.length, await this.setting("cluster.max_voters"));
    if (voters.length <= target) return;
    if ((await client.maintenance.status()).leader !== own.ID) return;
    const byName = new Map(members.map((m) => [m.name, m]));
    const rank = (m: IMember) => byName.get(m.name);
    const victim = voters.filter((m) => m.ID !== own.ID).sort((x, y) =>
      Number(rank(x)?.status === "online") - Number(rank(y)?.status === "online")
      || (rank(y)?.joined_at ?? "").localeCompare(rank(x)?.joined_at ?? "") || y.name.localeCompare(x.name))[0]!;
    await withPromotionLock(client, async () => {
      if ((await etcdMembers(client)).filter((m) => !m.isLearner).length <= target) return;
      try {
        await client.cluster.memberRemove({ ID: victim.ID });
      } catch (err) {
        if (!/unhealthy cluster/.test((err as Error).message)) throw err;
        log("info", "cluster: etcd refuses the demotion for now (the voters left would not be a healthy majority yet); the next check tries again", { member: victim.name });
        return;
      }
      log("info", "cluster: demoted a voter (more voters than cluster.max_voters allows)", { member: victim.name, voters: voters.length, target });
      if (byName.has(victim.name)) await this.setRoles(victim.name, ["member"]);
    });
  }

  /** etcd no longer lists this voter (it was demoted): stops its etcd, removes its data, records it. */
  private async leaveVoters(): Promise<void> {
    const name = this.member!.name;
    log("info", "cluster: etcd no longer counts this member as a voter; stopping its etcd", { member: name });
    await this.etcd?.stop();
    this.etcd = undefined;
    rmSync(memberPaths(this.deps.dataDir).etcdDataDir, { recursive: true, force: true });
    this.member = { ...this.member!, voter: false };
    writeMemberConfig(this.deps.dataDir, this.member);
  }

  private voterSteps(): VoterSteps {
    return { starting: (etcd) => (this.promoting = etcd), commit: () => this.setRoles(this.member!.name, ["voter"]) };
  }

  /** This member is a voter from now on, running etcd; member.json says so (the next check updates the endpoints). */
  private recordVoter(etcd: EtcdProcess): void {
    this.etcd = etcd;
    this.member = { ...this.member!, voter: true };
    writeMemberConfig(this.deps.dataDir, this.member);
    log("info", "cluster: this member is a voter", { member: this.member.name });
  }

  /** Points member.json and the open store at the voters' etcd client URLs. */
  private syncEndpoints(urls: string[]): void {
    const cfg = this.member!;
    if (!urls.length || (urls.length === cfg.etcdEndpoints.length && urls.every((u) => cfg.etcdEndpoints.includes(u)))) return;
    this.member = { ...cfg, etcdEndpoints: urls };
    writeMemberConfig(this.deps.dataDir, this.member);
    this.etcdStore().setEndpoints(urls);
  }

  /** Sets a member's roles (compare-and-swap on its record). */
  private async setRoles(name: string, roles: string[]): Promise<void> {
    await this.updateRecord(name, (r) => ({ ...r, roles }));
  }

  private async updateRecord(name: string, change: (r: MemberRecord) => MemberRecord): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const e = await this.deps.store.get<MemberRecord>(keys.member(name));
      if (!e) throw notFound(`cluster member "${name}"`);
      try {
        await this.deps.store.put(keys.member(name), change(e.value), { expectRevision: e.revision });
        return;
      } catch (err) {
        if (!hasCode(err, "CORRAL_ERR_CONFLICT") || attempt >= 10) throw err;
      }
    }
  }

  /**
   * Records where other members reach this one (API address, server certificate) and trusts this
   * member's own certificate on every member's API (the trust store is shared), so calls can be
   * forwarded to it and from it.
   */
  private async publishEndpoint(): Promise<void> {
    const name = this.member!.name;
    const e = await this.deps.store.get<MemberRecord>(keys.member(name));
    if (!e) return;
    const creds = readMemberCredentials(this.deps.dataDir);
    const certFp = certificateFingerprint(creds.certPem);
    if (!(await this.deps.trust.isTrusted(certFp))) await this.deps.trust.add(`member:${name}`, creds.certPem);
    const next = { ...e.value, api_address: this.deps.apiAddress(), server_fingerprint: this.deps.apiFingerprint() };
    if (next.api_address !== e.value.api_address || next.server_fingerprint !== e.value.server_fingerprint) await this.deps.store.put(keys.member(name), next);
  }

  private etcdStore(): EtcdStore {
    const s = this.deps.store.backend;
    if (!(s instanceof EtcdStore)) throw precondition("this agent is not a cluster member (run `corral cluster enable` first)");
    return s;
  }

  /**
   * Keeps keys.memberAlive(name) on a lease of cluster.offline_threshold seconds (replacing the
   * current lease, if any); a lost lease is replaced after HEARTBEAT_RETRY_MS.
   */
  private async heartbeat(): Promise<void> {
    const name = this.member!.name;
    const ttl = await this.setting("cluster.offline_threshold");
    const lease = this.etcdStore().client.lease(ttl, { autoKeepAlive: true });
    const old = this.lease;
    this.lease = lease;
    this.leaseTtl = ttl;
    old?.release();
    lease.on("lost", (err) => {
      if (this.lease !== lease) return;
      log("warn", "cluster heartbeat lease lost; renewing", { member: name, error: err.message });
      this.retry = setTimeout(() => {
        if (this.lease !== lease) return;
        void this.heartbeat().catch((e: Error) => log("error", "cluster heartbeat failed", { member: name, error: e.message }));
      }, HEARTBEAT_RETRY_MS);
    });
    await lease.put(ETCD_PREFIX + keys.memberAlive(name)).value(JSON.stringify({ since: new Date().toISOString() }));
  }

  /** `corral cluster enable`: this agent becomes the first member, its state moves into etcd. */
  async enable(req: { address: string; name: string }): Promise<MemberRecord> {
    if (this.member) throw precondition(`this agent is already cluster member "${this.member.name}"`);
    const address = parseMemberAddress(req.address || defaultAddress());
    checkLocalAddress(address);
    const name = parseMemberName(req.name);
    const p = memberPaths(this.deps.dataDir);
    return Revert.with(async (revert) => {
      // Leftovers of an enable that failed half-way (member.json, written last, is absent).
      rmSync(p.dir, { recursive: true, force: true });
      revert.add("remove the cluster directory", () => rmSync(p.dir, { recursive: true, force: true }));
      const id = this.deps.identity();
      const creds = await issueMemberCredentials({ certPem: id.caCertPem, keyPem: id.caKeyPem }, name, address);
      writeMemberCredentials(this.deps.dataDir, creds);
      writeClusterCaKey(this.deps.dataDir, id.caKeyPem);
      const cfg: MemberConfig = { name, address, voter: true, etcdEndpoints: [etcdClientUrl(address)] };
      const etcd = memberEtcd(this.deps.dataDir, cfg);
      await etcd.start();
      revert.add("stop etcd", () => etcd.stop());
      const record = await this.record(name, address, ["voter"], certificateFingerprint(creds.certPem));
      await this.deps.store.switchTo(async (old) => {
        const next = await EtcdStore.open({ endpoints: cfg.etcdEndpoints, tls: creds });
        try {
          await enableEtcdAuth(next.client, name);
          const entries = await old.list<unknown>("");
          // Instances are located on the member by its name from now on; its pools and networks are its parts.
          for (const e of entries) {
            const value = e.key.startsWith(keys.instance("")) ? { ...(e.value as object), location: name }
              : e.key.startsWith(keys.pool("")) ? { ...(e.value as object), parts: { [name]: { config: {} } } }
              : e.key.startsWith(keys.network("")) ? { ...(e.value as object), parts: { [name]: {} } } : e.value;
            await next.put(e.key, value, { expectRevision: 0 });
          }
          await next.put(keys.member(name), record, { expectRevision: 0 });
          // The commit point: from now on this agent starts on etcd.
          writeMemberConfig(this.deps.dataDir, cfg);
          log("info", "cluster enabled: state moved into etcd", { member: name, address, keys: entries.length });
          return next;
        } catch (err) {
          await next.close();
          throw err;
        }
      });
      revert.success();
      this.member = cfg;
      this.etcd = etcd;
      this.deps.onMember(name);
      retireSqlite(this.deps.dataDir);
      await this.publishEndpoint();
      await this.heartbeat();
      this.scheduleCheck();
      return record;
    });
  }

  /** `corral cluster add NAME`: a single-use, expiring token for the member to join with. */
  async createJoinToken(name: string, ttlS: number): Promise<{ token: string; expiresAt: string }> {
    this.etcdStore();
    const ca = readClusterCa(this.deps.dataDir); // this member signs the joiner's certificate
    parseMemberName(name);
    if (await this.deps.store.get(keys.member(name))) throw alreadyExists(`cluster member "${name}"`);
    const api = this.deps.apiAddress();
    if (!api) throw precondition("this member does not listen on TCP; start corrald with --listen HOST:PORT so new members can reach it");
    // Every online member that listens on TCP, this one first: the joiner tries them in turn, so a
    // join does not depend on the issuing member being up (as LXD's token lists every member).
    const own = this.deps.apiFingerprint();
    const others = (await this.list())
      .filter((m) => m.name !== this.member!.name && m.status === "online" && m.api_address && m.server_fingerprint)
      .sort((a, b) => a.name.localeCompare(b.name));
    const addresses = [api, ...others.map((m) => m.api_address)];
    const extra: JoinTokenExtra = { cluster_fingerprint: certificateFingerprint(ca.certPem), server_fingerprints: [own, ...others.map((m) => m.server_fingerprint!)] };
    return createToken(this.deps.store, name, ttlS, { addresses, serverFingerprint: own, scope: "join", extra: { ...extra } });
  }

  /** Server side of a join: redeems the token and admits the member; returns its credentials. */
  async admit(req: { token: string; address: string; architecture: string; cpus: number; memory_bytes: number; api_address: string; instance_count: number }): Promise<{ record: MemberRecord; creds: MemberCredentials; caKeyPem: string; etcdEndpoints: string[] }> {
    this.etcdStore();
    const ca = readClusterCa(this.deps.dataDir);
    if (req.instance_count > 0) throw refuseWithInstances(req.instance_count);
    const address = parseMemberAddress(req.address);
    // The token is spent first: a used, expired or unknown token is what the joiner hears about.
    const name = parseMemberName(await consumeToken(this.deps.store, req.token, { scope: "join" }));
    if (await this.deps.store.get(keys.member(name))) throw alreadyExists(`cluster member "${name}"`);
    const clash = (await this.list()).find((m) => m.address === address);
    if (clash) throw alreadyExists(`a member at ${address} ("${clash.name}")`);
    const creds = await issueMemberCredentials(ca, name, address);
    const record: MemberRecord = {
      name, address, roles: ["member"], architecture: req.architecture, cpus: req.cpus, memory_bytes: req.memory_bytes,
      api_address: req.api_address, certificate_fingerprint: certificateFingerprint(creds.certPem), joined_at: new Date().toISOString(),
    };
    await Revert.with(async (revert) => {
      await addMemberUser(this.etcdStore().client, name);
      revert.add("delete the member's etcd user", () => removeMemberUser(this.etcdStore().client, name));
      await this.deps.trust.add(`member:${name}`, creds.certPem);
      revert.add("untrust the member certificate", () => this.deps.trust.remove(record.certificate_fingerprint));
      await this.deps.store.put(keys.member(name), record, { expectRevision: 0 });
    });
    log("info", "cluster member admitted", { member: name, address });
    return { record, creds, caKeyPem: ca.keyPem, etcdEndpoints: this.member!.etcdEndpoints };
  }

  async list(): Promise<(MemberRecord & { status: MemberStatus })[]> {
    this.etcdStore();
    const [heartbeats, records] = await Promise.all([this.deps.store.list(keys.memberAlive("")), this.deps.store.list<MemberRecord>(keys.member(""))]);
    const alive = new Set(heartbeats.map((e) => e.key.slice(keys.memberAlive("").length)));
    return records.map((e) => ({ ...e.value, status: alive.has(e.value.name) ? "online" : "offline" }));
  }

  async get(name: string): Promise<MemberRecord & { status: MemberStatus }> {
    const m = (await this.list()).find((x) => x.name === name);
    if (!m) throw notFound(`cluster member "${name}"`);
    return m;
  }

  /**
   * Removes a member: its etcd member (a voter's; the voter check then promotes another member),
   * its record, its heartbeat, its etcd user and the trust in its certificate. An online member is
   * only removed with force (stop its agent first); the last voter never.
   */
  async remove(name: string, force: boolean): Promise<void> {
    const client = this.etcdStore().client;
    const members = await this.list();
    const m = members.find((x) => x.name === name);
    if (!m) throw notFound(`cluster member "${name}"`);
    if (m.roles.includes("voter") && members.filter((x) => x.roles.includes("voter")).length <= 1) {
      throw precondition(`cluster member "${name}" is the last voter: the cluster's state lives in its etcd`);
    }
    if (m.status === "online" && !force) throw precondition(`cluster member "${name}" is online; stop corrald on it first, or remove it with --force`);
    const voter = findEtcdMember(await etcdMembers(client), m.name, m.address);
    if (voter) {
      await client.cluster.memberRemove({ ID: voter.ID }).catch((err: Error) => {
        // etcd's strict reconfiguration check: the voters left must be a majority that has run a while.
        if (!/unhealthy cluster/.test(err.message)) throw err;
        throw precondition(`etcd refuses to remove "${name}" now: the voters left would not be a healthy majority (a voter counts once it has been up for 5 s); try again shortly`);
      });
    }
    await this.deps.trust.remove(m.certificate_fingerprint).catch((err) => {
      if (!hasCode(err, "CORRAL_ERR_NOT_FOUND")) throw err;
    });
    await removeMemberUser(this.etcdStore().client, name);
    await this.deps.store.delete(keys.memberAlive(name));
    await this.deps.store.delete(keys.member(name));
    log("info", "cluster member removed", { member: name, force });
  }

  /** Sets the groups a member is in (any member may; the record is compare-and-swapped). */
  async setGroups(name: string, groups: string[]): Promise<MemberRecord & { status: MemberStatus }> {
    this.etcdStore();
    groups.forEach((g, i) => parseMemberName(g, `groups[${i}]`));
    await this.updateRecord(name, (r) => ({ ...r, groups: [...new Set(groups)].sort() }));
    return this.get(name);
  }

  /** Stops the voter check and the heartbeat (its key expires with the lease, then the member shows offline). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.checkTimer);
    clearTimeout(this.retry);
    const lease = this.lease;
    this.lease = undefined;
    lease?.release();
  }

  /**
   * After the store closed: stops the etcd of a promotion under way and waits for the promotion
   * to be undone (its etcd calls fail at once now), then stops this voter's etcd.
   */
  async stopEtcd(): Promise<void> {
    if (this.promoting) {
      await this.promoting.stop();
      await this.checking;
    }
    await this.etcd?.stop();
  }

  private async record(name: string, address: string, roles: string[], fingerprint: string): Promise<MemberRecord> {
    const p = await probeHost();
    return {
      name, address, roles, architecture: p.architecture, cpus: p.cpus, memory_bytes: p.memoryTotalBytes,
      api_address: this.deps.apiAddress(), certificate_fingerprint: fingerprint, joined_at: new Date().toISOString(),
    };
  }
}

/** A member certificate from the cluster CA: its address (and loopback) as IP names, for etcd and member TLS. */
async function issueMemberCredentials(ca: { certPem: string; keyPem: string }, name: string, address: string): Promise<MemberCredentials> {
  const cert = await issueServerCertificate(ca, name, { dns: [name], ips: [address, "127.0.0.1"] });
  return { caPem: ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem };
}

export function refuseWithInstances(n: number): CorralError {
  return precondition(`this agent has ${n} instance(s); only an agent without instances can join a cluster (move or delete them first)`);
}

/** The SQLite file of a standalone agent that became a member is kept, renamed, and no longer used. */
export function retireSqlite(dataDir: string): void {
  for (const suffix of ["", "-wal", "-shm"]) {
    const f = join(dataDir, `state.db${suffix}`);
    if (existsSync(f)) renameSync(f, join(dataDir, `state.db.before-cluster${suffix}`));
  }
}
