// Thin iproute2 helpers. Everything is read through `ip -j` (JSON) so no text parsing breaks when
// iproute2 changes its human output; every change is one `ip` invocation with an argument array.
import { CommandError, run } from "./run";
import { parseCIDR, formatIPv4 } from "../config/rules";

export interface LinkInfo {
  ifname: string;
  mtu: number;
  operstate: string;
  flags: string[];
  /** Interface alias (`ip link set dev X alias Y`): Corral tags what it owns with `corral:<name>`. */
  ifalias?: string;
  /** Link kind from `ip -d` (bridge, veth, dummy, ...), when there is one. */
  kind?: string;
  master?: string;
  address?: string;
}

export interface UsedSubnet {
  /** Normalized network CIDR, e.g. 10.0.3.0/24 (a host route is a /32). */
  cidr: string;
  dev?: string;
  source: "route" | "address";
}

/** Runs `ip -j ARGS` and parses the JSON (empty output is an empty list). */
export async function ipJson<T>(args: string[]): Promise<T[]> {
  const res = await run("ip", ["-j", ...args]);
  const text = res.stdout.trim();
  if (!text) return [];
  return JSON.parse(text) as T[];
}

const isMissingDevice = (e: unknown): boolean =>
  e instanceof CommandError && /does not exist|Cannot find device/i.test(e.stderr);

/** Reads one link (undefined when absent) so callers can check tags before touching it. */
export async function getLink(name: string): Promise<LinkInfo | undefined> {
  try {
    const links = await ipJson<{
      ifname: string; mtu: number; operstate: string; flags?: string[]; ifalias?: string;
      linkinfo?: { info_kind?: string }; master?: string; address?: string;
    }>(["-d", "link", "show", "dev", name]);
    const l = links[0];
    if (!l) return undefined;
    return {
      ifname: l.ifname, mtu: l.mtu, operstate: l.operstate, flags: l.flags ?? [], ifalias: l.ifalias,
      kind: l.linkinfo?.info_kind, master: l.master, address: l.address,
    };
  } catch (e) {
    if (isMissingDevice(e)) return undefined;
    throw e;
  }
}

/** Creates a Linux bridge (STP off, the default) — the host side of a managed network. */
export async function addBridge(name: string): Promise<void> {
  await run("ip", ["link", "add", "dev", name, "type", "bridge"]);
}

/** Tags an interface so clean-up can prove it created it. */
export async function setLinkAlias(name: string, alias: string): Promise<void> {
  await run("ip", ["link", "set", "dev", name, "alias", alias]);
}

export async function setLinkMtu(name: string, mtu: number): Promise<void> {
  await run("ip", ["link", "set", "dev", name, "mtu", String(mtu)]);
}

export async function setLinkUp(name: string): Promise<void> {
  await run("ip", ["link", "set", "dev", name, "up"]);
}

/** Creates a veth pair with its host end up on `bridge` and tagged, in one `ip` process. A
 * leftover holding the host name (a crash between creating and starting) is deleted and the pair
 * made again; a half-made pair is deleted before the error is thrown. */
export async function addVethPair(host: string, peer: string, opts: { bridge: string; hwaddr: string; mtu?: number; alias: string }): Promise<void> {
  const mtu = opts.mtu ? ` mtu ${opts.mtu}` : "";
  const input = `link add dev ${host} master ${opts.bridge} up${mtu} type veth peer name ${peer}${mtu} address ${opts.hwaddr}\nlink set dev ${host} alias ${opts.alias}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      await run("ip", ["-batch", "-"], { input });
      return;
    } catch (e) {
      await deleteLink(host);
      if (attempt > 0 || !(e instanceof CommandError && /File exists/.test(e.stderr))) throw e;
    }
  }
}

/** Deletes an interface; a missing one is fine (idempotent clean-up). */
export async function deleteLink(name: string): Promise<void> {
  try {
    await run("ip", ["link", "delete", "dev", name]);
  } catch (e) {
    if (!isMissingDevice(e)) throw e;
  }
}

/** IPv4 addresses of dev as `a.b.c.d/prefix`. */
export async function ipv4Addresses(dev: string): Promise<string[]> {
  try {
    const rows = await ipJson<{ addr_info?: { family: string; local: string; prefixlen: number }[] }>(["-4", "addr", "show", "dev", dev]);
    return rows.flatMap((r) => (r.addr_info ?? []).filter((a) => a.family === "inet").map((a) => `${a.local}/${a.prefixlen}`));
  } catch (e) {
    if (isMissingDevice(e)) return [];
    throw e;
  }
}

export async function addAddress(dev: string, cidr: string): Promise<void> {
  await run("ip", ["addr", "add", cidr, "dev", dev]);
}

/** Removes one address; an already-absent address is fine. */
export async function deleteAddress(dev: string, cidr: string): Promise<void> {
  try {
    await run("ip", ["addr", "del", cidr, "dev", dev]);
  } catch (e) {
    if (e instanceof CommandError && /Cannot assign requested address|does not exist/i.test(e.stderr)) return;
    throw e;
  }
}

/** Every IPv4 subnet the host already uses (routes in all tables and interface addresses), so a new network avoids them. */
export async function usedIPv4Subnets(): Promise<UsedSubnet[]> {
  const out: UsedSubnet[] = [];
  const routes = await ipJson<{ dst: string; dev?: string; type?: string }>(["-4", "route", "show", "table", "all"]);
  for (const r of routes) {
    if (!r.dst || r.dst === "default") continue;
    if (r.type === "broadcast") continue; // implied by the address below
    const cidr = normalizeCidr(r.dst.includes("/") ? r.dst : `${r.dst}/32`);
    if (cidr) out.push({ cidr, dev: r.dev, source: "route" });
  }
  const addrs = await ipJson<{ ifname: string; addr_info?: { family: string; local: string; prefixlen: number }[] }>(["-4", "addr", "show"]);
  for (const a of addrs) {
    for (const info of a.addr_info ?? []) {
      if (info.family !== "inet") continue;
      const cidr = normalizeCidr(`${info.local}/${info.prefixlen}`);
      if (cidr) out.push({ cidr, dev: a.ifname, source: "address" });
    }
  }
  return out;
}

/** "10.0.3.7/24" -> "10.0.3.0/24"; undefined when malformed. */
export function normalizeCidr(v: string): string | undefined {
  const c = parseCIDR(v);
  return c ? `${formatIPv4(c.network)}/${c.prefix}` : undefined;
}

/** Creates a macvlan (or, for VMs, macvtap) in bridge mode on parent, tagged, with the instance's
 * MAC; a leftover holding the name is replaced, a half-made one deleted before the error is thrown. */
export async function addMacvlan(name: string, parent: string, opts: { type: "macvlan" | "macvtap"; hwaddr: string; mtu?: number; alias: string; up?: boolean }): Promise<void> {
  const mtu = opts.mtu ? ` mtu ${opts.mtu}` : "";
  const input = `link add link ${parent} name ${name} address ${opts.hwaddr}${mtu} type ${opts.type} mode bridge\nlink set dev ${name} alias ${opts.alias}${opts.up ? " up" : ""}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      await run("ip", ["-batch", "-"], { input });
      return;
    } catch (e) {
      await deleteLink(name);
      if (attempt > 0 || !(e instanceof CommandError && /File exists/.test(e.stderr))) throw e;
    }
  }
}
