// The exec helper (agent/instances/drivers/lxc/exec-helper.{c,ts}): once a container runs, corrald
// serves its execs from one helper process that a single lxc-attach started inside it. A command
// run that way sees what a command run by its own lxc-attach (the same arguments the driver used
// to spawn per exec) sees: environment, ids and groups, capabilities, seccomp, no_new_privs,
// namespaces, cgroup, LSM label, personality, limits, directory, stdio kind, exit codes; input,
// output, signals; and the helper ends with its container and with corrald.
import t from "tap";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import { attachArgs, type AttachOptions } from "../../agent/instances/drivers/lxc/cli";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";

/** One exec over the agent's Exec stream. */
function agentExec(a: TestAgent, instance: string, o: { command: string[]; environment?: Record<string, string>; cwd?: string; uid?: number; gid?: number; input?: string; signalAfter?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const call = a.client.raw.instances.Exec();
    let stdout = "";
    let stderr = "";
    let code: number | undefined;
    call.on("data", (m: { msg?: string; stdout?: Buffer; stderr?: Buffer; exit_code?: number }) => {
      if (m.msg === "stdout") stdout += m.stdout!.toString();
      if (m.msg === "stderr") stderr += m.stderr!.toString();
      if (m.msg === "exit_code") code = m.exit_code;
      if (o.signalAfter && stdout.includes(o.signalAfter)) {
        o.signalAfter = undefined;
        call.write({ signal: osConstants.signals.SIGTERM });
      }
    });
    call.on("error", reject);
    call.on("end", () => (code === undefined ? reject(new Error("no exit code")) : resolve({ code, stdout, stderr })));
    call.write({ start: { instance, command: o.command, environment: o.environment ?? {}, cwd: o.cwd ?? "", uid: o.uid ?? 0, gid: o.gid ?? 0 } });
    if (o.input !== undefined) call.write({ stdin: Buffer.from(o.input) });
    call.write({ stdin_close: true });
  });
}

/** lxc-attach processes of this agent's containers still on the host. */
function attachProcesses(a: TestAgent): number[] {
  const lxcPath = join(a.dataDir, "lxc");
  const pids: number[] = [];
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0");
      if (argv[0] === "lxc-attach" && argv.includes(lxcPath)) pids.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return pids;
}

t.test("execs through the helper see what an lxc-attach of their own sees", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-exech-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["launch", "busybox", "c1", "--storage", "p"]);
  const lxcPath = join(a.dataDir, "lxc");

  // A start starts the container's helper, before any exec; execs run through it: the command's parent is it.
  const helperUp = () => eventually("the helper to start after the start, with no exec yet", async () => (attachProcesses(a).length === 1 ? true : undefined), 10_000, 50);
  await helperUp();
  const viaHelper = async () => (await agentExec(a, "c1", { command: ["sh", "-c", "cat /proc/$PPID/comm"] })).stdout === "corral-exec\n";
  t.ok(await viaHelper(), "the first exec after the launch goes through the helper");

  /** The same command through one lxc-attach of its own, with the environment the agent gives. */
  const attachAlone = async (o: Omit<AttachOptions, "env"> & { environment?: Record<string, string>; input?: string }) => {
    const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", LANG: "C.UTF-8", TERM: "xterm", ...o.environment };
    const r = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "lxc-attach", ...attachArgs({ name: "c1", lxcPath }, { ...o, env })], { cwd: "/", okCodes: [...Array(256).keys()], cleanEnv: true, input: o.input ?? "" });
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  };
  const probe = [
    "env", "id", "umask", "pwd", "ulimit -n", "cat /proc/self/personality 2>&1 || true", "cat /proc/self/attr/current 2>&1 || true",
    "grep -E '^(Uid|Gid|Groups|Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp|Seccomp_filters|Cpus_allowed_list):' /proc/self/status",
    "cat /proc/self/cgroup", "for n in cgroup ipc mnt net pid user uts; do readlink /proc/self/ns/$n; done",
    "for f in 0 1 2; do stat -L -c %F /proc/self/fd/$f; done", "cut -d' ' -f19 /proc/self/stat",
  ].join("; ");
  const cases: { what: string; o: Omit<AttachOptions, "env"> & { environment?: Record<string, string>; input?: string } }[] = [
    { what: "root, the environment given", o: { command: ["sh", "-c", probe], environment: { FOO: "bar baz", PATH: "/bin:/usr/bin" } } },
    { what: "another user and group", o: { command: ["sh", "-c", probe], uid: 1000, gid: 1001 } },
    { what: "a user alone", o: { command: ["sh", "-c", probe], uid: 1000 } },
    { what: "a working directory", o: { command: ["sh", "-c", "pwd; echo $0 $#", "a1"], cwd: "/tmp" } },
    { what: "a directory that is missing", o: { command: ["true"], cwd: "/no/such/dir" } },
    { what: "input, output, error and exit code", o: { command: ["sh", "-c", "cat; echo err >&2; exit 3"], input: "line 1\nline 2\n" } },
    { what: "a file that is not executable", o: { command: ["/etc/hostname"] } },
  ];
  // Who reports a command that cannot be run differs (LXC's log line names its source file): the reason is the same.
  const cannotRun = (r: { code: number; stdout: string; stderr: string }) => ({ ...r, stderr: r.stderr.replace(/^(lxc-attach: .*?: \d+ |corral-exec: )(?=.* - Failed to exec )/gm, "") });
  for (const c of cases) {
    const alone = cannotRun(await attachAlone(c.o));
    const helped = cannotRun(await agentExec(a, "c1", c.o));
    t.same(helped, alone, `${c.what}: the same exit code, stdout and stderr`);
  }
  t.ok(await viaHelper(), "all of them went through the helper");

  const missing = await agentExec(a, "c1", { command: ["no-such-command"] });
  t.equal(missing.code, 127, "a missing command exits 127, as with lxc-attach");
  t.match(missing.stderr, /no-such-command/, "and says which");

  const big = await agentExec(a, "c1", { command: ["sh", "-c", "cat; seq 1 200000 >&2"], input: "x".repeat(3 << 20) });
  t.equal(big.stdout.length, 3 << 20, "megabytes of input come back whole");
  t.equal(big.stderr.split("\n").length, 200001, "a long output arrives whole");

  const sig = await agentExec(a, "c1", { command: ["sh", "-c", "echo ready; exec sleep 300"], signalAfter: "ready" });
  t.equal(sig.code, 128 + osConstants.signals.SIGTERM, "a signal reaches the command; its status is 128+signal");

  const parallel = await Promise.all([...Array(8).keys()].map((i) => agentExec(a, "c1", { command: ["sh", "-c", `sleep 0.2; echo ${i}; exit ${i}`] })));
  t.same(parallel.map((r) => [r.code, r.stdout]), [...Array(8).keys()].map((i) => [i, `${i}\n`]), "concurrent execs keep to their own streams");

  t.equal(attachProcesses(a).length, 1, "one lxc-attach stays, the helper's");
  await a.cli(["stop", "-f", "c1"]);
  await eventually("the helper's lxc-attach to end with the container", async () => (attachProcesses(a).length === 0 ? true : undefined), 10_000, 50);
  await a.cli(["start", "c1"]);
  await helperUp();
  t.ok(await viaHelper(), "the first exec of the next run goes through that run's helper");
  t.equal(attachProcesses(a).length, 1, "one lxc-attach again, the new helper's");
  await a.stop();
  await eventually("the helper to end with corrald", async () => (attachProcesses(a).length === 0 ? true : undefined), 10_000, 50);
  await a.restart();
  await a.cli(["delete", "-f", "c1"]);
});

t.test("a container where the helper cannot start: each exec attaches on its own, with the same results", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-exech-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  // No /proc inside: the helper, executed as /proc/self/fd/3, cannot start there.
  await a.cli(["launch", "busybox", "c1", "--storage", "p", "-c", "raw.lxc=lxc.mount.auto =\nlxc.mount.auto = sys:rw cgroup:mixed"]);
  for (let i = 0; i < 3; i++) {
    const r = await agentExec(a, "c1", { command: ["sh", "-c", "cat; echo err >&2; test -e /proc/self || exit 7"], input: `in ${i}\n` });
    t.same(r, { code: 7, stdout: `in ${i}\n`, stderr: "err\n" }, `exec ${i + 1}: input, output, error and exit code`);
  }
  t.equal(attachProcesses(a).length, 0, "no helper's lxc-attach stays");
  await a.cli(["delete", "-f", "c1"]);
});
