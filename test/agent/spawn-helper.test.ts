// run() through the spawn helper (agent/host/spawner.ts, corral-exec-helper --host), as corrald runs
// every host command: each case runs once by node's spawn and once through the helper, and both
// must give the same result (output, exit code, error message) and see the same process setup
// (environment, directory, stdin, descriptors, signals); cancelling and timeouts kill the command.
import t, { type Test } from "tap";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandError, KILL_GRACE_MS, run, type RunOptions } from "../../agent/host/run";
import { enableSpawnHelper, helperBinary, spawnHelper } from "../../agent/host/spawner";

const binary = helperBinary();
if (!binary) {
  t.comment("skipped: dist/corral-exec-helper is not built (npm run build, with gcc)");
} else {
  const dir = mkdtempSync(join(tmpdir(), "corral-spawn-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  /** The outcome of run(): its result, or its error's message and exit code. */
  const outcome = (cmd: string, args: string[], opts: RunOptions = {}) =>
    run(cmd, args, opts).then(
      (r) => ({ ok: r as object }),
      (e: unknown) => (e instanceof CommandError ? { error: e.message, exitCode: e.exitCode, stderr: e.stderr } : { thrown: String(e) }),
    );
  /** Runs a case by node's spawn, then through the helper. */
  const both = async <T>(fn: () => Promise<T>): Promise<{ spawned: T; helped: T }> => {
    enableSpawnHelper(undefined);
    const spawned = await fn();
    enableSpawnHelper(binary);
    try {
      return { spawned, helped: await fn() };
    } finally {
      enableSpawnHelper(undefined);
    }
  };
  const same = async (t: Test, what: string, cmd: string, args: string[], opts: RunOptions = {}) => {
    const { spawned, helped } = await both(() => outcome(cmd, args, opts));
    t.same(helped, spawned, what);
    return helped;
  };

  t.test("outcomes: output, exit codes, okCodes, signals, a missing command, a missing directory", async (t) => {
    t.match(await same(t, "stdout and stderr", "sh", ["-c", "echo out; echo err >&2"]), { ok: { stdout: "out\n", stderr: "err\n", code: 0 } });
    t.match(await same(t, "a failure", "sh", ["-c", "echo oops >&2; exit 3"]), { error: "Failed to run: sh -c echo oops >&2; exit 3: exit 3 (oops)", exitCode: 3 });
    t.match(await same(t, "an ok code", "sh", ["-c", "exit 1"], { okCodes: [0, 1] }), { ok: { code: 1 } });
    t.match(await same(t, "killed by a signal", "sh", ["-c", "kill -TERM $$"]), { error: /: killed by SIGTERM$/, exitCode: null });
    t.match(await same(t, "no such command", "corral-no-such-tool", []), { error: "Failed to run: corral-no-such-tool: command not found", exitCode: null });
    const gone = await both(() => outcome("true", [], { cwd: join(dir, "missing") }));
    t.match(gone.helped, { exitCode: null, error: /^Failed to run: true: .*No such file or directory/ }, "a missing working directory fails before the command runs");
    t.match(gone.spawned, { exitCode: null });
    t.match(await same(t, "large output", "head", ["-c", String(3 << 20), "/dev/zero"]), { ok: { code: 0 } });
    const { helped } = await both(() => run("head", ["-c", String(3 << 20), "/dev/zero"]));
    t.equal(helped.stdout.length, 3 << 20, "all of a large output");
  });

  t.test("what the command sees: environment, directory, stdin, descriptors, signal dispositions", async (t) => {
    await same(t, "the agent's environment with LC_ALL and the extra variables", "sh", ["-c", "env | sort"], { env: { CORRAL_X: "1" } });
    // (tap adds its own variables, some multi-line, to whatever node's spawn starts: they are left out)
    t.match(await same(t, "a clean environment", "sh", ["-c", "env -0 | tr '\\n\\0' ' \\n' | grep -v -e ^NODE_OPTIONS= -e ^_TAPJS | sort"], { cleanEnv: true, env: { ONLY: "this" } }), { ok: { stdout: /^LC_ALL=C\nONLY=this\nPATH=\/usr/ } });
    t.match(await same(t, "the working directory", "pwd", [], { cwd: dir }), { ok: { stdout: `${dir}\n` } });
    t.match(await same(t, "no input: stdin is /dev/null", "readlink", ["/proc/self/fd/0"]), { ok: { stdout: "/dev/null\n" } });
    t.match(await same(t, "input", "sh", ["-c", "cat; echo; cat <&0"], { input: "to stdin" }), { ok: { stdout: "to stdin\n" } });
    const big = Buffer.alloc(3 << 20, "x");
    t.match(await same(t, "a large input", "wc", ["-c"], { input: big }), { ok: { stdout: `${3 << 20}\n` } });
    enableSpawnHelper(binary);
    t.match(await outcome("sh", ["-c", "ls /proc/self/fd | sort -n | tr '\\n' ' '"]), { ok: { stdout: "0 1 2 3 " } }, "only stdio is inherited (node's spawn passes on what node inherited without close-on-exec)");
    enableSpawnHelper(undefined);
    await same(t, "signal dispositions and mask", "sh", ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"]);
  });

  t.test("a timeout kills the command; a cancel kills it and answers at once", async (t) => {
    const marker = `30.${process.pid}`; // sleep's argument: the process to look for
    const running = (m = marker) => readdirSync("/proc").filter((e) => /^\d+$/.test(e)).some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(m);
      } catch {
        return false;
      }
    });
    const gone = async (m = marker) => {
      for (const deadline = Date.now() + 10_000; running(m) || running(); ) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    };
    t.match(await same(t, "timed out", "sh", ["-c", `exec sleep ${marker}`], { timeoutMs: 200 }), { error: /: timed out after 200 ms$/, exitCode: null });
    t.ok(await gone(), "the timed-out command is killed");
    // A process it left behind holds its stdout: the call still ends, KILL_GRACE_MS at most after the kill.
    const left = `600.${process.pid}`; // outlives any test timeout
    for (const how of ["spawned", "helped"] as const) {
      enableSpawnHelper(how === "helped" ? binary : undefined);
      const r = await outcome("sh", ["-c", `(exec sleep ${left} &); exec sleep ${marker}`], { timeoutMs: 200 });
      t.match(r, { error: /: timed out after 200 ms/, exitCode: null }, `${how}: a left-behind process holding its output does not hold the call`);
      await run("pkill", ["-f", `sleep ${left}`], { okCodes: [1] });
      t.ok(await gone(left), `${how}: nothing is left running`);
    }
    enableSpawnHelper(undefined);
    for (const how of ["spawned", "helped"] as const) {
      enableSpawnHelper(how === "helped" ? binary : undefined);
      const ac = new AbortController();
      const p = outcome("sh", ["-c", `exec sleep ${marker}`], { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 100));
      t.ok(running(), `${how}: the command runs`);
      ac.abort();
      t.match(await p, { error: `Failed to run: sh -c exec sleep ${marker}: cancelled`, exitCode: null }, `${how}: cancelled`);
      t.ok(await gone(), `${how}: the cancelled command is killed`);
      t.match(await outcome("true", [], { signal: ac.signal }), { error: /: cancelled$/ }, `${how}: an aborted signal runs nothing`);
    }
    enableSpawnHelper(undefined);
  });

  t.test("commands run side by side, each with its own outcome", async (t) => {
    enableSpawnHelper(binary);
    t.teardown(() => enableSpawnHelper(undefined));
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome("sh", ["-c", `sleep 0.0$((${i} % 5)); echo ${i}; exit $((${i} % 3))`], { okCodes: [0, 1] })));
    results.forEach((r, i) => {
      if (i % 3 === 2) t.match(r, { exitCode: 2 }, `command ${i} failed with its own code`);
      else t.match(r, { ok: { stdout: `${i}\n`, code: i % 3 } }, `command ${i}`);
    });
  });

  t.test("a helper that ends is replaced; its process name is corral-spawn", async (t) => {
    enableSpawnHelper(binary);
    t.teardown(() => enableSpawnHelper(undefined));
    const pidOf = async () => Number((await run("sh", ["-c", "echo $PPID"])).stdout.trim());
    const first = await pidOf();
    t.equal(readFileSync(`/proc/${first}/comm`, "utf8"), "corral-spawn\n", "commands are children of the helper");
    process.kill(first, "SIGKILL");
    let second = first;
    for (const deadline = Date.now() + 10_000; second === first && Date.now() < deadline; ) {
      second = await pidOf().catch(() => first); // a command sent as the helper died fails
      await new Promise((r) => setTimeout(r, 20));
    }
    t.not(second, first, "a new helper runs the next command");
    t.equal(readFileSync(`/proc/${second}/comm`, "utf8"), "corral-spawn\n");
    t.ok(spawnHelper(), "and is kept");
  });

  t.test("a helper that does not answer: a timed-out command gives up KILL_GRACE_MS after its SIGKILL", async (t) => {
    enableSpawnHelper(binary);
    t.teardown(() => enableSpawnHelper(undefined));
    const helperPid = Number((await run("sh", ["-c", "echo $PPID"])).stdout.trim());
    process.kill(helperPid, "SIGSTOP");
    t.teardown(() => process.kill(helperPid, "SIGCONT"));
    const r = await outcome("true", [], { timeoutMs: 200 });
    t.match(r, { exitCode: null, error: `Failed to run: true: timed out after 200 ms (and no answer ${KILL_GRACE_MS} ms after SIGKILL)` }, "the call ends, saying why");
    process.kill(helperPid, "SIGCONT");
    t.match(await outcome("sh", ["-c", "echo back"]), { ok: { stdout: "back\n" } }, "the helper serves again once it answers");
  });
}
