// A client for the QEMU guest agent (qemu-ga inside the VM) over the unix socket QEMU serves for
// the VM's virtio-serial port `org.qemu.guest_agent.0` (`-chardev socket,...,server=on,wait=off`).
//
// The protocol is QMP-like newline-separated JSON, with pitfalls of its own:
// - QEMU owns the socket, so connect succeeds even when no agent runs in the guest: requests are
//   then simply never answered. The first exchange is a `guest-sync-delimited` with a short bound
//   (QGA_SYNC_TIMEOUT_MS), and no answer means "guest agent not running".
// - Bytes written while the agent was not reading stay queued and are answered later, possibly to
//   the next client; so every session starts by resyncing with a fresh random id, preceded by a
//   0xFF byte (the agent drops any half-read JSON), and drops every reply until the one carrying
//   that id. The agent prefixes that reply with 0xFF, which cannot occur in its UTF-8 JSON.
// - The agent serves one client at a time (callers serialize sessions per VM), replies carry no
//   reliable request id, so commands run strictly one after another and a command that times out
//   ends the session (its late reply would otherwise be taken for the next command's).
// - Closing the write side early loses the reply: close() only ever destroys the socket, after the
//   replies it waits for have arrived.
import { randomInt } from "node:crypto";
import type { Socket } from "node:net";
import { openUnixSocket } from "../../../host/unix-socket";
import { CorralError, precondition } from "../../../errors";
import { debug } from "../../../util/log";

const log = debug("qga");

/** QEMU accepts on the socket at once while it runs; a missing or refusing socket means the VM is not running. */
export const QGA_CONNECT_TIMEOUT_MS = 2_000;
/**
 * How long the first guest-sync may take before the agent counts as not running. A running agent
 * answers in milliseconds, even in a TCG guest busy booting; nothing answers when none runs, and
 * callers (exec, state) must learn that quickly.
 */
export const QGA_SYNC_TIMEOUT_MS = 3_000;
/** Default bound for one command: agent commands are quick (file chunks, exec status, interface lists). */
export const QGA_COMMAND_TIMEOUT_MS = 30_000;
/** Default bound for exec(): the helper is for short commands (chmod, stat, kill). */
export const QGA_EXEC_TIMEOUT_MS = 60_000;
/** guest-exec-status polling: starts fast for quick commands, backs off for long ones. */
export const QGA_EXEC_POLL_FIRST_MS = 10;
export const QGA_EXEC_POLL_MAX_MS = 500;
/** After guest-shutdown (which has no reply on success): how long an error reply may take to come back. */
export const QGA_SHUTDOWN_ACK_MS = 1_000;
/** Chunk of guest-file-read/write: large enough to move megabytes quickly, small enough to keep replies modest. */
export const QGA_FILE_CHUNK_BYTES = 1 << 20;
/** A reply longer than this without a newline means a broken peer (exec output is capped at 16 MiB per stream by the agent). */
export const QGA_MAX_LINE_BYTES = 64 * 1024 * 1024;

const SENTINEL = 0xff;

/** The agent refused a command: `errorClass` is its class (GenericError, CommandNotFound, ...). */
export class QgaCommandError extends CorralError {
  readonly command: string;
  readonly errorClass: string;
  readonly desc: string;
  constructor(command: string, errorClass: string, desc: string) {
    super("CORRAL_ERR_COMMAND_FAILED", `guest agent ${command} failed: ${errorClass}: ${desc}`);
    this.command = command;
    this.errorClass = errorClass;
    this.desc = desc;
  }
}

export interface QgaConnectOptions {
  /** The VM's name, for messages. */
  vm: string;
  connectTimeoutMs?: number;
  syncTimeoutMs?: number;
}

export interface QgaCallOptions {
  timeoutMs?: number;
}

/** The error for a VM whose agent does not answer (or whose port nobody opened). */
export const agentNotRunning = (vm: string, why?: string): CorralError =>
  precondition(`guest agent not running in virtual machine ${vm}${why ? ` (${why})` : ""}: exec and file transfer need qemu-guest-agent in the guest`);

export interface GuestExecStatus {
  exited: boolean;
  /** Exit code, or 128+signal when a signal ended it (set when exited). */
  code?: number;
  stdout: Buffer;
  stderr: Buffer;
  /** The agent keeps at most 16 MiB per stream; more was cut off. */
  truncated: boolean;
}

export interface GuestExecResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
  truncated: boolean;
}

export interface GuestInterface {
  name: string;
  hwaddr: string;
  addresses: { family: "inet" | "inet6"; address: string; prefix: number }[];
}

interface Pending {
  command: string;
  resolve: (line: Record<string, unknown>) => void;
  reject: (err: Error) => void;
}

/** One session with a VM's guest agent; connect() has already resynced it. Close it when done. */
export class QgaClient {
  readonly path: string;
  readonly vm: string;
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  /** Set while resyncing: replies are dropped until {"return": syncId}. */
  private syncId: number | undefined;
  private onSynced: (() => void) | undefined;
  private closedReason: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, vm: string, socket: Socket) {
    this.path = path;
    this.vm = vm;
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    let socketError: Error | undefined;
    socket.on("error", (e) => {
      socketError = e;
    });
    socket.on("close", () => {
      const why = socketError ? `: ${socketError.message}` : "";
      this.terminate(new CorralError("CORRAL_ERR_COMMAND_FAILED", `guest agent connection of virtual machine ${vm} closed${why}`));
    });
  }

  /** Connects to the agent's socket and resyncs; rejects fast with agentNotRunning when nothing answers. */
  static async connect(path: string, opts: QgaConnectOptions): Promise<QgaClient> {
    const socket = await openUnixSocket(path, opts.connectTimeoutMs ?? QGA_CONNECT_TIMEOUT_MS, { what: `guest agent socket ${path}` }).catch((e: NodeJS.ErrnoException) => {
      if (e instanceof CorralError) throw e;
      if (e.code === "ENOENT" || e.code === "ECONNREFUSED") throw precondition(`virtual machine ${opts.vm} is not running`);
      throw new CorralError("CORRAL_ERR_COMMAND_FAILED", `guest agent socket of virtual machine ${opts.vm}: cannot connect: ${e.message}`, { cause: e });
    });
    const client = new QgaClient(path, opts.vm, socket);
    try {
      await client.sync(opts.syncTimeoutMs ?? QGA_SYNC_TIMEOUT_MS);
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** Resyncs the stream: 0xFF, guest-sync-delimited with a fresh id, replies dropped until ours. */
  private sync(timeoutMs: number): Promise<void> {
    const id = randomInt(1, 2 ** 47);
    return new Promise<void>((resolve, reject) => {
      if (this.closedReason) return reject(this.closedReason);
      const timer = setTimeout(() => {
        this.syncId = undefined;
        this.onSynced = undefined;
        reject(agentNotRunning(this.vm, `no answer to guest-sync within ${timeoutMs} ms`));
      }, timeoutMs);
      this.syncId = id;
      this.onSynced = () => {
        clearTimeout(timer);
        resolve();
      };
      this.pending = {
        command: "guest-sync-delimited",
        resolve: () => {},
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      log("%s: sync %d", this.vm, id);
      this.socket.write(Buffer.concat([Buffer.from([SENTINEL]), Buffer.from(JSON.stringify({ execute: "guest-sync-delimited", arguments: { id } }) + "\n")]));
    }).finally(() => {
      this.pending = undefined;
    });
  }

  /** Runs a command and resolves with its `return` value; rejects with QgaCommandError on an `error` reply. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, opts: QgaCallOptions = {}): Promise<T> {
    const next = this.queue.catch(() => undefined).then(() => this.send<T>(command, args, opts.timeoutMs ?? QGA_COMMAND_TIMEOUT_MS));
    this.queue = next;
    return next;
  }

  private send<T>(command: string, args: Record<string, unknown> | undefined, timeoutMs: number): Promise<T> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        const err = new CorralError("CORRAL_ERR_TIMEOUT", `guest agent ${command} in virtual machine ${this.vm}: no reply within ${timeoutMs} ms`);
        // A late reply would be taken for the next command's: this session is over.
        this.terminate(err);
        this.socket.destroy();
        reject(err);
      }, timeoutMs);
      this.pending = {
        command,
        resolve: (msg) => {
          clearTimeout(timer);
          this.pending = undefined;
          if ("error" in msg) {
            const e = (msg.error ?? {}) as { class?: string; desc?: string };
            reject(new QgaCommandError(command, e.class ?? "GenericError", e.desc ?? "unknown error"));
          } else {
            resolve(msg.return as T);
          }
        },
        reject: (e) => {
          clearTimeout(timer);
          this.pending = undefined;
          reject(e);
        },
      };
      const msg: Record<string, unknown> = { execute: command };
      if (args !== undefined) msg.arguments = args;
      log("%s -> %s", this.vm, command);
      this.socket.write(JSON.stringify(msg) + "\n");
    });
  }

  /** Whether the agent answers (guest-ping). */
  async ping(opts: QgaCallOptions = {}): Promise<void> {
    await this.execute("guest-ping", undefined, opts);
  }

  /** Starts a command (guest-exec) with its whole stdin and output capture; resolves with its pid in the guest. */
  async execStart(path: string, args: string[], opts: { env?: Record<string, string>; input?: Buffer; timeoutMs?: number } = {}): Promise<number> {
    const a: Record<string, unknown> = { path, arg: args, "capture-output": true };
    if (opts.env) a.env = Object.entries(opts.env).map(([k, v]) => `${k}=${v}`);
    if (opts.input?.length) a["input-data"] = opts.input.toString("base64");
    const r = await this.execute<{ pid: number }>("guest-exec", a, { timeoutMs: opts.timeoutMs });
    return r.pid;
  }

  /** One look at a command started by execStart; output comes once it has exited. */
  async execStatus(pid: number, opts: QgaCallOptions = {}): Promise<GuestExecStatus> {
    const r = await this.execute<{
      exited: boolean; exitcode?: number; signal?: number;
      "out-data"?: string; "err-data"?: string; "out-truncated"?: boolean; "err-truncated"?: boolean;
    }>("guest-exec-status", { pid }, opts);
    return {
      exited: r.exited,
      code: !r.exited ? undefined : r.signal !== undefined && r.signal > 0 ? 128 + r.signal : (r.exitcode ?? 0),
      stdout: Buffer.from(r["out-data"] ?? "", "base64"),
      stderr: Buffer.from(r["err-data"] ?? "", "base64"),
      truncated: !!(r["out-truncated"] || r["err-truncated"]),
    };
  }

  /** Runs a command to its end within timeoutMs (default QGA_EXEC_TIMEOUT_MS): output and exit code. */
  async exec(path: string, args: string[], opts: { env?: Record<string, string>; input?: Buffer; timeoutMs?: number } = {}): Promise<GuestExecResult> {
    const timeoutMs = opts.timeoutMs ?? QGA_EXEC_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    const pid = await this.execStart(path, args, { env: opts.env, input: opts.input, timeoutMs });
    for (let wait = QGA_EXEC_POLL_FIRST_MS; ; wait = Math.min(wait * 2, QGA_EXEC_POLL_MAX_MS)) {
      const st = await this.execStatus(pid, { timeoutMs: Math.max(1, deadline - Date.now()) });
      if (st.exited) return { code: st.code!, stdout: st.stdout, stderr: st.stderr, truncated: st.truncated };
      if (Date.now() + wait > deadline) {
        throw new CorralError("CORRAL_ERR_TIMEOUT", `guest agent: ${[path, ...args].join(" ").slice(0, 200)} in virtual machine ${this.vm} did not end within ${timeoutMs} ms`);
      }
      await sleep(wait);
    }
  }

  /** The guest's interfaces with their addresses (guest-network-get-interfaces). */
  async networkInterfaces(opts: QgaCallOptions = {}): Promise<GuestInterface[]> {
    const r = await this.execute<{
      name: string; "hardware-address"?: string;
      "ip-addresses"?: { "ip-address-type": "ipv4" | "ipv6"; "ip-address": string; prefix: number }[];
    }[]>("guest-network-get-interfaces", undefined, opts);
    return r.map((i) => ({
      name: i.name,
      hwaddr: (i["hardware-address"] ?? "").toLowerCase(),
      addresses: (i["ip-addresses"] ?? []).map((a) => ({ family: a["ip-address-type"] === "ipv6" ? "inet6" : "inet", address: a["ip-address"], prefix: a.prefix })),
    }));
  }

  /** Opens a file in the guest (guest-file-open, fopen modes "r", "w", ...); handles outlive this session. */
  fileOpen(path: string, mode: string, opts: QgaCallOptions = {}): Promise<number> {
    return this.execute<number>("guest-file-open", { path, mode }, opts);
  }

  /** Reads up to count bytes from an open file. */
  async fileReadChunk(handle: number, count = QGA_FILE_CHUNK_BYTES, opts: QgaCallOptions = {}): Promise<{ data: Buffer; eof: boolean }> {
    const r = await this.execute<{ count: number; "buf-b64": string; eof: boolean }>("guest-file-read", { handle, count }, opts);
    return { data: Buffer.from(r["buf-b64"], "base64"), eof: r.eof };
  }

  /** Writes all of data to an open file (the agent may write less than asked: the rest is sent again). */
  async fileWriteChunk(handle: number, data: Buffer, opts: QgaCallOptions = {}): Promise<void> {
    let rest = data;
    while (rest.length > 0) {
      const r = await this.execute<{ count: number }>("guest-file-write", { handle, "buf-b64": rest.toString("base64") }, opts);
      if (r.count <= 0) throw new CorralError("CORRAL_ERR_COMMAND_FAILED", `guest agent guest-file-write in virtual machine ${this.vm} wrote nothing`);
      rest = rest.subarray(r.count);
    }
  }

  fileClose(handle: number, opts: QgaCallOptions = {}): Promise<void> {
    return this.execute<void>("guest-file-close", { handle }, opts).then(() => undefined);
  }

  /** A whole file of the guest, read in chunks; refuses files larger than maxBytes. */
  async fileRead(path: string, opts: { maxBytes?: number } = {}): Promise<Buffer> {
    const max = opts.maxBytes ?? 64 * 1024 * 1024;
    const handle = await this.fileOpen(path, "r");
    try {
      const parts: Buffer[] = [];
      let size = 0;
      for (;;) {
        const { data, eof } = await this.fileReadChunk(handle);
        parts.push(data);
        size += data.length;
        if (size > max) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `${path} in virtual machine ${this.vm} is larger than ${max} bytes`);
        if (eof || data.length === 0) return Buffer.concat(parts);
      }
    } finally {
      await this.fileClose(handle).catch(() => undefined);
    }
  }

  /** Writes a whole file of the guest (created or truncated), in chunks. */
  async fileWrite(path: string, data: Buffer): Promise<void> {
    const handle = await this.fileOpen(path, "w");
    try {
      for (let off = 0; off < data.length; off += QGA_FILE_CHUNK_BYTES) await this.fileWriteChunk(handle, data.subarray(off, off + QGA_FILE_CHUNK_BYTES));
    } finally {
      await this.fileClose(handle).catch(() => undefined);
    }
  }

  /**
   * Asks the guest to power off (guest-shutdown). It has no reply on success, and QEMU closes the
   * socket when the VM exits; an error reply (the guest's shutdown command failed) comes quickly.
   */
  shutdown(mode: "powerdown" | "halt" | "reboot" = "powerdown"): Promise<void> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        clearTimeout(timer);
        this.pending = undefined;
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => done(), QGA_SHUTDOWN_ACK_MS);
      this.pending = {
        command: "guest-shutdown",
        resolve: (msg) => done("error" in msg ? new QgaCommandError("guest-shutdown", (msg.error as { class?: string }).class ?? "GenericError", (msg.error as { desc?: string }).desc ?? "unknown error") : undefined),
        // The VM going away is what was asked for.
        reject: () => done(),
      };
      log("%s -> guest-shutdown %s", this.vm, mode);
      this.socket.write(JSON.stringify({ execute: "guest-shutdown", arguments: { mode } }) + "\n");
    });
  }

  /** Ends the session. Never a half-close: the socket is dropped, after the replies waited for. */
  close(): void {
    if (!this.closedReason) this.terminate(new CorralError("CORRAL_ERR_COMMAND_FAILED", `guest agent session of virtual machine ${this.vm} closed`));
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let data = chunk;
    // 0xFF starts a delimited sync reply: whatever came before it is stale or partial.
    const s = data.lastIndexOf(SENTINEL);
    if (s >= 0) {
      this.buffer = Buffer.alloc(0);
      data = data.subarray(s + 1);
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    let nl: number;
    while ((nl = this.buffer.indexOf(0x0a)) >= 0) {
      const line = this.buffer.subarray(0, nl).toString("utf8").trim();
      this.buffer = this.buffer.subarray(nl + 1);
      if (line) this.dispatch(line);
    }
    if (this.buffer.length > QGA_MAX_LINE_BYTES) {
      this.socket.destroy(new Error(`guest agent sent more than ${QGA_MAX_LINE_BYTES} bytes without a newline`));
    }
  }

  private dispatch(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      log("%s: dropped a line that is not JSON: %s", this.vm, line.slice(0, 200));
      return;
    }
    if (this.syncId !== undefined) {
      if (msg.return === this.syncId) {
        this.syncId = undefined;
        const done = this.onSynced;
        this.onSynced = undefined;
        done?.();
      } else {
        log("%s: dropped a stale reply while syncing: %s", this.vm, line.slice(0, 200));
      }
      return;
    }
    const p = this.pending;
    if (!p) {
      log("%s: dropped an unexpected reply: %s", this.vm, line.slice(0, 200));
      return;
    }
    p.resolve(msg);
  }

  private terminate(reason: Error): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(new CorralError("CORRAL_ERR_COMMAND_FAILED", `guest agent ${p.command}: ${reason.message} before the reply`));
  }
}


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
