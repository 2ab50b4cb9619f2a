// `corral trust ...`: enrolment tokens and trusted client certificates, and `trust enroll`, which
// redeems a token from another machine (agent/client/enroll.ts).
import type { Command } from "commander";
import { defaultClientCertPaths, enrollWithToken } from "../client";
import { parseUint } from "./args";
import type { CliContext, GlobalOptions } from "./context";
import { addListCommand } from "./output";

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
