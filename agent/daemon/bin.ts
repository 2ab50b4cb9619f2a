// Entry point of the bin/corrald bundle.
import { main } from "./main";
import { log } from "../util/log";

main(process.argv.slice(2)).catch((e) => {
  log("error", "corrald failed to start", { error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
