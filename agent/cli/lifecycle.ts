// `corral lease renew` and `corral wait`: the CI helpers (leases that outlive dead pipelines only
// as long as asked, readiness of a service inside an instance).
import type { Command } from "commander";
import { invalid } from "../errors";
import { parseDuration } from "../leases/lease";
import { parseUint } from "./args";
import type { CliContext } from "./context";

/** `corral wait` without --timeout: long enough for a slow service, short enough for a CI step. */
const DEFAULT_WAIT = "5m";
/** The RPC deadline is the wait's own timeout plus this much for the last attempt to report. */
const REPLY_SLACK_MS = 10_000;

/** Registers the lease and wait commands. */
export function registerLifecycle(program: Command, ctx: CliContext): void {
  const lease = program.command("lease").description("manage the leases (expiry) of instances, networks and custom volumes");
  lease
    .command("renew <name>")
    .description("restart the lease of an instance (or, with --network or when no instance has that name, a network)")
    .option("-d, --duration <duration>", "new lease length from now (e.g. 2h, 30m); default: the object's lease.duration")
    .option("--network", "renew the network of that name")
    .option("--volume", "renew the custom volume POOL/NAME")
    .action(async (name: string, opts: { duration?: string; network?: boolean; volume?: boolean }) => {
      const kind = opts.volume ? "volume" : opts.network ? "network" : "";
      const l = await ctx.agent().lifecycle.RenewLease({ name, kind, duration: opts.duration ?? "" });
      ctx.out(`Lease of ${l.kind} ${l.name} renewed until ${l.expires_at}`);
    });

  program
    .command("wait <name> [command...]")
    .description("wait until a command in the instance exits 0 (--exec CMD..., or --exec -- CMD...) and/or a TCP port on its address accepts (--tcp N)")
    .option("--exec [command...]", "command that must exit 0, retried until the timeout")
    .option("--tcp <port>", "TCP port on the instance's address that must accept")
    .option("-t, --timeout <duration>", "how long to wait (e.g. 30s, 5m)", DEFAULT_WAIT)
    .action(async (name: string, rest: string[], opts: { exec?: string[] | true; tcp?: string; timeout: string }) => {
      const exec = opts.exec ? [...(opts.exec === true ? [] : opts.exec), ...rest] : [];
      if (!opts.exec && rest.length) throw invalid("command", "give the command with --exec");
      if (opts.exec && !exec.length) throw invalid("--exec", "needs a command");
      const tcp = opts.tcp === undefined ? 0 : parseUint(opts.tcp);
      if (!exec.length && !tcp) throw invalid("wait", "give --exec CMD... and/or --tcp PORT");
      const timeoutMs = parseDuration(opts.timeout);
      if (!timeoutMs) throw invalid("--timeout", "must be a duration such as 30s, 5m or 1h");
      await ctx.agent().lifecycle.WaitInstance({ name, exec, tcp_port: tcp, timeout_ms: timeoutMs }, { deadlineMs: timeoutMs + REPLY_SLACK_MS });
      ctx.out(`Instance ${name} is ready`);
    });
}
