// 802.1Q VLANs: a tagged subinterface of a parent (macvlan networks with `vlan`, bridge uplinks
// with `parent` + `vlan`) and VLAN filtering on a managed bridge's ports (NIC key `vlan`). Each
// change is a plan — the exact `ip`/`bridge` argument arrays — built by pure functions, so the
// plans can be checked against recorded expectations on a kernel without 8021q or VLAN filtering,
// where the capability check refuses the request before any of it runs.
import { alreadyExists, CorralError, invalid } from "../errors";
import { isInt } from "../config/rules";
import { requireCapability, type CapabilityName } from "../host/probe";
import { deleteLink, getLink } from "../host/ip";
import { run } from "../host/run";

/** Commands run one after another; each is an argument array (argv[0] is the tool). */
export type Plan = string[][];

export const isVlanId = isInt(1, 4094);
/** Linux interface names are at most 15 bytes. */
const IFNAMSIZ = 15;

/** The tag on interfaces Corral made for VLANs: clean-up deletes only interfaces that carry it. */
export const vlanTag = (owner: string): string => `corral:${owner}`;

/** `<parent>.<id>` as the 8021q tools name it, or a short stable name when that is too long. */
export function vlanIfName(parent: string, vid: number): string {
  const plain = `${parent}.${vid}`;
  if (plain.length <= IFNAMSIZ) return plain;
  return `${parent.slice(0, IFNAMSIZ - String(vid).length - 1)}.${vid}`;
}

/** Creates the tagged subinterface `name` of parent for VLAN vid, tagged as owner's, up. */
export function vlanLinkPlan(parent: string, vid: number, owner: string): Plan {
  const name = vlanIfName(parent, vid);
  return [
    ["ip", "link", "add", "link", parent, "name", name, "type", "vlan", "id", String(vid)],
    ["ip", "link", "set", "dev", name, "alias", vlanTag(owner)],
    ["ip", "link", "set", "dev", name, "up"],
  ];
}

/** Makes a managed bridge's uplink: parent itself, or its VLAN subinterface, as a port of bridge. */
export function bridgeUplinkPlan(bridge: string, parent: string, vid: number | undefined): Plan {
  if (vid === undefined) return [["ip", "link", "set", "dev", parent, "master", bridge, "up"]];
  return [...vlanLinkPlan(parent, vid, bridge), ["ip", "link", "set", "dev", vlanIfName(parent, vid), "master", bridge]];
}

/** Puts an instance's port on a managed bridge into one VLAN (untagged inside), filtering on. */
export function bridgePortVlanPlan(bridge: string, port: string, vid: number): Plan {
  return [
    ["ip", "link", "set", "dev", bridge, "type", "bridge", "vlan_filtering", "1"],
    ["bridge", "vlan", "del", "dev", port, "vid", "1"],
    ["bridge", "vlan", "add", "dev", port, "vid", String(vid), "pvid", "untagged"],
  ];
}

/** Runs a plan's commands in order (no shell); the first failure stops it. */
export async function runPlan(plan: Plan): Promise<void> {
  for (const [cmd, ...args] of plan) await run(cmd!, args);
}

/**
 * Runs a plan that creates the VLAN subinterface `name` (absent before: the caller checked), and
 * deletes it again when a later step fails, before its tag is on it.
 */
export async function createVlanLink(name: string, plan: Plan): Promise<void> {
  if (await getLink(name)) throw alreadyExists(`host interface ${name} (not created by Corral for this network)`);
  try {
    await runPlan(plan);
  } catch (e) {
    await deleteLink(name);
    throw e;
  }
}

/** Deletes a VLAN subinterface Corral made for owner; anything not tagged as owner's is left alone. */
export async function deleteVlanLink(parent: string, vid: number, owner: string): Promise<void> {
  const name = vlanIfName(parent, vid);
  const link = await getLink(name);
  if (link?.ifalias === vlanTag(owner)) await run("ip", ["link", "delete", "dev", name]);
}

/** What each VLAN feature needs from the kernel, as the probe names it. */
export const VLAN_CAPABILITIES = {
  subinterface: { capability: "network.vlan", feature: "802.1Q VLAN subinterfaces" },
  filtering: { capability: "bridge.vlan_filtering", feature: "VLAN filtering on bridges" },
} as const satisfies Record<string, { capability: CapabilityName; feature: string }>;

/** Refuses, naming field, when the host lacks the VLAN feature; called before anything is touched. */
export async function requireVlan(kind: keyof typeof VLAN_CAPABILITIES, field: string): Promise<void> {
  const { capability, feature } = VLAN_CAPABILITIES[kind];
  try {
    await requireCapability(capability, feature);
  } catch (e) {
    if (e instanceof CorralError) throw new CorralError(e.code, `${field}: ${e.message}`, { field, cause: e });
    throw e;
  }
}

/** The VLAN id in config[key], checked (1-4094), or undefined when unset. */
export function vlanId(config: Record<string, string>, key: string, field: string): number | undefined {
  const v = config[key];
  if (v === undefined || v === "") return undefined;
  const broken = isVlanId(v);
  if (broken) throw invalid(field, broken);
  return Number(v);
}
