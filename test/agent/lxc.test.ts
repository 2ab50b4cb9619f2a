// The LXC driver against real LXC 5: unprivileged (idmapped rootfs) and privileged busybox
// containers, live cgroup limits, freeze, clean/forced stop, survival of the agent, and
// file push/pull that cannot be steered out of the rootfs by the guest's symlinks.
import t from "tap";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { LxcDriver } from "../../agent/instances/drivers/lxc/driver";
import { generateConfig, type HostFacts } from "../../agent/instances/drivers/lxc/config";
import { parseCgroupLayout } from "../../agent/instances/drivers/lxc/cgroup";
import { parseSubordinateIds, rootIdmap } from "../../agent/host/idmap";
import { pullFile, pushFile } from "../../agent/instances/files";
import type { ExecProcess, IdmapRange, InstanceSpec } from "../../agent/instances/driver";
import { run } from "../../agent/host/run";
import { CorralError } from "../../agent/errors";
import { buildBusyboxRootfs } from "../fixtures/busybox-rootfs";
import { cgroupFile } from "../helpers/cgroup";

const START_TIMEOUT_MS = 30_000; // a busybox guest starts in tens of ms; generous for a loaded CI host
const STOP_TIMEOUT_MS = 15_000; // busybox init takes ~2 s to power off (two 1 s sleeps)

const suffix = randomBytes(3).toString("hex");
const root = mkdtempSync(join(tmpdir(), "corral-lxc-"));
chmodSync(root, 0o711); // the mapped root must walk to the rootfs
const lxcPath = join(root, "lxc");
const started: string[] = [];
const TEST_SUBID_LINE = "root:100000:65536";
let addedSubids = false;

t.teardown(async () => {
  for (const name of started) await run("lxc-stop", ["-n", name, "-P", lxcPath, "-k"], { okCodes: [1, 2] }).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
  if (addedSubids) {
    for (const f of ["/etc/subuid", "/etc/subgid"]) {
      const lines = readFileSync(f, "utf8").split("\n");
      const i = lines.indexOf(TEST_SUBID_LINE);
      if (i >= 0) lines.splice(i, 1);
      writeFileSync(f, lines.join("\n"));
    }
  }
});

/** This machine kind may lack root's subuid range (liblxc requires one): add ours for the test only. */
async function testIdmap(): Promise<{ uid: IdmapRange; gid: IdmapRange }> {
  try {
    return await rootIdmap();
  } catch (e) {
    if (!(e instanceof CorralError) || e.code !== "CORRAL_ERR_CAPABILITY") throw e;
    t.comment(`host has no subuid range for root (${e.message}); adding ${TEST_SUBID_LINE} for this test`);
    for (const f of ["/etc/subuid", "/etc/subgid"]) {
      const text = existsSync(f) ? readFileSync(f, "utf8") : "";
      writeFileSync(f, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${TEST_SUBID_LINE}\n`);
    }
    addedSubids = true;
    return rootIdmap();
  }
}

function makeSpec(name: string, idmap: InstanceSpec["idmap"], rootfs = true): InstanceSpec {
  const volumePath = join(root, "vol", name);
  mkdirSync(volumePath, { recursive: true });
  if (rootfs) {
    buildBusyboxRootfs(volumePath);
    // Mark a clean shutdown (halt signal honoured) before the fixture's own shutdown action.
    const inittab = join(volumePath, "rootfs/etc/inittab");
    writeFileSync(inittab, `::shutdown:/bin/touch /root/clean-shutdown\n${readFileSync(inittab, "utf8")}`);
  } else {
    mkdirSync(join(volumePath, "rootfs"));
  }
  chmodSync(join(root, "vol"), 0o711);
  started.push(name);
  return { name, volumePath, runDir: join(root, "run", name), config: {}, nics: [], mounts: [], disks: [], idmap, limits: {} };
}

async function collect(p: ExecProcess): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = "";
  let stderr = "";
  p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  p.stdin.end();
  const code = await p.exited;
  return { stdout, stderr, code };
}


t.test("idmap: root's subordinate ranges, capability error without one", async (t) => {
  t.same(parseSubordinateIds("alice:200000:65536\nroot:100000:10000001\n0:5000000:70000\n"), [
    { hostId: 100000, count: 10000001 },
    { hostId: 5000000, count: 70000 },
  ]);
  const dir = mkdtempSync(join(tmpdir(), "corral-idmap-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "subuid"), "root:100000:65536\nroot:300000:1000000\n");
  writeFileSync(join(dir, "subgid"), "alice:100000:65536\n");
  await t.rejects(rootIdmap({ subuid: join(dir, "subuid"), subgid: join(dir, "subgid") }), {
    code: "CORRAL_ERR_CAPABILITY",
    message: /root has no subordinate gid range/,
  });
  writeFileSync(join(dir, "subgid"), "root:100000:1000\n");
  await t.rejects(rootIdmap({ subuid: join(dir, "subuid"), subgid: join(dir, "subgid") }), { message: /at least 65536/ });
  writeFileSync(join(dir, "subgid"), "root:400000:65536\n");
  t.same(await rootIdmap({ subuid: join(dir, "subuid"), subgid: join(dir, "subgid") }), {
    uid: { hostId: 300000, count: 1000000 },
    gid: { hostId: 400000, count: 65536 },
  });
});

t.test("config generation: NICs, mounts, limits per cgroup layout, rejected values", async (t) => {
  const hybrid = parseCgroupLayout(
    [
      "30 25 0:26 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
      "31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
      "32 25 0:28 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids",
      "33 25 0:29 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices",
      "34 25 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw",
    ].join("\n"),
    () => ["hugetlb"],
  );
  const v2 = parseCgroupLayout("34 25 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw", () => ["cpuset", "cpu", "memory", "pids"]);
  const spec: InstanceSpec = {
    name: "c1",
    volumePath: "/var/lib/corral/pools/p/containers/c1",
    runDir: "/run/corral/c1",
    config: { "raw.lxc": "lxc.environment = FOO=bar" },
    nics: [{ name: "eth0", hostName: "cr0123456789", kind: "bridged", link: "crbr0", hwaddr: "00:16:3e:aa:bb:cc", mtu: 1400 }],
    mounts: [{ source: "/srv/data", path: "/mnt/data", readonly: true }],
    disks: [],
    idmap: { uid: { hostId: 100000, count: 65536 }, gid: { hostId: 100000, count: 65536 } },
    limits: { memoryBytes: 256 * 2 ** 20, processes: 100, cpuAllowance: "25ms/100ms" },
    architecture: "x86_64",
  };
  const paths = { seccompProfile: "/x/seccomp", logFile: "/x/lxc.log", consoleLog: "/x/console.log" };
  const facts = (layout: HostFacts["layout"]): HostFacts => ({ layout, apparmor: false, hostArch: "x86_64" });
  const text = await generateConfig(spec, facts(hybrid), paths);
  for (const line of [
    "lxc.rootfs.path = dir:/var/lib/corral/pools/p/containers/c1/rootfs",
    "lxc.rootfs.options = idmap=container",
    "lxc.idmap = u 0 100000 65536",
    "lxc.idmap = g 0 100000 65536",
    "lxc.mount.auto = proc:rw sys:rw cgroup:mixed",
    "lxc.apparmor.profile = unconfined",
    "# corral.nic.0.host_name = cr0123456789",
    "lxc.net.0.type = phys",
    "lxc.net.0.link = pr0123456789",
    "lxc.net.0.name = eth0",
    "lxc.net.0.hwaddr = 00:16:3e:aa:bb:cc",
    "lxc.net.0.mtu = 1400",
    "lxc.net.0.flags = up",
    "lxc.mount.entry = /srv/data mnt/data none bind,create=dir,optional,idmap=container,ro 0 0",
    "lxc.cgroup.memory.limit_in_bytes = 268435456",
    "lxc.cgroup.pids.max = 100",
    "lxc.cgroup.cpu.cfs_quota_us = 25000",
    "lxc.cgroup.devices.allow = c 136:* rwm",
    "lxc.environment = FOO=bar",
  ]) {
    t.ok(text.split("\n").includes(line), line);
  }
  t.notMatch(text, /lxc\.include/, "no lxc.include (no lxcfs stop hook)");
  t.notMatch(text, /lxc\.signal\.halt/, "no halt signal: lxc-stop picks SIGRTMIN+3 for systemd, SIGPWR otherwise");
  const v2text = await generateConfig(spec, facts(v2), paths);
  t.ok(v2text.includes("lxc.cgroup2.memory.max = 268435456"), "v2: memory.max");
  t.ok(v2text.includes("lxc.cgroup2.cpu.max = 25000 100000"), "v2: cpu.max");
  t.ok(v2text.includes("lxc.cgroup2.devices.allow = c 1:3 rwm"), "v2: devices through cgroup2 keys");
  const priv = await generateConfig({ ...spec, idmap: undefined }, facts(hybrid), paths);
  t.notMatch(priv, /lxc\.idmap|idmap=container/, "privileged: no idmap");

  await t.rejects(generateConfig({ ...spec, nics: [{ ...spec.nics[0]!, link: "br0\nlxc.hook.pre-start = /bin/x" }] }, facts(hybrid), paths), {
    code: "CORRAL_ERR_INVALID_ARGUMENT",
    message: /nics\[0\]\.link/,
  });
  await t.rejects(generateConfig({ ...spec, mounts: [{ source: "/srv", path: "/../etc", readonly: false }] }, facts(hybrid), paths), { message: /mounts\[0\]\.path/ });
  const cpusetLayout = parseCgroupLayout("35 25 0:31 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset", () => []);
  t.match(await generateConfig({ ...spec, limits: { cpus: 1 } }, facts(cpusetLayout), paths), /^lxc\.cgroup\.cpuset\.cpus = \d+$/m, "cpu count -> cpuset of that many cpus");
  t.match(await generateConfig({ ...spec, limits: { cpuSet: "0" } }, facts(cpusetLayout), paths), /^lxc\.cgroup\.cpuset\.cpus = 0$/m, "cpu pin list");
  await t.rejects(generateConfig({ ...spec, limits: { cpuSet: "0-4095" } }, facts(cpusetLayout), paths), { message: /limits\.cpu: cpus .* not available/ });
  await t.rejects(generateConfig({ ...spec, limits: { cpuAllowance: "lots" } }, facts(hybrid), paths), { message: /limits\.cpu\.allowance/ });
  await t.rejects(generateConfig({ ...spec, config: { "raw.lxc": "rm -rf /" } }, facts(hybrid), paths), { message: /raw\.lxc/ });
});

t.test("define: one shared seccomp profile; the volume checked once ready, a bad one leaving a new definition unmade and an existing one as it was", async (t) => {
  const path = join(root, "lxc-define");
  const driver = new LxcDriver({ lxcPath: path });
  const a = makeSpec(`da-${suffix}`, undefined, false);
  const b = makeSpec(`db-${suffix}`, undefined, false);
  await driver.define(a);
  await driver.define(b);
  const profile = /^lxc\.seccomp\.profile = (.+)$/m;
  const configOf = (name: string) => readFileSync(join(path, name, "config"), "utf8");
  t.equal(profile.exec(configOf(a.name))?.[1], join(path, ".seccomp"), "the profile beside the containers");
  t.equal(profile.exec(configOf(b.name))?.[1], join(path, ".seccomp"), "shared");
  t.match(readFileSync(join(path, ".seccomp"), "utf8"), /^2\n/, "a seccomp v2 profile");
  t.same(await driver.list(), [a.name, b.name].sort(), "the profile is no container");
  t.notOk(existsSync(a.runDir), "the log directory waits for the first start");

  const gone = { ...makeSpec(`dc-${suffix}`, undefined, false), volumePath: join(root, "vol", "missing") };
  await t.rejects(driver.define(gone), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /volumePath: .* has no rootfs directory/ });
  t.notOk(existsSync(join(path, gone.name)), "nothing left of the new definition");
  const before = configOf(a.name);
  await t.rejects(driver.define({ ...a, volumePath: gone.volumePath, config: { "raw.lxc": "lxc.tty.max = 1" } }), { message: /has no rootfs directory/ });
  t.equal(configOf(a.name), before, "the existing definition is unchanged");

  // A create defines the container while its volume is made: the volume is looked at once it is
  // ready, and its failure is the definition's, leaving nothing.
  const late = { ...a, name: `dl-${suffix}`, volumePath: join(root, "vol", `late-${suffix}`) };
  await driver.define(late, { volumeReady: new Promise<void>((r) => setImmediate(() => r(void mkdirSync(join(late.volumePath, "rootfs"), { recursive: true })))) });
  t.ok(existsSync(join(path, late.name, "config")), "defined once the volume was made");
  const failed = Promise.reject(new Error("the clone failed"));
  failed.catch(() => undefined);
  await t.rejects(driver.define({ ...a, name: `df-${suffix}` }, { volumeReady: failed }), { message: "the clone failed" });
  t.notOk(existsSync(join(path, `df-${suffix}`)), "nothing left when the volume could not be made");

  // A copy of a volume holding a rootfs (an image volume) is checked there, while it is made: not
  // stat'ed again once made (where a stat may be a FUSE request). A source without one: the copy is checked.
  const copied = { ...a, name: `dk-${suffix}`, volumePath: join(root, "vol", `copy-${suffix}`) };
  let made = false;
  await driver.define(copied, { copyOf: a.volumePath, volumeReady: new Promise<void>((r) => setImmediate(() => r(void (made = true)))) });
  t.ok(made && existsSync(join(path, copied.name, "config")), "defined once the copy was made, its rootfs known from its source");
  const bare = join(root, "vol", `bare-${suffix}`);
  mkdirSync(bare, { recursive: true });
  await t.rejects(driver.define({ ...copied, name: `dm-${suffix}` }, { copyOf: bare, volumeReady: Promise.resolve() }), { message: /volumePath: .* has no rootfs directory/ }, "a source without a rootfs: the copy itself is checked");
  t.notOk(existsSync(join(path, `dm-${suffix}`)), "nothing left");
  for (const name of [a.name, b.name, late.name, copied.name]) await driver.undefine(name);
  t.same(await driver.list(), [], "undefined");
});

t.test("unprivileged container: lifecycle, idmap, exec, limits, freeze, stop", async (t) => {
  const idmap = await testIdmap();
  const driver = new LxcDriver({ lxcPath });
  const spec = makeSpec(`cu-${suffix}`, idmap);
  await driver.define(spec);
  t.ok(existsSync(join(lxcPath, spec.name, "config")), "config written under lxcPath/name");
  let t0 = Date.now();
  await driver.start(spec, { timeoutMs: START_TIMEOUT_MS });
  t.comment(`timing: start ${Date.now() - t0} ms`);
  let st = await driver.state(spec.name);
  t.equal(st.status, "Running");
  t.ok(st.pid > 0, "init pid");
  t.same(await driver.list(), [spec.name], "list");

  const uidMap = readFileSync(`/proc/${st.pid}/uid_map`, "utf8").trim().split(/\s+/).map(Number);
  t.same(uidMap, [0, idmap.uid.hostId, idmap.uid.count], "uid 0 inside maps to the subuid range");
  t.equal(statSync(`/proc/${st.pid}`).uid, idmap.uid.hostId, "init is not root on the host");
  t.ok(st.memoryUsageBytes > 0, "memory usage from the cgroup");
  t.ok(st.cpuUsageNs > 0, "cpu usage from the cgroup");
  t.equal(st.network.lo?.state, "up", "loopback seen from the container's netns");
  t.same(st.network.lo?.addresses.find((a) => a.family === "inet"), { family: "inet", address: "127.0.0.1", netmask: "8", scope: "host" });

  // exec: stdout, stderr, exit code, env, cwd, uid
  const r = await collect(driver.exec(spec.name, { command: ["sh", "-c", "echo out; echo err >&2; exit 3"], env: {} }));
  t.same(r, { stdout: "out\n", stderr: "err\n", code: 3 });
  const r2 = await collect(driver.exec(spec.name, { command: ["sh", "-c", 'echo "$FOO $(pwd) $(id -u):$(id -g)"'], env: { FOO: "a b" }, cwd: "/etc", uid: 65534, gid: 65534 }));
  t.same(r2, { stdout: "a b /etc 65534:65534\n", stderr: "", code: 0 });
  const catProc = driver.exec(spec.name, { command: ["cat"], env: {} });
  catProc.stdin.write("piped\n");
  const r3 = await collect(catProc);
  t.same(r3, { stdout: "piped\n", stderr: "", code: 0 }, "stdin is piped");
  const sleeper = driver.exec(spec.name, { command: ["sleep", "100"], env: {} });
  await new Promise((res) => setTimeout(res, 300));
  sleeper.kill("SIGTERM");
  t.equal(await sleeper.exited, 143, "kill reaches the command inside (128+SIGTERM)");
  const ps = await collect(driver.exec(spec.name, { command: ["ps"], env: {} }));
  t.notMatch(ps.stdout, /sleep 100/, "the killed command is gone inside");

  // timings (reported, not asserted)
  const N = 10;
  t0 = Date.now();
  for (let i = 0; i < N; i++) spawnSync("lxc-attach", ["-n", spec.name, "-P", lxcPath, "--clear-env", "--", "true"]);
  const raw = (Date.now() - t0) / N;
  t0 = Date.now();
  for (let i = 0; i < N; i++) await collect(driver.exec(spec.name, { command: ["true"], env: {} }));
  const ours = (Date.now() - t0) / N;
  t0 = Date.now();
  for (let i = 0; i < N; i++) await driver.state(spec.name);
  t.comment(`timing: exec true raw lxc-attach ${raw.toFixed(1)} ms, driver.exec ${ours.toFixed(1)} ms; state() ${((Date.now() - t0) / N).toFixed(1)} ms`);

  // live limits
  await driver.applyLimits(spec.name, { memoryBytes: 256 * 2 ** 20, processes: 64 });
  t.equal(await cgroupFile(st.pid, "memory", "memory.limit_in_bytes", "memory.max"), String(256 * 2 ** 20), "memory limit in the container's cgroup");
  t.equal(await cgroupFile(st.pid, "pids", "pids.max", "pids.max"), "64", "pids limit in the container's cgroup");
  st = await driver.state(spec.name);
  t.equal(st.memoryLimitBytes, 256 * 2 ** 20, "state reports the limit");
  const config = readFileSync(join(lxcPath, spec.name, "config"), "utf8");
  t.match(config, /^lxc\.cgroup2?\.(memory\.limit_in_bytes|memory\.max) = 268435456$/m, "limit kept in the config for the next start");
  await driver.applyLimits(spec.name, { processes: 64 });
  t.equal((await driver.state(spec.name)).memoryLimitBytes, 0, "memory limit removed live");
  await t.rejects(driver.applyLimits(spec.name, { memoryBytes: 10 }), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /limits\.memory/ });

  // freeze / unfreeze
  await driver.freeze(spec.name);
  t.equal((await driver.state(spec.name)).status, "Frozen");
  await driver.unfreeze(spec.name);
  t.equal((await driver.state(spec.name)).status, "Running");

  await t.rejects(driver.undefine(spec.name), { code: "CORRAL_ERR_FAILED_PRECONDITION" }, "undefine refuses a running container");

  // clean stop: init gets SIGPWR and runs its shutdown actions
  t0 = Date.now();
  await driver.stop(spec.name, { force: false, timeoutMs: STOP_TIMEOUT_MS });
  t.comment(`timing: clean stop ${Date.now() - t0} ms`);
  t.equal((await driver.state(spec.name)).status, "Stopped");
  t.ok(existsSync(join(spec.volumePath, "rootfs/root/clean-shutdown")), "busybox init shut down cleanly on SIGPWR");

  // forced stop (starting again reuses the config with the limits)
  await driver.start(spec, { timeoutMs: START_TIMEOUT_MS });
  const pid2 = (await driver.state(spec.name)).pid;
  t.equal(await cgroupFile(pid2, "pids", "pids.max", "pids.max"), "64", "limits from the config at start");
  t0 = Date.now();
  await driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  t.comment(`timing: stop -k ${Date.now() - t0} ms`);
  t.equal((await driver.state(spec.name)).status, "Stopped");
  await driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS }); // idempotent

  await driver.undefine(spec.name);
  t.notOk(existsSync(join(lxcPath, spec.name, "config")), "undefine removed the definition");
  await driver.released(spec.name); // its directory goes after the answer
  t.notOk(existsSync(join(lxcPath, spec.name)), "and then its directory");
  await driver.undefine(spec.name); // idempotent
  await t.rejects(driver.state(spec.name), { code: "CORRAL_ERR_NOT_FOUND" });
  await t.rejects(driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS }), { code: "CORRAL_ERR_NOT_FOUND" });
  await t.rejects(driver.define({ ...spec, name: "../evil" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /name/ });
});

t.test("container survives the process that started it (lxc-start -d)", async (t) => {
  const idmap = await testIdmap();
  const spec = makeSpec(`cs-${suffix}`, idmap);
  const script = join(root, "start-and-exit.ts");
  writeFileSync(
    script,
    `import { LxcDriver } from ${JSON.stringify(resolve(__dirname, "../../agent/instances/drivers/lxc/driver"))};
const [lxcPath, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson!);
const d = new LxcDriver({ lxcPath: lxcPath! });
d.define(spec).then(() => d.start(spec, { timeoutMs: ${START_TIMEOUT_MS} })).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
`,
  );
  const tsx = require.resolve("tsx/cli");
  execFileSync(process.execPath, [tsx, script, lxcPath, JSON.stringify(spec)], { stdio: ["ignore", "inherit", "inherit"] });
  const driver = new LxcDriver({ lxcPath });
  const st = await driver.state(spec.name);
  t.equal(st.status, "Running", "still running after the starting process exited");
  const r = await collect(driver.exec(spec.name, { command: ["echo", "alive"], env: {} }));
  t.equal(r.stdout, "alive\n");
  await driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  await driver.undefine(spec.name);
});

t.test("privileged container: uid 0 inside is root on the host", async (t) => {
  const driver = new LxcDriver({ lxcPath });
  const spec = makeSpec(`cp-${suffix}`, undefined);
  await driver.define(spec);
  await driver.start(spec, { timeoutMs: START_TIMEOUT_MS });
  const st = await driver.state(spec.name);
  t.equal(st.status, "Running");
  t.same(readFileSync(`/proc/${st.pid}/uid_map`, "utf8").trim().split(/\s+/).map(Number), [0, 0, 4294967295], "identity map");
  t.equal(statSync(`/proc/${st.pid}`).uid, 0, "init runs as host root");
  const r = await collect(driver.exec(spec.name, { command: ["id", "-u"], env: {} }));
  t.same(r, { stdout: "0\n", stderr: "", code: 0 });
  await driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  await driver.undefine(spec.name);
});

t.test("a start failure names the cause and quotes the LXC log", async (t) => {
  const idmap = await testIdmap();
  const driver = new LxcDriver({ lxcPath });
  const spec = makeSpec(`cf-${suffix}`, idmap, false); // empty rootfs: no /sbin/init
  await driver.define(spec);
  const err = await driver.start(spec, { timeoutMs: START_TIMEOUT_MS }).then(() => undefined, (e: unknown) => e);
  t.ok(err instanceof CorralError, "CorralError");
  t.match((err as Error).message, /failed to start/);
  t.match((err as Error).message, /LXC log/);
  t.equal((await driver.state(spec.name)).status, "Stopped", "nothing left running");
  await driver.undefine(spec.name);
});

t.test("files: push/pull round trip, and symlinks cannot leave the rootfs", async (t) => {
  const idmap = await testIdmap();
  const driver = new LxcDriver({ lxcPath });
  const spec = makeSpec(`cx-${suffix}`, idmap);
  const rootfs = join(spec.volumePath, "rootfs");
  await driver.define(spec);
  await driver.start(spec, { timeoutMs: START_TIMEOUT_MS });

  await pushFile(rootfs, "/srv/app/config.txt", "hello\n", { mode: 0o640, uid: 1000, gid: 1001, createParents: true });
  const inside = await collect(driver.exec(spec.name, { command: ["stat", "-c", "%u %g %a", "/srv/app/config.txt", "/srv/app"], env: {} }));
  t.equal(inside.stdout, "1000 1001 640\n1000 1001 755\n", "owner and mode as seen inside (idmapped: written unshifted)");
  const onDisk = statSync(join(rootfs, "srv/app/config.txt"));
  t.equal(onDisk.uid, 1000, "on-disk owner equals the id inside");
  await pushFile(rootfs, "/root/stream.bin", Readable.from([Buffer.from("a"), Buffer.from("b")]), { mode: 0o600 });
  const pulled = await pullFile(rootfs, "/srv/app/config.txt");
  let body = "";
  for await (const c of pulled.stream) body += c.toString();
  t.same({ body, mode: pulled.mode, uid: pulled.uid, gid: pulled.gid, size: pulled.size }, { body: "hello\n", mode: 0o640, uid: 1000, gid: 1001, size: 6 });
  const s = await pullFile(rootfs, "/root/stream.bin");
  let sb = "";
  for await (const c of s.stream) sb += c.toString();
  t.equal(sb, "ab", "stream push");
  // Files the guest writes can be pulled.
  await collect(driver.exec(spec.name, { command: ["sh", "-c", "echo from-guest > /root/g.txt"], env: {} }));
  const g = await pullFile(rootfs, "/root/g.txt");
  let gb = "";
  for await (const c of g.stream) gb += c.toString();
  t.equal(gb, "from-guest\n");

  // A host file and dir the guest's symlinks point at.
  const hostDir = join(root, "host-side");
  mkdirSync(hostDir);
  const hostFile = join(hostDir, "secret");
  writeFileSync(hostFile, "untouched\n");
  symlinkSync(hostFile, join(rootfs, "etc/abs-file")); // absolute link to a host path
  symlinkSync(`${"../".repeat(20)}${hostFile.slice(1)}`, join(rootfs, "etc/rel-file")); // climbs out with ..
  symlinkSync(hostDir, join(rootfs, "etc/abs-dir"));
  symlinkSync(`../../../../../../../../../..${hostDir}`, join(rootfs, "etc/rel-dir"));

  const escapes = ["/etc/abs-file", "/etc/rel-file", "/etc/abs-dir/secret", "/etc/rel-dir/secret", "/etc/../../../../" + hostFile.slice(1)];
  // Round 1: the link targets do not exist inside the rootfs (refused); round 2: they do (written there).
  for (const p of [...escapes, "mkdir", ...escapes]) {
    if (p === "mkdir") {
      mkdirSync(join(rootfs, hostDir), { recursive: true });
      continue;
    }
    const res: "written" | CorralError = await pushFile(rootfs, p, "pwned\n").then(() => "written" as const, (e: CorralError) => e);
    t.equal(readFileSync(hostFile, "utf8"), "untouched\n", `host file untouched by push to ${p}`);
    if (res === "written") t.equal(readFileSync(join(rootfs, hostFile), "utf8"), "pwned\n", `${p}: write landed inside the rootfs`);
    else t.match(res.message, p, `${p}: refused, error names the path`);
  }
  await pushFile(rootfs, "/etc/abs-dir/new", "x", { createParents: true });
  t.notOk(existsSync(join(hostDir, "new")), "no file created in the host dir");
  t.ok(existsSync(join(rootfs, hostDir, "new")), "created inside the rootfs instead");
  rmSync(join(rootfs, hostFile), { force: true });
  await t.rejects(pullFile(rootfs, "/etc/abs-file"), { code: "CORRAL_ERR_NOT_FOUND", message: /\/etc\/abs-file/ }, "pull through a link reads inside only");
  await t.rejects(pullFile(rootfs, "/etc/rel-dir/secret"), { code: "CORRAL_ERR_NOT_FOUND" });
  await t.rejects(pullFile(rootfs, "/etc"), { message: /"\/etc"/ }, "a directory is refused, naming the path");
  await t.rejects(pullFile(rootfs, "/nope/file"), { code: "CORRAL_ERR_NOT_FOUND", message: /nope\/file/ });
  await t.rejects(pushFile(rootfs, "relative", "x"), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /path/ });
  symlinkSync("loop", join(rootfs, "loop"));
  await t.rejects(pushFile(rootfs, "/loop", "x"), { message: /symbolic links/ });

  await driver.stop(spec.name, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  await driver.undefine(spec.name);
});
