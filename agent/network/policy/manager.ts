// Forwards and ACLs: stored under network-forwards/ and network-acls/, validated against the
// networks, and enforced by rebuilding the policy chains in nftables after every change (and on
// agent start). A failed apply puts the previous record back, so store and host agree.
import { alreadyExists, inUse, invalid, notFound } from "../../errors";
import { log } from "../../util/log";
import type { Store } from "../../state/store";
import type { NetworkManager, NetworkRecord } from "../manager";
import { ACL_KEY, attachedAcls, DEFAULT_ACTION_KEYS, normalizeAcl, type AclRecord } from "./acls";
import { normalizeForward, type ForwardRecord } from "./forwards";
import { aclChainsFor, forwardChains, replacePolicyChains } from "./nft";
import { applyNicAcls, checkNicAcls, type NicAclTarget } from "./nic-acls";

const forwardKey = (network: string, listen: string) => `network-forwards/${network}/${listen}`;
const aclKey = (name: string) => `network-acls/${name}`;

export class NetworkPolicy {
  /** Serializes changes: every apply sees the store as the previous change left it. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The NICs whose keys name ACLs (the agent plugs in the instance manager's). */
  nics: () => Promise<NicAclTarget[]> = async () => [];

  constructor(private store: Store, private networks: NetworkManager) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ---- forwards ---------------------------------------------------------------------------------

  async listForwards(network?: string): Promise<ForwardRecord[]> {
    if (network !== undefined) await this.networks.get(network);
    return (await this.store.list<ForwardRecord>(network ? `network-forwards/${network}/` : "network-forwards/")).map((e) => e.value);
  }

  async getForward(network: string, listen: string): Promise<ForwardRecord> {
    const e = await this.store.get<ForwardRecord>(forwardKey(network, listen));
    if (!e) throw notFound(`forward ${listen} on network "${network}"`);
    return e.value;
  }

  /** Creates (or, with replace, updates) a forward. */
  async putForward(input: ForwardRecord, replace: boolean): Promise<ForwardRecord> {
    return this.serial(async () => {
      const rec = await this.networks.get(input.network);
      const subnets = this.networks.driverOf(rec).subnets?.(this.networks.spec(rec));
      if (!subnets) throw invalid("network", `network "${rec.name}" (type ${rec.type}) does not route its instances' traffic through the host, so it cannot have forwards`);
      const all = await this.listForwards();
      const f = normalizeForward(input, { subnets, others: all.filter((o) => !(o.network === input.network && o.listen_address === input.listen_address)) });
      const key = forwardKey(f.network, f.listen_address);
      const prev = await this.store.get<ForwardRecord>(key);
      if (prev && !replace) throw alreadyExists(`forward ${f.listen_address} on network "${f.network}"`);
      if (!prev && replace) throw notFound(`forward ${f.listen_address} on network "${f.network}"`);
      await this.store.put(key, f);
      await this.applyOrRestore(key, prev?.value);
      return f;
    });
  }

  async deleteForward(network: string, listen: string): Promise<void> {
    await this.serial(async () => {
      const key = forwardKey(network, listen);
      const prev = await this.store.get<ForwardRecord>(key);
      if (!prev) throw notFound(`forward ${listen} on network "${network}"`);
      await this.store.delete(key);
      await this.applyOrRestore(key, prev.value);
    });
  }

  // ---- ACLs -------------------------------------------------------------------------------------

  async listAcls(): Promise<AclRecord[]> {
    return (await this.store.list<AclRecord>("network-acls/")).map((e) => e.value);
  }

  async getAcl(name: string): Promise<AclRecord> {
    const e = await this.store.get<AclRecord>(aclKey(name));
    if (!e) throw notFound(`network ACL "${name}"`);
    return e.value;
  }

  /** Creates (or, with replace, updates) an ACL; networks using it get the new rules at once. */
  async putAcl(input: AclRecord, replace: boolean): Promise<AclRecord> {
    return this.serial(async () => {
      const a = normalizeAcl(input);
      const prev = await this.store.get<AclRecord>(aclKey(a.name));
      if (prev && !replace) throw alreadyExists(`network ACL "${a.name}"`);
      if (!prev && replace) throw notFound(`network ACL "${a.name}"`);
      await this.store.put(aclKey(a.name), a);
      await this.applyOrRestore(aclKey(a.name), prev?.value);
      return a;
    });
  }

  async deleteAcl(name: string): Promise<void> {
    await this.serial(async () => {
      const prev = await this.getAcl(name);
      const { networks, nics } = await this.aclUsersOf(name);
      const users = [...networks.map((n) => `network ${n}`), ...nics.map((n) => `instance ${n}`)];
      if (users.length) throw inUse(`network ACL "${name}"`, users);
      await this.store.delete(aclKey(name));
      await this.applyOrRestore(aclKey(name), prev);
    });
  }

  /** Networks whose security.acls names this ACL, then `instance NAME` for each instance one of whose NICs does. */
  async aclUsers(name: string): Promise<string[]> {
    const { networks, nics } = await this.aclUsersOf(name);
    return [...networks, ...nics.map((n) => `instance ${n}`)];
  }

  private async aclUsersOf(name: string): Promise<{ networks: string[]; nics: string[] }> {
    return {
      networks: (await this.networks.list()).filter((n) => attachedAcls(n.config).includes(name)).map((n) => n.name),
      nics: [...new Set((await this.nics()).filter((n) => attachedAcls(n.config).includes(name)).map((n) => n.instance))],
    };
  }

  /** Refuses NIC keys naming ACLs that do not exist (`where` is `devices["eth0"]`). */
  async checkNic(nic: Record<string, string>, where: string): Promise<void> {
    checkNicAcls(nic, where, new Set((await this.listAcls()).map((a) => a.name)));
  }

  // ---- hooks for the network manager ----------------------------------------------------------

  /** Refuses a network config naming ACLs that do not exist, or whose subnets no longer hold its forwards' targets. */
  async checkNetwork(net: NetworkRecord): Promise<void> {
    const config = net.config;
    const subnets = this.networks.driverOf(net).subnets?.(this.networks.spec(net)) ?? [];
    for (const f of await this.listForwards().then((l) => l.filter((x) => x.network === net.name))) {
      try {
        normalizeForward(f, { subnets, others: [] });
      } catch (e) {
        throw invalid(`config["${f.listen_address.includes(":") ? "ipv6" : "ipv4"}.address"]`, `the forward ${f.listen_address} would no longer fit the network (${(e as Error).message}); change or delete it first`);
      }
    }
    const known = new Set((await this.listAcls()).map((a) => a.name));
    const missing = attachedAcls(config).filter((n) => !known.has(n));
    if (missing.length) throw invalid(`config["${ACL_KEY}"]`, `unknown network ACL ${missing.map((m) => `"${m}"`).join(", ")}; create it first (corral network acl create)`);
    const hasAcls = attachedAcls(config).length > 0;
    for (const k of Object.values(DEFAULT_ACTION_KEYS)) {
      if (config[k] !== undefined && !hasAcls) throw invalid(`config["${k}"]`, `requires ${ACL_KEY}`);
    }
  }

  /** What besides instances keeps a network from being deleted. */
  async networkUsers(network: string): Promise<string[]> {
    return (await this.listForwards()).filter((f) => f.network === network).map((f) => `forward ${f.listen_address}`);
  }

  /** Rewrites every forward and ACL chain, the NICs' too, from the store (agent start, network, ACL and instance changes). */
  async apply(): Promise<void> {
    const networks = await this.networks.list();
    const forwards = (await this.listForwards()).filter((f) => networks.some((n) => n.name === f.network));
    const acls = new Map((await this.listAcls()).map((a) => [a.name, a]));
    const chains = [
      ...forwardChains(forwards),
      // Only networks routed through the host can be filtered here (their driver reports subnets).
      ...networks.filter((n) => this.networks.driverOf(n).subnets).flatMap((n: NetworkRecord) => aclChainsFor({ name: n.name, hostInterface: this.networks.attachment(n).link, config: n.config }, acls)),
    ];
    await replacePolicyChains(chains);
    await applyNicAcls(await this.nics(), acls);
  }

  /** Serialized apply for the network manager's hooks. */
  reapply(): Promise<void> {
    return this.serial(() => this.apply());
  }

  private async applyOrRestore(key: string, prev: unknown): Promise<void> {
    try {
      await this.apply();
    } catch (e) {
      log("warn", `nftables refused the change to ${key}; restoring the previous state`, { error: (e as Error).message });
      if (prev === undefined) await this.store.delete(key);
      else await this.store.put(key, prev);
      await this.apply().catch(() => undefined);
      throw e;
    }
  }
}
