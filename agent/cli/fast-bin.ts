// Entry of dist/corral-fast.js, which bin/corral loads before the full CLI when its arguments
// name one of the lean verbs (exec, launch, delete, rm, start, stop, restart, image, list, ls):
// `handled` says whether a lean path took the command line (see exec-fast.ts, ops-fast.ts,
// list-fast.ts); when it did, the process exits with the command's code once stdout (when it was
// written to) has been flushed.
import { fstatSync } from "node:fs";
import { exitOnBrokenPipe } from "./broken-pipe";
import type { Io } from "./context";
import { parseFastExec, runFastExec } from "./exec-fast";
import { parseFastList, runFastList } from "./list-fast";
import { parseFastOp, runFastOp } from "./ops-fast";

/** Device number of /dev/null (major 1, minor 3). */
const DEV_NULL = 0x103;

function stdinIsDevNull(): boolean {
  try {
    const st = fstatSync(0);
    return st.isCharacterDevice() && st.rdev === DEV_NULL;
  } catch {
    return false;
  }
}

const argv = process.argv.slice(2);
let stdoutUsed = false;
/** The process streams, each opened on first use (opening one costs a CLI start a millisecond or more). */
const io: Io = {
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    if (!stdoutUsed) exitOnBrokenPipe(process.stdout);
    stdoutUsed = true;
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  env: process.env,
};
const exec = parseFastExec(argv, process.env);
const op = exec ? null : parseFastOp(argv, process.env);
const list = exec || op ? null : parseFastList(argv, process.env);
export const handled = exec !== null || op !== null || list !== null;
if (handled) {
  const run = exec ? runFastExec(exec, io, stdinIsDevNull()) : op ? runFastOp(op, io) : runFastList(list!, io);
  void run.then((code) => (stdoutUsed ? process.stdout.write("", () => process.exit(code)) : process.exit(code)));
}
