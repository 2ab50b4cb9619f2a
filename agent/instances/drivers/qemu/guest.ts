// What the VM driver does inside a guest through its agent (qemu-guest-agent): exec, file push
// and pull, and the guest's view of its interfaces. Every call goes through a session runner the
// driver provides, which serializes sessions per VM (the agent serves one client at a time) and
// fails fast with "guest agent not running" when the guest has not opened the agent's port.
//
// guest-exec has no streaming stdin and no terminal: a command's stdin is collected and sent whole
// when it starts, and it starts once stdin ends (the caller's stdin_close); on a terminal (tty) it
// starts at once with no stdin, as an interactive program there would only read EOF anyway.
// stdout and stderr arrive when the command exits (the agent keeps up to 16 MiB of each).
import { constants as osConstants } from "node:os";
import { PassThrough, Readable, Writable } from "node:stream";
import { CorralError, invalid } from "../../../errors";
import { debug } from "../../../util/log";
import type { ExecOptions, ExecProcess, FilePushOptions, InstanceRuntimeState } from "../../driver";
import type { PulledFile } from "../../files";
import type { VmDefinition } from "./cli";
import { QGA_EXEC_POLL_FIRST_MS, QGA_EXEC_POLL_MAX_MS, QGA_FILE_CHUNK_BYTES, QgaCommandError, type GuestExecStatus, type GuestInterface, type QgaClient } from "./qga";

const log = debug("qemu");

/** Runs fn with a guest agent session of one VM (serialized, bounded, fail-fast without an agent). */
export type QgaRunner = <T>(fn: (g: QgaClient) => Promise<T>) => Promise<T>;

/** A VM's guest agent as the driver provides it. */
export interface GuestAgent {
  session: QgaRunner;
  /** Rejects at once when the VM or its agent is not running (no guest round trip). */
  check(): Promise<void>;
}

/**
 * The most stdin an exec in a VM takes. guest-exec carries stdin base64-encoded inside one JSON
 * request; a limit keeps a mistaken pipe of a disk image from being held in the agent's memory.
 */
export const MAX_VM_EXEC_STDIN_BYTES = 16 * 1024 * 1024;
/**
 * Consecutive failed guest-exec-status polls (each bounded by the session's timeouts) before a
 * running command is reported lost: the VM stopped or its agent died. One miss may be a busy guest.
 */
export const EXEC_STATUS_FAILURES = 3;
/**
 * How long the session that starts a command keeps polling it: most execs are quick and end within
 * one session; a longer command then releases the agent between polls, so others get their turn.
 */
export const EXEC_FIRST_SESSION_MS = 300;
/** The first poll after that session; later ones back off to QGA_EXEC_POLL_MAX_MS. */
export const EXEC_LATER_POLL_FIRST_MS = 100;

/** A command in the guest, with the ExecProcess contract (stdin whole at start, output at exit). */
export function guestExec(vm: string, agent: GuestAgent, opts: ExecOptions): ExecProcess {
  const qga = agent.session;
  const stdout = new PassThrough();
  // On a terminal everything comes on stdout, as the contract says for tty execs.
  const stderr = new PassThrough();
  const errOut = opts.tty ? stdout : stderr;
  const input: Buffer[] = [];
  let inputBytes = 0;
  let inputTooLarge = false;
  let signalled: number | undefined;
  let guestPid: number | undefined;
  let exitedYet = false;
  let wake!: () => void;
  const startable = new Promise<void>((resolve) => (wake = resolve));
  const stdin = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (opts.tty) return cb(); // the command started without stdin
      inputBytes += chunk.length;
      if (inputBytes > MAX_VM_EXEC_STDIN_BYTES) {
        inputTooLarge = true;
        wake();
        return cb(invalid("stdin", `at most ${MAX_VM_EXEC_STDIN_BYTES} bytes of stdin can go to a command in a virtual machine`));
      }
      input.push(chunk);
      cb();
    },
    final(cb) {
      wake();
      cb();
    },
  });
  if (opts.tty) wake();
  const argv = guestArgv(opts);
  // Check for the agent at once, so a VM without one fails now rather than when stdin ends.
  const ready = agent.check();
  ready.catch(() => undefined);
  const sendKill = (pid: number, signum: number): void => {
    void qga((g) => g.exec("/bin/sh", ["-c", `kill -${signum} ${pid} 2>/dev/null || true`]))
      .catch((e) => log("kill %d in %s failed: %s", pid, vm, (e as Error).message));
  };

  const exited = (async (): Promise<number> => {
    try {
      await ready;
      await startable;
      if (inputTooLarge) throw invalid("stdin", `at most ${MAX_VM_EXEC_STDIN_BYTES} bytes of stdin can go to a command in a virtual machine`);
      if (signalled !== undefined) return 128 + signalled;
      let pid: number;
      let st: GuestExecStatus | undefined;
      try {
        ({ pid, st } = await qga(async (g) => {
          const pid = await g.execStart(argv[0]!, argv.slice(1), { env: opts.env, input: opts.tty ? undefined : Buffer.concat(input) });
          const until = Date.now() + EXEC_FIRST_SESSION_MS;
          for (let wait = QGA_EXEC_POLL_FIRST_MS; Date.now() + wait < until; wait *= 2) {
            await sleep(wait);
            const st = await g.execStatus(pid);
            if (st.exited) return { pid, st };
          }
          return { pid, st: undefined };
        }));
      } catch (e) {
        // As a shell reports it: the command does not exist or cannot be run.
        if (e instanceof QgaCommandError && /Failed to execute child process/.test(e.desc)) {
          errOut.write(`${e.desc}\n`);
          return 127;
        }
        throw e;
      }
      guestPid = pid;
      if (signalled !== undefined && !st) sendKill(pid, signalled);
      let failures = 0;
      for (let wait = EXEC_LATER_POLL_FIRST_MS; !st?.exited; wait = Math.min(wait * 2, QGA_EXEC_POLL_MAX_MS)) {
        await sleep(wait);
        try {
          st = await qga((g) => g.execStatus(pid));
          failures = 0;
        } catch (e) {
          if (++failures < EXEC_STATUS_FAILURES) continue;
          throw new CorralError("CORRAL_ERR_UNAVAILABLE", `lost the command in virtual machine ${vm} (pid ${pid}): ${(e as Error).message}`, { cause: e });
        }
      }
      if (st.stdout.length) stdout.write(st.stdout);
      if (st.stderr.length) errOut.write(st.stderr);
      if (st.truncated) errOut.write("corral: the guest agent kept only the first 16 MiB of the command's output\n");
      return st.code!;
    } finally {
      exitedYet = true;
      stdout.end();
      stderr.end();
      // Let the output's data events reach the caller before it sees the exit code.
      await new Promise((r) => setImmediate(r));
    }
  })();
  exited.catch(() => undefined);

  return {
    stdin,
    stdout,
    stderr,
    exited,
    kill(signal) {
      if (exitedYet) return;
      const signum = typeof signal === "number" ? signal : (osConstants.signals[signal] ?? osConstants.signals.SIGKILL);
      // Before the command started: it never will. Running: best effort, with kill(1) in the guest.
      if (guestPid === undefined) {
        signalled = signum;
        wake();
      } else {
        sendKill(guestPid, signum);
      }
    },
    resize() {},
  };
}

/** argv in the guest: cwd through a shell's cd, uid/gid through setpriv (guest-exec has neither). */
export function guestArgv(opts: Pick<ExecOptions, "command" | "cwd" | "uid" | "gid">): string[] {
  let argv = [...opts.command];
  if (opts.cwd) argv = ["/bin/sh", "-c", 'cd -- "$1" || exit 127; shift; exec "$@"', "sh", opts.cwd, ...argv];
  if (opts.uid !== undefined || opts.gid !== undefined) {
    argv = [
      "setpriv",
      ...(opts.uid !== undefined ? [`--reuid=${opts.uid}`] : []),
      ...(opts.gid !== undefined ? [`--regid=${opts.gid}`] : []),
      "--clear-groups",
      "--",
      ...argv,
    ];
  }
  return argv;
}

/**
 * Before a push: parents made when asked (0755, owned like the file), the target checked to be a
 * regular file, and made private (0600) so nobody reads it before its final mode is set.
 * Exit 2: no such directory; 3: not a regular file / not a directory.
 */
const PUSH_PREPARE = `p=$1 mk=$2 owner=$3
d=\${p%/*}; [ -n "$d" ] || d=/
if [ ! -d "$d" ]; then
  [ "$mk" = 1 ] || { echo "no such file or directory" >&2; exit 2; }
  set --; x=$d
  while [ ! -d "$x" ]; do
    if [ -e "$x" ]; then echo "a path component is not a directory" >&2; exit 3; fi
    set -- "$x" "$@"; x=\${x%/*}; [ -n "$x" ] || x=/
  done
  for q do mkdir -m 0755 -- "$q" && chown -- "$owner" "$q" || exit 1; done
fi
if [ -e "$p" ] && [ ! -f "$p" ]; then echo "exists and is not a regular file" >&2; exit 3; fi
if [ -e "$p" ]; then chmod 0600 -- "$p"; else (umask 077 && : > "$p"); fi`;
/** After a push: owner first, then the mode (chown clears setuid/setgid bits). */
const PUSH_FINISH = `chown -- "$2" "$1" && chmod -- "$3" "$1"`;
/** Before a pull: mode (octal), uid, gid and size of a regular file. Exit 2: missing; 3: not a regular file. */
const PULL_STAT = `[ -e "$1" ] || { echo "no such file or directory" >&2; exit 2; }
[ -f "$1" ] || { echo "is not a regular file" >&2; exit 3; }
exec stat -L -c '%a %u %g %s' -- "$1"`;

/** Runs a helper script in the guest; its exit codes 2 and 3 become not-found and precondition errors about path. */
async function script(g: QgaClient, path: string, text: string, args: string[]): Promise<string> {
  const r = await g.exec("/bin/sh", ["-c", text, "sh", ...args]);
  const why = r.stderr.toString("utf8").trim();
  if (r.code === 0) return r.stdout.toString("utf8");
  if (r.code === 2) throw new CorralError("CORRAL_ERR_NOT_FOUND", `path ${JSON.stringify(path)}: ${why}`, { field: "path" });
  if (r.code === 3) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: ${why}`, { field: "path" });
  throw new CorralError("CORRAL_ERR_COMMAND_FAILED", `path ${JSON.stringify(path)} in virtual machine ${g.vm}: exit ${r.code} (${why})`, { field: "path" });
}

function checkPush(path: string, opts: FilePushOptions): void {
  if (!path.startsWith("/")) throw invalid("path", "must be an absolute path inside the instance");
  if (path.includes("\0")) throw invalid("path", "must not contain NUL");
  if (!Number.isInteger(opts.mode) || opts.mode < 0 || opts.mode > 0o7777) throw invalid("mode", "must be a file mode between 0 and 07777");
  for (const [field, v] of [["uid", opts.uid], ["gid", opts.gid]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xfffffffe) throw invalid(field, "must be an integer between 0 and 4294967294");
  }
}

/** Writes a file inside the guest: prepared by a script, written in chunks, then given its owner and mode. */
export async function guestPushFile(qga: QgaRunner, path: string, data: Readable, opts: FilePushOptions): Promise<void> {
  checkPush(path, opts);
  const owner = `${opts.uid}:${opts.gid}`;
  const handle = await qga(async (g) => {
    await script(g, path, PUSH_PREPARE, [path, opts.createParents ? "1" : "0", owner]);
    return g.fileOpen(path, "w");
  });
  try {
    // One session per chunk: a slow sender does not hold the agent from everyone else.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (!pendingBytes) return;
      const chunk = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      await qga((g) => g.fileWriteChunk(handle, chunk));
    };
    for await (const c of data) {
      const b = typeof c === "string" ? Buffer.from(c) : (c as Buffer);
      pending.push(b);
      pendingBytes += b.length;
      if (pendingBytes >= QGA_FILE_CHUNK_BYTES) await flush();
    }
    await flush();
  } finally {
    await qga((g) => g.fileClose(handle)).catch((e) => log("closing %s in the guest failed: %s", path, (e as Error).message));
  }
  await qga((g) => script(g, path, PUSH_FINISH, [path, owner, opts.mode.toString(8)]));
}

/** Opens a regular file of the guest for reading; the stream reads it in chunks and closes it at its end. */
export async function guestPullFile(qga: QgaRunner, path: string): Promise<PulledFile> {
  if (!path.startsWith("/")) throw invalid("path", "must be an absolute path inside the instance");
  if (path.includes("\0")) throw invalid("path", "must not contain NUL");
  const { stat, handle } = await qga(async (g) => {
    const stat = (await script(g, path, PULL_STAT, [path])).trim().split(" ");
    return { stat, handle: await g.fileOpen(path, "r") };
  });
  const [mode, uid, gid, size] = [parseInt(stat[0]!, 8), Number(stat[1]), Number(stat[2]), Number(stat[3])];
  const chunks = async function* (): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        const { data, eof } = await qga((g) => g.fileReadChunk(handle));
        if (data.length) yield data;
        if (eof || !data.length) return;
      }
    } finally {
      await qga((g) => g.fileClose(handle)).catch((e) => log("closing %s in the guest failed: %s", path, (e as Error).message));
    }
  };
  return { stream: Readable.from(chunks(), { objectMode: false }), mode, uid, gid, size };
}

/**
 * The VM's interfaces as the guest sees them: the VM's NICs (matched by MAC) under their usual
 * names with the guest's addresses, then the guest's other interfaces (lo, bridges) by their names.
 */
export function guestNetwork(
  nics: VmDefinition["nics"],
  running: boolean,
  guest: GuestInterface[] | undefined,
): InstanceRuntimeState["network"] {
  const out: InstanceRuntimeState["network"] = {};
  const matched = new Set<GuestInterface>();
  nics.forEach((n, i) => {
    const g = guest?.find((x) => x.hwaddr === n.hwaddr.toLowerCase());
    if (g) matched.add(g);
    // Without a guest agent the addresses stay empty: the manager fills IPv4 from DHCP leases.
    out[`eth${i}`] = { hwaddr: n.hwaddr, hostName: n.hostName, state: running ? "up" : "down", mtu: n.mtu ?? 1500, addresses: g ? addressesOf(g) : [] };
  });
  for (const g of guest ?? []) {
    if (matched.has(g) || g.name in out) continue;
    // The agent does not say whether a link is up or its MTU: an interface with addresses is taken as up.
    out[g.name] = { hwaddr: g.hwaddr, hostName: "", state: g.addresses.length ? "up" : "down", mtu: 0, addresses: addressesOf(g) };
  }
  return out;
}

function addressesOf(g: GuestInterface): InstanceRuntimeState["network"][string]["addresses"] {
  return g.addresses.map((a) => ({ family: a.family, address: a.address, netmask: String(a.prefix), scope: scopeOf(a.family, a.address) }));
}

/** The scope `ip addr` would show: host for loopback, link for IPv6 link-local, else global. */
function scopeOf(family: "inet" | "inet6", address: string): string {
  if (family === "inet") return address.startsWith("127.") ? "host" : "global";
  const a = address.toLowerCase();
  if (a === "::1") return "host";
  return /^fe[89ab]/.test(a) ? "link" : "global";
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
