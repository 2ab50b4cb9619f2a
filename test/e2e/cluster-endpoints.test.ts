// OpenTofu against a two-member cluster through `endpoints = [m1, m2]` (agents in their own network
// namespaces, real etcd): the corral_cluster data source on a standalone agent and on the cluster;
// instances with `target` show their member as `location` in the plan and land there; with m1's
// agent stopped (SIGTERM) the provider fails over to m2 and plan/apply keep working; plans are
// clean, destroy leaves nothing on either member, and with both agents down the error names every
// endpoint. m2 enables the cluster and m1 joins it: only the first member runs etcd today, so the
// member whose agent is stopped must not be the one holding the cluster's state.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { linkAgents, testSubnet } from "../helpers/cluster";
import { targetedInstance, workspace } from "../helpers/tofu";

const API_PORT = 8443;

const header = (endpoints: string) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {
  endpoints = ${endpoints}
}

data "corral_cluster" "c" {}

output "cluster" {
  value = {
    enabled = data.corral_cluster.c.enabled
    member  = data.corral_cluster.c.member
    members = { for m in data.corral_cluster.c.members : m.name => { status = m.status, roles = m.roles, groups = m.groups, architecture = m.architecture, has_capacity = m.cpus > 0 && m.memory_bytes > 0 } }
  }
}
`;

interface ClusterOut {
  enabled: boolean;
  member: string;
  members: Record<string, { status: string; roles: string[]; groups: string[]; architecture: string; has_capacity: boolean }>;
}

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"])).stdout.split("\n").filter(Boolean).sort();

t.test("endpoints = [m1, m2]: corral_cluster, target and location, failover while m1's agent is down", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const b = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const endpoints = JSON.stringify([a.endpoint, b.endpoint]);
  const addr = await linkAgents(testSubnet(), a, b);

  // Standalone: enabled = false and the agent itself as the only member.
  const alone = workspace(t);
  alone.write({ "main.tf": header(JSON.stringify([b.endpoint])) });
  await alone.ok(["init", "-no-color"]);
  await alone.ok(["apply", "-auto-approve", "-no-color"]);
  const self = (await b.client.host.GetInfo({})).member;
  const standalone = await alone.output<ClusterOut>("cluster");
  t.same(standalone, { enabled: false, member: self, members: { [self]: { status: "online", roles: [], groups: [], architecture: standalone.members[self]?.architecture, has_capacity: true } } },
    "a standalone agent: not enabled, itself as the one member (its name is the location of its instances)");
  t.ok(standalone.members[self]?.architecture, "with its architecture");

  await b.cli(["cluster", "enable", "--address", addr.b, "--name", "m2"]);
  const token = (await b.cli(["cluster", "add", "m1"])).stdout.trim();
  await a.stop();
  await a.restart(["--join", token, "--address", addr.a]);
  await b.cli(["cluster", "groups", "m2", "spare"]);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-endpoints-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  for (const x of [a, b]) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await b.cli(["storage", "create", "p1", "dir"]);

  const ws = workspace(t);
  ws.write({ "main.tf": header(endpoints) + targetedInstance("one", "m1") + targetedInstance("two", "m2") });
  await ws.ok(["init", "-no-color"]);
  await ws.ok(["plan", "-no-color", "-out", "tfplan"]);
  const plan = JSON.parse((await ws.ok(["show", "-json", "tfplan"])).stdout) as { resource_changes: { name: string; change: { after: { location?: string } } }[] };
  t.same(Object.fromEntries(plan.resource_changes.map((r) => [r.name, r.change.after.location])), { one: "m1", two: "m2" }, "location is known in the plan");
  await ws.ok(["apply", "-auto-approve", "-no-color", "tfplan"]);
  t.same([await lxcNames(a), await lxcNames(b)], [["tf-one"], ["tf-two"]], "each instance on its target");
  const up = await ws.output<ClusterOut>("cluster");
  t.equal(up.enabled, true, "the cluster is enabled");
  t.equal(up.member, "m1", "the provider talks to the first endpoint");
  t.same(Object.keys(up.members), ["m1", "m2"], "both members");
  t.same([up.members.m1!.status, up.members.m2!.status], ["online", "online"]);
  t.same([up.members.m1!.roles, up.members.m2!.roles], [["member"], ["voter"]], "m2 runs etcd, m1 uses it");
  t.same([up.members.m1!.groups, up.members.m2!.groups], [[], ["spare"]], "groups");
  t.ok(up.members.m1!.has_capacity && up.members.m2!.has_capacity, "cpus and memory reported");
  const clean = await ws.tofu(["plan", "-no-color", "-detailed-exitcode"]);
  t.equal(clean.code, 0, `re-plan is clean\n${clean.stdout}`);

  // m1's instance goes, then m1's agent: the next runs must fail over to m2.
  ws.write({ "main.tf": header(endpoints) + targetedInstance("two", "m2") });
  await ws.ok(["apply", "-auto-approve", "-no-color"]);
  t.same(await lxcNames(a), [], "the instance on m1 is gone");
  await a.stop();
  ws.write({ "main.tf": header(endpoints) + targetedInstance("two", "m2") + targetedInstance("three", "@spare") });
  await ws.ok(["plan", "-no-color", "-out", "tfplan"]);
  const plan2 = JSON.parse((await ws.ok(["show", "-json", "tfplan"])).stdout) as { resource_changes: { name: string; change: { actions: string[]; after: { location?: string } } }[] };
  t.same(plan2.resource_changes.map((r) => [r.name, r.change.actions, r.change.after.location]), [["three", ["create"], "m2"], ["two", ["no-op"], "m2"]],
    "with m1's agent stopped, the plan is made through m2: only the new instance, placed in group @spare");
  await ws.ok(["apply", "-auto-approve", "-no-color", "tfplan"]);
  t.same(await lxcNames(b), ["tf-three", "tf-two"], "the apply went through m2");
  await eventually("m1 offline", async () => ((await b.client.cluster.GetMember({ name: "m1" })).status === "offline" ? true : undefined), 60_000, 500);
  await ws.ok(["apply", "-auto-approve", "-no-color", "-refresh-only"]);
  const down = await ws.output<ClusterOut>("cluster");
  t.equal(down.member, "m2", "the provider is connected to m2");
  t.same([down.members.m1!.status, down.members.m2!.status], ["offline", "online"], "and the data source shows m1 offline");
  const clean2 = await ws.tofu(["plan", "-no-color", "-detailed-exitcode"]);
  t.equal(clean2.code, 0, `re-plan through m2 is clean\n${clean2.stdout}`);

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same([await lxcNames(a), await lxcNames(b)], [[], []], "destroy leaves nothing on either member");
  t.same((await b.client.instances.ListInstances({})).instances.map((i) => i.name), [], "nor in the cluster's state");

  await b.stop();
  const none = await ws.tofu(["plan", "-no-color"]);
  t.equal(none.code, 1, "with both agents down the plan fails");
  t.match(none.stderr, /no Corral agent answered at any endpoint \(2 tried\)/, "saying no endpoint answered");
  for (const x of [a, b]) t.ok(none.stderr.replace(/\s+/g, " ").includes(x.socket), `naming ${x.socket}`);
});
