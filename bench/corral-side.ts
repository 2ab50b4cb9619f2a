// Our side: bin/corrald with a fresh data dir inside its own network namespace (entered with
// nsenter --net only, as the tests do, so LXC keeps the host's cgroup and /sys view), driven by
// bin/corral from the host namespace over the unix socket. A dir pool, an `auto` NAT bridge and
// root+eth0 on the default profile, like the peers.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../agent/host/run";
import { exited, removeTree, spawnDaemon, stopDaemon } from "./host-cleanup";
import { cliRunner, deleteAll, tryStep, type Side } from "./side";
import { sleep } from "./stats";

const ROOT = join(__dirname, "..");
export const CORRALD = join(ROOT, "bin", "corrald");
export const CORRAL = join(ROOT, "bin", "corral");
/** corrald is ready in well under a second; a loaded machine gets slack. */
const AGENT_READY_TIMEOUT_MS = 30_000;

export class CorralSide implements Side {
  readonly label = "ours";
  readonly dataDir: string;
  /** Where corrald keeps its LXC containers (for raw lxc-* floors). */
  get lxcPath(): string {
    return join(this.dataDir, "lxc");
  }
  readonly netns = `cbench-${randomBytes(3).toString("hex")}`;
  readonly logPath: string;
  private proc?: ChildProcess;
  private nsMade = false;
  private made = { pool: false, network: false, root: false, eth0: false, image: false };
  private alias = "";
  readonly cli;
  /** The agent's unix socket as a client endpoint. */
  readonly endpoint: string;

  /** debugChannels: CORRAL_DEBUG for corrald (e.g. "run" logs every host command with its duration); nodeArgs: more node options for corrald (--cpu-prof). */
  constructor(
    private readonly names: { pool: string; network: string },
    private readonly debugChannels = "",
    private readonly nodeArgs: string[] = [],
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), "corral-bench-ours-"));
    chmodSync(this.dataDir, 0o711);
    this.logPath = join(tmpdir(), `corral-bench-${this.netns}.log`);
    this.endpoint = `unix://${join(this.dataDir, "corrald.sock")}`;
    // Same shape as a user's `corral …`: the executable itself, one node process per command.
    this.cli = cliRunner(CORRAL, ["--endpoint", this.endpoint], {});
  }

  async setup(imagePath: string, imageAlias: string): Promise<void> {
    if (!existsSync(CORRALD) || !existsSync(CORRAL)) throw new Error("bin/corrald or bin/corral is missing: run `npm run build`");
    await run("ip", ["netns", "add", this.netns]);
    this.nsMade = true;
    await run("ip", ["-n", this.netns, "link", "set", "lo", "up"]);
    await this.launch();
    const { pool, network } = this.names;
    await this.cli(["storage", "create", pool, "dir"]);
    this.made.pool = true;
    await this.cli(["network", "create", network, "ipv4.address=auto", "ipv4.nat=true"]);
    this.made.network = true;
    await this.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", `pool=${pool}`]);
    this.made.root = true;
    await this.cli(["profile", "device", "add", "default", "eth0", "type=nic", `network=${network}`]);
    this.made.eth0 = true;
    await this.cli(["image", "import", imagePath, "--alias", imageAlias]);
    this.made.image = true;
    this.alias = imageAlias;
  }

  /** Starts corrald on the data dir (again, after a stop: the containers outlive it) and waits until it is ready. */
  private async launch(): Promise<void> {
    const from = this.logs().length;
    // With nodeArgs, node runs bin/corrald itself, with the options of its #! line first.
    const exe = this.nodeArgs.length ? [process.execPath, ...shebangNodeOptions(CORRALD), ...this.nodeArgs, CORRALD] : [CORRALD];
    const proc = spawnDaemon("nsenter", [`--net=/run/netns/${this.netns}`, "--", ...exe, "--data-dir", this.dataDir], { CORRAL_DEBUG: this.debugChannels }, this.logPath);
    this.proc = proc;
    const deadline = Date.now() + AGENT_READY_TIMEOUT_MS;
    while (!this.logs().slice(from).includes("corrald ready")) {
      if (exited(proc)) throw new Error(`corrald exited: ${this.logs().slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`corrald not ready after ${AGENT_READY_TIMEOUT_MS} ms: ${this.logs().slice(-2000)}`);
      await sleep(25);
    }
  }

  /** Stops corrald (SIGTERM; its containers keep running) and starts it again on the same data dir. */
  async restart(): Promise<void> {
    if (this.proc) await stopDaemon(this.proc);
    await this.launch();
  }

  /** corrald's stderr so far (structured logs; with CORRAL_DEBUG=run every host command and its duration). */
  logs(): string {
    try {
      return readFileSync(this.logPath, "utf8");
    } catch {
      return "";
    }
  }

  daemonPids(): number[] {
    // nsenter execs node: the child's pid is corrald itself.
    return this.proc?.pid !== undefined && !exited(this.proc) ? [this.proc.pid] : [];
  }

  async listInstances(): Promise<string[]> {
    const r = await this.cli(["list", "--format", "json"]);
    return (JSON.parse(r.stdout) as { name: string }[]).map((e) => e.name);
  }

  async teardown(): Promise<void> {
    const { pool, network } = this.names;
    if (this.proc && !exited(this.proc)) {
      await tryStep("ours: delete instances", async () => deleteAll(this, await this.listInstances()));
      if (this.made.image) await tryStep("ours: image delete", () => this.cli(["image", "delete", this.alias]));
      if (this.made.eth0) await tryStep("ours: profile eth0", () => this.cli(["profile", "device", "remove", "default", "eth0"]));
      if (this.made.root) await tryStep("ours: profile root", () => this.cli(["profile", "device", "remove", "default", "root"]));
      if (this.made.network) await tryStep("ours: network delete", () => this.cli(["network", "delete", network]));
      if (this.made.pool) await tryStep("ours: storage delete", () => this.cli(["storage", "delete", pool]));
    }
    if (this.proc) await stopDaemon(this.proc);
    // Containers outlive corrald by design: stop any the steps above could not delete.
    const left = existsSync(this.lxcPath) ? readdirSync(this.lxcPath) : [];
    for (const name of left) await run("lxc-stop", ["-k", "-n", name, "-P", this.lxcPath], { okCodes: [0, 1, 2] }).catch(() => {});
    if (this.nsMade) {
      const pids = await run("ip", ["netns", "pids", this.netns], { okCodes: [1] }).then((r) => r.stdout.split("\n").filter((s) => s.trim()).map(Number)).catch(() => [] as number[]);
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }
      if (pids.length) await sleep(200);
      await tryStep("ours: netns", () => run("ip", ["netns", "delete", this.netns]));
      this.nsMade = false;
    }
    await removeTree(this.dataDir);
    if (!process.env.BENCH_KEEP_LOGS) await removeTree(this.logPath);
  }
}

/** The node options on a script's `#!/usr/bin/env -S node …` line. */
function shebangNodeOptions(script: string): string[] {
  const first = readFileSync(script, "utf8").split("\n", 1)[0]!;
  const words = first.split(/\s+/);
  const at = words.indexOf("node");
  return at < 0 ? [] : words.slice(at + 1).filter(Boolean);
}
