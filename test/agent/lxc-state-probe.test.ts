// Many containers' states at once (what a list asks): the LXC driver answers them with a few
// shells instead of two processes per container, and skips lxc-info for a container whose init
// is still the one it saw running. The answers must equal lxc-info's and `ip -j addr`'s, also
// for a frozen, a stopped and a removed container, for a name lxc-info does not know, and right
// after an address was added inside (a listing is reused only while the namespace looks the same).
import t from "tap";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LxcDriver } from "../../agent/instances/drivers/lxc/driver";
import { lxcInfo } from "../../agent/instances/drivers/lxc/cli";
import { helperBinary } from "../../agent/host/spawner";
import { parseProbeOutput, StateProbe } from "../../agent/instances/drivers/lxc/state-probe";
import type { InstanceSpec } from "../../agent/instances/driver";
import { run } from "../../agent/host/run";
import { buildBusyboxRootfs } from "../fixtures/busybox-rootfs";

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const suffix = randomBytes(3).toString("hex");
const root = mkdtempSync(join(tmpdir(), "corral-probe-"));
chmodSync(root, 0o711);
const lxcPath = join(root, "lxc");
const names = [0, 1, 2, 3, 4].map((i) => `sp${i}-${suffix}`);

t.teardown(async () => {
  for (const name of names) await run("lxc-stop", ["-n", name, "-P", lxcPath, "-k"], { okCodes: [1, 2] }).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

function spec(name: string): InstanceSpec {
  const volumePath = join(root, "vol", name);
  mkdirSync(volumePath, { recursive: true });
  buildBusyboxRootfs(volumePath);
  chmodSync(join(root, "vol"), 0o711);
  // Privileged (no idmap): the test is about state, not about mappings.
  return { name, volumePath, runDir: join(root, "run", name), config: {}, nics: [], mounts: [], disks: [], idmap: undefined, limits: {} };
}

/** What the direct tools say about a container: state, pid and the interface names inside. */
async function direct(name: string): Promise<{ state: string; pid: number; ifaces: string[] }> {
  const info = await lxcInfo({ name, lxcPath });
  if (info.pid <= 0) return { ...info, ifaces: [] };
  const ip = JSON.parse((await run("nsenter", ["-t", String(info.pid), "-n", "ip", "-j", "addr"])).stdout) as { ifname: string }[];
  return { ...info, ifaces: ip.map((i) => i.ifname).sort() };
}

t.test("parsing a shell's output: records, failures, no addresses", async (t) => {
  const out = parseProbeOutput(
    "\x1ea 0\nState:          RUNNING\nPID:            42\n\n\x1f\n[{\"ifname\":\"lo\"}]\n" +
      "\x1eb 1\nb doesn't exist\n\n" +
      "\x1ec 0\nState:          STOPPED\n\n",
  );
  t.same(out.get("a"), { state: "RUNNING", pid: 42, ipJson: "[{\"ifname\":\"lo\"}]" });
  t.same(out.get("b"), { error: "b doesn't exist" });
  t.same(out.get("c"), { state: "STOPPED", pid: 0, ipJson: "[]" });
  t.equal(out.size, 3);
});

t.test("concurrent states equal the tools' answers; frozen, stopped, removed and unknown containers", async (t) => {
  const driver = new LxcDriver({ lxcPath });
  const specs = names.map(spec);
  for (const s of specs) await driver.define(s);
  await Promise.all(specs.map((s) => driver.start(s, { timeoutMs: START_TIMEOUT_MS })));

  const check = async (what: string) => {
    const states = await Promise.all(names.map((n) => driver.state(n)));
    for (const [i, n] of names.entries()) {
      const d = await direct(n);
      const st = states[i]!;
      t.same({ status: st.status, pid: st.pid, ifaces: Object.keys(st.network).sort() }, { status: { RUNNING: "Running", FROZEN: "Frozen", STOPPED: "Stopped" }[d.state], pid: d.pid, ifaces: d.ifaces }, `${what}: ${n}`);
    }
    return states;
  };
  const first = await check("first look (lxc-info for each)");
  t.ok(first.every((s) => s.status === "Running" && s.network.lo?.addresses.some((a) => a.address === "127.0.0.1")), "running, with the loopback address from inside");
  await check("second look (the running inits are known)");
  await check("third look (the listings are reused)");

  // A listing reused while the namespace looks the same must not hide an address added inside.
  const add = driver.exec(names[0]!, { command: ["ip", "addr", "add", "192.0.2.7/24", "dev", "lo"], env: {} });
  add.stdin.end();
  add.stdout.resume();
  add.stderr.resume();
  t.equal(await add.exited, 0, "address added inside");
  const withAddr = await check("an address added inside");
  t.ok(withAddr[0]!.network.lo?.addresses.some((a) => a.address === "192.0.2.7"), "the new address is listed at once");

  // What exec relies on to skip its status query.
  t.equal(await driver.knownRunning(names[1]!), true, "a running container is known to run");
  await driver.freeze(names[1]!);
  t.equal(await driver.knownRunning(names[1]!), false, "not once frozen");
  t.equal(await driver.status(names[1]!), "Frozen", "status() asks and finds it frozen");
  await driver.stop(names[2]!, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  t.equal(await driver.knownRunning(names[2]!), false, "not once stopped");
  const after = await check("one frozen, one stopped");
  t.equal(after[1]!.status, "Frozen", "a frozen container is not taken for running");
  t.equal(after[2]!.status, "Stopped", "a stopped container is not taken for running");
  await driver.unfreeze(names[1]!);

  // Started again: a new init, found by lxc-info again.
  await driver.start(specs[2]!, { timeoutMs: START_TIMEOUT_MS });
  const again = await check("restarted");
  t.not(again[2]!.pid, first[2]!.pid, "the new init's pid");

  await driver.stop(names[4]!, { force: true, timeoutMs: STOP_TIMEOUT_MS });
  await driver.undefine(names[4]!);
  const mixed = await Promise.allSettled(names.map((n) => driver.state(n)));
  t.match(mixed[4], { status: "rejected", reason: { code: "CORRAL_ERR_NOT_FOUND" } }, "a removed container is not found");
  t.ok(mixed.slice(0, 4).every((r) => r.status === "fulfilled"), "the others are answered in the same batch");

  // lxc-info failing for one name inside a batch: that name gets the tool's error, the others their
  // state and addresses, whether the exec helper reads them (its --netns-addrs), nsenter and ip
  // (no helper built), or nsenter after the helper failed (its binary gone).
  for (const [what, helper] of [["no helper", undefined], ["helper", helperBinary()], ["helper binary gone", join(root, "no-such-helper")]] as const) {
    const probe = new StateProbe(lxcPath, helper);
    const res = await Promise.allSettled([probe.probe(names[0]!), probe.probe(`nosuch-${suffix}`), probe.probe(names[3]!)]);
    const lo = { status: "fulfilled", value: { state: "RUNNING", ipJson: /"ifname":"lo".*"local":"127\.0\.0\.1"/ } };
    t.match(res[0], lo, `${what}: running, with its loopback address`);
    t.match(res[1], { status: "rejected", reason: { code: "CORRAL_ERR_COMMAND_FAILED" } }, `${what}: lxc-info's failure`);
    t.match(res[2], lo, `${what}: the other one too`);
  }

  for (const n of names.slice(0, 4)) {
    await driver.stop(n, { force: true, timeoutMs: STOP_TIMEOUT_MS });
    await driver.undefine(n);
  }
});
