// Parsers for the values network forwards and ACLs share: port lists with ranges, IP addresses
// and subnets of either family. Each throws INVALID_ARGUMENT naming
// the field and the rule it broke.
import { isIP } from "node:net";
import { invalid } from "../../errors";
import { parseCIDR, parseIPv4 } from "../../config/rules";
import type { Family, Subnet } from "../driver";
import { parseCIDR6, parseIPv6 } from "../drivers/bridge/ipv6";

/** More ports than this in one list entry's 1:1 mapping would be thousands of nft rules. */
export const MAX_MAPPED_PORTS = 1024;

/** A port or inclusive range. */
export type PortRange = [number, number];

/** "80", "8000-8010", "80,443,8000-8010" -> ranges in the order given. */
export function parsePorts(v: string, field: string): PortRange[] {
  const out: PortRange[] = [];
  for (const part of v.split(",").map((s) => s.trim())) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    const a = m ? Number(m[1]) : NaN;
    const b = m?.[2] !== undefined ? Number(m[2]) : a;
    if (!m || a < 1 || b > 65535 || a > b) throw invalid(field, `"${part}" must be a port (1-65535) or a range first-last with first <= last, in a comma-separated list such as 80,443,8000-8010`);
    out.push([a, b]);
  }
  return out;
}

export const portCount = (ranges: PortRange[]): number => ranges.reduce((n, [a, b]) => n + b - a + 1, 0);
export const expandPorts = (ranges: PortRange[]): number[] => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
export const formatPorts = (ranges: PortRange[]): string => ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");

/** A bare IP address of either family in canonical text. */
export function parseAddress(v: string, field: string): { family: Family; text: string; value: bigint } {
  if (isIP(v) === 4) return { family: 4, text: v, value: BigInt(parseIPv4(v)!) };
  const n = parseIPv6(v);
  if (n !== undefined) return { family: 6, text: v.toLowerCase(), value: n };
  throw invalid(field, `"${v}" must be an IPv4 or IPv6 address`);
}


/** An address or CIDR of either family as the range it covers. */
export function parseSubnet(v: string, field: string): Subnet {
  if (!v.includes("/")) {
    const a = parseAddress(v, field);
    return { family: a.family, first: a.value, last: a.value, text: a.text };
  }
  const c4 = parseCIDR(v);
  if (c4) return { family: 4, first: BigInt(c4.network), last: BigInt(c4.broadcast), text: v };
  const c6 = parseCIDR6(v);
  if (c6) return { family: 6, first: c6.network, last: c6.last, text: v.toLowerCase() };
  throw invalid(field, `"${v}" must be an IPv4 or IPv6 address or subnet such as 10.0.3.0/24 or fd42::/64`);
}

export const contains = (s: Subnet, a: { family: Family; value: bigint }): boolean => s.family === a.family && s.first <= a.value && a.value <= s.last;
