// The lean `corral list`: `[--endpoint E] list|ls [-f|--format table|csv|json]` over a unix
// socket, without commander, grpc-js or protobufjs (as ops-fast.ts does for the operation
// commands): the same request, decoded by list-wire.ts, rendered by the same functions as the full
// CLI's (instance-list.ts). Every other form (YAML, --help, a bad format) goes to the full CLI,
// which also says what is wrong with a bad one.
import type { Io } from "./context";
import { unixSocketOf } from "./exec-fast";
import { formatInstanceList } from "./instance-list";
import { runLean } from "./lean-grpc";
import { decodeListInstances, encodeListInstances } from "./list-wire";
import type { Format } from "./render";

export interface FastList {
  endpoint: string;
  socketPath: string;
  format: Format;
}

const FORMATS: readonly string[] = ["table", "csv", "json"];

/** The request for the command lines above with a unix endpoint; null for anything else. */
export function parseFastList(argv: readonly string[], env: NodeJS.ProcessEnv): FastList | null {
  const at = unixSocketOf(argv, env);
  if (!at || (argv[at.verbAt] !== "list" && argv[at.verbAt] !== "ls")) return null;
  let format = "table";
  for (let i = at.verbAt + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--format=")) format = a.slice("--format=".length);
    else if ((a === "-f" || a === "--format") && i + 1 < argv.length) format = argv[++i]!;
    else return null;
  }
  return FORMATS.includes(format) ? { endpoint: at.endpoint, socketPath: at.socketPath, format: format as Format } : null;
}

/** Runs the command; resolves to the exit code `corral` gives (errors are written to stderr, code 1). */
export function runFastList(req: FastList, io: Io): Promise<number> {
  return runLean(req, io, async (client) => {
    const reply = await client.unary("/corral.v1.Instances/ListInstances", encodeListInstances(true));
    io.stdout.write(formatInstanceList(decodeListInstances(reply), req.format));
    return 0;
  });
}
