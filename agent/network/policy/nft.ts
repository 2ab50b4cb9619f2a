// Forwards and ACLs in Corral's own nftables table (`inet corral`, shared with the bridges' chains).
// Every change rebuilds all of these chains from the store in one atomic `nft -f` transaction, so
// the rules always equal the stored state (after an agent restart too), and chains nothing needs
// any more are deleted with them.
import { nftApply } from "../drivers/bridge/cli";
import { listCorralChains, NFT_FAMILY, NFT_TABLE } from "../drivers/bridge/nft";
import { attachedAcls, DEFAULT_ACTION, DEFAULT_ACTION_KEYS, type AclRecord, type AclRule } from "./acls";
import { portMappings, type ForwardRecord } from "./forwards";
import { parseSubnet } from "./values";

const T = `${NFT_FAMILY} ${NFT_TABLE}`;
/** The chains this module owns (the bridges' own are `pstrt.`, `fwd.`, `in.`, `out.` + name). */
export const FORWARD_CHAINS = { pre: "forwards.pre", out: "forwards.out", post: "forwards.post" };
export const aclChains = (network: string) => ({ base: `acl.${network}`, ingress: `acl-in.${network}`, egress: `acl-out.${network}` });
const isPolicyChain = (c: string) => c.startsWith("forwards.") || /^acl(-in|-out)?\./.test(c);

interface Chain {
  name: string;
  /** Base chain hook spec; undefined for a regular chain (jumped to). */
  hook?: string;
  rules: string[];
}

const fam = (addr: string) => (addr.includes(":") ? "ip6" : "ip");
const hostPort = (addr: string, port?: number) => (port === undefined ? addr : addr.includes(":") ? `[${addr}]:${port}` : `${addr}:${port}`);
const set = (items: string[]) => (items.length === 1 ? items[0]! : `{ ${items.join(", ")} }`);
const comment = (text: string) => `comment ${JSON.stringify(text.slice(0, 120))}`;

/** DNAT for traffic arriving from outside (prerouting) and from the host itself (output); masquerade for hairpin traffic. */
export function forwardChains(forwards: ForwardRecord[]): Chain[] {
  if (!forwards.length) return [];
  const pre: string[] = [];
  const post: string[] = [];
  for (const f of forwards) {
    const ip = fam(f.listen_address);
    const c = comment(`forward ${f.network} ${f.listen_address}`);
    for (const p of f.ports) {
      for (const m of portMappings(p)) {
        pre.push(`${ip} daddr ${f.listen_address} ${p.protocol} dport ${set(m.listen.split(","))} dnat ${ip} to ${hostPort(p.target_address, m.to)} ${c}`);
      }
      const tports = p.target_port || p.listen_port;
      post.push(`${ip} saddr ${p.target_address} ${ip} daddr ${p.target_address} ${p.protocol} dport ${set(tports.split(","))} masquerade ${c}`);
    }
    if (f.target_address) {
      pre.push(`${ip} daddr ${f.listen_address} dnat ${ip} to ${f.target_address} ${c}`);
      post.push(`${ip} saddr ${f.target_address} ${ip} daddr ${f.target_address} masquerade ${c}`);
    }
  }
  return [
    { name: FORWARD_CHAINS.pre, hook: "type nat hook prerouting priority -100", rules: pre },
    { name: FORWARD_CHAINS.out, hook: "type nat hook output priority -100", rules: pre },
    { name: FORWARD_CHAINS.post, hook: "type nat hook postrouting priority 100", rules: post },
  ];
}

const VERDICT: Record<string, string> = { allow: "accept", reject: "reject", drop: "drop" };
/** LXD's order: drop rules first, then reject, then allow, then the default action. */
const ORDER = ["drop", "reject", "allow"];

/** One ACL rule as an nft rule (addresses of one family, validated before). */
export function aclRule(r: AclRule, acl: string, verdicts = VERDICT): string {
  const parts: string[] = [];
  const addrs = [...r.source.split(","), ...r.destination.split(",")].filter(Boolean);
  const ip = addrs.length ? (parseSubnet(addrs[0]!, "").family === 6 ? "ip6" : "ip") : undefined;
  if (r.source) parts.push(`${ip} saddr ${set(r.source.split(","))}`);
  if (r.destination) parts.push(`${ip} daddr ${set(r.destination.split(","))}`);
  if (r.protocol === "tcp" || r.protocol === "udp") parts.push(r.destination_port ? `${r.protocol} dport ${set(r.destination_port.split(","))}` : `meta l4proto ${r.protocol}`);
  else if (r.protocol === "icmp4") parts.push("meta l4proto icmp");
  else if (r.protocol === "icmp6") parts.push("meta l4proto ipv6-icmp");
  parts.push(verdicts[r.action]!, comment(`acl ${acl}`));
  return parts.join(" ");
}

/** The enabled rules of the named ACLs for one direction, in evaluation order. */
export function aclVerdictOrder(names: string[], acls: Map<string, AclRecord>, dir: "ingress" | "egress"): { r: AclRule; acl: string }[] {
  const all = names.flatMap((n) => (acls.get(n)?.[dir] ?? []).filter((r) => r.state === "enabled").map((r) => ({ r, acl: n })));
  return ORDER.flatMap((action) => all.filter((x) => x.r.action === action));
}

/**
 * Routed traffic into (ingress) and out of (egress) a network's bridge goes through the rules of
 * its ACLs; replies to allowed connections pass. Runs before the bridge's own forward chain
 * (priority -10 < 0): its drop and reject are final, its accept lets the bridge's chain decide.
 */
export function aclChainsFor(network: { name: string; hostInterface: string; config: Record<string, string> }, acls: Map<string, AclRecord>): Chain[] {
  const names = attachedAcls(network.config);
  if (!names.length) return [];
  const c = aclChains(network.name);
  const dev = JSON.stringify(network.hostInterface);
  const rules = (dir: "ingress" | "egress") => {
    const out = aclVerdictOrder(names, acls, dir).map((x) => aclRule(x.r, x.acl));
    out.push(`${VERDICT[network.config[DEFAULT_ACTION_KEYS[dir]] ?? DEFAULT_ACTION]} ${comment(`default ${dir} action of ${network.name}`)}`);
    return out;
  };
  return [
    { name: c.base, hook: "type filter hook forward priority -10", rules: ["ct state established,related accept", `oifname ${dev} jump ${c.ingress}`, `iifname ${dev} jump ${c.egress}`] },
    { name: c.ingress, rules: rules("ingress") },
    { name: c.egress, rules: rules("egress") },
  ];
}

/** Makes the policy chains in the table exactly `chains`: one transaction; the table goes when nothing is left in it. */
export async function replacePolicyChains(chains: Chain[]): Promise<void> {
  const existing = (await listCorralChains()) ?? [];
  const stale = existing.filter((c) => isPolicyChain(c) && !chains.some((w) => w.name === c));
  if (!chains.length && !stale.length) return;
  const lines = [`add table ${T}`];
  // Regular chains first: base chains jump to them. Flush everything before deleting anything.
  const ordered = [...chains.filter((c) => !c.hook), ...chains.filter((c) => c.hook)];
  for (const ch of ordered) lines.push(ch.hook ? `add chain ${T} ${ch.name} { ${ch.hook}; policy accept; }` : `add chain ${T} ${ch.name}`, `flush chain ${T} ${ch.name}`);
  for (const s of stale) lines.push(`flush chain ${T} ${s}`);
  for (const ch of ordered) for (const r of ch.rules) lines.push(`add rule ${T} ${ch.name} ${r}`);
  for (const s of [...stale.filter((c) => !c.startsWith("acl-")), ...stale.filter((c) => c.startsWith("acl-"))]) lines.push(`delete chain ${T} ${s}`);
  await nftApply(lines.join("\n") + "\n");
  const left = await listCorralChains();
  if (left !== undefined && left.length === 0) await nftApply(`delete table ${T}\n`).catch(() => undefined);
}

