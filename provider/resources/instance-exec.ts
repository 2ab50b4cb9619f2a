// Commands run by corral_instance (`exec` blocks, as the LXD provider's `execs`): each runs at
// create, and later by its trigger (once: only when the block is new; on_change: when the block
// changed; on_start: when the provider (re)starts the instance). Its exit code and bounded output
// land in state. The plan marks the outputs of the blocks that will run as unknown; apply runs
// exactly those.
import { attrPath, DiagError, Unknown, type BlockSpec, type Context, type Obj, type Value } from "../framework/types";
import { equal } from "../framework/plan";
import { bool, num, str, strList, strMap } from "./values";
import { DEVICE_BLOCKS, objs } from "./devices";

/** Each of stdout and stderr kept in state is at most this long; the rest is cut with a marker. */
export const EXEC_OUTPUT_LIMIT = 64 * 1024;
const TRIGGERS = ["once", "on_change", "on_start"];
const OUTPUTS = ["exit_code", "stdout", "stderr"] as const;

export const EXEC_BLOCK: BlockSpec = {
  nesting: "list",
  description: "A command run in the instance at create, then by its trigger; its exit code and output (at most 64 KiB each, cut with a marker) are kept in state.",
  attributes: {
    command: { type: ["list", "string"], required: true, description: "The command and its arguments (no shell: use [\"sh\", \"-c\", \"...\"] for one)." },
    environment: { type: ["map", "string"], optional: true, description: "Environment variables for the command." },
    working_dir: { type: "string", optional: true, description: "Working directory inside the instance." },
    uid: { type: "number", optional: true, description: "User id to run as (default 0)." },
    gid: { type: "number", optional: true, description: "Group id to run as (default 0)." },
    trigger: { type: "string", optional: true, computed: true, default: "on_change", validate: (v: Value) => (typeof v === "string" && TRIGGERS.includes(v) ? undefined : `must be one of ${TRIGGERS.join(", ")}`), description: "once (only when the block is added), on_change (also when the block changes) or on_start (each time the provider starts the instance, also when it restarts it to apply a change a running instance cannot take)." },
    fail_on_error: { type: "bool", optional: true, computed: true, default: false, description: "A non-zero exit fails the apply." },
    exit_code: { type: "number", computed: true, description: "Exit code of the last run." },
    stdout: { type: "string", computed: true, description: "Standard output of the last run (bounded)." },
    stderr: { type: "string", computed: true, description: "Standard error of the last run (bounded)." },
  },
};

const withOutputs = (e: Obj, from: Obj | undefined): Obj => ({ ...e, ...Object.fromEntries(OUTPUTS.map((k) => [k, from?.[k] ?? null])) });
const willRun = (e: Obj) => e.exit_code === Unknown;

/** Whether the block's configured attributes changed since the last apply. */
function blockChanged(prior: Obj, planned: Obj): boolean {
  return Object.entries(EXEC_BLOCK.attributes).some(([k, a]) => !(a.computed && !a.optional) && !equal(prior[k] ?? null, planned[k] ?? null));
}

/**
 * Plans which exec blocks run (outputs unknown) and which keep their last outputs. `mayRestart`:
 * the update has changes a running instance may not take live, which the provider then applies by
 * a restart: on_start blocks may run (unknown in the plan; apply runs them only if it started the
 * instance, else keeps their outputs).
 */
export function planExecs(prior: Obj | null, planned: Obj, mayRestart = false): void {
  const running = bool(planned.running) ?? true;
  const priorExecs = prior ? objs(prior.exec) : [];
  const devicesChange = !!prior && Object.keys(DEVICE_BLOCKS).some((k) => !equal(prior[k] ?? null, planned[k] ?? null));
  const starts = running && (!prior || !(bool(prior.running) ?? false) || devicesChange || mayRestart);
  planned.exec = objs(planned.exec).map((e, i) => {
    const before = priorExecs[i];
    const trigger = str(e.trigger) ?? "on_change";
    const runs = running && (!before || (trigger === "on_change" && blockChanged(before, e)) || (trigger === "on_start" && starts));
    return runs ? { ...e, exit_code: Unknown, stdout: Unknown, stderr: Unknown } : withOutputs(e, before);
  });
}

/** State of the exec blocks as read back: the last outputs (nothing on the host to compare with). */
export function execState(prior: Obj): Obj[] {
  return objs(prior.exec).map((e) => withOutputs(e, Object.fromEntries(OUTPUTS.map((k) => [k, e[k] === Unknown ? null : e[k]!]))));
}

/** The kept start of an output of `total` bytes, cut at the limit with a marker saying how much was left out. */
function bounded(kept: Buffer, total: number): string {
  if (total <= EXEC_OUTPUT_LIMIT) return kept.toString();
  return `${kept.subarray(0, EXEC_OUTPUT_LIMIT).toString()}\n[... truncated: ${total - EXEC_OUTPUT_LIMIT} more bytes]`;
}

export interface ExecRequest {
  command: string[];
  environment?: Record<string, string>;
  cwd?: string;
  uid?: number;
  gid?: number;
}

/** Runs a command in the instance and collects its output (each stream bounded); the call ends at the deadline or on signal. */
export function execIn(ctx: Context, name: string, req: ExecRequest, signal: AbortSignal, deadline: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const call = ctx.client.raw.instances.Exec({ deadline: new Date(Math.max(deadline, Date.now() + 1000)) });
    let code: number | undefined;
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[], stdoutLen: 0, stderrLen: 0 };
    const keep = (which: "stdout" | "stderr", d: Buffer) => {
      const len = which === "stdout" ? out.stdoutLen : out.stderrLen;
      // Keep one byte past the limit plus a count of the rest, not the whole stream.
      if (len <= EXEC_OUTPUT_LIMIT) out[which].push(d.subarray(0, EXEC_OUTPUT_LIMIT + 1 - len));
      if (which === "stdout") out.stdoutLen += d.length;
      else out.stderrLen += d.length;
    };
    const text = (which: "stdout" | "stderr") => bounded(Buffer.concat(out[which]), which === "stdout" ? out.stdoutLen : out.stderrLen);
    const onAbort = () => call.cancel();
    signal.addEventListener("abort", onAbort, { once: true });
    call.on("data", (m: { msg?: string; stdout?: Buffer; stderr?: Buffer; exit_code?: number }) => {
      if (m.msg === "stdout") keep("stdout", m.stdout!);
      if (m.msg === "stderr") keep("stderr", m.stderr!);
      if (m.msg === "exit_code") code = m.exit_code;
    });
    call.on("error", (e: Error) => {
      signal.removeEventListener("abort", onAbort);
      reject(e);
    });
    call.on("end", () => {
      signal.removeEventListener("abort", onAbort);
      if (code === undefined) reject(new Error("the exec ended without an exit code"));
      else resolve({ code, stdout: text("stdout"), stderr: text("stderr") });
    });
    call.write({ start: { instance: name, command: req.command, environment: req.environment ?? {}, cwd: req.cwd ?? "", uid: req.uid ?? 0, gid: req.gid ?? 0 } });
    call.write({ stdin_close: true });
    call.end();
  });
}

/**
 * Runs the planned exec blocks (outputs unknown) in order; returns the blocks with their outputs.
 * An on_start block already in `prior` runs only when this apply `started` the instance; otherwise
 * it keeps its outputs (its plan left them open in case of a restart).
 */
export async function runExecs(ctx: Context, name: string, planned: Obj, prior: Obj | null, started: boolean, signal: AbortSignal, deadline: number): Promise<Obj[]> {
  const out: Obj[] = [];
  const running = bool(planned.running) ?? true;
  const priorExecs = prior ? objs(prior.exec) : [];
  for (const [i, e] of objs(planned.exec).entries()) {
    if (!willRun(e) || !running) {
      out.push(withOutputs(e, willRun(e) ? undefined : e));
      continue;
    }
    if (str(e.trigger) === "on_start" && !started && priorExecs[i]) {
      out.push(withOutputs(e, priorExecs[i]));
      continue;
    }
    const command = strList(e.command)!;
    const r = await execIn(ctx, name, { command, environment: strMap(e.environment), cwd: str(e.working_dir), uid: num(e.uid), gid: num(e.gid) }, signal, deadline).catch((err: Error) => {
      throw new DiagError([{ severity: "error", summary: `Cannot run ${JSON.stringify(command)} in instance "${name}"`, detail: err.message, path: attrPath("exec", i) }]);
    });
    if (r.code !== 0 && (bool(e.fail_on_error) ?? false)) {
      throw new DiagError([{ severity: "error", summary: `Command ${JSON.stringify(command)} in instance "${name}" exited ${r.code}`, detail: (r.stderr || r.stdout).trim() || "(no output)", path: attrPath("exec", i) }]);
    }
    out.push({ ...e, exit_code: r.code, stdout: r.stdout, stderr: r.stderr });
  }
  return out;
}
