// The agent's TLS identity on disk: <dataDir>/security/{ca.crt,ca.key,server.crt,server.key}.
// Created on first start, loaded afterwards, so the fingerprint clients pinned stays the same.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { precondition } from "../errors";
import { log } from "../util/log";
import { certificateFingerprint, createCa, issueServerCertificate } from "./certs";

export interface AgentIdentity {
  caCertPem: string;
  caKeyPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** SHA-256 of the server certificate DER, lowercase hex: what clients pin. */
  fingerprint: string;
}

export interface IdentityOptions {
  /** Extra IPs or DNS names clients will dial (written into the server certificate's SAN on creation). */
  addresses?: string[];
}

/** Paths of the identity files, for tooling and tests. */
export function identityPaths(dataDir: string): { dir: string; caCert: string; caKey: string; serverCert: string; serverKey: string } {
  const dir = join(dataDir, "security");
  return {
    dir,
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "server.crt"),
    serverKey: join(dir, "server.key"),
  };
}

/** Writes via a temporary file and rename so a crash never leaves a half-written key. */
function writeAtomic(path: string, data: string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/** Loads the agent's CA and server certificate, creating whatever is missing on first start. */
export async function ensureAgentIdentity(dataDir: string, opts: IdentityOptions = {}): Promise<AgentIdentity> {
  const p = identityPaths(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  const have = (f: string) => existsSync(f);

  if (!have(p.caCert) || !have(p.caKey)) {
    if (have(p.caCert) || have(p.caKey) || have(p.serverCert) || have(p.serverKey)) {
      throw precondition(`${p.dir}: CA certificate or key is missing but other identity files exist; restore them or remove the directory to start over`);
    }
    // A random part keeps CA names apart on hosts with the same name: TLS looks issuers up by
    // name, and a same-named CA with another key fails the handshake (cluster members see each
    // other's certificates, issued by the cluster CA, and check them against their own CA).
    const ca = await createCa(`corral CA ${hostname()} ${randomBytes(4).toString("hex")}`);
    writeAtomic(p.caKey, ca.keyPem, 0o600);
    writeAtomic(p.caCert, ca.certPem, 0o644);
    log("info", "created agent CA", { fingerprint: ca.fingerprint, path: p.caCert });
  }
  const caCertPem = readFileSync(p.caCert, "utf8");
  const caKeyPem = readFileSync(p.caKey, "utf8");

  if (!have(p.serverCert) || !have(p.serverKey)) {
    const extra = opts.addresses ?? [];
    const isIp = (a: string) => isIP(a) !== 0;
    const server = await issueServerCertificate({ certPem: caCertPem, keyPem: caKeyPem }, hostname(), {
      dns: ["localhost", hostname(), ...extra.filter((a) => !isIp(a))],
      ips: ["127.0.0.1", "::1", ...extra.filter(isIp)],
    });
    writeAtomic(p.serverKey, server.keyPem, 0o600);
    writeAtomic(p.serverCert, server.certPem, 0o644);
    log("info", "created agent server certificate", { fingerprint: server.fingerprint, path: p.serverCert });
  }
  const serverCertPem = readFileSync(p.serverCert, "utf8");
  const serverKeyPem = readFileSync(p.serverKey, "utf8");
  return { caCertPem, caKeyPem, serverCertPem, serverKeyPem, fingerprint: certificateFingerprint(serverCertPem) };
}
