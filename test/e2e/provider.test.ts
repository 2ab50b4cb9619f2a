// terraform-provider-corral under the real OpenTofu binary against a real agent: the whole
// lifecycle, in-place updates and replacement, drift, import, plan-time validation, an
// unreachable agent, and Ctrl-C in the middle of an apply.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent, type TestAgent } from "../helpers/agent";
import { memoryLimit } from "../helpers/cgroup";
import { workspace } from "../helpers/tofu";

const PROVIDER_BLOCK = `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}
`;

function mainTf(img: string, opts: { c3: string; c1Image?: string; motd?: string }): string {
  return `${PROVIDER_BLOCK}
resource "corral_storage_pool" "fast" {
  name   = "fast"
  driver = "btrfs"
  size   = "1GiB"
}

resource "corral_network" "lan" {
  name      = "tfbr0"
  ipv4_cidr = "10.231.7.1/24"
}

resource "corral_image" "busybox" {
  source_file = "${img}"
  aliases     = ["busybox"]
}

resource "corral_volume" "data" {
  pool = corral_storage_pool.fast.name
  name = "data"
}

resource "corral_profile" "web" {
  name   = "web"
  config = { "user.role" = "web" }
  root_disk {
    pool = corral_storage_pool.fast.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
}

resource "corral_instance" "c1" {
  name  = "c1"
  image = ${opts.c1Image ?? "corral_image.busybox.fingerprint"}
  root_disk {
    pool = corral_storage_pool.fast.name
  }
  network_interface {
    name         = "eth0"
    network      = corral_network.lan.name
    ipv4_address = "10.231.7.50"
  }
  wait_for {
    ipv4 = true
  }
}

resource "corral_instance" "c2" {
  name     = "c2"
  image    = corral_image.busybox.fingerprint
  profiles = [corral_profile.web.name]
  wait_for {
    ipv4 = true
  }
}

resource "corral_instance" "c3" {
  name  = "c3"
  image = "busybox"
  ${opts.c3}
  root_disk {
    pool = corral_storage_pool.fast.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.lan.name
  }
  disk {
    name   = "data"
    pool   = corral_storage_pool.fast.name
    volume = corral_volume.data.name
    path   = "/data"
  }
  file {
    target_path = "/etc/motd"
    content     = "${opts.motd ?? "hello from tofu"}\\n"
    mode        = "0640"
  }
  wait_for {
    ipv4 = true
  }
  depends_on = [corral_image.busybox]
}

output "addresses" {
  value = {
    c1 = corral_instance.c1.ipv4_address
    c2 = corral_instance.c2.ipv4_address
    c3 = corral_instance.c3.ipv4_address
  }
}
`;
}

const ping = (a: TestAgent, ip: string) => a.ns.exec("busybox", ["ping", "-c", "1", "-W", "5", ip]);
const inst = (a: TestAgent, name: string) => a.client.instances.GetInstance({ name, with_state: true });

t.test("lifecycle: apply, clean re-plan, in-place updates, replacement, drift, import, destroy", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const env = { CORRAL_ENDPOINT: a.endpoint };
  const ws = workspace(t, env);
  ws.write({ "main.tf": mainTf(img.metaPath, { c3: "" }) });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["plan", "-no-color"]);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);

  const addrs = await ws.output<Record<string, string>>("addresses");
  t.equal(addrs.c1, "10.231.7.50", "static address");
  for (const [name, ip] of Object.entries(addrs)) {
    t.match(ip, /^10\.231\.7\.\d+$/, `${name} has an address on the network`);
    await ping(a, ip);
  }
  t.equal((await a.cli(["exec", "c2", "--", "ip", "-4", "addr", "show", "eth0"])).stdout.includes(addrs.c2!), true, "c2 got its NIC through the profile");
  t.equal((await a.cli(["exec", "c3", "--", "cat", "/etc/motd"])).stdout, "hello from tofu\n", "file block written");
  t.equal((await a.cli(["exec", "c3", "--", "stat", "-c", "%a", "/etc/motd"])).stdout.trim(), "640");
  await a.cli(["exec", "c3", "--", "touch", "/data/ok"]);
  t.ok(existsSync(join(a.dataDir, "storage-pools", "fast", "custom", "data", "ok")), "custom volume mounted at /data");

  const clean = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
  t.equal(clean.code, 0, `second plan has no changes:\n${clean.stdout}${clean.stderr}`);

  t.test("cpu, memory, config and running change in place", async (t) => {
    ws.write({ "main.tf": mainTf(img.metaPath, { c3: `cpu = 1\n  memory = "96MiB"\n  config = { "user.tier" = "gold" }`, motd: "changed by tofu" }) });
    const plan = await ws.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /0 to add, 1 to change, 0 to destroy/, "an in-place update");
    const pidBefore = (await inst(a, "c3")).state!.pid;
    await ws.ok(["apply", "-auto-approve", "-no-color"]);
    const c3 = await inst(a, "c3");
    t.equal(c3.config["limits.cpu"], "1");
    t.equal(c3.config["limits.memory"], "96MiB");
    t.equal(c3.config["user.tier"], "gold");
    t.equal((await a.cli(["exec", "c3", "--", "cat", "/etc/motd"])).stdout, "changed by tofu\n", "changed file content re-written");
    t.equal(c3.state!.pid, pidBefore, "the container kept running (same init)");
    t.equal(await memoryLimit(c3.state!.pid!), 96 * 2 ** 20, "memory limit live in the cgroup");
    ws.write({ "main.tf": mainTf(img.metaPath, { c3: `running = false` }) });
    await ws.ok(["apply", "-auto-approve", "-no-color"]);
    t.equal((await inst(a, "c3")).status, "Stopped", "running = false stops it");
    ws.write({ "main.tf": mainTf(img.metaPath, { c3: "" }) });
    await ws.ok(["apply", "-auto-approve", "-no-color"]);
    t.equal((await inst(a, "c3")).status, "Running");
    t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0, "converged");
  });

  t.test("changing the image forces replacement", async (t) => {
    ws.write({ "main.tf": mainTf(img.metaPath, { c3: "", c1Image: `"busybox"` }) });
    const plan = await ws.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /corral_instance\.c1 must be replaced/);
    t.match(plan.stdout, /# forces replacement/);
    ws.write({ "main.tf": mainTf(img.metaPath, { c3: "" }) });
  });

  t.test("drift: stopped by hand shows running; deleted by hand is re-created", async (t) => {
    await a.cli(["stop", "-f", "c3"]);
    const plan = await ws.tofu(["plan", "-detailed-exitcode", "-no-color"]);
    t.equal(plan.code, 2);
    t.match(plan.stdout, /~ running\s+= false -> true/);
    await a.cli(["delete", "-f", "c2"]);
    const plan2 = await ws.ok(["plan", "-no-color"]);
    t.match(plan2.stdout, /corral_instance\.c2 will be created/);
    await ws.ok(["apply", "-auto-approve", "-no-color"]);
    t.equal((await inst(a, "c2")).status, "Running");
    t.equal((await inst(a, "c3")).status, "Running");
    t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0);
  });

  t.test("import {} blocks for every resource type plan clean", async (t) => {
    const fp = img.fingerprint;
    const ws2 = workspace(t, env);
    // wait_for and file blocks act at create/update only and cannot be read back from the host:
    // a configuration importing existing instances leaves them out.
    const clientOnly = /\n  (wait_for|file) \{[^}]*\}(?=\n)/g;
    ws2.write({
      "main.tf": mainTf(img.metaPath, { c3: "" }).replace(clientOnly, ""),
      "imports.tf": [
        ["corral_storage_pool.fast", "fast"], ["corral_network.lan", "tfbr0"], ["corral_image.busybox", `${fp},source_file=${img.metaPath}`],
        ["corral_volume.data", "fast/data"], ["corral_profile.web", "web"], ["corral_instance.c1", `c1,image=${fp}`],
        ["corral_instance.c2", `c2,image=${fp}`], ["corral_instance.c3", "c3,image=busybox"],
      ].map(([to, id]) => `import {\n  to = ${to}\n  id = "${id}"\n}\n`).join("\n"),
    });
    await ws2.ok(["init", "-no-color"]);
    const plan = await ws2.ok(["plan", "-no-color"]);
    t.match(plan.stdout, /8 to import, 0 to add, 0 to change, 0 to destroy/, plan.stdout);
    await ws2.ok(["apply", "-auto-approve", "-no-color"]);
    const again = await ws2.tofu(["plan", "-detailed-exitcode", "-no-color"]);
    t.equal(again.code, 0, `imported state plans clean:\n${again.stdout}`);
  });

  t.test("an image from source_url", async (t) => {
    const other = buildBusyboxImage(mkdtempSync(join(work, "url-")), { compression: "xz" });
    const server = createServer((_req, res) => createReadStream(other.metaPath).pipe(res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    t.teardown(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/busybox.tar.xz`;
    const ws3 = workspace(t, env);
    ws3.write({ "main.tf": `${PROVIDER_BLOCK}\nresource "corral_image" "u" {\n  source_url = "${url}"\n  aliases    = ["from-url"]\n}\noutput "fp" {\n  value = corral_image.u.fingerprint\n}\n` });
    await ws3.ok(["init", "-no-color"]);
    await ws3.ok(["apply", "-auto-approve", "-no-color"]);
    t.equal(await ws3.output("fp"), other.fingerprint, "downloaded and imported with the LXD fingerprint");
    t.same((await a.client.images.GetImage({ ref: "from-url" })).fingerprint, other.fingerprint);
    await ws3.ok(["destroy", "-auto-approve", "-no-color"]);
  });

  t.test("destroy leaves nothing on the host", async (t) => {
    await ws.ok(["destroy", "-auto-approve", "-no-color"]);
    t.same((await a.client.instances.ListInstances({})).instances, []);
    t.same((await a.client.networks.ListNetworks({})).networks, []);
    t.same((await a.client.pools.ListStoragePools({})).pools, []);
    t.same((await a.client.images.ListImages({})).images, []);
    t.same((await a.ns.ipJson<{ ifname: string }>(["link"])).map((l) => l.ifname), ["lo"], "no bridge or veth");
    t.equal((await run("losetup", ["-j", join(a.dataDir, "disks", "fast.img")])).stdout.trim(), "", "no loop device");
    t.same((await a.ns.pids()).filter((p) => readFileSync(`/proc/${p}/comm`, "utf8").trim() === "dnsmasq"), [], "no dnsmasq");
  });
});

t.test("bad configuration is a diagnostic on its line at plan time; nothing is created", async (t) => {
  const a = await startAgent(t);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  const cases: [string, string, RegExp][] = [
    [`resource "corral_instance" "x" {\n  name  = "bad_name!"\n  image = "busybox"\n}`, "name", /letters, digits/],
    [`resource "corral_network" "x" {\n  name      = "n1"\n  ipv4_cidr = "10.0.0.300/24"\n}`, "ipv4_cidr", /ipv4_cidr/],
    [`resource "corral_storage_pool" "x" {\n  name   = "p1"\n  driver = "btrfs"\n  size   = "tiny"\n}`, "size", /size/],
    [`resource "corral_instance" "x" {\n  name   = "ok"\n  image  = "busybox"\n  config = { "foo.bar" = "1" }\n}`, "config", /unknown config key/],
    // A key of another instance type's driver: security.secureboot is for virtual machines.
    [`resource "corral_instance" "x" {\n  name   = "ok"\n  image  = "busybox"\n  config = { "security.secureboot" = "true" }\n}`, "config", /security\.secureboot"\]: unknown config key/],
    [`resource "corral_image" "x" {\n  source_file = "/tmp/a.tar.gz"\n  source_url  = "http://127.0.0.1:1/a.tar.gz"\n}`, "source_url", /Exactly one image source/],
  ];
  ws.write({ "main.tf": PROVIDER_BLOCK });
  await ws.ok(["init", "-no-color"]);
  for (const [hcl, attr, detail] of cases) {
    ws.write({ "main.tf": PROVIDER_BLOCK + "\n" + hcl + "\n" });
    const r = await ws.tofu(["plan", "-no-color"]);
    t.not(r.code, 0, `${attr}: plan fails`);
    const line = hcl.split("\n").findIndex((l) => l.trimStart().startsWith(attr)) + PROVIDER_BLOCK.split("\n").length + 1;
    t.match(r.stderr, new RegExp(`on main\\.tf line ${line}`), `${attr}: diagnostic points at line ${line}`);
    t.match(r.stderr.replace(/\s+/g, " "), detail, `${attr}: says what is wrong`);
  }
  t.same((await a.client.instances.ListInstances({})).instances, [], "nothing created");
  t.same((await a.client.networks.ListNetworks({})).networks, []);
  t.same((await a.client.pools.ListStoragePools({})).pools, []);
});

t.test("an unreachable agent is a diagnostic naming the endpoint", async (t) => {
  const ws = workspace(t, { CORRAL_ENDPOINT: "unix:///nonexistent/corrald.sock" });
  ws.write({ "main.tf": `${PROVIDER_BLOCK}\nresource "corral_network" "x" {\n  name = "n1"\n}\n` });
  await ws.ok(["init", "-no-color"]);
  const r = await ws.tofu(["plan", "-no-color"]);
  t.not(r.code, 0);
  t.match(r.stderr, /Cannot reach the Corral agent at unix:\/\/\/nonexistent\/corrald\.sock/);
});

t.test("Ctrl-C during an apply of several containers stops cleanly; a second apply converges", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  const hcl = `${PROVIDER_BLOCK}
resource "corral_storage_pool" "p" {
  name   = "p"
  driver = "dir"
}
resource "corral_network" "n" {
  name = "intbr0"
}
resource "corral_image" "i" {
  source_file = "${img.metaPath}"
}
resource "corral_instance" "c" {
  count = 6
  name  = "int-\${count.index}"
  image = corral_image.i.fingerprint
  root_disk {
    pool = corral_storage_pool.p.name
  }
  network_interface {
    name    = "eth0"
    network = corral_network.n.name
  }
  wait_for {
    ipv4 = true
  }
}
`;
  ws.write({ "main.tf": hcl });
  await ws.ok(["init", "-no-color"]);
  let pid = 0;
  const applying = ws.tofu(["apply", "-auto-approve", "-no-color", "-parallelism=2"], { onSpawn: (p) => (pid = p) });
  // Interrupt once instances are being created.
  for (let i = 0; i < 300 && (await a.client.instances.ListInstances({})).instances.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  process.kill(pid, "SIGINT");
  const r = await applying;
  t.not(r.code, 0, "the interrupted apply fails");
  t.match(r.stdout + r.stderr, /Interrupt received|Stopping operation|cancel/i);
  const inState = (await ws.ok(["state", "list"])).stdout.split("\n").filter((l) => l.startsWith("corral_instance."));
  const onAgent = (await a.client.instances.ListInstances({})).instances.map((i) => i.name);
  t.ok(inState.length < 6, `apply stopped early (${inState.length} instances in state)`);
  for (const s of inState) t.ok(onAgent.includes(`int-${/\[(\d+)\]/.exec(s)![1]}`), `${s} exists on the agent`);
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal((await a.client.instances.ListInstances({})).instances.length, 6, "the second apply converges");
  t.equal((await ws.tofu(["plan", "-detailed-exitcode", "-no-color"])).code, 0);
  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  await t.rejects(a.client.instances.GetInstance({ name: "int-0" }), { code: status.NOT_FOUND });
});
