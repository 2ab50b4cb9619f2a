// IPv6, forwards and ACLs through the real agent and CLI, with busybox containers, each agent in
// its own network namespace: a container's SLAAC address, a forward reached from an "outside"
// namespace (a veth into the agent's namespace) and from the agent's namespace itself, port
// ranges, removal and restore after an agent restart; ACLs keeping two environments apart.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { randomSuffix, withNetns, type Netns } from "./helpers/netns";

interface ListEntry { name: string; status: string; ipv4_addresses: string[]; ipv6_addresses: string[] }

/** The outside namespace's link to the agent's: OUTSIDE_NET.2 there, OUTSIDE_NET.1 (the listen address) in the agent's. */
const OUTSIDE_NET = "192.168.213";
const LISTEN = `${OUTSIDE_NET}.1`;
const LISTEN6 = "fd99:213::1";

const entry = async (a: TestAgent, name: string): Promise<ListEntry | undefined> =>
  (JSON.parse((await a.cli(["list", "--format", "json"])).stdout) as ListEntry[]).find((e) => e.name === name);

/** Waits until the container runs with the addresses asked for. */
const running = (a: TestAgent, name: string, want6 = false) =>
  eventually(`${name} to run with its addresses`, async () => {
    const e = await entry(a, name);
    return e?.status === "Running" && e.ipv4_addresses.length && (!want6 || e.ipv6_addresses.length) ? e : undefined;
  }, 60_000);

/** A dropped SYN is retried for minutes; a forward that works answers at once. */
const GET_TIMEOUT_S = 5;

/** One HTTP GET with busybox wget (its -T crashes in Debian's 1.35, so `timeout` bounds it); the body, or undefined when it failed. */
async function get(ns: Netns, url: string): Promise<string | undefined> {
  const r = await ns.exec("timeout", [String(GET_TIMEOUT_S), "busybox", "wget", "-q", "-O", "-", url], { okCodes: [0, 1, 124] });
  return r.code === 0 ? r.stdout : undefined;
}

/** The same from inside a container. */
const getIn = (a: TestAgent, name: string, url: string) =>
  a.cli(["exec", name, "--", "timeout", String(GET_TIMEOUT_S), "wget", "-q", "-O", "-", url], { okCodes: [0, 1, 124, 143] });

/** Starts busybox httpd in the container on each port, answering `<name>:<port>`. */
async function serve(a: TestAgent, name: string, ports: number[]): Promise<void> {
  for (const p of ports) {
    await a.cli(["exec", name, "--", "sh", "-c", `mkdir -p /www${p} && echo ${name}:${p} > /www${p}/index.html && httpd -p ${p} -h /www${p}`]);
  }
}

const ping = async (a: TestAgent, from: string, to: string) =>
  (await a.cli(["exec", from, "--", "ping", "-c", "1", "-W", "2", to], { okCodes: [0, 1] })).code === 0;

const nftTable = async (a: TestAgent) => (await a.ns.exec("nft", ["list", "table", "inet", "corral"], { okCodes: [0, 1] })).stdout;

t.test("IPv6, forwards and ACLs on managed bridges", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-np-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["storage", "create", "plain", "dir"]);
  await a.cli(["network", "create", "enva", "ipv4.address=auto", "ipv6.address=auto"]);
  await a.cli(["network", "create", "envb", "ipv4.address=auto"]);
  const gw = async (n: string, k = "ipv4.address") => (await a.client.networks.GetNetwork({ name: n })).config[k]!.split("/")[0]!;
  const [gwA, gwA6, gwB] = [await gwA4(), await gw("enva", "ipv6.address"), await gw("envb")];
  async function gwA4() { return gw("enva"); }
  t.match(gwA6, /^fd42:/, "auto picked a ULA prefix");
  await a.cli(["launch", "busybox", "ca", "--network", "enva", "--storage", "plain"]);
  await a.cli(["launch", "busybox", "ca2", "--network", "enva", "--storage", "plain"]);
  await a.cli(["launch", "busybox", "cb", "--network", "envb", "--storage", "plain"]);
  const ca = await running(a, "ca", true);
  const ca2 = await running(a, "ca2", true);
  const cb = await running(a, "cb");
  const [ipA, ipB] = [ca.ipv4_addresses[0]!, cb.ipv4_addresses[0]!];

  t.test("IPv6: containers get SLAAC addresses and reach the gateway and each other", async (t) => {
    const prefix = gwA6.replace(/::1$/, ":");
    t.ok(ca.ipv6_addresses[0]!.startsWith(prefix), `ca has ${ca.ipv6_addresses[0]} in the bridge's prefix`);
    const inst = await a.client.instances.GetInstance({ name: "ca", with_state: true });
    t.ok(inst.state!.network.eth0!.addresses.some((x) => x.family === "inet6" && x.scope === "global"), "instance state reports the IPv6 address");
    // A SLAAC address is usable once duplicate address detection is done (about a second after it shows).
    const ping6 = (to: string) => eventually(`ca to ping ${to}`, async () => ((await ping(a, "ca", to)) ? true : undefined));
    t.ok(await ping6(gwA6), "ca pings the bridge's IPv6 gateway");
    t.ok(await ping6(ca2.ipv6_addresses[0]!), "ca pings ca2 over IPv6");
    t.equal(cb.ipv6_addresses.length, 0, "no IPv6 on a network without it");
  });

  t.test("forwards: outside, the host itself, ranges, hairpin, removal, restore after restart", async (t) => {
    const out = await withNetns(t, "out");
    const sfx = randomSuffix();
    await run("ip", ["-n", a.ns.name, "link", "add", `vo-${sfx}`, "type", "veth", "peer", "name", "eth0", "netns", out.name]);
    await run("ip", ["-n", a.ns.name, "addr", "add", `${LISTEN}/24`, "dev", `vo-${sfx}`]);
    await run("ip", ["-n", a.ns.name, "link", "set", `vo-${sfx}`, "up"]);
    await run("ip", ["-n", out.name, "addr", "add", `${OUTSIDE_NET}.2/24`, "dev", "eth0"]);
    await run("ip", ["-n", out.name, "link", "set", "eth0", "up"]);
    await serve(a, "ca", [8080, 8001, 8002]);
    t.equal(await get(a.ns, `http://${ipA}:8080/`), "ca:8080\n", "the server answers on the bridge");
    t.equal(await get(out, `http://${LISTEN}:80/`), undefined, "nothing on the listen address before the forward");

    await a.cli(["network", "forward", "create", "enva", LISTEN]);
    await a.cli(["network", "forward", "port", "add", "enva", LISTEN, "tcp", "80", ipA, "8080"]);
    await a.cli(["network", "forward", "port", "add", "enva", LISTEN, "tcp", "9000-9002", ipA, "8000-8002"]);
    t.equal(await get(out, `http://${LISTEN}:80/`), "ca:8080\n", "from outside: listen:80 reaches the container's :8080");
    t.equal(await get(a.ns, `http://${LISTEN}:80/`), "ca:8080\n", "from the host itself");
    t.equal(await get(out, `http://${LISTEN}:9001/`), "ca:8001\n", "range 9000-9002 -> 8000-8002: 9001 reaches 8001");
    t.equal(await get(out, `http://${LISTEN}:9002/`), "ca:8002\n", "and 9002 reaches 8002");
    const hairpin = await getIn(a, "ca2", `http://${LISTEN}/`);
    t.equal(hairpin.stdout, "ca:8080\n", "an instance on the same network reaches the forward (hairpin)");
    const shown = JSON.parse((await a.cli(["network", "forward", "list", "enva", "--format", "json"])).stdout);
    t.match(shown, [{ network: "enva", listen_address: LISTEN, ports: [{ protocol: "tcp", listen_port: "80", target_address: ipA, target_port: "8080" }, { listen_port: "9000-9002", target_port: "8000-8002" }] }]);
    t.match(await nftTable(a), /chain forwards\.pre \{/, "rules in the agent's own table");

    // Restart with the table gone: the agent puts the rules back from its store.
    await a.stop();
    await a.ns.exec("nft", ["delete", "table", "inet", "corral"]);
    await a.restart();
    t.equal(await get(out, `http://${LISTEN}:80/`), "ca:8080\n", "restored after an agent restart");

    await a.cli(["network", "forward", "port", "remove", "enva", LISTEN, "tcp", "9000-9002"]);
    t.equal(await get(out, `http://${LISTEN}:9001/`), undefined, "a removed port is closed");
    t.equal(await get(out, `http://${LISTEN}:80/`), "ca:8080\n", "the other port still forwards");
    // IPv6: a forward from the outside namespace's IPv6 link to the container's SLAAC address.
    await run("ip", ["-n", a.ns.name, "addr", "add", `${LISTEN6}/64`, "dev", `vo-${sfx}`, "nodad"]);
    await run("ip", ["-n", out.name, "addr", "add", `${LISTEN6.replace(/1$/, "2")}/64`, "dev", "eth0", "nodad"]);
    await a.cli(["network", "forward", "create", "enva", LISTEN6]);
    await a.cli(["network", "forward", "port", "add", "enva", LISTEN6, "tcp", "80", ca.ipv6_addresses[0]!, "8080"]);
    t.match(await nftTable(a), new RegExp(`ip6 daddr ${LISTEN6} tcp dport 80 dnat ip6 to \\[${ca.ipv6_addresses[0]}\\]:8080`), "IPv6 DNAT rule");
    t.equal(await get(out, `http://[${LISTEN6}]:80/`), "ca:8080\n", "over IPv6 from outside");
    await a.cli(["network", "forward", "delete", "enva", LISTEN6]);

    const moved = await a.cli(["network", "set", "enva", "ipv4.address=10.99.99.1/24"], { okCodes: [1] });
    t.match(moved.stderr, /config\["ipv4\.address"\]: the forward 192\.168\.213\.1 would no longer fit the network/, "a subnet change that strands a forward's target is refused");
    t.equal(await gw("enva"), gwA, "and the network keeps its address");
    const inUse = await a.cli(["network", "delete", "enva"], { okCodes: [1] });
    t.match(inUse.stderr, /in use by .*forward 192\.168\.213\.1/, "a network with a forward cannot be deleted");
    await a.cli(["network", "forward", "delete", "enva", LISTEN]);
    t.equal(await get(out, `http://${LISTEN}:80/`), undefined, "delete closes the port");
    t.notMatch(await nftTable(a), /forwards\./, "no forward chains left");
  });

  t.test("bad forwards: a clear error naming the field, nothing changed in nftables", async (t) => {
    const before = await nftTable(a);
    const port = (p: Record<string, string>) => ({ protocol: "tcp", listen_port: "80", target_address: ipA, target_port: "", description: "", ...p });
    const bad = (f: Record<string, unknown>, message: RegExp, what: string) =>
      t.rejects(a.client.forwards.CreateNetworkForward({ network: "enva", listen_address: LISTEN, target_address: "", description: "", ports: [], ...f }), { message }, what);
    await bad({ ports: [port({ listen_port: "9000-8000" })] }, /ports\[0\]\.listen_port: "9000-8000" must be a port/, "reversed range");
    await bad({ ports: [port({ listen_port: "70000" })] }, /ports\[0\]\.listen_port/, "port out of range");
    await bad({ ports: [port({ listen_port: "8000-8002", target_port: "9000-9001" })] }, /ports\[0\]\.target_port: has 2 ports but listen_port has 3/, "mismatched range sizes");
    await bad({ ports: [port({ protocol: "sctp" })] }, /ports\[0\]\.protocol: "sctp" must be one of tcp, udp/, "unknown protocol");
    await bad({ ports: [port({ target_address: ipB })] }, /ports\[0\]\.target_address: .* must be inside the network's subnet/, "target outside the network");
    await bad({ ports: [port({ target_address: gwA })] }, /gateway/, "target is the gateway");
    await bad({ ports: [port({}), port({ listen_port: "79-81" })] }, /ports\[1\]\.listen_port: 79-81\/tcp overlaps ports\[0\]/, "overlapping ports in one forward");
    await bad({ listen_address: ipA.replace(/\.\d+$/, ".200") }, /listen_address: .* inside the network's own subnet/, "listen address inside the network");
    await bad({ listen_address: "nope" }, /listen_address: "nope" must be an IPv4 or IPv6 address/, "malformed listen address");
    await bad({ ports: [port({ target_address: gwA6.replace(/::1$/, "::5") })] }, /is IPv6 but the listen address is IPv4/, "family mismatch");
    await bad({ network: "nosuch" }, /network "nosuch" not found/, "unknown network");
    // A port clash between forwards on two networks sharing a listen address.
    await a.client.forwards.CreateNetworkForward({ network: "envb", listen_address: LISTEN, target_address: "", description: "", ports: [port({ target_address: ipB })] });
    const mid = await nftTable(a);
    await bad({ ports: [port({ listen_port: "80,443" })] }, /ports\[0\]\.listen_port: 80,443\/tcp on 192\.168\.213\.1 clashes with 80\/tcp of the forward on network envb/, "port clash between forwards");
    t.equal(await nftTable(a), mid, "nft table unchanged by refused forwards");
    await a.client.forwards.DeleteNetworkForward({ network: "envb", listen_address: LISTEN });
    t.equal(await nftTable(a), before, "nft table back to what it was");
    t.same((await a.client.forwards.ListNetworkForwards({ network: "" })).forwards, [], "no forward stored");
  });

  t.test("ACLs: environments kept apart, own gateways reachable, live updates, removal restores", async (t) => {
    t.ok(await ping(a, "ca", ipB), "before: env A reaches env B");
    await a.cli(["network", "acl", "create", "isolate", "--description", "keep env A away from env B"]);
    const subnetB = (await a.client.networks.GetNetwork({ name: "envb" })).config["ipv4.address"]!.replace(/\.1\//, ".0/");
    await a.cli(["network", "acl", "rule", "add", "isolate", "egress", "action=drop", `destination=${subnetB}`]);
    await a.cli(["network", "set", "enva", "security.acls=isolate", "security.acls.default.egress.action=allow", "security.acls.default.ingress.action=allow"]);
    t.notOk(await ping(a, "ca", ipB), "with the ACL: env A cannot reach env B");
    t.ok(await ping(a, "ca", gwA), "env A still reaches its gateway");
    t.ok(await ping(a, "cb", gwB), "env B still reaches its gateway");
    t.ok(await ping(a, "ca", ca2.ipv4_addresses[0]!), "env A's instances reach each other");
    t.match(await nftTable(a), /chain acl-out\.enva \{[^}]*ip daddr 10\.\d+\.\d+\.0\/24 drop/s, "drop rule in the agent's table");

    // Live update: reject only TCP to env B; ping passes again, HTTP is refused.
    await serve(a, "cb", [8080]);
    await a.cli(["network", "acl", "rule", "remove", "isolate", "egress", "action=drop"]);
    await a.cli(["network", "acl", "rule", "add", "isolate", "egress", "action=reject", `destination=${subnetB}`, "protocol=tcp", "destination_port=8080"]);
    t.ok(await ping(a, "ca", ipB), "after the update ICMP passes");
    const http = await getIn(a, "ca", `http://${ipB}:8080/`);
    t.equal(http.code, 1, "TCP 8080 to env B is rejected (at once: no timeout)");
    t.equal(await get(a.ns, `http://${ipB}:8080/`), "cb:8080\n", "the server itself is up (the host reaches it)");

    const inUse = await a.cli(["network", "acl", "delete", "isolate"], { okCodes: [1] });
    t.match(inUse.stderr, /network ACL "isolate" is in use by network enva/, "an ACL in use cannot be deleted");
    const unknown = await a.cli(["network", "set", "envb", "security.acls=nosuch"], { okCodes: [1] });
    t.match(unknown.stderr, /config\["security\.acls"\]: unknown network ACL "nosuch"/, "an unknown ACL name is refused");
    const badRule = await a.cli(["network", "acl", "rule", "add", "isolate", "ingress", "action=maybe"], { okCodes: [1] });
    t.match(badRule.stderr, /ingress\[0\]\.action: "maybe" must be one of allow, reject, drop/, "a malformed rule names the field");
    const badPort = await a.cli(["network", "acl", "rule", "add", "isolate", "ingress", "action=drop", "destination_port=80"], { okCodes: [1] });
    t.match(badPort.stderr, /ingress\[0\]\.destination_port: needs protocol tcp or udp/);

    await a.cli(["network", "unset", "enva", "security.acls", "security.acls.default.egress.action", "security.acls.default.ingress.action"]);
    t.ok(await ping(a, "ca", ipB), "without the ACL env A reaches env B again");
    t.equal((await getIn(a, "ca", `http://${ipB}:8080/`)).stdout, "cb:8080\n", "and TCP too");
    await a.cli(["network", "acl", "delete", "isolate"]);
    t.notMatch(await nftTable(a), /acl/, "no ACL chains left");
  });
});
