// Exec and the other streams always end: exec into an instance that is not running (or stops
// while the exec is set up) fails at once, the CLI ends on SIGTERM/SIGINT/SIGHUP before and while
// a command runs, and corrald's stop gives running calls a bounded grace period while watch
// streams end at once. A real agent, a real busybox container, the real CLI binary.
import t, { type Test } from "tap";
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import { corralV1 } from "../../agent/api/descriptor";
import { STOP_GRACE_MS } from "../../agent/daemon/agent";
import { attachErrorFilter, attachFailureReason } from "../../agent/instances/drivers/lxc/attach-errors";
import { LxcDriver } from "../../agent/instances/drivers/lxc/driver";
import { EXEC_SIGNAL_GRACE_MS } from "../../agent/cli/exec";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL, eventually, startAgent, type TestAgent } from "../helpers/agent";

/** A CLI process we can signal, with its output and exit status. */
interface CliRun {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number>;
}

function spawnCli(endpoint: string, args: string[]): CliRun {
  const proc = spawn(CORRAL, ["--endpoint", endpoint, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => proc.on("exit", (code, sig) => resolve(code ?? 128 + osConstants.signals[sig!])));
  return { proc, out: () => out, err: () => err, exited };
}

/** The CLI must have ended within `ms` of being signalled: a hung one is killed and fails the test. */
async function endsWithin(t: Test, run: CliRun, ms: number, what: string): Promise<number> {
  const timer = setTimeout(() => run.proc.kill("SIGKILL"), ms);
  const code = await run.exited;
  clearTimeout(timer);
  t.not(code, 137, `${what}: the CLI ended by itself (not killed after ${ms} ms)`);
  return code;
}

/** Opens a raw exec stream and resolves with its outcome: exit code, or the gRPC error. */
function rawExec(a: TestAgent, instance: string, command: string[]): { started: Promise<void>; done: Promise<{ code?: number; error?: grpc.ServiceError }> } {
  const call = a.client.raw.instances.Exec();
  let onStarted: () => void = () => {};
  const started = new Promise<void>((r) => (onStarted = r));
  const done = new Promise<{ code?: number; error?: grpc.ServiceError }>((resolve) => {
    let code: number | undefined;
    call.on("data", (m: { msg?: string; exit_code?: number }) => {
      if (m.msg === "started") onStarted();
      if (m.msg === "exit_code") code = m.exit_code;
    });
    call.on("error", (error: grpc.ServiceError) => resolve({ error }));
    call.on("end", () => resolve({ code }));
  });
  call.write({ start: { instance, command } });
  return { started, done };
}

t.test("attach errors are told apart from the command's output", async (t) => {
  const lines = [
    "lxc-attach: c1: ../src/lxc/attach.c: get_attach_context: 406 Connection refused - Failed to get init pid\n",
    "lxc-attach: c1: ../src/lxc/attach.c: lxc_attach: 1470 Connection refused - Failed to get attach context\n",
  ];
  const collect = async (chunks: string[]) => {
    const f = attachErrorFilter();
    let out = "";
    f.stream.on("data", (d: Buffer) => (out += d.toString()));
    for (const c of chunks) f.stream.write(c);
    f.stream.end();
    await new Promise((r) => f.stream.on("end", r));
    return { out, lines: f.lines };
  };
  const whole = lines.join("");
  const split = [whole.slice(0, 5), whole.slice(5, 60), whole.slice(60)];
  for (const chunks of [[whole], split]) {
    const r = await collect(chunks);
    t.equal(r.out, "", "LXC's own lines are held back");
    t.equal(r.lines.length, 2);
    t.equal(attachFailureReason(r.lines), "Connection refused - Failed to get init pid");
  }
  const cmd = await collect(["lxc", "-attach is just what I print\n", "lxc-attach: c1: x.c: f: 1 later lines pass\n"]);
  t.equal(cmd.out, "lxc-attach is just what I print\nlxc-attach: c1: x.c: f: 1 later lines pass\n", "the command's output, even when it looks alike later");
  t.same(cmd.lines, []);
  const partial = await collect(["err"]);
  t.equal(partial.out, "err", "a partial line is flushed at the end");
});

t.test("exec and the CLI always end", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-execb-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["launch", "busybox", "c1", "--storage", "p"]);

  t.test("exec into a stopped or missing instance fails at once", async (t) => {
    await a.cli(["stop", "-f", "c1"]);
    const r = await rawExec(a, "c1", ["true"]).done;
    t.equal(r.error?.code, grpc.status.FAILED_PRECONDITION, "FAILED_PRECONDITION");
    t.match(r.error?.details, /instance "c1" is Stopped; exec needs it running/, "names the instance and its state");
    const cli = spawnCli(a.endpoint, ["exec", "c1", "--", "true"]);
    t.equal(await endsWithin(t, cli, 20_000, "CLI exec into a stopped instance"), 1);
    t.match(cli.err(), /instance "c1" is Stopped/);
    const missing = await rawExec(a, "nope", ["true"]).done;
    t.equal(missing.error?.code, grpc.status.NOT_FOUND);
    const empty = await rawExec(a, "c1", []).done;
    t.match(empty.error, { code: grpc.status.INVALID_ARGUMENT, details: /start\.command/ });
  });

  t.test("file transfer errors end the stream at once", async (t) => {
    const pull = spawnCli(a.endpoint, ["file", "pull", "c1/no/such/file", join(work, "out")]);
    t.equal(await endsWithin(t, pull, 20_000, "pull of a missing file"), 1);
    t.match(pull.err(), /no\/such\/file/, "the error names the path");
    const push = spawnCli(a.endpoint, ["file", "push", img.metaPath, "nope/tmp/x"]);
    t.equal(await endsWithin(t, push, 20_000, "push into a missing instance"), 1);
    t.match(push.err(), /instance "?nope"? not found/);
  });

  t.test("an attach that fails is an error naming the state, not an exit code", async (t) => {
    // What the agent meets when the instance stops between its check and lxc-attach.
    const driver = new LxcDriver({ lxcPath: join(a.dataDir, "lxc") });
    const p = driver.exec("c1", { command: ["true"], env: {} });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await t.rejects(p.exited, { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /instance "c1" is Stopped; exec needs it running/ });
    t.equal(stderr, "", "LXC's attach chatter is not passed on as the command's stderr");
    await a.cli(["start", "c1"]);
  });

  t.test("a command that does not exist is the command's failure, not an attach error", async (t) => {
    const r = await rawExec(a, "c1", ["no-such-command"]).done;
    t.equal(r.error, undefined, "no error: the instance ran it");
    t.not(r.code, 0, `a non-zero exit code (${r.code})`);
  });

  /** A unique argument to find the command by in the container's process list. */
  const marker = () => String(100_000 + Math.floor(Math.random() * 900_000));
  const runningInside = async (m: string) => (await a.cli(["exec", "c1", "--", "ps", "-o", "args"])).stdout.includes(m);

  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    t.test(`${sig} while a command runs is forwarded and the CLI exits with its status`, async (t) => {
      const m = marker();
      const cli = spawnCli(a.endpoint, ["exec", "c1", "--", "sh", "-c", `echo ready; exec sleep ${m}`]);
      await eventually("the command to run", async () => (cli.out().includes("ready") ? true : undefined), 20_000, 20);
      cli.proc.kill(sig);
      const code = await endsWithin(t, cli, 20_000, sig);
      t.equal(code, 128 + osConstants.signals[sig], `exit status 128+${sig} of the command (got ${code}: ${cli.err()})`);
      t.notOk(await runningInside(m), "the command is gone inside");
    });
  }

  t.test("a command that ignores the signal is given up after a bounded wait", async (t) => {
    const m = marker();
    const cli = spawnCli(a.endpoint, ["exec", "c1", "--", "sh", "-c", `trap "" TERM; echo ready; while :; do sleep 1; done`, m]);
    await eventually("the command to run", async () => (cli.out().includes("ready") ? true : undefined), 20_000, 20);
    cli.proc.kill("SIGTERM");
    t.equal(await endsWithin(t, cli, EXEC_SIGNAL_GRACE_MS + 15_000, "ignored SIGTERM"), 143, "128+SIGTERM");
    await eventually("the abandoned command to be killed inside", async () => ((await runningInside(m)) ? undefined : true), 10_000);
    t.pass("the agent killed the abandoned command");
  });

  t.test("an agent that never answers: every streaming command still ends on a signal", async (t) => {
    // Accepts each call and never answers it: the CLI must end on a signal all the same.
    const sock = join(work, "silent.sock");
    const server = new grpc.Server();
    let seen: () => void = () => {};
    let cancelled = false;
    const hold = (call: { on(ev: "cancelled", fn: () => void): unknown; on(ev: "data", fn: () => void): unknown }) => {
      call.on("cancelled", () => (cancelled = true));
      call.on("data", () => {});
      seen();
    };
    const v1 = corralV1();
    server.addService(v1.Instances.service, { Exec: hold, Console: hold, PushFile: hold, PullFile: hold, CreateInstance: hold });
    server.addService(v1.Images.service, { UploadImage: hold });
    await new Promise<void>((res, rej) => server.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
    t.teardown(() => server.forceShutdown());
    const commands: [string, string[]][] = [
      ["exec", ["exec", "c1", "--", "true"]],
      ["console", ["console", "c1"]],
      ["file push", ["file", "push", img.metaPath, "c1/tmp/x"]],
      ["file pull", ["file", "pull", "c1/etc/hostname", join(work, "pulled")]],
      ["image import", ["image", "import", img.metaPath]],
      ["launch", ["launch", "busybox", "c9"]],
    ];
    for (const [what, args] of commands) {
      for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
        cancelled = false;
        const called = new Promise<void>((r) => (seen = r));
        const cli = spawnCli(`unix://${sock}`, args);
        await called;
        cli.proc.kill(sig);
        t.equal(await endsWithin(t, cli, 10_000, `${what}: ${sig}`), 128 + osConstants.signals[sig], `${what} ends with 128+${sig}`);
        if (what === "exec" || what === "console") await eventually(`the server to see ${what}'s cancel`, async () => (cancelled ? true : undefined), 5_000, 20);
      }
    }
  });

  t.test("corrald's stop: watch streams end at once, exec gets a bounded grace period, instances keep running", async (t) => {
    const pidBefore = (await a.client.instances.GetInstance({ name: "c1", with_state: true })).state!.pid;
    const events = a.client.raw.events.WatchEvents({ types: [] });
    const eventsEnd = new Promise<grpc.ServiceError | null>((r) => {
      events.on("error", r);
      events.on("end", () => r(null));
    });
    events.on("data", () => {});
    const exec = rawExec(a, "c1", ["sleep", "300"]);
    await exec.started;
    const logsFrom = a.logs().length;
    await a.stop();
    const evErr = await eventsEnd;
    t.match(evErr, { code: grpc.status.UNAVAILABLE, details: /corrald is stopping/ }, "the event stream ends with UNAVAILABLE");
    const r = await exec.done;
    t.match(r.error, { code: grpc.status.UNAVAILABLE, details: /grace period/ }, "the exec ends with UNAVAILABLE after the grace period");
    t.match(a.logs().slice(logsFrom), /cancelling them/, `the agent waited its grace period (${STOP_GRACE_MS} ms), then cancelled`);

    await a.restart();
    const after = await a.client.instances.GetInstance({ name: "c1", with_state: true });
    t.equal(after.state!.pid, pidBefore, "the container kept running across the agent's stop");

    // With only watch streams open, the stop does not wait for the grace period at all.
    const again = a.client.raw.events.WatchEvents({ types: [] });
    const againEnd = new Promise((r) => again.on("error", r));
    again.on("data", () => {});
    await new Promise((r) => setTimeout(r, 100));
    const from = a.logs().length;
    await a.stop();
    await againEnd;
    t.notMatch(a.logs().slice(from), /cancelling them/, "no call was left to cancel");
    await a.restart();
  });
});
