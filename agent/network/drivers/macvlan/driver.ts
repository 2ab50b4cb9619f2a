// macvlan networks: instances sit directly on the LAN of a host interface (`parent`), as macvlan
// interfaces in bridge mode (containers) or macvtap (VMs), so instances on one parent reach each
// other and the LAN but not the host through it. Addresses come from the LAN's own DHCP server;
// Corral runs no dnsmasq and reserves nothing. With `vlan` the parent is a tagged subinterface
// that the network creates (and tags, so only it is ever deleted).
import { invalid } from "../../../errors";
import { isInt, validateConfig, type RuleTable } from "../../../config/rules";
import { getLink } from "../../../host/ip";
import { log } from "../../../util/log";
import type { Lease, NetworkDriver, NetworkSpec, NicAttachment } from "../../driver";
import { isCorrals } from "../../host-nics";
import { createVlanLink, deleteVlanLink, isVlanId, requireVlan, vlanId, vlanIfName, vlanLinkPlan } from "../../vlan";

export const macvlanRules: RuleTable = {
  parent: { type: "string", description: "Host interface whose LAN the instances join (required)" },
  vlan: { type: "integer", validate: isVlanId, description: "VLAN id: instances join a tagged subinterface of parent (needs 802.1Q support)" },
  mtu: { type: "integer", live: true, validate: isInt(1280, 9000), description: "MTU of the instances' interfaces (default: the parent's)" },
};

export class MacvlanDriver implements NetworkDriver {
  readonly type = "macvlan";
  readonly rules = macvlanRules;

  /** parent must be an existing host interface that Corral does not manage (a managed bridge is a network of its own). */
  async normalize(_name: string, config: Record<string, string>): Promise<Record<string, string>> {
    validateConfig(this.rules, config, "config");
    const parent = config.parent;
    if (!parent) throw invalid('config["parent"]', "is required: the host interface whose LAN the instances join");
    const link = await getLink(parent);
    if (!link) throw invalid('config["parent"]', `host interface "${parent}" does not exist`);
    if (isCorrals(link)) throw invalid('config["parent"]', `"${parent}" is an interface Corral manages (${link.ifalias}); attach instances to that network instead`);
    const out: Record<string, string> = { parent };
    const vid = vlanId(config, "vlan", 'config["vlan"]');
    if (vid !== undefined) {
      await requireVlan("subinterface", 'config["vlan"]');
      out.vlan = String(vid);
    }
    if (config.mtu !== undefined) out.mtu = String(Number(config.mtu));
    return out;
  }

  /** Nothing exists on the host for a plain macvlan network; with a VLAN, its subinterface. */
  async create(net: NetworkSpec): Promise<void> {
    const vid = vlanId(net.config, "vlan", 'config["vlan"]');
    if (vid === undefined) return;
    await requireVlan("subinterface", 'config["vlan"]');
    await createVlanLink(vlanIfName(net.config.parent!, vid), vlanLinkPlan(net.config.parent!, vid, net.name));
  }

  async ensure(net: NetworkSpec): Promise<void> {
    if (!(await getLink(net.config.parent!))) log("warn", `parent ${net.config.parent} of macvlan network ${net.name} does not exist`);
    const vid = vlanId(net.config, "vlan", 'config["vlan"]');
    if (vid !== undefined && !(await getLink(vlanIfName(net.config.parent!, vid)))) await this.create(net);
  }

  /** Only the MTU can change (it applies to NICs at their next start); parent and VLAN are the network's identity. */
  async update(net: NetworkSpec, previous: NetworkSpec): Promise<void> {
    for (const key of ["parent", "vlan"]) {
      if (net.config[key] !== previous.config[key]) throw invalid(`config["${key}"]`, "cannot change on an existing macvlan network; create another network");
    }
  }

  async delete(net: NetworkSpec): Promise<void> {
    const vid = vlanId(net.config, "vlan", 'config["vlan"]');
    if (vid !== undefined) await deleteVlanLink(net.config.parent!, vid, net.name);
  }

  attachment(net: NetworkSpec): NicAttachment {
    const vid = net.config.vlan ? Number(net.config.vlan) : undefined;
    return { kind: "macvlan", link: vid ? vlanIfName(net.config.parent!, vid) : net.config.parent!, mtu: net.config.mtu ? Number(net.config.mtu) : undefined };
  }

  validateStaticAddress(_net: NetworkSpec, _ip: string, field: string): void {
    throw invalid(field, "a macvlan network's addresses come from the LAN's DHCP server; Corral cannot reserve one (configure it there, or inside the instance)");
  }

  /** The LAN's DHCP server hands out addresses: there is nothing to reserve or release here. */
  async setStaticLeases(): Promise<void> {}

  async leases(): Promise<Lease[]> {
    return [];
  }

  async releaseLease(): Promise<void> {}

  async detach(): Promise<void> {}
}

export const macvlanDriver = new MacvlanDriver();
