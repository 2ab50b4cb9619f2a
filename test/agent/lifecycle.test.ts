// Crash safety and input validation against a real agent: kill -9 in the middle of a create,
// containers that outlive agent restarts, ephemeral instances, and bad input that is refused
// with the field and the rule while leaving nothing behind.
import t from "tap";
import { status } from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";

async function setup(t: { teardown(fn: () => unknown): void }): Promise<{ a: TestAgent; fp: string }> {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-lc-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["network", "create", "lcbr0"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
  await a.cli(["profile", "device", "add", "default", "eth0", "type=nic", "network=lcbr0"]);
  return { a, fp: img.fingerprint };
}

// Each test has its own agent (own namespace and data dir): they run side by side.
t.jobs = 3;

const hostLinks = async (a: TestAgent) => (await a.ns.ipJson<{ ifname: string }>(["link"])).map((l) => l.ifname).sort();

t.test("kill -9 during create leaves nothing once the agent is back; running containers survive restarts", async (t) => {
  const { a } = await setup(t);
  await a.cli(["launch", "busybox", "keep"]);
  const before = await a.client.instances.GetInstance({ name: "keep", with_state: true });
  const pid = before.state!.pid;
  t.ok(pid > 0);
  const baseLinks = await hostLinks(a);

  let interrupted = 0;
  for (const delayMs of [0, 30, 80, 150, 400]) {
    const name = `crash${delayMs}`;
    // Not waited for: a create this quick can end within the call's own inline wait. The kill
    // comes delayMs after its host work began (its root disk or definition is there).
    const created = a.client.instances.CreateInstance({ name, image: "busybox", start: true }).catch(() => undefined);
    await eventually(`the create of ${name} to begin`, async () => (existsSync(join(a.dataDir, "storage-pools", "p1", "containers", name)) || existsSync(join(a.dataDir, "lxc", name)) ? true : undefined), 30_000, 1);
    await new Promise((r) => setTimeout(r, delayMs));
    await a.kill9();
    await created;
    await a.restart();
    const names = (await a.client.instances.ListInstances({})).instances.map((i) => i.name);
    if (names.includes(name)) {
      // The create finished before the kill: it must be whole, and it is removed normally.
      const inst = await a.client.instances.GetInstance({ name, with_state: true });
      t.equal(inst.status, "Running", `killed after ${delayMs} ms: the create had completed and the instance runs`);
      await a.cli(["delete", "-f", name]);
      // Its definition, disk, veth and reservation are freed just after the delete answers.
      await eventually(`what ${name} had to be freed`, async () => {
        const hosts = readdirSync(join(a.dataDir, "networks", "lcbr0")).filter((f) => f.includes("host"));
        const left = existsSync(join(a.dataDir, "lxc", name)) || existsSync(join(a.dataDir, "storage-pools", "p1", "containers", name)) ||
          JSON.stringify(await hostLinks(a)) !== JSON.stringify(baseLinks) || hosts.some((f) => readFileSync(join(a.dataDir, "networks", "lcbr0", f), "utf8").includes(name));
        return left ? undefined : true;
      }, 30_000, 50);
    } else {
      interrupted++;
    }
    t.notOk(existsSync(join(a.dataDir, "lxc", name)), `killed after ${delayMs} ms: no LXC container without a record`);
    t.notOk(existsSync(join(a.dataDir, "storage-pools", "p1", "containers", name)), "no root disk clone");
    t.same(await hostLinks(a), baseLinks, "no veth left");
    const hosts = readdirSync(join(a.dataDir, "networks", "lcbr0")).filter((f) => f.includes("host"));
    for (const f of hosts) t.notMatch(readFileSync(join(a.dataDir, "networks", "lcbr0", f), "utf8"), name, `no lease entry for ${name} in ${f}`);
  }
  t.ok(interrupted >= 1, `${interrupted} of the kills interrupted a create`);

  const after = await a.client.instances.GetInstance({ name: "keep", with_state: true });
  t.equal(after.status, "Running", "the running container survived five agent kills");
  t.equal(after.state!.pid, pid, "same init process");
  t.equal((await a.cli(["exec", "keep", "--", "echo", "still here"])).stdout, "still here\n", "and is manageable");
  await a.stop();
  await a.restart();
  t.equal((await a.client.instances.GetInstance({ name: "keep" })).status, "Running", "survives a clean agent stop too");
  await a.cli(["stop", "-f", "keep"]);
  await a.cli(["delete", "keep"]);
});

t.test("ephemeral instances are deleted when they stop", async (t) => {
  const { a } = await setup(t);
  await a.cli(["launch", "busybox", "eph", "--ephemeral"]);
  await a.cli(["stop", "-f", "eph"]);
  await t.rejects(a.client.instances.GetInstance({ name: "eph" }), { code: status.NOT_FOUND });
  await a.cli(["launch", "busybox", "eph2", "--ephemeral"]);
  await a.cli(["exec", "eph2", "--", "poweroff", "-f"], { okCodes: [0, 1, 137, 255] });
  await eventually("eph2 to be reaped after powering off inside", async () =>
    a.client.instances.GetInstance({ name: "eph2" }).then(() => undefined, (e) => (e.code === status.NOT_FOUND ? true : undefined)), 30_000);
  t.pass("eph2 deleted");
});

t.test("bad input: the field and the rule, and nothing left behind", async (t) => {
  const { a } = await setup(t);
  const links = await hostLinks(a);
  const c = a.client;
  const expectErr = async (p: Promise<unknown>, code: number, ...parts: (string | RegExp)[]) => {
    const e = await p.then(() => undefined, (err) => err);
    t.ok(e, `expected an error mentioning ${parts.join(", ")}`);
    if (!e) return;
    t.equal(e.code, code, `${e.details}: code ${code}`);
    for (const part of parts) t.match(e.details, part);
  };
  const create = (req: Record<string, unknown>) => c.instances.CreateInstance({ image: "busybox", ...req });

  await expectErr(create({ name: "bad_name!" }), status.INVALID_ARGUMENT, "name", "letters");
  await expectErr(create({ name: "x".repeat(64) }), status.INVALID_ARGUMENT, "name", "1-63");
  await expectErr(create({ name: "k1", config: { "foo.bar": "1" } }), status.INVALID_ARGUMENT, 'config["foo.bar"]', "unknown config key");
  await expectErr(create({ name: "k1", config: { "limits.cpu": "999" } }), status.INVALID_ARGUMENT, 'config["limits.cpu"]', "between 1 and");
  await expectErr(create({ name: "k1", config: { "limits.memory": "1" } }), status.INVALID_ARGUMENT, 'config["limits.memory"]', "at least");
  await expectErr(create({ name: "k1", config: { "limits.memory": "lots" } }), status.INVALID_ARGUMENT, 'config["limits.memory"]', "size");
  await expectErr(create({ name: "k1", config: { "security.privileged": "maybe" } }), status.INVALID_ARGUMENT, 'config["security.privileged"]', "boolean");
  await expectErr(create({ name: "k1", image: "nope" }), status.NOT_FOUND, "image", "nope");
  await expectErr(create({ name: "k1", type: "virtual-machine" }), status.INVALID_ARGUMENT, "image", "a virtual-machine needs a virtual-machine image");
  await expectErr(create({ name: "k1", type: "pod" }), status.INVALID_ARGUMENT, "type");
  await expectErr(create({ name: "k1", profiles: ["missing"] }), status.INVALID_ARGUMENT, "profiles", "missing");
  await expectErr(create({ name: "k1", devices: { eth0: { properties: { type: "nic", network: "lcbr0", "ipv4.address": "192.0.2.5" } } } }), status.INVALID_ARGUMENT, 'devices["eth0"]["ipv4.address"]', "inside");
  await expectErr(create({ name: "k1", devices: { eth0: { properties: { type: "nic", network: "nonet" } } } }), status.INVALID_ARGUMENT, 'devices["eth0"].network', "nonet");
  await expectErr(create({ name: "k1", devices: { root: { properties: { type: "disk", path: "/", pool: "p1", size: "1GiB" } } } }), status.FAILED_PRECONDITION, "size", "quota");
  await expectErr(create({ name: "k1", devices: { x: { properties: { type: "usb" } } } }), status.INVALID_ARGUMENT, 'devices["x"].type', "disk, nic");

  await c.instances.CreateInstance({ name: "dup", image: "busybox" }).then((op) => c.wait(op));
  await expectErr(create({ name: "dup" }), status.ALREADY_EXISTS, "dup");

  await expectErr(c.networks.CreateNetwork({ name: "n1", config: { "ipv4.address": "10.0.0.300/24" } }), status.INVALID_ARGUMENT, 'config["ipv4.address"]');
  const lc = (await c.networks.GetNetwork({ name: "lcbr0" })).config["ipv4.address"]!;
  await expectErr(c.networks.CreateNetwork({ name: "n1", config: { "ipv4.address": lc.replace(/\.1\//, ".9/") } }), status.INVALID_ARGUMENT, 'config["ipv4.address"]', "overlaps");
  await expectErr(c.networks.CreateNetwork({ name: "n1", config: { "ipv4.nat": "sometimes" } }), status.INVALID_ARGUMENT, 'config["ipv4.nat"]');
  await expectErr(c.networks.CreateNetwork({ name: "n1", config: { "bogus.key": "1" } }), status.INVALID_ARGUMENT, 'config["bogus.key"]');
  await expectErr(c.networks.CreateNetwork({ name: "this-name-is-too-long" }), status.INVALID_ARGUMENT, "name", "15");
  await expectErr(c.networks.CreateNetwork({ name: "lcbr0" }), status.ALREADY_EXISTS, "lcbr0");
  await expectErr(c.networks.DeleteNetwork({ name: "lcbr0" }), status.FAILED_PRECONDITION, "in use", "dup");
  await expectErr(c.pools.CreateStoragePool({ name: "p2", driver: "btrfs", config: { size: "tiny" } }), status.INVALID_ARGUMENT, 'config["size"]');
  await expectErr(c.pools.CreateStoragePool({ name: "p2", driver: "btrfs", config: { size: "1MiB" } }), status.INVALID_ARGUMENT, 'config["size"]');
  await expectErr(c.pools.CreateStoragePool({ name: "p2", driver: "ceph" }), status.INVALID_ARGUMENT, "driver");
  await expectErr(c.pools.CreateStoragePool({ name: "p2", driver: "dir", config: { source: "/does/not/exist" } }), status.INVALID_ARGUMENT, 'config["source"]');
  await expectErr(c.pools.CreateStoragePool({ name: "p1", driver: "dir" }), status.ALREADY_EXISTS, "p1");
  await expectErr(c.pools.DeleteStoragePool({ name: "p1" }), status.FAILED_PRECONDITION, "in use");
  await expectErr(c.images.DeleteImage({ ref: "busybox" }), status.FAILED_PRECONDITION, "in use", "dup");

  const names = (await c.instances.ListInstances({})).instances.map((i) => i.name);
  t.same(names, ["dup"], "only the valid instance exists");
  t.same((await c.networks.ListNetworks({})).networks.map((n) => n.name), ["lcbr0"], "no half-made network");
  t.same((await c.pools.ListStoragePools({})).pools.map((p) => p.name), ["p1"], "no half-made pool");
  t.same(readdirSync(join(a.dataDir, "storage-pools")).sort(), ["p1"], "no pool directory left");
  t.same(readdirSync(join(a.dataDir, "disks")), [], "no loop file left");
  t.same(await hostLinks(a), links, "no interface left");
});

t.test("boot.autostart brings an instance back when the agent starts; lifecycle events stream", async (t) => {
  const { a } = await setup(t);
  const events: { action: string; resource: string }[] = [];
  const stream = a.client.raw.events.WatchEvents({ types: ["lifecycle"] });
  stream.on("data", (e: { action: string; resource: string }) => events.push(e));
  stream.on("error", () => {});
  await a.cli(["launch", "busybox", "auto", "-c", "boot.autostart=true"]);
  await a.cli(["launch", "busybox", "manual"]);
  await eventually("lifecycle events", async () => (events.some((e) => e.action === "instance-started" && e.resource === "instances/auto") ? true : undefined), 10_000);
  t.ok(events.some((e) => e.action === "instance-created" && e.resource === "instances/manual"), "created and started events arrive");
  stream.cancel();
  // A host reboot, as far as containers go: the agent is down and every container stopped.
  await a.stop();
  for (const name of ["auto", "manual"]) {
    await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "lxc-stop", "-k", "-n", name, "-P", join(a.dataDir, "lxc")]);
  }
  await a.restart();
  t.equal((await a.client.instances.GetInstance({ name: "auto" })).status, "Running", "boot.autostart=true: started by the agent");
  t.equal((await a.client.instances.GetInstance({ name: "manual" })).status, "Stopped", "others stay stopped");
});

t.test("an image and a pool deleted at the same time both go (tofu destroys them in parallel)", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-lc-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["network", "create", "racebr0"]);
  for (let i = 0; i < 3; i++) {
    await a.cli(["storage", "create", "race", "btrfs", "size=256MiB"]);
    await a.cli(["image", "import", img.metaPath, "--alias", "bb"]);
    await a.cli(["launch", "bb", "r1", "--storage", "race", "--network", "racebr0"]);
    await a.cli(["delete", "-f", "r1"]);
    const [imageDel, poolDel] = await Promise.allSettled([
      a.client.images.DeleteImage({ ref: "bb" }).then((op) => a.client.wait(op)),
      a.client.pools.DeleteStoragePool({ name: "race" }),
    ]);
    t.equal(imageDel.status, "fulfilled", `round ${i}: image deleted${imageDel.status === "rejected" ? `: ${imageDel.reason.details}` : ""}`);
    t.equal(poolDel.status, "fulfilled", `round ${i}: pool deleted${poolDel.status === "rejected" ? `: ${poolDel.reason.details}` : ""}`);
  }
  t.same(readdirSync(join(a.dataDir, "disks")), [], "no loop file left");
});

t.test("cancelling a create stops the image unpack and leaves nothing behind", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-lc-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  // Incompressible padding makes the first unpack on the pool take a while.
  const img = buildBusyboxImage(work, { customize: (rootfs) => writeFileSync(join(rootfs, "padding"), randomBytes(96 * 2 ** 20)) });
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["network", "create", "cxbr0"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "big"]);
  const op = await a.client.instances.CreateInstance({
    name: "cx", image: "big", start: true,
    devices: { root: { properties: { type: "disk", path: "/", pool: "p1" } }, eth0: { properties: { type: "nic", network: "cxbr0" } } },
  });
  t.equal(op.cancellable, true, "a create can be cancelled");
  await a.client.operations.CancelOperation({ id: op.id });
  const done = await a.client.operations.WaitOperation({ id: op.id, timeout_ms: 60_000 });
  t.equal(done.status, "CANCELLED", `the create ended cancelled (${done.error_message})`);
  await t.rejects(a.client.instances.GetInstance({ name: "cx" }), { code: status.NOT_FOUND }, "no instance record");
  t.same(readdirSync(join(a.dataDir, "storage-pools", "p1", "containers")), [], "no root disk");
  t.same(readdirSync(join(a.dataDir, "storage-pools", "p1", "images")), [], "no half-unpacked image volume");
  t.same(readdirSync(join(a.dataDir, "lxc")), [], "no container definition");
});
