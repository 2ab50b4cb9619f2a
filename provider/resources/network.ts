// corral_network: a managed network: a bridge with DHCP/NAT (optionally with an uplink), or macvlan
// on a host interface's LAN (addresses from that LAN's DHCP).
import { attrPath, Unknown, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { parseNetworkName, validateConfig } from "../../agent/config/rules";
import { check, checkConfigMap, known, networkRules } from "./rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { Network__Output } from "../../proto/gen/types/corral/v1/Network";
import { agentBool, configKeyOf, managedMap, num, str, strMap } from "./values";
import { LEASE_KEYS, leaseAttributes, leaseConfig, leaseState, planLease, validateLease } from "./lease";

/** Terraform attribute -> agent config key. */
const KEYS: Record<string, string> = {
  ipv4_cidr: "ipv4.address",
  ipv4_nat: "ipv4.nat",
  ipv4_dhcp_range: "ipv4.dhcp.ranges",
  dns_domain: "dns.domain",
  mtu: "bridge.mtu",
  parent: "parent",
  vlan_id: "vlan",
};

function mapField(field: string) {
  const key = configKeyOf(field);
  if (!key) return field === "name" || field === "type" ? attrPath(field) : undefined;
  if (LEASE_KEYS.includes(key)) return attrPath("ttl");
  const attr = key === "mtu" ? "mtu" : Object.entries(KEYS).find(([, k]) => k === key)?.[0];
  return attr ? attrPath(attr) : attrPath("config", key);
}

/** The agent key of an attribute for a network type: `mtu` is `bridge.mtu` on a bridge and `mtu` where the type has that key. */
function keyOf(attr: string, type: string | undefined): string {
  return attr === "mtu" && !networkRules(type)["bridge.mtu"] && networkRules(type).mtu ? "mtu" : KEYS[attr]!;
}

function agentConfig(p: Obj, prior: Obj | null): Record<string, string> {
  const cfg: Record<string, string> = { ...(strMap(p.config) ?? {}), ...leaseConfig(p, prior) };
  for (const attr of Object.keys(KEYS)) {
    const v = p[attr];
    if (v === null || v === undefined || typeof v === "symbol") continue;
    cfg[keyOf(attr, str(p.type))] = String(v);
  }
  // "auto" (or unset) means "any free subnet": keep the one the network already has.
  const actual = prior ? str(prior.ipv4_address) : undefined;
  if ((cfg["ipv4.address"] === undefined || cfg["ipv4.address"] === "auto") && actual) cfg["ipv4.address"] = actual;
  const actual6 = prior ? str(prior.ipv6_address) : undefined;
  if (cfg["ipv6.address"] === "auto" && actual6) cfg["ipv6.address"] = actual6;
  return cfg;
}

function toState(n: Network__Output, prior: Obj | null): Obj {
  const c = n.config;
  const priorCidr = prior ? str(prior.ipv4_cidr) : undefined;
  return {
    id: n.name,
    name: n.name,
    type: n.type,
    description: n.description,
    ipv4_cidr: priorCidr === "auto" ? "auto" : (c["ipv4.address"] ?? null),
    ipv4_address: c["ipv4.address"] ?? null,
    ipv4_nat: agentBool(c["ipv4.nat"]) ?? null,
    ipv4_dhcp_range: prior && prior.ipv4_dhcp_range === null ? null : (c["ipv4.dhcp.ranges"] ?? null),
    dns_domain: c["dns.domain"] ?? null,
    mtu: num(c[keyOf("mtu", n.type)]) ?? null,
    parent: c.parent ?? null,
    vlan_id: num(c.vlan) ?? null,
    ipv6_address: c["ipv6.address"] && c["ipv6.address"] !== "none" ? c["ipv6.address"] : null,
    config: prior ? keepAuto(managedMap(c, prior.config), prior.config) : null,
    ...leaseState(c),
  };
}

/** config = { "ipv6.address" = "auto" } stays "auto" in state: the prefix picked is in ipv6_address. */
function keepAuto(config: Record<string, string> | null, managed: Obj["config"]): Record<string, string> | null {
  if (config && strMap(managed)?.["ipv6.address"] === "auto" && config["ipv6.address"]) config["ipv6.address"] = "auto";
  return config;
}

async function read(ctx: Context, name: string, prior: Obj | null): Promise<Obj | null> {
  const found = await unlessNotFound(ctx.client.networks.GetNetwork({ name }), `read network "${name}"`);
  return found ? toState(found, prior) : null;
}


export const networkResource: Resource = {
  typeName: "corral_network",
  schema: {
    version: 0,
    description: "A managed network: a Linux bridge with DHCP/DNS (dnsmasq) and NAT (nftables), or macvlan: instances straight on the LAN of a host interface, addressed by that LAN's DHCP.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "Network name; becomes the host interface name (1-15 characters)." },
      type: { type: "string", optional: true, computed: true, default: "bridge", requiresReplace: true, description: "bridge or macvlan." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      parent: { type: "string", optional: true, requiresReplace: true, description: "macvlan: the host interface whose LAN instances join (required). bridge: a host interface made the bridge's uplink port." },
      vlan_id: { type: "number", optional: true, requiresReplace: true, description: "VLAN id (1-4094) on parent: a tagged subinterface (needs the kernel's 802.1Q support; refused where the host lacks it)." },
      ipv4_cidr: { type: "string", optional: true, computed: true, useStateForUnknown: true, description: 'Gateway address with prefix (10.0.3.1/24), "auto" (a free private /24, kept once chosen) or "none". Unset means auto.' },
      ipv4_address: { type: "string", computed: true, useStateForUnknown: true, description: "The gateway address and prefix in use." },
      ipv6_address: { type: "string", computed: true, description: 'The IPv6 gateway address and prefix in use (set with config = { "ipv6.address" = "auto" | "fd42:1:2:3::1/64" }), or null.' },
      ipv4_nat: { type: "bool", optional: true, computed: true, useStateForUnknown: true, description: "Masquerade traffic leaving the subnet (default true)." },
      ipv4_dhcp_range: { type: "string", optional: true, description: "DHCP range first-last (default: the whole subnet)." },
      dns_domain: { type: "string", optional: true, computed: true, useStateForUnknown: true, description: 'DNS domain served by dnsmasq (default "corral").' },
      mtu: { type: "number", optional: true, computed: true, useStateForUnknown: true, description: "MTU of the bridge (default 1500), or of a macvlan network's NICs (default: the parent's)." },
      config: { type: ["map", "string"], optional: true, description: "Other agent config keys (LXD names)." },
      ...leaseAttributes("network"),
    },
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseNetworkName(config.name as string)));
    const type = known(config.type) ? config.type : undefined;
    const rules = networkRules(type);
    for (const attr of Object.keys(KEYS)) {
      const v = config[attr];
      const key = keyOf(attr, type);
      if (v === null || v === undefined || v === Unknown || (attr === "ipv4_cidr" && v === "auto")) continue;
      if (rules[key]) diags.push(...check(attrPath(attr), () => validateConfig(rules, { [key]: String(v) }, attr)));
      else if (type) diags.push({ severity: "error", summary: `Not used by ${type} networks`, detail: `${attr} does not apply to a ${type} network`, path: attrPath(attr) });
    }
    diags.push(...checkConfigMap(config.config, rules));
    diags.push(...validateLease(config, config.config));
    return diags;
  },
  async modifyPlan(_ctx, { prior, planned }) {
    planLease(prior, planned);
    return { planned };
  },
  async create(ctx, p) {
    try {
      await ctx.client.networks.CreateNetwork({ name: str(p.name)!, type: str(p.type) ?? "bridge", description: str(p.description) ?? "", config: agentConfig(p, null) });
    } catch (e) {
      throw agentError(e, `create network "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.name)!, s),
  async update(ctx, p, prior) {
    try {
      await ctx.client.networks.UpdateNetwork({ name: str(p.name)!, description: str(p.description) ?? "", config: agentConfig(p, prior) });
    } catch (e) {
      throw agentError(e, `update network "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.networks.DeleteNetwork({ name: str(s.name)! }), `delete network "${str(s.name)}"`);
  },
  async importState(_ctx, id) {
    return { name: id };
  },
};
