// `corral console NAME`: this terminal attached to an instance's console over the Console stream.
// Ctrl+a q detaches (as lxc-console); so do SIGTERM, SIGINT and SIGHUP, and the instance stopping.
// The end of input does not: `corral console NAME </dev/null` watches the output. The instance keeps running.
import { constants as osConstants } from "node:os";
import type { ConsoleOutput__Output } from "../../proto/gen/types/corral/v1/ConsoleOutput";
import type { CliContext } from "./context";

/** Ctrl+a, then q: the detach sequence. */
const ESCAPE = 0x01;
const DETACH = 0x71;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Attaches until detached; a signal sets the exit code 128+signal. */
export function attachConsole(ctx: CliContext, name: string): Promise<void> {
  const { stdin, stdout, stderr } = ctx.io;
  const call = ctx.agent().raw.instances.Console();
  const raw = !!stdin.isTTY && typeof stdin.setRawMode === "function";
  if (raw) stderr.write("To detach from the console, press: <ctrl>+a q\r\n");
  return new Promise<void>((resolve, reject) => {
    const cleanups: Array<() => void> = [];
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const c of cleanups.reverse()) c();
      if (!call.writableEnded) call.end();
      if (err) reject(err);
      else resolve();
    };
    call.on("data", (m: ConsoleOutput__Output) => {
      if (m.data?.length) stdout.write(m.data);
    });
    call.on("error", (e) => finish(e));
    call.on("end", () => finish());
    call.write({ instance: name });

    let escaped = false;
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const out: number[] = [];
      for (const b of buf) {
        if (escaped) {
          escaped = false;
          if (b === DETACH) return finish();
          out.push(ESCAPE);
        }
        if (b === ESCAPE) escaped = true;
        else out.push(b);
      }
      if (out.length) call.write({ data: Buffer.from(out) });
    };
    stdin.on("data", onData);
    cleanups.push(() => {
      stdin.off("data", onData);
      stdin.pause();
    });
    if (raw) {
      stdin.setRawMode!(true);
      cleanups.push(() => stdin.setRawMode!(false));
    }
    stdin.resume();
    const onSignal = (sig: NodeJS.Signals) => {
      ctx.exitCode = 128 + osConstants.signals[sig];
      finish();
      call.cancel();
    };
    for (const sig of SIGNALS) {
      process.on(sig, onSignal);
      cleanups.push(() => process.off(sig, onSignal));
    }
  });
}
