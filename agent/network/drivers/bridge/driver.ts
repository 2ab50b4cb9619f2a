// The managed `bridge` network driver: a Linux bridge named after the network (tagged with the
// alias `corral:<name>`), its gateway address, per-network chains in nftables' `inet corral` table
// (NAT, forward, DNS/DHCP input) and a supervised dnsmasq for DHCP and DNS.
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, rmdir, writeFile } from "node:fs/promises";
import { alreadyExists, capability, invalid, precondition } from "../../../errors";
import { formatIPv4, isMAC, parseCIDR, truthy, validateConfig, type RuleTable } from "../../../config/rules";
import {
  addAddress, addBridge, deleteAddress, deleteLink, getLink, ipv4Addresses, setLinkAlias, setLinkMtu, setLinkUp,
  usedIPv4Subnets, type UsedSubnet,
} from "../../../host/ip";
import { CommandError, run } from "../../../host/run";
import { Revert } from "../../../util/revert";
import { log } from "../../../util/log";
import type { Lease, NetworkDriver, NetworkSpec, NicAttachment, StaticLease, Subnet } from "../../driver";
import { bridgeFiles, dnsmasqArgs, needsDnsmasq, type BridgeFiles } from "./cli";
import { ipv6Addresses, ipv6Settings, overlaps6, pickULA, usedIPv6Subnets } from "./ipv6";
import { bridgeRules, bridgeSettings, checkCrossKeys, DEFAULT_MTU, ipv4Settings, networkSubnets, validateStaticIPv4, type BridgeSettings } from "./config";
import {
  dropFromLeaseFile, ensureDnsmasq, parseHostsFile, parseLeaseFile, reloadDnsmasq, requireDnsmasq, runningDnsmasq,
  startDnsmasq, stopDnsmasq, stopSupervising, superviseDnsmasq, writeHostsFile, type DnsmasqTarget,
} from "./dnsmasq";
import { applyNetworkChains, deleteNetworkChains } from "./nft";
import { attachUplink, checkUplink, detachUplink } from "./uplink";

export { validateStaticIPv4 } from "./config";

/** The alias that marks a host interface as Corral's; nothing without it is ever deleted. */
export const bridgeTag = (name: string): string => `corral:${name}`;

/** `auto` picks among 10.AUTO_FIRST.0.0/24 .. 10.AUTO_LAST.255.0/24 (away from common 10.0-10.99 use). */
const AUTO_FIRST = 100;
const AUTO_LAST = 250;
const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
const IP6_FORWARD = "/proc/sys/net/ipv6/conf/all/forwarding";
const DHCP_RELEASE = ["/usr/bin/dhcp_release", "/usr/sbin/dhcp_release"];
const NFT_PATHS = ["/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft"];
const HOSTNAME_RE = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

type Range = { name: string; network: number; broadcast: number; cidr: string };

const overlaps = (a: { network: number; broadcast: number }, b: { network: number; broadcast: number }) =>
  a.network <= b.broadcast && b.network <= a.broadcast;

function hostRanges(used: UsedSubnet[], self: string): Range[] {
  return used
    .filter((u) => u.dev !== self)
    .flatMap((u) => {
      const c = parseCIDR(u.cidr);
      return c ? [{ name: u.dev ?? "?", network: c.network, broadcast: c.broadcast, cidr: u.cidr }] : [];
    });
}

function otherRanges(others: NetworkSpec[], self: string): Range[] {
  return others
    .filter((o) => o.name !== self)
    .flatMap((o) => {
      const ip = ipv4Settings(o.config["ipv4.address"]);
      return ip ? [{ name: o.name, network: ip.network, broadcast: ip.broadcast, cidr: ip.subnet }] : [];
    });
}

/** A random unused 10.x.y.0/24 (gateway .1), or undefined when every candidate is taken. */
export function pickFreeSubnet(taken: { network: number; broadcast: number }[], random: () => number = Math.random): string | undefined {
  const free: number[] = [];
  for (let b = AUTO_FIRST; b <= AUTO_LAST; b++) {
    for (let c = 0; c < 256; c++) {
      const network = ((10 * 256 + b) * 256 + c) * 256;
      const cand = { network, broadcast: network + 255 };
      if (!taken.some((t) => overlaps(t, cand))) free.push(network);
    }
  }
  if (!free.length) return undefined;
  const pick = free[Math.floor(random() * free.length)]!;
  return `${formatIPv4(pick + 1)}/24`;
}

const canonBool = (v: string) => (truthy(v) ? "true" : "false");

/** Resolves ipv6.address=auto to a free ULA /64, refuses overlaps with other networks and host prefixes, fills the IPv6 defaults. */
async function normalizeIPv6(name: string, config: Record<string, string>, others: NetworkSpec[]): Promise<Record<string, string>> {
  const field = 'config["ipv6.address"]';
  const taken = others.filter((o) => o.name !== name).flatMap((o) => {
    const v6 = ipv6Settings(o.config["ipv6.address"]);
    return v6 ? [{ name: `network ${o.name}`, cidr: v6.subnet, network: v6.network, last: v6.last }] : [];
  });
  const host = (await usedIPv6Subnets(name)).map((h) => ({ ...h, name: `dev ${h.name} on this host` }));
  let address = config["ipv6.address"]!;
  if (address === "auto") {
    const picked = pickULA([...taken, ...host]);
    if (!picked) throw invalid(field, "auto found no unused ULA /64 in fd42::/16; set an address explicitly");
    address = picked;
  }
  const v6 = ipv6Settings(address)!;
  const clash = [...taken, ...host].find((t) => overlaps6(t, v6));
  if (clash) throw invalid(field, `${v6.subnet} overlaps ${clash.cidr} (${clash.name})`);
  const bool = (k: string, dflt: boolean) => (config[k] !== undefined ? canonBool(config[k]) : String(dflt));
  return { "ipv6.address": v6.cidr, "ipv6.nat": bool("ipv6.nat", true), "ipv6.dhcp": bool("ipv6.dhcp", true), "ipv6.dhcp.stateful": bool("ipv6.dhcp.stateful", false) };
}

// Per-network serialization: driver calls and the supervisor never interleave on one network.
const locks = new Map<string, Promise<unknown>>();
function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const prev = locks.get(name) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => undefined);
  locks.set(name, tail);
  void tail.then(() => {
    if (locks.get(name) === tail) locks.delete(name);
  });
  return next;
}

function requireTools(): void {
  requireDnsmasq();
  if (!NFT_PATHS.some((p) => existsSync(p))) throw capability("managed bridge networks (NAT)", "nft is missing: install the nftables package");
}

function target(net: NetworkSpec, s: BridgeSettings): DnsmasqTarget {
  const files = bridgeFiles(net.runDir);
  return { name: net.name, files, args: dnsmasqArgs(s, files) };
}

async function enableForwarding(s: BridgeSettings): Promise<void> {
  for (const [path, on] of [[IP_FORWARD, s.ipv4], [IP6_FORWARD, s.ipv6]] as const) {
    if (!on) continue;
    const cur = await readFile(path, "utf8").catch(() => "");
    if (cur.trim() !== "1") await writeFile(path, "1\n");
  }
}

async function createBridge(name: string): Promise<void> {
  try {
    await addBridge(name);
  } catch (e) {
    if (e instanceof CommandError && /Unknown device type|not supported/i.test(e.stderr)) {
      throw capability("bridge networks", "the kernel has no bridge support (CONFIG_BRIDGE)");
    }
    throw e;
  }
}

/** Brings an existing (tagged) bridge to the wanted mtu/alias/address/up state. */
async function configureBridge(s: BridgeSettings): Promise<void> {
  const link = await getLink(s.name);
  if (!link) throw precondition(`bridge ${s.name} vanished while being configured`);
  if (link.ifalias !== bridgeTag(s.name)) await setLinkAlias(s.name, bridgeTag(s.name));
  if (link.mtu !== s.mtu) await setLinkMtu(s.name, s.mtu);
  if (s.ipv4) {
    const have = await ipv4Addresses(s.name);
    if (!have.includes(s.ipv4.cidr)) await addAddress(s.name, s.ipv4.cidr);
  }
  if (s.ipv6) {
    // nodad: the gateway is ours by construction, and dnsmasq cannot bind a tentative address.
    if (!(await ipv6Addresses(s.name)).includes(s.ipv6.cidr)) await run("ip", ["-6", "addr", "add", s.ipv6.cidr, "dev", s.name, "nodad"]);
  }
  if (!link.flags.includes("UP")) await setLinkUp(s.name);
}

async function removeFiles(runDir: string, files: BridgeFiles): Promise<void> {
  for (const f of Object.values(files)) {
    await rm(f, { force: true });
    await rm(`${f}.tmp`, { force: true });
  }
  try {
    if ((await readdir(runDir)).length === 0) await rmdir(runDir);
  } catch {
    /* missing or not ours to remove */
  }
}

/** The managed bridge driver (one instance per agent; state is per network name). */
/** How long a released lease may take to leave dnsmasq's lease file, and how often it is looked at. */
const RELEASE_WAIT_MS = 2000;
const RELEASE_POLL_MS = 20;

export class BridgeDriver implements NetworkDriver {
  readonly type = "bridge";
  readonly rules: RuleTable = bridgeRules;

  /** Resolves `auto`, refuses overlaps, fills defaults: the result is what gets stored and compared. */
  async normalize(name: string, config: Record<string, string>, others: NetworkSpec[]): Promise<Record<string, string>> {
    validateConfig(this.rules, config, "config");
    const out: Record<string, string> = { ...config };
    let address = config["ipv4.address"] ?? "auto";
    const taken = otherRanges(others, name);
    if (address === "auto") {
      const host = hostRanges(await usedIPv4Subnets(), name);
      const picked = pickFreeSubnet([...taken, ...host]);
      if (!picked) throw invalid('config["ipv4.address"]', `auto found no unused /24 in 10.${AUTO_FIRST}.0.0-10.${AUTO_LAST}.255.255; set an address explicitly`);
      address = picked;
    } else if (address !== "none") {
      const ip = ipv4Settings(address)!;
      const clash = taken.find((t) => overlaps(t, ip));
      if (clash) throw invalid('config["ipv4.address"]', `overlaps network ${clash.name} (${clash.cidr})`);
      const host = hostRanges(await usedIPv4Subnets(), name).find((t) => overlaps(t, ip));
      if (host) throw invalid('config["ipv4.address"]', `overlaps ${host.cidr} already used on this host (dev ${host.name})`);
    }
    out["ipv4.address"] = address;
    const hasV4 = address !== "none";
    out["ipv4.nat"] = config["ipv4.nat"] !== undefined ? canonBool(config["ipv4.nat"]) : String(hasV4);
    out["ipv4.dhcp"] = config["ipv4.dhcp"] !== undefined ? canonBool(config["ipv4.dhcp"]) : "true";
    out["dns.domain"] = config["dns.domain"] ?? bridgeRules["dns.domain"]!.default!;
    out["bridge.mtu"] = String(Number(config["bridge.mtu"] ?? bridgeRules["bridge.mtu"]!.default!));
    out["ipv6.address"] = config["ipv6.address"] ?? "none";
    if (config["ipv4.dhcp.ranges"] !== undefined) out["ipv4.dhcp.ranges"] = config["ipv4.dhcp.ranges"].replace(/\s+/g, "");
    checkCrossKeys(out);
    await checkUplink(name, out);
    if (out["ipv6.address"] !== "none") Object.assign(out, await normalizeIPv6(name, out, others));
    return out;
  }

  /** Creates bridge, nft chains and dnsmasq; any failure undoes what was done. */
  async create(net: NetworkSpec): Promise<void> {
    requireTools();
    const s = bridgeSettings(net.name, net.config);
    const files = bridgeFiles(net.runDir);
    await withLock(net.name, () =>
      Revert.with(async (r) => {
        const existing = await getLink(net.name);
        if (existing && existing.ifalias !== bridgeTag(net.name)) {
          throw alreadyExists(`host interface ${net.name} (not created by Corral)`);
        }
        await mkdir(net.runDir, { recursive: true, mode: 0o750 });
        r.add(`remove files in ${net.runDir}`, () => removeFiles(net.runDir, files));
        if (!existing) await createBridge(net.name);
        r.add(`delete bridge ${net.name}`, () => deleteLink(net.name));
        await setLinkAlias(net.name, bridgeTag(net.name));
        await configureBridge(s);
        r.add(`release the uplink of ${net.name}`, () => detachUplink(net.name, net.config));
        await attachUplink(net.name, net.config);
        await enableForwarding(s);
        r.add(`delete nft chains of ${net.name}`, () => deleteNetworkChains(net.name));
        await applyNetworkChains(s);
        if (needsDnsmasq(s)) {
          r.add(`stop dnsmasq of ${net.name}`, () => stopDnsmasq(files));
          await stopDnsmasq(files); // a leftover from a crashed create would hold the lease file
          await writeHostsFile(files.hosts, []);
          await startDnsmasq(target(net, s));
        }
      }),
    );
    this.supervise(net, s);
  }

  /** Repairs whatever is missing (agent start, something deleted by hand); adopts a live dnsmasq. */
  async ensure(net: NetworkSpec): Promise<void> {
    requireTools();
    const s = bridgeSettings(net.name, net.config);
    await withLock(net.name, () => this.reconcile(net, s));
    this.supervise(net, s);
  }

  /** Applies a config change: mtu, address, NAT, DHCP ranges, domain (dnsmasq restarts when its command line changes). */
  async update(net: NetworkSpec, previous: NetworkSpec): Promise<void> {
    requireTools();
    const s = bridgeSettings(net.name, net.config);
    const old = bridgeSettings(previous.name, previous.config);
    stopSupervising(net.name);
    try {
      await withLock(net.name, async () => {
        if (old.ipv4 && old.ipv4.cidr !== s.ipv4?.cidr) await deleteAddress(net.name, old.ipv4.cidr);
        if (old.ipv6 && old.ipv6.cidr !== s.ipv6?.cidr) await deleteAddress(net.name, old.ipv6.cidr);
        if (previous.runDir !== net.runDir) await stopDnsmasq(bridgeFiles(previous.runDir));
        if (previous.config.parent !== net.config.parent || previous.config.vlan !== net.config.vlan) await detachUplink(net.name, previous.config);
        await this.reconcile(net, s);
      });
    } finally {
      // Keep watching even after a failed update: the supervisor retries the new command line.
      this.supervise(net, s);
    }
  }

  private async reconcile(net: NetworkSpec, s: BridgeSettings): Promise<void> {
    const link = await getLink(net.name);
    if (link && link.ifalias !== bridgeTag(net.name)) {
      throw precondition(`host interface ${net.name} exists but is not tagged ${bridgeTag(net.name)}; refusing to manage it`);
    }
    await mkdir(net.runDir, { recursive: true, mode: 0o750 });
    if (!link) {
      log("warn", `bridge ${net.name} was missing; recreating it`);
      await createBridge(net.name);
      await setLinkAlias(net.name, bridgeTag(net.name));
    }
    await configureBridge(s);
    await attachUplink(net.name, net.config);
    await enableForwarding(s);
    await applyNetworkChains(s);
    const files = bridgeFiles(net.runDir);
    if (needsDnsmasq(s)) {
      if (!existsSync(files.hosts)) await writeHostsFile(files.hosts, []);
      await ensureDnsmasq(target(net, s));
    } else {
      await stopDnsmasq(files);
    }
  }

  private supervise(net: NetworkSpec, s: BridgeSettings): void {
    if (!needsDnsmasq(s)) return stopSupervising(net.name);
    const t = target(net, s);
    superviseDnsmasq(net.name, () =>
      withLock(net.name, async () => {
        if (runningDnsmasq(t) !== undefined) return;
        log("warn", `dnsmasq of network ${net.name} is not running; restarting it`);
        await ensureDnsmasq(t);
      }),
    );
  }

  /** Removes dnsmasq, the network's nft chains, the bridge (only when tagged as ours) and the driver's files. */
  async delete(net: NetworkSpec): Promise<void> {
    stopSupervising(net.name);
    const files = bridgeFiles(net.runDir);
    await withLock(net.name, async () => {
      await stopDnsmasq(files);
      await deleteNetworkChains(net.name);
      await detachUplink(net.name, net.config);
      const link = await getLink(net.name);
      if (link && link.ifalias === bridgeTag(net.name)) await deleteLink(net.name);
      else if (link) log("warn", `not deleting host interface ${net.name}: it is not tagged ${bridgeTag(net.name)}`);
      await removeFiles(net.runDir, files);
    });
  }

  hostInterface(net: NetworkSpec): string {
    return net.name;
  }

  /** veth (containers) or tap (VMs) ports on the bridge, at the bridge's MTU. */
  attachment(net: NetworkSpec): NicAttachment {
    return { kind: "bridged", link: this.hostInterface(net), mtu: Number(net.config["bridge.mtu"] ?? DEFAULT_MTU) };
  }

  subnets(net: NetworkSpec): { subnet: Subnet; gateway: bigint }[] {
    return networkSubnets(net.config);
  }

  /** A host address inside the bridge's subnet, other than the gateway. */
  validateStaticAddress(net: NetworkSpec, ip: string, field: string): void {
    validateStaticIPv4(net.config, ip, field);
  }

  /** Rewrites the DHCP hosts file and makes dnsmasq re-read it (SIGHUP). */
  async setStaticLeases(net: NetworkSpec, leases: StaticLease[]): Promise<void> {
    const macs = new Set<string>();
    const ips = new Map<string, string>();
    leases.forEach((l, i) => {
      const mac = l.hwaddr.toLowerCase();
      const broken = isMAC(mac);
      if (broken) throw invalid(`leases[${i}].hwaddr`, broken);
      if (macs.has(mac)) throw invalid(`leases[${i}].hwaddr`, `duplicate MAC ${mac}`);
      macs.add(mac);
      if (!HOSTNAME_RE.test(l.hostname)) throw invalid(`leases[${i}].hostname`, "must be a hostname of letters, digits and '-'");
      if (l.ipv4 !== undefined) {
        validateStaticIPv4(net.config, l.ipv4, `leases[${i}].ipv4`);
        const owner = ips.get(l.ipv4);
        if (owner) throw invalid(`leases[${i}].ipv4`, `${l.ipv4} is already reserved for ${owner}`);
        ips.set(l.ipv4, l.hostname);
      }
    });
    const s = bridgeSettings(net.name, net.config);
    const files = bridgeFiles(net.runDir);
    await withLock(net.name, async () => {
      await mkdir(net.runDir, { recursive: true, mode: 0o750 });
      await writeHostsFile(files.hosts, leases.map((l) => ({ ...l, hwaddr: l.hwaddr.toLowerCase() })));
      if (needsDnsmasq(s)) reloadDnsmasq(target(net, s));
    });
  }

  /** Static reservations plus dnsmasq's dynamic leases; a reserved MAC is reported once, as static. */
  async leases(net: NetworkSpec): Promise<Lease[]> {
    const files = bridgeFiles(net.runDir);
    const statics = parseHostsFile(await readFile(files.hosts, "utf8").catch(() => ""));
    const dynamic = parseLeaseFile(await readFile(files.leases, "utf8").catch(() => ""));
    const out: Lease[] = [];
    for (const st of statics) {
      const active = dynamic.find((d) => d.hwaddr === st.hwaddr.toLowerCase() && (!st.ipv4 || d.address === st.ipv4));
      const address = st.ipv4 ?? active?.address;
      if (!address) continue;
      out.push({ hwaddr: st.hwaddr.toLowerCase(), address, hostname: st.hostname, type: "static", ...(active?.expiresAt ? { expiresAt: active.expiresAt } : {}) });
    }
    for (const d of dynamic) {
      if (statics.some((st) => st.hwaddr.toLowerCase() === d.hwaddr && (!st.ipv4 || st.ipv4 === d.address))) continue;
      out.push(d);
    }
    return out;
  }

  /** Forgets a MAC's dynamic leases: dhcp_release when installed, else restart dnsmasq around a lease-file edit. */
  async releaseLease(net: NetworkSpec, hwaddr: string): Promise<void> {
    const mac = hwaddr.toLowerCase();
    const broken = isMAC(mac);
    if (broken) throw invalid("hwaddr", broken);
    const s = bridgeSettings(net.name, net.config);
    const files = bridgeFiles(net.runDir);
    const held = async () => parseLeaseFile(await readFile(files.leases, "utf8").catch(() => "")).some((l) => l.hwaddr === mac);
    const t = needsDnsmasq(s) ? target(net, s) : undefined;
    const released = await withLock(net.name, async () => {
      const mine = parseLeaseFile(await readFile(files.leases, "utf8").catch(() => "")).filter((l) => l.hwaddr === mac);
      if (!mine.length) return "gone";
      const tool = DHCP_RELEASE.find((p) => existsSync(p));
      if (!tool || !t || runningDnsmasq(t) === undefined) return "drop";
      for (const l of mine) await run(tool, [net.name, l.address, mac]);
      return "sent";
    });
    if (released === "gone") return;
    if (released === "sent") {
      // dnsmasq handles the DHCPRELEASE packet in its own time: the lease is gone once its file
      // says so. Waited for outside the lock, so the releases of instances deleted together overlap.
      // dnsmasq rewrites the file in place (another release may be doing so right now): the lease
      // counts as gone when two reads a poll apart both lack it.
      const deadline = Date.now() + RELEASE_WAIT_MS;
      let absent = 0;
      while (Date.now() < deadline) {
        absent = (await held()) ? 0 : absent + 1;
        if (absent === 2) return;
        await new Promise((r) => setTimeout(r, RELEASE_POLL_MS));
      }
    }
    // No dnsmasq to tell, or not taken within the bound: drop it from the file with dnsmasq stopped.
    await withLock(net.name, async () => {
      if (!(await held())) return;
      const wasRunning = t !== undefined && runningDnsmasq(t) !== undefined;
      await stopDnsmasq(files);
      await dropFromLeaseFile(files.leases, mac);
      if (t && wasRunning) await startDnsmasq(t);
    });
  }

  /** Agent shutdown: stop watching; the bridge and dnsmasq keep serving instances. */
  async detach(net: NetworkSpec): Promise<void> {
    stopSupervising(net.name);
  }
}

/** The agent's single bridge driver. */
export const bridgeDriver = new BridgeDriver();
