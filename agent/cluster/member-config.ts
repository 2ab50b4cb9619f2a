// What makes an agent a cluster member, on disk under <data-dir>/cluster/: member.json (name,
// address, role, the voters' etcd URLs), the cluster CA certificate and this member's
// certificate and key (issued by the cluster CA; used for etcd's client and peer TLS and for
// member-to-member gRPC), and the cluster CA key (every member holds it, so any member can admit
// a new one). Written last (atomically) when enabling or joining, so an agent
// that crashed half-way starts standalone again.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { invalid, precondition } from "../errors";

/** etcd's registered ports; every member has its own address, so they never clash. */
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;

export interface MemberConfig {
  /** Member name (unique in the cluster; the etcd member name of a voter). */
  name: string;
  /** The IP address other members reach this one on. */
  address: string;
  /** Voters run an etcd member; the others use the voters' etcd. */
  voter: boolean;
  /** Client URLs of the voters' etcd (kept current by the voter check). */
  etcdEndpoints: string[];
}

export interface MemberPaths {
  dir: string;
  config: string;
  caCert: string;
  cert: string;
  key: string;
  caKey: string;
  etcdDataDir: string;
}

export function memberPaths(dataDir: string): MemberPaths {
  const dir = join(dataDir, "cluster");
  return {
    dir,
    config: join(dir, "member.json"),
    caCert: join(dir, "ca.crt"),
    cert: join(dir, "member.crt"),
    key: join(dir, "member.key"),
    caKey: join(dir, "ca.key"),
    etcdDataDir: join(dir, "etcd"),
  };
}

export const etcdClientUrl = (address: string): string => `https://${hostForUrl(address)}:${ETCD_CLIENT_PORT}`;
export const etcdPeerUrl = (address: string): string => `https://${hostForUrl(address)}:${ETCD_PEER_PORT}`;
const hostForUrl = (ip: string) => (isIP(ip) === 6 ? `[${ip}]` : ip);

/** Checks a member address given on the command line: one IP address of this host. */
export function parseMemberAddress(address: string): string {
  if (isIP(address) === 0) throw invalid("address", `"${address}" must be an IPv4 or IPv6 address of this host`);
  return address;
}

/** The member configuration, or undefined for a standalone agent. */
export function readMemberConfig(dataDir: string): MemberConfig | undefined {
  const p = memberPaths(dataDir);
  if (!existsSync(p.config)) return undefined;
  for (const f of [p.caCert, p.cert, p.key]) {
    if (!existsSync(f)) throw precondition(`${p.config} exists but ${f} is missing; restore it, or remove ${p.dir} to start standalone`);
  }
  return JSON.parse(readFileSync(p.config, "utf8")) as MemberConfig;
}

export interface MemberCredentials {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function readMemberCredentials(dataDir: string): MemberCredentials {
  const p = memberPaths(dataDir);
  return { caPem: readFileSync(p.caCert, "utf8"), certPem: readFileSync(p.cert, "utf8"), keyPem: readFileSync(p.key, "utf8") };
}

/** Writes the cluster CA and this member's certificate and key (before etcd can start). */
export function writeMemberCredentials(dataDir: string, creds: MemberCredentials): void {
  const p = memberPaths(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  writeAtomic(p.caCert, creds.caPem, 0o644);
  writeAtomic(p.cert, creds.certPem, 0o644);
  writeAtomic(p.key, creds.keyPem, 0o600);
}

/** Writes the cluster CA key (before member.json). */
export function writeClusterCaKey(dataDir: string, keyPem: string): void {
  writeAtomic(memberPaths(dataDir).caKey, keyPem, 0o600);
}

/** The cluster CA (certificate and key) that signs member certificates. */
export function readClusterCa(dataDir: string): { certPem: string; keyPem: string } {
  const p = memberPaths(dataDir);
  if (!existsSync(p.caKey)) throw precondition(`${p.caKey} is missing: this member cannot sign member certificates; run the command on another member`);
  return { certPem: readFileSync(p.caCert, "utf8"), keyPem: readFileSync(p.caKey, "utf8") };
}

/** Writes member.json, the file whose presence makes the agent a member: the last step of enable or join. */
export function writeMemberConfig(dataDir: string, cfg: MemberConfig): void {
  writeAtomic(memberPaths(dataDir).config, JSON.stringify(cfg, null, 2) + "\n", 0o600);
}

function writeAtomic(path: string, data: string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}
