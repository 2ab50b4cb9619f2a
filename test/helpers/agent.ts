// A real corrald for tests: its own network namespace and data dir, started from the built
// bin/corrald, with a client and a thorough teardown that leaves nothing on the host.
// The agent enters only the network namespace (nsenter --net): `ip netns exec` would also
// remount /sys and hide the cgroup hierarchy that LXC and live limits need.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type CorralClient } from "../../agent/client";
import { run } from "../../agent/host/run";
import { withNetns, type Netns } from "../agent/helpers/netns";
import { buildBusyboxImage } from "../fixtures/images";

export const ROOT = join(__dirname, "..", "..");
export const CORRALD = join(ROOT, "bin", "corrald");
export const CORRAL = join(ROOT, "bin", "corral");
/** corrald reaches "ready" in well under a second; a loaded CI machine gets slack. */
const AGENT_START_TIMEOUT_MS = 30_000;

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestAgent {
  ns: Netns;
  dataDir: string;
  socket: string;
  endpoint: string;
  client: CorralClient;
  proc: ChildProcess;
  /** Agent's stderr so far (structured logs). */
  logs(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL, no chance to clean up. */
  kill9(): Promise<void>;
  /** Starts the agent again on the same data dir (after stop/kill9), with extraArgs for this start only. */
  restart(extraArgs?: string[]): Promise<void>;
  /** Runs the `corral` CLI against this agent inside the netns (killed after timeoutMs, default 300 s). */
  cli(args: string[], opts?: { input?: string; okCodes?: number[]; timeoutMs?: number }): Promise<{ stdout: string; stderr: string; code: number }>;
}

export async function startAgent(t: Teardown, opts: { extraArgs?: string[] } = {}): Promise<TestAgent> {
  if (!existsSync(CORRALD)) throw new Error("bin/corrald is missing: run `npm run build` first");
  const ns = await withNetns(t, "cra");
  const dataDir = mkdtempSync(join(tmpdir(), "corral-agent-"));
  chmodSync(dataDir, 0o711);
  const socket = join(dataDir, "corrald.sock");
  const endpoint = `unix://${socket}`;
  let stderr = "";
  let proc!: ChildProcess;
  const launch = async (once: string[] = []) => {
    rmSync(socket, { force: true });
    const from = stderr.length;
    proc = spawn("nsenter", [`--net=/run/netns/${ns.name}`, "--", CORRALD, "--data-dir", dataDir, ...(opts.extraArgs ?? []), ...once], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CORRAL_DEBUG: process.env.CORRAL_DEBUG ?? "" },
    });
    proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    agent.proc = proc; // before the wait: a corrald that fails to start is still torn down
    const deadline = Date.now() + AGENT_START_TIMEOUT_MS;
    while (!stderr.slice(from).includes("corrald ready")) {
      if (proc.exitCode !== null) throw new Error(`corrald exited with ${proc.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`corrald did not become ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    // A fresh channel: the old one may sit in reconnect backoff after the agent went away.
    agent.client?.close();
    agent.client = connect({ endpoint });
  };
  const waitExit = (p: ChildProcess) => (p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => p.once("exit", () => r())));
  const agent: TestAgent = {
    ns, dataDir, socket, endpoint, proc,
    client: undefined as unknown as CorralClient,
    logs: () => stderr,
    stop: async () => {
      proc.kill("SIGTERM");
      await waitExit(proc);
    },
    kill9: async () => {
      // nsenter execs node, so proc.pid is corrald itself.
      proc.kill("SIGKILL");
      await waitExit(proc);
    },
    restart: launch,
    cli: async (args, o = {}) => {
      const r = await run("nsenter", [`--net=/run/netns/${ns.name}`, "--", CORRAL, "--endpoint", endpoint, ...args], {
        input: o.input, okCodes: o.okCodes ?? [0], timeoutMs: o.timeoutMs ?? 300_000,
      });
      return r;
    },
  };
  t.teardown(async () => {
    if (process.env.CORRAL_TEST_AGENT_LOGS || agent.proc?.exitCode !== null) process.stderr.write(`--- corrald logs (${dataDir}) ---\n${stderr}\n`);
    await cleanupAgent(agent);
  });
  await launch();
  return agent;
}

/**
 * An agent whose default profile puts instances on a dir pool "p" with a NIC on the NAT bridge
 * `bridge`, with the busybox image as "busybox"; `work` is a temp dir that goes with the test.
 */
export async function startAgentWithBusybox(t: Teardown, bridge: string): Promise<{ a: TestAgent; work: string }> {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-busybox-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["network", "create", bridge, "ipv4.address=auto", "ipv4.nat=true"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p"]);
  await a.cli(["profile", "device", "add", "default", "eth0", "type=nic", `network=${bridge}`]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  return { a, work };
}

/** Removes everything an agent may have created, even after a failed test. */
export async function cleanupAgent(a: TestAgent): Promise<void> {
  a.client?.close();
  if (a.proc && a.proc.exitCode === null && a.proc.signalCode === null) await a.kill9().catch(() => {});
  const lxcPath = join(a.dataDir, "lxc");
  if (existsSync(lxcPath)) {
    for (const name of readdirSync(lxcPath)) {
      await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "lxc-stop", "-k", "-n", name, "-P", lxcPath], { okCodes: [0, 1, 2] }).catch(() => {});
    }
  }
  // dnsmasq processes live in the netns and die with it; mounts and loop devices do not.
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((l) => l.split(" ")[4]).filter((m): m is string => !!m && m.startsWith(a.dataDir));
  for (const m of mounts.sort().reverse()) await run("umount", ["-l", m]).catch(() => {});
  const loops = await run("losetup", ["-J", "-l"]).then((r) => (r.stdout.trim() ? JSON.parse(r.stdout).loopdevices : []) as { name: string; "back-file": string | null }[]).catch(() => []);
  for (const l of loops) if (l["back-file"]?.startsWith(a.dataDir)) await run("losetup", ["-d", l.name]).catch(() => {});
  for (let i = 0; i < 3; i++) {
    try {
      rmSync(a.dataDir, { recursive: true, force: true });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Polls fn until it returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A console session over the raw Console stream, for tests. */
export interface TestConsole {
  /** Everything the console printed so far. */
  output(): string;
  /** Types `line` (again and again, as a guest may not read yet) until the console echo loop answers it. */
  answers(line: string, timeoutMs?: number): Promise<void>;
  /** Ends the session and waits for the stream's end (or its error). */
  detach(): Promise<void>;
  /** Resolves with the stream's error, if it ends with one. */
  failed: Promise<Error>;
}

/** Attaches to `name`'s console. The instance runs a loop answering each line `l` with `CONSOLE-ECHO:l`. */
export function openConsole(a: TestAgent, name: string): TestConsole {
  const call = a.client.raw.instances.Console();
  let out = "";
  let failedWith: (e: Error) => void = () => {};
  const failed = new Promise<Error>((r) => (failedWith = r));
  const ended = new Promise<void>((resolve) => {
    call.on("data", (m: { data?: Buffer }) => (out += m.data?.toString() ?? ""));
    call.on("end", resolve);
    call.on("error", (e: Error) => {
      failedWith(e);
      resolve();
    });
  });
  call.write({ instance: name });
  return {
    output: () => out,
    answers: (line, timeoutMs = 30_000) =>
      eventually(`the console of ${name} to answer ${line}`, async () => {
        call.write({ data: Buffer.from(`${line}\n`) });
        return out.includes(`CONSOLE-ECHO:${line}`) ? true : undefined;
      }, timeoutMs, 300).then(() => undefined),
    detach: async () => {
      call.end();
      await ended;
    },
    failed,
  };
}

/** Pids of the QEMU processes running VM `name` (only QEMU itself: a shell whose command line names the VM is not one). */
export async function qemuPids(name: string): Promise<number[]> {
  const found = (await run("pgrep", ["-f", `process=corral-${name}( |,|$)`], { okCodes: [0, 1] })).stdout.split("\n").filter(Boolean).map(Number);
  return found.filter((pid) => {
    try {
      // QEMU names its process after -name's process= (the kernel keeps 15 characters of it).
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === `corral-${name}`.slice(0, 15);
    } catch {
      return false;
    }
  });
}
