// An agent as an image server: agent A serves its public images as a simplestreams tree over
// HTTPS (core.https_address); agent B, in another namespace joined to A's by a veth pair, adds A
// as a simplestreams remote pinned to A's CA and launches a container from a:ALIAS, then one
// from an image A published from a container's snapshot.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { identityPaths } from "../../agent/security/identity";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { linkAgents } from "../helpers/link";
import { imageServerPort } from "../fixtures/simplestreams";

t.test("agent A serves public images; agent B launches from a:ALIAS", async (t) => {
  const a = await startAgent(t);
  const b = await startAgent(t);
  const addr = await linkAgents(a, b);

  const dir = mkdtempSync(join(tmpdir(), "corral-image-server-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "split"));
  mkdirSync(join(dir, "unified"));
  const split = buildBusyboxImage(join(dir, "split"), { split: true, squashfs: true });
  const unified = buildBusyboxImage(join(dir, "unified"), { compression: "xz" });
  await a.cli(["image", "import", split.metaPath, split.rootfsPath!, "--alias", "busybox-split"]);
  await a.cli(["image", "import", unified.metaPath, "--alias", "secret"]);
  await a.cli(["image", "update", "busybox-split", "--public"]);
  t.equal((await a.client.images.GetImage({ ref: "busybox-split" })).public, true);

  const bad = await a.cli(["server", "config", "set", "core.https_address=nonsense"], { okCodes: [1] });
  t.match(bad.stderr, /config\["core\.https_address"\]: must be HOST:PORT/);
  const unbindable = await a.cli(["server", "config", "set", "core.https_address=192.0.2.1:0"], { okCodes: [1] });
  t.match(unbindable.stderr, /config\["core\.https_address"\]: cannot listen on 192\.0\.2\.1:0/);
  t.match((await a.cli(["server", "config", "show"])).stdout, /core\.https_address: ""/, "a value that cannot be applied is not kept");
  await a.cli(["server", "config", "set", `core.https_address=${addr.a}:0`]);
  const url = `https://${addr.a}:${imageServerPort(a)}`;

  // B pins A's CA (the agent's server certificate is issued by it).
  const caPath = join(dir, "a-ca.crt");
  writeFileSync(caPath, readFileSync(identityPaths(a.dataDir).caCert, "utf8"));
  await b.cli(["remote", "add", "a", url, "--certificate", caPath, "--public"]);
  await b.cli(["storage", "create", "p1", "dir"]);
  await b.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);

  await b.cli(["launch", "a:busybox-split", "c1"]);
  const c1 = await b.client.instances.GetInstance({ name: "c1" });
  t.equal(c1.status, "Running");
  t.equal(c1.image, split.fingerprint, "the same fingerprint on both agents");
  t.equal((await b.cli(["exec", "c1", "--", "echo", "served"])).stdout, "served\n");
  const img = await b.client.images.GetImage({ ref: split.fingerprint });
  t.equal(img.source_remote, "a");
  t.equal(img.source_alias, "busybox-split");

  const priv = await b.cli(["image", "copy", `a:secret`], { okCodes: [1] });
  t.match(priv.stderr, /image: "secret" not found on remote "a"/, "private images are not served");
  const byFp = await b.cli(["image", "copy", `a:${unified.fingerprint.slice(0, 12)}`], { okCodes: [1] });
  t.match(byFp.stderr, /not found on remote "a"/, "not by fingerprint either");

  await a.cli(["image", "update", "secret", "--public"]);
  t.equal((await b.cli(["image", "copy", "a:secret"])).stdout.trim(), unified.fingerprint, "a unified image once public");

  await t.test("publish: A makes a golden image of a container's snapshot, B launches it", async (t) => {
    await a.cli(["storage", "create", "p1", "dir"]);
    await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
    await a.cli(["launch", "busybox-split", "golden"]);
    await a.cli(["exec", "golden", "--", "sh", "-c", "echo configured > /root/marker"]);
    await a.cli(["snapshot", "create", "golden", "s1"]);

    const running = await a.cli(["publish", "golden", "--alias", "nope"], { okCodes: [1] });
    t.match(running.stderr, /instance "golden" is running; stop it, publish one of its snapshots \(INSTANCE\/SNAPSHOT\), or give --force/);
    t.match((await a.cli(["publish", "golden/nosuch"], { okCodes: [1] })).stderr, /snapshot: instance "golden" has no snapshot "nosuch"/);
    t.match((await a.cli(["publish", "ghost"], { okCodes: [1] })).stderr, /instance "ghost" not found/);
    t.match((await a.cli(["publish", "golden/s1", "--alias", "secret"], { okCodes: [1] })).stderr, /image alias "secret" already exists/);

    const fp = (await a.cli(["publish", "golden/s1", "--alias", "golden-image", "--public"])).stdout.trim();
    t.match(fp, /^[0-9a-f]{64}$/);
    const img = await a.client.images.GetImage({ ref: "golden-image" });
    t.equal(img.fingerprint, fp);
    t.equal(img.source_instance, "golden/s1");
    t.equal(img.public, true);
    t.equal(img.type, "container");
    t.equal(img.properties.description, "Published from instance golden/s1");
    t.equal(img.properties.os, "busybox", "properties of the original image kept");

    const forced = (await a.cli(["publish", "golden", "--force", "--alias", "golden-live"])).stdout.trim();
    t.equal((await a.client.images.GetImage({ ref: "golden-live" })).source_instance, "golden");
    t.not(forced, fp, "another image (another creation date)");
    t.equal((await a.client.instances.GetInstance({ name: "golden" })).status, "Running", "started again after a forced publish");

    await b.cli(["launch", "a:golden-image", "copy1"]);
    t.equal((await b.cli(["exec", "copy1", "--", "cat", "/root/marker"])).stdout, "configured\n", "the published state reached the other agent");
    t.equal((await b.client.instances.GetInstance({ name: "copy1" })).image, fp);
  });

  await a.cli(["server", "config", "unset", "core.https_address"]);
  // An alias B's kept catalogue does not know: B reads A's catalogue anew.
  const down = await b.cli(["image", "copy", "a:golden-live"], { okCodes: [1] });
  t.match(down.stderr, /ECONNREFUSED/, "no longer served");
});
