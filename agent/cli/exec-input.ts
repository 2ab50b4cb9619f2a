// The client side of an exec's input, shared by the full CLI (grpc-js, exec.ts) and the lean exec
// path (node:http2, exec-fast.ts): free of heavy imports, so the lean bundle stays small.
import { constants as osConstants } from "node:os";
import type { Io } from "./context";

/** How long the CLI waits for a command's exit status after forwarding a signal, before it cancels the call. */
export const EXEC_SIGNAL_GRACE_MS = 5_000;
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** How the input reaches the call (each transport encodes the messages its own way). */
export interface ExecInputSink {
  stdin(data: Buffer): void;
  stdinClose(): void;
  resize(width: number, height: number): void;
  signal(signum: number): void;
}

/**
 * Wires a running exec call to the terminal: stdin goes to the command and its EOF (or no stdin at
 * all) closes the command's stdin; a raw terminal's size changes are sent. SIGINT/SIGTERM/SIGHUP:
 * before the command runs one cancels the call (`abandon`); while it runs the first is forwarded and
 * its exit status awaited for EXEC_SIGNAL_GRACE_MS, and a second gives up at once. Every listener
 * and timer is undone by `cleanups`.
 */
export function pumpExecInput(
  io: { stdin: Io["stdin"] | null; stdout: Io["stdout"]; rawMode: boolean },
  state: { readonly settled: () => boolean; readonly started: () => boolean },
  sink: ExecInputSink,
  abandon: (signum: number) => void,
  cleanups: Array<() => void>,
): void {
  // io.stdout is read only for a raw terminal: opening process.stdout (a pipe) costs a CLI start milliseconds.
  const { stdin } = io;
  let stdinClosed = false;
  const onData = (chunk: Buffer | string) => {
    if (!stdinClosed && !state.settled()) sink.stdin(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  };
  const onEnd = () => {
    if (stdinClosed || state.settled()) return;
    stdinClosed = true;
    sink.stdinClose();
  };
  if (!stdin) onEnd();
  else {
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onEnd);
    cleanups.push(() => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onEnd);
      stdin.pause();
    });
    if (stdin.readableEnded) onEnd();
    else stdin.resume();
  }

  if (io.rawMode && stdin?.setRawMode) {
    const { stdout } = io;
    stdin.setRawMode(true);
    cleanups.push(() => stdin.setRawMode!(false));
    const onResize = () => sink.resize(stdout.columns ?? 80, stdout.rows ?? 24);
    stdout.on("resize", onResize);
    cleanups.push(() => stdout.off("resize", onResize));
  }

  let signalled = false;
  const onSignal = (sig: NodeJS.Signals) => {
    const signum = osConstants.signals[sig];
    if (!state.started() || signalled) return abandon(signum);
    signalled = true;
    sink.signal(signum);
    const timer = setTimeout(() => abandon(signum), EXEC_SIGNAL_GRACE_MS);
    cleanups.push(() => clearTimeout(timer));
  };
  for (const sig of FORWARDED_SIGNALS) {
    process.on(sig, onSignal);
    cleanups.push(() => process.off(sig, onSignal));
  }
}
