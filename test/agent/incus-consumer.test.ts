// An independent consumer: the Incus client (incus-client from bookworm-backports) adds a Corral
// agent's image server as a simplestreams remote, lists its public images and exports one,
// reading the tree and files Corral serves.
import t from "tap";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { identityPaths } from "../../agent/security/identity";
import { buildBusyboxImage, sha256Files } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { imageServerPort } from "../fixtures/simplestreams";

t.test("incus image list corral: shows the agent's public images", async (t) => {
  const a = await startAgent(t);
  const dir = mkdtempSync(join(tmpdir(), "corral-incus-consumer-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "img"));
  const img = buildBusyboxImage(join(dir, "img"), { split: true, squashfs: true });
  await a.cli(["image", "import", img.metaPath, img.rootfsPath!, "--alias", "busybox-pub"]);
  await a.cli(["image", "update", "busybox-pub", "--public"]);
  await a.cli(["server", "config", "set", "core.https_address=127.0.0.1:0"]);

  // The Incus client's own config dir, with the agent's certificate as the remote's pinned one.
  const conf = join(dir, "incus");
  mkdirSync(join(conf, "servercerts"), { recursive: true });
  writeFileSync(join(conf, "servercerts", "corral.crt"), readFileSync(identityPaths(a.dataDir).serverCert, "utf8"));
  writeFileSync(join(conf, "config.yml"), [
    "default-remote: corral",
    "remotes:",
    "  corral:",
    `    addr: https://127.0.0.1:${imageServerPort(a)}`,
    "    protocol: simplestreams",
    "    public: true",
    "",
  ].join("\n"));
  const incus = (args: string[]) => run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", "incus", ...args], { env: { ...process.env, INCUS_CONF: conf, HOME: dir }, timeoutMs: 60_000 });
  const list = await incus(["image", "list", "corral:", "--format", "json"]);
  const images = JSON.parse(list.stdout) as { fingerprint: string; aliases: { name: string }[]; architecture: string; type: string; size: number }[];
  t.equal(images.length, 1, list.stdout);
  t.equal(images[0]!.fingerprint, img.fingerprint, "Incus computes the same fingerprint");
  t.same(images[0]!.aliases.map((x) => x.name).sort(), ["busybox-pub", "busybox-pub/amd64"], "its alias (and the architecture-qualified one Incus adds)");
  t.equal(images[0]!.architecture, "x86_64");
  t.equal(images[0]!.type, "container");
  const info = await incus(["image", "info", "corral:busybox-pub"]);
  t.match(info.stdout, new RegExp(`Fingerprint: ${img.fingerprint}`));
  // Incus downloads the files itself (no daemon for a simplestreams remote) and checks their hashes.
  const out = join(dir, "export");
  mkdirSync(out);
  await incus(["image", "export", "corral:busybox-pub", join(out, "busybox")]);
  t.same(readdirSync(out).sort(), ["busybox", "busybox.root"], "metadata and rootfs exported");
  t.equal(sha256Files(join(out, "busybox"), join(out, "busybox.root")), img.fingerprint, "the files Incus fetched hash to the fingerprint");
});
