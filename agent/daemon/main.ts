// corrald: the host agent, in the foreground. SIGTERM/SIGINT stop serving; instances keep running.
import { Command } from "commander";
import { Agent, STOP_GRACE_MS, VERSION } from "./agent";
import { log } from "../util/log";
import { enableSpawnHelper, helperBinary } from "../host/spawner";

/** The calls' grace period plus time to close pools, networks and the store. */
const STOP_HARD_LIMIT_MS = STOP_GRACE_MS + 10_000;

export async function main(argv: string[]): Promise<void> {
  const cmd = new Command("corrald")
    .description("Corral host agent: system containers, storage pools, networks and images over gRPC")
    .version(VERSION)
    .option("--data-dir <dir>", "state, images, pools and runtime files", process.env.CORRAL_DATA_DIR ?? "/var/lib/corral")
    .option("--socket <path>", "unix socket to serve (mode 0600; default <data-dir>/corrald.sock)")
    .option("--listen <host:port>", "also serve gRPC over TCP with mutual TLS")
    .option("--auto-init", "on first start create a dir pool, a NAT bridge and a default profile using them", false)
    .option("--join <token>", "join a cluster with a token from `corral cluster add NAME` (with --address)")
    .option("--address <ip>", "with --join: this host's address for the other members")
    .parse(["node", "corrald", ...argv]);
  const o = cmd.opts<{ dataDir: string; socket?: string; listen?: string; autoInit: boolean; join?: string; address?: string }>();
  // Host commands start from the small helper process where it was built (CORRAL_SPAWN_HELPER=0: node's spawn).
  if (process.env.CORRAL_SPAWN_HELPER !== "0") enableSpawnHelper(helperBinary());
  const agent = await Agent.start({ dataDir: o.dataDir, socket: o.socket, listen: o.listen, autoInit: o.autoInit, join: o.join, joinAddress: o.address });
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log("info", `received ${sig}, stopping (instances keep running)`);
    // Whatever hangs in the clean-up after the calls' grace period, the process still ends.
    setTimeout(() => {
      log("error", "stop did not finish in time; exiting anyway", { limitMs: STOP_HARD_LIMIT_MS });
      process.exit(1);
    }, STOP_HARD_LIMIT_MS).unref();
    agent.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

