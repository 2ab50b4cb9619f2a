// Another agent as a `corral` remote, over its gRPC API (TCP + mTLS) from another namespace:
// without trust (--public) only its public images are visible and fetchable; a trust token given
// to `remote add` enrols this agent and makes the private ones reachable too. The serving agent
// refuses every other call to a caller it does not trust. Bad input: an unreachable remote within
// the named timeout, a token used twice, a token with --public.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateClientCertificate } from "../../agent/security";
import { identityPaths } from "../../agent/security/identity";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { buildBusyboxImage } from "../fixtures/images";
import { serveSilence } from "../fixtures/simplestreams";
import { startAgent } from "../helpers/agent";
import { apiPort, linkAgents } from "../helpers/link";
import type { untrustedCalls } from "../helpers/untrusted-calls";
import { startWorker } from "./helpers/netns";

const PUBLIC_IMAGE_METHODS = ["/corral.v1.Images/ExportImage", "/corral.v1.Images/ListImages"];
const ENROL_METHODS = ["/corral.v1.Cluster/Join", "/corral.v1.Trust/Enroll"];

t.test("agent to agent through a corral remote", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", "0.0.0.0:0"] });
  const b = await startAgent(t);
  const addr = await linkAgents(a, b);
  const url = `https://${addr.a}:${apiPort(a)}`;
  const dir = mkdtempSync(join(tmpdir(), "corral-corral-remote-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "split"));
  mkdirSync(join(dir, "unified"));
  const pub = buildBusyboxImage(join(dir, "split"), { split: true, squashfs: true });
  const priv = buildBusyboxImage(join(dir, "unified"), { compression: "xz" });
  await a.cli(["image", "import", pub.metaPath, pub.rootfsPath!, "--alias", "busybox-pub"]);
  await a.cli(["image", "import", priv.metaPath, "--alias", "secret"]);
  await a.cli(["image", "update", "busybox-pub", "--public"]);
  const serverCert = identityPaths(a.dataDir).serverCert;
  const fingerprint = (await a.client.host.GetInfo({})).certificate_fingerprint;

  await t.test("an untrusted caller: public images only, every other call refused", async (t) => {
    const w = await startWorker(t, a.ns);
    const stranger = await generateClientCertificate("stranger");
    for (const [who, cert] of [["no certificate", null], ["an untrusted certificate", stranger]] as const) {
      const r = await w.call<Awaited<ReturnType<typeof untrustedCalls>>>("test/helpers/untrusted-calls", "untrustedCalls", undefined,
        `https://127.0.0.1:${apiPort(a)}`, fingerprint, cert, [pub.fingerprint, priv.fingerprint]);
      const passed = Object.entries(r.methods).filter(([, o]) => o.code !== 16 /* UNAUTHENTICATED */).map(([m]) => m).sort();
      t.same(passed, cert ? [...ENROL_METHODS, ...PUBLIC_IMAGE_METHODS].sort() : PUBLIC_IMAGE_METHODS, `${who}: only these methods get past the trust check`);
      t.ok(Object.keys(r.methods).length > 50, `${who}: every method of every service was tried (${Object.keys(r.methods).length})`);
      t.same(r.listed, [pub.fingerprint], `${who}: ListImages shows the public image only`);
      t.equal(r.exported[pub.fingerprint], readFileSync(pub.metaPath).length + readFileSync(pub.rootfsPath!).length, `${who}: the public image is streamed whole`);
      t.match(r.exported[priv.fingerprint], { code: 5 /* NOT_FOUND */, details: `image ${priv.fingerprint} not found` }, `${who}: a private image is not found`);
    }
  });

  await b.cli(["storage", "create", "p1", "dir"]);
  await b.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);

  await t.test("public remote: the public image with progress, launched; the private one is not found", async (t) => {
    await b.cli(["remote", "add", "a", url, "--protocol", "corral", "--public", "--certificate", serverCert]);
    const listed = JSON.parse((await b.cli(["remote", "list", "--format", "json"])).stdout) as { name: string; protocol: string; server_fingerprint: string; url: string }[];
    t.match(listed.find((r) => r.name === "a"), { protocol: "corral", server_fingerprint: fingerprint, url }, "pinned to A's certificate");
    const op = await b.client.remotes.PullImage({ remote: "a", ref: "busybox-pub", type: "container", aliases: ["from-a"] });
    const stages: string[] = [];
    const done = await b.client.wait(op as Operation__Output, (o) => stages.push(`${o.stage} ${o.percent}`));
    t.equal(done.status, "SUCCESS");
    const downloads = stages.filter((s) => s.startsWith("downloading image:"));
    t.ok(downloads.length >= 2, `download progress reported: ${stages.join(", ")}`);
    const percents = stages.map((s) => Number(s.split(" ").pop()));
    t.same(percents, [...percents].sort((x, y) => x - y), "percent never goes back");
    const img = await b.client.images.GetImage({ ref: "from-a" });
    t.equal(img.fingerprint, pub.fingerprint, "the same fingerprint on both agents");
    t.equal(img.source_remote, "a");
    t.same(readFileSync(join(b.dataDir, "images", `${pub.fingerprint}.rootfs`)), readFileSync(pub.rootfsPath!), "the rootfs as A has it");

    t.match((await b.cli(["image", "copy", "a:secret"], { okCodes: [1] })).stderr, /image: "secret" not found on remote "a"/, "a private alias is invisible");
    t.match((await b.cli(["image", "copy", `a:${priv.fingerprint}`], { okCodes: [1] })).stderr, /not found on remote "a"/, "so is its fingerprint");

    // Fetched by a launch, it is a cache entry like one from a simplestreams remote (expiry, auto-update).
    await b.cli(["image", "delete", "from-a"]);
    await b.cli(["launch", "a:busybox-pub", "c1"]);
    t.equal((await b.client.instances.GetInstance({ name: "c1" })).status, "Running");
    t.equal((await b.cli(["exec", "c1", "--", "echo", "from a"])).stdout, "from a\n");
    t.match(await b.client.images.GetImage({ ref: pub.fingerprint }), { cached: true, source_remote: "a", source_alias: "busybox-pub" }, "an implicitly cached image");
  });

  await t.test("trusted through a token: private images too", async (t) => {
    const token = (await a.cli(["trust", "add", "agent-b"])).stdout.trim();
    t.match((await b.cli(["remote", "add", "x", url, "--protocol", "corral", "--public", "--token", token], { okCodes: [1] })).stderr, /public: a trust token enrols this agent/);
    await b.cli(["remote", "add", "apriv", url, "--protocol", "corral", "--token", token]);
    t.equal((await b.cli(["image", "copy", "apriv:secret"])).stdout.trim(), priv.fingerprint, "the private image through the trusted remote");
    t.equal((await a.client.trust.ListTrusted({})).clients.find((c) => c.name === "agent-b")?.fingerprint, (await b.client.host.GetInfo({})).certificate_fingerprint, "A trusts B's own certificate");
    const again = await b.cli(["remote", "add", "apriv2", url, "--protocol", "corral", "--token", token], { okCodes: [1] });
    t.match(again.stderr, /enrolling with the trust token: trust token already used or unknown/, "a token works once");
    t.notOk((await b.client.remotes.ListRemotes({})).remotes.some((r) => r.name === "apriv2"), "nothing kept of a failed add");
  });

  await t.test("unreachable corral remotes: clear errors, the stuck one within CORRAL_REMOTE_CALL_TIMEOUT_MS", async (t) => {
    await b.cli(["remote", "add", "closed", `https://${addr.a}:1`, "--protocol", "corral", "--public", "--certificate", serverCert]);
    t.match((await b.cli(["image", "copy", "closed:busybox-pub"], { okCodes: [1] })).stderr, /remote "closed" \(https:\/\/[\d.]+:1\): listing images: .*ECONNREFUSED/);
    // A TCP port that accepts and never speaks TLS.
    const silent = await serveSilence(t, b.ns.name);
    await b.cli(["remote", "add", "stuck", `https://127.0.0.1:${silent}`, "--protocol", "corral", "--public", "--certificate", serverCert]);
    t.match((await b.cli(["image", "copy", "stuck:busybox-pub"], { okCodes: [1] })).stderr, /remote "stuck" \(https:\/\/127\.0\.0\.1:\d+\): listing images: no answer within 15 s \(CORRAL_REMOTE_CALL_TIMEOUT_MS\)/);
  });
});
