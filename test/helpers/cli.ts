// The full CLI run in-process (main() with its streams captured), to compare with bin/corral's
// lean paths, which run as a process.
import { PassThrough, Writable } from "node:stream";
import type { Io } from "../../agent/cli/context";
import { main } from "../../agent/cli/main";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The full CLI, in-process, with `input` on its stdin. */
export async function fullCli(args: string[], input = ""): Promise<Outcome> {
  const stdin = new PassThrough();
  stdin.end(input);
  const text = { stdout: "", stderr: "" };
  const sink = (k: keyof typeof text) => new Writable({ write: (c: Buffer, _e, cb) => ((text[k] += c.toString()), cb()) });
  const io: Io = { stdin, stdout: sink("stdout"), stderr: sink("stderr"), env: {} };
  const code = await main(args, io);
  return { code, ...text };
}
