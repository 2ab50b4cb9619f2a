// Readiness checks for CI: wait until a command inside the instance exits 0 and/or a TCP port on
// the instance's address accepts, retrying until a deadline. The agent does the checking because
// it sits next to the instance's network (a client may not reach the bridge's subnet).
import { connect } from "node:net";
import { CorralError, invalid } from "../errors";
import type { InstanceManager, InstanceRecord } from "./manager";

/** Pause between attempts: short next to a service's start-up, long next to an attempt's cost. */
const RETRY_MS = 250;
/** One TCP connect attempt gives up after this (the address may not answer at all yet). */
const CONNECT_TIMEOUT_MS = 2_000;
/** The tail of a failed command's output kept for the error message. */
const OUTPUT_TAIL = 2048;
/** An attempt cut off by the deadline says less than the failure before it, which is kept. */
const CUT_OFF = "the last attempt was still running at the deadline";
/** The longest wait a caller may ask for. */
const MAX_WAIT_MS = 24 * 3_600_000;

export interface ReadinessRequest {
  name: string;
  /** A command that must exit 0. */
  exec: string[];
  /** A TCP port on the instance's address that must accept. */
  tcpPort: number;
  timeoutMs: number;
}

/** Waits for every requested check to pass; throws CORRAL_ERR_TIMEOUT naming what and the last failure. */
export async function waitReady(m: InstanceManager, req: ReadinessRequest, signal: AbortSignal): Promise<void> {
  if (!req.exec.length && !req.tcpPort) throw invalid("exec", "give a command (exec) or a TCP port (tcp_port) to wait for");
  if (req.tcpPort < 0 || req.tcpPort > 65535) throw invalid("tcp_port", "must be between 1 and 65535");
  if (!(req.timeoutMs > 0) || req.timeoutMs > MAX_WAIT_MS) throw invalid("timeout_ms", `must be between 1 and ${MAX_WAIT_MS}`);
  const deadline = Date.now() + req.timeoutMs;
  const checks: { what: string; attempt: (rec: InstanceRecord) => Promise<string | undefined> }[] = [];
  if (req.exec.length) checks.push({ what: `command ${JSON.stringify(req.exec)} to exit 0`, attempt: (rec) => execOnce(m, rec, req.exec, deadline, signal) });
  if (req.tcpPort) checks.push({ what: `TCP port ${req.tcpPort} to accept`, attempt: (rec) => tcpOnce(m, rec, req.tcpPort, deadline) });
  for (const c of checks) {
    let last = "no attempt finished";
    let attempts = 0;
    for (;;) {
      if (signal.aborted) throw new CorralError("CORRAL_ERR_CANCELLED", `waiting for ${c.what} in instance "${req.name}" was cancelled`);
      const rec = await m.get(req.name);
      const status = await m.driverOf(rec).status(rec.name);
      const failure = status === "Running" ? await c.attempt(rec) : `the instance is ${status}`;
      if (failure === undefined) break;
      if (failure !== CUT_OFF || !attempts) last = failure;
      attempts++;
      if (Date.now() + RETRY_MS >= deadline) {
        throw new CorralError("CORRAL_ERR_TIMEOUT", `instance "${req.name}": timed out after ${req.timeoutMs / 1000}s waiting for ${c.what}; last failure: ${last}`);
      }
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}

/** Runs the command once (killed at the deadline); undefined when it exited 0, else why not. */
async function execOnce(m: InstanceManager, rec: InstanceRecord, command: string[], deadline: number, signal: AbortSignal): Promise<string | undefined> {
  const p = m.driverOf(rec).exec(rec.name, { command, env: await m.execEnv(rec) });
  let out = "";
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-OUTPUT_TAIL));
  p.stdout.on("data", keep);
  p.stderr.on("data", keep);
  p.stdin.on("error", () => {});
  p.stdin.end();
  let cutOff = false;
  const kill = () => p.kill("SIGKILL");
  const timer = setTimeout(() => {
    cutOff = true;
    kill();
  }, Math.max(0, deadline - Date.now()));
  signal.addEventListener("abort", kill, { once: true });
  try {
    // An attach cut short by the deadline's kill can fail as an attach error; any other attach
    // failure (the instance was stopping) is one more failed attempt, not the end of the wait.
    const code = await p.exited.catch((e: Error) => (cutOff ? -1 : e.message));
    if (code === 0) return undefined;
    if (cutOff) return CUT_OFF;
    if (typeof code === "string") return code;
    return `exit ${code}${out.trim() ? `: ${out.trim()}` : ""}`;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", kill);
  }
}

/** One connect to the instance's address; undefined when it was accepted, else why not. */
async function tcpOnce(m: InstanceManager, rec: InstanceRecord, port: number, deadline: number): Promise<string | undefined> {
  const state = await m.runtimeState(rec);
  const prefer = (await m.expanded(rec)).config["user.access_interface"];
  const nics = Object.entries(state?.network ?? {}).filter(([n]) => n !== "lo").sort(([a], [b]) => Number(b === prefer) - Number(a === prefer));
  const address = nics.flatMap(([, n]) => n.addresses).find((a) => a.family === "inet" && a.scope === "global")?.address;
  if (!address) return "the instance has no IPv4 address yet";
  return new Promise((resolve) => {
    const sock = connect({ host: address, port, timeout: Math.max(1, Math.min(CONNECT_TIMEOUT_MS, deadline - Date.now())) });
    const done = (why?: string) => {
      sock.destroy();
      resolve(why);
    };
    sock.once("connect", () => done());
    sock.once("timeout", () => done(Date.now() >= deadline ? CUT_OFF : `connecting to ${address}:${port} timed out`));
    sock.once("error", (e) => done(`${address}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
}
