// ACLs on single NICs through the real agent and CLI, with busybox containers, in the agent's own
// network namespace: two containers on the same managed bridge; an ACL on c1's NIC that drops what
// comes from c2 stops c2 reaching c1 (bridged, port to port) while c1 still reaches its gateway;
// the ACL cannot be deleted while the NIC uses it; the rules survive an agent restart and an
// instance restart; removing the key restores. Then bad input, each naming its field.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";

interface ListEntry { name: string; status: string; ipv4_addresses: string[] }

const running = (a: TestAgent, name: string) =>
  eventually(`${name} to run with an address`, async () => {
    const e = (JSON.parse((await a.cli(["list", "--format", "json"])).stdout) as ListEntry[]).find((x) => x.name === name);
    return e?.status === "Running" && e.ipv4_addresses.length ? e.ipv4_addresses[0]! : undefined;
  }, 60_000);

const ping = async (a: TestAgent, from: string, to: string) =>
  (await a.cli(["exec", from, "--", "ping", "-c", "1", "-W", "2", to], { okCodes: [0, 1] })).code === 0;

const bridgeTable = async (a: TestAgent) => (await a.ns.exec("nft", ["list", "table", "bridge", "corral"], { okCodes: [0, 1] })).stdout;

t.test("ACLs on single NICs of a managed bridge", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-nicacl-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["storage", "create", "plain", "dir"]);
  await a.cli(["network", "create", "lan", "ipv4.address=auto", "ipv6.address=none"]);
  const gw = (await a.client.networks.GetNetwork({ name: "lan" })).config["ipv4.address"]!.split("/")[0]!;
  await a.cli(["launch", "busybox", "c1", "--network", "lan", "--storage", "plain"]);
  await a.cli(["launch", "busybox", "c2", "--network", "lan", "--storage", "plain"]);
  const ip1 = await running(a, "c1");
  const ip2 = await running(a, "c2");

  /** Sets (or, with undefined, removes) keys of an instance's eth0. */
  const setNic = async (name: string, keys: Record<string, string | undefined>) => {
    const inst = await a.client.instances.GetInstance({ name, with_state: false });
    const props = { ...inst.devices.eth0!.properties };
    for (const [k, v] of Object.entries(keys)) {
      if (v === undefined) delete props[k];
      else props[k] = v;
    }
    await a.client.instances.UpdateInstance({ name, config: inst.config, devices: { ...inst.devices, eth0: { properties: props } }, profiles: inst.profiles, description: inst.description });
  };
  const hostName = async (name: string) => (await a.client.instances.GetInstance({ name, with_state: true })).state!.network.eth0!.host_name;
  const failure = async (p: Promise<unknown>) => p.then(() => "", (e: Error) => e.message);

  t.ok(await ping(a, "c2", ip1), "before: c2 reaches c1");

  await a.cli(["network", "acl", "create", "noc2", "--description", "nothing from c2"]);
  await a.cli(["network", "acl", "rule", "add", "noc2", "ingress", "action=drop", `source=${ip2}`]);
  // The instance runs: ACL keys change live.
  await setNic("c1", { "security.acls": "noc2", "security.acls.default.ingress.action": "allow", "security.acls.default.egress.action": "allow" });
  const h1 = await hostName("c1");
  t.match(await bridgeTable(a), new RegExp(`oifname "${h1}" .*jump nic-in\\.${h1}`), "c1's port jumps to its ingress chain in the bridge table");
  t.notOk(await ping(a, "c2", ip1), "with the ACL: c2 cannot reach c1");
  t.ok(await ping(a, "c1", gw), "c1 still reaches its gateway");
  t.ok(await ping(a, "c2", gw), "c2 still reaches the gateway");

  const acl = await a.client.acls.GetNetworkACL({ name: "noc2" });
  t.same(acl.used_by, ["instance c1"], "used_by lists the instance");
  const inUse = await a.cli(["network", "acl", "delete", "noc2"], { okCodes: [1] });
  t.match(inUse.stderr, /network ACL "noc2" is in use by instance c1/, "an ACL a NIC uses cannot be deleted");

  // The agent goes down and the host loses its rules (as in a reboot): the agent's start writes them again.
  await a.stop();
  await a.ns.exec("nft", ["delete", "table", "bridge", "corral"]);
  await a.restart();
  t.match(await bridgeTable(a), `jump nic-in.${h1}`, "the agent's start wrote the rules again");
  t.notOk(await ping(a, "c2", ip1), "after an agent restart: still enforced");
  await a.cli(["restart", "c1"]);
  await running(a, "c1");
  t.notOk(await ping(a, "c2", ip1), "after an instance restart (its port made anew): still enforced");
  t.ok(await ping(a, "c1", gw), "and c1 reaches its gateway");

  // A stricter default: only the gateway may talk to c1 (stateless, so its replies need a rule too).
  await a.cli(["network", "acl", "rule", "add", "noc2", "ingress", "action=allow", `source=${gw}`]);
  await setNic("c1", { "security.acls.default.ingress.action": "drop" });
  t.ok(await ping(a, "c1", gw), "default drop: c1 still reaches the gateway its rule allows");
  t.notOk(await ping(a, "c2", ip1), "and c2 still cannot reach c1");

  await setNic("c1", { "security.acls": undefined, "security.acls.default.ingress.action": undefined, "security.acls.default.egress.action": undefined });
  t.ok(await ping(a, "c2", ip1), "without the key: c2 reaches c1 again");
  t.equal(await bridgeTable(a), "", "the bridge table is gone");
  await a.cli(["network", "acl", "delete", "noc2"]);

  t.test("bad input: a clear error naming the field, nothing changed", async (t) => {
    const before = await a.client.instances.GetInstance({ name: "c2", with_state: false });
    t.match(await failure(setNic("c2", { "security.acls": "nosuch" })), /devices\["eth0"\]\["security\.acls"\]: unknown network ACL "nosuch"/, "an unknown ACL");
    t.match(await failure(setNic("c2", { "security.acls": "bad name!" })), /devices\["eth0"\]\["security\.acls"\]: must be a comma-separated list of network ACL names/, "a malformed list");
    await a.cli(["network", "acl", "create", "spare"]);
    t.match(await failure(setNic("c2", { "security.acls": "spare", "security.acls.default.ingress.action": "maybe" })), /devices\["eth0"\]\["security\.acls\.default\.ingress\.action"\]: must be one of allow, reject, drop/, "a bad default action");
    t.match(await failure(setNic("c2", { "security.acls.default.egress.action": "drop" })), /devices\["eth0"\]\["security\.acls\.default\.egress\.action"\]: requires security\.acls/, "a default action without ACLs");
    const host = await failure(a.client.instances.CreateInstance({
      name: "c3", image: "busybox", profiles: [], profiles_set: true, config: {},
      devices: { root: { properties: { type: "disk", path: "/", pool: "plain" } }, eth0: { properties: { type: "nic", nictype: "bridged", parent: "lan", "security.acls": "spare" } } },
    }));
    t.match(host, /devices\["eth0"\]\["security\.acls"\]: applies only to NICs on a managed bridge network/, "a host NIC cannot take ACLs");
    t.same((await a.client.instances.GetInstance({ name: "c2", with_state: false })).devices, before.devices, "c2's devices unchanged");
    t.notOk((JSON.parse((await a.cli(["list", "--format", "json"])).stdout) as ListEntry[]).some((e) => e.name === "c3"), "no c3 made");
    t.equal(await bridgeTable(a), "", "no bridge table made");
    await a.cli(["network", "acl", "delete", "spare"]);
  });
});
