// Pulling an image from a simplestreams remote: Corral against Incus, the same image from the same
// tree in the same run. The tree is made by incus-simplestreams (test/fixtures/simplestreams.ts)
// and served over HTTPS (self-signed) from the agent's network namespace, on an address the host
// namespace reaches through a veth pair, where incusd runs. Prints
//   BENCH remote_pull ours=<ms> incus=<ms> ratio=<ours/incus> [target<=1.0]
// ours: `corral image copy tree:ALIAS`, incus: `incus image copy tree:ALIAS local:`, each the wall
// time of one CLI process until the image is in the daemon's store (the daemon downloads, checks
// the hashes and stores it). They alternate, the first of each pair alternating too; medians are
// reported. Deleting each sample's image is untimed.
//
// Run alone: `node --import tsx bench/remote-pull.ts [--iterations 7]` (env BENCH_PULL_N); `npm run bench -- --suites remote` runs it through
// runSuite() in bench/run.ts. Needs Incus (scripts/setup-bench.sh).
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { run } from "../agent/host/run";
import { buildBusyboxImage } from "../test/fixtures/images";
import { selfSignedCert, serveHttps, simplestreamsAdd, simplestreamsMetadata } from "../test/fixtures/simplestreams";
import { startAgent } from "../test/helpers/agent";
import { INCUS, PeerSide } from "./peer-side";
import { Cleanup } from "./provider-tofu";
import { median, timeMs } from "./stats";

const TARGET = 1.0;
/**
 * Incompressible bytes added to the busybox rootfs, so the squashfs weighs what a distribution
 * image does (images:debian/12's is ~90 MB) and the figure is about fetching an image, not about
 * starting a CLI process. --payload-mb 0 gives the bare ~1 MB busybox image.
 */
const PAYLOAD_MB = 64;
const ALIAS = "bench/pull";
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      iterations: { type: "string", default: process.env.BENCH_PULL_N ?? "7" },
      "payload-mb": { type: "string", default: process.env.BENCH_PULL_PAYLOAD_MB ?? String(PAYLOAD_MB) },
    },
  });
  if (process.getuid?.() !== 0) throw new Error("the remote pull bench starts daemons and network namespaces: run it as root");
  const n = Math.max(1, Number(values.iterations));
  const c = new Cleanup();
  try {
    if (!existsSync(INCUS.daemon)) {
      process.stdout.write(`BENCH remote_pull skipped: ${INCUS.daemon} is not installed (run scripts/setup-bench.sh)\n`);
      return;
    }

    // The tree: one split image (metadata + squashfs) with its alias.
    const work = mkdtempSync(join(tmpdir(), "corral-bench-pull-"));
    c.teardown(() => rmSync(work, { recursive: true, force: true }));
    const tree = join(work, "tree");
    mkdirSync(tree);
    mkdirSync(join(work, "image"));
    const payload = Math.max(0, Number(values["payload-mb"]));
    const img = buildBusyboxImage(join(work, "image"), {
      split: true, squashfs: true, metadata: simplestreamsMetadata("1"),
      customize: (rootfs) => writeFileSync(join(rootfs, "payload"), randomBytes(payload << 20)),
    });
    simplestreamsAdd(tree, img, [ALIAS]);
    const bytes = statSync(img.metaPath).size + statSync(img.rootfsPath!).size;

    const agent = await startAgent(c);
    // CORRAL_DEBUG=run BENCH_PULL_LOG=FILE: the agent's log (its host commands, timed) for profiling.
    const logFile = process.env.BENCH_PULL_LOG;
    if (logFile) c.teardown(() => writeFileSync(logFile, agent.logs()));
    // The agent's namespace <-> the host namespace, where incusd runs.
    const net = `10.${randomInt(200, 250)}.${randomInt(0, 255)}`;
    const [inNs, onHost] = [`vp${randomInt(1e5, 1e6)}`, `vh${randomInt(1e5, 1e6)}`];
    await run("ip", ["link", "add", onHost, "type", "veth", "peer", "name", inNs, "netns", agent.ns.name]);
    c.teardown(() => run("ip", ["link", "delete", onHost]).catch(() => undefined));
    await run("ip", ["addr", "add", `${net}.2/30`, "dev", onHost]);
    await run("ip", ["link", "set", onHost, "up"]);
    await run("ip", ["-n", agent.ns.name, "addr", "add", `${net}.1/30`, "dev", inNs]);
    await run("ip", ["-n", agent.ns.name, "link", "set", inNs, "up"]);
    const cert = selfSignedCert(work, "tree", [`${net}.1`]);
    const port = new URL(await serveHttps(c, agent.ns.name, tree, cert, undefined, "0.0.0.0")).port;
    const url = `https://${net}.1:${port}`;

    // incusd downloads with Go's TLS, which trusts what SSL_CERT_FILE holds: the tree's certificate
    // (as corrald pins it), no more.
    const incus = new PeerSide(INCUS, { pool: "unused", network: `ipull${randomBytes(3).toString("hex")}` }, "", { SSL_CERT_FILE: cert.certPath });
    const why = await incus.unavailableReason();
    if (why) throw new Error(why);
    c.teardown(() => incus.teardown());
    await incus.start();
    await incus.cli(["remote", "add", "tree", url, "--protocol", "simplestreams", "--public"]);
    await agent.cli(["remote", "add", "tree", url, "--certificate", cert.certPath]);

    const sides = {
      ours: { pull: () => agent.cli(["image", "copy", `tree:${ALIAS}`]), drop: () => agent.cli(["image", "delete", img.fingerprint]) },
      incus: { pull: () => incus.cli(["image", "copy", `tree:${ALIAS}`, "local:"]), drop: () => incus.cli(["image", "delete", img.fingerprint]) },
    };
    const samples = { ours: [] as number[], incus: [] as number[] };
    say(`remote_pull: busybox image (${(bytes / 1e6).toFixed(1)} MB), ${n} pulls each, alternating`);
    // A warm-up pull each: first-use costs (the CA bundle, the daemons' caches) are not the figure.
    for (const s of Object.values(sides)) {
      await s.pull();
      await s.drop();
    }
    for (let i = 0; i < n; i++) {
      const order = i % 2 ? (["incus", "ours"] as const) : (["ours", "incus"] as const);
      for (const who of order) {
        samples[who].push(await timeMs(sides[who].pull));
        await sides[who].drop();
      }
    }
    const ours = median(samples.ours);
    const theirs = median(samples.incus);
    const ratio = ours / theirs;
    process.stdout.write(`BENCH remote_pull ours=${ours.toFixed(1)} incus=${theirs.toFixed(1)} ratio=${ratio.toFixed(2)} target<=${TARGET}${ratio <= TARGET ? "" : " MISSED"}\n`);
  } finally {
    await c.run();
  }
}

main().catch((e) => {
  process.stderr.write(`remote pull bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
