// Embedded etcd: corrald runs Debian's `etcd` as a child process and supervises it — waits until
// it serves clients, restarts it with bounded backoff when it dies, copies its JSON log lines
// into the agent's log, and stops it (SIGTERM, then SIGKILL after a bound) when the agent stops.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CorralError } from "../errors";
import { log } from "../util/log";

export const ETCD_BINARY = process.env.CORRAL_ETCD ?? "/usr/bin/etcd";
/** A fresh single member serves in ~0.5 s here; replaying a large WAL or a slow disk gets slack. */
export const ETCD_START_TIMEOUT_MS = 30_000;
/** etcd flushes and leaves within a second on SIGTERM; after this it is killed. */
export const ETCD_STOP_TIMEOUT_MS = 10_000;
/** First restart delay after a crash; doubled on each crash in a row. */
const RESTART_BACKOFF_MIN_MS = 250;
/** Restart delays never exceed this, so a member recovers soon after its cause (disk full, port taken) is fixed. */
const RESTART_BACKOFF_MAX_MS = 30_000;
/** An etcd that ran this long counts as healthy again: the next crash restarts it after the minimum delay. */
const RESTART_STABLE_MS = 60_000;
/** Raft timing: etcd's defaults (100 ms heartbeat, 1 s election) suit a LAN. */
const HEARTBEAT_MS = 100;
const ELECTION_TIMEOUT_MS = 1_000;

export interface EtcdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface EtcdProcessOptions {
  /** etcd member name (the Corral member name). */
  name: string;
  dataDir: string;
  /** URL clients dial, e.g. https://10.0.0.1:2379. */
  clientUrl: string;
  /** URL other voters dial, e.g. https://10.0.0.1:2380. */
  peerUrl: string;
  /** `name=peerUrl,…` of every voter including this one; only read when the data dir is new. */
  initialCluster?: string;
  /** `new` for the first member, `existing` when joining running voters. */
  initialClusterState?: "new" | "existing";
  /** Client and peer TLS with certificate authentication against the cluster CA; plain HTTP without. */
  tls?: EtcdTlsFiles;
}

/** The etcd command line: TLS both ways when tls is set, listening exactly on the advertised URLs. */
export function etcdArgs(o: EtcdProcessOptions): string[] {
  const args = [
    "--name", o.name, "--data-dir", o.dataDir,
    "--listen-client-urls", o.clientUrl, "--advertise-client-urls", o.clientUrl,
    "--listen-peer-urls", o.peerUrl, "--initial-advertise-peer-urls", o.peerUrl,
    "--initial-cluster", o.initialCluster ?? `${o.name}=${o.peerUrl}`,
    "--initial-cluster-state", o.initialClusterState ?? "new",
    "--heartbeat-interval", String(HEARTBEAT_MS), "--election-timeout", String(ELECTION_TIMEOUT_MS),
    "--logger", "zap", "--log-outputs", "stderr",
  ];
  if (o.tls) {
    const { caFile, certFile, keyFile } = o.tls;
    args.push(
      "--client-cert-auth", "--trusted-ca-file", caFile, "--cert-file", certFile, "--key-file", keyFile,
      "--peer-client-cert-auth", "--peer-trusted-ca-file", caFile, "--peer-cert-file", certFile, "--peer-key-file", keyFile,
    );
  }
  return args;
}

export class EtcdProcess {
  private proc?: ChildProcess;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private crashesInARow = 0;
  /** etcd said this member was removed from the etcd cluster: it is not started again. */
  removed = false;
  /** Times etcd was started (the first start included); tests and `corral info` read it. */
  starts = 0;

  constructor(readonly opts: EtcdProcessOptions) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts etcd and resolves when it serves clients; rejects (and leaves nothing running) otherwise. */
  async start(): Promise<void> {
    this.stopping = false;
    mkdirSync(this.opts.dataDir, { recursive: true, mode: 0o700 });
    await this.killStale();
    await this.launch();
  }

  private get pidFile(): string {
    return join(this.opts.dataDir, "corral-etcd.pid");
  }

  /**
   * An etcd left running by an agent that was killed (SIGKILL gives it no chance to stop its
   * child) still holds the data dir and ports: stop it, if the pid file names an etcd on our data dir.
   */
  async killStale(): Promise<void> {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, "utf8").trim());
    } catch {
      return;
    }
    const argv = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      } catch {
        return [];
      }
    })();
    if (pid > 0 && argv[0] === ETCD_BINARY && argv.includes(this.opts.dataDir)) {
      log("warn", "stopping an etcd left by a previous agent", { pid, member: this.opts.name });
      process.kill(pid, "SIGKILL");
      const deadline = Date.now() + ETCD_STOP_TIMEOUT_MS;
      while (Date.now() < deadline && isRunning(pid)) await new Promise((r) => setTimeout(r, 20));
    }
    rmSync(this.pidFile, { force: true });
  }

  private launch(): Promise<void> {
    const args = etcdArgs(this.opts);
    const proc = spawn(ETCD_BINARY, args, { stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" } });
    this.proc = proc;
    this.starts++;
    if (proc.pid) writeFileSync(this.pidFile, `${proc.pid}\n`);
    const startedAt = Date.now();
    let tail: string[] = [];
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        proc.kill("SIGKILL");
        reject(new CorralError("CORRAL_ERR_TIMEOUT", `etcd did not serve clients within ${ETCD_START_TIMEOUT_MS} ms (a voter serves once a majority of the voters run): ${tail.join("; ")}`));
      }, ETCD_START_TIMEOUT_MS);
      let buf = "";
      proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          tail = [...tail.slice(-4), line];
          const rec = relayLine(this.opts.name, line);
          if (/must be removed|permanently removed/.test(`${rec?.msg ?? ""} ${String(rec?.error ?? "")}`)) this.removed = true;
          if (!ready && /serving client traffic/.test(rec?.msg ?? "")) {
            ready = true;
            clearTimeout(timer);
            resolve();
          }
        }
      });
      proc.on("error", (err) => {
        clearTimeout(timer);
        reject(new CorralError("CORRAL_ERR_UNAVAILABLE", `cannot run ${ETCD_BINARY}: ${err.message} (install the etcd-server package)`));
      });
      proc.on("exit", (code, signal) => {
        if (!ready) {
          clearTimeout(timer);
          reject(new CorralError("CORRAL_ERR_UNAVAILABLE", `etcd exited before serving clients (${signal ?? `exit ${code}`}): ${tail.join("; ")}`));
          return;
        }
        if (this.stopping || this.proc !== proc) return;
        if (this.removed) {
          log("error", "etcd exited: this member was removed from the etcd cluster; not restarting it", { member: this.opts.name });
          return;
        }
        if (Date.now() - startedAt > RESTART_STABLE_MS) this.crashesInARow = 0;
        this.scheduleRestart("etcd exited; restarting", { code, signal });
      });
    });
  }

  /** Restarts etcd after a delay that doubles with each crash in a row, up to RESTART_BACKOFF_MAX_MS. */
  private scheduleRestart(message: string, fields: Record<string, unknown>): void {
    this.crashesInARow++;
    const delay = Math.min(RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_MIN_MS * 2 ** (this.crashesInARow - 1));
    log("error", message, { member: this.opts.name, ...fields, restartInMs: delay });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.launch().then(
        () => log("info", "etcd restarted", { member: this.opts.name, starts: this.starts }),
        (err: Error) => {
          if (!this.stopping && !this.removed) this.scheduleRestart("etcd restart failed; retrying", { error: err.message });
        },
      );
    }, delay);
  }

  /** SIGTERM, then SIGKILL after ETCD_STOP_TIMEOUT_MS; no restart afterwards. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once("exit", () => r()));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => {
      log("warn", "etcd did not stop in time; killing it", { member: this.opts.name, timeoutMs: ETCD_STOP_TIMEOUT_MS });
      proc.kill("SIGKILL");
    }, ETCD_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    rmSync(this.pidFile, { force: true });
  }
}

/**
 * Whether any thread of pid still runs. etcd is multi-threaded: its main thread can be a zombie
 * while other threads are still exiting and hold its sockets (a new etcd then finds its ports taken).
 */
function isRunning(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try {
        return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"));
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

interface ZapRecord {
  level?: string;
  msg?: string;
  [k: string]: unknown;
}

/** Writes one etcd log line into the agent's log (level kept, tagged with the member) and returns it parsed. */
function relayLine(member: string, line: string): ZapRecord | undefined {
  if (!line.trim()) return undefined;
  let rec: ZapRecord;
  try {
    rec = JSON.parse(line) as ZapRecord;
  } catch {
    log("info", line, { "@module": "etcd", member });
    return undefined;
  }
  const { level, msg, ts: _ts, ...fields } = rec;
  const lvl = level === "warn" || level === "debug" || level === "info" ? level : "error";
  log(lvl, `etcd: ${msg ?? ""}`, { "@module": "etcd", member, ...fields });
  return rec;
}
