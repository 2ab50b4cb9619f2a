// A QEMU Machine Protocol client over the VM's unix monitor socket (`-qmp unix:PATH,server=on,wait=off`).
// The protocol is newline-separated JSON: QEMU greets with {"QMP":{...}}, the client leaves
// negotiation mode with qmp_capabilities, then sends {"execute","arguments","id"} and gets
// {"return","id"} or {"error":{"class","desc"},"id"}; asynchronous {"event","data","timestamp"}
// objects arrive in between. Every wait here is bounded.
import type { Socket } from "node:net";
import { openUnixSocket } from "../../../host/unix-socket";
import { CorralError } from "../../../errors";
import { debug } from "../../../util/log";

const log = debug("qmp");

/**
 * Whole handshake: connect, greeting, qmp_capabilities. A running QEMU accepts and greets within
 * milliseconds, even with TCG guests loading the host; the rest of the bound covers a QEMU that is
 * still starting (socket not created yet), which connect polls for.
 */
export const QMP_CONNECT_TIMEOUT_MS = 10_000;
/** Poll interval while the socket is missing or refusing (QEMU still initialising). */
export const QMP_CONNECT_RETRY_MS = 50;
/**
 * Default bound for one command. Commands run in QEMU's main loop and answer in milliseconds;
 * the slow ones (migration, snapshots) are asynchronous and report through events, not replies.
 */
export const QMP_COMMAND_TIMEOUT_MS = 30_000;
/** close(): how long to wait for QEMU to close its end after ours before dropping the socket. */
export const QMP_CLOSE_TIMEOUT_MS = 2_000;
/** A reply line longer than this means a broken peer, not a big answer (query-* replies are KiB). */
export const QMP_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface QmpVersion {
  qemu: { major: number; minor: number; micro: number };
  package: string;
}

export interface QmpGreeting {
  version: QmpVersion;
  capabilities: string[];
}

export interface QmpEvent {
  event: string;
  data: Record<string, unknown>;
  /** Host time when QEMU emitted the event. */
  timestamp: { seconds: number; microseconds: number };
}

export interface QmpCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** QEMU refused a command: `errorClass` is QMP's class (GenericError, CommandNotFound, DeviceNotFound, ...). */
export class QmpCommandError extends CorralError {
  readonly command: string;
  readonly errorClass: string;
  readonly desc: string;
  constructor(command: string, errorClass: string, desc: string) {
    super("CORRAL_ERR_COMMAND_FAILED", `QMP ${command} failed: ${errorClass}: ${desc}`);
    this.command = command;
    this.errorClass = errorClass;
    this.desc = desc;
  }
}

interface Pending {
  command: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  cleanup: () => void;
}

type EventListener = (ev: QmpEvent) => void;

/** One QMP session. QEMU's monitor serves one client at a time: close it when done. */
export class QmpClient {
  readonly path: string;
  /** QEMU's greeting: version and offered capabilities. */
  greeting!: QmpGreeting;
  private readonly socket: Socket;
  private buffer = "";
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<EventListener>();
  private readonly closeListeners = new Set<(reason: Error) => void>();
  private closedReason: Error | undefined;
  private onGreeting: ((g: QmpGreeting) => void) | undefined;

  private constructor(path: string, socket: Socket) {
    this.path = path;
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.receive(chunk));
    let socketError: Error | undefined;
    socket.on("error", (e) => {
      socketError = e;
    });
    socket.on("close", () => {
      const why = socketError ? `: ${socketError.message}` : "";
      this.shutdown(new CorralError("CORRAL_ERR_COMMAND_FAILED", `QMP connection to ${this.path} closed${why}`));
    });
  }

  /**
   * Connects to QEMU's QMP socket and completes the handshake, all within opts.timeoutMs
   * (default QMP_CONNECT_TIMEOUT_MS). A missing or refusing socket is retried until then, so this
   * can be called right after starting QEMU.
   */
  static async connect(path: string, opts: QmpCallOptions = {}): Promise<QmpClient> {
    const timeoutMs = opts.timeoutMs ?? QMP_CONNECT_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    let socket: Socket | undefined;
    let lastError = "";
    while (!socket) {
      throwIfAborted(opts.signal, `connecting to QMP ${path}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new CorralError("CORRAL_ERR_TIMEOUT", `QMP ${path}: no QEMU monitor accepted within ${timeoutMs} ms (${lastError || "no answer"})`);
      }
      try {
        socket = await openUnixSocket(path, remaining, { what: `QMP ${path}`, signal: opts.signal });
      } catch (e) {
        if (e instanceof CorralError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "ECONNREFUSED" && code !== "EAGAIN") {
          throw new CorralError("CORRAL_ERR_COMMAND_FAILED", `QMP ${path}: cannot connect: ${(e as Error).message}`, { cause: e });
        }
        lastError = code;
        await sleep(Math.min(QMP_CONNECT_RETRY_MS, Math.max(0, deadline - Date.now())), opts.signal);
      }
    }
    const client = new QmpClient(path, socket);
    try {
      client.greeting = await client.waitForGreeting(Math.max(0, deadline - Date.now()), timeoutMs, opts.signal);
      await client.execute("qmp_capabilities", undefined, { timeoutMs: Math.max(1, deadline - Date.now()), signal: opts.signal });
    } catch (e) {
      socket.destroy();
      throw e;
    }
    log("connected to %s (QEMU %o)", path, client.greeting.version.qemu);
    return client;
  }

  /** Runs a command and resolves with its `return` value; rejects with QmpCommandError on an `error` reply. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, opts: QmpCallOptions = {}): Promise<T> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    const timeoutMs = opts.timeoutMs ?? QMP_COMMAND_TIMEOUT_MS;
    const id = `corral-${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(cancelled(`QMP ${command}`));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        cleanup();
        reject(new CorralError("CORRAL_ERR_TIMEOUT", `QMP ${command}: no reply from ${this.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = (): void => {
        this.pending.delete(id);
        cleanup();
        reject(cancelled(`QMP ${command}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      };
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject, cleanup });
      const msg: Record<string, unknown> = { execute: command, id };
      if (args !== undefined) msg.arguments = args;
      log("-> %s", JSON.stringify(msg));
      this.socket.write(JSON.stringify(msg) + "\n");
    });
  }

  /** Calls listener for every event until the returned function is called. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls listener once when the connection ends (QEMU exited, close(), or a socket error). */
  onClose(listener: (reason: Error) => void): () => void {
    if (this.closedReason) {
      listener(this.closedReason);
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Resolves with the first event named `name` (and matching `match`) that arrives after this
   * call; rejects after timeoutMs or when the connection closes first. Call it before the command
   * that causes the event.
   */
  waitForEvent(name: string, opts: QmpCallOptions & { timeoutMs: number; match?: (ev: QmpEvent) => boolean }): Promise<QmpEvent> {
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(cancelled(`waiting for QMP event ${name}`));
      if (this.closedReason) return reject(eventNever(name, this.closedReason));
      const finish = (err: Error | undefined, ev?: QmpEvent): void => {
        clearTimeout(timer);
        offEvent();
        offClose();
        opts.signal?.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else resolve(ev!);
      };
      const timer = setTimeout(
        () => finish(new CorralError("CORRAL_ERR_TIMEOUT", `QMP ${this.path}: no ${name} event within ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
      const onAbort = (): void => finish(cancelled(`waiting for QMP event ${name}`));
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const offEvent = this.onEvent((ev) => {
        if (ev.event === name && (!opts.match || opts.match(ev))) finish(undefined, ev);
      });
      // QEMU delivers its last events before closing the socket, so closing first means "never".
      const offClose = this.onClose((reason) => finish(eventNever(name, reason)));
    });
  }

  /** Whether the connection has ended. */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Ends the session: half-closes, waits up to QMP_CLOSE_TIMEOUT_MS for QEMU's end, then drops the socket. */
  async close(): Promise<void> {
    if (this.closedReason) return;
    const gone = new Promise<void>((resolve) => this.onClose(() => resolve()));
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), QMP_CLOSE_TIMEOUT_MS);
    await gone;
    clearTimeout(timer);
  }

  private waitForGreeting(remainingMs: number, totalMs: number, signal?: AbortSignal): Promise<QmpGreeting> {
    return new Promise((resolve, reject) => {
      if (this.closedReason) return reject(this.closedReason);
      const finish = (err: Error | undefined, g?: QmpGreeting): void => {
        clearTimeout(timer);
        offClose();
        signal?.removeEventListener("abort", onAbort);
        this.onGreeting = undefined;
        if (err) reject(err);
        else resolve(g!);
      };
      const timer = setTimeout(
        () =>
          finish(
            new CorralError(
              "CORRAL_ERR_TIMEOUT",
              `QMP ${this.path}: connected but no greeting within ${totalMs} ms (QEMU serves one QMP client at a time: is another one connected?)`,
            ),
          ),
        remainingMs,
      );
      const onAbort = (): void => finish(cancelled(`connecting to QMP ${this.path}`));
      signal?.addEventListener("abort", onAbort, { once: true });
      const offClose = this.onClose((reason) => finish(reason));
      this.onGreeting = (g) => finish(undefined, g);
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.dispatch(line);
    }
    if (this.buffer.length > QMP_MAX_LINE_BYTES) {
      this.socket.destroy(new Error(`QMP peer sent more than ${QMP_MAX_LINE_BYTES} bytes without a newline`));
    }
  }

  private dispatch(line: string): void {
    log("<- %s", line);
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.socket.destroy(new Error(`QMP peer sent a line that is not JSON: ${line.slice(0, 200)}`));
      return;
    }
    if ("QMP" in msg) {
      this.onGreeting?.(msg.QMP as QmpGreeting);
      return;
    }
    if (typeof msg.event === "string") {
      const ev: QmpEvent = {
        event: msg.event,
        data: (msg.data as Record<string, unknown>) ?? {},
        timestamp: (msg.timestamp as QmpEvent["timestamp"]) ?? { seconds: 0, microseconds: 0 },
      };
      for (const l of [...this.listeners]) l(ev);
      return;
    }
    const id = typeof msg.id === "string" ? msg.id : undefined;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p) {
      // Replies without our id (QEMU's answer to unparsable input) or after a timeout: nobody waits.
      log("unmatched reply from %s: %s", this.path, line);
      return;
    }
    this.pending.delete(id!);
    p.cleanup();
    if ("error" in msg) {
      const err = (msg.error ?? {}) as { class?: string; desc?: string };
      p.reject(new QmpCommandError(p.command, err.class ?? "GenericError", err.desc ?? "unknown error"));
    } else {
      p.resolve(msg.return);
    }
  }

  private shutdown(reason: Error): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.cleanup();
      p.reject(new CorralError("CORRAL_ERR_COMMAND_FAILED", `QMP ${p.command}: ${reason.message} before the reply`));
    }
    for (const l of [...this.closeListeners]) l(reason);
    this.closeListeners.clear();
    this.listeners.clear();
  }
}


function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelled(what);
}

const eventNever = (name: string, reason: Error): CorralError =>
  new CorralError("CORRAL_ERR_COMMAND_FAILED", `waiting for QMP event ${name}: ${reason.message}`);

const cancelled = (what: string): CorralError => new CorralError("CORRAL_ERR_CANCELLED", `${what}: cancelled`);
