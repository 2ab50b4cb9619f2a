// Remote images end to end with the real corrald and corral: a simplestreams tree made by Incus's
// incus-simplestreams, served over HTTPS (self-signed, pinned) inside the agent's namespace;
// resolving aliases and fingerprints, download progress, verification, launch from REMOTE:ALIAS.
import t from "tap";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgent, type TestAgent } from "../helpers/agent";
import { buildTestTree, selfSignedCert, serveHttps, serveSilence } from "../fixtures/simplestreams";
import { gatedPull } from "./helpers/gated-pull";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";

const storeFiles = (a: TestAgent): string[] => readdirSync(join(a.dataDir, "images")).filter((n) => !n.startsWith(".")).sort();
const incoming = (a: TestAgent): string[] => (existsSync(join(a.dataDir, "images/.incoming")) ? readdirSync(join(a.dataDir, "images/.incoming")) : []);

/** The agent's error code (trailing metadata corral-error-code) of a failed call. */
async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { metadata?: { get(k: string): unknown[] }; details?: string; message: string };
    return { code: String(err.metadata?.get("corral-error-code")?.[0] ?? ""), message: err.details ?? err.message };
  }
  throw new Error("expected a failure");
}

t.test("remotes: defaults, add/list/remove, bad input", async (t) => {
  const a = await startAgent(t);
  const list = async () => JSON.parse((await a.cli(["remote", "list", "--format", "json"])).stdout) as { name: string; url: string; public: boolean }[];
  t.same((await list()).map((r) => [r.name, r.url]), [
    ["images", "https://images.linuxcontainers.org"],
    ["ubuntu", "https://cloud-images.ubuntu.com/releases"],
  ], "the two public image servers are preconfigured (and not contacted)");

  const bad = async (args: string[], re: RegExp) => {
    const r = await a.cli(["remote", "add", ...args], { okCodes: [1] });
    t.match(r.stderr, re, args.join(" "));
  };
  await bad(["plain", "http://127.0.0.1:8443"], /url: must be an https:\/\/ URL; http:\/\/ is not accepted/);
  await bad(["junk", "not a url"], /url: must be an https:\/\/ URL/);
  await bad(["ftp", "https://127.0.0.1:8443", "--protocol", "ftp"], /protocol: must be one of simplestreams, corral \(got "ftp"\)/);
  await bad(["unpinned", "https://127.0.0.1:8443", "--protocol", "corral", "--public"], /certificate: a corral remote is pinned/);
  await bad(["withpath", "https://127.0.0.1:8443/x", "--protocol", "corral"], /url: must be https:\/\/HOST:PORT of the agent's API/);
  await bad(["tokened", "https://127.0.0.1:8443", "--token", "abc"], /token: is only for corral remotes/);
  await bad(["bad name!", "https://127.0.0.1:8443"], /name/);
  const dir = mkdtempSync(join(tmpdir(), "corral-remotes-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "junk.pem"), "not a certificate\n");
  await bad(["pinned", "https://127.0.0.1:8443", "--certificate", join(dir, "junk.pem")], /certificate: must be a PEM certificate/);
  await bad(["images", "https://127.0.0.1:8443"], /remote "images" already exists/);

  await a.cli(["remote", "add", "mine", "https://127.0.0.1:8443/", "--public"]);
  t.same((await list()).find((r) => r.name === "mine"), { name: "mine", url: "https://127.0.0.1:8443", protocol: "simplestreams", public: true, certificate: "", token: "", server_fingerprint: "" }, "stored normalised");
  await a.cli(["remote", "remove", "ubuntu"]);
  const rm = await a.cli(["remote", "remove", "ubuntu"], { okCodes: [1] });
  t.match(rm.stderr, /remote "ubuntu" not found/);
  await a.stop();
  await a.restart();
  t.same((await list()).map((r) => r.name), ["images", "mine"], "kept across restarts; a removed default stays removed");

  await a.cli(["server", "config", "set", "images.remote_cache_expiry=3", "images.auto_update_interval=0"]);
  t.match((await a.cli(["server", "config", "show"])).stdout, /images\.remote_cache_expiry: "3"\nimages\.auto_update_interval: "0"/, "server config");
  await a.cli(["server", "config", "unset", "images.auto_update_interval"]);
  t.match((await a.cli(["server", "config", "show"])).stdout, /images\.auto_update_interval: "6"/, "unset restores the default");
  t.match((await a.cli(["server", "config", "set", "images.remote_cache_expiry=-1"], { okCodes: [1] })).stderr, /config\["images\.remote_cache_expiry"\]: must be/);

  const unknown = await a.cli(["image", "copy", "nosuch:busybox"], { okCodes: [1] });
  t.match(unknown.stderr, /remote: remote "nosuch" not found/, "an unknown remote");
  const local = await a.cli(["image", "copy", "busybox"], { okCodes: [1] });
  t.match(local.stderr, /source: must be REMOTE:ALIAS/);
});

t.test("simplestreams remote made by incus-simplestreams: resolve, progress, verify, launch", async (t) => {
  const a = await startAgent(t);
  const dir = mkdtempSync(join(tmpdir(), "corral-ss-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const tree = buildTestTree(dir);
  const cert = selfSignedCert(dir);
  const url = await serveHttps(t, a.ns.name, tree.dir, cert);
  await a.cli(["remote", "add", "test", url, "--public", "--certificate", cert.certPath]);

  await t.test("a self-signed server without the pin is refused", async (t) => {
    await a.cli(["remote", "add", "nopin", url]);
    const r = await a.cli(["image", "copy", "nopin:busybox/test"], { okCodes: [1] });
    t.match(r.stderr, /image server https:\/\/127\.0\.0\.1:\d+\/streams\/v1\/index\.json: .*(self-signed|SELF_SIGNED)/i);
    const other = selfSignedCert(dir, "other");
    await a.cli(["remote", "add", "wrongpin", url, "--certificate", other.certPath]);
    const w = await a.cli(["image", "copy", "wrongpin:busybox/test"], { okCodes: [1] });
    t.match(w.stderr, /image server .*: /, "a different pinned certificate is refused");
    t.same(storeFiles(a), []);
  });

  await t.test("alias of a split squashfs image: download with progress, LXD fingerprint, source recorded", async (t) => {
    const gate = join(dir, "gate");
    const gated = await serveHttps(t, a.ns.name, tree.dir, cert, gate);
    await a.cli(["remote", "add", "gated", gated, "--certificate", cert.certPath]);
    const op = await gatedPull(t, a, { remote: "gated", ref: "busybox/test", type: "container", aliases: ["bb"] }, gate);
    t.equal(op.resource, `images/${tree.split.fingerprint}`, "the operation names the image it fetches");
    const img = await a.client.images.GetImage({ ref: "bb" });
    t.equal(img.fingerprint, tree.split.fingerprint, "combined_squashfs_sha256 = sha256(metadata + squashfs), as LXD computes");
    t.equal(img.source_remote, "gated");
    t.equal(img.source_alias, "busybox/test");
    t.equal(img.cached, false, "asked for by name: not a cache entry");
    t.equal(img.type, "container");
    t.equal(img.architecture, "x86_64");
    t.equal(img.properties.os, "busybox");
    t.same(storeFiles(a), [tree.split.fingerprint, `${tree.split.fingerprint}.rootfs`]);
    t.same(readFileSync(join(a.dataDir, "images", `${tree.split.fingerprint}.rootfs`)), readFileSync(tree.split.rootfsPath!), "the squashfs as served");
    const again = await a.cli(["image", "copy", "test:busybox/1/default"]);
    t.equal(again.stdout.trim(), tree.split.fingerprint, "another alias of the same product: already in the store");
  });

  await t.test("fingerprint prefix of a combined (unified) image via the CLI", async (t) => {
    const r = await a.cli(["image", "copy", `test:${tree.unified.fingerprint.slice(0, 12)}`, "--alias", "bb2"]);
    t.equal(r.stdout.trim(), tree.unified.fingerprint);
    const img = await a.client.images.GetImage({ ref: "bb2" });
    t.equal(img.source_alias, tree.unified.fingerprint.slice(0, 12));
  });

  await t.test("the virtual-machine image of an alias (disk-kvm.img, combined_disk-kvm-img_sha256)", async (t) => {
    const r = await a.cli(["image", "copy", "test:busybox/test", "--vm", "--alias", "bbvm"]);
    t.equal(r.stdout.trim(), tree.vm.fingerprint);
    const img = await a.client.images.GetImage({ ref: "bbvm" });
    t.equal(img.type, "virtual-machine");
    t.equal(img.source_alias, "busybox/test");
    await a.cli(["image", "delete", "bbvm"]);
  });

  await t.test("a local alias already taken: refused, nothing stored", async (t) => {
    const before = storeFiles(a);
    const r = await a.cli(["image", "copy", "test:busybox/test", "--vm", "--alias", "bb2"], { okCodes: [1] });
    t.match(r.stderr, /image alias "bb2" \(points to [0-9a-f]{12}\) already exists/);
    t.same(storeFiles(a), before, "the downloaded image was not left behind");
  });

  await t.test("aliases that do not resolve", async (t) => {
    const r = await a.cli(["image", "copy", "test:debian/12"], { okCodes: [1] });
    t.match(r.stderr, /image: "debian\/12" not found on remote "test"/);
    const vm = await a.cli(["image", "copy", "test:busybox/2/default", "--vm"], { okCodes: [1] });
    t.match(vm.stderr, /it exists for container x86_64, not for virtual-machine x86_64/, "type aware");
  });

  await t.test("a tampered rootfs and a wrong hash in the index are refused, nothing stored", async (t) => {
    await a.cli(["image", "delete", "bb"]); // so that its files are fetched again
    const before = storeFiles(a);
    t.same(before, [tree.unified.fingerprint]);
    // Tampered: one byte of the squashfs changed, the index unchanged.
    const tampered = join(dir, "tampered");
    cpSync(tree.dir, tampered, { recursive: true });
    const sq = readdirSync(join(tampered, "images")).find((n) => n.endsWith(".squashfs"))!;
    const bytes = readFileSync(join(tampered, "images", sq));
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(join(tampered, "images", sq), bytes);
    // Wrong hash: the index gives another combined fingerprint for untouched files.
    const wrong = join(dir, "wrong");
    cpSync(tree.dir, wrong, { recursive: true });
    const idx = join(wrong, "streams/v1/images.json");
    writeFileSync(idx, readFileSync(idx, "utf8").replace(tree.split.fingerprint, "f".repeat(64)));
    for (const [name, root, re] of [
      ["tampered", tampered, /SHA-256 [0-9a-f]{64} does not match the index/],
      ["wrong", wrong, /the files hash to fingerprint [0-9a-f]{64}, the index gives f{64}; nothing was stored/],
    ] as const) {
      const u = await serveHttps(t, a.ns.name, root, cert);
      await a.cli(["remote", "add", name, u, "--certificate", cert.certPath]);
      const op = await a.client.remotes.PullImage({ remote: name, ref: "busybox/test" });
      t.match((await failure(a.client.wait(op as Operation__Output))).message, re, name);
    }
    t.same(storeFiles(a), before, "nothing stored");
    t.same(incoming(a), [], "no partial downloads left");
  });

  await t.test("an unreachable remote, a stuck one, one stalling mid-file: clear errors within the named timeouts", async (t) => {
    await a.cli(["remote", "add", "down", "https://127.0.0.1:1"]);
    const r = await a.cli(["image", "copy", "down:busybox/test"], { okCodes: [1] });
    t.match(r.stderr, /image server https:\/\/127\.0\.0\.1:1\/streams\/v1\/index\.json: ECONNREFUSED/);
    const port = await serveSilence(t, a.ns.name);
    await a.cli(["remote", "add", "stuck", `https://127.0.0.1:${port}`]);
    const s = await a.cli(["image", "copy", "stuck:busybox/test"], { okCodes: [1] });
    t.match(s.stderr, /image server https:\/\/127\.0\.0\.1:\d+\/streams\/v1\/index\.json: no connection within 15 s \(CONNECT_TIMEOUT_MS\)/);
    // A server that stalls in the middle of a file (its gate is never opened).
    const stalled = await serveHttps(t, a.ns.name, tree.dir, cert, join(dir, "gate-never"));
    await a.cli(["remote", "add", "stalled", stalled, "--certificate", cert.certPath]);
    const before = storeFiles(a);
    const m = await a.cli(["image", "copy", "stalled:busybox/1/default"], { okCodes: [1] });
    t.match(m.stderr, /\.squashfs: the transfer stopped \(.*\): the connection closed, or no data came for 30 s \(IDLE_TIMEOUT_MS\)/);
    t.same(storeFiles(a), before, "nothing stored");
    t.same(incoming(a), [], "no partial download left");
  });

  await t.test("a pull cancelled mid-download leaves nothing", async (t) => {
    const gate = join(dir, "gate-cancel");
    const gated = await serveHttps(t, a.ns.name, tree.dir, cert, gate);
    await a.cli(["remote", "add", "gated2", gated, "--certificate", cert.certPath]);
    const before = storeFiles(a);
    const op = await a.client.remotes.PullImage({ remote: "gated2", ref: "busybox/1/default", type: "container" });
    let cancelled = false;
    const f = await failure(a.client.wait(op as Operation__Output, (o) => {
      if (!cancelled && /^downloading image/.test(o.stage)) {
        cancelled = true;
        void a.client.operations.CancelOperation({ id: op.id });
      }
    }));
    writeFileSync(gate, ""); // let the server finish its response (the client is gone)
    t.ok(cancelled, "cancelled while downloading");
    t.match(f.message, /cancelled/);
    t.same(storeFiles(a), before, "nothing stored");
    t.same(incoming(a), [], "no partial download left");
  });

  await t.test("launch REMOTE:ALIAS fetches on first use and caches", async (t) => {
    await a.cli(["storage", "create", "p1", "dir"]);
    await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
    await a.cli(["launch", "test:busybox/test", "c1"]);
    const inst = await a.client.instances.GetInstance({ name: "c1", with_state: true });
    t.equal(inst.status, "Running");
    t.equal(inst.image, tree.split.fingerprint);
    t.equal((await a.cli(["exec", "c1", "--", "echo", "from-remote"])).stdout, "from-remote\n", "the container runs");
    const img = await a.client.images.GetImage({ ref: tree.split.fingerprint });
    t.equal(img.cached, true, "fetched by a launch: a cache entry");
    t.equal(img.source_alias, "busybox/test");
    // Through the API (as the provider does) with a remote alias not fetched yet: the agent pulls it.
    const op = await a.client.instances.CreateInstance({ name: "c2", image: "test:busybox/2/default", start: true });
    await a.client.wait(op as Operation__Output);
    t.equal((await a.client.instances.GetInstance({ name: "c2" })).image, tree.unified.fingerprint, "the unified image, already in the store");
    // The cached alias is used without contacting the remote again.
    await a.cli(["remote", "remove", "test"]);
    const op3 = await a.client.instances.CreateInstance({ name: "c3", image: "test:busybox/test", start: false });
    await a.client.wait(op3 as Operation__Output);
    t.equal((await a.client.instances.GetInstance({ name: "c3" })).image, tree.split.fingerprint, "served from the cache");
    const gone = await failure(a.client.instances.CreateInstance({ name: "c4", image: "test:busybox/other", start: false }));
    t.match(gone.message, /remote "test" not found/, "an uncached alias needs the remote");
  });
});
