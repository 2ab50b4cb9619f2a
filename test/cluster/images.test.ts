// Images across two members (agents in their own network namespaces, real etcd, real LXC): an
// image imported on m1 only is launched on m2, which fetches the files from m1 (streamed over the
// member channel, progress in the create operation); the list says which members hold each image;
// an import through m2 lands on m2; files that do not hash to the fingerprint are refused and leave
// nothing; a delete through either member removes the image, its files and its unpacked copies on
// every member, and is refused while an instance on another member uses it; so does the expiry of
// a cached image (images.remote_cache_expiry), which keeps an image an instance on any member uses.
import t from "tap";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { etcdUpdate, startTwoMembers } from "../helpers/cluster";
import { eventually, type TestAgent } from "../helpers/agent";
import { etcdClientUrl } from "../../agent/cluster/member-config";

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"], { okCodes: [0] })).stdout.split("\n").filter(Boolean).sort();
const holders = async (a: TestAgent, fp: string) => (await a.client.images.ListImages({})).images.find((i) => i.fingerprint === fp)?.locations;
const imageFiles = (a: TestAgent) => (existsSync(join(a.dataDir, "images")) ? readdirSync(join(a.dataDir, "images")).filter((f) => !f.startsWith(".")) : []);
const incoming = (a: TestAgent) => (existsSync(join(a.dataDir, "images", ".incoming")) ? readdirSync(join(a.dataDir, "images", ".incoming")) : []);
const DAY_MS = 24 * 3600_000;
const unpacked = (a: TestAgent, fp: string) => existsSync(join(a.dataDir, "storage-pools", "p1", "images", fp));

t.test("an image on one member is fetched by the member that needs it", async (t) => {
  const { a, b, addr } = await startTwoMembers(t);
  await a.cli(["storage", "create", "p1", "dir"]);
  const work = mkdtempSync(join(tmpdir(), "corral-cimg-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const build = (name: string, split: boolean, payloadMiB = 0) => {
    mkdirSync(join(work, name));
    return buildBusyboxImage(join(work, name), { split, customize: (rootfs) => {
      writeFileSync(join(rootfs, "which"), name);
      if (payloadMiB) writeFileSync(join(rootfs, "payload"), randomBytes(payloadMiB << 20));
    } });
  };
  // Incompressible data, so the create's fetch outlasts the window in which an operation that ends
  // quickly is answered already done (its stages could not be watched then).
  const img1 = build("img1", true, 32);
  await a.cli(["image", "import", img1.metaPath, img1.rootfsPath!, "--alias", "img1"]);
  t.same(await holders(b, img1.fingerprint), ["m1"], "listed through m2: only m1 holds the files");

  await t.test("a create on m2 fetches the image from m1, with progress", async (t) => {
    const op = await a.client.instances.CreateInstance({ name: "c1", image: "img1", target: "m2", start: true, devices: { root: { properties: { type: "disk", path: "/", pool: "p1" } } } });
    const stages: string[] = [];
    const done = await a.client.wait(op, (o) => stages.push(o.stage));
    t.equal(done.status, "SUCCESS", `created (${done.error_message})`);
    t.ok(stages.some((s) => new RegExp(`^fetching image ${img1.fingerprint.slice(0, 12)} from member m1`).test(s)), "the create operation reports the fetch");
    t.same(await lxcNames(b), ["c1"], "the container runs on m2");
    t.same(imageFiles(b).sort(), [img1.fingerprint, `${img1.fingerprint}.rootfs`].sort(), "m2 now has both files of the split image under its fingerprint");
    t.same(incoming(b), [], "nothing left half-received");
    t.same(await holders(a, img1.fingerprint), ["m1", "m2"], "both members hold it now");
    t.equal((await b.cli(["exec", "c1", "--", "cat", "/which"])).stdout, "img1", "the container has the image's files");
  });

  await t.test("an import through m2 lands on m2", async (t) => {
    const img2 = build("img2", false);
    await b.cli(["image", "import", img2.metaPath, "--alias", "img2"]);
    t.same(await holders(a, img2.fingerprint), ["m2"], "m1 lists it on m2 only");
    t.notOk(imageFiles(a).includes(img2.fingerprint), "m1 has no copy");
    // A create on m1 fetches it back the other way, through the CLI.
    await a.cli(["launch", "img2", "c2", "--storage", "p1", "--target", "m1"]);
    t.same(await lxcNames(a), ["c2"], "the container runs on m1");
    t.same(await holders(b, img2.fingerprint), ["m1", "m2"], "and m1 holds the image now");
  });

  await t.test("files that do not hash to the fingerprint are refused and leave nothing", async (t) => {
    const img3 = build("img3", false);
    await a.cli(["image", "import", img3.metaPath, "--alias", "img3"]);
    appendFileSync(join(a.dataDir, "images", img3.fingerprint), Buffer.alloc(1024)); // m1's copy no longer matches
    const r = await b.cli(["init", "img3", "c3", "--storage", "p1", "--target", "m2"], { okCodes: [1] });
    t.match(r.stderr, /the image files fetched from cluster member "m1": fingerprint: does not match the uploaded data \(expected [0-9a-f]{64}, received [0-9a-f]{64}\)/, "the fetch is verified against the fingerprint");
    t.notOk(imageFiles(b).includes(img3.fingerprint), "m2 kept no files");
    t.same(incoming(b), [], "and no partial download");
    t.notOk(unpacked(b, img3.fingerprint), "no unpacked copy");
    t.same((await b.client.instances.ListInstances({})).instances.map((i) => i.name).sort(), ["c1", "c2"], "no instance record");
    t.same(await lxcNames(b), ["c1"], "no container");
    await a.cli(["image", "delete", "img3"]);
  });

  await t.test("an image no member has the files of is a clear error", async (t) => {
    const img4 = build("img4", false);
    await a.cli(["image", "import", img4.metaPath, "--alias", "img4"]);
    rmSync(join(a.dataDir, "images", img4.fingerprint));
    const r = await a.cli(["init", "img4", "c4", "--storage", "p1", "--target", "m2"], { okCodes: [1] });
    t.match(r.stderr, /image: [0-9a-f]{12} has no files on this member \("m2"\) nor on any other online member \(asked m1\)/, "names the members asked");
    t.same(await lxcNames(b), ["c1"], "nothing made");
    t.same(incoming(b), [], "nothing left half-received");
    await a.cli(["image", "delete", "img4"]);
  });

  await t.test("an expired cached image goes from every member, unless an instance on any member uses it", async (t) => {
    const img5 = build("img5", false);
    const fp = img5.fingerprint;
    await a.cli(["image", "import", img5.metaPath, "--alias", "img5"]);
    await a.cli(["init", "img5", "c5", "--storage", "p1", "--target", "m2"]);
    t.same(await holders(a, fp), ["m1", "m2"], "both members hold it (m2 fetched it for c5)");
    await a.cli(["server", "config", "set", "images.remote_cache_expiry=1"]);
    // What a launch from a remote leaves, last used two days ago (no API sets an age): a cache entry
    // past images.remote_cache_expiry. A cache pass runs when an agent starts.
    const age = () => etcdUpdate<Record<string, unknown>>(a, etcdClientUrl(addr.a), `images/${fp}`, (r) => ({ ...r, cached: true, lastUsedAt: new Date(Date.now() - 2 * DAY_MS).toISOString() }));
    await age();
    await b.stop();
    await b.restart();
    await eventually("m2's cache pass", async () => (new RegExp(`keeping an expired cached image: it is in use.*${fp}`).test(b.logs()) ? true : undefined), 60_000, 200);
    t.same(await holders(a, fp), ["m1", "m2"], "kept on both members while m2's instance uses it");

    await a.cli(["delete", "c5"]);
    t.ok(unpacked(b, fp), "m2 keeps its unpacked copy in the pool after c5 is deleted");
    await age();
    // This time m1's pass (m1 has no instance of it): the record, m1's files and m2's files and unpacked copy go.
    await a.stop();
    await a.restart();
    await eventually("the expired image's record to go", async () => ((await b.client.images.ListImages({})).images.some((i) => i.fingerprint === fp) ? undefined : true), 60_000, 200);
    t.match(a.logs(), new RegExp(`expired cached image.*${fp}`), "m1 expired it");
    for (const [who, x] of [["m1", a], ["m2", b]] as const) {
      t.same(imageFiles(x).filter((f) => f.startsWith(fp)), [], `its files are gone on ${who}`);
      t.notOk(unpacked(x, fp), `its unpacked copy is gone from ${who}'s pool`);
    }
    t.match((await b.cli(["image", "show", "img5"], { okCodes: [1] })).stderr, /not found/, "its alias is gone");
    await a.cli(["server", "config", "set", "images.remote_cache_expiry=10"]);
  });

  await t.test("deleting an image deletes it on every member", async (t) => {
    const refused = await a.cli(["image", "delete", "img1"], { okCodes: [1] });
    t.match(refused.stderr, /image [0-9a-f]{12}.*in use.*instance c1/i, "refused while m2's instance uses it");
    t.ok(imageFiles(a).includes(img1.fingerprint) && imageFiles(b).includes(img1.fingerprint), "both members keep it");
    t.ok(unpacked(b, img1.fingerprint), "m2 has its unpacked copy in the pool");
    await a.cli(["delete", "c1", "--force"]);
    await a.cli(["image", "delete", "img1"]);
    for (const [who, x] of [["m1", a], ["m2", b]] as const) {
      t.same(imageFiles(x).filter((f) => f.startsWith(img1.fingerprint)), [], `its files are gone on ${who}`);
      t.notOk(unpacked(x, img1.fingerprint), `its unpacked copy is gone from ${who}'s pool`);
    }
    t.notOk(await holders(b, img1.fingerprint), "it is no longer listed");
    await b.cli(["delete", "c2", "--force"]);
    await b.cli(["image", "delete", "img2"]); // through the other member
    t.same([imageFiles(a), imageFiles(b)], [[], []], "no image files left on any member");
    await a.cli(["storage", "delete", "p1"]);
  });
});
