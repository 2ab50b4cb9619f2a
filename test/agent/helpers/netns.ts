// Network namespaces for tests: every test that touches networking gets its own netns (cleaned up
// in teardown, with every process left in it), and a "worker" — a node process inside the netns
// that plays the agent and calls repo functions on request — because the test process itself
// stays in the host's namespace.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { run, type RunOptions, type RunResult } from "../../../agent/host/run";

interface Teardown {
  teardown(fn: () => unknown): void;
}

const ROOT = join(__dirname, "..", "..", "..");
const WORKER = join(__dirname, "netns-worker.ts");
/** A worker is a node + tsx start: a second or two; generous for a loaded CI machine. */
const WORKER_START_TIMEOUT_MS = 30_000;
/** Upper bound for one driver call (dnsmasq start, nft, ip): seconds in practice. */
const WORKER_CALL_TIMEOUT_MS = 60_000;

export const randomSuffix = (bytes = 3): string => randomBytes(bytes).toString("hex");

export interface Netns {
  name: string;
  /** Runs a command inside the namespace (`ip netns exec NAME cmd ...`). */
  exec(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** `ip -n NAME -j ARGS` parsed. */
  ipJson<T>(args: string[]): Promise<T[]>;
  /** Pids of processes whose network namespace is this one. */
  pids(): Promise<number[]>;
}

/** Creates a fresh netns (loopback up); teardown kills whatever runs in it and deletes it. */
export async function withNetns(t: Teardown, prefix = "cns"): Promise<Netns> {
  const name = `${prefix}-${randomSuffix()}`;
  await run("ip", ["netns", "add", name]);
  t.teardown(() => destroyNetns(name));
  await run("ip", ["-n", name, "link", "set", "lo", "up"]);
  return {
    name,
    exec: (cmd, args, opts) => run("ip", ["netns", "exec", name, cmd, ...args], opts),
    ipJson: async <T>(args: string[]) => {
      const out = (await run("ip", ["-n", name, "-j", ...args])).stdout.trim();
      return (out ? JSON.parse(out) : []) as T[];
    },
    pids: () => netnsPids(name),
  };
}

async function netnsPids(name: string): Promise<number[]> {
  const res = await run("ip", ["netns", "pids", name], { okCodes: [1] });
  return res.stdout.split("\n").map((s) => s.trim()).filter(Boolean).map(Number);
}

/** Kills every process in the netns, then deletes it (its interfaces and nft tables go with it). */
export async function destroyNetns(name: string): Promise<void> {
  const pids = await netnsPids(name).catch(() => [] as number[]);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  for (const pid of pids) {
    for (let i = 0; i < 200 && !(await isZombieOrGone(pid)); i++) await new Promise((r) => setTimeout(r, 10));
  }
  await run("ip", ["netns", "del", name]).catch(() => undefined);
}

async function isZombieOrGone(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return /\) Z /.test(stat);
  } catch {
    return true;
  }
}

/** An error answered by the worker, shaped like a CorralError for `t.rejects({code, field})`. */
export class WorkerError extends Error {
  code?: string;
  field?: string;
  constructor(e: { name?: string; message: string; code?: string; field?: string }) {
    super(e.message);
    this.name = e.name ?? "Error";
    this.code = e.code;
    this.field = e.field;
  }
}

export interface NetnsWorker {
  pid: number;
  /** Calls `module.target(...args)` or `module.target.method(...args)` inside the netns. */
  call<T = unknown>(module: string, target: string, method: string | undefined, ...args: unknown[]): Promise<T>;
  /** Ends the worker like an agent shutdown (processes it started detached keep running). */
  stop(): Promise<void>;
  /** The worker's stderr so far (agent logs), for failure messages. */
  stderr(): string;
}

/** Starts a worker in the netns; teardown stops it. */
export async function startWorker(t: Teardown, ns: Netns | string, env: Record<string, string> = {}): Promise<NetnsWorker> {
  const nsName = typeof ns === "string" ? ns : ns.name;
  const child: ChildProcessWithoutNullStreams = spawn("ip", ["netns", "exec", nsName, process.execPath, "--import", "tsx", WORKER], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  let readyResolve!: (pid: number) => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<number>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let msg: { ready?: boolean; pid?: number; id?: number; ok?: boolean; value?: unknown; error?: { message: string } };
    try {
      msg = JSON.parse(line);
    } catch {
      return; // stray output
    }
    if (msg.ready) return readyResolve(msg.pid!);
    const p = pending.get(msg.id!);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(new WorkerError(msg.error as { message: string }));
  });
  const exitedP = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      const err = new Error(`netns worker exited (${code}): ${stderr.slice(-2000)}`);
      readyReject(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      resolve();
    }),
  );
  const stop = async () => {
    if (exited) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exitedP;
    clearTimeout(timer);
  };
  t.teardown(stop);
  const startTimer = setTimeout(() => readyReject(new Error(`netns worker did not start within ${WORKER_START_TIMEOUT_MS} ms: ${stderr}`)), WORKER_START_TIMEOUT_MS);
  const pid = await ready.finally(() => clearTimeout(startTimer));
  let nextId = 1;
  return {
    pid,
    stderr: () => stderr,
    stop,
    call<T>(module: string, target: string, method: string | undefined, ...args: unknown[]): Promise<T> {
      if (exited) return Promise.reject(new Error("netns worker has exited"));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`netns worker call ${target}.${method ?? ""} did not answer within ${WORKER_CALL_TIMEOUT_MS} ms`));
        }, WORKER_CALL_TIMEOUT_MS);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v as T)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.stdin.write(JSON.stringify({ id, module, target, method, args }) + "\n");
      });
    },
  };
}

