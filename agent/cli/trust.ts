// `corral trust ...`: enrolment tokens and trusted client certificates.
import type { Command } from "commander";
import { parseUint } from "./args";
import type { CliContext } from "./context";
import { formatOption, renderList, type Format } from "./output";

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
    .command("list")
    .alias("ls")
    .description("list trusted client certificates")
    .addOption(formatOption())
    .action(async (opts: { format: Format }) => {
      const res = await ctx.agent().trust.ListTrusted({});
      ctx.io.stdout.write(renderList(opts.format, res.clients, ["NAME", "FINGERPRINT", "ADDED"], (c) => [c.name, c.fingerprint.slice(0, 12), c.added_at]));
    });
  trust
    .command("remove <fingerprint>")
    .alias("rm")
    .description("stop trusting a client certificate")
    .action(async (fingerprint: string) => {
      await ctx.agent().trust.RemoveTrusted({ fingerprint });
    });
}
