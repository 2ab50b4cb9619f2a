// The lean `corral exec`: the common command lines of `corral exec` (see parseFastExec) over a
// unix socket, served without commander, grpc-js or protobufjs — node's http2 speaks gRPC's
// framing and exec-wire.ts the four messages. Loading the full CLI costs a CLI process more than
// the rest of an exec. Behaviour matches exec.ts (exit codes, output, stdin, terminal, signals,
// error lines); every other form of the command goes to the full CLI, which also says what is
// wrong with a bad one. Only type imports from the rest of the CLI: they would load grpc-js.
import type * as Http2 from "node:http2";
import type * as Net from "node:net";
import type { Io } from "./context";
import { pumpExecInput } from "./exec-input";
import { decodeExecOutput, encodeExecInput, GrpcDeframer, grpcFrame, type ExecInputMsg } from "./exec-wire";

/** Same value as client.ts (which cannot be imported here, see above). */
const DEFAULT_ENDPOINT = "unix:///var/lib/corral/corrald.sock";
const GRPC_UNAVAILABLE = 14;

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
 * The request for `[--endpoint E] exec NAME [--env K=V] [--cwd D] [--user U] [--group G] [-t|-T]
 * -- COMMAND...` with a unix endpoint and valid values; null for anything else (the full CLI runs).
 */
export function parseFastExec(argv: readonly string[], env: NodeJS.ProcessEnv): FastExec | null {
  let i = 0;
  let endpoint: string | undefined;
  for (; argv[i] !== "exec"; i++) {
    const a = argv[i];
    if (a === "--endpoint" && i + 1 < argv.length) endpoint = argv[++i];
    else if (a?.startsWith("--endpoint=")) endpoint = a.slice("--endpoint=".length);
    else return null;
  }
  endpoint ??= env.CORRAL_ENDPOINT ?? DEFAULT_ENDPOINT;
  const socketPath = endpoint.startsWith("unix://") ? endpoint.slice("unix://".length) : endpoint.startsWith("/") ? endpoint : undefined;
  if (!socketPath) return null;
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
  const http2 = require("node:http2") as typeof Http2;
  const net = require("node:net") as typeof Net;
  const { stdout, stderr } = io;
  const stdin = stdinIsNull ? null : io.stdin;
  const tty = req.forceNoninteractive ? false : req.forceInteractive ? true : !!stdin?.isTTY && !!stdout.isTTY;
  const start: Extract<ExecInputMsg, { start: unknown }>["start"] = {
    command: req.command, environment: req.environment, cwd: req.cwd, uid: req.uid, gid: req.gid, tty, instance: req.name,
    ...(tty ? { width: stdout.columns ?? 80, height: stdout.rows ?? 24 } : {}),
  };
  const rawMode = tty && typeof stdin?.setRawMode === "function";
  const cleanups: Array<() => void> = [];

  return new Promise<number>((resolve) => {
    let settled = false;
    let started = false;
    let connected = false;
    let exitCode: number | undefined;
    const finish = (code: number, error?: string) => {
      if (settled) return;
      settled = true;
      for (const c of cleanups.reverse()) c();
      if (error !== undefined) stderr.write(`Error: ${error}\n`);
      resolve(code);
    };
    const unreachable = (detail: string) => finish(1, `cannot reach corrald at ${req.endpoint}: ${detail}`);

    const session = http2.connect("http://localhost", { createConnection: () => net.connect(req.socketPath) });
    session.once("connect", () => (connected = true));
    /** The words grpc-js uses, as the full CLI shows them. */
    const dropped = (e: Error) => unreachable(connected ? `Connection dropped: ${e.message}` : `No connection established. Last error: ${String(e.cause ?? e)}.`);
    session.on("error", dropped);
    cleanups.push(() => session.destroy());
    const call = session.request({ ":method": "POST", ":path": "/corral.v1.Instances/Exec", "content-type": "application/grpc", te: "trailers" });
    const send = (m: ExecInputMsg) => {
      if (!call.writableEnded && !call.destroyed) call.write(grpcFrame(encodeExecInput(m)));
    };
    /** The call's final status, from the trailers (or the headers of a trailers-only answer). */
    const onStatus = (h: Http2.IncomingHttpHeaders) => {
      const code = Number(h["grpc-status"]);
      if (code === 0) {
        if (exitCode === undefined) finish(1, `exec ${req.name}: the stream ended without an exit code`);
        else finish(exitCode);
        return;
      }
      let details = String(h["grpc-message"] ?? "");
      try {
        details = decodeURIComponent(details);
      } catch {
        /* not percent-encoded */
      }
      details = details.replace(/\s*Resolution note:\s*$/, "") || `status ${code}`;
      if (code === GRPC_UNAVAILABLE && h["corral-error-code"] === undefined) unreachable(details);
      else finish(1, details);
    };
    call.on("response", (h) => {
      if (h["grpc-status"] !== undefined) onStatus(h);
      else if (h[":status"] !== 200) unreachable(`HTTP status ${h[":status"]} from the agent`);
    });
    call.on("trailers", onStatus);
    call.on("error", dropped);
    call.on("close", () => unreachable(`the call ended without a status (HTTP/2 code ${call.rstCode})`));

    const deframer = new GrpcDeframer();
    call.on("data", (chunk: Buffer) => {
      if (settled) return;
      for (const raw of deframer.push(chunk)) {
        const m = decodeExecOutput(raw);
        if (m.msg === "started") started = true;
        else if (m.msg === "stdout" && m.stdout.length && !stdout.write(m.stdout)) {
          call.pause();
          stdout.once("drain", () => call.resume());
        } else if (m.msg === "stderr" && m.stderr.length) stderr.write(m.stderr);
        else if (m.msg === "exit_code") exitCode = m.exit_code;
      }
    });

    send({ start });

    const abandon = (signum: number) => {
      call.close(http2.constants.NGHTTP2_CANCEL);
      finish(128 + signum);
    };
    pumpExecInput({ stdin, stdout, rawMode }, { settled: () => settled, started: () => started }, {
      stdin: (data) => send({ stdin: data }),
      stdinClose: () => send({ stdinClose: true }),
      resize: (width, height) => send({ resize: { width, height } }),
      signal: (signum) => send({ signal: signum }),
    }, abandon, cleanups);
    cleanups.push(() => {
      if (!call.writableEnded) call.end();
    });
  });
}
