// The QEMU guest agent through the real agent: ONE Debian 12 VM (cloud-init, qemu-guest-agent,
// systemd-networkd) booted under TCG on a managed bridge. cloud-init runs the user-data; `corral
// exec` returns output and exit codes (stdin piped, env, cwd, user, signals); file push/pull
// round-trip with mode and owner; the addresses the agent reports come from the guest agent (they
// equal `ip addr` inside, a second address added inside shows up); a graceful stop goes through
// guest-shutdown (the guest ignores the ACPI power button). Beside it, the tiny busybox VM (no guest
// agent): exec and file transfer fail at once with a clear "guest agent not running" error.
import t, { type Test } from "tap";
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QGA_SYNC_TIMEOUT_MS } from "../../agent/instances/drivers/qemu/qga";
import { debianVmImage } from "../fixtures/debian-vm-image";
import { tinyVmImage } from "../fixtures/vm-image";
import { eventually, qemuPids, startAgent, type TestAgent } from "../helpers/agent";

/** Debian reaches its guest agent in ~35 s under TCG on an idle machine; two CPUs shared with other tests get slack. */
const AGENT_READY_TIMEOUT_MS = 300_000;
/** cloud-init's last stage ends a few seconds after the agent starts. */
const CLOUD_INIT_TIMEOUT_MS = 180_000;
/** Without a guest agent exec must fail without waiting for a guest-sync to time out. */
const NO_AGENT_FAIL_MS = QGA_SYNC_TIMEOUT_MS;
/** A Debian guest powers off in a few seconds after guest-shutdown; the stop's own bound, in seconds. */
const STOP_TIMEOUT_S = 120;
/** A raw exec must end (exit code or error) within this; the commands here are quick. */
const RAW_EXEC_TIMEOUT_MS = 120_000;


interface RawExecResult {
  code?: number;
  stdout: string;
  stderr: string;
  error?: grpc.ServiceError;
  ms: number;
}

/** One exec over the raw stream: stdin sent then closed (the command starts); `signalAfterMs` sends SIGTERM that long after. */
function rawExec(a: TestAgent, instance: string, command: string[], opts: { stdin?: Buffer; signalAfterMs?: number } = {}): Promise<RawExecResult> {
  const started = Date.now();
  const call = a.client.raw.instances.Exec();
  return new Promise<RawExecResult>((resolve, reject) => {
    let code: number | undefined;
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      call.cancel();
      reject(new Error(`exec ${command.join(" ")} in ${instance} did not end within ${RAW_EXEC_TIMEOUT_MS} ms`));
    }, RAW_EXEC_TIMEOUT_MS);
    const done = (r: Partial<RawExecResult>) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...r, ms: Date.now() - started });
    };
    call.on("data", (m: { msg?: string; exit_code?: number; stdout?: Buffer; stderr?: Buffer }) => {
      if (m.msg === "exit_code") code = m.exit_code;
      if (m.msg === "stdout") stdout += m.stdout!.toString();
      if (m.msg === "stderr") stderr += m.stderr!.toString();
    });
    call.on("error", (error: grpc.ServiceError) => done({ error }));
    call.on("end", () => done({}));
    call.write({ start: { instance, command } });
    if (opts.stdin) call.write({ stdin: opts.stdin });
    call.write({ stdin_close: true });
    if (opts.signalAfterMs !== undefined) setTimeout(() => call.write({ signal: 15 }), opts.signalAfterMs);
  });
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

t.test("the QEMU guest agent", async (t) => {
  const imageStart = Date.now();
  const debian = await debianVmImage();
  const imageMs = Date.now() - imageStart;
  t.comment(`Debian VM image: ${debian.buildMs ? `built in ${(debian.buildMs / 1000).toFixed(1)} s` : `from the cache (${imageMs} ms)`}, kernel ${debian.kernelRelease}`);
  t.match(debian.cmdline, /console=tty0 console=ttyS0,115200n8$/, "the serial console is the last console= (systemd and cloud-init reach it)");
  const tiny = await tinyVmImage();
  const a = await startAgent(t);
  t.teardown(async () => {
    // VMs run outside the agent's process tree: stop any a failed test left behind.
    for (const name of readdirSync(join(a.dataDir, "qemu"))) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  const work = mkdtempSync(join(tmpdir(), "corral-qga-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["network", "create", "gabr0", "ipv4.address=auto"]);
  await a.cli(["image", "import", debian.metaPath, debian.rootfsPath, "--alias", "debian"]);
  await a.cli(["image", "import", tiny.metaPath, tiny.rootfsPath, "--alias", "tiny"]);

  // The user-data writes a file, runs a command, and makes logind ignore the ACPI power button so
  // that only the guest agent's shutdown can stop the VM cleanly.
  const userData = [
    "#cloud-config",
    "write_files:",
    "  - path: /etc/corral-test/written",
    "    content: \"written by cloud-init\\n\"",
    "    permissions: \"0640\"",
    "  - path: /etc/systemd/logind.conf.d/corral-test.conf",
    "    content: \"[Login]\\nHandlePowerKey=ignore\\n\"",
    "runcmd:",
    "  - [sh, -c, 'hostname > /etc/corral-test/ran']",
    "  - [systemctl, restart, systemd-logind]",
    "",
  ].join("\n");
  const launched = Date.now();
  await a.cli(["launch", "debian", "d1", "--vm", "--storage", "p", "--network", "gabr0", "-c", "limits.memory=1GiB", "-c", "limits.cpu=2", "-c", `cloud-init.user-data=${userData}`]);
  t.comment(`d1 launched in ${Date.now() - launched} ms`);

  t.test("without a guest agent (tiny busybox VM) exec and files fail at once, clearly", async (t) => {
    await a.cli(["launch", "tiny", "t1", "--vm", "--storage", "p", "--network", "gabr0", "-c", "limits.memory=256MiB"]);
    const r = await rawExec(a, "t1", ["true"]);
    t.match(r.error, { code: grpc.status.FAILED_PRECONDITION, details: /guest agent not running in virtual machine t1/ }, "FAILED_PRECONDITION naming the VM");
    t.ok(r.ms < NO_AGENT_FAIL_MS, `failed in ${r.ms} ms (< ${NO_AGENT_FAIL_MS} ms: no waiting for a guest-sync to time out)`);
    const cli = await a.cli(["exec", "t1", "--", "true"], { okCodes: [1] });
    t.match(cli.stderr, /guest agent not running in virtual machine t1/, "corral exec says so");
    const pull = await a.cli(["file", "pull", "t1/etc/hostname", "-"], { okCodes: [1] });
    t.match(pull.stderr, /guest agent not running in virtual machine t1/, "corral file pull says so");
    const push = await a.cli(["file", "push", "-", "t1/tmp/x"], { input: "x", okCodes: [1] });
    t.match(push.stderr, /guest agent not running in virtual machine t1/, "corral file push says so");
    await a.cli(["delete", "-f", "t1"]);
  });

  t.test("the Debian VM boots to its guest agent", async (t) => {
    const r = await eventually("d1's guest agent to run a command", async () => {
      const x = await rawExec(a, "d1", ["true"]);
      if (x.error && !/guest agent not running/.test(x.error.details)) throw x.error;
      return x.code === 0 ? x : undefined;
    }, AGENT_READY_TIMEOUT_MS, 1000);
    t.comment(`boot to guest agent ready: ${((Date.now() - launched) / 1000).toFixed(1)} s after the launch began`);
    t.equal(r.code, 0);
  });

  // cloud-init's last stages run for a while after the guest agent starts (tens of seconds under
  // TCG); exec and file transfer do not depend on them, so the three go side by side (the agent
  // takes turns on the guest agent between polls and chunks). The addresses and the graceful stop
  // (which needs cloud-init's logind setting) come after.
  const cloudInitRuns = async (t: Test) => {
    const ci = await a.cli(["exec", "d1", "--", "timeout", String(CLOUD_INIT_TIMEOUT_MS / 1000), "cloud-init", "status", "--wait"]);
    t.match(ci.stdout, /status: done/, "cloud-init finished");
    t.comment(`cloud-init done: ${((Date.now() - launched) / 1000).toFixed(1)} s after the launch began`);
    const written = await a.cli(["file", "pull", "d1/etc/corral-test/written", "-"]);
    t.equal(written.stdout, "written by cloud-init\n", "the file cloud-init wrote (read back with file pull)");
    t.equal((await a.cli(["exec", "d1", "--", "cat", "/etc/corral-test/ran"])).stdout, "d1\n", "runcmd ran, with the hostname from the seed");
    t.equal((await a.cli(["exec", "d1", "--", "stat", "-c", "%a", "/etc/corral-test/written"])).stdout, "640\n");
  };

  const execThroughAgent = async (t: Test) => {
    const mixed = await a.cli(["exec", "d1", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], { okCodes: [3] });
    t.same([mixed.code, mixed.stdout, mixed.stderr], [3, "out\n", "err\n"], "stdout, stderr and a non-zero exit code");
    t.equal((await a.cli(["exec", "d1", "--", "true"])).code, 0, "exit code 0");
    const piped = await a.cli(["exec", "d1", "--", "tr", "a-z", "A-Z"], { input: "hello from the host\n" });
    t.equal(piped.stdout, "HELLO FROM THE HOST\n", "stdin piped in");
    const big = randomBytes(600_000).toString("base64");
    const sum = await a.cli(["exec", "d1", "--", "sh", "-c", "wc -c"], { input: big });
    t.equal(sum.stdout.trim(), String(big.length), "a large stdin arrives whole");
    const ctx = await a.cli(["exec", "d1", "--env", "FOO=bar baz", "--cwd", "/tmp", "--user", "65534", "--group", "65534", "--", "sh", "-c", 'echo "$FOO|$(pwd)|$(id -u):$(id -g)"']);
    t.equal(ctx.stdout, "bar baz|/tmp|65534:65534\n", "environment, working directory, user and group");
    const tty = await a.cli(["exec", "-t", "d1", "--", "sh", "-c", "echo out; echo err >&2; exit 4"], { okCodes: [4] });
    t.same([tty.stdout, tty.stderr], ["out\nerr\n", ""], "on a terminal (no real one: guest-exec has none) everything comes on stdout");
    const missing = await a.cli(["exec", "d1", "--", "no-such-command"], { okCodes: [127] });
    t.match(missing.stderr, /no-such-command/, "a missing command: exit 127, as a shell says it");
    const selfKilled = await rawExec(a, "d1", ["sh", "-c", "kill -TERM $$"]);
    t.equal(selfKilled.code, 143, "killed by a signal: 128+n");
    const killed = await rawExec(a, "d1", ["sleep", "600"], { signalAfterMs: 3000 });
    t.equal(killed.code, 143, `a signal from the client reaches the command (${killed.ms} ms)`);

    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const x = await rawExec(a, "d1", ["echo", "ping"]);
      t.equal(x.stdout, "ping\n");
      times.push(x.ms);
    }
    t.comment(`exec round trip (raw gRPC, echo): median ${median(times)} ms, all ${times.join(", ")} ms`);
  };

  const filesThroughAgent = async (t: Test) => {
    const small = join(work, "small.bin");
    const large = join(work, "large.bin");
    writeFileSync(small, randomBytes(300 * 1024));
    writeFileSync(large, randomBytes(Math.floor(2.5 * 1024 * 1024))); // several of the agent's chunks
    for (const [src, target] of [[small, "/srv/corral/deep/small.bin"], [large, "/root/large.bin"]] as const) {
      const pushed = Date.now();
      await a.cli(["file", "push", src, `d1${target}`, "--mode", "0640", "--uid", "1000", "--gid", "1000", "-p"]);
      const pushMs = Date.now() - pushed;
      const st = await a.cli(["exec", "d1", "--", "stat", "-c", "%a %u %g %s", target]);
      t.equal(st.stdout, `640 1000 1000 ${statSync(src).size}\n`, `${target}: mode, owner and size inside`);
      const back = join(work, "back.bin");
      const pulled = Date.now();
      await a.cli(["file", "pull", `d1${target}`, back]);
      t.comment(`${statSync(src).size} bytes: push ${pushMs} ms, pull ${Date.now() - pulled} ms (CLI included)`);
      t.ok(readFileSync(back).equals(readFileSync(src)), `${target}: pulled bytes equal pushed bytes`);
      rmSync(back);
    }
    const parents = await a.cli(["exec", "d1", "--", "stat", "-c", "%a %u %g", "/srv/corral", "/srv/corral/deep"]);
    t.equal(parents.stdout, "755 1000 1000\n755 1000 1000\n", "missing parents were made 0755, owned like the file");
    const secret = await a.cli(["file", "push", "-", "d1/root/secret", "--mode", "0600"], { input: "s3cret" });
    t.equal(secret.code, 0);
    t.equal((await a.cli(["exec", "d1", "--", "stat", "-c", "%a %u %g", "/root/secret"])).stdout, "600 0 0\n", "from stdin, mode 0600, root's");
    const pulledSecret = await a.client.raw.instances.PullFile({ instance: "d1", path: "/root/secret" });
    const chunks: { header?: { mode: number; uid: number; gid: number } }[] = [];
    await new Promise<void>((resolve, reject) => {
      pulledSecret.on("data", (m: { header?: { mode: number; uid: number; gid: number } }) => chunks.push(m));
      pulledSecret.on("end", resolve);
      pulledSecret.on("error", reject);
    });
    t.match(chunks[0]?.header, { mode: 0o600, uid: 0, gid: 0 }, "pull reports mode and owner");

    const nofile = await a.cli(["file", "pull", "d1/no/such/file", "-"], { okCodes: [1] });
    t.match(nofile.stderr, /path "\/no\/such\/file": no such file or directory/, "a missing file");
    const noparent = await a.cli(["file", "push", "-", "d1/no/such/dir/file"], { input: "x", okCodes: [1] });
    t.match(noparent.stderr, /path "\/no\/such\/dir\/file": no such file or directory/, "a missing parent without -p");
    const dir = await a.cli(["file", "push", "-", "d1/etc"], { input: "x", okCodes: [1] });
    t.match(dir.stderr, /path "\/etc": exists and is not a regular file/, "a directory is not overwritten");
    const pullDir = await a.cli(["file", "pull", "d1/etc", "-"], { okCodes: [1] });
    t.match(pullDir.stderr, /path "\/etc": is not a regular file/);
  };

  t.test("with the guest agent running", { jobs: 3 }, async (t) => {
    t.test("cloud-init runs the user-data", cloudInitRuns);
    t.test("corral exec through the guest agent: output, exit codes, stdin, env, cwd, user, signals", execThroughAgent);
    t.test("file push and pull round-trip through the guest agent", filesThroughAgent);
  });

  t.test("the addresses the agent reports come from the guest agent", async (t) => {
    const inside = (await a.cli(["exec", "d1", "--", "ip", "-o", "-4", "addr", "show", "scope", "global"])).stdout.trim().split("\n");
    t.equal(inside.length, 1, `one global IPv4 inside: ${inside.join(" / ")}`);
    const [, ifname, , cidr] = inside[0]!.split(/\s+/);
    const [ip, prefix] = cidr!.split("/");
    const linkLocal = (await a.cli(["exec", "d1", "--", "ip", "-o", "-6", "addr", "show", "dev", ifname!, "scope", "link"])).stdout.split(/\s+/)[3]!.split("/")[0];
    const state = async () => (await a.client.instances.GetInstance({ name: "d1", with_state: true })).state!.network;
    const net = await state();
    const eth0 = net.eth0!;
    t.same(eth0.addresses.filter((x) => x.family === "inet").map((x) => `${x.address}/${x.netmask}`), [`${ip}/${prefix}`], `eth0's IPv4 is what \`ip -4 addr\` says inside (${ifname} ${cidr})`);
    t.ok(eth0.addresses.some((x) => x.family === "inet6" && x.address === linkLocal && x.scope === "link"), `its IPv6 link-local ${linkLocal} is there too (no DHCP lease has it)`);
    t.ok(net.lo?.addresses.some((x) => x.family === "inet" && x.address === "127.0.0.1" && x.scope === "host"), "the guest's loopback, as for containers");
    const extra = ip!.replace(/\.\d+$/, ".250");
    await a.cli(["exec", "d1", "--", "ip", "addr", "add", `${extra}/${prefix}`, "dev", ifname!]);
    t.ok((await state()).eth0!.addresses.some((x) => x.address === extra), `an address added inside (${extra}) is reported at once`);
    t.match((await a.cli(["list"])).stdout, new RegExp(`d1 .*RUNNING .*${ip!.replace(/\./g, "\\.")}`), "list shows the guest's address");
  });

  t.test("a graceful stop goes through the guest agent", async (t) => {
    const from = a.logs().length;
    const pid = (await a.client.instances.GetInstance({ name: "d1", with_state: true })).state!.pid;
    const stopped = Date.now();
    await a.cli(["stop", "d1", "--timeout", String(STOP_TIMEOUT_S)]);
    const stopMs = Date.now() - stopped;
    t.comment(`graceful stop (guest-shutdown, the ACPI button ignored by the guest): ${stopMs} ms`);
    t.equal((await a.client.instances.GetInstance({ name: "d1" })).status, "Stopped");
    t.notMatch(a.logs().slice(from), /did not power off/, "no force was needed");
    t.ok(stopMs < STOP_TIMEOUT_S * 1000, "well before the timeout");
    t.same(await qemuPids("d1"), [], `QEMU ${pid} exited`);
    await a.cli(["delete", "d1"]);
  });
});
