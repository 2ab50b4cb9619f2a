// The rules forwards and ACLs become, checked as text (the agent tests run them for real):
// port mappings, IPv4/IPv6 DNAT and hairpin, LXD's rule order, disabled rules, default actions.
import t from "tap";
import { normalizeAcl } from "../../agent/network/policy/acls";
import { normalizeForward, portMappings, type ForwardPort } from "../../agent/network/policy/forwards";
import { aclChainsFor, forwardChains } from "../../agent/network/policy/nft";
import { networkSubnets } from "../../agent/network/drivers/bridge/config";

const subnets = networkSubnets({ "ipv4.address": "10.5.0.1/24", "ipv6.address": "fd42:5::1/64" });
const port = (p: Partial<ForwardPort>): ForwardPort => ({ protocol: "tcp", listen_port: "80", target_address: "10.5.0.9", target_port: "", description: "", ...p });

t.test("port mappings", async (t) => {
  t.same(portMappings(port({ listen_port: "80,443" })), [{ listen: "80,443" }], "no target_port keeps the ports");
  t.same(portMappings(port({ listen_port: "8000-8002", target_port: "80" })), [{ listen: "8000-8002", to: 80 }], "many to one");
  t.same(portMappings(port({ listen_port: "8000-8001,9000", target_port: "81-83" })), [{ listen: "8000", to: 81 }, { listen: "8001", to: 82 }, { listen: "9000", to: 83 }], "one to one, in order");
});

t.test("normalized forwards and their DNAT rules", async (t) => {
  const f = normalizeForward({ network: "n1", listen_address: "192.0.2.1", target_address: "", description: "", ports: [port({ protocol: "TCP", listen_port: " 80 , 8000-8001", target_port: "8080" })] }, { subnets, others: [] });
  t.same(f.ports[0], { protocol: "tcp", listen_port: "80,8000-8001", target_address: "10.5.0.9", target_port: "8080", description: "" }, "canonical form");
  const [pre, out, post] = forwardChains([f]);
  t.match(pre!.rules[0], /^ip daddr 192\.0\.2\.1 tcp dport \{ 80, 8000-8001 \} dnat ip to 10\.5\.0\.9:8080 comment "forward n1 192\.0\.2\.1"$/);
  t.same(out!.rules, pre!.rules, "the host's own traffic gets the same DNAT");
  t.match(out!.hook, /nat hook output/);
  t.match(post!.rules[0], /^ip saddr 10\.5\.0\.9 ip daddr 10\.5\.0\.9 tcp dport 8080 masquerade/, "hairpin");
  const v6 = normalizeForward({ network: "n1", listen_address: "FD99::1", target_address: "fd42:5::9", description: "", ports: [] }, { subnets, others: [] });
  t.same(forwardChains([v6])[0]!.rules, ['ip6 daddr fd99::1 dnat ip6 to fd42:5::9 comment "forward n1 fd99::1"'], "default target over IPv6");
  t.same(forwardChains([]), [], "no forwards, no chains");
  t.throws(() => normalizeForward({ ...v6, listen_address: "127.0.0.1", target_address: "" }, { subnets, others: [] }), { field: "listen_address", message: /loopback/ });
  t.throws(() => normalizeForward({ ...v6, ports: [port({ target_address: "" })], target_address: "" }, { subnets, others: [] }), { field: "ports[0].target_address", message: /is required/ });
});

t.test("ACL rules: validation, LXD's order, disabled rules, default actions", async (t) => {
  const rule = { action: "allow", source: "", destination: "", protocol: "", destination_port: "", state: "", description: "" };
  const acl = normalizeAcl({
    name: "web", description: "",
    ingress: [{ ...rule, protocol: "tcp", destination_port: "80, 443" }, { ...rule, action: "drop", source: "10.9.0.0/16" }, { ...rule, action: "reject", protocol: "icmp6", state: "disabled" }],
    egress: [{ ...rule, action: "reject", destination: "FD42:9::/64" }],
  });
  t.equal(acl.ingress[0]!.destination_port, "80,443");
  t.equal(acl.egress[0]!.destination, "fd42:9::/64");
  const [base, ingress, egress] = aclChainsFor({ name: "n1", hostInterface: "n1", config: { "security.acls": "web", "security.acls.default.egress.action": "allow" } }, new Map([["web", acl]]));
  t.same(base!.rules, ["ct state established,related accept", 'oifname "n1" jump acl-in.n1', 'iifname "n1" jump acl-out.n1']);
  t.same(ingress!.rules, [
    'ip saddr 10.9.0.0/16 drop comment "acl web"',
    'tcp dport { 80, 443 } accept comment "acl web"',
    'reject comment "default ingress action of n1"',
  ], "drop before allow, the disabled rule left out, LXD's default reject");
  t.same(egress!.rules, ['ip6 daddr fd42:9::/64 reject comment "acl web"', 'accept comment "default egress action of n1"']);
  t.same(aclChainsFor({ name: "n2", hostInterface: "n2", config: {} }, new Map()), [], "no ACLs, no chains");
  const bad = (r: Partial<typeof rule>, field: string, message: RegExp) => t.throws(() => normalizeAcl({ name: "x", description: "", ingress: [{ ...rule, ...r }], egress: [] }), { field, message });
  bad({ action: "maybe" }, "ingress[0].action", /must be one of allow, reject, drop/);
  bad({ protocol: "sctp" }, "ingress[0].protocol", /must be empty \(any\) or one of tcp, udp, icmp4, icmp6/);
  bad({ destination_port: "80" }, "ingress[0].destination_port", /needs protocol tcp or udp/);
  bad({ protocol: "udp", destination_port: "90-80" }, "ingress[0].destination_port", /first <= last/);
  bad({ source: "10.0.0.0/8", destination: "fd42::/64" }, "ingress[0].destination", /must all be IPv4 or all IPv6/);
  bad({ protocol: "icmp4", destination: "fd42::/64" }, "ingress[0].protocol", /icmp4 does not match IPv6/);
  bad({ source: "10.0.0.0/33" }, "ingress[0].source", /must be an IPv4 or IPv6 address or subnet/);
  bad({ state: "sometimes" }, "ingress[0].state", /enabled, disabled/);
  t.throws(() => normalizeAcl({ name: "bad name", description: "", ingress: [], egress: [] }), { field: "name", message: /name: must be/ });
});
