// The agent's side of corral-exec-helper (exec-helper.c): one lxc-attach per container run starts
// the helper inside the container, and every later exec is a fork of it rather than a new
// lxc-attach (lxc-attach alone costs more than Incus's whole REST exec). The helper is started
// by lxc-attach itself, so the commands get what lxc-attach gives them: namespaces, cgroup, LSM
// label, seccomp filter, capabilities, personality; the helper's child repeats the per-command
// steps (groups, gid, uid, the --clear-env environment, socketpairs as stdio, execvp and its
// 126/127 exit codes). Differences that remain: the command's parent is the helper (its ppid
// inside is the helper's pid, not 0), the helper shows in the container's process list as
// `corral-exec` and counts against its process limit, and a command that cannot be found
// reports it as `corral-exec: … - Failed to exec "x"` instead of LXC's log line.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { PassThrough, Writable } from "node:stream";
import { FrameReader, STDIN_PIECE, T, frame } from "../../../host/helper-wire";
import type { ExecProcess } from "../../driver";
import { BASE_PATH, type AttachOptions, type LxcTarget } from "./cli";

/** Stdin written but not yet taken by the command: beyond this, writes wait (backpressure). */
const STDIN_WINDOW = 256 * 1024;
/** lxc-attach plus the helper's start: tens of milliseconds; a wedged attach is given up. */
export const HELPER_START_TIMEOUT_MS = 10_000;


interface Session {
  stdout: PassThrough;
  stderr: PassThrough;
  started: boolean;
  unacked: number;
  /** A stdin write waiting for the command to take some of what is in flight. */
  blocked?: () => void;
  resolve: (code: number) => void;
  reject: (e: unknown) => void;
}

/** One helper process inside one container run. */
export class ExecHelper {
  private readonly proc: ChildProcess;
  private readonly sessions = new Map<number, Session>();
  private nextId = 1;
  private readonly frames = new FrameReader<Session>({
    ready: () => this.onReady(),
    session: (id) => this.sessions.get(id),
    started: (s) => void (s.started = true),
    output: (s, data, stream) => void s[stream].write(data),
    stdinAck: (s, bytes) => {
      s.unacked -= bytes;
      if (s.unacked <= STDIN_WINDOW && s.blocked) {
        const go = s.blocked;
        s.blocked = undefined;
        go();
      }
    },
    failed: (id, s, reason) => this.end(id, s, new Error(reason)),
    exited: (id, s, status) => this.end(id, s, status),
  });
  private stderrText = "";
  /** Resolves once the helper said READY; rejects (with lxc-attach's own words) when it never will. */
  readonly ready: Promise<void>;
  isReady = false;
  closed = false;
  /** When the last command ended (or the helper started); undefined while commands run. */
  private idleAt: number | undefined = Date.now();

  constructor(t: LxcTarget, binary: string, private readonly drainMs: number) {
    // The binary reaches the container as fd 3, executed as /proc/self/fd/3: nothing is copied in.
    const fd = openSync(binary, "r");
    try {
      this.proc = spawn("lxc-attach", ["-n", t.name, "-P", t.lxcPath, "--clear-env", "--", "/proc/self/fd/3"], {
        cwd: "/", env: { PATH: BASE_PATH, LC_ALL: "C" }, stdio: ["pipe", "pipe", "pipe", fd],
      });
    } finally {
      closeSync(fd);
    }
    // An idle helper never keeps corrald alive (its exit closes the channel, which ends the
    // helper); one running commands does, as an lxc-attach would (see keepAlive).
    this.proc.unref();
    this.keepAlive(false);
    this.proc.stdin!.on("error", () => {});
    this.proc.stderr!.on("data", (d: Buffer) => (this.stderrText = (this.stderrText + d.toString()).slice(-4096)));
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the exec helper did not start within ${HELPER_START_TIMEOUT_MS} ms`));
        this.close();
      }, HELPER_START_TIMEOUT_MS);
      this.onReady = () => {
        clearTimeout(timer);
        this.isReady = true;
        resolve();
      };
      this.onGone = () => {
        clearTimeout(timer);
        reject(new Error(this.stderrText.trim().split("\n")[0] || "the exec helper exited"));
      };
    });
    this.ready.catch(() => {});
    this.proc.stdout!.on("data", (d: Buffer) => this.frames.push(d));
    this.proc.on("error", () => this.gone());
    this.proc.on("close", () => this.gone());
  }

  private onReady: () => void = () => {};
  private onGone: () => void = () => {};

  /** Ends the helper: it kills its commands and exits once its input closes (a wedged attach is killed). */
  close(): void {
    if (this.closed) return;
    this.proc.stdin!.end();
    if (!this.isReady) this.proc.kill("SIGKILL");
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.isReady = false;
    this.onGone();
    // Commands that had started died with the helper (the container stopped, or someone inside
    // killed it): as lxc-attach reports a command killed that way. Others never ran.
    for (const [id, s] of this.sessions) this.end(id, s, s.started ? 128 + osConstants.signals.SIGKILL : new Error(`the exec helper ended: ${this.stderrText.trim() || "no reason given"}`));
  }

  /** Whether the channel keeps the event loop alive: while commands run. */
  private keepAlive(on: boolean): void {
    for (const s of [this.proc.stdin, this.proc.stdout, this.proc.stderr] as unknown as { ref(): void; unref(): void }[]) {
      if (on) s.ref();
      else s.unref();
    }
  }

  /** Milliseconds since the helper last ran a command (0 while one runs). */
  idleFor(now: number): number {
    return this.idleAt === undefined ? 0 : now - this.idleAt;
  }

  private end(id: number, s: Session, outcome: number | Error): void {
    this.sessions.delete(id);
    if (!this.sessions.size) {
      this.keepAlive(false);
      this.idleAt = Date.now();
    }
    s.stdout.end();
    s.stderr.end();
    s.blocked?.();
    if (typeof outcome === "number") s.resolve(outcome);
    else s.reject(outcome);
  }

  private send(type: number, id: number, payload?: Buffer): void {
    if (!this.closed) this.proc.stdin!.write(frame(type, id, payload));
  }

  /** Runs a command through the helper. A failure before the command ran rejects `exited` with the helper's reason. */
  exec(o: AttachOptions): ExecProcess {
    const id = this.nextId++;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let resolve!: (code: number) => void;
    let reject!: (e: unknown) => void;
    const exited = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
    const s: Session = { stdout, stderr, started: false, unacked: 0, resolve, reject };
    if (!this.sessions.size) this.keepAlive(true);
    this.idleAt = undefined;
    this.sessions.set(id, s);
    const env = Object.entries(o.env).map(([k, v]) => `${k}=${v}`);
    // lxc-attach has no working-directory option: attachArgs' guest shell changes into it, the same command line here.
    const argv = o.cwd !== undefined ? ["/bin/sh", "-c", 'cd -- "$1" || exit 126; shift; exec "$@"', "corral-exec", o.cwd, ...o.command] : o.command;
    const head = Buffer.alloc(20);
    head.writeInt32LE(o.uid ?? -1, 0);
    head.writeInt32LE(o.gid ?? -1, 4);
    head.writeUInt32LE(this.drainMs, 8);
    head.writeUInt32LE(argv.length, 12);
    head.writeUInt32LE(env.length, 16);
    this.send(T.START, id, Buffer.concat([head, ...[...argv, ...env].map((a) => Buffer.from(a + "\0"))]));
    if (this.closed) this.end(id, s, new Error("the exec helper ended"));
    const stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (!this.sessions.has(id)) return cb();
        for (let off = 0; off < chunk.length; off += STDIN_PIECE) this.send(T.STDIN, id, chunk.subarray(off, off + STDIN_PIECE));
        s.unacked += chunk.length;
        if (s.unacked <= STDIN_WINDOW) cb();
        else s.blocked = () => cb();
      },
      final: (cb) => {
        if (this.sessions.has(id)) this.send(T.STDIN_CLOSE, id);
        cb();
      },
    });
    return {
      stdin, stdout, stderr, exited,
      kill: (signal) => {
        if (!this.sessions.has(id)) return;
        const n = Buffer.alloc(4);
        n.writeInt32LE(typeof signal === "number" ? signal : osConstants.signals[signal]);
        this.send(T.SIGNAL, id, n);
      },
      resize() {},
    };
  }
}
