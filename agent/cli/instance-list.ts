// How `corral list` presents instances: the JSON objects scripts read and the lxc-style table.
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";
import type { Device__Output } from "../../proto/gen/types/corral/v1/Device";
import type { NetworkAddress__Output } from "../../proto/gen/types/corral/v1/NetworkAddress";
import { renderList, type Format } from "./render";
import { byCodeUnit } from "../util/compare";
import { LEASE_EXPIRES_AT } from "../leases/keys";

/** What a listing reads of an Instance: the full CLI's decoded Instance__Output, or list-wire.ts's. */
export type ListedInstance = Pick<Instance__Output, "name" | "type" | "status" | "description" | "image" | "ephemeral" | "location" | "profiles" | "config" | "created_at"> & {
  devices: Record<string, Pick<Device__Output, "properties">>;
  state: { pid: number; network: Record<string, { addresses: Pick<NetworkAddress__Output, "family" | "address" | "scope">[] }> } | null;
};

/** One instance as `corral list --format json` prints it. */
export interface InstanceListEntry {
  name: string;
  type: string;
  status: string;
  description: string;
  image: string;
  ephemeral: boolean;
  location: string;
  profiles: string[];
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  created_at: string;
  pid: number;
  ipv4_addresses: string[];
  ipv6_addresses: string[];
}

export interface InstanceAddress {
  family: "inet" | "inet6";
  address: string;
  iface: string;
}

/** Global addresses of an instance (not loopback, not link-local), in interface-name order. */
export function instanceAddresses(inst: Pick<ListedInstance, "state">): InstanceAddress[] {
  const net = inst.state?.network ?? {};
  const out: InstanceAddress[] = [];
  for (const iface of Object.keys(net).sort()) {
    if (iface === "lo") continue;
    for (const a of net[iface]?.addresses ?? []) {
      if (a.scope !== "global") continue;
      if (a.family !== "inet" && a.family !== "inet6") continue;
      out.push({ family: a.family, address: a.address, iface });
    }
  }
  return out;
}

function plainDevices(devs: ListedInstance["devices"] | undefined): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, d] of Object.entries(devs ?? {})) out[name] = { ...(d?.properties ?? {}) };
  return out;
}

/** The JSON/YAML object for one instance. */
export function instanceListEntry(inst: ListedInstance): InstanceListEntry {
  const addrs = instanceAddresses(inst);
  return {
    name: inst.name,
    type: inst.type,
    status: inst.status,
    description: inst.description ?? "",
    image: inst.image ?? "",
    ephemeral: !!inst.ephemeral,
    location: inst.location ?? "",
    profiles: [...(inst.profiles ?? [])],
    config: { ...(inst.config ?? {}) },
    devices: plainDevices(inst.devices),
    created_at: inst.created_at ?? "",
    pid: inst.state?.pid ?? 0,
    ipv4_addresses: addrs.filter((a) => a.family === "inet").map((a) => a.address),
    ipv6_addresses: addrs.filter((a) => a.family === "inet6").map((a) => a.address),
  };
}

export const INSTANCE_LIST_HEADERS = ["NAME", "STATE", "IPV4", "IPV6", "TYPE", "LOCATION", "LEASE"];

/** One table/CSV row (LEASE: when the lease ends): addresses as "10.0.3.5 (eth0)" lines, type upper-case as lxc shows it. */
export function instanceListRow(inst: ListedInstance): string[] {
  const addrs = instanceAddresses(inst);
  const fmt = (fam: string) => addrs.filter((a) => a.family === fam).map((a) => `${a.address} (${a.iface})`).join("\n");
  const type = (inst.type || "container").toUpperCase() + (inst.ephemeral ? " (EPHEMERAL)" : "");
  return [inst.name, (inst.status || "").toUpperCase(), fmt("inet"), fmt("inet6"), type, inst.location ?? "", inst.config?.[LEASE_EXPIRES_AT] ?? ""];
}

/** The whole output of `corral list` in the chosen format, sorted by name. */
export function formatInstanceList(instances: ListedInstance[], format: Format): string {
  const sorted = [...instances].sort((a, b) => byCodeUnit(a.name, b.name));
  return renderList(format, sorted, INSTANCE_LIST_HEADERS, instanceListRow, instanceListEntry);
}
