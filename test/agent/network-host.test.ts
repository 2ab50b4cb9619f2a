// Instances on the LAN, through the real agent and CLI, in network namespaces only: a "LAN"
// namespace with a bridge and its own dnsmasq, wired by veth pairs into the agent's namespace.
// There the veth ends are a macvlan network's parent, a port of a host bridge the test made
// (nictype=bridged), and an interface lent to a container (nictype=physical). Then the refusals:
// bad parents, a physical NIC taken twice, and the VLAN features this kernel lacks, each naming
// its field and leaving nothing behind.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { withLan } from "./helpers/lan";
import { randomSuffix, type Netns } from "./helpers/netns";

interface ListEntry { name: string; status: string; ipv4_addresses: string[] }
interface LinkJson { ifname: string; mtu: number; ifalias?: string; master?: string; flags: string[]; operstate: string; address: string; linkinfo?: { info_kind?: string } }

const list = async (a: TestAgent): Promise<ListEntry[]> => JSON.parse((await a.cli(["list", "--format", "json"])).stdout);
const links = (ns: Netns) => ns.ipJson<LinkJson>(["-d", "link", "show"]);
const linkNames = async (ns: Netns) => (await links(ns)).map((l) => l.ifname).sort();

/** `ip -d -j link show dev` inside a running instance's network namespace (busybox ip has no JSON). */
async function linkInside(a: TestAgent, name: string, dev: string): Promise<LinkJson | undefined> {
  const pid = (await a.client.instances.GetInstance({ name, with_state: true })).state!.pid;
  const out = (await run("nsenter", [`--net=/proc/${pid}/ns/net`, "--", "ip", "-d", "-j", "link", "show", "dev", dev])).stdout;
  return (JSON.parse(out) as LinkJson[])[0];
}

/** Waits for a running instance with an IPv4 address and returns that address. */
async function addressOf(a: TestAgent, name: string): Promise<string> {
  const e = await eventually(`${name} to get an address from the LAN's DHCP`, async () => {
    const x = (await list(a)).find((i) => i.name === name);
    return x?.status === "Running" && x.ipv4_addresses.length ? x : undefined;
  }, 60_000);
  return e.ipv4_addresses[0]!;
}

/** A CLI call that must fail: resolves with its stderr. */
async function fails(a: TestAgent, args: string[]): Promise<string> {
  const r = await a.cli(args, { okCodes: [1] });
  return r.stderr;
}

t.test("macvlan, host bridge and physical NICs on a LAN with its own DHCP", async (t) => {
  const a = await startAgent(t);
  const lan = await withLan(t);
  const work = mkdtempSync(join(tmpdir(), "corral-lan-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  const inLan = lan.leased;
  const cable = (agentEnd: string) => lan.cable(a.ns, agentEnd);

  // Three cables from the LAN into the agent's namespace.
  const sfx = randomSuffix(2);
  const up0 = `up0${sfx}`, up1 = `up1${sfx}`, phy0 = `phy${sfx}`;
  for (const c of [up0, up1, phy0]) await cable(c);
  // A host bridge Corral does not manage, with the second cable as its port.
  const hbr = `hbr${sfx}`;
  await a.ns.exec("ip", ["link", "add", hbr, "type", "bridge"]);
  await a.ns.exec("ip", ["link", "set", up1, "master", hbr]);
  await a.ns.exec("ip", ["link", "set", hbr, "up"]);

  await a.cli(["storage", "create", "plain", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  const before = await linkNames(a.ns);

  t.test("macvlan: addresses from the LAN's DHCP, reachable from the LAN and from each other", async (t) => {
    await a.cli(["network", "create", "lan", "--type", "macvlan", `parent=${up0}`, "mtu=1400"]);
    const net = await a.client.networks.GetNetwork({ name: "lan" });
    t.same([net.type, net.config], ["macvlan", { parent: up0, mtu: "1400" }], "stored as given");
    t.same(await linkNames(a.ns), before, "a macvlan network makes nothing on the host by itself");
    await a.cli(["launch", "busybox", "m1", "--storage", "plain", "--network", "lan"]);
    await a.cli(["launch", "busybox", "m2", "--storage", "plain", "--network", "lan"]);
    const ip1 = await addressOf(a, "m1");
    const ip2 = await addressOf(a, "m2");
    t.ok(inLan(ip1) && inLan(ip2) && ip1 !== ip2, `both leased by the LAN's dnsmasq (${ip1}, ${ip2})`);
    await lan.ping(ip1);
    await lan.ping(ip2);
    t.pass("the LAN reaches both");
    await a.cli(["exec", "m1", "--", "ping", "-c", "1", "-W", "5", ip2]);
    await a.cli(["exec", "m2", "--", "ping", "-c", "1", "-W", "5", ip1]);
    t.pass("the two containers reach each other (macvlan bridge mode)");
    const st = await a.client.instances.GetInstance({ name: "m1", with_state: true });
    const hostName = st.state!.network.eth0!.host_name;
    const eth0 = await linkInside(a, "m1", "eth0");
    t.same([eth0?.linkinfo?.info_kind, eth0?.mtu], ["macvlan", 1400], "eth0 inside is a macvlan with the network's MTU");
    // The same wiring without a network: a host NIC of nictype macvlan on the same parent.
    await a.cli(["launch", "busybox", "m3", "--storage", "plain", "--device", `eth0,type=nic,nictype=macvlan,parent=${up0}`]);
    const ip3 = await addressOf(a, "m3");
    t.ok(inLan(ip3), `a nictype=macvlan NIC gets a LAN address too (${ip3})`);
    await a.cli(["exec", "m3", "--", "ping", "-c", "1", "-W", "5", ip1]);
    await a.cli(["delete", "-f", "m3"]);
    await a.cli(["stop", "m1"]);
    // LXC hands the macvlan back to the host at the stop; the agent deletes it just after answering.
    await eventually(`${hostName} to be deleted after the stop`, async () => (await linkNames(a.ns)).includes(hostName) ? undefined : true, 10_000, 50);
    t.pass("a stopped container's macvlan is gone");
    await a.cli(["start", "m1"]);
    t.ok(inLan(await addressOf(a, "m1")), "and made again at the next start");
    await a.cli(["delete", "-f", "m1", "m2"]);
    await a.cli(["network", "delete", "lan"]);
    t.same(await linkNames(a.ns), before, "nothing left in the agent's namespace");
  });

  t.test("bridged: a NIC on a host bridge Corral did not create; the bridge is untouched after delete", async (t) => {
    const snapshot = async () => (await links(a.ns)).filter((l) => l.ifname === hbr || l.master === hbr).map((l) => ({ ifname: l.ifname, mtu: l.mtu, ifalias: l.ifalias, master: l.master, flags: l.flags }));
    const bridgeBefore = await snapshot();
    await a.cli(["launch", "busybox", "b1", "--storage", "plain", "--device", `eth0,type=nic,nictype=bridged,parent=${hbr}`]);
    const ip = await addressOf(a, "b1");
    t.ok(inLan(ip), `leased by the LAN's dnsmasq through the host bridge (${ip})`);
    await lan.ping(ip);
    const st = await a.client.instances.GetInstance({ name: "b1", with_state: true });
    const port = (await links(a.ns)).find((l) => l.ifname === st.state!.network.eth0!.host_name);
    t.same([port?.master, port?.ifalias], [hbr, "corral:b1"], "the container's port is on the host bridge and tagged as Corral's");
    await a.cli(["delete", "-f", "b1"]);
    // The container's port goes with its network namespace, just after the delete answers.
    await eventually("b1's port to go", async () => (JSON.stringify(await snapshot()) === JSON.stringify(bridgeBefore) ? true : undefined), 30_000, 50);
    t.same(await snapshot(), bridgeBefore, "the bridge and its ports are as they were");
    t.same(await linkNames(a.ns), before, "nothing left");
  });

  t.test("physical: an interface moves into one container and comes back on stop and on delete", async (t) => {
    const original = (await links(a.ns)).find((l) => l.ifname === phy0)!;
    await a.cli(["launch", "busybox", "p1", "--storage", "plain", "--device", `eth0,type=nic,nictype=physical,parent=${phy0}`]);
    t.notOk((await linkNames(a.ns)).includes(phy0), "the interface left the agent's namespace");
    const ip = await addressOf(a, "p1");
    t.ok(inLan(ip), `the container uses it: a LAN address (${ip})`);
    await lan.ping(ip);
    t.equal((await linkInside(a, "p1", "eth0"))?.address, original.address, "inside as eth0, with its own MAC");

    const taken = await fails(a, ["launch", "busybox", "p2", "--storage", "plain", "--device", `eth0,type=nic,nictype=physical,parent=${phy0}`]);
    t.match(taken, new RegExp(`devices\\["eth0"\\]\\.parent: host interface "${phy0}" is already the physical NIC of instance p1`), "a second claim is refused");

    const back = async (what: string) => {
      const l = await eventually(`${phy0} back in the agent's namespace after ${what}`, async () => (await links(a.ns)).find((x) => x.ifname === phy0));
      t.same([l.address, l.mtu, l.ifalias], [original.address, original.mtu, original.ifalias], `back after ${what}, with its name, MAC and MTU`);
    };
    await a.cli(["stop", "p1"]);
    await back("stop");
    await a.cli(["start", "p1"]);
    t.ok(inLan(await addressOf(a, "p1")), "moved in again at start");
    await a.cli(["delete", "-f", "p1"]);
    await back("delete");
    t.same(await linkNames(a.ns), before, "nothing else left");
  });

  t.test("a managed bridge's uplink: parent becomes its port, and is released on delete", async (t) => {
    const up2 = `up2${sfx}`;
    await cable(up2);
    await a.cli(["network", "create", "ubr", "ipv4.address=none", `parent=${up2}`]);
    const port = async () => (await links(a.ns)).find((l) => l.ifname === up2);
    t.equal((await port())?.master, "ubr", "the uplink is a port of the managed bridge");
    t.match(await fails(a, ["network", "create", "ubr2", "ipv4.address=none", `parent=${up2}`]), /config\["parent"\]: "up2\w+" is already a port of ubr/, "one bridge per uplink");
    await a.cli(["network", "delete", "ubr"]);
    const left = await port();
    t.ok(left && left.master === undefined, "the uplink is back on its own, not deleted");
    await a.ns.exec("ip", ["link", "del", up2]);
  });

  t.test("bad input: each names its field, nothing is left behind", async (t) => {
    await a.cli(["network", "create", "mbr", "ipv4.address=auto"]);
    const baseline = await linkNames(a.ns);
    const nets = async () => (await a.client.networks.ListNetworks({})).networks.map((n) => n.name).sort();
    const cases: [string[], RegExp][] = [
      [["network", "create", "n1", "--type", "macvlan"], /config\["parent"\]: is required/],
      [["network", "create", "n1", "--type", "macvlan", "parent=nope0"], /config\["parent"\]: host interface "nope0" does not exist/],
      [["network", "create", "n1", "--type", "macvlan", "parent=mbr"], /config\["parent"\]: "mbr" is an interface Corral manages/],
      [["network", "create", "n1", "--type", "macvlan", `parent=${up0}`, "vlan=5000"], /config\["vlan"\]: must be between 1 and 4094/],
      [["network", "create", "n1", "parent=nope0"], /config\["parent"\]: host interface "nope0" does not exist/],
      [["network", "create", "n1", "parent=mbr"], /config\["parent"\]: "mbr" is an interface Corral manages/],
      [["network", "create", "n1", "vlan=5"], /config\["vlan"\]: needs parent/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", "eth0,type=nic,nictype=bridged"], /devices\["eth0"\]\.parent: is required for nictype=bridged/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", "eth0,type=nic,nictype=bridged,parent=nope0"], /devices\["eth0"\]\.parent: host interface "nope0" does not exist/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", `eth0,type=nic,nictype=bridged,parent=${up0}`], new RegExp(`devices\\["eth0"\\]\\.parent: "${up0}" is not a bridge \\(it is a veth\\)`)],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", "eth0,type=nic,nictype=bridged,parent=mbr"], /devices\["eth0"\]\.parent: "mbr" is an interface Corral manages/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", `eth0,type=nic,nictype=physical,parent=${hbr}`], /devices\["eth0"\]\.parent: "hbr\w+" is a bridge/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", `eth0,type=nic,nictype=physical,parent=${up1}`], /devices\["eth0"\]\.parent: "up1\w+" is a port of hbr/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", `eth0,type=nic,network=mbr,parent=${up0}`], /devices\["eth0"\]\.parent: cannot be combined with network/],
      [["launch", "busybox", "x1", "--storage", "plain", "--device", `eth0,type=nic,nictype=wifi,parent=${up0}`], /devices\["eth0"\]\["nictype"\]: must be one of bridged, macvlan, physical/],
    ];
    for (const [args, message] of cases) {
      t.match(await fails(a, args), message, args.slice(0, 2).concat(args.slice(-1)).join(" "));
    }
    t.same(await linkNames(a.ns), baseline, "no interface was made");
    t.same(await nets(), ["mbr"], "no network was recorded");
    t.same(await list(a), [], "no instance was recorded");
    await a.cli(["network", "delete", "mbr"]);
  });

  t.test("VLANs: this kernel has neither 8021q nor bridge VLAN filtering, and says so before touching anything", async (t) => {
    const info = JSON.parse((await a.cli(["info", "--format", "json"])).stdout) as { capabilities?: { name: string; available: boolean; detail: string }[] };
    const caps = Object.fromEntries((info.capabilities ?? []).map((c) => [c.name, c]));
    t.equal(caps["network.vlan"]?.available, false, `probe: ${caps["network.vlan"]?.detail}`);
    t.equal(caps["bridge.vlan_filtering"]?.available, false, `probe: ${caps["bridge.vlan_filtering"]?.detail}`);
    await a.cli(["network", "create", "vbr", "ipv4.address=auto"]);
    const baseline = await linkNames(a.ns);
    const cases: [string[], RegExp][] = [
      [["network", "create", "v1", "--type", "macvlan", `parent=${up0}`, "vlan=5"], /config\["vlan"\]: this host cannot provide 802\.1Q VLAN subinterfaces: 802\.1Q VLAN support .* not available in this kernel/],
      [["network", "create", "v2", `parent=${up0}`, "vlan=5"], /config\["vlan"\]: this host cannot provide 802\.1Q VLAN subinterfaces/],
      [["launch", "busybox", "v3", "--storage", "plain", "--device", "eth0,type=nic,network=vbr,vlan=7"], /devices\["eth0"\]\.vlan: this host cannot provide VLAN filtering on bridges: bridge VLAN filtering .* not available in this kernel/],
      [["launch", "busybox", "v3", "--storage", "plain", "--device", `eth0,type=nic,nictype=bridged,parent=${hbr},vlan=7`], /devices\["eth0"\]\.vlan: applies only to NICs on a managed bridge network/],
    ];
    for (const [args, message] of cases) {
      const err = await fails(a, args);
      t.match(err, message, args.slice(0, 3).join(" "));
    }
    t.same(await linkNames(a.ns), baseline, "no interface was made (no VLAN subinterface, no veth)");
    t.same((await a.client.networks.ListNetworks({})).networks.map((n) => n.name), ["vbr"], "no network was recorded");
    t.same(await list(a), [], "no instance was recorded");
    await a.cli(["network", "delete", "vbr"]);
  });
});
