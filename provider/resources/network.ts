// corral_network: a managed network (bridge with DHCP/NAT now; macvlan and vlan when the agent has them).
import { attrPath, Unknown, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { parseNetworkName, validateConfig } from "../../agent/config/rules";
import { check, checkConfigMap, known, networkRules } from "./rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { Network__Output } from "../../proto/gen/types/corral/v1/Network";
import { agentBool, configKeyOf, managedMap, num, str, strMap } from "./values";

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
  const attr = Object.entries(KEYS).find(([, k]) => k === key)?.[0];
  return attr ? attrPath(attr) : attrPath("config", key);
}

function agentConfig(p: Obj, prior: Obj | null): Record<string, string> {
  const cfg: Record<string, string> = { ...(strMap(p.config) ?? {}) };
  for (const [attr, key] of Object.entries(KEYS)) {
    const v = p[attr];
    if (v === null || v === undefined || typeof v === "symbol") continue;
    cfg[key] = String(v);
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
    mtu: num(c["bridge.mtu"]) ?? null,
    parent: prior ? (prior.parent ?? null) : (c.parent ?? null),
    vlan_id: prior ? (prior.vlan_id ?? null) : (num(c.vlan) ?? null),
    ipv6_address: c["ipv6.address"] && c["ipv6.address"] !== "none" ? c["ipv6.address"] : null,
    config: prior ? keepAuto(managedMap(c, prior.config), prior.config) : null,
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
    description: "A managed network: a Linux bridge with DHCP/DNS (dnsmasq) and NAT (nftables).",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "Network name; becomes the host interface name (1-15 characters)." },
      type: { type: "string", optional: true, computed: true, default: "bridge", requiresReplace: true, description: "bridge (macvlan and vlan are planned)." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      parent: { type: "string", optional: true, requiresReplace: true, description: "Host interface for macvlan/vlan networks." },
      vlan_id: { type: "number", optional: true, requiresReplace: true, description: "VLAN id for vlan networks." },
      ipv4_cidr: { type: "string", optional: true, computed: true, useStateForUnknown: true, description: 'Gateway address with prefix (10.0.3.1/24), "auto" (a free private /24, kept once chosen) or "none". Unset means auto.' },
      ipv4_address: { type: "string", computed: true, useStateForUnknown: true, description: "The gateway address and prefix in use." },
      ipv6_address: { type: "string", computed: true, description: 'The IPv6 gateway address and prefix in use (set with config = { "ipv6.address" = "auto" | "fd42:1:2:3::1/64" }), or null.' },
      ipv4_nat: { type: "bool", optional: true, computed: true, useStateForUnknown: true, description: "Masquerade traffic leaving the subnet (default true)." },
      ipv4_dhcp_range: { type: "string", optional: true, description: "DHCP range first-last (default: the whole subnet)." },
      dns_domain: { type: "string", optional: true, computed: true, useStateForUnknown: true, description: 'DNS domain served by dnsmasq (default "corral").' },
      mtu: { type: "number", optional: true, computed: true, useStateForUnknown: true, description: "Bridge MTU (default 1500)." },
      config: { type: ["map", "string"], optional: true, description: "Other agent config keys (LXD names)." },
    },
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseNetworkName(config.name as string)));
    for (const [attr, key] of Object.entries(KEYS)) {
      const v = config[attr];
      if (v === null || v === undefined || v === Unknown || (attr === "ipv4_cidr" && v === "auto")) continue;
      if (networkRules()[key]) diags.push(...check(attrPath(attr), () => validateConfig(networkRules(), { [key]: String(v) }, attr)));
    }
    diags.push(...checkConfigMap(config.config, networkRules()));
    return diags;
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
