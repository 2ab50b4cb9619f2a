// The remote image cache with an injected clock: auto-update replaces an image when the remote has
// a newer one for the alias (local aliases move, an image in use stays), and implicitly cached
// images expire after images.remote_cache_expiry days unused. The remote is a tree made by
// incus-simplestreams, served over HTTPS on the test's loopback; the store and files are real.
import t from "tap";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ServerConfig } from "../../agent/config/server";
import { ImageCache } from "../../agent/images/cache";
import { ImageManager } from "../../agent/images/manager";
import { ImagePuller } from "../../agent/images/pull";
import { RemoteManager } from "../../agent/images/remotes";
import { remoteProtocols } from "../../agent/images/protocols";
import { systemClock } from "../../agent/instances/snapshot-scheduler";
import { Locks } from "../../agent/operations/locks";
import { SqliteStore } from "../../agent/state/sqlite";
import { buildBusyboxImage } from "../fixtures/images";
import { buildTestTree, selfSignedCert, serveHttps, simplestreamsAdd, simplestreamsMetadata } from "../fixtures/simplestreams";

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

t.test("auto-update and expiry of cached remote images", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-image-cache-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tree = buildTestTree(join(dir, "remote"));
  const cert = selfSignedCert(dir);
  const url = await serveHttps(t, undefined, tree.dir, cert);

  let clock = Date.parse("2026-01-01T00:00:00Z");
  const now = () => clock;
  const store = new SqliteStore(join(dir, "state.db"));
  t.teardown(() => store.close());
  const locks = new Locks();
  /** What instances use (the instance manager's answer, kept by the test). */
  const inUse = new Map<string, string[]>();
  const images = new ImageManager(store, join(dir, "data"), locks, async (fp) => inUse.get(fp) ?? [], now);
  // The agent's certificate is for corral remotes only; these remotes are simplestreams.
  const protocols = remoteProtocols({ identity: () => { throw new Error("no identity in this test"); } });
  const remotes = new RemoteManager(store, locks, protocols);
  const puller = new ImagePuller(images, remotes, locks, protocols);
  const ctx = { signal: new AbortController().signal, progress: () => {} };
  images.fetchRemote = async (remote, ref, type) => (await puller.cached(remote, ref, type)) ?? puller.pull({ remote, ref, type, cached: true }, ctx);
  const config = new ServerConfig(store, locks);
  const cache = new ImageCache(images, puller, config, (fp) => images.delete(fp, async () => {}), { ...systemClock, now });
  await remotes.add({ name: "test", url, certificate: cert.pem });

  // The image keys (other subsystems, such as the cluster, add keys of their own).
  const all = await config.all();
  t.same(
    Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith("images.") || k === "core.https_address")),
    { "core.https_address": "", "images.remote_cache_expiry": "10", "images.auto_update_interval": "6" },
    "LXD's defaults",
  );
  await t.rejects(config.update({ "images.remote_cache_expiry": "soon" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /config\["images\.remote_cache_expiry"\]: must be/ });
  await t.rejects(config.update({ "images.nope": "1" }), { message: /config\["images\.nope"\]: unknown server config key/ });
  await config.update({ "images.remote_cache_expiry": "3" });

  // A launch from test:busybox/test (cached) and an explicit copy of busybox/2/default with an alias.
  const launched = await images.resolveForInstance("test:busybox/test", "container");
  t.equal(launched.fingerprint, tree.split.fingerprint);
  t.equal(launched.cached, true);
  t.equal(launched.lastUsedAt, new Date(clock).toISOString(), "use recorded");
  inUse.set(tree.split.fingerprint, ["instance c1"]);
  const copied = await puller.pull({ remote: "test", ref: "busybox/2/default", aliases: ["bb2"] }, ctx);
  t.equal(copied.cached, undefined, "asked for by name: not a cache entry");

  await t.test("auto-update: nothing newer, then a newer image for both aliases", async (t) => {
    clock += 7 * HOUR;
    await cache.tick();
    t.same((await images.list()).map((i) => i.fingerprint).sort(), [tree.split.fingerprint, tree.unified.fingerprint].sort(), "the remote has nothing newer");

    // The remote publishes newer builds (a later creation date: a new version of each product).
    const newer = (sub: string, release: string, split: boolean) => {
      mkdirSync(join(dir, sub));
      return buildBusyboxImage(join(dir, sub), { split, squashfs: split, metadata: simplestreamsMetadata(release, 1700090000) });
    };
    const split2 = newer("split2", "1", true);
    const unified2 = newer("unified2", "2", false);
    simplestreamsAdd(tree.dir, split2, ["busybox/test"]);
    simplestreamsAdd(tree.dir, unified2);
    const resolved = async () => (await puller.resolve({ remote: "test", ref: "busybox/test" })).image.fingerprint;
    t.equal(await resolved(), tree.split.fingerprint, "a pull within CATALOGUE_CACHE_MS uses the catalogue read before");

    clock += 1 * HOUR;
    await cache.tick();
    t.ok(await images.resolve(unified2.fingerprint).then(() => false, () => true), "1 h after the last check: not due yet (interval 6 h)");

    clock += 6 * HOUR;
    await cache.tick();
    const byFp = new Map((await images.list()).map((i) => [i.fingerprint, i]));
    t.same([...byFp.keys()].sort(), [tree.split.fingerprint, split2.fingerprint, unified2.fingerprint].sort(), "new images imported; the unused old copy removed");
    t.same(byFp.get(unified2.fingerprint)!.aliases, ["bb2"], "the local alias moved to the new image");
    t.equal(byFp.get(unified2.fingerprint)!.cached, undefined, "an explicit copy stays one");
    t.equal(byFp.get(tree.split.fingerprint)!.cached, true, "the image in use stays (instances keep their image)");
    t.equal(byFp.get(split2.fingerprint)!.cached, true);
    t.equal((await images.resolveForInstance("test:busybox/test", "container")).fingerprint, split2.fingerprint, "a new launch gets the new image from the cache");
    t.equal(await resolved(), split2.fingerprint, "auto-update read the catalogue anew, and that copy is kept");
    t.same(readdirSync(join(dir, "data/images")).filter((n) => !n.startsWith(".")).sort(),
      [tree.split.fingerprint, `${tree.split.fingerprint}.rootfs`, split2.fingerprint, `${split2.fingerprint}.rootfs`, unified2.fingerprint].sort(), "files follow the records");

    await t.test("expiry: unused cached images go after images.remote_cache_expiry days", async (t) => {
      // split2 was last used just now; the old split image at the start (in use).
      clock += 2 * DAY;
      t.same(await cache.expire(), [], "2 days: nothing expires");
      clock += 2 * DAY;
      t.same(await cache.expire(), [split2.fingerprint], "4 days unused: expired");
      inUse.delete(tree.split.fingerprint);
      t.same(await cache.expire(), [tree.split.fingerprint], "the old image once no instance uses it");
      t.same((await images.list()).map((i) => i.fingerprint), [unified2.fingerprint], "an explicit copy never expires");
      await config.update({ "images.remote_cache_expiry": "0" });
      await images.markCached(unified2.fingerprint);
      clock += 1000 * DAY;
      t.same(await cache.expire(), [], "0 keeps cached images for ever");
    });
  });
});
