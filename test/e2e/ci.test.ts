// The CI features through the real OpenTofu binary: a lease that ends (the pipeline died before
// its destroy) deletes the instance and its network and the next plan creates them again;
// wait_for { exec, tcp_port } waits for a service that starts late and fails clearly on timeout;
// exec blocks run by their triggers with their outputs in state (on_start also when the provider
// restarts an instance to apply a change); a volume's ttl. Nothing asserts on durations.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { workspace, type Workspace } from "../helpers/tofu";

const PROVIDER_BLOCK = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
`;

/** An inittab whose service (a marker file, then httpd on 8080) starts a few seconds after boot. */
const LATE_SERVICE_INITTAB = [
  "::sysinit:/etc/init.d/rcS",
  "::once:/bin/sh -c 'sleep 3; echo up > /tmp/ready; httpd -p 8080 -h /tmp'",
  "::respawn:/bin/sleep 2147483647",
  "::shutdown:/bin/umount -a -r",
  "",
].join("\\n");

async function setup(t: { teardown(fn: () => unknown): void }): Promise<{ a: TestAgent; ws: Workspace }> {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-ci-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  return { a, ws };
}

// Each test has its own agent and workspace; much of their time is waiting (for a late service, a
// wait_for timeout, a lease sweep, a container's boot), so they run side by side.
t.jobs = 3;

const exists = async (fn: () => Promise<unknown>) => fn().then(() => true, (e: { code?: number }) => (e.code === 5 ? false : Promise.reject(e)));

t.test("a lease that ends deletes the environment; the next plan creates it again", async (t) => {
  const { a, ws } = await setup(t);
  const tf = (ttl: string) => `${PROVIDER_BLOCK}
resource "corral_network" "env" {
  name = "ltbr0"
  ttl  = "${ttl}"
}
resource "corral_instance" "job" {
  name  = "job"
  image = "busybox"
  ttl   = "${ttl}"
  network_interface {
    name    = "eth0"
    network = corral_network.env.name
  }
}
output "expires" {
  value = [corral_instance.job.lease_expires_at, corral_network.env.lease_expires_at]
}
`;
  ws.write({ "main.tf": tf("1h") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const [instEnd, netEnd] = await ws.output<string[]>("expires");
  t.equal(instEnd, (await a.client.instances.GetInstance({ name: "job" })).config["lease.expires_at"], "lease_expires_at is the agent's");
  t.equal(netEnd, (await a.client.networks.GetNetwork({ name: "ltbr0" })).config["lease.expires_at"]);
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "a second plan has no changes");

  ws.write({ "main.tf": tf("2h") });
  const plan = await ws.ok(["plan", "-no-color"]);
  t.match(plan.stdout, /0 to add, 2 to change, 0 to destroy/, "a new ttl updates in place");
  t.match(plan.stdout, /lease_expires_at\s+= "[^"]+" -> \(known after apply\)/);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.not((await ws.output<string[]>("expires"))[0], instEnd, "the lease restarted");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");

  // The pipeline dies here; its leases end (shortened by hand so the test need not wait 2h).
  await a.cli(["lease", "renew", "job", "--duration", "1s"]);
  await a.cli(["lease", "renew", "ltbr0", "--network", "--duration", "1s"]);
  await eventually("the instance deleted by its lease", async () => ((await exists(() => a.client.instances.GetInstance({ name: "job" }))) ? undefined : true), 60_000);
  await eventually("the network deleted by its lease", async () => ((await exists(() => a.client.networks.GetNetwork({ name: "ltbr0" }))) ? undefined : true), 30_000);
  const after = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(after.code, 2, "the plan has changes");
  t.match(after.stdout, /corral_instance\.job will be created/, "the expired instance must be created again");
  t.match(after.stdout, /corral_network\.env will be created/, "the expired network must be created again");
  t.match(after.stdout, /2 to add, 0 to change, 0 to destroy/);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.ok(await exists(() => a.client.instances.GetInstance({ name: "job" })), "apply re-creates the environment");
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
});

t.test("wait_for { exec, tcp_port } waits for a late service and fails clearly on timeout", async (t) => {
  const { a, ws } = await setup(t);
  await a.cli(["network", "create", "wfbr0"]);
  const tf = (extra: string) => `${PROVIDER_BLOCK}
resource "corral_instance" "svc" {
  name  = "svc"
  image = "busybox"
  network_interface {
    name    = "eth0"
    network = "wfbr0"
  }
  file {
    target_path = "/etc/inittab"
    content     = "${LATE_SERVICE_INITTAB}"
  }
  wait_for {
    ipv4     = true
    exec     = ["test", "-f", "/tmp/ready"]
    tcp_port = 8080
    timeout  = "90s"
  }
  exec {
    command = ["cat", "/tmp/ready"]
  }
}
output "ready" {
  value = corral_instance.svc.exec[0].stdout
}
${extra}`;
  ws.write({ "main.tf": tf("") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal(await ws.output("ready"), "up\n", "the apply went on only once the late service was ready (the exec block after it saw the marker)");
  const ip = (await a.client.instances.GetInstance({ name: "svc", with_state: true })).state!.network.eth0!.addresses.find((x) => x.family === "inet")!.address;
  t.match((await a.ns.exec("busybox", ["wget", "-qO-", `http://${ip}:8080/ready`])).stdout, "up", "httpd answers on the awaited port");

  ws.write({ "main.tf": tf(`
resource "corral_instance" "never" {
  name  = "never"
  image = "busybox"
  network_interface {
    name    = "eth0"
    network = "wfbr0"
  }
  wait_for {
    ipv4     = true
    tcp_port = 9
    exec     = ["sh", "-c", "echo still waiting >&2; exit 4"]
    timeout  = "15s"
  }
}`) });
  const failed = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(failed.code, 0, "the apply fails");
  const msg = failed.stderr.replace(/[\s│]+/g, " ");
  t.match(msg, /Instance "never": not ready \(waited for command \["sh","-c","echo still waiting >&2; exit 4"\] to exit 0 and TCP port 9 to accept\) within 15s/, "names what was awaited");
  t.match(msg, /last failure: exit 4: still waiting/, "and the last failure");
});

t.test("exec blocks run by their triggers; outputs land in state", async (t) => {
  const { a, ws } = await setup(t);
  await a.cli(["network", "create", "exbr0"]);
  const tf = (o: { greeting: string; running?: boolean; failOnError?: boolean }) => `${PROVIDER_BLOCK}
resource "corral_instance" "box" {
  name    = "box"
  image   = "busybox"
  running = ${o.running ?? true}
  exec {
    trigger = "once"
    command = ["sh", "-c", "echo once >> /root/runs; echo first"]
  }
  exec {
    command     = ["sh", "-c", "echo change >> /root/runs; echo \\"$GREETING from $(pwd)\\"; echo to-stderr >&2"]
    environment = { GREETING = "${o.greeting}" }
    working_dir = "/tmp"
  }
  exec {
    trigger = "on_start"
    command = ["sh", "-c", "echo start >> /root/runs"]
  }
  exec {
    trigger = "once"
    command = ["id", "-u"]
    uid     = 65534
    gid     = 65534
  }
  exec {
    trigger = "once"
    command = ["sh", "-c", "head -c 70000 /dev/zero | tr '\\\\0' x"]
  }
  exec {
    command       = ["sh", "-c", "exit 3"]
    fail_on_error = ${o.failOnError ?? false}
  }
}
output "execs" {
  value = [for e in corral_instance.box.exec : { code = e.exit_code, out = e.stdout, err = e.stderr }]
}
`;
  const runs = async () => (await a.cli(["exec", "box", "--", "cat", "/root/runs"])).stdout.split("\n").filter(Boolean);
  type Out = { code: number | null; out: string | null; err: string | null }[];
  ws.write({ "main.tf": tf({ greeting: "hello" }) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const first = await ws.output<Out>("execs");
  t.same(first[0], { code: 0, out: "first\n", err: "" }, "once ran at create");
  t.same(first[1], { code: 0, out: "hello from /tmp\n", err: "to-stderr\n" }, "environment and working_dir applied; stdout and stderr kept apart");
  t.same(first[3], { code: 0, out: "65534\n", err: "" }, "uid applied");
  t.equal(first[4]!.out!.length, 64 * 1024 + "\n[... truncated: 4464 more bytes]".length, "output bounded at 64 KiB");
  t.match(first[4]!.out!, /x\n\[\.\.\. truncated: 4464 more bytes\]$/, "with a marker saying how much was cut");
  t.equal(first[5]!.code, 3, "a failing command without fail_on_error records its exit code");
  t.same(await runs(), ["once", "change", "start"], "each ran once at create (in order)");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "a second plan has no changes");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await runs(), ["once", "change", "start"], "an apply without changes runs nothing");

  ws.write({ "main.tf": tf({ greeting: "bonjour" }) });
  const plan = await ws.ok(["plan", "-no-color"]);
  t.match(plan.stdout, /1 to change/, "a changed on_change block updates in place");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await runs(), ["once", "change", "start", "change"], "on_change ran again, nothing else");
  t.equal((await ws.output<Out>("execs"))[1]!.out, "bonjour from /tmp\n", "its new output is in state");
  t.equal((await ws.output<Out>("execs"))[0]!.out, "first\n", "once keeps its output");

  ws.write({ "main.tf": tf({ greeting: "bonjour", running: false }) });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  ws.write({ "main.tf": tf({ greeting: "bonjour" }) });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await runs(), ["once", "change", "start", "change", "start"], "on_start ran when the provider started the instance again");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");

  const state = (await ws.ok(["state", "show", "-no-color", "corral_instance.box"])).stdout;
  t.match(state, /exit_code\s+= 3/, "tofu state show has the exit codes");
  t.match(state, /stdout\s+= <<-EOT\s+bonjour from \/tmp/, "and the outputs");

  ws.write({ "main.tf": tf({ greeting: "bonjour", failOnError: true }) });
  const failed = await ws.tofu(["apply", "-auto-approve", "-no-color"]);
  t.not(failed.code, 0, "fail_on_error fails the apply");
  t.match(failed.stderr.replace(/[\s│]+/g, " "), /Command \["sh","-c","exit 3"\] in instance "box" exited 3/);
});

t.test("a volume's ttl: lease_expires_at in state, a new ttl restarts it, an expired volume is created again", async (t) => {
  const { a, ws } = await setup(t);
  const tf = (ttl: string) => `${PROVIDER_BLOCK}
resource "corral_volume" "cache" {
  pool = "p1"
  name = "cache"
  ttl  = "${ttl}"
}
output "expires" {
  value = corral_volume.cache.lease_expires_at
}
`;
  const agentEnd = async () => (await a.client.pools.GetVolume({ pool: "p1", name: "cache" })).config["lease.expires_at"];
  ws.write({ "main.tf": tf("1h") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const end = await ws.output<string>("expires");
  t.ok(end, "lease_expires_at is set");
  t.equal(end, await agentEnd(), "and is the agent's");
  t.equal((await a.client.pools.GetVolume({ pool: "p1", name: "cache" })).config["lease.duration"], "1h", "the ttl is the volume's lease.duration");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "a second plan has no changes");

  ws.write({ "main.tf": tf("2h") });
  const plan = await ws.ok(["plan", "-no-color"]);
  t.match(plan.stdout, /0 to add, 1 to change, 0 to destroy/, "a new ttl updates in place");
  t.match(plan.stdout, /lease_expires_at\s+= "[^"]+" -> \(known after apply\)/);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  const renewed = await ws.output<string>("expires");
  t.ok(renewed && renewed !== end, "the lease restarted");
  t.equal(renewed, await agentEnd(), "on the agent too");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");

  ws.write({ "main.tf": tf("soon") });
  const bad = await ws.tofu(["plan", "-no-color"]);
  t.equal(bad.code, 1, "a ttl that is no duration fails the plan");
  t.match(bad.stderr, /ttl/, "naming the ttl");

  // The pipeline dies; the lease ends (shortened by hand so the test need not wait 2h).
  ws.write({ "main.tf": tf("2h") });
  await a.cli(["lease", "renew", "p1/cache", "--volume", "--duration", "1s"]);
  await eventually("the volume deleted by its lease", async () => ((await exists(() => a.client.pools.GetVolume({ pool: "p1", name: "cache" }))) ? undefined : true), 60_000);
  const after = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(after.code, 2, "the plan has changes");
  t.match(after.stdout, /corral_volume\.cache will be created/, "the expired volume must be created again");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.ok(await exists(() => a.client.pools.GetVolume({ pool: "p1", name: "cache" })), "apply creates it again");
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
});

t.test("on_start exec blocks run again when the provider restarts an instance for a change it cannot take live", async (t) => {
  const { a, ws } = await setup(t);
  const tf = (config: Record<string, string>) => `${PROVIDER_BLOCK}
resource "corral_instance" "box" {
  name   = "rbox"
  image  = "busybox"
  config = ${JSON.stringify(config)}
  exec {
    trigger = "on_start"
    command = ["sh", "-c", "echo start >> /root/runs; cat /root/runs | wc -l"]
  }
  exec {
    trigger = "once"
    command = ["sh", "-c", "echo once >> /root/runs"]
  }
}
output "start_out" {
  value = corral_instance.box.exec[0].stdout
}
`;
  const runs = async () => (await a.cli(["exec", "rbox", "--", "cat", "/root/runs"])).stdout.split("\n").filter(Boolean);
  ws.write({ "main.tf": tf({}) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await runs(), ["start", "once"], "both ran at create");
  t.equal((await ws.output<string>("start_out")).trim(), "1");

  // A live change: no restart, on_start stays as it was.
  ws.write({ "main.tf": tf({ "user.note": "live" }) });
  const livePlan = await ws.ok(["plan", "-no-color"]);
  t.notMatch(livePlan.stdout, /exit_code\s+= 0 -> \(known after apply\)/, "a live change plans no on_start run");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await runs(), ["start", "once"], "and runs none");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");

  // security.nesting cannot change while the container runs: the provider stops, updates, starts.
  ws.write({ "main.tf": tf({ "user.note": "live", "security.nesting": "true" }) });
  const restartPlan = await ws.ok(["plan", "-no-color"]);
  t.match(restartPlan.stdout, /exit_code\s+= 0 -> \(known after apply\)/, "the plan leaves the on_start outputs open");
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal((await a.client.instances.GetInstance({ name: "rbox" })).config["security.nesting"], "true", "the change is applied");
  t.same(await runs(), ["start", "once", "start"], "on_start ran again after the restart, once did not");
  t.equal((await ws.output<string>("start_out")).trim(), "3", "its new output is in state");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
});
