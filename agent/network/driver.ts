// The low-level network driver contract: host objects for one managed network.
// Everything a driver creates on the host is tagged (interface alias `corral:<name>`, nft table
// `corral`) so clean-up never touches what Corral did not create.
import type { RuleTable } from "../config/rules";
import type { NicKind } from "../instances/driver";

export interface NetworkSpec {
  name: string;
  type: string;
  /** Validated, normalized config (e.g. `ipv4.address=auto` already resolved to a CIDR). */
  config: Record<string, string>;
  /** Private directory for the driver's files (dnsmasq leases, hosts file, pid). */
  runDir: string;
}

export interface StaticLease {
  hwaddr: string;
  ipv4?: string;
  hostname: string;
}

export interface Lease {
  hwaddr: string;
  address: string;
  hostname: string;
  type: "static" | "dynamic";
  expiresAt?: number;
}

export interface NicAttachment {
  kind: NicKind;
  link: string;
  mtu?: number;
}

export type Family = 4 | 6;

/** An address range of one family (a subnet, or one address when first = last). */
export interface Subnet {
  family: Family;
  first: bigint;
  last: bigint;
  text: string;
}

export interface NetworkDriver {
  readonly type: string;
  readonly rules: RuleTable;
  /**
   * Validates and normalizes config for create/update. `others` are the other networks on the host,
   * so overlapping subnets are refused. Throws INVALID_ARGUMENT naming `config["key"]`.
   */
  normalize(name: string, config: Record<string, string>, others: NetworkSpec[]): Promise<Record<string, string>>;
  /** Creates and starts every host object; cleans up after itself on failure. */
  create(net: NetworkSpec): Promise<void>;
  /** Ensures the host objects exist and are running (agent start, dnsmasq died). Idempotent. */
  ensure(net: NetworkSpec): Promise<void>;
  /** Applies a config change to existing host objects. */
  update(net: NetworkSpec, previous: NetworkSpec): Promise<void>;
  /** Removes every host object of the network. Idempotent. */
  delete(net: NetworkSpec): Promise<void>;
  /** How instances' NICs on this network are wired: the kind of NIC, the host interface it attaches to (bridge or parent), its MTU. */
  attachment(net: NetworkSpec): NicAttachment;
  /** Checks that ip can be reserved for an instance on this network; throws INVALID_ARGUMENT naming field. */
  validateStaticAddress(net: NetworkSpec, ip: string, field: string): void;
  /** Replaces the static DHCP reservations (MAC -> IPv4, hostname) and reloads DHCP. */
  setStaticLeases(net: NetworkSpec, leases: StaticLease[]): Promise<void>;
  leases(net: NetworkSpec): Promise<Lease[]>;
  /** Forget a dynamic lease of a deleted instance. */
  releaseLease(net: NetworkSpec, hwaddr: string): Promise<void>;
  /**
   * The subnets the network routes for its instances, with the gateway of each. Only drivers whose
   * traffic passes the host's routing (so nftables can forward ports to it and filter it) have this.
   */
  subnets?(net: NetworkSpec): { subnet: Subnet; gateway: bigint }[];
  /** Stop background supervision (agent shutdown); host objects stay. */
  detach(net: NetworkSpec): Promise<void>;
}
