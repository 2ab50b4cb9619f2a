// The lean operation commands: the common command lines of `corral launch`, `delete`, `start`,
// `stop`, `restart` and `image copy` (see parseFastOp) over a unix socket, without commander,
// grpc-js or protobufjs (h2c.ts, lean-grpc.ts, ops-wire.ts), as exec-fast.ts does for exec. Behaviour
// matches instances.ts and remotes.ts (output, progress line, exit codes, error lines); every other form of these
// commands goes to the full CLI, which also says what is wrong with a bad one. Only type imports
// from the rest of the CLI: they would load grpc-js.
import type { Io } from "./context";
import { unixSocketOf } from "./exec-fast";
import { CallFailed, runLean, type LeanClient } from "./lean-grpc";
import { decodeOperation, encodeChangeState, encodeCreate, encodeDelete, encodeGetOperation, encodePullImage, type CreateMsg, type OperationMsg } from "./ops-wire";
import { ProgressLine } from "./progress";

const GRPC_UNKNOWN = 2;
const GRPC_UNAVAILABLE = 14;
const STATE_LABELS: Record<string, string> = { start: "Starting", stop: "Stopping", restart: "Restarting" };

export type FastOp =
  | { verb: "delete"; endpoint: string; socketPath: string; names: string[]; force: boolean }
  | { verb: "start" | "stop" | "restart"; endpoint: string; socketPath: string; names: string[]; force: boolean; timeoutS: number }
  | { verb: "launch"; endpoint: string; socketPath: string; create: CreateMsg }
  | { verb: "image copy"; endpoint: string; socketPath: string; remote: string; ref: string; type: string };

/** Options of each verb: flag -> [canonical name, takes a value]. */
const FLAGS: Record<string, Record<string, [string, boolean]>> = {
  delete: { "-f": ["force", false], "--force": ["force", false] },
  start: {},
  stop: { "-f": ["force", false], "--force": ["force", false], "--timeout": ["timeout", true] },
  launch: {
    "-s": ["storage", true], "--storage": ["storage", true], "-n": ["network", true], "--network": ["network", true],
    "-c": ["config", true], "--config": ["config", true], "-p": ["profile", true], "--profile": ["profile", true],
    "-e": ["ephemeral", false], "--ephemeral": ["ephemeral", false], "--vm": ["vm", false],
  },
};
FLAGS.image = { "--vm": ["vm", false] };
FLAGS.restart = FLAGS.stop!;
FLAGS.rm = FLAGS.delete!;

/**
 * The request for `[--endpoint E] VERB ...` with the options FLAGS lists, a unix endpoint and
 * valid values; null for anything else (the full CLI runs: remote images, devices, --help, ...).
 */
export function parseFastOp(argv: readonly string[], env: NodeJS.ProcessEnv): FastOp | null {
  const at = unixSocketOf(argv, env);
  if (!at) return null;
  const { endpoint, socketPath, verbAt } = at;
  const verb = argv[verbAt]!;
  if (!Object.hasOwn(FLAGS, verb)) return null;
  const flags = FLAGS[verb]!;
  const positional: string[] = [];
  const values: Record<string, string[]> = {};
  for (let i = verbAt + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) {
      positional.push(a);
      continue;
    }
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (!Object.hasOwn(flags, flag)) return null;
    const spec = flags[flag]!;
    const [key, takesValue] = spec;
    if (!takesValue) {
      if (eq > 0) return null;
      values[key] = ["true"];
      continue;
    }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || (eq < 0 && v.startsWith("-"))) return null;
    (values[key] ??= []).push(v);
  }
  const last = (k: string) => values[k]?.at(-1);
  if (verb === "launch") {
    const [image, name] = positional;
    if (positional.length !== 2 || !image || !name || image.indexOf(":") > 0) return null;
    const config: Record<string, string> = {};
    for (const kv of values.config ?? []) {
      const eq = kv.indexOf("=");
      if (eq <= 0) return null;
      config[kv.slice(0, eq)] = kv.slice(eq + 1);
    }
    const devices: Record<string, Record<string, string>> = {};
    const storage = last("storage");
    const network = last("network");
    if (storage) devices.root = { type: "disk", path: "/", pool: storage };
    if (network) devices.eth0 = { type: "nic", network };
    const profiles = values.profile ?? [];
    return {
      verb, endpoint, socketPath,
      create: { name, image, type: values.vm ? "virtual-machine" : "container", profiles, profilesSet: profiles.length > 0, config, devices, ephemeral: !!values.ephemeral, start: true },
    };
  }
  if (verb === "image") {
    // `image copy REMOTE:REF`, as remotes.ts takes it (splitRemoteRef); any other image command goes to the full CLI.
    const [sub, source] = positional;
    const colon = source?.indexOf(":") ?? -1;
    if (positional.length !== 2 || sub !== "copy" || colon <= 0) return null;
    return { verb: "image copy", endpoint, socketPath, remote: source!.slice(0, colon), ref: source!.slice(colon + 1), type: values.vm ? "virtual-machine" : "container" };
  }
  if (!positional.length) return null;
  const force = !!values.force;
  if (verb === "delete" || verb === "rm") return { verb: "delete", endpoint, socketPath, names: positional, force };
  const timeout = last("timeout");
  if (timeout !== undefined && (!/^\d+$/.test(timeout) || Number(timeout) > 0xffffffff)) return null;
  return { verb: verb as "start" | "stop" | "restart", endpoint, socketPath, names: positional, force, timeoutS: timeout === undefined ? 0 : Number(timeout) };
}

/** An operation that ended other than SUCCESS: the message and code the full CLI derives (client.ts waitOperation, main.ts). */
function settle(op: OperationMsg, client: LeanClient): void {
  if (op.status === "SUCCESS") return;
  const message = op.error_message || `operation ${op.id} ${op.status}`;
  const code = op.error_code || GRPC_UNKNOWN;
  throw code === GRPC_UNAVAILABLE ? client.unreachable(message) : new CallFailed(message);
}

const done = (op: OperationMsg) => op.status === "SUCCESS" || op.status === "FAILURE" || op.status === "CANCELLED";

/** Runs the command; resolves to the exit code `corral` gives (errors are written to stderr, code 1). */
export function runFastOp(req: FastOp, io: Io): Promise<number> {
  return runLean(req, io, async (client) => {
    /** Starts an operation with `method` and waits for it, with the progress line the full CLI shows. */
    const operation = async (method: string, request: Buffer, label: string): Promise<{ first: OperationMsg; last: OperationMsg }> => {
      const first = decodeOperation(await client.unary(method, request));
      let op = first;
      const progress = new ProgressLine(io.stderr);
      progress.update(op, label);
      try {
        if (!done(op)) {
          await client.serverStream("/corral.v1.Operations/WatchOperation", encodeGetOperation(op.id), (m) => {
            op = decodeOperation(m);
            progress.update(op, label);
          });
        }
        settle(op, client);
        return { first, last: op };
      } finally {
        progress.clear();
      }
    };
    if (req.verb === "launch") {
      const name = req.create.name;
      io.stdout.write(`Creating ${name}\nStarting ${name}\n`);
      await operation("/corral.v1.Instances/CreateInstance", encodeCreate(req.create), `Creating ${name}`);
    } else if (req.verb === "image copy") {
      const { first, last } = await operation("/corral.v1.Remotes/PullImage", encodePullImage(req.remote, req.ref, req.type), `Retrieving image ${req.remote}:${req.ref}`);
      // The fingerprint, as remotes.ts prints it (fingerprintOf).
      const fp = (last.resource || first.resource).replace(/^images\//, "");
      io.stdout.write(`${fp}\n`);
    } else if (req.verb === "delete") {
      for (const name of req.names) await operation("/corral.v1.Instances/DeleteInstance", encodeDelete(name, req.force), `Deleting ${name}`);
    } else {
      for (const name of req.names) {
        await operation("/corral.v1.Instances/ChangeInstanceState", encodeChangeState(name, req.verb, req.force, req.timeoutS), `${STATE_LABELS[req.verb]} ${name}`);
      }
    }
    return 0;
  });
}
