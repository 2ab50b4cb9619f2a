// `corral cluster enable` on a standalone agent with a running container and a network: the state
// moves from SQLite into the embedded etcd, the container keeps running and stays manageable, and
// after a restart (graceful or kill -9) the agent comes back on etcd.
import t from "tap";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { etcdClientUrl, memberPaths } from "../../agent/cluster/member-config";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";
import { etcdKeys, etcdPids, linkAgents, testSubnet } from "../helpers/cluster";

t.test("cluster enable moves the state into etcd; instances keep running", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-ce-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["network", "create", "cebr0"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
  await a.cli(["profile", "device", "add", "default", "eth0", "type=nic", "network=cebr0"]);
  await a.cli(["launch", "busybox", "c1"]);
  const before = await a.client.instances.GetInstance({ name: "c1", with_state: true });
  t.equal(before.status, "Running");
  const { a: address } = await linkAgents(testSubnet(), a);
  const endpoint = etcdClientUrl(address);

  const bad = await a.cli(["cluster", "enable", "--address", "192.0.2.7", "--name", "m1"], { okCodes: [1, 2] });
  t.match(bad.stderr, /address: 192\.0\.2\.7 is not an address of this host/, "an address that is not on this host is refused");
  t.notOk(existsSync(memberPaths(a.dataDir).dir), "nothing half-made");
  t.same(etcdPids(a), [], "no etcd left running");
  await a.cli(["cluster", "enable", "--address", address, "--name", "m1"]);

  const keys = await etcdKeys(a, endpoint);
  for (const k of ["instances/c1", "networks/cebr0", "pools/p1", "profiles/default", `images/${img.fingerprint}`, "aliases/busybox", "cluster/members/m1", "cluster/alive/m1"]) {
    t.ok(keys.includes(k), `${k} is in etcd`);
  }
  t.ok(existsSync(join(a.dataDir, "state.db.before-cluster")) && !existsSync(join(a.dataDir, "state.db")), "the SQLite file is retired");
  const after = await a.client.instances.GetInstance({ name: "c1", with_state: true });
  t.equal(after.status, "Running", "the container still runs");
  t.equal(after.state!.pid, before.state!.pid, "the same container process");
  t.equal((await a.cli(["exec", "c1", "--", "echo", "hi"])).stdout, "hi\n", "and is manageable");
  await a.cli(["stop", "-f", "c1"]);
  await a.cli(["start", "c1"]);
  await a.cli(["launch", "busybox", "c2"]);
  t.ok((await etcdKeys(a, endpoint, "instances/")).includes("instances/c2"), "a new instance is recorded in etcd");
  const again = await a.cli(["cluster", "enable", "--address", address], { okCodes: [1] });
  t.match(again.stderr, /already cluster member "m1"/, "enabling twice is refused");
  const list = (await a.cli(["cluster", "list", "--format", "json"])).stdout;
  t.match(JSON.parse(list), [{ name: "m1", address, roles: ["voter"], status: "online" }], "cluster list");

  await a.stop();
  t.same(etcdPids(a), [], "etcd ends with the agent (SIGTERM)");
  await a.restart();
  t.match(a.logs(), /cluster member: state in etcd/, "the restarted agent runs on etcd");
  const names = (await a.client.instances.ListInstances({})).instances.map((i) => [i.name, i.status]);
  t.same(names, [["c1", "Running"], ["c2", "Running"]], "both instances, running, after the restart");

  await a.kill9();
  t.equal(etcdPids(a).length, 1, "after kill -9 of the agent its etcd is still running");
  await a.restart();
  t.equal(etcdPids(a).length, 1, "the restarted agent replaced it (one etcd)");
  await a.cli(["stop", "-f", "c2"]);
  t.equal((await a.client.instances.GetInstance({ name: "c2" })).status, "Stopped", "manageable after the kill -9 restart");
  await a.cli(["delete", "-f", "c1"]);
  await a.cli(["delete", "c2"]);
  t.notOk((await etcdKeys(a, endpoint, "instances/")).length, "deletes reach etcd");
});
