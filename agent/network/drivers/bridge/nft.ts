// NAT and filtering for managed bridges: Corral owns exactly one nftables table (`inet corral`) and
// gives each network its own chains in it, so removing a network is deleting its chains and
// removing Corral is one `delete table`. Every change is one atomic `nft -f` transaction.
import { CommandError } from "../../../host/run";
import { nftApply, nftJson } from "./cli";
import type { BridgeSettings } from "./config";

export const NFT_FAMILY = "inet";
export const NFT_TABLE = "corral";

/** The chains one network owns (named after the network so they can be found again). */
export function networkChains(name: string): { postrouting: string; forward: string; input: string; output: string } {
  return { postrouting: `pstrt.${name}`, forward: `fwd.${name}`, input: `in.${name}`, output: `out.${name}` };
}

const ICMP_ERRORS = "{ destination-unreachable, time-exceeded, parameter-problem }";
/** Neighbour discovery and router solicitations in; advertisements out (RA and DHCPv6 come from dnsmasq). */
const ICMPV6_INPUT = "{ destination-unreachable, packet-too-big, time-exceeded, parameter-problem, nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert }";
const ICMPV6_OUTPUT = "{ destination-unreachable, packet-too-big, time-exceeded, parameter-problem, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert }";

/** The full nft script that (re)creates a network's chains; flushes first so it can be re-applied. */
export function networkScript(s: BridgeSettings): string {
  const c = networkChains(s.name);
  const t = `${NFT_FAMILY} ${NFT_TABLE}`;
  const dev = JSON.stringify(s.name);
  const q = (chain: string) => chain; // nft 1.0 accepts chain names only unquoted; names are [A-Za-z0-9_-]
  const lines = [`add table ${t}`];
  const chain = (name: string, spec: string) => lines.push(`add chain ${t} ${q(name)} { ${spec}; policy accept; }`, `flush chain ${t} ${q(name)}`);
  chain(c.postrouting, "type nat hook postrouting priority 100");
  if (s.nat && s.ipv4) lines.push(`add rule ${t} ${q(c.postrouting)} ip saddr ${s.ipv4.subnet} ip daddr != ${s.ipv4.subnet} masquerade`);
  if (s.nat6 && s.ipv6) lines.push(`add rule ${t} ${q(c.postrouting)} ip6 saddr ${s.ipv6.subnet} ip6 daddr != ${s.ipv6.subnet} masquerade`);
  chain(c.forward, "type filter hook forward priority 0");
  lines.push(`add rule ${t} ${q(c.forward)} iifname ${dev} accept`, `add rule ${t} ${q(c.forward)} oifname ${dev} accept`);
  chain(c.input, "type filter hook input priority 0");
  lines.push(
    `add rule ${t} ${q(c.input)} iifname ${dev} tcp dport 53 accept`,
    `add rule ${t} ${q(c.input)} iifname ${dev} udp dport { 53, 67 } accept`,
    `add rule ${t} ${q(c.input)} iifname ${dev} icmp type ${ICMP_ERRORS} accept`,
  );
  if (s.ipv6) lines.push(`add rule ${t} ${q(c.input)} iifname ${dev} udp dport 547 accept`, `add rule ${t} ${q(c.input)} iifname ${dev} icmpv6 type ${ICMPV6_INPUT} accept`);
  chain(c.output, "type filter hook output priority 0");
  lines.push(
    `add rule ${t} ${q(c.output)} oifname ${dev} tcp sport 53 accept`,
    `add rule ${t} ${q(c.output)} oifname ${dev} udp sport { 53, 67 } accept`,
    `add rule ${t} ${q(c.output)} oifname ${dev} icmp type ${ICMP_ERRORS} accept`,
  );
  if (s.ipv6) lines.push(`add rule ${t} ${q(c.output)} oifname ${dev} udp sport 547 accept`, `add rule ${t} ${q(c.output)} oifname ${dev} icmpv6 type ${ICMPV6_OUTPUT} accept`);
  return lines.join("\n") + "\n";
}

/** Creates or rewrites a network's chains (atomic). */
export async function applyNetworkChains(s: BridgeSettings): Promise<void> {
  await nftApply(networkScript(s));
}

/** Chain names in Corral's table, or undefined when the table does not exist. */
export async function listCorralChains(): Promise<string[] | undefined> {
  let objs: Record<string, unknown>[];
  try {
    objs = await nftJson(["list", "table", NFT_FAMILY, NFT_TABLE]);
  } catch (e) {
    if (e instanceof CommandError && /No such file or directory|does not exist/i.test(e.stderr)) return undefined;
    throw e;
  }
  return objs.flatMap((o) => {
    const ch = o.chain as { name?: string } | undefined;
    return ch?.name ? [ch.name] : [];
  });
}

/** Deletes a network's chains, and the table once no chain is left in it. Idempotent. */
export async function deleteNetworkChains(name: string): Promise<void> {
  const existing = await listCorralChains();
  if (existing === undefined) return;
  const mine = Object.values(networkChains(name)).filter((c) => existing.includes(c));
  if (mine.length) {
    const t = `${NFT_FAMILY} ${NFT_TABLE}`;
    await nftApply(mine.flatMap((c) => [`flush chain ${t} ${c}`, `delete chain ${t} ${c}`]).join("\n") + "\n");
  }
  const left = await listCorralChains();
  if (left !== undefined && left.length === 0) {
    try {
      await nftApply(`delete table ${NFT_FAMILY} ${NFT_TABLE}\n`);
    } catch (e) {
      // Another network may have added a chain meanwhile: the table is then still in use.
      if (!(e instanceof CommandError)) throw e;
    }
  }
}
