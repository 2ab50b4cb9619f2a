// The peers, Incus 6.0 and LXD 5.0.2, each run from a fresh private dir (INCUS_DIR / LXD_DIR) so
// the bench never touches a daemon or state it did not create: a dir pool, a NAT bridge on a
// free /24 without IPv6, and root+eth0 on the default profile, as HOST.md describes.
import type { ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../agent/host/run";
import { mountsUnder, nftTables, pidsWithCmdline, removeTree, spawnDaemon, stopDaemon, exited } from "./host-cleanup";
import { cliRunner, deleteAll, tryStep, type Side } from "./side";
import { sleep } from "./stats";

/** incusd / lxd first start (database init, probes) takes a few seconds here. */
const DAEMON_READY_TIMEOUT_S = 90;
/** `admin shutdown` waits for the daemon to finish its tasks; nothing runs by then. */
const DAEMON_SHUTDOWN_TIMEOUT_MS = 30_000;

export interface PeerKind {
  label: "incus" | "lxd";
  /** The client binary. */
  client: string;
  daemon: string;
  daemonArgs: string[];
  /** Commands (binary first) that wait for the daemon and shut it down. */
  waitready: string[];
  shutdown: string[];
  /** Environment variable names for the state dir and the client config dir. */
  dirVar: string;
  confVar: string;
  /** The nftables table the daemon makes for its bridges. */
  nftTable: string;
  /** `--version` prefix expected from the client. */
  version: RegExp;
  /** MAC prefix of the NICs it makes: a veth pair it leaves in the host namespace is found by it. */
  macPrefix: string;
}

export const INCUS: PeerKind = {
  label: "incus",
  client: "/usr/bin/incus",
  daemon: "/usr/libexec/incus/incusd",
  daemonArgs: ["--group", "root"],
  waitready: ["/usr/bin/incus", "admin", "waitready", "--timeout", String(DAEMON_READY_TIMEOUT_S)],
  shutdown: ["/usr/bin/incus", "admin", "shutdown", "--timeout", "30"],
  dirVar: "INCUS_DIR",
  confVar: "INCUS_CONF",
  nftTable: "inet incus",
  version: /^6\./,
  macPrefix: "10:66:6a:",
};

/** LXD's client is `lxc` from the lxd-client package (not the lxc-* tools of the lxc package). */
export const LXD: PeerKind = {
  label: "lxd",
  client: "/usr/bin/lxc",
  daemon: "/usr/bin/lxd",
  daemonArgs: ["--group", "root"],
  waitready: ["/usr/bin/lxd", "waitready", "--timeout", String(DAEMON_READY_TIMEOUT_S)],
  shutdown: ["/usr/bin/lxd", "shutdown", "--timeout", "30"],
  dirVar: "LXD_DIR",
  confVar: "LXD_CONF",
  nftTable: "inet lxd",
  version: /^5\./,
  macPrefix: "00:16:3e:",
};

export class PeerSide implements Side {
  readonly label: string;
  private readonly root: string;
  private readonly env: Record<string, string>;
  private proc?: ChildProcess;
  private made = { pool: false, network: false, root: false, eth0: false, image: false };
  private nftBefore = new Set<string>();
  private vethBefore = new Set<string>();
  private alias = "";
  readonly cli;

  constructor(
    private readonly kind: PeerKind,
    private readonly names: { pool: string; network: string },
    private readonly subnet: string,
    /** More environment for the daemon and client (SSL_CERT_FILE: the CAs Go verifies servers with). */
    extraEnv: Record<string, string> = {},
  ) {
    this.label = kind.label;
    this.root = mkdtempSync(join(tmpdir(), `corral-bench-${kind.label}-`));
    chmodSync(this.root, 0o711);
    const state = join(this.root, "var");
    const conf = join(this.root, "conf");
    mkdirSync(state, { mode: 0o711 });
    mkdirSync(conf, { mode: 0o700 });
    this.env = { [kind.dirVar]: state, [kind.confVar]: conf, ...extraEnv };
    this.cli = cliRunner(kind.client, [], this.env);
  }

  /** Why the peer cannot run here, or null; checked before anything is started. */
  async unavailableReason(): Promise<string | null> {
    if (!existsSync(this.kind.client) || !existsSync(this.kind.daemon)) return `${this.kind.client} or ${this.kind.daemon} is not installed (run scripts/setup-bench.sh)`;
    const v = await run(this.kind.client, ["--version"], { env: this.env }).catch((e: Error) => ({ stdout: e.message }));
    if (!this.kind.version.test(v.stdout.trim())) return `${this.kind.client} --version says ${v.stdout.trim()}`;
    return null;
  }

  /** Starts the daemon alone (a bench that needs no pool, network or image: bench/remote-pull.ts). */
  async start(): Promise<void> {
    this.nftBefore = await nftTables();
    this.vethBefore = new Set((await hostVeths()).map((l) => l.ifname));
    this.proc = spawnDaemon(this.kind.daemon, this.kind.daemonArgs, this.env, join(this.root, "daemon.log"));
    await run(this.kind.waitready[0]!, this.kind.waitready.slice(1), { env: this.env, timeoutMs: (DAEMON_READY_TIMEOUT_S + 10) * 1000 });
    if (exited(this.proc)) throw new Error(`${this.kind.daemon} exited (log: ${join(this.root, "daemon.log")})`);
  }

  async setup(imagePath: string, imageAlias: string): Promise<void> {
    await this.start();
    const { pool, network } = this.names;
    await this.cli(["storage", "create", pool, "dir"]);
    this.made.pool = true;
    await this.cli(["network", "create", network, `ipv4.address=${this.subnet}`, "ipv4.nat=true", "ipv6.address=none"]);
    this.made.network = true;
    await this.cli(["profile", "device", "add", "default", "root", "disk", "path=/", `pool=${pool}`]);
    this.made.root = true;
    await this.cli(["profile", "device", "add", "default", "eth0", "nic", `network=${network}`, "name=eth0"]);
    this.made.eth0 = true;
    await this.cli(["image", "import", imagePath, "--alias", imageAlias]);
    this.made.image = true;
    this.alias = imageAlias;
  }

  /** The daemon's REST API socket. */
  get socketPath(): string {
    return join(this.env[this.kind.dirVar]!, "unix.socket");
  }

  daemonPids(): number[] {
    return this.proc?.pid !== undefined && !exited(this.proc) ? [this.proc.pid] : [];
  }

  async listInstances(): Promise<string[]> {
    const r = await this.cli(["list", "--format", "csv", "-c", "n"]);
    return r.stdout.split("\n").map((s) => s.trim()).filter(Boolean);
  }

  async teardown(): Promise<void> {
    const { pool, network } = this.names;
    if (this.proc && !exited(this.proc)) {
      await tryStep(`${this.label}: delete instances`, async () => deleteAll(this, await this.listInstances()));
      if (this.made.image) await tryStep(`${this.label}: image delete`, () => this.cli(["image", "delete", this.alias]));
      if (this.made.eth0) await tryStep(`${this.label}: profile eth0`, () => this.cli(["profile", "device", "remove", "default", "eth0"]));
      if (this.made.root) await tryStep(`${this.label}: profile root`, () => this.cli(["profile", "device", "remove", "default", "root"]));
      if (this.made.network) await tryStep(`${this.label}: network delete`, () => this.cli(["network", "delete", network]));
      if (this.made.pool) await tryStep(`${this.label}: storage delete`, () => this.cli(["storage", "delete", pool]));
      await tryStep(`${this.label}: shutdown`, () => run(this.kind.shutdown[0]!, this.kind.shutdown.slice(1), { env: this.env, timeoutMs: DAEMON_SHUTDOWN_TIMEOUT_MS + 5000 }));
    }
    if (this.proc) await stopDaemon(this.proc);
    // Anything that outlived the daemon (a dnsmasq of our bridge, a forkdns) is ours by its name.
    for (const pid of [...pidsWithCmdline(`--interface=${network}`), ...pidsWithCmdline(this.root)]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    await sleep(100);
    if (existsSync(`/sys/class/net/${network}`)) await tryStep(`${this.label}: bridge`, () => run("ip", ["link", "delete", network]));
    // Instances stopped with -f can leave their veth pair in the host namespace (seen with Incus).
    // A daemon that made no network made no instances either: another daemon's veths are left alone.
    for (const l of this.made.network ? await hostVeths() : []) {
      if (this.vethBefore.has(l.ifname) || !l.address?.startsWith(this.kind.macPrefix)) continue;
      await tryStep(`${this.label}: leftover ${l.ifname}`, () => run("ip", ["link", "delete", l.ifname]));
    }
    if (this.made.network && !this.nftBefore.has(this.kind.nftTable) && (await nftTables()).has(this.kind.nftTable)) {
      const [family, table] = this.kind.nftTable.split(" ");
      await tryStep(`${this.label}: nft table`, () => run("nft", ["delete", "table", family!, table!]));
    }
    if (mountsUnder(this.root).length) await sleep(200);
    await removeTree(this.root);
  }
}

/** veth interfaces in the host namespace. */
async function hostVeths(): Promise<{ ifname: string; address?: string }[]> {
  const r = await run("ip", ["-j", "link", "show", "type", "veth"]).catch(() => ({ stdout: "[]" }));
  return JSON.parse(r.stdout.trim() || "[]") as { ifname: string; address?: string }[];
}
