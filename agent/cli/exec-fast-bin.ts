// Entry of dist/corral-exec.js, which bin/corral loads before the full CLI when its arguments
// name `exec`: `handled` says whether this lean path took the command line (see exec-fast.ts);
// when it did, the process exits with the command's code once stdout has been flushed.
import { fstatSync } from "node:fs";
import { parseFastExec, runFastExec } from "./exec-fast";

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

const req = parseFastExec(process.argv.slice(2), process.env);
export const handled = req !== null;
if (req) {
  const io = {
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
  void runFastExec(req, io, stdinIsDevNull()).then((code) => process.stdout.write("", () => process.exit(code)));
}
