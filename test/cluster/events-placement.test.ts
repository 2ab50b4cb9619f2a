// Two members (agents in their own network namespaces, real etcd, real LXC):
// - a WatchEvents stream on m1 carries m2's events too, each naming its member; it survives m2
//   stopping and starting again, and ends (UNAVAILABLE) when m1 gets SIGTERM;
// - placement weighs the free space of each member's part of the root disk's pool (m2's part is a
//   small tmpfs) and refuses a member whose part cannot hold the root disk's size, making nothing.
import t from "tap";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as grpc from "@grpc/grpc-js";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, type TestAgent } from "../helpers/agent";
import { startTwoMembers } from "../helpers/cluster";
import type { Event__Output } from "../../proto/gen/types/corral/v1/Event";

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"], { okCodes: [0] })).stdout.split("\n").filter(Boolean).sort();
const rootOn = (pool: string, size: string) => ({ root: { properties: { type: "disk", path: "/", pool, size } } });

t.test("events from every member, and placement by pool space", async (t) => {
  const { a, b } = await startTwoMembers(t);
  await a.cli(["storage", "create", "p1", "dir"]);

  await t.test("placement weighs each member's free pool space", async (t) => {
    // m2's part of p2 (created through m2, whose source is its own) is on a 64 MiB tmpfs; m1's
    // is on the data dir's filesystem.
    const mnt = mkdtempSync(join(tmpdir(), "corral-small-"));
    await run("mount", ["-t", "tmpfs", "-o", "size=64m", "corral-test", mnt]);
    t.teardown(async () => {
      await run("umount", ["-l", mnt], { okCodes: [0, 32] });
      rmSync(mnt, { recursive: true, force: true });
    });
    const small = join(mnt, "p2");
    mkdirSync(small);
    await b.cli(["storage", "create", "p2", "dir", `source=${small}`]);
    const m2Part = await b.client.pools.GetStoragePool({ name: "p2" });
    t.equal(Number(m2Part.total_bytes), 64 * 2 ** 20, "m2 reports its part's size");

    await t.rejects(a.client.cluster.PlaceInstance({ name: "x", image: "busybox", target: "m2", devices: rootOn("p2", "100MiB") }),
      /target: the root disk asks for 104857600 bytes; storage pool "p2" on member "m2" has \d+ of 67108864 bytes free/, "a target whose part cannot hold the root disk is refused");
    t.equal((await b.client.cluster.PlaceInstance({ name: "x", image: "busybox", devices: rootOn("p2", "100MiB") })).member, "m1", "without a target, the member that can hold it");
    t.equal((await a.client.cluster.PlaceInstance({ name: "x", image: "busybox", devices: rootOn("p2", "1MiB") })).member, "m2", "a disk both can hold goes to the emptier pool");
    t.equal((await a.client.cluster.PlaceInstance({ name: "x", image: "busybox", devices: rootOn("p1", "1MiB") })).member, "m1", "on a pool both parts of which share one filesystem, spreading decides (then the name)");

    const refused = await a.client.instances.CreateInstance({ name: "c9", image: "busybox", target: "m2", devices: rootOn("p2", "100MiB") }).catch((e: grpc.ServiceError) => e);
    t.match(refused, { details: /storage pool "p2" on member "m2" has \d+ of 67108864 bytes free/ }, "a create is refused the same way");
    t.same((await a.client.instances.ListInstances({})).instances, [], "no instance recorded");
    t.same(readdirSync(join(small, "containers")), [], "nothing in m2's part");
    await a.cli(["storage", "delete", "p2"]);
    t.notOk(existsSync(join(a.dataDir, "storage-pools", "p2")), "deleted on m1");
    t.same(readdirSync(small), [], "and on m2");
  });

  await t.test("WatchEvents on m1 carries every member's events", async (t) => {
    const work = mkdtempSync(join(tmpdir(), "corral-cev-"));
    t.teardown(() => rmSync(work, { recursive: true, force: true }));
    const img = buildBusyboxImage(work);
    await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);

    const seen: Event__Output[] = [];
    let ended: grpc.ServiceError | undefined;
    const stream = a.client.raw.events.WatchEvents({ types: ["lifecycle"] });
    stream.on("data", (ev: Event__Output) => seen.push(ev));
    stream.on("error", (e: grpc.ServiceError) => (ended = e));
    t.teardown(() => stream.cancel());
    const saw = (action: string, resource: string, location: string) =>
      eventually(`${action} ${resource} at ${location}`, async () => seen.find((e) => e.action === action && e.resource === resource && e.location === location));

    // The stream is open on m1 once an event of its own arrives; m2's part may take a moment more.
    await eventually("m1's stream to carry m2's events", async () => {
      await b.cli(["launch", "busybox", `e${seen.length}`, "--storage", "p1", "--target", "m2"]);
      return seen.some((e) => e.location === "m2") ? true : undefined;
    }, 60_000, 500);
    const first = seen.find((e) => e.location === "m2")!;
    t.match(first, { type: "lifecycle", action: /^instance-(created|started)$/, resource: /^instances\/e\d+$/, location: "m2" }, "an instance made on m2 is seen through m1, with its member");
    await a.cli(["launch", "busybox", "c2", "--storage", "p1", "--target", "m1"]);
    await saw("instance-created", "instances/c2", "m1");
    t.pass("m1's own events carry its member name");

    await b.stop();
    await b.restart();
    t.notOk(ended, "m2 going away does not end m1's stream");
    const onM2 = seen.find((e) => e.location === "m2")!.resource.split("/")[1]!;
    let n = 0;
    await eventually("m2's events again after it restarted", async () => {
      await b.cli(["snapshot", "create", onM2, `s${n++}`]);
      return seen.some((e) => e.action === "instance-snapshot-created" && e.location === "m2") ? true : undefined;
    }, 60_000, 500);
    t.pass("m1 asks m2 again once it is back");

    for (const name of (await a.client.instances.ListInstances({})).instances.map((i) => i.name!)) await a.cli(["delete", name, "--force"]);
    t.same([await lxcNames(a), await lxcNames(b)], [[], []], "no containers left");
    await a.stop();
    await eventually("the stream to end", async () => ended);
    t.match(ended, { code: 14, details: /corrald is stopping/ }, "SIGTERM on m1 ends its stream with UNAVAILABLE");
  });
});
