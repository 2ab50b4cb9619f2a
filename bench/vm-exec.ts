// vm_exec: `true` in a Debian 12 VM (test/fixtures/debian-vm-image.ts: cloud-init and
// qemu-guest-agent) through the agent's Exec API, against the same command sent by the bench
// straight to the VM's guest agent socket (guest-sync-delimited, guest-exec, guest-exec-status
// polled every RAW_EXEC_POLL_MS): the same guest, one client at a time, alternating. The VM is
// booted once through the agent (not timed) and used once its guest agent answers and cloud-init
// is done, so the guest is idle.
import { createConnection, type Socket } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ServiceError } from "@grpc/grpc-js";
import type { DebianVmImage } from "../test/fixtures/debian-vm-image";
import { sleep } from "./stats";
import type { VmBench } from "./vm-agent";

/** Debian reaches its guest agent in ~35 s under TCG on an idle machine; two CPUs shared with others get slack. */
const AGENT_READY_TIMEOUT_MS = 300_000;
/** cloud-init's last stage ends a few seconds after the guest agent starts. */
const CLOUD_INIT_TIMEOUT_MS = 180_000;
/** One exec of a quick command (true, cloud-init status --wait aside) ends in well under a second. */
const EXEC_TIMEOUT_MS = 60_000;
/** The baseline polls guest-exec-status this often: a floor, not a product choice. */
export const RAW_EXEC_POLL_MS = 5;
/**
 * Pause between two samples, drawn from [min, min+spread): after a client leaves, qemu-ga polls its
 * virtio port every 100 ms (a usleep in its read loop while no host end is attached), so a new
 * session waits 0-100 ms for its first reply depending on that loop's phase. A random pause longer
 * than the loop gives both sides the same (uniform) wait instead of whatever the previous sample's
 * timing left.
 */
export const EXEC_SPACING_MS = { min: 200, spread: 100 };
/** What the guest does after cloud-init (timers, journald flushes) settles within seconds. */
const SETTLE_MS = 3_000;
/** Debian needs more than the tiny guest; the VM guest agent test's shape. */
const DEBIAN_CONFIG = { "limits.memory": "1GiB", "limits.cpu": "2" };

export interface ExecResult {
  code?: number;
  error?: ServiceError;
  ms: number;
}

/** One exec through the agent's Exec stream (stdin closed at once, so the command starts), bounded. */
export function apiExec(env: VmBench, instance: string, command: string[], timeoutMs = EXEC_TIMEOUT_MS): Promise<ExecResult> {
  const t0 = performance.now();
  const call = env.agent.client.raw.instances.Exec();
  return new Promise<ExecResult>((resolve) => {
    let code: number | undefined;
    const timer = setTimeout(() => {
      call.cancel();
      resolve({ error: { code: 4, details: `exec ${command.join(" ")} did not end within ${timeoutMs} ms` } as ServiceError, ms: performance.now() - t0 });
    }, timeoutMs);
    const done = (r: Partial<ExecResult>) => {
      clearTimeout(timer);
      resolve({ code, ...r, ms: performance.now() - t0 });
    };
    call.on("data", (m: { msg?: string; exit_code?: number }) => {
      if (m.msg === "exit_code") code = m.exit_code;
    });
    call.on("error", (error: ServiceError) => done({ error }));
    call.on("end", () => done({}));
    call.write({ start: { instance, command } });
    call.write({ stdin_close: true });
  });
}

/** Imports the Debian image and boots a VM through the agent until exec works; undefined, or why exec cannot run. */
export async function bootExecVm(env: VmBench, img: DebianVmImage, name: string, say: (s: string) => void): Promise<string | undefined> {
  await env.agent.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "benchdebian"]);
  const { client } = env.agent;
  const t0 = Date.now();
  await client.wait(await client.instances.CreateInstance({
    name, type: "virtual-machine", image: "benchdebian", start: true, profiles: [], config: DEBIAN_CONFIG,
    devices: { root: { properties: { type: "disk", path: "/", pool: env.pool } }, eth0: { properties: { type: "nic", network: env.network } } },
  }));
  let last = "";
  for (;;) {
    const r = await apiExec(env, name, ["true"]);
    if (r.code === 0) break;
    last = r.error?.details ?? `exit ${r.code}`;
    // Waiting helps only while the guest's agent has not started yet.
    if (!/guest agent not running/.test(last)) return last;
    if (Date.now() - t0 > AGENT_READY_TIMEOUT_MS) return `the Debian VM's guest agent did not answer within ${AGENT_READY_TIMEOUT_MS} ms (${last})`;
    await sleep(1000);
  }
  say(`vm: Debian VM's guest agent answers ${((Date.now() - t0) / 1000).toFixed(1)} s after the create; waiting for cloud-init`);
  const ci = await apiExec(env, name, ["cloud-init", "status", "--wait"], CLOUD_INIT_TIMEOUT_MS);
  if (ci.error) return `cloud-init status --wait in the Debian VM: ${ci.error.details}`;
  await sleep(SETTLE_MS);
  return undefined;
}

/** The VM's guest agent socket, as the QEMU driver lays out its directory. */
export const qgaSocket = (env: VmBench, name: string): string => join(env.agent.dataDir, "qemu", name, "qga.sock");

export interface RawExecResult {
  code: number;
  ms: number;
  /** When the guest-sync reply came, and guest-exec's (the command runs), from the start. */
  syncedMs: number;
  startedMs: number;
  /** guest-exec-status calls made. */
  polls: number;
}

/** One command over the guest agent socket directly: connect, resync, guest-exec, poll its status; the exit code and wall time. */
export async function rawQgaExec(path: string, argv: string[], timeoutMs = EXEC_TIMEOUT_MS): Promise<RawExecResult> {
  const t0 = performance.now();
  const s = await new Promise<Socket>((resolve, reject) => {
    const sock = createConnection(path);
    sock.once("connect", () => resolve(sock));
    sock.once("error", reject);
  });
  const timer = setTimeout(() => s.destroy(new Error(`raw guest-exec ${argv.join(" ")} did not end within ${timeoutMs} ms`)), timeoutMs);
  try {
    const replies = replyReader(s);
    // The agent may hold bytes of an earlier client: 0xFF resets its parser, and replies up to ours are dropped.
    const id = Math.floor(Math.random() * 2 ** 40);
    s.write(Buffer.concat([Buffer.from([0xff]), Buffer.from(JSON.stringify({ execute: "guest-sync-delimited", arguments: { id } }) + "\n")]));
    while ((await replies()).return !== id);
    const syncedMs = performance.now() - t0;
    const call = async <T>(execute: string, args: Record<string, unknown>): Promise<T> => {
      s.write(JSON.stringify({ execute, arguments: args }) + "\n");
      const r = await replies();
      if (r.error) throw new Error(`${execute}: ${JSON.stringify(r.error)}`);
      return r.return as T;
    };
    const { pid } = await call<{ pid: number }>("guest-exec", { path: argv[0], arg: argv.slice(1), "capture-output": true });
    const startedMs = performance.now() - t0;
    for (let polls = 1; ; polls++) {
      const st = await call<{ exited: boolean; exitcode?: number }>("guest-exec-status", { pid });
      if (st.exited) return { code: st.exitcode ?? -1, ms: performance.now() - t0, syncedMs, startedMs, polls };
      await sleep(RAW_EXEC_POLL_MS);
    }
  } finally {
    clearTimeout(timer);
    s.destroy();
  }
}

/** Reads the agent's newline-separated JSON replies (the sync reply comes after a 0xFF byte). */
function replyReader(s: Socket): () => Promise<{ return?: unknown; error?: unknown }> {
  let buf = "";
  const queue: { return?: unknown; error?: unknown }[] = [];
  let waiter: ((v: { return?: unknown; error?: unknown }) => void) | undefined;
  let failed: Error | undefined;
  let fail: ((e: Error) => void) | undefined;
  s.on("data", (d: Buffer) => {
    buf += d.toString("latin1").replace(/\xff/g, "");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      let msg: { return?: unknown; error?: unknown };
      try {
        msg = JSON.parse(line) as { return?: unknown; error?: unknown };
      } catch {
        continue; // not a reply (a partial line of an earlier client's session)
      }
      if (waiter) {
        const w = waiter;
        waiter = undefined;
        w(msg);
      } else queue.push(msg);
    }
  });
  const end = (e: Error) => {
    failed = e;
    fail?.(e);
  };
  s.on("error", end);
  s.on("close", () => end(new Error("the guest agent socket closed")));
  return () =>
    new Promise((resolve, reject) => {
      if (queue.length) return resolve(queue.shift()!);
      if (failed) return reject(failed);
      waiter = resolve;
      fail = reject;
    });
}
