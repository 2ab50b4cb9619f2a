// The lean `corral exec` (agent/cli/exec-fast.ts, bin/corral's dist/corral-fast.js) behaves as the
// full CLI's exec: for each command line, bin/corral (lean path) and main() of the full CLI run
// in-process give the same exit code, stdout and stderr. A real agent and busybox container.
import t from "tap";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFastExec } from "../../agent/cli/exec-fast";
import { buildBusyboxImage } from "../fixtures/images";
import { run } from "../../agent/host/run";
import { CORRAL, startAgent } from "../helpers/agent";
import { fullCli, type Outcome } from "../helpers/cli";

t.test("the lean path takes only the command lines it serves", async (t) => {
  const env = { CORRAL_ENDPOINT: "unix:///run/x.sock" };
  t.match(parseFastExec(["exec", "c1", "--", "true"], env), { socketPath: "/run/x.sock", name: "c1", command: ["true"] });
  t.match(parseFastExec(["--endpoint", "unix:///a.sock", "exec", "--env", "A=1", "c1", "--env=B=x=y", "--cwd", "/tmp", "--user", "7", "--group=8", "-T", "--", "sh", "-c", "x"], {}), {
    socketPath: "/a.sock", name: "c1", command: ["sh", "-c", "x"], environment: { A: "1", B: "x=y" }, cwd: "/tmp", uid: 7, gid: 8, forceNoninteractive: true,
  });
  t.match(parseFastExec(["exec", "c1", "--", "true"], {}), { socketPath: "/var/lib/corral/corrald.sock" }, "the default socket");
  for (const argv of [
    ["exec", "c1", "true"], // no `--`
    ["exec", "c1", "--"], // no command
    ["exec", "--", "true"], // no name
    ["exec", "c1", "c2", "--", "true"],
    ["exec", "c1", "--env", "NOEQ", "--", "true"],
    ["exec", "c1", "--user", "-1", "--", "true"],
    ["exec", "c1", "--help", "--", "true"],
    ["exec", "c1", "-tT", "--", "true"],
    ["--client-cert", "x", "exec", "c1", "--", "true"],
    ["--endpoint", "https://h:8443", "exec", "c1", "--", "true"],
    ["list"],
  ]) t.equal(parseFastExec(argv, env), null, argv.join(" "));
});

t.test("the lean exec and the full CLI's exec agree", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-execf-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["launch", "busybox", "c1", "--storage", "p"]);
  await a.cli(["launch", "busybox", "c2", "--storage", "p"]);
  await a.cli(["stop", "-f", "c2"]);

  const cases: { what: string; args: string[]; input?: string; expect: Partial<Outcome> | { stderr: RegExp; code: number } }[] = [
    { what: "exit code, stdout and stderr", args: ["exec", "c1", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], expect: { code: 3, stdout: "out\n", stderr: "err\n" } },
    { what: "stdin to the command", args: ["exec", "c1", "--", "cat"], input: "hello\nworld\n", expect: { code: 0, stdout: "hello\nworld\n", stderr: "" } },
    { what: "environment, directory and user", args: ["exec", "c1", "--env", "FOO=bar", "--cwd", "/tmp", "--user", "0", "--", "sh", "-c", "echo $FOO $(pwd) $(id -u)"], expect: { code: 0, stdout: "bar /tmp 0\n" } },
    { what: "a terminal (-t)", args: ["exec", "c1", "-t", "--", "sh", "-c", "test -t 0 && test -t 1 && echo tty $(stty size)"], expect: { code: 0, stdout: "tty 24 80\r\n" } },
    { what: "a larger output", args: ["exec", "c1", "--", "sh", "-c", "seq 1 30000"], expect: { code: 0 } },
    { what: "a missing instance", args: ["exec", "nope", "--", "true"], expect: { code: 1, stdout: "", stderr: /^Error: .*nope.*not found/ } },
    { what: "a stopped instance", args: ["exec", "c2", "--", "true"], expect: { code: 1, stdout: "", stderr: /^Error: instance "c2" is Stopped; exec needs it running\n$/ } },
  ];
  for (const c of cases) {
    t.ok(parseFastExec(c.args, { CORRAL_ENDPOINT: a.endpoint }), `${c.what}: a command line the lean path serves`);
    const lean = await a.cli(c.args, { input: c.input ?? "", okCodes: [0, 1, 3] });
    const full = await fullCli(["--endpoint", a.endpoint, ...c.args], c.input);
    t.match(lean, c.expect, `${c.what}: lean path`);
    t.same({ code: lean.code, stdout: lean.stdout, stderr: lean.stderr }, full, `${c.what}: same as the full CLI`);
  }
  const big = await a.cli(["exec", "c1", "--", "sh", "-c", "seq 1 30000"]);
  t.equal(big.stdout.split("\n").length, 30001, "all 30000 lines arrived");

  // Without `input`, run() gives the CLI /dev/null as stdin: the lean path closes the command's
  // stdin at once without opening its own.
  const devNull = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", CORRAL, "--endpoint", a.endpoint, "exec", "c1", "--", "sh", "-c", "cat; echo done"]);
  t.equal(devNull.stdout, "done\n", "stdin from /dev/null: the command reads EOF");

  // A reader that goes away: both CLIs end as SIGPIPE ends a Go or C tool (141), with no stack trace.
  for (const [what, cli] of [["lean path", CORRAL], ["full CLI", `node ${join(__dirname, "..", "..", "dist", "corral.js")}`]]) {
    const piped = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "bash", "-c",
      `set -o pipefail; ${cli} --endpoint ${a.endpoint} exec c1 -- sh -c 'yes | head -c 4000000' 2>"$0" | head -c 5; echo " exit=$?"`, join(work, `pipe-${what}.err`)], { okCodes: [0] });
    t.equal(piped.stdout, "y\ny\ny exit=141\n", `${what}: exit 141 once the reader is gone`);
    t.equal(readFileSync(join(work, `pipe-${what}.err`), "utf8"), "", `${what}: nothing on stderr`);
  }

  const gone = join(work, "no-agent.sock");
  const unreachable = ["--endpoint", `unix://${gone}`, "exec", "c1", "--", "true"];
  const leanGone = await run(CORRAL, unreachable, { okCodes: [1] });
  const fullGone = await fullCli(unreachable);
  t.same({ code: leanGone.code, stdout: leanGone.stdout, stderr: leanGone.stderr }, fullGone, "an agent that is not there: the same error");
  t.match(leanGone.stderr, `cannot reach corrald at unix://${gone}`);
});
