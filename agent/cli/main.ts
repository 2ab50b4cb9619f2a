// The `corral` admin CLI (LXD `lxc` style) talking gRPC to corrald. `main()` never exits the
// process, so tests can call it in-process; bin.ts is the executable entry.
import { status } from "@grpc/grpc-js";
import { Command, CommanderError } from "commander";
import { corralErrorCode } from "../client";
import { CorralError } from "../errors";
import { CliContext, processIo, type GlobalOptions, type Io } from "./context";
import { registerBackup } from "./backup";
import { registerCopy } from "./copy";
import { registerExec } from "./exec";
import { registerFiles } from "./files";
import { registerHost } from "./host";
import { registerImages } from "./images";
import { registerInstances } from "./instances";
import { registerLifecycle } from "./lifecycle";
import { registerNetworks } from "./networks";
import { registerOperations } from "./operations";
import { registerProfiles } from "./profiles";
import { registerRemotes } from "./remotes";
import { registerServerConfig } from "./server-config";
import { registerSnapshots } from "./snapshots";
import { registerStorage } from "./storage";
import { registerTrust } from "./trust";
import { registerCluster } from "./cluster";

export const CLI_VERSION = "0.1.0";
const UNAVAILABLE = status.UNAVAILABLE;

/** Builds the command tree bound to one context (a fresh tree per run: commander keeps state). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("corral");
  program
    .description("Manage Corral system containers, networks, storage and images")
    .version(CLI_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    })
    .showHelpAfterError(false)
    .option("--endpoint <url>", "agent endpoint: unix:///path or https://host:port (env CORRAL_ENDPOINT)")
    .option("--client-cert <path>", "client certificate PEM for https endpoints (env CORRAL_CLIENT_CERT)")
    .option("--client-key <path>", "client key PEM for https endpoints (env CORRAL_CLIENT_KEY)")
    .option("--server-fingerprint <sha256>", "pinned agent certificate fingerprint (env CORRAL_SERVER_FINGERPRINT)")
    .option("--server-ca <path>", "CA that signed the agent certificate, instead of a pin (env CORRAL_SERVER_CA)");
  registerHost(program, ctx);
  registerInstances(program, ctx);
  registerSnapshots(program, ctx);
  registerCopy(program, ctx);
  registerBackup(program, ctx);
  registerExec(program, ctx);
  registerFiles(program, ctx);
  registerNetworks(program, ctx);
  registerStorage(program, ctx);
  registerImages(program, ctx);
  registerRemotes(program, ctx);
  registerServerConfig(program, ctx);
  registerProfiles(program, ctx);
  registerTrust(program, ctx);
  registerOperations(program, ctx);
  registerLifecycle(program, ctx);
  registerCluster(program, ctx);
  return program;
}

/** The message to show for anything a command throws; gRPC errors carry theirs in `details`. */
export function errorMessage(err: unknown): string {
  if (err instanceof CorralError) return err.message;
  if (err && typeof err === "object") {
    const e = err as { details?: unknown; message?: unknown };
    if (typeof e.details === "string" && e.details) return e.details.replace(/\s*Resolution note:\s*$/, "");
    if (typeof e.message === "string" && e.message) return e.message;
  }
  return String(err);
}

/** Runs one command line (without the node/script prefix) and resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let program: Command | undefined;
  const ctx = new CliContext(io, () => (program?.opts() ?? {}) as GlobalOptions);
  try {
    program = buildProgram(ctx);
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    // Commander already printed its own usage errors; --help and --version end with code 0.
    if (err instanceof CommanderError) return err.exitCode;
    let message = errorMessage(err);
    // UNAVAILABLE from the transport means no agent answered; from corrald itself it says why.
    if ((err as { code?: unknown })?.code === UNAVAILABLE && ctx.endpoint && !corralErrorCode(err)) message = `cannot reach corrald at ${ctx.endpoint}: ${message}`;
    io.stderr.write(`Error: ${message}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}
