// IPv6 on managed bridges against the real tools, each test in its own network namespace: the
// bridge's ULA gateway, router advertisements from dnsmasq giving a client namespace a SLAAC
// address that pings the gateway, IPv6 masquerade in nftables, validation, update and delete.
import t from "tap";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { dnsmasqArgs, bridgeFiles } from "../../agent/network/drivers/bridge/cli";
import { bridgeSettings } from "../../agent/network/drivers/bridge/config";
import { formatIPv6, ipv6GatewayProblem, parseIPv6, pickULA } from "../../agent/network/drivers/bridge/ipv6";
import type { NetworkSpec } from "../../agent/network/driver";
import { randomSuffix, startWorker, withNetns, type Netns, type NetnsWorker } from "./helpers/netns";
import { eventually } from "../helpers/agent";

const DRIVER = "agent/network/drivers/bridge/driver";
const drv = <T = unknown>(w: NetnsWorker, method: string, ...args: unknown[]) => w.call<T>(DRIVER, "bridgeDriver", method, ...args);

async function addrs6(ns: Netns, dev: string): Promise<string[]> {
  const rows = await ns.ipJson<{ addr_info: { local: string; prefixlen: number; scope: string }[] }>(["-6", "addr", "show", "dev", dev]);
  return rows.flatMap((r) => r.addr_info.filter((a) => a.scope === "global").map((a) => `${a.local}/${a.prefixlen}`));
}

const corralTable = async (ns: Netns) => (await ns.exec("nft", ["list", "tables"])).stdout.includes("table inet corral");

t.test("IPv6 text and prefixes", async (t) => {
  for (const [text, canon] of [["fd42:0:0:0:0:0:0:1", "fd42::1"], ["FD42:1:2:3::1", "fd42:1:2:3::1"], ["::", "::"], ["1:0:0:2:0:0:0:3", "1:0:0:2::3"], ["fe80::", "fe80::"]]) {
    t.equal(formatIPv6(parseIPv6(text!)!), canon, `${text} -> ${canon}`);
  }
  t.equal(parseIPv6("10.0.0.1"), undefined);
  t.equal(parseIPv6("fd42::1::2"), undefined);
  t.equal(ipv6GatewayProblem("fd42:1:2:3::1/64", false), undefined);
  t.match(ipv6GatewayProblem("fd42:1:2:3::1/80", false), /must be \/64 for SLAAC/);
  t.equal(ipv6GatewayProblem("fd42:1:2:3::1/80", true), undefined, "stateful DHCPv6 takes longer prefixes");
  t.match(ipv6GatewayProblem("fd42:1:2:3::1/48", true), /between \/64 and \/120/);
  t.match(ipv6GatewayProblem("fd42:1:2:3::/64", false), /subnet address/);
  t.match(ipv6GatewayProblem("fe80::1/64", false), /link-local/);
  t.match(ipv6GatewayProblem("fd42::1", false), /auto, none, or a gateway address/);
  t.match(pickULA([]), /^fd42:[0-9a-f:]+::1\/64$/);
  const fixed = () => Buffer.from("000100020003", "hex");
  t.equal(pickULA([], fixed), "fd42:1:2:3::1/64");
  t.equal(pickULA([{ network: parseIPv6("fd42:1:2:3::")!, last: parseIPv6("fd42:1:2:3:ffff:ffff:ffff:ffff")! }], fixed), undefined, "a taken candidate is never picked");
});

t.test("dnsmasq command lines for IPv6", async (t) => {
  const files = bridgeFiles("/run/x");
  const args = (config: Record<string, string>) => dnsmasqArgs(bridgeSettings("br6", config), files);
  const slaac = args({ "ipv4.address": "none", "ipv6.address": "fd42:1:2:3::1/64" });
  t.ok(slaac.includes("--listen-address=fd42:1:2:3::1"), "listens on the IPv6 gateway");
  t.ok(slaac.includes("--enable-ra"));
  t.ok(slaac.includes("--dhcp-range=::,constructor:br6,ra-stateless,ra-names"), "SLAAC plus stateless DHCPv6");
  t.notOk(slaac.some((a) => a.startsWith("--listen-address=1")), "no IPv4 listen address without IPv4");
  t.ok(args({ "ipv6.address": "fd42:1:2:3::1/64", "ipv6.dhcp": "false" }).includes("--dhcp-range=::,constructor:br6,ra-only"));
  t.ok(args({ "ipv6.address": "fd42:1:2:3::1/64", "ipv6.dhcp.stateful": "true" }).includes("--dhcp-range=fd42:1:2:3::2,fd42:1:2:3:ffff:ffff:ffff:fffe,64,1h"));
  t.ok(args({ "ipv6.address": "fd42:1:2:3::1:1/112", "ipv6.dhcp.stateful": "true" }).includes("--dhcp-range=fd42:1:2:3::1:2,fd42:1:2:3::1:fffe,112,1h"));
});

t.test("normalize: auto, defaults, overlaps and bad input name the key", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);
  const n = await drv<Record<string, string>>(w, "normalize", "br6", { "ipv6.address": "auto" }, []);
  t.match(n, { "ipv6.address": /^fd42:[0-9a-f:]+::1\/64$/, "ipv6.nat": "true", "ipv6.dhcp": "true", "ipv6.dhcp.stateful": "false" });
  const canon = await drv<Record<string, string>>(w, "normalize", "br6", { "ipv6.address": "FD42:0:0:7::1/64", "ipv6.nat": "off" }, []);
  t.equal(canon["ipv6.address"], "fd42:0:0:7::1/64", "stored in canonical form");
  t.equal(canon["ipv6.nat"], "false");
  t.equal((await drv<Record<string, string>>(w, "normalize", "br6", {}, []))["ipv6.address"], "none", "IPv6 stays off unless asked for");

  await run("ip", ["-n", ns.name, "link", "add", "used6", "type", "bridge"]);
  await run("ip", ["-n", ns.name, "addr", "add", "fd42:9::1/48", "dev", "used6", "nodad"]);
  const other: NetworkSpec = { name: "other", type: "bridge", config: { "ipv6.address": "fd42:8:0:1::1/64" }, runDir: "/nonexistent" };
  const bad = (config: Record<string, string>, field: string, message: RegExp) =>
    t.rejects(drv(w, "normalize", "br6", config, [other]), { code: "CORRAL_ERR_INVALID_ARGUMENT", field, message }, `${JSON.stringify(config)} -> ${field}`);
  await bad({ "ipv6.address": "fd42:8:0:1::5/64" }, 'config["ipv6.address"]', /overlaps fd42:8:0:1::\/64 \(network other\)/);
  await bad({ "ipv6.address": "fd42:9:0:3::1/64" }, 'config["ipv6.address"]', /overlaps fd42:9::\/48 \(dev used6 on this host\)/);
  await bad({ "ipv6.address": "fd42:1::1/96" }, 'config["ipv6.address"]', /must be \/64 for SLAAC/);
  await bad({ "ipv6.address": "fd42:1::1/40", "ipv6.dhcp.stateful": "true" }, 'config["ipv6.address"]', /between \/64 and \/120/);
  await bad({ "ipv6.address": "fd42::zz/64" }, 'config["ipv6.address"]', /auto, none, or a gateway address/);
  await bad({ "ipv6.nat": "true" }, 'config["ipv6.nat"]', /requires ipv6.address/);
  await bad({ "ipv6.address": "auto", "ipv6.dhcp": "false", "ipv6.dhcp.stateful": "true" }, 'config["ipv6.dhcp.stateful"]', /requires ipv6.dhcp=true/);
  await bad({ "ipv6.address": "auto", "ipv6.dhcp.stateful": "perhaps" }, 'config["ipv6.dhcp.stateful"]', /boolean/);
});

t.test("a client gets a SLAAC address from the bridge's router advertisements and pings the gateway", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);
  const name = `v6br${randomSuffix(2)}`;
  const runDir = mkdtempSync(join(tmpdir(), "corral-net6-"));
  t.teardown(() => rmSync(runDir, { recursive: true, force: true }));
  const config = await drv<Record<string, string>>(w, "normalize", name, { "ipv4.address": "none", "ipv6.address": "fd42:77:0:1::1/64" }, []);
  const net: NetworkSpec = { name, type: "bridge", config, runDir };
  t.teardown(() => drv(w, "delete", net).catch(() => undefined));
  await drv(w, "create", net);
  t.same(await addrs6(ns, name), ["fd42:77:0:1::1/64"], "gateway on the bridge");
  t.equal((await ns.exec("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).stdout.trim(), "1", "IPv6 forwarding on");
  const nat = (await ns.exec("nft", ["list", "chain", "inet", "corral", `pstrt.${name}`])).stdout;
  t.match(nat, /ip6 saddr fd42:77:0:1::\/64 ip6 daddr != fd42:77:0:1::\/64 masquerade/, "IPv6 masquerade");
  t.match((await ns.exec("nft", ["list", "chain", "inet", "corral", `in.${name}`])).stdout, /udp dport 547 accept/, "DHCPv6 allowed in");

  const client = await withNetns(t, "c6");
  const sfx = randomSuffix();
  await run("ip", ["-n", ns.name, "link", "add", `vh-${sfx}`, "type", "veth", "peer", "name", "eth0", "netns", client.name]);
  await run("ip", ["-n", ns.name, "link", "set", `vh-${sfx}`, "master", name, "up"]);
  await run("ip", ["-n", client.name, "link", "set", "eth0", "address", "02:16:3e:00:06:01", "up"]);
  const slaac = await eventually("a SLAAC address in the client", async () => (await addrs6(client, "eth0")).find((a) => a.startsWith("fd42:77:0:1:")));
  t.equal(slaac, "fd42:77:0:1:16:3eff:fe00:601/64", "EUI-64 address in the bridge's prefix");
  const ping = await eventually("ping6 to the gateway", () => client.exec("busybox", ["ping", "-6", "-c", "1", "-W", "2", "fd42:77:0:1::1"]).catch(() => undefined));
  t.match(ping.stdout, / 0% packet loss/, "the client reaches the bridge's IPv6 gateway");

  // Update to another prefix: old address gone, new one served, then delete leaves nothing.
  const config2 = await drv<Record<string, string>>(w, "normalize", name, { ...config, "ipv6.address": "fd42:77:0:2::1/64", "ipv6.nat": "false" }, []);
  const net2 = { ...net, config: config2 };
  await drv(w, "update", net2, net);
  t.same(await addrs6(ns, name), ["fd42:77:0:2::1/64"], "re-addressed");
  t.notMatch((await ns.exec("nft", ["list", "chain", "inet", "corral", `pstrt.${name}`])).stdout, /masquerade/, "IPv6 NAT off");
  await eventually("an address in the new prefix", async () => (await addrs6(client, "eth0")).find((a) => a.startsWith("fd42:77:0:2:")));
  await drv(w, "delete", net2);
  t.notOk(await corralTable(ns), "no nft table left");
  t.same((await ns.ipJson(["link", "show", name]).catch(() => [])), [], "no bridge left");
});

t.test("stateful DHCPv6: a real DHCPv6 client (dhclient -6) leases an address from the bridge's pool", async (t) => {
  const ns = await withNetns(t);
  const w = await startWorker(t, ns);
  const name = `v6st${randomSuffix(2)}`;
  const runDir = mkdtempSync(join(tmpdir(), "corral-net6-"));
  t.teardown(() => rmSync(runDir, { recursive: true, force: true }));
  const config = await drv<Record<string, string>>(w, "normalize", name, { "ipv4.address": "none", "ipv6.address": "fd42:77:0:3::1/64", "ipv6.dhcp.stateful": "true" }, []);
  const net: NetworkSpec = { name, type: "bridge", config, runDir: join(runDir, "net") };
  t.teardown(() => drv(w, "delete", net).catch(() => undefined));
  await drv(w, "create", net);

  const client = await withNetns(t, "c6");
  const sfx = randomSuffix();
  await run("ip", ["-n", ns.name, "link", "add", `vh-${sfx}`, "type", "veth", "peer", "name", "eth0", "netns", client.name]);
  await run("ip", ["-n", ns.name, "link", "set", `vh-${sfx}`, "master", name, "up"]);
  await run("ip", ["-n", client.name, "link", "set", "eth0", "up"]);
  // dhclient cannot bind its link-local address while duplicate address detection still runs.
  await eventually("the client's link-local address", async () => {
    const r = await client.exec("ip", ["-6", "addr", "show", "dev", "eth0", "scope", "link"]);
    return r.stdout.includes("inet6") && !r.stdout.includes("tentative") ? true : undefined;
  });
  // In the foreground (-d) so the test owns it; the namespace's teardown ends it.
  const lease = join(runDir, "client.lease");
  const dh = spawn("ip", ["netns", "exec", client.name, "dhclient", "-6", "-d", "-lf", lease, "-pf", join(runDir, "client.pid"), "-sf", "/bin/true", "eth0"], { stdio: "ignore" });
  t.teardown(() => dh.kill("SIGKILL"));
  const leased = await eventually("a DHCPv6 lease", async () => /iaaddr (fd42:77:0:3:[0-9a-f:]+) \{/.exec(readFileSync(lease, "utf8"))?.[1]);
  t.ok(leased, `leased ${leased} from the pool`);
  const served = readFileSync(join(net.runDir, "dnsmasq.leases"), "utf8");
  t.match(served, leased, "dnsmasq's lease file has it");
  await drv(w, "delete", net);
  t.notOk(await corralTable(ns), "no nft table left");
});
