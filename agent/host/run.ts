// The only way Corral runs host tools: an argument array, never a shell, with a named timeout
// and captured stderr so failures say exactly what ran.
import { spawn, type StdioOptions } from "node:child_process";
import { CorralError } from "../errors";
import { constants as osConstants } from "node:os";
import { debug } from "../util/log";
import { NOT_RUN, spawnHelper } from "./spawner";

const ENOENT = osConstants.errno.ENOENT;

const log = debug("run");

/** Default limit for host tools; long jobs (image unpack, mkfs) pass their own. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;
/**
 * A command that timed out is SIGKILLed; if it has not ended this long after, run() gives up on
 * it rather than waiting on: a spawn helper blocked (e.g. on a child's chdir into a wedged mount),
 * or, by node's spawn, a process the command started still holding its output.
 */
export const KILL_GRACE_MS = 5_000;

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
  input?: string | Buffer;
  cwd?: string;
  /** Exit codes that are not failures. */
  okCodes?: number[];
  /** Do not inherit the agent's environment (only PATH, LC_ALL and env). */
  cleanEnv?: boolean;
  /** Open file descriptors the command inherits as fd 3, 4, ... (e.g. a macvtap for QEMU). */
  extraFds?: number[];
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A host command that failed; message: `Failed to run: cmd args…: exit N (stderr)`. */
export class CommandError extends CorralError {
  readonly command: string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(command: string[], exitCode: number | null, stderr: string, reason?: string) {
    const what = reason ?? `exit ${exitCode}`;
    const tail = stderr.trim().split("\n").slice(-5).join("; ");
    super("CORRAL_ERR_COMMAND_FAILED", `Failed to run: ${command.join(" ")}: ${what}${tail ? ` (${tail})` : ""}`);
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

const BASE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Runs cmd with args and resolves with its output; rejects with CommandError on failure. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const argv = [cmd, ...args];
  const env = opts.cleanEnv
    ? { PATH: BASE_PATH, LC_ALL: "C", ...opts.env }
    : { ...process.env, PATH: process.env.PATH ?? BASE_PATH, LC_ALL: "C", ...opts.env };
  const started = Date.now();
  const helper = opts.extraFds?.length ? undefined : spawnHelper();
  if (helper) return runThroughHelper(helper, argv, env, timeoutMs, started, opts);
  return spawnRun(argv, env, timeoutMs, started, opts);
}

/** run() through the spawn helper (spawner.ts): the same outcomes, errors and timeouts as spawnRun. */
async function runThroughHelper(helper: NonNullable<ReturnType<typeof spawnHelper>>, argv: string[], env: Record<string, string | undefined>, timeoutMs: number, started: number, opts: RunOptions): Promise<RunResult> {
  if (opts.signal?.aborted) throw new CommandError(argv, null, "", "cancelled");
  const input = opts.input === undefined ? undefined : Buffer.from(opts.input);
  // As spawn's 'close': stdout and stderr are read to their end, so no later wait than the timeout.
  const cmd = helper.start({ cmd: argv[0]!, args: argv.slice(1), env, cwd: opts.cwd, input, drainMs: timeoutMs });
  let timedOut = false;
  let grace: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let giveUp!: (e: CommandError) => void;
  const ended = new Promise<never>((_, reject) => (giveUp = reject));
  ended.catch(() => {});
  const timer = setTimeout(() => {
    timedOut = true;
    cmd.kill("SIGKILL");
    grace = setTimeout(() => {
      cmd.abandon();
      giveUp(new CommandError(argv, null, "", `timed out after ${timeoutMs} ms (and no answer ${KILL_GRACE_MS} ms after SIGKILL)`));
    }, KILL_GRACE_MS);
  }, timeoutMs);
  if (opts.signal) {
    onAbort = () => {
      cmd.kill("SIGTERM");
      giveUp(new CommandError(argv, null, "", "cancelled"));
    };
    opts.signal.addEventListener("abort", onAbort, { once: true });
  }
  try {
    const o = await Promise.race([cmd.done, ended]);
    if (o.kind === "failed") {
      if (o === NOT_RUN) return await spawnRun(argv, env, timeoutMs, started, opts);
      throw new CommandError(argv, null, "", o.errno === ENOENT && o.message.startsWith("exec") ? "command not found" : o.message);
    }
    return settle(argv, started, timeoutMs, timedOut, opts, o.code, o.signal, { stdout: o.stdout.toString(), stderr: o.stderr.toString(), code: o.code ?? -1 });
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
    if (onAbort) opts.signal!.removeEventListener("abort", onAbort);
  }
}

/** What run() answers for a command that ran and ended (however it was started): its result, or the CommandError saying how it failed. */
function settle(argv: string[], started: number, timeoutMs: number, timedOut: boolean, opts: RunOptions, code: number | null, sig: string | null, res: RunResult): RunResult {
  log("%s (%d ms) -> %s", argv.join(" "), Date.now() - started, code ?? sig);
  if (timedOut) throw new CommandError(argv, null, res.stderr, `timed out after ${timeoutMs} ms`);
  if (code === 0 || (code !== null && opts.okCodes?.includes(code))) return res;
  throw new CommandError(argv, code, res.stderr, code === null ? `killed by ${sig}` : undefined);
}

/** run() by node's spawn. */
function spawnRun(argv: string[], env: Record<string, string | undefined>, timeoutMs: number, started: number, opts: RunOptions): Promise<RunResult> {
  const [cmd, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const stdio: StdioOptions = [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe", ...(opts.extraFds ?? [])];
    const child = spawn(cmd, args, { env, cwd: opts.cwd, stdio, signal: opts.signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
      // A process it started may still hold its stdout or stderr, and "close" waits for both.
      grace = setTimeout(() => (child.stdout!.destroy(), child.stderr!.destroy()), KILL_GRACE_MS);
    }, timeoutMs);
    child.stdout!.on("data", (d: Buffer) => out.push(d));
    child.stderr!.on("data", (d: Buffer) => err.push(d));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reason = e.code === "ENOENT" ? "command not found" : e.name === "AbortError" ? "cancelled" : e.message;
      reject(new CommandError(argv, null, Buffer.concat(err).toString(), reason));
    });
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      clearTimeout(grace);
      try {
        resolve(settle(argv, started, timeoutMs, timedOut, opts, code, sig, { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? -1 }));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Like run, but resolves false instead of throwing when the command fails or is missing. */
export async function succeeds(cmd: string, args: string[], opts: RunOptions = {}): Promise<boolean> {
  try {
    await run(cmd, args, opts);
    return true;
  } catch {
    return false;
  }
}
