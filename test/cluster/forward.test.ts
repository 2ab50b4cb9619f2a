// Three members (each agent in its own network namespace, joined by a bridge in a fourth, real
// etcd): every call made to member m1 about an instance on m2 reaches m2 — create with a target,
// list (every member's instances, each with its location, from any member), exec, file push and
// pull, console, stop/start and their operations, delete. Six containers spread over the three
// members by `target` and `@group` are each listed, exec'd into, pushed a file, stopped and
// started through every member. Without a target, instances spread; the dry-run placement names
// the member and refuses a target without capacity. A storage pool created through one member is
// made on every member. No member acts on another's instance itself.
import t from "tap";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { FORWARDED_HEADER } from "../../agent/cluster/forward";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, openConsole, startAgent, type TestAgent } from "../helpers/agent";
import { bridgeAgents, testSubnet } from "../helpers/cluster";
import { memoryLimit } from "../helpers/cgroup";

const API_PORT = 8443;

interface Listed { name: string; location: string; status: string }
const list = async (a: TestAgent): Promise<Listed[]> => JSON.parse((await a.cli(["list", "--format", "json"])).stdout);
const locations = async (a: TestAgent) => Object.fromEntries((await list(a)).map((i) => [i.name, i.location]));
const poolStatus = async (a: TestAgent, name: string): Promise<string | undefined> =>
  JSON.parse((await a.cli(["storage", "list", "--format", "json"])).stdout).find((p: { name: string }) => p.name === name)?.status;
const bridgeIn = (a: TestAgent, name: string) => run("ip", ["-n", a.ns.name, "link", "show", name], { okCodes: [0, 1] });
const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"], { okCodes: [0] })).stdout.split("\n").filter(Boolean).sort();

t.test("calls to one member reach instances on the others", async (t) => {
  const agents = await Promise.all([0, 1, 2].map(() => startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] })));
  const [a, b, c] = agents as [TestAgent, TestAgent, TestAgent];
  const all = [["m1", a], ["m2", b], ["m3", c]] as const;
  const addr = await bridgeAgents(t, testSubnet(), agents);
  await a.cli(["cluster", "enable", "--address", addr[0]!, "--name", "m1"]);
  // One voter: this test is about forwarding (test/cluster/voters.test.ts promotes and demotes voters).
  await a.cli(["server", "config", "set", "cluster.max_voters=1"]);
  await a.cli(["storage", "create", "p0", "dir"]);
  t.equal(await poolStatus(a, "p0"), "Created", "a pool of a one-member cluster");
  for (const [i, x] of [b, c].entries()) {
    const token = (await a.cli(["cluster", "add", `m${i + 2}`])).stdout.trim();
    await x.stop();
    await x.restart(["--join", token, "--address", addr[i + 1]!]);
  }
  t.equal(await poolStatus(a, "p0"), "Created", "members that join later make their part of the pools on join");
  t.ok([b, c].every((x) => existsSync(join(x.dataDir, "storage-pools", "p0"))), "each in its own data dir");

  // Image files are per member (test/cluster/images.test.ts has members fetching them): import on each.
  const work = mkdtempSync(join(tmpdir(), "corral-fwd-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  for (const x of agents) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);

  // A pool created through m1 is made on every member, each in its own data dir.
  await a.cli(["storage", "create", "p1", "dir"]);
  for (const x of agents) {
    t.equal(await poolStatus(x, "p1"), "Created", "the pool is made on every member");
    t.ok(existsSync(join(x.dataDir, "storage-pools", "p1")), "with a part in each member's data dir");
  }

  // A network created through m1 is made on every member: a bridge in each member's namespace.
  await a.cli(["network", "create", "fwbr0", "ipv4.address=auto"]);
  for (const x of agents) {
    t.equal(JSON.parse((await x.cli(["network", "list", "--format", "json"])).stdout).find((n: { name: string }) => n.name === "fwbr0")?.status, "Created", "the network is made on every member");
    t.equal((await bridgeIn(x, "fwbr0")).code, 0, "its bridge exists in each member's namespace");
  }

  await t.test("create on m2 through m1 (target), list from any member", async (t) => {
    await a.cli(["launch", "busybox", "c1", "--storage", "p1", "--network", "fwbr0", "--target", "m2"]);
    t.same(await lxcNames(b), ["c1"], "the container runs on m2");
    t.same([await lxcNames(a), await lxcNames(c)], [[], []], "not on m1 nor m3");
    for (const [who, x] of all) {
      t.match(await list(x), [{ name: "c1", location: "m2", status: "Running" }], `${who} lists it on m2, running (m2's state)`);
    }
    t.match(JSON.parse((await a.cli(["show", "c1", "--format", "json"])).stdout), { name: "c1", location: "m2", status: "Running" }, "show through m1");
  });

  await t.test("exec, files and console through m1 reach m2's container", async (t) => {
    const exec = await a.cli(["exec", "c1", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], { okCodes: [3] });
    t.equal(exec.stdout, "out\n", "stdout relayed");
    t.equal(exec.stderr, "err\n", "stderr relayed");
    t.equal(exec.code, 3, "exit code relayed");
    const input = await a.cli(["exec", "c1", "--", "cat"], { input: "through m1\n" });
    t.equal(input.stdout, "through m1\n", "stdin relayed");

    const src = join(work, "payload");
    writeFileSync(src, "pushed via m1\n");
    await a.cli(["file", "push", src, "c1/root/payload"]);
    t.equal(readFileSync(join(b.dataDir, "storage-pools", "p1", "containers", "c1", "rootfs", "root", "payload"), "utf8"), "pushed via m1\n", "the file landed in m2's rootfs");
    const pulled = await a.cli(["file", "pull", "c1/root/payload", "-"]);
    t.equal(pulled.stdout, "pushed via m1\n", "and pulls back through m1");

    await a.cli(["exec", "c1", "--", "sh", "-c", "(while read -r l; do echo \"CONSOLE-ECHO:$l\"; done </dev/console >/dev/console 2>&1) >/dev/null 2>&1 &"]);
    const session = openConsole(a, "c1");
    await session.answers("via-m1", 20_000);
    t.pass("console input and output relayed both ways");
    await session.detach();
  });

  await t.test("snapshots through m1", async (t) => {
    await a.cli(["snapshot", "create", "c1", "s1"]);
    t.match((await a.cli(["snapshot", "list", "c1"])).stdout, /s1/, "created and listed through m1");
    t.ok(existsSync(join(b.dataDir, "storage-pools", "p1", ".snapshots", "containers", "c1", "s1")) || (await b.cli(["snapshot", "list", "c1"])).stdout.includes("s1"), "on m2");
    await a.cli(["snapshot", "delete", "c1", "s1"]);
    t.notMatch((await b.cli(["snapshot", "list", "c1"])).stdout, /s1/, "deleted through m1");
  });

  await t.test("config changes through m1, and a changed profile re-applied on m2", async (t) => {
    const pid = async () => JSON.parse((await a.cli(["show", "c1", "--format", "json"])).stdout).state.pid as number;
    await a.client.profiles.CreateProfile({ name: "lim", config: { "limits.memory": "96MiB" } });
    const cur = await a.client.instances.GetInstance({ name: "c1" });
    const withProfiles = (profiles: string[]) => a.client.instances.UpdateInstance({ name: "c1", config: cur.config, devices: cur.devices, profiles, profiles_set: true });
    await withProfiles(["default", "lim"]);
    t.equal(await memoryLimit(await pid()), 96 * 2 ** 20, "an update through m1 applied on m2 (cgroup limit)");
    await a.client.profiles.UpdateProfile({ name: "lim", config: { "limits.memory": "128MiB" }, devices: {} });
    t.equal(await memoryLimit(await pid()), 128 * 2 ** 20, "a profile changed through m1 is re-applied to m2's instance");
    await withProfiles(["default"]);
    await a.client.profiles.DeleteProfile({ name: "lim" });
  });

  await t.test("state changes and their operations through m1", async (t) => {
    await a.cli(["stop", "c1", "--force"]);
    t.match(await list(b), [{ name: "c1", status: "Stopped" }], "stopped on m2");
    const op = await a.client.instances.ChangeInstanceState({ name: "c1", action: "start" });
    t.match(op.id, /@m2$/, "an operation on m2 has an id naming m2");
    const done = await a.client.wait(op);
    t.equal(done.status, "SUCCESS", "it is watched through m1 to its end");
    t.equal((await a.client.operations.GetOperation({ id: op.id })).status, "SUCCESS", "and read through m1");
    t.ok((await a.client.operations.ListOperations({})).operations.some((o) => o.id === op.id), "m1 lists m2's operations");
    t.match(await list(a), [{ name: "c1", status: "Running" }], "running again");
  });

  await t.test("placement: spreading, dry run, refusals", async (t) => {
    t.equal((await a.client.cluster.PlaceInstance({ name: "c2", image: "busybox" })).member, "m1", "dry run: the emptier member");
    for (const n of ["c2", "c3", "c4"]) await b.cli(["init", "busybox", n, "--storage", "p1"]);
    t.same(await locations(a), { c1: "m2", c2: "m1", c3: "m3", c4: "m1" }, "without a target instances go to the member with fewer, then by name");
    t.equal((await b.client.cluster.PlaceInstance({ name: "c5", target: "m2" })).member, "m2", "dry run honours the target");
    await t.rejects(a.client.cluster.PlaceInstance({ name: "c5", target: "m2", config: { "limits.memory": "1000000GiB" } }),
      /target: limits\.memory asks for \d+ bytes; member "m2" has \d+ of \d+ bytes/, "a target without the memory asked for is refused");
    await t.rejects(a.client.cluster.PlaceInstance({ name: "c5", target: "nope" }), /target: cluster member "nope" does not exist \(members: m1, m2, m3\)/, "an unknown target is refused");
    await a.cli(["cluster", "groups", "m2", "g2"]);
    t.match(JSON.parse((await b.cli(["cluster", "list", "--format", "json"])).stdout), [{ name: "m1", groups: [] }, { name: "m2", groups: ["g2"] }, { name: "m3", groups: [] }], "m2 is in group g2");
    t.equal((await a.client.cluster.PlaceInstance({ name: "c5", target: "@g2" })).member, "m2", "@group targets a member of the group");
    await t.rejects(a.client.cluster.PlaceInstance({ name: "c5", target: "@nope" }), /target: no cluster member is in group "nope"/, "an empty group is refused");
    const refused = await a.cli(["init", "busybox", "c5", "--storage", "p1", "--target", "m2", "-c", "limits.memory=1000000GiB"], { okCodes: [1] });
    t.match(refused.stderr, /limits\.memory asks for/, "create refuses it too");
    t.notOk((await locations(a)).c5, "and makes nothing");
  });

  await t.test("a member never acts on another member's instance itself", async (t) => {
    const md = new grpc.Metadata();
    md.set(FORWARDED_HEADER, "m1");
    const err = await new Promise<grpc.ServiceError | null>((resolve) => b.client.raw.instances.DeleteInstance({ name: "c2", force: true }, md, (e) => resolve(e)));
    t.match(err?.details, /instance "c2" is on cluster member "m1", not on this member \("m2"\)/, "a call marked as relayed is not relayed again, and refused");
    t.equal((await locations(a)).c2, "m1", "c2 is untouched");
  });

  await t.test("six containers over three members, each reached through every member", async (t) => {
    await a.cli(["cluster", "groups", "m1", "east"]);
    await b.cli(["cluster", "groups", "m3", "north"]);
    const byMember = { m1: a, m2: b, m3: c };
    // Created through members other than their own, placed by name or by group (m2 is in g2).
    const six = [["w1", "m1", b, "m1"], ["w2", "m2", c, "m2"], ["w3", "m3", a, "m3"], ["w4", "m3", b, "@north"], ["w5", "m1", c, "@east"], ["w6", "m2", a, "@g2"]] as const;
    await Promise.all(six.map(([n, , via, target]) => via.cli(["launch", "busybox", n, "--storage", "p1", "--target", target])));
    for (const [m, x] of Object.entries(byMember)) t.same((await lxcNames(x)).filter((n) => n.startsWith("w")), six.filter((w) => w[1] === m).map((w) => w[0]), `target and @group honoured: ${m} runs its two`);
    const ours = async (x: TestAgent) => (await list(x)).filter((i) => i.name.startsWith("w")).map((i) => [i.name, i.location, i.status]);
    for (const [who, x] of all) {
      t.same(await ours(x), six.map(([n, m]) => [n, m, "Running"]), `${who} lists all six, each on its member, running`);
      await Promise.all(six.map(async ([n, m]) => {
        const src = join(work, `${n}-via-${who}`);
        writeFileSync(src, `${n} via ${who}\n`);
        await x.cli(["file", "push", src, `${n}/root/via-${who}`]);
        t.equal(readFileSync(join(byMember[m].dataDir, "storage-pools", "p1", "containers", n, "rootfs", "root", `via-${who}`), "utf8"), `${n} via ${who}\n`, `a file pushed to ${n} through ${who} lands in ${m}'s rootfs`);
        t.equal((await x.cli(["exec", n, "--", "cat", `/root/via-${who}`])).stdout, `${n} via ${who}\n`, `exec in ${n} through ${who}`);
      }));
      await Promise.all(six.map(([n]) => x.cli(["stop", n, "--force"])));
      t.same(await ours(c), six.map(([n, m]) => [n, m, "Stopped"]), `all six stopped through ${who}`);
      await Promise.all(six.map(([n]) => x.cli(["start", n])));
      t.same(await ours(b), six.map(([n, m]) => [n, m, "Running"]), `and started again through ${who}`);
    }
    await Promise.all(six.map(([n, , via]) => via.cli(["delete", n, "--force"])));
    t.same((await list(a)).filter((i) => i.name.startsWith("w")), [], "deleted through other members");
    for (const x of agents) t.same((await lxcNames(x)).filter((n) => n.startsWith("w")), [], "no container left behind");
  });

  await t.test("delete through m1", async (t) => {
    await a.cli(["delete", "c1", "--force"]);
    await a.cli(["delete", "c4"]);
    t.same(await lxcNames(b), [], "m2's containers are gone");
    t.same([await lxcNames(a), await lxcNames(c)], [["c2"], ["c3"]], "m1 and m3 keep theirs (c4 was on m1)");
    // Root disks are freed just after the delete answers.
    await eventually("c1's root disk to be freed", async () => (existsSync(join(b.dataDir, "storage-pools", "p1", "containers", "c1")) ? undefined : true), 30_000, 50);
    t.pass("with their root disk");
    for (const n of ["c2", "c3"]) await b.cli(["delete", n]);
    t.same(await list(a), [], "nothing left in the cluster");
    await b.cli(["storage", "delete", "p1"]);
    for (const x of agents) t.notOk(existsSync(join(x.dataDir, "storage-pools", "p1")), "the pool is deleted on every member");
    await a.cli(["network", "delete", "fwbr0"]);
    for (const x of agents) t.equal((await bridgeIn(x, "fwbr0")).code, 1, "the network's bridge is deleted on every member");
  });

  await t.test("a pool created while a member is down is pending until it is back", async (t) => {
    await b.stop();
    await a.cli(["storage", "create", "p2", "dir"]);
    t.equal(await poolStatus(a, "p2"), "Pending", "pending: m2 has not made its part");
    t.notOk(existsSync(join(b.dataDir, "storage-pools", "p2")), "m2 has nothing yet");
    await b.restart();
    t.equal(await poolStatus(a, "p2"), "Created", "m2 made its part when it started");
    t.ok(existsSync(join(b.dataDir, "storage-pools", "p2")), "in its data dir");
    await a.cli(["storage", "delete", "p2"]);
    await a.cli(["storage", "delete", "p0"]);
    for (const x of agents) t.same([existsSync(join(x.dataDir, "storage-pools", "p0")), existsSync(join(x.dataDir, "storage-pools", "p2"))], [false, false], "deleted on every member");
  });
});
