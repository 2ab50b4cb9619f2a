// Per-member values, as LXD's --target (two members in their own network namespaces, real etcd,
// real LXC): `storage create P dir --target m2 source=X` and `network create N --type macvlan
// --target m2 parent=I` record m2's own values and make nothing; the create without --target makes
// the pool or network on every member, each with its own values (a container on m2 uses them).
// Bad input is refused and leaves nothing: an unknown member, a key that is not per member, a
// per-member key in the final create, and a member whose own value does not work on its host
// (the create is undone on every member; the pending values stay, to be corrected, or are
// dropped by a delete).
import t from "tap";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import type { TestAgent } from "../helpers/agent";
import { startTwoMembers } from "../helpers/cluster";

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"], { okCodes: [0] })).stdout.split("\n").filter(Boolean).sort();
const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const poolNames = async (a: TestAgent) => (await a.client.pools.ListStoragePools({})).pools.map((p) => `${p.name}:${p.status}`);

t.test("per-member values for pools and networks", async (t) => {
  const { a, b } = await startTwoMembers(t);
  const work = mkdtempSync(join(tmpdir(), "corral-ovr-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const [srcA, srcB] = [join(work, "m1-pool"), join(work, "m2-pool")];
  for (const d of [srcA, srcB]) mkdirSync(d);

  await t.test("bad input leaves nothing", async (t) => {
    const unknown = await a.cli(["storage", "create", "p0", "dir", "--target", "m9", `source=${srcA}`], { okCodes: [1] });
    t.match(unknown.stderr, /target: cluster member "m9" does not exist \(members: m1, m2\)/, "an unknown member is refused");
    const shared = await a.cli(["storage", "create", "p0", "dir", "--target", "m2", "dir.spare_clones=0"], { okCodes: [1] });
    t.match(shared.stderr, /config\["dir\.spare_clones"\]: is not a per-member key; with a target only source, size, lvm\.vg_name, lvm\.thinpool_name may be given/, "a shared key is refused with a target");
    const netUnknown = await a.cli(["network", "create", "n0", "--type", "macvlan", "--target", "m9", "parent=x"], { okCodes: [1] });
    t.match(netUnknown.stderr, /target: cluster member "m9" does not exist/, "for networks too");
    // Nothing was recorded: a plain create of p0 makes both parts in their default places.
    await a.cli(["storage", "create", "p0", "dir"]);
    for (const x of [a, b]) t.ok(existsSync(join(x.dataDir, "storage-pools", "p0")), "no pending values were left behind");
    await a.cli(["storage", "delete", "p0"]);
    const exists = await a.cli(["storage", "create", "p1", "dir"]).then(() => a.cli(["storage", "create", "p1", "dir", "--target", "m2", `source=${srcB}`], { okCodes: [1] }));
    t.match(exists.stderr, /storage pool "p1" .*already exists/, "a pool that exists takes no per-member values");
    await a.cli(["storage", "delete", "p1"]);
    await a.cli(["storage", "create", "p2", "dir", "--target", "m2", `source=${srcB}`]);
    await b.cli(["storage", "delete", "p2"]);
    await a.cli(["storage", "create", "p2", "dir"]);
    t.ok(existsSync(join(b.dataDir, "storage-pools", "p2", "containers")) && entries(srcB).length === 0, "a delete drops per-member values of a pool never created");
    await a.cli(["storage", "delete", "p2"]);
  });

  await t.test("a pool with each member's own source", async (t) => {
    await a.cli(["storage", "create", "pp", "dir", "--target", "m1", `source=${srcA}`]);
    const pending = await b.cli(["storage", "create", "pp", "dir", "--target", "m2", `source=${join(work, "nope")}`]);
    t.match(pending.stdout, /pending on member m2/, "recorded");
    t.same(await poolNames(a), [], "nothing listed yet");
    t.same([entries(srcA), entries(srcB)], [[], []], "nothing made on any host");

    const inFinal = await a.cli(["storage", "create", "pp", "dir", `source=${srcA}`], { okCodes: [1] });
    t.match(inFinal.stderr, /config\["source"\]: is per member and values are pending for "pp" \(m1, m2\): give it with a target/, "a per-member key in the final create is refused");

    const failed = await a.cli(["storage", "create", "pp", "dir"], { okCodes: [1] });
    t.match(failed.stderr, /cluster member "m2" could not make its part of storage pool "pp": config\["source"\]/, "m2's own source does not exist there: the create fails naming m2 and the key");
    t.same(await poolNames(b), [], "no pool recorded");
    t.same(entries(srcA), [], "m1's part was undone");

    await b.cli(["storage", "create", "pp", "dir", "--target", "m2", `source=${srcB}`]);
    await a.cli(["storage", "create", "pp", "dir"]);
    t.same(await poolNames(b), ["pp:Created"], "created on every member");
    t.ok(entries(srcA).includes("containers") && entries(srcB).includes("containers"), "each member's part is in its own source");
    writeFileSync(join(b.dataDir, "storage-pools", "pp", "marker"), "m2");
    t.same([existsSync(join(srcA, "marker")), existsSync(join(srcB, "marker"))], [false, true], "m2's pool directory is its own source (bind-mounted), m1's is m1's");
    rmSync(join(srcB, "marker"));
  });

  await t.test("a macvlan network with each member's own parent", async (t) => {
    // Each member's parent exists only in its own namespace.
    for (const [x, dev] of [[a, "pva"], [b, "pvb"]] as const) {
      await run("ip", ["-n", x.ns.name, "link", "add", dev, "type", "veth", "peer", "name", `${dev}x`]);
      for (const d of [dev, `${dev}x`]) await run("ip", ["-n", x.ns.name, "link", "set", d, "up"]);
    }
    await a.cli(["network", "create", "mv", "--type", "macvlan", "--target", "m1", "parent=pva"]);
    await a.cli(["network", "create", "mv", "--type", "macvlan", "--target", "m2", "parent=nope0"]);
    const failed = await a.cli(["network", "create", "mv", "--type", "macvlan"], { okCodes: [1] });
    t.match(failed.stderr, /cluster member "m2" could not make its part of network "mv": config\["parent"\]: host interface "nope0" does not exist/, "m2's parent is checked on m2");
    t.same((await a.client.networks.ListNetworks({})).networks.map((n) => n.name), [], "nothing recorded");
    await a.cli(["network", "create", "mv", "--type", "macvlan", "--target", "m2", "parent=pvb"]);
    await a.cli(["network", "create", "mv", "--type", "macvlan"]);
    t.match(await b.client.networks.GetNetwork({ name: "mv" }), { status: "Created" }, "made on both members");

    const img = buildBusyboxImage(work);
    await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
    await a.cli(["launch", "busybox", "c1", "--storage", "pp", "--network", "mv", "--target", "m2"]);
    t.same(await lxcNames(b), ["c1"], "a container on m2 joins the network through m2's own parent");
    t.ok(existsSync(join(srcB, "containers", "c1")), "its root disk is in m2's own pool source");
    const eth0 = await b.cli(["exec", "c1", "--", "cat", "/sys/class/net/eth0/type"]);
    t.equal(eth0.stdout.trim(), "1", "with an ethernet interface");
    await a.cli(["delete", "c1", "--force"]);
    await a.cli(["image", "delete", "busybox"]);
    await a.cli(["network", "delete", "mv"]);
    await a.cli(["storage", "delete", "pp"]);
    t.same(await poolNames(b), [], "the pool is gone");
  });
});
