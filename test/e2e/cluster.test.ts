// OpenTofu against a two-member cluster (agents in their own network namespaces, real etcd), the
// provider pointed at member m1 only: an instance with target = m2 and one placed by the
// scheduler show their member as `location` in the plan, land there, re-plan clean and destroy
// leaves nothing on either member. A target without the memory asked for fails the plan.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent, type TestAgent } from "../helpers/agent";
import { linkAgents, testSubnet } from "../helpers/cluster";
import { workspace } from "../helpers/tofu";

const API_PORT = 8443;

const mainTf = (memory: string) => `
terraform {
  required_providers {
    corral = { source = "corral/corral", version = "0.1.0" }
  }
}
provider "corral" {}

resource "corral_instance" "on_m2" {
  name    = "tf-m2"
  image   = "busybox"
  target  = "m2"
  memory  = "${memory}"
  running = false
  root_disk {
    pool = "p1"
  }
}

resource "corral_instance" "placed" {
  name    = "tf-placed"
  image   = "busybox"
  running = false
  root_disk {
    pool = "p1"
  }
}
`;

const lxcNames = async (a: TestAgent) => (await run("lxc-ls", ["-P", join(a.dataDir, "lxc"), "-1"])).stdout.split("\n").filter(Boolean).sort();

t.test("tofu against a cluster: target, location in the plan, capacity refused at plan time", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const b = await startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] });
  const addr = await linkAgents(testSubnet(), a, b);
  await a.cli(["cluster", "enable", "--address", addr.a, "--name", "m1"]);
  const token = (await a.cli(["cluster", "add", "m2"])).stdout.trim();
  await b.stop();
  await b.restart(["--join", token, "--address", addr.b]);
  const work = mkdtempSync(join(tmpdir(), "corral-e2e-cluster-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  for (const x of [a, b]) await x.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["storage", "create", "p1", "dir"]);

  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  ws.write({ "main.tf": mainTf("1000000GiB") });
  await ws.ok(["init", "-no-color"]);
  const refused = await ws.tofu(["plan", "-no-color"]);
  t.equal(refused.code, 1, "the plan fails");
  t.match(refused.stderr, /limits\.memory asks for \d+ bytes; member "m2" has/, "a target without the memory asked for is refused at plan time");
  t.match(refused.stderr, /target/, "naming the target attribute");
  t.same(await lxcNames(b), [], "nothing made");

  ws.write({ "main.tf": mainTf("64MiB") });
  await ws.ok(["plan", "-no-color", "-out", "tfplan"]);
  const plan = JSON.parse((await ws.ok(["show", "-json", "tfplan"])).stdout) as { resource_changes: { name: string; change: { after: { location?: string } } }[] };
  const planned = Object.fromEntries(plan.resource_changes.map((r) => [r.name, r.change.after.location]));
  t.same(planned, { on_m2: "m2", placed: "m1" }, "location is known in the plan: the target, and the scheduler's choice");
  await ws.ok(["apply", "-auto-approve", "-no-color", "tfplan"]);
  t.same(await lxcNames(b), ["tf-m2"], "the targeted instance is on m2");
  t.same(await lxcNames(a), ["tf-placed"], "the placed one on m1, as planned");
  const listed = (await a.client.instances.ListInstances({})).instances.map((i) => [i.name, i.location]);
  t.same(listed, [["tf-m2", "m2"], ["tf-placed", "m1"]], "the agent agrees");
  const again = await ws.tofu(["plan", "-no-color", "-detailed-exitcode"]);
  t.equal(again.code, 0, `re-plan is clean\n${again.stdout}`);

  await ws.ok(["destroy", "-auto-approve", "-no-color"]);
  t.same([await lxcNames(a), await lxcNames(b)], [[], []], "destroy leaves nothing on either member");
  t.same((await b.client.instances.ListInstances({})).instances, [], "nor in the cluster's state");
});
