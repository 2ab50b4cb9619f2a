// The lean `corral exec`: the common command lines of `corral exec` (see parseFastExec) over a
// unix socket, served without commander, grpc-js or protobufjs — h2c.ts and lean-grpc.ts speak
// HTTP/2 and gRPC's framing, exec-wire.ts the four messages. Loading the full CLI costs a CLI process more than
// the rest of an exec. Behaviour matches exec.ts (exit codes, output, stdin, terminal, signals,
// error lines); every other form of the command goes to the full CLI, which also says what is
// wrong with a bad one. Only type imports from the rest of the CLI: they would load grpc-js.
import type { Io } from "./context";
import { pumpExecInput } from "./exec-input";
import { decodeExecOutput, encodeExecInput, grpcFrame, type ExecInputMsg } from "./exec-wire";
import { LeanClient } from "./lean-grpc";

/** Same value as client.ts (which cannot be imported here, see above). */
const DEFAULT_ENDPOINT = "unix:///var/lib/corral/corrald.sock";

export interface FastExec {
  endpoint: string;
  socketPath: string;
  name: string;
  command: string[];
  environment: Record<string, string>;
  cwd: string;
  uid?: number;
  gid?: number;
  forceInteractive: boolean;
  forceNoninteractive: boolean;
}

const uint = (s: string): number | undefined => (/^\d+$/.test(s) && Number(s) <= 0xffffffff ? Number(s) : undefined);

/**
 * Where `[--endpoint E] VERB ...` goes when E (or CORRAL_ENDPOINT, or the default) is a unix
 * socket: the endpoint, its path and the index of VERB; null for other global options or endpoints.
 */
export function unixSocketOf(argv: readonly string[], env: NodeJS.ProcessEnv): { endpoint: string; socketPath: string; verbAt: number } | null {
  let i = 0;
  let endpoint: string | undefined;
  for (; argv[i]?.startsWith("-"); i++) {
    const a = argv[i]!;
    if (a === "--endpoint" && i + 1 < argv.length) endpoint = argv[++i];
    else if (a.startsWith("--endpoint=")) endpoint = a.slice("--endpoint=".length);
    else return null;
  }
  if (i >= argv.length) return null;
  endpoint ??= env.CORRAL_ENDPOINT ?? DEFAULT_ENDPOINT;
  const socketPath = endpoint.startsWith("unix://") ? endpoint.slice("unix://".length) : endpoint.startsWith("/") ? endpoint : undefined;
  return socketPath ? { endpoint, socketPath, verbAt: i } : null;
}

/**
 * The request for `[--endpoint E] exec NAME [--env K=V] [--cwd D] [--user U] [--group G] [-t|-T]
 * -- COMMAND...` with a unix endpoint and valid values; null for anything else (the full CLI runs).
 */
export function parseFastExec(argv: readonly string[], env: NodeJS.ProcessEnv): FastExec | null {
  const at = unixSocketOf(argv, env);
  if (!at || argv[at.verbAt] !== "exec") return null;
  const { endpoint, socketPath } = at;
  let i = at.verbAt;
  const req: FastExec = { endpoint, socketPath, name: "", command: [], environment: {}, cwd: "", forceInteractive: false, forceNoninteractive: false };
  let named = false;
  for (i++; i < argv.length && argv[i] !== "--"; i++) {
    const a = argv[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === "--env" || flag === "--cwd" || flag === "--user" || flag === "--group") {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === "--") return null;
      if (flag === "--env") {
        const at = v.indexOf("=");
        if (at <= 0) return null;
        req.environment[v.slice(0, at)] = v.slice(at + 1);
      } else if (flag === "--cwd") req.cwd = v;
      else {
        const n = uint(v);
        if (n === undefined) return null;
        if (flag === "--user") req.uid = n;
        else req.gid = n;
      }
    } else if (eq < 0 && (a === "-t" || a === "--force-interactive")) req.forceInteractive = true;
    else if (eq < 0 && (a === "-T" || a === "--force-noninteractive")) req.forceNoninteractive = true;
    else if (!a.startsWith("-") && !named) {
      req.name = a;
      named = true;
    } else return null;
  }
  req.command = argv.slice(i + 1);
  if (argv[i] !== "--" || !named || req.command.length === 0) return null;
  return req;
}

/**
 * Runs the command; resolves to the exit code `corral exec` gives (errors are written to stderr,
 * code 1). With `stdinIsNull` (stdin is /dev/null) the command's stdin is closed at once and
 * io.stdin is never touched: opening it as a stream costs a CLI start a few milliseconds.
 */
export function runFastExec(req: FastExec, io: Io, stdinIsNull = false): Promise<number> {
  // io.stdout and io.stderr are read where used: a command without output never opens them.
  const stdin = stdinIsNull ? null : io.stdin;
  const tty = req.forceNoninteractive ? false : req.forceInteractive ? true : !!stdin?.isTTY && !!io.stdout.isTTY;
  const start: Extract<ExecInputMsg, { start: unknown }>["start"] = {
    command: req.command, environment: req.environment, cwd: req.cwd, uid: req.uid, gid: req.gid, tty, instance: req.name,
    ...(tty ? { width: io.stdout.columns ?? 80, height: io.stdout.rows ?? 24 } : {}),
  };
  const rawMode = tty && typeof stdin?.setRawMode === "function";
  const cleanups: Array<() => void> = [];

  return new Promise<number>((resolve) => {
    let settled = false;
    let started = false;
    let exitCode: number | undefined;
    let draining = false;
    const finish = (code: number, error?: string) => {
      if (settled) return;
      settled = true;
      for (const c of cleanups.reverse()) c();
      if (error !== undefined) io.stderr.write(`Error: ${error}\n`);
      resolve(code);
    };

    const client = new LeanClient(req.endpoint, req.socketPath);
    cleanups.push(() => client.close());
    const call = client.call("/corral.v1.Instances/Exec", (raw) => {
      if (settled) return;
      const m = decodeExecOutput(raw);
      if (m.msg === "started") started = true;
      else if (m.msg === "stdout" && m.stdout.length) {
        // Messages of a chunk already read still arrive after the pause: one drain listener for them all.
        if (!io.stdout.write(m.stdout) && !draining) {
          draining = true;
          client.pause();
          io.stdout.once("drain", () => {
            draining = false;
            client.resume();
          });
        }
      } else if (m.msg === "stderr" && m.stderr.length) io.stderr.write(m.stderr);
      else if (m.msg === "exit_code") exitCode = m.exit_code;
    });
    call.done.then(
      () => (exitCode === undefined ? finish(1, `exec ${req.name}: the stream ended without an exit code`) : finish(exitCode)),
      (e: Error) => finish(1, e.message),
    );
    const send = (m: ExecInputMsg) => call.stream.write(grpcFrame(encodeExecInput(m)));
    send({ start });

    const abandon = (signum: number) => {
      call.cancel();
      finish(128 + signum);
    };
    pumpExecInput({ stdin, get stdout() { return io.stdout; }, rawMode }, { settled: () => settled, started: () => started }, {
      stdin: (data) => send({ stdin: data }),
      stdinClose: () => send({ stdinClose: true }),
      resize: (width, height) => send({ resize: { width, height } }),
      signal: (signum) => send({ signal: signum }),
    }, abandon, cleanups);
    cleanups.push(() => call.stream.end());
  });
}
