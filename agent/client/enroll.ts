// Trust-token enrolment, shared by `corral trust enroll` and the provider's `trust_token`: makes
// (or reuses) a client certificate, dials the agent at the token's addresses pinning the token's
// server fingerprint, and calls Trust.Enroll.
import { status } from "@grpc/grpc-js";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CorralError, invalid } from "../errors";
import type { DecodedToken } from "../security";
import { security } from "../security/lazy";
import { Revert } from "../util/revert";
import { connect } from "./client";

/** One Enroll attempt per address: TLS handshake plus one store write on the agent; slack for a slow link. */
const ENROLL_CALL_TIMEOUT_MS = 15_000;

export interface EnrollOptions {
  /** Where the client certificate is (or will be written, with the key, if neither file exists). */
  certPath: string;
  keyPath: string;
  /** Clock override (ms since epoch), for tests. */
  now?: number;
}

export interface EnrollResult {
  name: string;
  /** `https://host:port` of the address that answered. */
  endpoint: string;
  serverFingerprint: string;
  clientFingerprint: string;
  certPath: string;
  keyPath: string;
  /** Whether the certificate and key were created by this call. */
  generated: boolean;
}

/** Where `trust enroll` keeps the client certificate when no path is given (as lxc keeps ~/.config/lxc/client.crt). */
export function defaultClientCertPaths(env: NodeJS.ProcessEnv): { certPath: string; keyPath: string } {
  const dir = join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "corral");
  return { certPath: join(dir, "client.crt"), keyPath: join(dir, "client.key") };
}

/** Reads a token and refuses it early if it cannot work (expired, no address): saves a round trip and a certificate. */
export function checkToken(token: string, now = Date.now()): DecodedToken {
  const t = security().decodeToken(token);
  if (Date.parse(t.expires_at) <= now) {
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", `trust token expired at ${t.expires_at}; ask for a new one (corral trust add ${t.name})`, { field: "token" });
  }
  if (t.addresses.length === 0) {
    throw invalid("token", "has no agent address: the agent that issued it does not listen on TCP (start corrald with --listen HOST:PORT)");
  }
  return t;
}

/** The server fingerprint a trust token pins (an agent's certificate, or a cluster's CA): what the client verifies agents with after enrolling. */
export function tokenServerFingerprint(token: string): string {
  return security().decodeToken(token).fingerprint;
}

/** Loads the client certificate, or creates one (key mode 0600) when neither file exists yet. */
async function loadOrCreateCertificate(name: string, certPath: string, keyPath: string, revert: Revert) {
  const haveCert = existsSync(certPath);
  const haveKey = existsSync(keyPath);
  if (haveCert !== haveKey) {
    const missing = haveCert ? `client-key ${keyPath}` : `client-cert ${certPath}`;
    throw invalid(haveCert ? "client-key" : "client-cert", `${missing} does not exist while its pair does; give both existing files or two new paths`);
  }
  if (haveCert) {
    const certPem = readFileSync(certPath, "utf8");
    const keyPem = readFileSync(keyPath, "utf8");
    return { certPem, keyPem, fingerprint: security().certificateFingerprint(certPem), generated: false };
  }
  const pair = await security().generateClientCertificate(name);
  for (const d of new Set([dirname(certPath), dirname(keyPath)])) {
    // mkdirSync returns the first directory it had to create: undo from there.
    const first = mkdirSync(d, { recursive: true, mode: 0o700 });
    if (first) revert.add(`remove ${first}`, () => rmSync(first, { recursive: true, force: true }));
  }
  // "wx": never overwrite a file that appeared meanwhile; the key is private from its first byte.
  writeFileSync(keyPath, pair.keyPem, { mode: 0o600, flag: "wx" });
  revert.add(`remove ${keyPath}`, () => rmSync(keyPath, { force: true }));
  writeFileSync(certPath, pair.certPem, { mode: 0o644, flag: "wx" });
  revert.add(`remove ${certPath}`, () => rmSync(certPath, { force: true }));
  return { ...pair, generated: true };
}

/** Redeems a trust token: the agent then trusts this client certificate on its TCP port. */
export async function enrollWithToken(token: string, opts: EnrollOptions): Promise<EnrollResult> {
  const t = checkToken(token, opts.now);
  const certPath = resolve(opts.certPath);
  const keyPath = resolve(opts.keyPath);
  return Revert.with(async (revert) => {
    const cert = await loadOrCreateCertificate(t.name, certPath, keyPath, revert);
    const credentials = security().clientCredentials({ certPem: cert.certPem, keyPem: cert.keyPem, serverFingerprint: t.fingerprint });
    const failures: string[] = [];
    for (const address of t.addresses) {
      const endpoint = `https://${address}`;
      const client = connect({ endpoint, credentials });
      try {
        const rec = await client.trust.Enroll({ token }, { deadlineMs: ENROLL_CALL_TIMEOUT_MS });
        if (rec.fingerprint && rec.fingerprint !== cert.fingerprint) {
          throw new CorralError("CORRAL_ERR_INTERNAL", `agent trusted certificate ${rec.fingerprint}, not ours (${cert.fingerprint})`);
        }
        return {
          name: rec.name || t.name, endpoint, serverFingerprint: t.fingerprint, clientFingerprint: cert.fingerprint,
          certPath, keyPath, generated: cert.generated,
        };
      } catch (err) {
        const e = err as { code?: unknown; details?: unknown; message?: string };
        // Not reachable (or not the agent we pinned): try the next address; any answer from the agent is final.
        if (e.code === status.UNAVAILABLE || e.code === status.DEADLINE_EXCEEDED) {
          const why = typeof e.details === "string" && e.details ? e.details : String(e.message);
          failures.push(`${address}: ${why.replace(/\s*Resolution note:\s*$/, "")}`);
          continue;
        }
        throw err;
      } finally {
        client.close();
      }
    }
    throw new CorralError(
      "CORRAL_ERR_FAILED_PRECONDITION",
      `no address in the trust token answered as the agent with fingerprint ${t.fingerprint}:\n  ${failures.join("\n  ")}`,
      { field: "token" },
    );
  });
}
