// corrald's host commands started by a small helper process (corral-exec-helper --host, see
// agent/instances/drivers/lxc/exec-helper.c) instead of node's spawn(). A node spawn forks corrald
// itself and waits, blocking the event loop, until the child has exec'd: its page tables are
// copied, which on this kind of VM costs a millisecond or more per command, and nothing else runs
// meanwhile. The helper is a ~1 MB static process whose fork is cheap; corrald only writes a frame.
// The commands are what they would be under spawn(): the given argv, environment, working
// directory and stdin (/dev/null or a socket the input is written to), stdout and stderr captured,
// exit code or signal, each on its own; they outlive a corrald that dies, as spawned ones do.
// run() uses it once the daemon has enabled it (enableSpawnHelper); commands that need more
// (inherited descriptors) and every process that did not enable it spawn as before.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { join } from "node:path";
import { FrameReader, STDIN_PIECE, T, frame } from "./helper-wire";

/** The built corral-exec-helper (scripts/build.mjs puts it in dist/, beside the bundles), or undefined where it was not built (no C compiler). */
export function helperBinary(): string | undefined {
  if (builtAt === null) builtAt = [join(__dirname, "corral-exec-helper"), join(__dirname, "../../dist/corral-exec-helper")].find((p) => existsSync(p));
  return builtAt;
}
/** helperBinary's answer, looked up once (null: not yet). */
let builtAt: string | undefined | null = null;

/** A helper that exits before saying READY this many times in a row is not tried again. */
const MAX_FAILED_STARTS = 3;

/** How a helper-run command ended: its code, or the signal that killed it; or the helper's reason it never ran. */
export type SpawnOutcome =
  | { kind: "exited"; code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: Buffer }
  | { kind: "failed"; errno?: number; message: string };

export interface SpawnRequest {
  cmd: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
  input?: Buffer;
  /** How long stdout/stderr may stay open (held by something the command started) after it exits. */
  drainMs: number;
}

export interface SpawnedCommand {
  done: Promise<SpawnOutcome>;
  kill(signal: NodeJS.Signals): void;
  /** Stops waiting for the command: its session is dropped, whatever the helper says of it later. */
  abandon(): void;
}

/** The outcome of a command the helper certainly did not start. */
export const NOT_RUN: SpawnOutcome = { kind: "failed", errno: -1, message: "the spawn helper ended before it ran the command" };

interface Session {
  stdout: Buffer[];
  stderr: Buffer[];
  resolve: (o: SpawnOutcome) => void;
}

const signalName = (n: number): NodeJS.Signals | null =>
  (Object.entries(osConstants.signals).find(([, v]) => v === n)?.[0] as NodeJS.Signals | undefined) ?? null;

/** One helper process; ends (and its sessions fail) when the helper exits. */
class SpawnHelper {
  private readonly proc: ChildProcess;
  private readonly sessions = new Map<number, Session>();
  private nextId = 1;
  private readonly frames = new FrameReader<Session>({
    ready: () => void (this.ready = true),
    session: (id) => this.sessions.get(id),
    output: (s, data, stream) => void s[stream].push(data),
    failed: (id, s, reason) => {
      const m = /^(\w+) (\d+) (.*)$/s.exec(reason);
      this.end(id, s, m ? { kind: "failed", errno: Number(m[2]), message: `${m[1]}: ${m[3]}` } : { kind: "failed", message: reason });
    },
    exited: (id, s, status) => {
      const out = { stdout: Buffer.concat(s.stdout), stderr: Buffer.concat(s.stderr) };
      this.end(id, s, status >= 0 ? { kind: "exited", code: status, signal: null, ...out } : { kind: "exited", code: null, signal: signalName(-status), ...out });
    },
  });
  ready = false;
  closed = false;

  constructor(binary: string, private readonly onGone: (wasReady: boolean) => void) {
    this.proc = spawn(binary, ["--host"], { stdio: ["pipe", "pipe", "inherit"] });
    this.keepAlive(false);
    this.proc.stdin!.on("error", () => {});
    this.proc.stdout!.on("data", (d: Buffer) => this.frames.push(d));
    this.proc.on("error", () => this.gone());
    this.proc.on("close", () => this.gone());
  }

  /** The helper keeps corrald's event loop alive only while commands run (as spawned children would). */
  private keepAlive(on: boolean): void {
    for (const h of [this.proc, this.proc.stdin, this.proc.stdout] as unknown as { ref(): void; unref(): void }[]) {
      if (on) h.ref();
      else h.unref();
    }
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.onGone(this.ready);
    for (const [id, s] of this.sessions) {
      this.sessions.delete(id);
      // A helper that never said READY read no frame: its commands never ran and may be spawned otherwise.
      s.resolve(this.ready ? { kind: "failed", message: "the spawn helper ended while the command ran" } : NOT_RUN);
    }
  }

  private end(id: number, s: Session, outcome: SpawnOutcome): void {
    this.sessions.delete(id);
    if (!this.sessions.size) this.keepAlive(false);
    s.resolve(outcome);
  }

  private send(type: number, id: number, payload?: Buffer): void {
    if (!this.closed) this.proc.stdin!.write(frame(type, id, payload));
  }

  start(req: SpawnRequest): SpawnedCommand {
    const id = this.nextId++;
    let resolve!: (o: SpawnOutcome) => void;
    const done = new Promise<SpawnOutcome>((r) => (resolve = r));
    const s: Session = { stdout: [], stderr: [], resolve };
    if (this.closed) {
      resolve(NOT_RUN);
      return { done, kill: () => {}, abandon: () => {} };
    }
    if (!this.sessions.size) this.keepAlive(true);
    this.sessions.set(id, s);
    const env = Object.entries(req.env).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
    const argv = [req.cmd, ...req.args];
    const head = Buffer.alloc(20);
    head.writeInt32LE(-1, 0);
    head.writeInt32LE(-1, 4);
    head.writeUInt32LE(Math.min(req.drainMs, 0xffffffff), 8);
    head.writeUInt32LE(argv.length, 12);
    head.writeUInt32LE(env.length, 16);
    const strings = [...argv, ...env, req.cwd ?? ""].map((a) => Buffer.from(a + "\0"));
    this.send(T.START, id, Buffer.concat([head, ...strings, Buffer.from([req.input === undefined ? 0 : 1])]));
    if (req.input !== undefined) {
      for (let off = 0; off < req.input.length; off += STDIN_PIECE) this.send(T.STDIN, id, req.input.subarray(off, off + STDIN_PIECE));
      this.send(T.STDIN_CLOSE, id);
    }
    return {
      done,
      kill: (signal) => {
        if (!this.sessions.has(id)) return;
        const n = Buffer.alloc(4);
        n.writeInt32LE(osConstants.signals[signal]);
        this.send(T.SIGNAL, id, n);
      },
      abandon: () => {
        if (this.sessions.delete(id) && !this.sessions.size) this.keepAlive(false);
      },
    };
  }
}

let binary: string | undefined;
let helper: SpawnHelper | undefined;
let failedStarts = 0;

/** Starts host commands through the helper at `path` from now on in this process (corrald does, at start). */
export function enableSpawnHelper(path: string | undefined): void {
  binary = path;
}

/** The running helper (started on first use, again after it ended), or undefined: run() then spawns itself. */
export function spawnHelper(): { start(req: SpawnRequest): SpawnedCommand } | undefined {
  if (!binary || failedStarts >= MAX_FAILED_STARTS) return undefined;
  if (!helper || helper.closed) {
    helper = new SpawnHelper(binary, (wasReady) => {
      failedStarts = wasReady ? 0 : failedStarts + 1;
    });
  }
  return helper;
}
