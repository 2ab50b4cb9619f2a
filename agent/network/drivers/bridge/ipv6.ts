// IPv6 on a managed bridge: the prefix arithmetic (BigInt, no string games), the ULA picked by
// `ipv6.address=auto`, and the host's own IPv6 prefixes that a new network must not overlap.
import { randomBytes } from "node:crypto";
import { isIPv6 } from "node:net";
import { ipJson } from "../../../host/ip";

const BITS = 128n;
const ALL = (1n << BITS) - 1n;
/** dnsmasq hands out DHCPv6 ranges only inside a /64 or longer; SLAAC needs exactly /64. */
export const SLAAC_PREFIX = 64;
const MAX_STATEFUL_PREFIX = 120;

export interface IPv6Settings {
  /** Gateway address with prefix as configured, fd42:1:2:3::1/64. */
  cidr: string;
  gateway: bigint;
  prefix: number;
  network: bigint;
  last: bigint;
  /** The subnet in canonical text, fd42:1:2:3::/64. */
  subnet: string;
}

/** "fd42::1" -> 128-bit number; undefined when not an IPv6 address (zones and embedded IPv4 refused). */
export function parseIPv6(v: string): bigint | undefined {
  if (!isIPv6(v) || v.includes("%") || v.includes(".")) return undefined;
  const [head, tail] = v.includes("::") ? v.split("::") : [v, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** 128-bit number -> RFC 5952 text (lower case, longest zero run as ::). */
export function formatIPv6(n: bigint): string {
  const g = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

/** "fd42::1/64" -> numbers; undefined when malformed. */
export function parseCIDR6(v: string): { address: bigint; prefix: number; network: bigint; last: bigint } | undefined {
  const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(v);
  if (!m) return undefined;
  const address = parseIPv6(m[1]!);
  const prefix = Number(m[2]);
  if (address === undefined || prefix > 128) return undefined;
  const hostMask = (1n << (BITS - BigInt(prefix))) - 1n;
  const network = address & (ALL ^ hostMask);
  return { address, prefix, network, last: network | hostMask };
}

/** Parses a normalized `ipv6.address` (undefined for none/auto). */
export function ipv6Settings(v: string | undefined): IPv6Settings | undefined {
  if (v === undefined || v === "none" || v === "auto") return undefined;
  const c = parseCIDR6(v);
  if (!c) return undefined;
  return { cidr: `${formatIPv6(c.address)}/${c.prefix}`, gateway: c.address, prefix: c.prefix, network: c.network, last: c.last, subnet: `${formatIPv6(c.network)}/${c.prefix}` };
}

/** Why `v` cannot be a bridge's IPv6 gateway (stateful: DHCPv6 hands out the addresses, so longer prefixes work). */
export function ipv6GatewayProblem(v: string, stateful: boolean): string | undefined {
  if (v === "auto" || v === "none") return undefined;
  const c = parseCIDR6(v);
  if (!c) return "must be auto, none, or a gateway address with prefix such as fd42:1:2:3::1/64";
  if (c.address === c.network) return `must be a host address, not the subnet address ${formatIPv6(c.network)}`;
  if (!stateful && c.prefix !== SLAAC_PREFIX) return `prefix must be /${SLAAC_PREFIX} for SLAAC (ipv6.dhcp.stateful=false); use /64 or enable ipv6.dhcp.stateful`;
  if (c.prefix < SLAAC_PREFIX || c.prefix > MAX_STATEFUL_PREFIX) return `prefix must be between /${SLAAC_PREFIX} and /${MAX_STATEFUL_PREFIX}`;
  if ((c.address >> 120n) === 0xffn) return "must not be a multicast address";
  if ((c.address >> 118n) === 0x3fan) return "must not be a link-local address (fe80::/10)";
  return undefined;
}

/** A random ULA /64 in fd42::/16 (gateway ::1) that overlaps none of `taken`, or undefined after a bounded search. */
export function pickULA(taken: { network: bigint; last: bigint }[], random: () => Buffer = () => randomBytes(6)): string | undefined {
  for (let i = 0; i < 64; i++) {
    const r = random();
    const network = (0xfd42n << 112n) | (BigInt(`0x${r.toString("hex")}`) << 64n);
    const cand = { network, last: network | ((1n << 64n) - 1n) };
    if (!taken.some((t) => overlaps6(t, cand))) return `${formatIPv6(network | 1n)}/64`;
  }
  return undefined;
}

export const overlaps6 = (a: { network: bigint; last: bigint }, b: { network: bigint; last: bigint }) => a.network <= b.last && b.network <= a.last;

/** Global IPv6 prefixes on the host's interfaces other than `self` (link-local and loopback left out). */
export async function usedIPv6Subnets(self: string): Promise<{ name: string; network: bigint; last: bigint; cidr: string }[]> {
  const rows = await ipJson<{ ifname: string; addr_info?: { family: string; local: string; prefixlen: number; scope: string }[] }>(["-6", "addr", "show"]);
  return rows.filter((r) => r.ifname !== self).flatMap((r) =>
    (r.addr_info ?? []).filter((a) => a.family === "inet6" && a.scope === "global").flatMap((a) => {
      const s = ipv6Settings(`${a.local}/${a.prefixlen}`);
      return s ? [{ name: r.ifname, network: s.network, last: s.last, cidr: s.subnet }] : [];
    }),
  );
}

/** A device's global IPv6 addresses as `addr/prefix` (canonical text). */
export async function ipv6Addresses(dev: string): Promise<string[]> {
  const rows = await ipJson<{ addr_info?: { family: string; local: string; prefixlen: number; scope: string }[] }>(["-6", "addr", "show", "dev", dev]);
  return rows.flatMap((r) => (r.addr_info ?? []).filter((a) => a.family === "inet6" && a.scope === "global").map((a) => ipv6Settings(`${a.local}/${a.prefixlen}`)!.cidr));
}
