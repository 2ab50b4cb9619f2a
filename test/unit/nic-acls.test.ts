// The bridge-family table NIC ACLs become, checked as text (test/agent/nic-acl.test.ts runs it for
// real), the NIC key checks, and the provider's network_interface attributes for them.
import t from "tap";
import { normalizeAcl, type AclRule } from "../../agent/network/policy/acls";
import { checkNicAcls, nicAclScript, withoutNicAcls } from "../../agent/network/policy/nic-acls";
import { devicesFromAgent, devicesToAgent, deviceFieldPath } from "../../provider/resources/devices";

const rule = (r: Partial<AclRule>): AclRule => ({ action: "drop", source: "", destination: "", protocol: "", destination_port: "", state: "", description: "", ...r });
const acl = normalizeAcl({
  name: "web", description: "",
  ingress: [rule({ action: "allow", protocol: "tcp", destination_port: "80" }), rule({ action: "reject", source: "10.1.0.0/24" }), rule({ action: "drop", source: "10.1.0.7", state: "disabled" })],
  egress: [rule({ action: "drop", destination: "fd00::/64" })],
});
const acls = new Map([["web", acl]]);
const nic = { instance: "c1", device: "eth0", hostName: "cr00112233aa", config: { "security.acls": "web", "security.acls.default.egress.action": "allow" } };

t.test("the table: chains per NIC, hooks on its port, stateless verdicts", async (t) => {
  const lines = nicAclScript([nic], acls, { tableExists: false, stateful: false }).trim().split("\n");
  t.equal(lines[0], "add table bridge corral", "a new table when none exists");
  const inRules = lines.filter((l) => l.startsWith("add rule bridge corral nic-in.cr00112233aa ")).map((l) => l.slice("add rule bridge corral nic-in.cr00112233aa ".length));
  t.same(inRules.slice(3), [
    'ip saddr 10.1.0.0/24 drop comment "acl web"',
    'tcp dport 80 return comment "acl web"',
    'drop comment "default ingress action of c1 eth0"',
  ], "LXD's order; reject drops; allow returns so the other port's chain still decides; the default reject drops; disabled rules left out");
  t.match(inRules.slice(0, 3).join("\n"), /nd-neighbor-solicit[\s\S]*dport \{ 67, 68 \}[\s\S]*dport \{ 546, 547 \}/, "neighbour discovery and DHCP always pass");
  t.ok(lines.includes('add rule bridge corral nic-out.cr00112233aa return comment "default egress action of c1 eth0"'), "default allow returns");
  t.same(lines.filter((l) => /^add (chain|rule) bridge corral nic\.(forward|input|output)/.test(l)), [
    "add chain bridge corral nic.forward { type filter hook forward priority 0; policy accept; }",
    'add rule bridge corral nic.forward iifname "cr00112233aa" meta protocol { ip, ip6 } jump nic-out.cr00112233aa',
    'add rule bridge corral nic.forward oifname "cr00112233aa" meta protocol { ip, ip6 } jump nic-in.cr00112233aa',
    "add chain bridge corral nic.input { type filter hook input priority 0; policy accept; }",
    'add rule bridge corral nic.input iifname "cr00112233aa" meta protocol { ip, ip6 } jump nic-out.cr00112233aa',
    "add chain bridge corral nic.output { type filter hook output priority 0; policy accept; }",
    'add rule bridge corral nic.output oifname "cr00112233aa" meta protocol { ip, ip6 } jump nic-in.cr00112233aa',
  ], "port to port, port to host and host to port; only IP (ARP passes)");
  t.same(nicAclScript([nic], acls, { tableExists: true, stateful: false }).split("\n").slice(0, 3), ["add table bridge corral", "delete table bridge corral", "add table bridge corral"], "an existing table is replaced in the same transaction");
  t.equal(nicAclScript([], acls, { tableExists: true, stateful: false }), "add table bridge corral\ndelete table bridge corral\n", "no NIC: the table goes");
  t.equal(nicAclScript([], acls, { tableExists: false, stateful: false }), "", "no NIC, no table: nothing to do");
  const stateful = nicAclScript([nic], acls, { tableExists: false, stateful: true }).split("\n");
  for (const dir of ["in", "out"]) {
    t.equal(stateful.find((l) => l.startsWith(`add rule bridge corral nic-${dir}.cr00112233aa `)), `add rule bridge corral nic-${dir}.cr00112233aa ct state established,related return`, `with bridge conntrack, replies pass first (nic-${dir})`);
  }
});

t.test("NIC key checks name the field", async (t) => {
  const known = new Set(["web"]);
  t.doesNotThrow(() => checkNicAcls({ "security.acls": "web" }, 'devices["eth0"]', known));
  t.throws(() => checkNicAcls({ "security.acls": "web,nosuch" }, 'devices["eth0"]', known), { field: 'devices["eth0"]["security.acls"]', message: /unknown network ACL "nosuch"/ });
  t.throws(() => checkNicAcls({ "security.acls.default.ingress.action": "drop" }, 'devices["eth1"]', known), { field: 'devices["eth1"]["security.acls.default.ingress.action"]', message: /requires security\.acls/ });
  t.same(withoutNicAcls({ eth0: { type: "nic", network: "n", "security.acls": "web" } }), { eth0: { type: "nic", network: "n" } }, "the live keys left out of the stopped-only comparison");
});

t.test("provider: network_interface security_acls", async (t) => {
  const nicBlock = { name: "eth0", network: "lan", nictype: null, parent: null, vlan: null, ipv4_address: null, security_acls: ["web", "dns"], security_acls_default_ingress_action: "drop", security_acls_default_egress_action: null, mac_address: null };
  const dev = devicesToAgent({ network_interface: [nicBlock] }, { network_interface: [{ ...nicBlock }] });
  t.same(dev.eth0!.properties, { type: "nic", network: "lan", "security.acls": "web,dns", "security.acls.default.ingress.action": "drop" }, "to the agent's keys");
  const back = devicesFromAgent({ eth0: { properties: dev.eth0!.properties } }, {}, { network_interface: [nicBlock] }) as { network_interface: Record<string, unknown>[] };
  t.match(back.network_interface[0], { security_acls: ["web", "dns"], security_acls_default_ingress_action: "drop", security_acls_default_egress_action: null }, "and back");
  const none = devicesFromAgent({ eth0: { properties: { type: "nic", network: "lan" } } }, {}, { network_interface: [{ ...nicBlock, security_acls: [] }] }) as { network_interface: Record<string, unknown>[] };
  t.same(none.network_interface[0]!.security_acls, [], "an empty list stays an empty list");
  t.match(JSON.stringify(deviceFieldPath('devices["eth0"]["security.acls"]', { network_interface: [nicBlock] })), /security_acls/, "errors point at security_acls");
  t.match(JSON.stringify(deviceFieldPath('devices["eth0"]["security.acls.default.ingress.action"]', { network_interface: [nicBlock] })), /security_acls_default_ingress_action/);
});
