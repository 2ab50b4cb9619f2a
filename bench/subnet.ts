// Picks a /24 for a peer's bridge that no address or route in the host namespace overlaps.
import { run } from "../agent/host/run";

const toInt = (ip: string): number => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);

/** A free `10.231.X.1/24` gateway CIDR; why: peers need a fixed subnet (they cannot pick one here). */
export async function freeSubnet(exclude: string[] = []): Promise<string> {
  const used: [number, number][] = [];
  const add = (cidr: string) => {
    const [ip, len] = cidr.split("/");
    if (!ip || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return;
    const bits = len === undefined ? 32 : Number(len);
    const size = 2 ** (32 - bits);
    const start = Math.floor(toInt(ip) / size) * size;
    used.push([start, start + size - 1]);
  };
  const addrs = JSON.parse((await run("ip", ["-j", "-4", "addr"])).stdout || "[]") as { addr_info?: { local: string; prefixlen: number }[] }[];
  for (const l of addrs) for (const a of l.addr_info ?? []) add(`${a.local}/${a.prefixlen}`);
  const routes = JSON.parse((await run("ip", ["-j", "-4", "route", "show", "table", "all"])).stdout || "[]") as { dst?: string }[];
  for (const r of routes) if (r.dst && r.dst !== "default") add(r.dst);
  for (const c of exclude) add(c);
  const offset = Math.floor(Math.random() * 150);
  for (let i = 0; i < 150; i++) {
    const x = 64 + ((offset + i) % 150);
    const lo = toInt(`10.231.${x}.0`);
    if (!used.some(([a, b]) => a <= lo + 255 && lo <= b)) return `10.231.${x}.1/24`;
  }
  throw new Error("no free /24 in 10.231.64.0/18 for the peer's bridge");
}
