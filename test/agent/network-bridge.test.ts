// The managed bridge driver against the real tools, each test in its own network namespace:
// ip (bridge, alias, address), nftables (table inet corral), dnsmasq answering a real busybox
// DHCP client in a second namespace, supervision, adoption across an agent restart, revert.
import t from "tap";
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { getNetworkDriver, networkTypes } from "../../agent/network/drivers";
import { pickFreeSubnet, validateStaticIPv4 } from "../../agent/network/drivers/bridge/driver";
import { parseCIDR, parseIPv4 } from "../../agent/config/rules";
import type { Lease, NetworkSpec } from "../../agent/network/driver";
import { randomSuffix, startWorker, withNetns, type Netns, type NetnsWorker } from "./helpers/netns";
import { eventually } from "../helpers/agent";

const DRIVER = "agent/network/drivers/bridge/driver";
const DNSMASQ = "/usr/sbin/dnsmasq";

/** Calls bridgeDriver.method(...args) inside the worker's netns. */
const drv = <T = unknown>(w: NetnsWorker, method: string, ...args: unknown[]) => w.call<T>(DRIVER, "bridgeDriver", method, ...args);

function tempDir(t: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "corral-net-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function cmdline(pid: number): string[] {
  try {
    return require("node:fs").readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0$/, "").split("\0");
  } catch {
    return [];
  }
}

/** dnsmasq processes in the netns started for this network. */
async function dnsmasqPids(ns: Netns, bridge: string): Promise<number[]> {
  return (await ns.pids()).filter((p) => {
    const argv = cmdline(p);
    return argv[0] === DNSMASQ && argv.includes(`--interface=${bridge}`);
  });
}

interface LinkJson { ifname: string; mtu: number; ifalias?: string; flags: string[]; linkinfo?: { info_kind?: string } }

async function link(ns: Netns, name: string): Promise<LinkJson | undefined> {
  const all = await ns.ipJson<LinkJson>(["-d", "link", "show"]);
  return all.find((l) => l.ifname === name);
}

async function addrs(ns: Netns, dev: string): Promise<string[]> {
  const rows = await ns.ipJson<{ addr_info: { family: string; local: string; prefixlen: number }[] }>(["-4", "addr", "show", "dev", dev]);
  return rows.flatMap((r) => r.addr_info.map((a) => `${a.local}/${a.prefixlen}`));
}

/** Chain names in `table inet corral`, or undefined when there is no such table. */
async function corralChains(ns: Netns): Promise<string[] | undefined> {
  const res = await ns.exec("nft", ["-j", "list", "tables"]);
  const tables = (JSON.parse(res.stdout).nftables as { table?: { family: string; name: string } }[]).filter((o) => o.table?.family === "inet" && o.table.name === "corral");
  if (!tables.length) return undefined;
  const doc = JSON.parse((await ns.exec("nft", ["-j", "list", "table", "inet", "corral"])).stdout).nftables as { chain?: { name: string } }[];
  return doc.flatMap((o) => (o.chain ? [o.chain.name] : []));
}

const chainText = async (ns: Netns, chain: string) => (await ns.exec("nft", ["list", "chain", "inet", "corral", chain])).stdout;

/** A DHCP client: its own netns, a veth whose peer is on the bridge, and busybox udhcpc. */
async function dhcpClient(t: { teardown(fn: () => unknown): void }, server: Netns, bridge: string, mac: string) {
  const client = await withNetns(t, "ccl");
  const sfx = randomSuffix();
  const host = `vh-${sfx}`;
  const peer = `vc-${sfx}`;
  await run("ip", ["-n", server.name, "link", "add", host, "type", "veth", "peer", "name", peer, "netns", client.name]);
  await run("ip", ["-n", server.name, "link", "set", host, "master", bridge, "up"]);
  await run("ip", ["-n", client.name, "link", "set", peer, "address", mac, "up"]);
  return {
    /** One DHCP exchange; resolves with the leased address. */
    async lease(hostname: string): Promise<string> {
      // -n: fail instead of backgrounding; -q: quit once bound; -t/-T bound the retries.
      const res = await client.exec("busybox", ["udhcpc", "-i", peer, "-n", "-q", "-f", "-s", "/bin/true", "-t", "10", "-T", "1", "-x", `hostname:${hostname}`]);
      const m = /lease of ([\d.]+) obtained/.exec(res.stdout + res.stderr);
      if (!m) throw new Error(`udhcpc got no lease: ${res.stdout} ${res.stderr}`);
      return m[1]!;
    },
  };
}

const inRange = (ip: string, first: string, last: string) => parseIPv4(ip)! >= parseIPv4(first)! && parseIPv4(ip)! <= parseIPv4(last)!;

t.test("registry and static IPv4 checks", async (t) => {
  t.same(networkTypes(), ["bridge", "macvlan"]);
  t.equal(getNetworkDriver("bridge").type, "bridge");
  t.throws(() => getNetworkDriver("nope"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "type", message: /must be one of bridge, macvlan/ });
  t.equal(getNetworkDriver("macvlan").type, "macvlan");
  t.throws(() => getNetworkDriver("vlan"), { field: "type", message: /not supported yet/ });
  const cfg = { "ipv4.address": "10.5.6.1/24" };
  t.doesNotThrow(() => validateStaticIPv4(cfg, "10.5.6.20", "ipv4_address"));
  t.throws(() => validateStaticIPv4(cfg, "10.5.7.20", "ipv4_address"), { field: "ipv4_address", message: /inside the network's subnet 10.5.6.0\/24/ });
  t.throws(() => validateStaticIPv4(cfg, "10.5.6.1", "ipv4_address"), { field: "ipv4_address", message: /gateway/ });
  t.throws(() => validateStaticIPv4(cfg, "10.5.6.255", "ipv4_address"), { field: "ipv4_address", message: /broadcast/ });
  t.throws(() => validateStaticIPv4(cfg, "10.5.6", "nic"), { field: "nic", message: /IPv4 address/ });
  t.throws(() => validateStaticIPv4({ "ipv4.address": "none" }, "10.5.6.3", "nic"), { field: "nic", message: /no IPv4/ });
  // Every candidate but one taken -> that one.
  const taken = [{ network: parseIPv4("10.0.0.0")!, broadcast: parseIPv4("10.250.255.255")! - 256 }];
  t.equal(pickFreeSubnet(taken), "10.250.255.1/24");
});

t.test("normalize: auto picks a free /24, defaults, overlaps and bad keys", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);

  const plain = await drv<Record<string, string>>(w, "normalize", "br0", {}, []);
  t.match(plain, { "ipv4.nat": "true", "ipv4.dhcp": "true", "dns.domain": "corral", "bridge.mtu": "1500", "ipv6.address": "none" }, "defaults are explicit");
  t.match(plain["ipv4.address"], /^10\.(1\d\d|2[0-4]\d|250)\.\d+\.1\/24$/, "auto gives a 10.100-250.x.1/24");

  // Make the host use 10.0.0.0-10.247.255.255 and another network 10.248.0.0/15: only 10.250.x is free.
  await run("ip", ["-n", ns.name, "link", "add", "used0", "type", "bridge"]);
  for (const c of ["10.0.0.1/9", "10.128.0.1/10", "10.192.0.1/11", "10.224.0.1/12", "10.240.0.1/13"]) {
    await run("ip", ["-n", ns.name, "addr", "add", c, "dev", "used0"]);
  }
  const other: NetworkSpec = { name: "other", type: "bridge", config: { "ipv4.address": "10.248.0.1/15" }, runDir: "/nonexistent" };
  for (let i = 0; i < 5; i++) {
    const n = await drv<Record<string, string>>(w, "normalize", "br0", { "ipv4.address": "auto" }, [other]);
    t.match(n["ipv4.address"], /^10\.250\.\d+\.1\/24$/, `auto avoids host addresses and other networks (${n["ipv4.address"]})`);
  }

  const bad = async (config: Record<string, string>, field: string, message: RegExp, others: NetworkSpec[] = []) =>
    t.rejects(drv(w, "normalize", "br0", config, others), { code: "CORRAL_ERR_INVALID_ARGUMENT", field, message }, `${JSON.stringify(config)} -> ${field}`);
  await bad({ "ipv4.address": "10.249.3.1/24" }, 'config["ipv4.address"]', /overlaps network other \(10\.248\.0\.0\/15\)/, [other]);
  await bad({ "ipv4.address": "10.3.0.1/24" }, 'config["ipv4.address"]', /overlaps 10\.0\.0\.0\/9 already used on this host/);
  await bad({ colour: "blue" }, 'config["colour"]', /unknown config key/);
  await bad({ "bridge.mtu": "100" }, 'config["bridge.mtu"]', /between 1280 and 9000/);
  await bad({ "ipv4.address": "192.168.7.0/24" }, 'config["ipv4.address"]', /network address/);
  await bad({ "ipv4.address": "192.168.7.255/24" }, 'config["ipv4.address"]', /broadcast address/);
  await bad({ "ipv4.address": "192.168.7.1/31" }, 'config["ipv4.address"]', /prefix must be between/);
  await bad({ "ipv4.address": "192.168.7.1/7" }, 'config["ipv4.address"]', /prefix must be between/);
  await bad({ "ipv4.address": "banana" }, 'config["ipv4.address"]', /auto, none/);
  await bad({ "ipv4.nat": "maybe" }, 'config["ipv4.nat"]', /boolean/);
  await bad({ "ipv6.address": "fd00::1/63" }, 'config["ipv6.address"]', /between \/64 and \/120/);
  await bad({ "ipv4.address": "none", "ipv4.nat": "true" }, 'config["ipv4.nat"]', /requires ipv4.address/);
  await bad({ "ipv4.address": "192.168.7.1/24", "ipv4.dhcp.ranges": "192.168.8.2-192.168.8.9" }, 'config["ipv4.dhcp.ranges"]', /inside/);
  await bad({ "ipv4.address": "192.168.7.1/24", "ipv4.dhcp.ranges": "192.168.7.1-192.168.7.9" }, 'config["ipv4.dhcp.ranges"]', /gateway/);
  await bad({ "ipv4.address": "192.168.7.1/24", "ipv4.dhcp.ranges": "192.168.7.9-192.168.7.2" }, 'config["ipv4.dhcp.ranges"]', /first-last/);
  await bad({ "dns.domain": "bad domain" }, 'config["dns.domain"]', /DNS domain/);

  const none = await drv<Record<string, string>>(w, "normalize", "br0", { "ipv4.address": "none", "user.x": "y" }, []);
  t.match(none, { "ipv4.address": "none", "ipv4.nat": "false", "user.x": "y" });
  const own = await drv<Record<string, string>>(w, "normalize", "br0", { "ipv4.address": "192.168.7.1/24", "ipv4.nat": "no" }, [other]);
  t.equal(own["ipv4.nat"], "false", "booleans are canonical");
});

t.test("bridge lifecycle: create, DHCP, static lease, supervision, adoption, update, delete", async (t) => {
  const ns = await withNetns(t);
  let w = await startWorker(t, ns);
  const name = `cbr${randomSuffix()}`;
  const runDir = join(tempDir(t), "net");
  const auto = await drv<Record<string, string>>(w, "normalize", name, {}, []);
  const gw = auto["ipv4.address"]!;
  const base = gw.replace(/\.1\/24$/, "");
  const config = await drv<Record<string, string>>(w, "normalize", name, { "ipv4.address": gw, "ipv4.dhcp.ranges": `${base}.50-${base}.60` }, []);
  const net: NetworkSpec = { name, type: "bridge", config, runDir };
  t.teardown(() => drv(w, "delete", net).catch(() => undefined));

  await drv(w, "create", net);
  const l = await link(ns, name);
  t.equal(l?.linkinfo?.info_kind, "bridge", "bridge named after the network");
  t.equal(l?.ifalias, `corral:${name}`, "tagged with the alias");
  t.equal(l?.mtu, 1500);
  t.ok(l?.flags.includes("UP"), "up");
  t.same(await addrs(ns, name), [gw], "gateway address");
  t.equal((await ns.exec("sysctl", ["-n", "net.ipv4.ip_forward"])).stdout.trim(), "1", "forwarding on");
  t.same((await corralChains(ns))?.sort(), [`fwd.${name}`, `in.${name}`, `out.${name}`, `pstrt.${name}`], "per-network chains in inet corral");
  t.match(await chainText(ns, `pstrt.${name}`), new RegExp(`ip saddr ${base}\\.0/24 ip daddr != ${base}\\.0/24 masquerade`), "masquerade");
  t.match(await chainText(ns, `in.${name}`), /udp dport \{ 53, 67 \} accept/);
  const [pid1, ...more] = await dnsmasqPids(ns, name);
  t.ok(pid1, "dnsmasq runs");
  t.same(more, [], "exactly one dnsmasq");
  t.ok(cmdline(pid1!).includes(`--dhcp-range=${base}.50,${base}.60,1h`));
  t.same(await drv(w, "attachment", net), { kind: "bridged", link: name, mtu: 1500 }, "instances get veth/tap ports on the bridge");

  // A real DHCP client gets an address from the range.
  const mac = "02:16:3e:00:00:01";
  const c1 = await dhcpClient(t, ns, name, mac);
  const dyn = await c1.lease("client1");
  t.ok(inRange(dyn, `${base}.50`, `${base}.60`), `dynamic lease ${dyn} is in the range`);
  let leases = await drv<Lease[]>(w, "leases", net);
  t.match(leases, [{ hwaddr: mac, address: dyn, hostname: "client1", type: "dynamic" }]);

  // A static lease for the MAC gives the static address.
  await t.rejects(drv(w, "setStaticLeases", net, [{ hwaddr: mac, ipv4: `${base}.1`, hostname: "client1" }]), { field: "leases[0].ipv4", message: /gateway/ });
  await t.rejects(drv(w, "setStaticLeases", net, [{ hwaddr: "nope", ipv4: `${base}.7`, hostname: "client1" }]), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "leases[0].hwaddr" });
  await drv(w, "setStaticLeases", net, [{ hwaddr: mac, ipv4: `${base}.200`, hostname: "client1" }]);
  t.equal(await c1.lease("client1"), `${base}.200`, "static address after HUP");
  leases = await drv<Lease[]>(w, "leases", net);
  t.match(leases.find((x) => x.hwaddr === mac), { address: `${base}.200`, type: "static", hostname: "client1" });

  // A second client's dynamic lease is released.
  const mac2 = "02:16:3e:00:00:02";
  const c2 = await dhcpClient(t, ns, name, mac2);
  const dyn2 = await c2.lease("client2");
  t.ok(inRange(dyn2, `${base}.50`, `${base}.60`));
  t.ok((await drv<Lease[]>(w, "leases", net)).some((x) => x.hwaddr === mac2), "lease recorded");
  await drv(w, "releaseLease", net, mac2);
  t.notOk((await drv<Lease[]>(w, "leases", net)).some((x) => x.hwaddr === mac2), "released");
  t.equal((await dnsmasqPids(ns, name)).length, 1, "dnsmasq serving after release");

  // Releases of instances deleted together overlap (each waits for its lease outside the network's
  // lock): both are gone when they return, told to the same dnsmasq (not dropped with it stopped).
  const served = (await dnsmasqPids(ns, name))[0];
  const macs = ["02:16:3e:00:00:03", "02:16:3e:00:00:04"];
  for (const [i, m] of macs.entries()) await (await dhcpClient(t, ns, name, m)).lease(`client${3 + i}`);
  t.equal((await drv<Lease[]>(w, "leases", net)).filter((x) => macs.includes(x.hwaddr)).length, 2, "two more leases");
  await Promise.all(macs.map((m) => drv(w, "releaseLease", net, m)));
  t.same((await drv<Lease[]>(w, "leases", net)).filter((x) => macs.includes(x.hwaddr)), [], "both released");
  t.same(await dnsmasqPids(ns, name), [served], "by the dnsmasq that served them");

  // The supervisor restarts a killed dnsmasq.
  const before = (await dnsmasqPids(ns, name))[0]!;
  process.kill(before, "SIGKILL");
  const restarted = await eventually("dnsmasq restarted by the supervisor", async () => {
    const p = await dnsmasqPids(ns, name);
    return p.length === 1 && p[0] !== before ? p[0] : undefined;
  });
  t.not(restarted, before, "new dnsmasq after a crash");
  t.equal(await c1.lease("client1"), `${base}.200`, "restarted dnsmasq serves the static lease");

  // Agent restart: dnsmasq survives and is adopted, not duplicated.
  await w.stop();
  t.same(await dnsmasqPids(ns, name), [restarted], "dnsmasq survives the agent");
  w = await startWorker(t, ns);
  await drv(w, "ensure", net);
  t.same(await dnsmasqPids(ns, name), [restarted], "ensure adopts the running dnsmasq");

  // ensure() repairs what was removed by hand.
  await ns.exec("nft", ["delete", "table", "inet", "corral"]);
  await run("ip", ["-n", ns.name, "addr", "flush", "dev", name]);
  await drv(w, "ensure", net);
  t.same(await addrs(ns, name), [gw], "address restored");
  t.equal((await corralChains(ns))?.length, 4, "chains restored");

  // update: mtu, NAT off, new range, new address.
  const newGw = (await drv<Record<string, string>>(w, "normalize", name, {}, []))["ipv4.address"]!;
  const newBase = newGw.replace(/\.1\/24$/, "");
  const config2 = await drv<Record<string, string>>(w, "normalize", name, { ...config, "ipv4.address": newGw, "ipv4.nat": "false", "bridge.mtu": "1400", "ipv4.dhcp.ranges": `${newBase}.70-${newBase}.80` }, []);
  const net2: NetworkSpec = { ...net, config: config2 };
  await drv(w, "setStaticLeases", net2, []);
  await drv(w, "update", net2, net);
  t.equal((await link(ns, name))?.mtu, 1400, "mtu applied");
  t.same(await addrs(ns, name), [newGw], "re-addressed");
  t.notMatch(await chainText(ns, `pstrt.${name}`), /masquerade/, "NAT off");
  const [pid3] = await dnsmasqPids(ns, name);
  t.ok(cmdline(pid3!).includes(`--dhcp-range=${newBase}.70,${newBase}.80,1h`), "dnsmasq restarted with the new range");
  t.equal((await dnsmasqPids(ns, name)).length, 1);
  const dyn3 = await c2.lease("client2");
  t.ok(inRange(dyn3, `${newBase}.70`, `${newBase}.80`), `lease ${dyn3} from the new range`);

  // delete leaves nothing.
  await drv(w, "delete", net2);
  t.equal(await link(ns, name), undefined, "no bridge");
  t.equal(await corralChains(ns), undefined, "no nft table");
  t.same(await dnsmasqPids(ns, name), [], "no dnsmasq");
  t.notOk(existsSync(runDir) && readdirSync(runDir).length > 0, "run dir files removed");
  await drv(w, "delete", net2);
  t.pass("delete is idempotent");
});

t.test("untagged interfaces are never taken over or deleted", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);
  const name = `xbr${randomSuffix()}`;
  await run("ip", ["-n", ns.name, "link", "add", name, "type", "bridge"]);
  const net: NetworkSpec = { name, type: "bridge", config: { "ipv4.address": "10.77.0.1/24" }, runDir: join(tempDir(t), "net") };
  await t.rejects(drv(w, "create", net), { code: "CORRAL_ERR_ALREADY_EXISTS", message: /not created by Corral/ });
  await t.rejects(drv(w, "ensure", net), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /not tagged/ });
  await drv(w, "delete", net);
  t.ok(await link(ns, name), "foreign bridge left alone");
  t.same(await addrs(ns, name), [], "and not addressed");
});

t.test("a failed create leaves no bridge, no nft chains, no dnsmasq", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);
  const name = `fbr${randomSuffix()}`;
  const runDir = join(tempDir(t), "net");
  const config = await drv<Record<string, string>>(w, "normalize", name, {}, []);
  // Hold the DHCP port inside the netns: dnsmasq cannot bind it and exits.
  await w.call("test/agent/helpers/udp-hold", "holdUdpPort", undefined, 67);
  const net: NetworkSpec = { name, type: "bridge", config, runDir };
  await t.rejects(drv(w, "create", net), { code: "CORRAL_ERR_COMMAND_FAILED", message: /dnsmasq.*(Address (already )?in use)/s });
  t.equal(await link(ns, name), undefined, "bridge removed");
  t.equal(await corralChains(ns), undefined, "nft table removed");
  t.same(await dnsmasqPids(ns, name), [], "no dnsmasq");
  t.ok(!existsSync(runDir) || readdirSync(runDir).length === 0, "no files left");
  // Works once the port is free again.
  await w.call("test/agent/helpers/udp-hold", "releaseUdpPort", undefined, 67);
  await drv(w, "create", net);
  t.equal((await dnsmasqPids(ns, name)).length, 1);
  await drv(w, "delete", net);
  t.equal(await link(ns, name), undefined);
  t.ok(parseCIDR(config["ipv4.address"]!), "auto address is a CIDR");
});
