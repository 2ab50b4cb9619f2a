// `corral trust ...`: enrolment tokens and trusted client certificates, and `trust enroll`, which
// redeems a token from another machine: it makes (or reuses) a client certificate, dials the
// agent at the token's addresses pinning the token's server fingerprint, and calls Trust.Enroll.
import { status } from "@grpc/grpc-js";
import type { Command } from "commander";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { connect } from "../client/client";
import { CorralError, invalid } from "../errors";
import type { DecodedToken } from "../security";
import { security } from "../security/lazy";
import { Revert } from "../util/revert";
import { parseUint } from "./args";
import type { CliContext, GlobalOptions } from "./context";
import { addListCommand } from "./output";

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

/** Registers the trust commands. */
export function registerTrust(program: Command, ctx: CliContext): void {
  const trust = program.command("trust").description("manage trusted clients");
  trust
    .command("add <name>")
    .description("issue a single-use enrolment token for a new client (printed on stdout)")
    .option("--ttl <seconds>", "token lifetime in seconds (default 3600)")
    .action(async (name: string, opts: { ttl?: string }) => {
      const tok = await ctx.agent().trust.CreateTrustToken({ name, ttl_s: opts.ttl === undefined ? 0 : parseUint(opts.ttl) });
      ctx.out(tok.token);
    });
  trust
    .command("enroll <token>")
    .description(
      "redeem a token from `corral trust add` on this client: uses the certificate at --client-cert/--client-key " +
        "(env CORRAL_CLIENT_CERT/CORRAL_CLIENT_KEY, default ~/.config/corral/client.{crt,key}), creating it if " +
        "neither file exists, and prints the settings for talking to that agent over https",
    )
    .action(async (token: string, _opts: unknown, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const def = defaultClientCertPaths(ctx.io.env);
      const res = await enrollWithToken(token, {
        certPath: g.clientCert ?? ctx.io.env.CORRAL_CLIENT_CERT ?? def.certPath,
        keyPath: g.clientKey ?? ctx.io.env.CORRAL_CLIENT_KEY ?? def.keyPath,
      });
      ctx.out(`Enrolled as "${res.name}"${res.generated ? ` with a new client certificate` : ""}.`);
      ctx.out(`endpoint: ${res.endpoint}`);
      ctx.out(`server fingerprint: ${res.serverFingerprint}`);
      ctx.out(`client fingerprint: ${res.clientFingerprint}`);
      ctx.out(`client certificate: ${res.certPath}`);
      ctx.out(`client key: ${res.keyPath}`);
      ctx.out();
      ctx.out(`export CORRAL_ENDPOINT=${shellQuote(res.endpoint)}`);
      ctx.out(`export CORRAL_CLIENT_CERT=${shellQuote(res.certPath)}`);
      ctx.out(`export CORRAL_CLIENT_KEY=${shellQuote(res.keyPath)}`);
      ctx.out(`export CORRAL_SERVER_FINGERPRINT=${res.serverFingerprint}`);
    });
  addListCommand(trust, ctx, {
    description: "list trusted client certificates",
    load: async () => (await ctx.agent().trust.ListTrusted({})).clients,
    headers: ["NAME", "FINGERPRINT", "ADDED"],
    row: (c) => [c.name, c.fingerprint.slice(0, 12), c.added_at],
  });
  trust
    .command("remove <fingerprint>")
    .alias("rm")
    .description("stop trusting a client certificate")
    .action(async (fingerprint: string) => {
      await ctx.agent().trust.RemoveTrusted({ fingerprint });
    });
}

/** Quotes a value for a POSIX shell `export` line only when it needs it. */
function shellQuote(v: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
