// HTTP/2 keepalive of connections to an agent (agent/client/keepalive.ts): a member's relay
// session for exec and console (agent/cluster/member-stream.ts over agent/cli/h2c.ts), the grpc-js
// member clients (agent/client) for the other relayed calls, and the lean CLI's connection
// (agent/cli/lean-grpc.ts, `corral exec` over the agent's socket). The agent is a real grpc-js
// server in a process of its own (test/helpers/member-owner.ts) that the test SIGSTOPs: gone silent
// without closing its connections, its kernel still ACKing TCP, so TCP alone never gives up.
// Keepalive bounds are short here (a PING 300 ms after the last answer, 500 ms for the answer);
// the test's own timeout is the bound on how long the calls take to end.
import t from "tap";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { decodeExecOutput, encodeExecInput, grpcFrame } from "../../agent/cli/exec-wire";
import { LeanClient } from "../../agent/cli/lean-grpc";
import { ensureAgentIdentity, generateClientCertificate } from "../../agent/security";
import { relayingMember } from "../helpers/relay";

const KEEPALIVE = { intervalMs: 300, timeoutMs: 500 };
type Out = { msg?: string; stdout?: Buffer; exit_code?: number };
interface Result { stdout: string; exit?: number; error?: grpc.ServiceError }

/** Runs `command` through the relay; `onStarted` once the member has started it. */
function execVia(client: grpc.Client & Record<string, any>, command: string[], onStarted?: () => void): Promise<Result> {
  return new Promise((resolve) => {
    const r: Result = { stdout: "" };
    const call = client.Exec() as grpc.ClientDuplexStream<unknown, Out>;
    call.on("data", (m: Out) => {
      if (m.msg === "started") onStarted?.();
      if (m.msg === "stdout") r.stdout += m.stdout!.toString();
      if (m.msg === "exit_code") r.exit = m.exit_code;
    });
    call.on("error", (e: grpc.ServiceError) => resolve({ ...r, error: e }));
    call.on("end", () => resolve(r));
    call.write({ start: { instance: "c1", command } });
    call.end();
  });
}

/** Runs `command` on the lean CLI's client; `onStarted` once the agent has started it. */
async function leanExec(c: LeanClient, command: string[], onStarted?: () => void): Promise<{ stdout: string; exit?: number; error?: Error }> {
  const r: { stdout: string; exit?: number; error?: Error } = { stdout: "" };
  const call = c.call("/corral.v1.Instances/Exec", (raw) => {
    const m = decodeExecOutput(raw);
    if (m.msg === "started") onStarted?.();
    if (m.msg === "stdout") r.stdout += m.stdout.toString();
    if (m.msg === "exit_code") r.exit = m.exit_code;
  });
  call.stream.write(grpcFrame(encodeExecInput({ start: { command, environment: {}, cwd: "", tty: false, instance: "c1" } })));
  call.stream.end();
  await call.done.catch((e: Error) => (r.error = e));
  return r;
}

t.test("an agent that goes silent ends the calls open to it; it is dialled again once back", { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-keepalive-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const ownerDir = join(dir, "owner");
  const id = await ensureAgentIdentity(ownerDir);
  const me = await generateClientCertificate("m1");

  const owner = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../helpers/member-owner.ts"), ownerDir], { stdio: ["pipe", "pipe", "inherit"] });
  const ownerExit = new Promise((res) => owner.once("exit", res));
  t.teardown(async () => {
    owner.kill("SIGCONT");
    owner.kill("SIGTERM");
    await ownerExit;
  });
  const waiters = new Map<string, () => void>();
  /** Resolves once the owner has printed `line` (a call it started). */
  const said = (line: string) => new Promise<void>((res) => waiters.set(line, res));
  const listening = said("port");
  let port = 0;
  createInterface({ input: owner.stdout! }).on("line", (l) => {
    if (l.startsWith("port ")) port = Number(l.slice(5));
    waiters.get(l.startsWith("port ") ? "port" : l)?.();
  });
  await Promise.race([listening, ownerExit.then(() => { throw new Error("the member process exited before listening"); })]);
  const agentSocket = join(ownerDir, "api.sock");
  const lean = () => new LeanClient(`unix://${agentSocket}`, agentSocket, KEEPALIVE);

  const { fw, client } = await relayingMember(t, { dir, port, id, me, keepalive: KEEPALIVE });
  const get = (name: string) => fw.unary<{ name: string }>("m2", "instances", "GetInstance", { name });

  await t.test("a live agent answers the PINGs: calls quiet for ten keepalive intervals are not cut", async (t) => {
    const c = lean();
    t.teardown(() => c.close());
    // The lean CLI stops reading while its stdout is full: no PING answer can be read meanwhile.
    const leanRun = leanExec(c, ["sleep", "3000"], () => {
      c.pause();
      setTimeout(() => c.resume(), 1500);
    });
    const [exec, got, l] = await Promise.all([execVia(client, ["sleep", "3000"]), get("wait-3000"), leanRun]);
    t.same([exec.error, exec.stdout, exec.exit], [undefined, "slept\n", 0], "the relayed exec (HTTP/2 member session) ran to its exit code");
    t.equal(got.name, "wait-3000", "the relayed unary call (grpc-js member client) got its answer");
    t.same([l.error, l.stdout, l.exit], [undefined, "slept\n", 0], "the lean CLI's exec ran to its exit code, paused for 1.5 s on the way");
  });

  await t.test("SIGSTOPped mid-call: every call open to it ends UNAVAILABLE, saying why", async (t) => {
    let relayStarted!: () => void;
    let leanStarted!: () => void;
    const started = [new Promise<void>((res) => (relayStarted = res)), new Promise<void>((res) => (leanStarted = res))];
    const inOwner = [said("exec hang"), said("get never"), said("watch never")];
    const exec = execVia(client, ["hang"], () => relayStarted());
    const unary = get("never").then(() => undefined, (e: Error & { code?: string }) => e);
    const watch = (await fw.client("m2")).raw.operations.WatchOperation({ id: "never" }, fw.metadata());
    const watchEnd = new Promise<grpc.ServiceError | undefined>((res) => {
      watch.on("data", () => {});
      watch.on("error", res);
      watch.on("end", () => res(undefined));
    });
    const c = lean();
    t.teardown(() => c.close());
    const leanRun = leanExec(c, ["hang"], () => leanStarted());
    await Promise.all([...started, ...inOwner]);
    t.ok(owner.kill("SIGSTOP"), "the agent's process is stopped");

    const r = await exec;
    t.equal(r.error?.code, grpc.status.UNAVAILABLE, "the relayed exec ends UNAVAILABLE");
    t.equal(r.error?.details, 'cluster member "m2" did not answer: Connection dropped: keepalive PING not answered within 500 ms (KEEPALIVE_TIMEOUT_MS)', "naming the member and the bound");
    t.same(r.error?.metadata.get("corral-error-code"), ["CORRAL_ERR_UNAVAILABLE"]);
    const u = await unary;
    t.equal(u?.code, "CORRAL_ERR_UNAVAILABLE", "the relayed unary call without a deadline ends");
    t.match(u?.message, /^cluster member "m2" did not answer: /, "naming the member");
    const w = await watchEnd;
    t.equal(w?.code, grpc.status.UNAVAILABLE, "the server stream to the member ends UNAVAILABLE");
    const l = await leanRun;
    t.equal(l.error?.message, `cannot reach corrald at unix://${agentSocket}: Connection dropped: keepalive PING not answered within 500 ms (KEEPALIVE_TIMEOUT_MS)`,
      "the lean CLI's exec ends, with the CLI's unreachable message and the bound");
  });

  await t.test("while it stays silent, the next calls dial it again and end within the connect bound", async (t) => {
    const [r, u] = await Promise.all([execVia(client, ["sleep", "0"]), get("wait-0").then(() => undefined, (e: Error & { code?: string }) => e)]);
    t.equal(r.error?.code, grpc.status.UNAVAILABLE, "a relayed exec ends UNAVAILABLE");
    t.equal(r.error?.details, 'cluster member "m2" did not answer: No connection established: no connection within 10000 ms (MEMBER_CONNECT_TIMEOUT_MS)');
    t.equal(u?.code, "CORRAL_ERR_UNAVAILABLE", "a relayed unary call ends UNAVAILABLE");
    t.equal(u?.message, 'cluster member "m2" did not answer: not connected within 10000 ms (MEMBER_CONNECT_TIMEOUT_MS)');
  });

  await t.test("once the agent runs again, the next calls dial it again and work", async (t) => {
    t.ok(owner.kill("SIGCONT"));
    const r = await execVia(client, ["sleep", "0"]);
    t.same([r.error, r.stdout, r.exit], [undefined, "slept\n", 0], "a relayed exec");
    t.equal((await get("wait-0")).name, "wait-0", "a relayed unary call");
  });
});
