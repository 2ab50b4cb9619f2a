// Executable entry of `corral` (bundled to bin/corral): runs main() and exits with its code once
// stdout has been flushed.
import { main } from "./main";

main(process.argv.slice(2)).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (err) => {
    process.stderr.write(`Error: ${String(err)}\n`);
    process.exit(1);
  },
);
