// NICs on host networking that Corral does not manage (no `network`): `nictype = bridged` on an
// existing host bridge, `macvlan` on a host interface, `physical` (the interface itself moves into
// the instance). Each is checked against the host before anything is created; Corral only adds
// and removes its own ports and never reconfigures a bridge or interface it did not create.
import { invalid } from "../errors";
import { getLink, type LinkInfo } from "../host/ip";
import type { NicKind } from "../instances/driver";
import type { NicAttachment } from "./driver";

export const HOST_NIC_TYPES: readonly NicKind[] = ["bridged", "macvlan", "physical"];

/** Whether a host interface is Corral's own (a managed bridge, a VLAN subinterface): they carry a `corral:` alias. */
export const isCorrals = (link: LinkInfo): boolean => /^corral:/.test(link.ifalias ?? "");

/**
 * The attachment of a host NIC `d` (device `where`), after checking its parent on this host.
 * `ownedPhysical`: the parent is this instance's physical NIC, moved inside while it runs, so
 * its absence from the host is expected.
 */
export async function hostNicAttachment(d: Record<string, string>, where: string, ownedPhysical = false): Promise<NicAttachment> {
  const kind = d.nictype as NicKind;
  const parent = d.parent;
  if (!parent) throw invalid(`${where}.parent`, `is required for nictype=${kind} (the host interface to use)`);
  if (kind === "physical") {
    // The interface is the host's: it comes back exactly as it went in.
    for (const key of ["hwaddr", "mtu"]) if (d[key] !== undefined) throw invalid(`${where}.${key}`, "cannot be set on a physical NIC: it keeps the host interface's own settings");
  }
  const mtu = d.mtu ? Number(d.mtu) : undefined;
  const link = await getLink(parent);
  if (!link) {
    if (kind === "physical" && ownedPhysical) return { kind, link: parent, mtu };
    throw invalid(`${where}.parent`, `host interface "${parent}" does not exist`);
  }
  if (isCorrals(link)) {
    throw invalid(`${where}.parent`, `"${parent}" is an interface Corral manages (${link.ifalias}); use network = the managed network instead`);
  }
  switch (kind) {
    case "bridged":
      if (link.kind !== "bridge") throw invalid(`${where}.parent`, `"${parent}" is not a bridge (it is ${link.kind ? `a ${link.kind}` : "a plain interface"}); nictype=bridged needs an existing host bridge`);
      break;
    case "physical":
      if (link.kind === "bridge") throw invalid(`${where}.parent`, `"${parent}" is a bridge; a physical NIC must be a plain host interface (use nictype=bridged)`);
      if (link.master) throw invalid(`${where}.parent`, `"${parent}" is a port of ${link.master}; taking it would change that bridge`);
      break;
    case "macvlan":
      break;
    default: {
      const never: never = kind;
      throw invalid(`${where}.nictype`, `must be one of ${HOST_NIC_TYPES.join(", ")} (got ${String(never)})`);
    }
  }
  // A port on a host bridge takes the bridge's MTU unless the NIC sets its own (a macvlan inherits its parent's).
  return { kind, link: parent, mtu: mtu ?? (kind === "bridged" ? link.mtu : undefined) };
}
