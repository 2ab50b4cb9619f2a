// Device blocks shared by corral_instance and corral_profile: root_disk, network_interface and
// disk, to and from the agent's LXD-style device maps.
import type { BlockSpec, Obj, Path, Value } from "../framework/types";
import { attrPath } from "../framework/types";
import type { Device__Output } from "../../proto/gen/types/corral/v1/Device";
import { str } from "./values";
import { byCodeUnit } from "../../agent/util/compare";

export const objs = (v: Value | undefined): Obj[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === "object" && !Array.isArray(x)) as Obj[]) : []);
export const first = (v: Value | undefined): Obj | undefined => objs(v)[0];

export type AgentDevices = Record<string, { properties: Record<string, string> }>;

export const DEVICE_BLOCKS: Record<string, BlockSpec> = {
  root_disk: { nesting: "list", maxItems: 1, description: "Root disk (else from profiles).", attributes: {
    pool: { type: "string", required: true, description: "Storage pool." },
    size: { type: "string", optional: true, description: "Size limit (drivers with quotas), e.g. 2GiB." },
  } },
  network_interface: { nesting: "list", description: "A NIC on a managed network, or (nictype and parent) on host networking Corral does not manage.", attributes: {
    name: { type: "string", required: true, description: "Device and interface name (eth0)." },
    network: { type: "string", optional: true, description: "Managed network (its type decides how the NIC is wired). Either network, or nictype and parent." },
    nictype: { type: "string", optional: true, description: "Without network: bridged (a port on the existing host bridge parent), macvlan (on parent's LAN) or physical (parent itself moves into the container and comes back when it stops)." },
    parent: { type: "string", optional: true, description: "Host interface of a nictype NIC. Corral never reconfigures it." },
    vlan: { type: "number", optional: true, description: "VLAN of the NIC's port on a managed bridge network (bridge VLAN filtering), untagged inside." },
    ipv4_address: { type: "string", optional: true, description: "Static IPv4 (a DHCP reservation)." },
    security_acls: { type: ["list", "string"], optional: true, description: "Network ACLs applied to traffic into and out of this NIC (on a managed bridge network), in order. Stateless where the host has no bridge conntrack: replies need rules too." },
    security_acls_default_ingress_action: { type: "string", optional: true, description: "With security_acls: what happens to traffic into the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port)." },
    security_acls_default_egress_action: { type: "string", optional: true, description: "With security_acls: what happens to traffic out of the NIC no rule matches: allow, reject or drop (default reject; reject drops on a bridge port)." },
    mac_address: { type: "string", optional: true, computed: true, useStateForUnknown: true, description: "MAC address (generated when unset)." },
  } },
  disk: { nesting: "list", description: "A custom volume (or host path) mounted inside.", attributes: {
    name: { type: "string", required: true, description: "Device name." },
    pool: { type: "string", optional: true, description: "Pool of the volume (unset: volume is a host path)." },
    volume: { type: "string", required: true, description: "Volume name, or host path without pool." },
    path: { type: "string", required: true, description: "Mount point inside the instance." },
  } },
};

/** network_interface attributes -> NIC device keys (mac_address is sent only when configured). */
const NIC_KEYS: [string, string][] = [
  ["network", "network"], ["nictype", "nictype"], ["parent", "parent"], ["vlan", "vlan"], ["ipv4_address", "ipv4.address"],
  ["security_acls_default_ingress_action", "security.acls.default.ingress.action"], ["security_acls_default_egress_action", "security.acls.default.egress.action"],
];

/** Planned device blocks -> agent devices. Only a MAC the user configured (in `cfg`) is sent. */
export function devicesToAgent(p: Obj, cfg: Obj): AgentDevices {
  const devices: AgentDevices = {};
  const root = first(p.root_disk);
  if (root) devices.root = { properties: { type: "disk", path: "/", pool: str(root.pool)!, ...(str(root.size) ? { size: str(root.size)! } : {}) } };
  const cfgNics = objs(cfg.network_interface);
  for (const [i, n] of objs(p.network_interface).entries()) {
    const props: Record<string, string> = { type: "nic" };
    for (const [attr, key] of NIC_KEYS) if (n[attr] !== null && n[attr] !== undefined && typeof n[attr] !== "symbol") props[key] = String(n[attr]);
    if (str(cfgNics[i]?.mac_address)) props.hwaddr = str(n.mac_address)!;
    const acls = Array.isArray(n.security_acls) ? n.security_acls.map((x) => str(x)!) : [];
    if (acls.length) props["security.acls"] = acls.join(",");
    devices[str(n.name)!] = { properties: props };
  }
  for (const d of objs(p.disk)) {
    devices[str(d.name)!] = { properties: { type: "disk", path: str(d.path)!, source: str(d.volume)!, ...(str(d.pool) ? { pool: str(d.pool)! } : {}) } };
  }
  return devices;
}

/** Agent devices -> device blocks, NICs in the order of `prior` (then by name). */
export function devicesFromAgent(own: Record<string, Device__Output>, expanded: Record<string, Device__Output>, prior: Obj): Obj {
  const priorNics = objs(prior.network_interface).map((n) => str(n.name));
  /** An empty list in the configuration reads back as the empty list, not null. */
  const noAcls = (name: string) => (Array.isArray(objs(prior.network_interface).find((n) => str(n.name) === name)?.security_acls) ? [] : null);
  const nicNames = Object.keys(own).filter((k) => own[k]!.properties.type === "nic")
    .sort((a, b) => (priorNics.indexOf(a) + 1 || 1e9) - (priorNics.indexOf(b) + 1 || 1e9) || byCodeUnit(a, b));
  const root = Object.entries(own).find(([, d]) => d.properties.type === "disk" && d.properties.path === "/")?.[1].properties;
  return {
    root_disk: root ? [{ pool: root.pool ?? null, size: root.size ?? null }] : [],
    network_interface: nicNames.map((name) => {
      const d = own[name]!.properties;
      return {
        name, network: d.network ?? null, nictype: d.nictype ?? null, parent: d.parent ?? null, vlan: d.vlan === undefined ? null : Number(d.vlan),
        ipv4_address: d["ipv4.address"] ?? null,
        security_acls: d["security.acls"] ? d["security.acls"].split(",").map((x) => x.trim()) : noAcls(name),
        security_acls_default_ingress_action: d["security.acls.default.ingress.action"] ?? null,
        security_acls_default_egress_action: d["security.acls.default.egress.action"] ?? null,
        mac_address: d.hwaddr ?? expanded[name]?.properties.hwaddr ?? null,
      };
    }),
    disk: Object.entries(own).filter(([, d]) => d.properties.type === "disk" && d.properties.path !== "/")
      .map(([name, d]) => ({ name, pool: d.properties.pool ?? null, volume: d.properties.source ?? null, path: d.properties.path ?? null })),
  };
}

/** Agent device field (`devices["eth0"]["ipv4.address"]`) -> attribute path in the device blocks. */
export function deviceFieldPath(field: string, p: Obj): Path | undefined {
  const dev = /^devices\["([^"]+)"\](?:\.(\w+)|\["([^"]+)"\])?/.exec(field);
  if (!dev) return undefined;
  const [, name, a, b] = dev;
  const prop = a ?? b;
  if (name === "root") return prop ? attrPath("root_disk", 0, prop === "pool" ? "pool" : "size") : attrPath("root_disk");
  const ni = objs(p.network_interface).findIndex((n) => n.name === name);
  if (ni >= 0) return attrPath("network_interface", ni, prop === "hwaddr" ? "mac_address" : prop === "security.acls" ? "security_acls" : (NIC_KEYS.find(([, k]) => k === prop)?.[0] ?? "name"));
  const di = objs(p.disk).findIndex((d) => d.name === name);
  if (di >= 0) return attrPath("disk", di, prop === "source" ? "volume" : (prop ?? "name"));
  return undefined;
}
