// Two agents, each in its own network namespace, connected by a veth pair: the first enables
// clustering (the only voter: it runs etcd), the second joins with a token as a non-voter using
// the first's etcd. Bad tokens (tampered fingerprint, used twice, expired) and a standalone agent
// with instances are refused; members go offline and online with their agent; a removed
// member's certificate is no longer trusted; the last voter cannot be removed.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etcdClientUrl, memberPaths } from "../../agent/cluster/member-config";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL, CORRALD, eventually, startAgent, type TestAgent } from "../helpers/agent";
import { etcdKeys, linkAgents, testSubnet } from "../helpers/cluster";

const API_PORT = 8443;

/** A third corrald in b's namespace on a fresh data dir that tries to join with token; its failure message. */
async function joinRefusal(t: { teardown(fn: () => unknown): void }, b: TestAgent, token: string, address: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "corral-join-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const r = await run("nsenter", [`--net=/run/netns/${b.ns.name}`, "--", CORRALD, "--data-dir", dir, "--socket", join(dir, "s.sock"), "--join", token, "--address", address],
    { okCodes: [1], timeoutMs: 60_000 });
  return r.stderr;
}

function tamper(token: string, fields: Record<string, unknown>): string {
  const o = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...o, ...fields }), "utf8").toString("base64url");
}

const memberStatus = async (a: TestAgent, name: string) => JSON.parse((await a.cli(["cluster", "list", "--format", "json"])).stdout).find((m: { name: string }) => m.name === name)?.status as string | undefined;

t.test("a second agent joins with a token; membership, status and removal", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const b = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const subnet = testSubnet();
  const addr = await linkAgents(subnet, a, b);
  await a.cli(["cluster", "enable", "--address", addr.a, "--name", "m1"]);
  const token = (await a.cli(["cluster", "add", "m2"])).stdout.trim();

  // A standalone agent with an instance is refused before the token is spent.
  const work = mkdtempSync(join(tmpdir(), "corral-cj-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await b.cli(["storage", "create", "p1", "dir"]);
  await b.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await b.cli(["init", "busybox", "x1", "--storage", "p1"]);
  await b.stop();
  await t.rejects(b.restart(["--join", token, "--address", addr.b]), /this agent has 1 instance\(s\); only an agent without instances can join a cluster/, "a standalone agent with instances is refused");
  await b.restart();
  await b.cli(["delete", "x1"]);

  const wrongPin = await joinRefusal(t, b, tamper(token, { fingerprint: "ab".repeat(32), server_fingerprints: ["ab".repeat(32)] }), addr.b);
  t.match(wrongPin, /does not match the pinned/, "a token with a wrong certificate fingerprint is refused");
  // No member answers at any of the token's addresses: one refuses connections (no agent on that
  // port), one is an address of the test's subnet that no namespace holds (packets go unanswered).
  const nobody = [`${addr.a}:1`, `${subnet}.9:${API_PORT}`];
  const fp = JSON.parse(Buffer.from(token, "base64url").toString("utf8")).server_fingerprints[0];
  const none = await joinRefusal(t, b, tamper(token, { addresses: nobody, server_fingerprints: [fp, fp] }), addr.b);
  t.match(none, /joining the cluster failed \(2 of 2 member address\(es\) tried\)/, "no member answering is an error");
  t.ok(nobody.every((x) => none.includes(x)), "naming every address tried");
  const notJoin = await joinRefusal(t, b, (await a.cli(["trust", "add", "someone"])).stdout.trim(), addr.b);
  t.match(notJoin, /is not a join token/, "a trust token is not a join token");

  await b.stop();
  await b.restart(["--join", token, "--address", addr.b]);
  t.match(b.logs(), /joined the cluster/, "b joined");
  t.match(b.logs(), /cluster member: state in etcd/, "b runs on the cluster's etcd");

  const used = await joinRefusal(t, b, token, addr.b);
  t.match(used, /already used or unknown/, "a token used twice is refused");
  const shortLived = (await a.cli(["cluster", "add", "m3", "--ttl", "1"])).stdout.trim();
  await eventually("the token to expire", async () => (Date.now() > Date.parse(JSON.parse(Buffer.from(shortLived, "base64url").toString()).expires_at) ? true : undefined));
  t.match(await joinRefusal(t, b, shortLived, addr.b), /join token expired/, "an expired token is refused");
  const clash = await a.cli(["cluster", "add", "m2"], { okCodes: [1] });
  t.match(clash.stderr, /cluster member "m2" already exists/, "a token for an existing member's name is refused");

  for (const [who, x] of [["first", a], ["second", b]] as const) {
    const list = JSON.parse((await x.cli(["cluster", "list", "--format", "json"])).stdout);
    t.match(list, [
      { name: "m1", address: addr.a, roles: ["voter"], status: "online", api_address: `${addr.a}:${API_PORT}` },
      { name: "m2", address: addr.b, roles: ["member"], status: "online", architecture: /.+/ },
    ], `both members listed, online, by the ${who} agent`);
  }
  const shown = JSON.parse(JSON.stringify((await import("yaml")).parse((await a.cli(["cluster", "show", "m2"])).stdout)));
  t.ok(shown.cpus > 0 && Number(shown.memory_bytes) > 0, "the member registered its capacity");

  // b's member certificate is trusted on a's API over TCP (member-to-member calls).
  const p = memberPaths(b.dataDir);
  const aFingerprint = (await a.client.host.GetInfo({})).certificate_fingerprint;
  const asMember = (args: string[], okCodes = [0]) => run("nsenter", [`--net=/run/netns/${b.ns.name}`, "--", CORRAL, "--endpoint", `https://${addr.a}:${API_PORT}`,
    "--client-cert", p.cert, "--client-key", p.key, "--server-fingerprint", aFingerprint, ...args], { okCodes, timeoutMs: 60_000 });
  t.match((await asMember(["cluster", "list"])).stdout, /m2/, "the member certificate is trusted");
  const etcdA = etcdClientUrl(addr.a);
  t.ok((await etcdKeys(b, etcdA, "cluster/members/")).includes("cluster/members/m2"), "b reads a's etcd with its member certificate");

  await b.stop();
  await eventually("m2 offline", async () => ((await memberStatus(a, "m2")) === "offline" ? true : undefined), 60_000, 500);
  t.pass("a stopped member shows offline after the threshold");
  await b.restart();
  t.equal(await memberStatus(a, "m2"), "online", "and online again when its agent is back");

  const online = await a.cli(["cluster", "remove", "m2"], { okCodes: [1] });
  t.match(online.stderr, /"m2" is online; stop corrald on it first, or remove it with --force/, "an online member needs --force");
  await a.cli(["cluster", "remove", "m2", "--force"]);
  t.same(JSON.parse((await a.cli(["cluster", "list", "--format", "json"])).stdout).map((m: { name: string }) => m.name), ["m1"], "m2 removed");
  t.match((await asMember(["cluster", "list"], [1])).stderr, /not trusted/, "the removed member's certificate is no longer trusted by the API");
  await t.rejects(etcdKeys(b, etcdA), /user name not found|permission denied/, "nor by etcd");
  const last = await a.cli(["cluster", "remove", "m1", "--force"], { okCodes: [1] });
  t.match(last.stderr, /"m1" is the last voter/, "the last voter cannot be removed");
});
