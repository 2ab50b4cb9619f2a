// ACLs on single NICs (as LXD's `security.acls` on a bridged NIC): the rules of the NIC's ACLs
// for frames into and out of its host-side interface (the veth or tap port on a managed bridge).
// Traffic between two ports of one bridge is never routed, so these rules live in a table of the
// `bridge` family, whose forward, input and output hooks see each port. They match the interface by
// name (the instance's stable volatile host_name), so they hold from the moment the port appears,
// whether the instance starts, stops or the agent restarts, and need rewriting only when NICs or
// ACLs change. Replies to allowed connections pass where the kernel tracks bridged connections
// (nf_conntrack_bridge, probed as nftables.bridge_conntrack); without it (as on the development
// machines) the rules are stateless. A bridge hook cannot send a reject here
// (CONFIG_NFT_BRIDGE_REJECT), so `reject` drops. ARP, IPv6 neighbour discovery and DHCP always
// pass, so a NIC keeps its address.
import { invalid } from "../../errors";
import { findCapability, probeHost } from "../../host/probe";
import { run } from "../../host/run";
import { NFT, nftApply } from "../drivers/bridge/cli";
import { attachedAcls, DEFAULT_ACTION, DEFAULT_ACTION_KEYS, ACL_KEY, type AclRecord } from "./acls";
import { aclRule, aclVerdictOrder } from "./nft";

export const NIC_TABLE = "bridge corral";
/** The NIC device keys, named as on a network. */
export const NIC_ACL_KEYS = [ACL_KEY, ...Object.values(DEFAULT_ACTION_KEYS)];

/** One NIC whose ACLs are enforced. */
export interface NicAclTarget {
  instance: string;
  device: string;
  /** Host-side interface (the bridge port). */
  hostName: string;
  /** The NIC device's keys. */
  config: Record<string, string>;
}

/** Allow returns, so the chain of the other port (an instance on the same bridge) still decides; reject cannot be sent from a bridge hook. */
const BRIDGE_VERDICT: Record<string, string> = { allow: "return", reject: "drop", drop: "drop" };

/** Frames a NIC needs to keep its link and address, whatever the ACLs say. */
const ALWAYS = [
  "icmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } return",
  "udp sport { 67, 68 } udp dport { 67, 68 } return",
  "udp sport { 546, 547 } udp dport { 546, 547 } return",
];

/** The nft script that makes the NIC ACL table exactly what `targets` need (deleted when none). */
export function nicAclScript(targets: NicAclTarget[], acls: Map<string, AclRecord>, opts: { tableExists: boolean; stateful: boolean }): string {
  const lines = opts.tableExists ? [`add table ${NIC_TABLE}`, `delete table ${NIC_TABLE}`] : [];
  if (!targets.length) return lines.length ? lines.join("\n") + "\n" : "";
  lines.push(`add table ${NIC_TABLE}`);
  const hooks = { forward: [] as string[], input: [] as string[], output: [] as string[] };
  for (const n of targets) {
    const dev = JSON.stringify(n.hostName);
    const chain = (dir: "ingress" | "egress") => `nic-${dir === "ingress" ? "in" : "out"}.${n.hostName}`;
    for (const dir of ["ingress", "egress"] as const) {
      const rules = aclVerdictOrder(attachedAcls(n.config), acls, dir).map(({ r, acl }) => aclRule(r, acl, BRIDGE_VERDICT));
      const def = BRIDGE_VERDICT[n.config[DEFAULT_ACTION_KEYS[dir]] ?? DEFAULT_ACTION];
      lines.push(`add chain ${NIC_TABLE} ${chain(dir)}`);
      const replies = opts.stateful ? ["ct state established,related return"] : [];
      for (const r of [...replies, ...ALWAYS, ...rules, `${def} comment ${JSON.stringify(`default ${dir} action of ${n.instance} ${n.device}`)}`]) lines.push(`add rule ${NIC_TABLE} ${chain(dir)} ${r}`);
    }
    // Only IP is filtered (ARP passes). Frames out of the instance: egress; into it: ingress.
    const out = `iifname ${dev} meta protocol { ip, ip6 } jump ${chain("egress")}`;
    const into = `oifname ${dev} meta protocol { ip, ip6 } jump ${chain("ingress")}`;
    hooks.forward.push(out, into);
    hooks.input.push(out);
    hooks.output.push(into);
  }
  for (const [hook, rules] of Object.entries(hooks)) {
    lines.push(`add chain ${NIC_TABLE} nic.${hook} { type filter hook ${hook} priority 0; policy accept; }`);
    for (const r of rules) lines.push(`add rule ${NIC_TABLE} nic.${hook} ${r}`);
  }
  return lines.join("\n") + "\n";
}

/** Rewrites the NIC ACL table in one transaction. */
export async function applyNicAcls(targets: NicAclTarget[], acls: Map<string, AclRecord>): Promise<void> {
  const exists = (await run(NFT, ["list", "table", ...NIC_TABLE.split(" ")], { okCodes: [0, 1] })).code === 0;
  const stateful = targets.length > 0 && findCapability(await probeHost(), "nftables.bridge_conntrack").available;
  const script = nicAclScript(targets, acls, { tableExists: exists, stateful });
  if (script) await nftApply(script);
}

/**
 * Checks a NIC's ACL keys against the ACLs that exist; `where` is `devices["eth0"]`. The instance
 * manager has checked already that the NIC is a port of a managed bridge.
 */
export function checkNicAcls(d: Record<string, string>, where: string, known: Set<string>): void {
  const names = attachedAcls(d);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length) throw invalid(`${where}["${ACL_KEY}"]`, `unknown network ACL ${missing.map((m) => `"${m}"`).join(", ")}; create it first (corral network acl create)`);
  for (const k of Object.values(DEFAULT_ACTION_KEYS)) if (d[k] !== undefined && !names.length) throw invalid(`${where}["${k}"]`, `requires ${ACL_KEY}`);
}

export const hasNicAcls = (d: Record<string, string>): boolean => NIC_ACL_KEYS.some((k) => d[k] !== undefined);

/** Devices without their NICs' ACL keys (those change live, the rest only while stopped). */
export const withoutNicAcls = (devices: Record<string, Record<string, string>>): Record<string, Record<string, string>> =>
  Object.fromEntries(Object.entries(devices).map(([k, d]) => [k, Object.fromEntries(Object.entries(d).filter(([key]) => !NIC_ACL_KEYS.includes(key)))]));
