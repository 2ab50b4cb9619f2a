// Auto-update from a `corral` remote: agent B launched an instance from A:golden (a cached image);
// A then publishes a newer image under the same alias; when images.auto_update_interval has passed
// on B's clock, B's image cache fetches the new image, its local alias moves to it, a new launch
// from A:golden gets it (from the cache, with A gone), and the existing instance keeps its image.
// Both agents run in this process (so a test clock can be handed to B) and talk over TCP + TLS on
// loopback; the containers are never started, so no network namespace is needed.
import t from "tap";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "../../agent/daemon/agent";
import { connect } from "../../agent/client";
import { run } from "../../agent/host/run";
import { identityPaths } from "../../agent/security/identity";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL } from "../helpers/agent";
import { TestClock } from "../helpers/clock";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";

const HOUR = 3600_000;

t.test("auto-update replaces a cached alias from a corral remote; instances keep their image", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "corral-auto-update-"));
  chmodSync(work, 0o711); // unprivileged containers' root must traverse to their rootfs
  const clock = new TestClock(Date.parse("2026-12-04T10:00:00Z"));
  const agents: Agent[] = [];
  t.teardown(async () => {
    for (const agent of agents) {
      await agent.stop().catch(() => {});
      const lxc = join(agent.dataDir, "lxc");
      for (const name of existsSync(lxc) ? readdirSync(lxc) : []) await run("lxc-stop", ["-k", "-n", name, "-P", lxc], { okCodes: [0, 1, 2] }).catch(() => {});
    }
    rmSync(work, { recursive: true, force: true });
  });
  const a = await Agent.start({ dataDir: join(work, "a"), listen: "127.0.0.1:0" });
  agents.push(a);
  const b = await Agent.start({ dataDir: join(work, "b"), clock });
  agents.push(b);
  const cli = async (agent: Agent, args: string[]) => (await run(CORRAL, ["--endpoint", `unix://${agent.socketPath}`, ...args], { timeoutMs: 120_000 })).stdout.trim();
  const client = connect({ endpoint: `unix://${b.socketPath}` });
  t.teardown(() => client.close());
  const root = ["--no-profiles", "-d", "root,type=disk,path=/,pool=p"];

  // A serves v1 as public image "golden"; B launches from it (a cache entry) and names it locally.
  const img = buildBusyboxImage(work);
  const v1 = await cli(a, ["image", "import", img.metaPath, "--alias", "golden"]);
  await cli(a, ["image", "update", "golden", "--public"]);
  await cli(b, ["remote", "add", "a", `https://127.0.0.1:${a.tcpPort}`, "--protocol", "corral", "--public", "--certificate", identityPaths(a.dataDir).serverCert]);
  await cli(b, ["storage", "create", "p", "dir"]);
  await cli(b, ["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p"]);
  await cli(b, ["init", "a:golden", "c1"]);
  const c1 = await client.instances.GetInstance({ name: "c1" });
  t.equal(c1.image, v1, "c1 is made from A's golden image");
  t.match(await client.images.GetImage({ ref: v1 }), { cached: true, source_remote: "a", source_alias: "golden" }, "fetched by a launch: a cache entry");
  await cli(b, ["image", "alias", "add", v1, "gold"]);

  // A publishes a newer golden image: made from an instance of v1, so its files differ (new metadata).
  await cli(a, ["storage", "create", "p", "dir"]);
  await cli(a, ["init", "golden", "src", ...root]);
  await cli(a, ["image", "alias", "delete", "golden"]);
  const v2 = await cli(a, ["publish", "src", "--alias", "golden", "--public"]);
  t.not(v2, v1, "A's golden alias now names a new image");

  await clock.advanceTo(clock.now() + 5 * HOUR);
  t.equal((await client.images.GetImage({ ref: "gold" })).fingerprint, v1, "5 h later: no update yet (images.auto_update_interval is 6 h)");

  await clock.advanceTo(clock.now() + 1 * HOUR);
  const fresh = await client.images.GetImage({ ref: "gold" });
  t.equal(fresh.fingerprint, v2, "6 h later: the local alias moved to A's new golden image");
  t.match(fresh, { source_remote: "a", source_alias: "golden", cached: true });
  t.ok(existsSync(join(b.dataDir, "images", v2)), "its files are in B's store");
  t.match(await client.images.GetImage({ ref: v1 }), { aliases: [], cached: true }, "the old image stays while c1 uses it, as a cache entry");
  t.same(await client.instances.GetInstance({ name: "c1" }), c1, "c1 is untouched");

  await a.stop();
  agents.splice(agents.indexOf(a), 1);
  // Through the API, as the provider does (the CLI asks the remote first, to show progress).
  await client.wait((await client.instances.CreateInstance({ name: "c2", image: "a:golden", start: false })) as Operation__Output);
  t.equal((await client.instances.GetInstance({ name: "c2" })).image, v2, "a new instance from a:golden gets the new image, from the cache (A is stopped)");
});
