// Argument arrays for the tools the bridge driver drives (dnsmasq, nft). No logic beyond building
// the exact command lines, so a test or a reader can see what runs.
import { join } from "node:path";
import { run, type RunResult } from "../../../host/run";
import { formatIPv4 } from "../../../config/rules";
import type { BridgeSettings } from "./config";

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
  if (!s.ipv4) throw new Error("dnsmasq needs an IPv4 gateway");
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
    `--listen-address=${formatIPv4(s.ipv4.gateway)}`,
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
  return args;
}

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
