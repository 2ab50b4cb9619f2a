// The VLAN command plans, against recorded expectations: this kernel has no 8021q and no bridge
// VLAN filtering, so these commands cannot run here (the agent refuses with a capability error
// first; see test/agent/network-host.test.ts). What they would run on a host that has them:
import t from "tap";
import { bridgePortVlanPlan, bridgeUplinkPlan, isVlanId, vlanIfName, vlanLinkPlan } from "../../agent/network/vlan";

t.test("macvlan network with vlan: a tagged 802.1Q subinterface of the parent", async (t) => {
  t.same(vlanLinkPlan("eth1", 42, "lan"), [
    ["ip", "link", "add", "link", "eth1", "name", "eth1.42", "type", "vlan", "id", "42"],
    ["ip", "link", "set", "dev", "eth1.42", "alias", "corral:lan"],
    ["ip", "link", "set", "dev", "eth1.42", "up"],
  ]);
});

t.test("bridge uplink: parent, or its VLAN subinterface, becomes a port of the managed bridge", async (t) => {
  t.same(bridgeUplinkPlan("crbr0", "eth1", undefined), [["ip", "link", "set", "dev", "eth1", "master", "crbr0", "up"]]);
  t.same(bridgeUplinkPlan("crbr0", "eth1", 7), [
    ["ip", "link", "add", "link", "eth1", "name", "eth1.7", "type", "vlan", "id", "7"],
    ["ip", "link", "set", "dev", "eth1.7", "alias", "corral:crbr0"],
    ["ip", "link", "set", "dev", "eth1.7", "up"],
    ["ip", "link", "set", "dev", "eth1.7", "master", "crbr0"],
  ]);
});

t.test("NIC vlan on a managed bridge: filtering on, the port moved from VLAN 1 to its own, untagged", async (t) => {
  t.same(bridgePortVlanPlan("crbr0", "cr0123456789", 100), [
    ["ip", "link", "set", "dev", "crbr0", "type", "bridge", "vlan_filtering", "1"],
    ["bridge", "vlan", "del", "dev", "cr0123456789", "vid", "1"],
    ["bridge", "vlan", "add", "dev", "cr0123456789", "vid", "100", "pvid", "untagged"],
  ]);
});

t.test("names and ids", async (t) => {
  t.equal(vlanIfName("enp0s31f6", 4094), "enp0s31f6.4094", "fits in 15 bytes as <parent>.<id>");
  t.equal(vlanIfName("enx00e04c680abc", 12), "enx00e04c680.12", "a long parent is shortened to fit");
  t.equal(isVlanId("1"), undefined);
  t.equal(isVlanId("4094"), undefined);
  t.match(isVlanId("0"), /between 1 and 4094/);
  t.match(isVlanId("4095"), /between 1 and 4094/);
});
