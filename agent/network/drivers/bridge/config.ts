// The bridge driver's config keys (LXD-compatible names), their validation, and the typed
// settings every other part of the driver works from (so no one re-parses strings).
import { invalid } from "../../../errors";
import { uplinkRules } from "./uplink";
import { isAclList } from "../../policy/acls";
import type { Subnet } from "../../driver";
import { ipv6GatewayProblem, ipv6Settings, type IPv6Settings } from "./ipv6";
import { formatIPv4, isBool, isInt, oneOf, parseCIDR, parseIPv4, truthy, type RuleTable, type Validator } from "../../../config/rules";

export const DEFAULT_DOMAIN = "corral";
export const DEFAULT_MTU = 1500;
/** Prefixes outside this range leave no room for hosts (/31, /32) or are absurdly large (< /8). */
const MIN_PREFIX = 8;
const MAX_PREFIX = 30;

const isGatewayCidr: Validator = (v) => {
  if (v === "auto" || v === "none") return undefined;
  const c = parseCIDR(v);
  if (!c) return "must be auto, none, or a gateway address with prefix such as 10.0.3.1/24";
  if (c.prefix < MIN_PREFIX || c.prefix > MAX_PREFIX) return `prefix must be between /${MIN_PREFIX} and /${MAX_PREFIX}`;
  if (c.address === c.network) return `must be a host address, not the network address ${formatIPv4(c.network)}`;
  if (c.address === c.broadcast) return `must be a host address, not the broadcast address ${formatIPv4(c.broadcast)}`;
  return undefined;
};

const isRanges: Validator = (v) => (parseRanges(v) === undefined ? "must be first-last[,first-last] IPv4 ranges, e.g. 10.0.3.50-10.0.3.150" : undefined);

const isDomain: Validator = (v) =>
  v.length <= 253 && /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(v)
    ? undefined
    : "must be a DNS domain such as corral or lab.example";


/** The bridge driver's rule table (also feeds docs and the provider's descriptions). */
export const bridgeRules: RuleTable = {
  "ipv4.address": { type: "cidr", default: "auto", description: "Gateway address and prefix of the bridge (e.g. 10.0.3.1/24), auto to pick an unused private /24, or none", validate: isGatewayCidr },
  "ipv4.nat": { type: "bool", default: "true", live: true, description: "Masquerade traffic leaving the subnet (default true when an address is set)", validate: isBool },
  "ipv4.dhcp": { type: "bool", default: "true", live: true, description: "Run a DHCP server on the bridge", validate: isBool },
  "ipv4.dhcp.ranges": { type: "list", live: true, description: "DHCP pools as first-last[,first-last] (default: the whole subnet except the gateway)", validate: isRanges },
  "dns.domain": { type: "string", default: DEFAULT_DOMAIN, live: true, description: "DNS domain served for instances on this network", validate: isDomain },
  "bridge.mtu": { type: "integer", default: String(DEFAULT_MTU), live: true, description: "MTU of the bridge", validate: isInt(1280, 9000) },
  "ipv6.address": { type: "string", default: "none", description: "IPv6 gateway address and prefix of the bridge (e.g. fd42:1:2:3::1/64), auto to pick a random ULA /64, or none", validate: (v) => ipv6GatewayProblem(v, true) },
  "ipv6.nat": { type: "bool", default: "true", live: true, description: "Masquerade IPv6 traffic leaving the subnet (default true when an IPv6 address is set)", validate: isBool },
  "ipv6.dhcp": { type: "bool", default: "true", live: true, description: "Answer DHCPv6 (addresses when stateful, DNS otherwise); router advertisements are always sent", validate: isBool },
  "ipv6.dhcp.stateful": { type: "bool", default: "false", live: true, description: "Hand out addresses by DHCPv6 instead of SLAAC (then the prefix may be /64 to /120)", validate: isBool },
  "security.acls": { type: "list", live: true, description: "Network ACLs (comma-separated names) applied to traffic routed into and out of the bridge", validate: isAclList },
  "security.acls.default.ingress.action": { type: "string", default: "reject", live: true, description: "What happens to routed traffic into the bridge that no rule of its ACLs matches: allow, reject or drop", validate: oneOf("allow", "reject", "drop") },
  "security.acls.default.egress.action": { type: "string", default: "reject", live: true, description: "What happens to routed traffic out of the bridge that no rule of its ACLs matches: allow, reject or drop", validate: oneOf("allow", "reject", "drop") },
  ...uplinkRules,
};

export interface IPv4Settings {
  /** Gateway address with prefix, as configured (10.0.3.1/24). */
  cidr: string;
  gateway: number;
  prefix: number;
  network: number;
  broadcast: number;
  /** The subnet, 10.0.3.0/24. */
  subnet: string;
}

/** Typed view of a normalized bridge config. */
export interface BridgeSettings {
  name: string;
  mtu: number;
  ipv4?: IPv4Settings;
  nat: boolean;
  dhcp: boolean;
  /** Inclusive DHCP pools as numbers; empty when DHCP is off or there is no address. */
  ranges: [number, number][];
  domain: string;
  ipv6?: IPv6Settings;
  nat6: boolean;
  /** DHCPv6 on: stateless (DNS only, SLAAC addresses) or stateful (addresses by DHCPv6). */
  dhcp6: boolean;
  stateful6: boolean;
}

/** "a-b,c-d" -> numeric pairs; undefined when malformed. */
export function parseRanges(v: string): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const part of v.split(",").map((s) => s.trim())) {
    const m = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(part);
    if (!m) return undefined;
    const a = parseIPv4(m[1]!);
    const b = parseIPv4(m[2]!);
    if (a === undefined || b === undefined || a > b) return undefined;
    out.push([a, b]);
  }
  return out.length ? out : undefined;
}

/** Parses "10.0.3.1/24" (already validated) into the numbers the driver needs. */
export function ipv4Settings(v: string | undefined): IPv4Settings | undefined {
  if (v === undefined || v === "none" || v === "auto") return undefined;
  const c = parseCIDR(v);
  if (!c) return undefined;
  return { cidr: v, gateway: c.address, prefix: c.prefix, network: c.network, broadcast: c.broadcast, subnet: `${formatIPv4(c.network)}/${c.prefix}` };
}

/** Default DHCP pools: every host address of the subnet except the gateway. */
export function defaultRanges(ip: IPv4Settings): [number, number][] {
  const first = ip.network + 1;
  const last = ip.broadcast - 1;
  const out: [number, number][] = [];
  if (ip.gateway - 1 >= first) out.push([first, ip.gateway - 1]);
  if (ip.gateway + 1 <= last) out.push([ip.gateway + 1, last]);
  return out;
}

/** Settings of a normalized config (missing keys take their defaults). */
export function bridgeSettings(name: string, config: Record<string, string>): BridgeSettings {
  const ipv4 = ipv4Settings(config["ipv4.address"]);
  const dhcp = ipv4 !== undefined && (config["ipv4.dhcp"] === undefined || truthy(config["ipv4.dhcp"]));
  const given = config["ipv4.dhcp.ranges"] ? parseRanges(config["ipv4.dhcp.ranges"]) : undefined;
  return {
    name,
    mtu: config["bridge.mtu"] ? Number(config["bridge.mtu"]) : DEFAULT_MTU,
    ipv4,
    nat: ipv4 !== undefined && (config["ipv4.nat"] === undefined || truthy(config["ipv4.nat"])),
    dhcp,
    ranges: dhcp && ipv4 ? given ?? defaultRanges(ipv4) : [],
    domain: config["dns.domain"] || DEFAULT_DOMAIN,
    ...v6Settings(config),
  };
}

function v6Settings(config: Record<string, string>): Pick<BridgeSettings, "ipv6" | "nat6" | "dhcp6" | "stateful6"> {
  const ipv6 = ipv6Settings(config["ipv6.address"]);
  const on = (k: string, dflt: boolean) => ipv6 !== undefined && (config[k] === undefined ? dflt : truthy(config[k]));
  return { ipv6, nat6: on("ipv6.nat", true), dhcp6: on("ipv6.dhcp", true), stateful6: on("ipv6.dhcp", true) && on("ipv6.dhcp.stateful", false) };
}

/** Checks the keys that depend on each other (address vs NAT vs ranges); throws naming the key. */
export function checkCrossKeys(config: Record<string, string>): void {
  const v6 = config["ipv6.address"];
  if (v6 === undefined || v6 === "none") {
    for (const k of ["ipv6.nat", "ipv6.dhcp.stateful"]) {
      if (config[k] !== undefined && truthy(config[k])) throw invalid(`config["${k}"]`, "requires ipv6.address (it is none)");
    }
  } else {
    const stateful = truthy(config["ipv6.dhcp.stateful"]);
    if (stateful && config["ipv6.dhcp"] !== undefined && !truthy(config["ipv6.dhcp"])) throw invalid('config["ipv6.dhcp.stateful"]', "requires ipv6.dhcp=true");
    const broken = ipv6GatewayProblem(v6, stateful);
    if (broken) throw invalid('config["ipv6.address"]', broken);
  }
  const ip = ipv4Settings(config["ipv4.address"]);
  if (!ip) {
    if (config["ipv4.nat"] !== undefined && truthy(config["ipv4.nat"])) throw invalid('config["ipv4.nat"]', "requires ipv4.address (it is none)");
    if (config["ipv4.dhcp.ranges"]) throw invalid('config["ipv4.dhcp.ranges"]', "requires ipv4.address (it is none)");
    return;
  }
  const ranges = config["ipv4.dhcp.ranges"] ? parseRanges(config["ipv4.dhcp.ranges"]) ?? [] : [];
  for (const [a, b] of ranges) {
    const text = `${formatIPv4(a)}-${formatIPv4(b)}`;
    if (a <= ip.network || b >= ip.broadcast) throw invalid('config["ipv4.dhcp.ranges"]', `range ${text} must be inside the host addresses of ${ip.subnet}`);
    if (a <= ip.gateway && ip.gateway <= b) throw invalid('config["ipv4.dhcp.ranges"]', `range ${text} must not contain the gateway ${formatIPv4(ip.gateway)}`);
  }
}

/** Lets the instance manager reject a static IPv4 (NIC `ipv4_address`) that this network cannot hand out. */
export function validateStaticIPv4(netConfig: Record<string, string>, ip: string, field: string): void {
  const n = parseIPv4(ip);
  if (n === undefined) throw invalid(field, "must be an IPv4 address");
  const net = ipv4Settings(netConfig["ipv4.address"]);
  if (!net) throw invalid(field, "the network has no IPv4 subnet (ipv4.address is none)");
  if (n < net.network || n > net.broadcast) throw invalid(field, `must be inside the network's subnet ${net.subnet}`);
  if (n === net.network || n === net.broadcast) throw invalid(field, `must be a host address of ${net.subnet}, not its network or broadcast address`);
  if (n === net.gateway) throw invalid(field, `must not be the network's gateway ${formatIPv4(net.gateway)}`);
}

/** The bridge's routed subnets with their gateways (for forwards and ACLs). */
export function networkSubnets(config: Record<string, string>): { subnet: Subnet; gateway: bigint }[] {
  const out: { subnet: Subnet; gateway: bigint }[] = [];
  const v4 = ipv4Settings(config["ipv4.address"]);
  if (v4) out.push({ subnet: { family: 4, first: BigInt(v4.network), last: BigInt(v4.broadcast), text: v4.subnet }, gateway: BigInt(v4.gateway) });
  const v6 = ipv6Settings(config["ipv6.address"]);
  if (v6) out.push({ subnet: { family: 6, first: v6.network, last: v6.last, text: v6.subnet }, gateway: v6.gateway });
  return out;
}
