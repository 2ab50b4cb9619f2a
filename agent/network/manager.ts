// Managed networks: the store records each network; drivers create and supervise host objects.
// Static DHCP reservations come from the instances' NIC devices.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { alreadyExists, hasCode, inUse, notFound } from "../errors";
import { parseNetworkName, validateConfig } from "../config/rules";
import type { Locks } from "../operations/locks";
import { keys, type Store } from "../state/store";
import { Revert } from "../util/revert";
import { log } from "../util/log";
import { addPendingValues, existsAlready, pendingValues, type PendingDefinition } from "../cluster/pending";
import { getNetworkDriver } from "./drivers";
import { LEASE_RULES, splitLease, startLease } from "../leases/lease";
import type { Lease, NetworkDriver, NetworkSpec, NicAttachment, StaticLease } from "./driver";

export interface NetworkRecord {
  name: string;
  type: string;
  config: Record<string, string>;
  description: string;
  state: "Creating" | "Created";
  /** In a cluster: the members that made their part of the network (its bridge and DHCP); others have yet to. */
  parts?: Record<string, object>;
  /** In a cluster: each member's values of MEMBER_LOCAL_NETWORK_KEYS given before the network was created (--target). */
  memberConfig?: Record<string, Record<string, string>>;
}

/** Network keys that name things on one host (the parent interface): each member may have its own. */
export const MEMBER_LOCAL_NETWORK_KEYS = ["parent"];

/** What the agent plugs in so forwards and ACLs follow the networks (agent/network/policy). */
export interface NetworkHooks {
  /** Checks a new config against other objects (ACLs it names, forwards into its subnets); throws INVALID_ARGUMENT. */
  checkConfig?(network: NetworkRecord): Promise<void>;
  /** Runs after a network was created, changed or deleted. */
  changed?(): Promise<void>;
  /** Users of a network besides instances (forwards). */
  users?(network: string): Promise<string[]>;
}

export class NetworkManager {
  hooks: NetworkHooks = {};

  constructor(
    private store: Store,
    private dataDir: string,
    private locks: Locks,
    /** Instances using a network. */
    private usersOf: (network: string) => Promise<string[]>,
    /** Static reservations wanted by instances on a network. */
    private staticLeasesOf: (network: string) => Promise<StaticLease[]>,
  ) {}

  spec(rec: NetworkRecord): NetworkSpec {
    const runDir = join(this.dataDir, "networks", rec.name);
    const own = this.member ? rec.memberConfig?.[this.member] : undefined;
    return { name: rec.name, type: rec.type, config: own ? { ...rec.config, ...own } : rec.config, runDir };
  }

  driverOf(rec: NetworkRecord): NetworkDriver {
    return getNetworkDriver(rec.type);
  }

  /** Set in a cluster: networks are defined cluster-wide and every member makes its own part. */
  private member?: string;

  joinedCluster(member: string): void {
    this.member = member;
  }

  /** Whether this agent has made its part of the network (always, standalone). */
  hasPart(rec: NetworkRecord): boolean {
    return !this.member || !!rec.parts?.[this.member];
  }

  /** Makes this member's part of a network defined in the cluster (on join, or when asked by the member that created it). */
  async makePart(name: string): Promise<void> {
    await this.locks.with("networks", async () => {
      const rec = await this.get(name);
      if (this.hasPart(rec)) return;
      const spec = this.spec(rec);
      // This member's own values are checked here, on its host.
      if (rec.memberConfig?.[this.member!]) await this.normalize(this.driverOf(rec), name, spec.config);
      mkdirSync(spec.runDir, { recursive: true, mode: 0o700 });
      await this.driverOf(rec).setStaticLeases(spec, await this.staticLeasesOf(name)).catch(() => {});
      await this.driverOf(rec).ensure(spec);
      await this.setPart(name, true);
      log("info", "made this member's part of network", { network: name, member: this.member });
    });
  }

  /** Records a member's own values of the per-member keys for a network not created yet (nothing is made). */
  async addPendingValues(name: string, type: string, member: string, config: Record<string, string>): Promise<PendingDefinition> {
    parseNetworkName(name, "name");
    const driver = getNetworkDriver(type || "bridge");
    validateConfig(driver.rules, config, "config");
    if (await this.store.get(keys.network(name))) throw existsAlready("networks", name);
    return addPendingValues(this.store, "networks", name, driver.type, member, config, MEMBER_LOCAL_NETWORK_KEYS);
  }

  /** Deletes this member's part of a network (the member deleting the whole network asks first); the record stays. */
  async deletePart(name: string): Promise<void> {
    await this.locks.with("networks", async () => {
      const rec = await this.get(name);
      if (!this.member || !rec.parts?.[this.member]) return;
      await this.assertUnused(name);
      await this.driverOf(rec).delete(this.spec(rec));
      await this.setPart(name, false);
    });
  }

  /** Adds or drops this member in the record's parts; other members do the same concurrently (compare-and-swap). */
  private async setPart(name: string, made: boolean): Promise<void> {
    const member = this.member!;
    for (let attempt = 0; ; attempt++) {
      const e = (await this.store.get<NetworkRecord>(keys.network(name)))!;
      const { [member]: _old, ...parts } = e.value.parts ?? {};
      try {
        await this.store.put(keys.network(name), { ...e.value, parts: made ? { ...parts, [member]: {} } : parts }, { expectRevision: e.revision });
        return;
      } catch (err) {
        if (!hasCode(err, "CORRAL_ERR_CONFLICT") || attempt >= 10) throw err;
      }
    }
  }

  /** Refuses to delete a network an instance (on any member) uses. */
  async assertUnused(name: string): Promise<void> {
    const users = [...(await this.usersOf(name)), ...((await this.hooks.users?.(name)) ?? [])];
    if (users.length) throw inUse(`network "${name}"`, users);
  }

  async get(name: string): Promise<NetworkRecord> {
    const e = await this.store.get<NetworkRecord>(keys.network(name));
    if (!e || e.value.state !== "Created") throw notFound(`network "${name}"`);
    return e.value;
  }

  async list(): Promise<NetworkRecord[]> {
    return (await this.store.list<NetworkRecord>("networks/")).map((e) => e.value).filter((n) => n.state === "Created");
  }

  private async others(name: string): Promise<NetworkSpec[]> {
    return (await this.store.list<NetworkRecord>("networks/")).map((e) => e.value).filter((n) => n.name !== name).map((n) => this.spec(n));
  }

  async create(name: string, type: string, config: Record<string, string>, description = ""): Promise<NetworkRecord> {
    parseNetworkName(name, "name");
    const driver = getNetworkDriver(type || "bridge");
    const pending = this.member ? await pendingValues(this.store, "networks", name, driver.type, config, MEMBER_LOCAL_NETWORK_KEYS) : undefined;
    return this.locks.with("networks", () => Revert.with(async (revert) => {
      if (await this.store.get(keys.network(name))) throw alreadyExists(`network "${name}"`);
      const rec: NetworkRecord = { name, type: driver.type, config: {}, description, state: "Creating" };
      rec.config = await this.normalize(driver, name, { ...config, ...pending?.members[this.member!] });
      if (pending) rec.memberConfig = pending.members;
      await this.hooks.checkConfig?.(rec);
      try {
        await this.store.put(keys.network(name), rec, { expectRevision: 0 });
      } catch (e) {
        if (hasCode(e, "CORRAL_ERR_CONFLICT")) throw alreadyExists(`network "${name}"`);
        throw e;
      }
      revert.add("forget network", () => this.store.delete(keys.network(name)));
      const spec = this.spec(rec);
      mkdirSync(spec.runDir, { recursive: true, mode: 0o700 });
      await driver.create(spec);
      revert.add("delete network on host", () => driver.delete(spec));
      rec.state = "Created";
      if (this.member) rec.parts = { [this.member]: {} };
      await this.store.put(keys.network(name), rec);
      await this.hooks.changed?.();
      return rec;
    }));
  }

  async update(name: string, config: Record<string, string>, description?: string): Promise<NetworkRecord> {
    return this.locks.with("networks", async () => {
      const rec = await this.get(name);
      const driver = this.driverOf(rec);
      const next: NetworkRecord = { ...rec, description: description ?? rec.description, config: await this.normalize(driver, name, config) };
      await this.hooks.checkConfig?.(next);
      // A change of the lease alone (a renew) leaves the host objects alone.
      if (JSON.stringify(splitLease(next.config).rest) !== JSON.stringify(splitLease(rec.config).rest)) {
        await driver.update(this.spec(next), this.spec(rec));
      }
      await this.store.put(keys.network(name), next);
      await this.hooks.changed?.();
      await this.syncLeases(name);
      return next;
    });
  }

  /**
   * Applies a network changed on another member to this member's part: that member wrote the
   * record (and changed its own part); `previous` is the config before the change.
   */
  async applyPart(name: string, previous: Record<string, string>): Promise<NetworkRecord> {
    return this.locks.with("networks", async () => {
      const rec = await this.get(name);
      if (!this.hasPart(rec)) return rec;
      if (JSON.stringify(splitLease(rec.config).rest) !== JSON.stringify(splitLease(previous).rest)) {
        await this.driverOf(rec).update(this.spec(rec), this.spec({ ...rec, config: previous }));
      }
      await this.hooks.changed?.();
      await this.syncLeases(name);
      return rec;
    });
  }

  /** The driver normalizes its own keys; the lease keys, which no driver knows, are checked here. */
  private async normalize(driver: NetworkDriver, name: string, config: Record<string, string>): Promise<Record<string, string>> {
    const { lease, rest } = splitLease(config);
    validateConfig(LEASE_RULES, lease, "config");
    return { ...(await driver.normalize(name, rest, await this.others(name))), ...startLease(lease, Date.now()) };
  }

  async delete(name: string): Promise<void> {
    await this.locks.with("networks", async () => {
      const rec = await this.get(name);
      await this.assertUnused(name);
      await this.driverOf(rec).delete(this.spec(rec));
      await this.store.delete(keys.network(name));
      await this.hooks.changed?.();
    });
  }

  /** Rewrites the network's DHCP reservations from the instances that use it; read and written
   * under one lock per network, so no sync writes an older set over a newer one. */
  async syncLeases(name: string): Promise<void> {
    await this.locks.with(`network/${name}/leases`, async () => {
      const rec = await this.get(name);
      await this.driverOf(rec).setStaticLeases(this.spec(rec), await this.staticLeasesOf(name));
    });
  }

  async leases(rec: NetworkRecord): Promise<Lease[]> {
    try {
      return await this.driverOf(rec).leases(this.spec(rec));
    } catch {
      return [];
    }
  }

  async releaseLease(name: string, hwaddr: string): Promise<void> {
    const rec = await this.get(name);
    await this.driverOf(rec).releaseLease(this.spec(rec), hwaddr);
  }

  attachment(rec: NetworkRecord): NicAttachment {
    return this.driverOf(rec).attachment(this.spec(rec));
  }

  /** Brings every network's host objects back (agent start); half-created ones are removed. */
  async reconcile(): Promise<void> {
    for (const e of await this.store.list<NetworkRecord>("networks/")) {
      const rec = e.value;
      const driver = this.driverOf(rec);
      try {
        if (rec.state === "Creating") {
          log("warn", `removing half-created network ${rec.name}`);
          await driver.delete(this.spec(rec));
          await this.store.delete(e.key);
          continue;
        }
        if (!this.hasPart(rec)) {
          await this.makePart(rec.name);
          continue;
        }
        mkdirSync(this.spec(rec).runDir, { recursive: true, mode: 0o700 });
        await driver.setStaticLeases(this.spec(rec), await this.staticLeasesOf(rec.name)).catch(() => {});
        await driver.ensure(this.spec(rec));
      } catch (err) {
        log("error", `network ${rec.name} could not be started`, { error: (err as Error).message });
      }
    }
  }

  /** Stops supervising (agent shutdown); bridges and dnsmasq keep serving running instances. */
  async detachAll(): Promise<void> {
    for (const rec of await this.list()) await this.driverOf(rec).detach(this.spec(rec)).catch(() => {});
  }
}
