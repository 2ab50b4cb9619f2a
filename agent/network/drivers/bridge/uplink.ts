// A managed bridge's uplink: a host interface (`parent`), or its 802.1Q subinterface (`parent` +
// `vlan`), made a port of the bridge so instances reach that LAN. The parent is checked before
// anything is created; the VLAN subinterface is Corral's (tagged) and goes with the network.
import { alreadyExists, invalid } from "../../../errors";
import { bridgeUplinkPlan, createVlanLink, deleteVlanLink, isVlanId, requireVlan, runPlan, vlanId, vlanIfName, vlanTag } from "../../vlan";
import { getLink } from "../../../host/ip";
import { isCorrals } from "../../host-nics";
import { run } from "../../../host/run";
import type { RuleTable } from "../../../config/rules";

export const uplinkRules: RuleTable = {
  parent: { type: "string", description: "Host interface made a port of the bridge (its uplink to a LAN)" },
  vlan: { type: "integer", validate: isVlanId, description: "With parent: the bridge's uplink is parent's subinterface for this VLAN id (needs 802.1Q support)" },
};

/** Checks parent and vlan against the host (the bridge itself may already own the port). */
export async function checkUplink(bridge: string, config: Record<string, string>): Promise<void> {
  const vid = vlanId(config, "vlan", 'config["vlan"]');
  const parent = config.parent;
  if (!parent) {
    if (vid !== undefined) throw invalid('config["vlan"]', "needs parent (the interface the VLAN is on)");
    return;
  }
  const link = await getLink(parent);
  if (!link) throw invalid('config["parent"]', `host interface "${parent}" does not exist`);
  if (isCorrals(link)) throw invalid('config["parent"]', `"${parent}" is an interface Corral manages (${link.ifalias})`);
  if (link.kind === "bridge") throw invalid('config["parent"]', `"${parent}" is a bridge; an uplink must be a plain interface`);
  if (vid !== undefined) await requireVlan("subinterface", 'config["vlan"]');
  else if (link.master && link.master !== bridge) throw invalid('config["parent"]', `"${parent}" is already a port of ${link.master}`);
}

/** Makes the uplink a port of the bridge when it is not one yet (create and repair). */
export async function attachUplink(bridge: string, config: Record<string, string>): Promise<void> {
  const parent = config.parent;
  if (!parent) return;
  const vid = vlanId(config, "vlan", 'config["vlan"]');
  const port = vid === undefined ? parent : vlanIfName(parent, vid);
  const link = await getLink(port);
  if (link?.master === bridge) return;
  if (link && vid !== undefined && link.ifalias !== vlanTag(bridge)) throw alreadyExists(`host interface ${port} (not created by Corral for network ${bridge})`);
  if (link || vid === undefined) return runPlan(bridgeUplinkPlan(bridge, port, undefined));
  await requireVlan("subinterface", 'config["vlan"]');
  await createVlanLink(port, bridgeUplinkPlan(bridge, parent, vid));
}

/** Releases the uplink: the VLAN subinterface is deleted, a plain parent leaves the bridge. */
export async function detachUplink(bridge: string, config: Record<string, string>): Promise<void> {
  const parent = config.parent;
  if (!parent) return;
  const vid = vlanId(config, "vlan", 'config["vlan"]');
  if (vid !== undefined) return deleteVlanLink(parent, vid, bridge);
  if ((await getLink(parent))?.master === bridge) await run("ip", ["link", "set", "dev", parent, "nomaster"]);
}
