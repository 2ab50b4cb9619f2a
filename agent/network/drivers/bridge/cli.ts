// Argument arrays for the tools the bridge driver drives (dnsmasq, nft). No logic beyond building
// the exact command lines, so a test or a reader can see what runs.
import { join } from "node:path";
import { run, type RunResult } from "../../../host/run";
import { formatIPv4 } from "../../../config/rules";
import type { BridgeSettings } from "./config";
import { formatIPv6 } from "./ipv6";

export const DNSMASQ = "/usr/sbin/dnsmasq";
export const NFT = "nft";

/** Lease duration handed to instances; short enough that a deleted instance's address frees up soon. */
const LEASE_TIME = "1h";

/** The driver's files inside runDir. */
export interface BridgeFiles {
  pid: string;
  leases: string;
  hosts: string;
  log: string;
}

export function bridgeFiles(runDir: string): BridgeFiles {
  return {
    pid: join(runDir, "dnsmasq.pid"),
    leases: join(runDir, "dnsmasq.leases"),
    hosts: join(runDir, "dnsmasq.hosts"),
    log: join(runDir, "dnsmasq.log"),
  };
}

/** dnsmasq's command line for one bridge (without argv[0]); the same settings always give the same array, so a running process can be compared. */
export function dnsmasqArgs(s: BridgeSettings, files: BridgeFiles): string[] {
  if (!needsDnsmasq(s)) throw new Error("dnsmasq needs an IPv4 or IPv6 gateway");
  const args = [
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    "--log-facility=-",
    "--strict-order",
    "--bind-interfaces",
    "--except-interface=lo",
    "--pid-file=",
    "--no-ping",
    `--interface=${s.name}`,
    "--no-negcache",
    "--no-resolv",
    "--no-hosts",
    ...(s.ipv4 ? [`--listen-address=${formatIPv4(s.ipv4.gateway)}`] : []),
    ...(s.ipv6 ? [`--listen-address=${formatIPv6(s.ipv6.gateway)}`] : []),
    `--dhcp-leasefile=${files.leases}`,
    `--dhcp-hostsfile=${files.hosts}`,
    `-s`, s.domain,
    `--interface-name=_gateway.${s.domain},${s.name}`,
    `-S`, `/${s.domain}/`,
    "--user=root",
  ];
  if (s.dhcp && s.ranges.length) {
    args.push("--dhcp-rapid-commit", "--dhcp-no-override", "--dhcp-authoritative");
    for (const [a, b] of s.ranges) args.push(`--dhcp-range=${formatIPv4(a)},${formatIPv4(b)},${LEASE_TIME}`);
  }
  if (s.ipv6) {
    // Router advertisements always (the default route and, for SLAAC, the prefix); DHCPv6 for
    // addresses (stateful) or only for DNS (stateless); ra-only when DHCPv6 is off.
    args.push("--enable-ra");
    if (s.stateful6) {
      // The pool is the larger side of the gateway (it is usually ::1, so everything after it).
      const { network, last, gateway } = s.ipv6;
      const [a, b] = gateway - network <= last - gateway ? [gateway + 1n, last - 1n] : [network + 1n, gateway - 1n];
      args.push(`--dhcp-range=${formatIPv6(a)},${formatIPv6(b)},${s.ipv6.prefix},${LEASE_TIME}`);
    } else {
      args.push(`--dhcp-range=::,constructor:${s.name},${s.dhcp6 ? "ra-stateless,ra-names" : "ra-only"}`);
    }
  }
  return args;
}

/** A bridge needs dnsmasq when it has an address of either family (DHCP, RA, DNS). */
export const needsDnsmasq = (s: BridgeSettings): boolean => s.ipv4 !== undefined || s.ipv6 !== undefined;

/** Applies an nft script atomically (`nft -f -`): all of it or none of it. */
export function nftApply(script: string): Promise<RunResult> {
  return run(NFT, ["-f", "-"], { input: script });
}

/** `nft -j ARGS` parsed; the `nftables` array of objects. */
export async function nftJson(args: string[]): Promise<Record<string, unknown>[]> {
  const res = await run(NFT, ["-j", ...args]);
  const doc = JSON.parse(res.stdout || "{}") as { nftables?: Record<string, unknown>[] };
  return doc.nftables ?? [];
}
