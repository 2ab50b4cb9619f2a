// Executable entry of `corral` (bundled to bin/corral): runs main() and exits with its code once
// stdout has been flushed.
import { exitOnBrokenPipe } from "./broken-pipe";
import { main } from "./main";

exitOnBrokenPipe(process.stdout);

main(process.argv.slice(2)).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (err) => {
    process.stderr.write(`Error: ${String(err)}\n`);
    process.exit(1);
  },
);
