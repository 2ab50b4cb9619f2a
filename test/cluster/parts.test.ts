// Two members (agents in their own network namespaces, real etcd, real LXC): a change to a pool or
// network through one member reaches every member's part (m2's bridge gets the new address, m2's
// spare clones follow a changed count), and is undone everywhere when a member cannot apply it;
// custom volumes live on one member and every call about them, through any member, reaches it
// (an instance attaching one is placed there; attaching it from another member is refused);
// a copy of an instance on another member is made on its source's member; an instance whose
// member is down reads from its record (status Error).
import t from "tap";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, type TestAgent } from "../helpers/agent";
import { startTwoMembers, testSubnet } from "../helpers/cluster";

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"], { okCodes: [0] })).stdout.split("\n").filter(Boolean).sort();
const bridgeAddr = async (a: TestAgent, dev: string) =>
  (JSON.parse((await run("ip", ["-n", a.ns.name, "-j", "-4", "addr", "show", "dev", dev])).stdout) as { addr_info: { local: string; prefixlen: number }[] }[])[0]?.addr_info.map((i) => `${i.local}/${i.prefixlen}`);
const locations = async (a: TestAgent) => Object.fromEntries((await a.client.instances.ListInstances({})).instances.map((i) => [i.name, i.location]));
const dirOf = (a: TestAgent, ...p: string[]) => join(a.dataDir, "storage-pools", "p1", ...p);
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

t.test("pool, network and volume calls reach every member's part", async (t) => {
  const { a, b } = await startTwoMembers(t);
  await a.cli(["storage", "create", "p1", "dir"]);
  const work = mkdtempSync(join(tmpdir(), "corral-parts-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  const [net1, net2, net3] = [testSubnet(), testSubnet(), testSubnet()];

  await t.test("a network change through m2 reaches m1's bridge; one m2 cannot apply is undone", async (t) => {
    await a.cli(["network", "create", "pnet", `ipv4.address=${net1}.1/24`]);
    for (const x of [a, b]) t.same(await bridgeAddr(x, "pnet"), [`${net1}.1/24`], "made on each member");
    await b.cli(["network", "set", "pnet", `ipv4.address=${net2}.1/24`]);
    for (const [who, x] of [["m1", a], ["m2", b]] as const) t.same(await bridgeAddr(x, "pnet"), [`${net2}.1/24`], `${who}'s bridge has the new address`);
    t.equal((await a.client.networks.GetNetwork({ name: "pnet" })).config["ipv4.address"], `${net2}.1/24`, "the record too");

    await b.stop();
    const r = await a.cli(["network", "set", "pnet", `ipv4.address=${net3}.1/24`], { okCodes: [1] });
    t.match(r.stderr, /cluster member "m2" (is offline|did not answer)/, "a member that cannot apply it fails the change, named");
    t.same(await bridgeAddr(a, "pnet"), [`${net2}.1/24`], "m1's bridge is back to the address before");
    t.equal((await a.client.networks.GetNetwork({ name: "pnet" })).config["ipv4.address"], `${net2}.1/24`, "and so is the record");
    await b.restart();
    t.same(await bridgeAddr(b, "pnet"), [`${net2}.1/24`], "m2 never had the refused change");
    await b.cli(["network", "delete", "pnet"]);
    for (const x of [a, b]) t.equal((await run("ip", ["-n", x.ns.name, "link", "show", "pnet"], { okCodes: [0, 1] })).code, 1, "deleted on every member");
  });

  await t.test("a pool change through m1 reaches m2's part", async (t) => {
    await a.cli(["launch", "busybox", "c1", "--storage", "p1", "--target", "m2"]);
    await eventually("a spare clone on m2", async () => (entries(dirOf(b, "spares")).length ? true : undefined));
    await a.cli(["storage", "set", "p1", "dir.spare_clones=0"]);
    await eventually("m2's spares to go", async () => (entries(dirOf(b, "spares")).length === 0 ? true : undefined));
    t.pass("dir.spare_clones=0 set through m1 trims m2's spare clones");
    const bad = await b.cli(["storage", "set", "p1", "dir.nope=1"], { okCodes: [1] });
    t.match(bad.stderr, /config\["dir\.nope"\]/, "a bad key is refused, naming it");
    t.equal((await b.client.pools.GetStoragePool({ name: "p1" })).config["dir.spare_clones"], "0", "the pool is unchanged");
  });

  await t.test("a volume on m2, through m1", async (t) => {
    await a.cli(["storage", "volume", "create", "p1", "v1", "--target", "m2"]);
    t.ok(existsSync(dirOf(b, "custom", "v1")), "made in m2's part of the pool");
    t.notOk(existsSync(dirOf(a, "custom", "v1")), "not in m1's");
    for (const x of [a, b]) t.match((await x.client.pools.ListVolumes({ pool: "p1" })).volumes, [{ name: "v1", location: "m2" }], "listed on m2 through either member");
    await a.client.pools.UpdateVolume({ pool: "p1", name: "v1", config: { "user.k": "v" } });
    t.equal((await b.client.pools.GetVolume({ pool: "p1", name: "v1" })).config["user.k"], "v", "updated through m1");
    await a.cli(["storage", "volume", "snapshot", "create", "p1", "v1", "s1"]);
    t.match((await a.client.pools.ListVolumeSnapshots({ pool: "p1", name: "v1" })).snapshots, [{ name: "s1" }], "snapshotted through m1");
    t.same([entries(dirOf(a, "snapshots", "custom", "v1")), entries(dirOf(b, "snapshots", "custom", "v1"))], [[], ["s1"]], "the snapshot is on m2");
    await a.client.pools.CopyVolume({ source_pool: "p1", source_name: "v1", pool: "p1", name: "v2" });
    t.ok(existsSync(dirOf(b, "custom", "v2")), "a copy through m1 is made where its source is");
    t.match(await a.client.pools.GetVolume({ pool: "p1", name: "v2" }), { location: "m2" }, "and says so");
    const withV1 = { root: { properties: { type: "disk", path: "/", pool: "p1" } }, data: { properties: { type: "disk", pool: "p1", source: "v1", path: "/mnt" } } };
    const done = await a.client.wait(await a.client.instances.CreateInstance({ name: "cv", image: "busybox", devices: withV1 }));
    t.equal(done.status, "SUCCESS", `an instance attaching v1 is created through m1 (${done.error_message})`);
    t.equal((await locations(a)).cv, "m2", "on m2, where the volume is");
    const far = await a.client.instances.CreateInstance({ name: "cw", image: "busybox", devices: withV1, target: "m1" }).catch((e: Error) => e);
    t.match(far, { message: /devices\["data"\]\.source: volume "v1" is on cluster member "m2"; an instance on "m1" cannot attach it/ }, "attaching it from another member is refused, naming the field");
    t.notOk((await locations(a)).cw, "nothing recorded");
    await a.cli(["delete", "cv"]);
    await a.cli(["storage", "volume", "snapshot", "delete", "p1", "v1", "s1"]);
    for (const v of ["v1", "v2"]) await a.cli(["storage", "volume", "delete", "p1", v]);
    t.same(entries(dirOf(b, "custom")), [], "deleted through m1 on m2");
    t.same((await a.client.pools.ListVolumes({ pool: "p1" })).volumes, [], "none listed");

    const bad = await a.cli(["storage", "volume", "create", "p1", "v3", "--target", "m9"], { okCodes: [1] });
    t.match(bad.stderr, /target: cluster member "m9" does not exist \(members: m1, m2\)/, "an unknown target is refused");
    t.same([entries(dirOf(a, "custom")), entries(dirOf(b, "custom"))], [[], []], "nothing made on any member");
    await t.rejects(a.client.pools.GetVolume({ pool: "p1", name: "v3" }), /not found/, "nor recorded");
  });

  await t.test("a copy of m2's instance through m1 is made on m2", async (t) => {
    await a.cli(["stop", "c1", "--force"]);
    await a.cli(["copy", "c1", "c1b"]);
    t.match(await locations(a), { c1: "m2", c1b: "m2" }, "the copy is on its source's member");
    t.same(await lxcNames(b), ["c1", "c1b"], "its container is on m2");
    const refused = await a.cli(["copy", "c1", "c1c", "--target", "m1"], { okCodes: [1] });
    t.match(refused.stderr, /target: a copy is made on the member of its source instance "c1" \("m2"\), not on "m1"/, "a target elsewhere is refused, naming why");
    t.notOk((await locations(a)).c1c, "nothing recorded");
    t.same(await lxcNames(a), [], "nothing made on m1");
    await b.stop();
    const seen = await a.client.instances.GetInstance({ name: "c1" });
    t.match({ status: seen.status, location: seen.location }, { status: "Error", location: "m2" }, "with m2 down, its instance reads from its record, status Error");
    await t.rejects(a.client.instances.GetInstance({ name: "nothere" }), /not found/, "an unknown instance is still not found");
    await b.restart();
    t.equal((await a.client.instances.GetInstance({ name: "c1" })).status, "Stopped", "m2 back: its own answer again");
    for (const n of ["c1", "c1b"]) await a.cli(["delete", n, "--force"]);
    await a.cli(["image", "delete", "busybox"]);
    await a.cli(["storage", "delete", "p1"]);
  });
});
