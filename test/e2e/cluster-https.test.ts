// OpenTofu against a three-member cluster over https (mTLS over TCP), as a user away from the
// cluster sees it: three agents in their own network namespaces joined by a bridge in a fourth,
// where tofu (and so the provider) runs; real etcd with three voters. One client certificate,
// enrolled once with a trust token made on a member, is trusted by every member (trust is cluster
// state); the token carries the cluster CA's fingerprint and every member presents a certificate
// from the cluster CA, so that one pin (or the cluster CA as ca_certificate) accepts every member.
// An endpoint whose certificate is not from the cluster CA is refused, naming it, and the next
// endpoint is not tried. With m1's agent stopped (SIGTERM, its etcd with it) the provider fails over
// to m2: plan (locations known), apply with targets, clean plan, destroy leaving nothing on any
// member. With every agent down (and an address that swallows packets, ended by the connect bound)
// the error names every endpoint with its reason.
import t from "tap";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENDPOINT_CONNECT_TIMEOUT_MS } from "../../agent/client";
import { memberPaths } from "../../agent/cluster/member-config";
import { run } from "../../agent/host/run";
import { certificateFingerprint, decodeToken } from "../../agent/security";
import { buildBusyboxImage } from "../fixtures/images";
import { withNetns } from "../agent/helpers/netns";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { bridgeAgents, etcdPids, testSubnet } from "../helpers/cluster";
import { targetedInstance, workspace } from "../helpers/tofu";

const API_PORT = 8443;
/** Short, so that m1 shows offline seconds after its agent stopped. */
const OFFLINE_THRESHOLD_S = 5;
/** Bound for the promotions to three voters (voter check interval, learner start and catch-up) on a loaded machine. */
const PROMOTION_WAIT_MS = 90_000;

interface PlanJson { resource_changes: { name: string; change: { actions: string[]; after: { location?: string } } }[] }
interface ClusterOut { member: string; members: Record<string, string> }

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"])).stdout.split("\n").filter(Boolean).sort();
const roles = async (a: TestAgent): Promise<Record<string, string>> =>
  Object.fromEntries((JSON.parse((await a.cli(["cluster", "list", "--format", "json"])).stdout) as { name: string; roles: string[] }[]).map((m) => [m.name, m.roles.join(",")]));

t.test("endpoints over https: one client certificate, the cluster CA pinned, a wrong certificate refused, failover while m1 is down", async (t) => {
  const agents = await Promise.all([0, 1, 2].map(() => startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] })));
  const [m1, m2, m3] = agents as [TestAgent, TestAgent, TestAgent];
  const hub = await withNetns(t, "crh");
  const subnet = testSubnet();
  const addr = await bridgeAgents(t, subnet, agents, hub);
  // The client's address on the bridge: tofu runs in the hub's namespace.
  await run("ip", ["-n", hub.name, "addr", "add", `${subnet}.254/24`, "dev", "br0"]);
  const api = (i: number) => `https://${addr[i]}:${API_PORT}`;

  await m3.cli(["cluster", "enable", "--address", addr[2]!, "--name", "m3"]);
  await m3.cli(["server", "config", "set", `cluster.offline_threshold=${OFFLINE_THRESHOLD_S}`]);
  const clusterCa = readFileSync(memberPaths(m3.dataDir).caCert, "utf8");
  const trustToken = (await m3.cli(["trust", "add", "tofu"])).stdout.trim();
  t.equal(decodeToken(trustToken).fingerprint, certificateFingerprint(clusterCa), "a trust token made on a member pins the cluster CA");

  const ws = workspace(t, {}, { netns: hub.name });
  const client = { cert: join(ws.home, "client.crt"), key: join(ws.home, "client.key") };
  const header = (endpoints: string[], tls = `trust_token = "${trustToken}"`) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {
  endpoints          = ${JSON.stringify(endpoints)}
  client_certificate = "${client.cert}"
  client_key         = "${client.key}"
  ${tls}
}

data "corral_cluster" "c" {}

output "cluster" {
  value = { member = data.corral_cluster.c.member, members = { for m in data.corral_cluster.c.members : m.name => m.status } }
}
`;

  // m1 is not a member yet: its certificate comes from its own CA, not the cluster's.
  ws.write({ "main.tf": header([api(0), api(2)]) });
  await ws.ok(["init", "-no-color"]);
  const wrong = await ws.tofu(["plan", "-no-color"]);
  t.equal(wrong.code, 1, "an endpoint presenting a certificate not from the cluster CA fails the plan");
  const wrongText = wrong.stderr.replace(/\s+/g, " ");
  t.comment(wrongText);
  t.match(wrongText, "The Corral agent's server certificate is refused", "with a clear summary");
  t.match(wrongText, `${api(0)}: server certificate rejected: fingerprint ${certificateFingerprint(readFileSync(join(m1.dataDir, "security", "server.crt"), "utf8"))} does not match the pinned ${certificateFingerprint(clusterCa)}`,
    "naming the endpoint, its certificate and the pin");
  t.match(wrongText, "not trying the next endpoints", "and the next endpoint (a good member) is not used instead");
  t.ok(existsSync(client.cert) && existsSync(client.key), "the client certificate was made and enrolled with the token first");

  for (const [x, name] of [[m1, "m1"], [m2, "m2"]] as const) {
    const token = (await m3.cli(["cluster", "add", name])).stdout.trim();
    await x.stop();
    await x.restart(["--join", token, "--address", addr[agents.indexOf(x)]!]);
  }
  await eventually("three voters", async () => {
    const r = await roles(m3);
    return r.m1 === "voter" && r.m2 === "voter" && r.m3 === "voter" ? true : undefined;
  }, PROMOTION_WAIT_MS, 500);
  t.same(decodeToken((await m3.cli(["trust", "add", "later"])).stdout.trim()).addresses.slice(-2), [`${addr[0]}:${API_PORT}`, `${addr[1]}:${API_PORT}`],
    "a trust token made on a member lists the other members too: enrolling does not depend on the issuer being up");
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-https-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  for (const x of agents) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await m3.cli(["storage", "create", "p1", "dir"]);

  const all = [api(0), api(1), api(2)];
  ws.write({ "main.tf": header(all) + targetedInstance("one", "m1") + targetedInstance("two", "m2") + targetedInstance("three", "m3") });
  await ws.ok(["plan", "-no-color", "-out", "tfplan"]);
  const plan = JSON.parse((await ws.ok(["show", "-json", "tfplan"])).stdout) as PlanJson;
  t.same(Object.fromEntries(plan.resource_changes.map((r) => [r.name, r.change.after.location])), { one: "m1", two: "m2", three: "m3" }, "location is known in the plan");
  await ws.ok(["apply", "-auto-approve", "-no-color", "tfplan"]);
  t.same([await lxcNames(m1), await lxcNames(m2), await lxcNames(m3)], [["tf-one"], ["tf-two"], ["tf-three"]], "each instance on its target");
  const up = await ws.output<ClusterOut>("cluster");
  t.equal(up.member, "m1", "the provider talks to the first endpoint, m1, over https with the cluster CA pinned");
  t.same(up.members, { m1: "online", m2: "online", m3: "online" });
  const clean = await ws.tofu(["plan", "-no-color", "-detailed-exitcode"]);
  t.equal(clean.code, 0, `re-plan is clean\n${clean.stdout}${clean.stderr}`);

  // The cluster CA as ca_certificate (chain and address checked) accepts a member that joined.
  const byCa = workspace(t, {}, { netns: hub.name });
  byCa.write({ "main.tf": header([api(1)], `ca_certificate = ${JSON.stringify(clusterCa)}`) });
  await byCa.ok(["init", "-no-color"]);
  await byCa.ok(["apply", "-auto-approve", "-no-color"]);
  t.equal((await byCa.output<ClusterOut>("cluster")).member, "m2", "ca_certificate set to the cluster CA verifies m2, with the same client certificate");

  // m1's instance goes, then m1's agent (and its etcd): the next runs must fail over to m2.
  ws.write({ "main.tf": header(all) + targetedInstance("two", "m2") + targetedInstance("three", "m3") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await lxcNames(m1), [], "the instance on m1 is gone");
  await m1.stop();
  t.same(etcdPids(m1), [], "m1's agent and its etcd are down (two voters of three remain)");
  ws.write({ "main.tf": header(all) + targetedInstance("two", "m2") + targetedInstance("three", "m3") + targetedInstance("four", "m2") + targetedInstance("five", "m3") });
  await ws.ok(["plan", "-no-color", "-out", "tfplan"]);
  const plan2 = JSON.parse((await ws.ok(["show", "-json", "tfplan"])).stdout) as PlanJson;
  t.same(plan2.resource_changes.map((r) => [r.name, r.change.actions, r.change.after.location]).sort(),
    [["five", ["create"], "m3"], ["four", ["create"], "m2"], ["three", ["no-op"], "m3"], ["two", ["no-op"], "m2"]],
    "with m1's agent stopped, the plan is made through m2: the new instances with their locations, nothing else");
  await ws.ok(["apply", "-auto-approve", "-no-color", "tfplan"]);
  t.same([await lxcNames(m2), await lxcNames(m3)], [["tf-four", "tf-two"], ["tf-five", "tf-three"]], "the apply went through m2, each instance on its target");
  await eventually("m1 offline", async () => ((await m2.client.cluster.GetMember({ name: "m1" })).status === "offline" ? true : undefined), 60_000, 500);
  await ws.ok(["apply", "-auto-approve", "-no-color", "-refresh-only"]);
  const down = await ws.output<ClusterOut>("cluster");
  t.equal(down.member, "m2", "the provider is connected to m2");
  t.same(down.members, { m1: "offline", m2: "online", m3: "online" }, "and the data source shows m1 offline");
  const clean2 = await ws.tofu(["plan", "-no-color", "-detailed-exitcode"]);
  t.equal(clean2.code, 0, `re-plan through m2 is clean\n${clean2.stdout}${clean2.stderr}`);

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same([await lxcNames(m1), await lxcNames(m2), await lxcNames(m3)], [[], [], []], "destroy leaves nothing on any member");
  t.same((await m2.client.instances.ListInstances({})).instances.map((i) => i.name), [], "nor in the cluster's state");

  // Nobody answers: the agents are down, and the last address swallows packets (a fixed neighbour
  // entry with no host behind it: no refusal, no unreachable, only the connect bound ends the wait).
  await m2.stop();
  await m3.stop();
  await run("ip", ["-n", hub.name, "neigh", "add", `${subnet}.200`, "lladdr", "02:00:00:00:00:c8", "dev", "br0", "nud", "permanent"]);
  const nowhere = `https://${subnet}.200:${API_PORT}`;
  ws.write({ "main.tf": header([...all, nowhere]) });
  const none = await ws.tofu(["plan", "-no-color"]);
  t.equal(none.code, 1, "with no endpoint answering the plan fails (and ends)");
  const noneText = none.stderr.replace(/\s+/g, " ");
  t.comment(noneText);
  t.match(noneText, /no Corral agent answered at any endpoint \(4 tried\)/, "saying no endpoint answered");
  for (const e of all) t.match(noneText, `${e}: No connection established. Last error: Error: connect ECONNREFUSED`, `naming ${e}: refused`);
  t.match(noneText, `${nowhere}: not connected within ${ENDPOINT_CONNECT_TIMEOUT_MS} ms`, `naming ${nowhere}: the connect bound ended the wait`);
});
