// Entry of dist/corral-exec.js, which bin/corral loads before the full CLI when its arguments
// name `exec`: `handled` says whether this lean path took the command line (see exec-fast.ts);
// when it did, the process exits with the command's code once stdout has been flushed.
import { parseFastExec, runFastExec } from "./exec-fast";

const req = parseFastExec(process.argv.slice(2), process.env);
export const handled = req !== null;
if (req) {
  void runFastExec(req, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) =>
    process.stdout.write("", () => process.exit(code)),
  );
}
