// `corral exec`: runs a command in an instance over the Exec bidi stream, wiring this process's
// stdin/stdout/stderr to it and exiting with the command's exit code.
import type { Command } from "commander";
import type { ExecOutput__Output } from "../../proto/gen/types/corral/v1/ExecOutput";
import type { ExecStart } from "../../proto/gen/types/corral/v1/ExecStart";
import { CorralError } from "../errors";
import { collect, parseKeyValues, parseUint } from "./args";
import type { CliContext } from "./context";
import { pumpExecInput } from "./exec-input";

export interface ExecOptions {
  env?: string[];
  cwd?: string;
  user?: string;
  group?: string;
  forceInteractive?: boolean;
  forceNoninteractive?: boolean;
}

/** The ExecStart message for a command line; a terminal is used when both ends are TTYs. */
export function buildExecStart(command: string[], opts: ExecOptions, tty: { stdin: boolean; stdout: boolean; columns?: number; rows?: number }): ExecStart {
  if (command.length === 0) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", "exec: a command is required after --", { field: "command" });
  const interactive = opts.forceNoninteractive ? false : opts.forceInteractive ? true : tty.stdin && tty.stdout;
  const start: ExecStart = { command, environment: parseKeyValues(opts.env ?? []), cwd: opts.cwd ?? "", tty: interactive };
  if (opts.user !== undefined) start.uid = parseUint(opts.user);
  if (opts.group !== undefined) start.gid = parseUint(opts.group);
  if (interactive) {
    start.width = tty.columns ?? 80;
    start.height = tty.rows ?? 24;
  }
  return start;
}

export { EXEC_SIGNAL_GRACE_MS } from "./exec-input";

/** Runs the command and resolves to its exit code. */
export async function runExec(ctx: CliContext, name: string, command: string[], opts: ExecOptions): Promise<number> {
  const { stdin, stdout, stderr } = ctx.io;
  const start = buildExecStart(command, opts, { stdin: !!stdin.isTTY, stdout: !!stdout.isTTY, columns: stdout.columns, rows: stdout.rows });
  start.instance = name;
  const call = ctx.agent().raw.instances.Exec();
  const rawMode = !!start.tty && typeof stdin.setRawMode === "function";
  const cleanups: Array<() => void> = [];

  return new Promise<number>((resolve, reject) => {
    let exitCode: number | undefined;
    let settled = false;
    let started = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const c of cleanups.reverse()) c();
      if (err) reject(err);
      else if (exitCode === undefined) reject(new CorralError("CORRAL_ERR_INTERNAL", `exec ${name}: the stream ended without an exit code`));
      else resolve(exitCode);
    };
    /** Gives up on the remote command: the call is cancelled (the agent kills it) and we exit 128+signal. */
    const abandon = (signum: number) => {
      exitCode = 128 + signum;
      finish();
      call.cancel();
    };

    call.on("data", (m: ExecOutput__Output) => {
      switch (m.msg) {
        case "started":
          started = true;
          break;
        case "stdout":
          if (m.stdout && !stdout.write(m.stdout)) {
            call.pause();
            stdout.once("drain", () => call.resume());
          }
          break;
        case "stderr":
          if (m.stderr) stderr.write(m.stderr);
          break;
        case "exit_code":
          exitCode = m.exit_code ?? 0;
          break;
        default:
          break;
      }
    });
    call.on("error", (err) => finish(err));
    call.on("end", () => finish());

    call.write({ start });

    pumpExecInput({ stdin, stdout, rawMode }, { settled: () => settled, started: () => started }, {
      stdin: (data) => call.write({ stdin: data }),
      stdinClose: () => call.write({ stdin_close: true }),
      resize: (width, height) => call.write({ resize: { width, height } }),
      signal: (signum) => call.write({ signal: signum }),
    }, abandon, cleanups);
    cleanups.push(() => {
      if (!call.writableEnded) call.end();
    });
  });
}

/** Registers `exec`. */
export function registerExec(program: Command, ctx: CliContext): void {
  program
    .command("exec <name> [command...]")
    .description("run a command in an instance (put the command after --)")
    .option("--env <key=value>", "environment variable (repeatable)", collect)
    .option("--cwd <dir>", "working directory inside the instance")
    .option("--user <uid>", "user id to run as")
    .option("--group <gid>", "group id to run as")
    .option("-t, --force-interactive", "allocate a terminal")
    .option("-T, --force-noninteractive", "never allocate a terminal")
    .action(async (name: string, command: string[], opts: ExecOptions) => {
      ctx.exitCode = await runExec(ctx, name, command, opts);
    });
}
