// A virtual machine on a macvlan network: its NIC is a macvtap on the parent (a veth end whose
// peer is on a test LAN with its own dnsmasq), the guest gets the LAN's DHCP address and answers
// the LAN's ping, and stop and delete remove the macvtap. A physical NIC is refused for VMs.
// One VM boot (TCG): the tiny busybox guest.
import t from "tap";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { tinyVmImage, VM_MARKERS } from "../fixtures/vm-image";
import { eventually, qemuPids, startAgent, type TestAgent } from "../helpers/agent";
import { withLan } from "./helpers/lan";
import { randomSuffix } from "./helpers/netns";

/** The tiny guest reaches userland in ~2-5 s under TCG; a loaded CI machine gets slack. */
const BOOT_TIMEOUT_MS = 120_000;

interface LinkJson { ifname: string; ifalias?: string; address: string; link?: string; linkinfo?: { info_kind?: string; info_data?: { mode?: string } } }

const consoleOf = async (a: TestAgent, name: string) => (await a.client.instances.GetConsoleLog({ name })).data.toString("utf8");
const markerLine = (text: string, marker: string) => text.split(/\r?\n/).find((l) => l.includes(marker));

t.test("a VM on a macvlan network gets the LAN's address through a macvtap", async (t) => {
  const img = await tinyVmImage();
  const a = await startAgent(t);
  t.teardown(async () => {
    for (const name of readdirSync(join(a.dataDir, "qemu"))) for (const pid of await qemuPids(name)) process.kill(pid, "SIGKILL");
  });
  const lan = await withLan(t);
  const up0 = `up0${randomSuffix(2)}`;
  await lan.cable(a.ns, up0);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, img.rootfsPath, "--alias", "tiny"]);
  await a.cli(["network", "create", "lan", "--type", "macvlan", `parent=${up0}`]);
  const links = () => a.ns.ipJson<LinkJson>(["-d", "link", "show"]);
  const before = (await links()).map((l) => l.ifname).sort();

  const refused = await a.cli(["launch", "tiny", "vp", "--vm", "--storage", "p", "--device", `eth0,type=nic,nictype=physical,parent=${up0}`], { okCodes: [1] });
  t.match(refused.stderr, /devices\["eth0"\]\.nictype: a virtual-machine cannot take a physical NIC: moving a host interface into a VM needs PCI passthrough/, "a physical NIC is refused for a VM, naming the field");

  await a.cli(["launch", "tiny", "v1", "--vm", "--storage", "p", "--network", "lan", "-c", "limits.memory=256MiB"]);
  const ready = await eventually("the guest's DHCP marker", async () => markerLine(await consoleOf(a, "v1"), VM_MARKERS.ready), BOOT_TIMEOUT_MS, 500);
  const ip = /ip=(\S+)/.exec(ready)?.[1] ?? "";
  const mac = /mac=(\S+)/.exec(ready)?.[1] ?? "";
  t.ok(lan.leased(ip), `the guest got its address from the LAN's dnsmasq (${ip})`);
  await lan.ping(ip);
  t.pass("the LAN reaches the guest");

  const st = await a.client.instances.GetInstance({ name: "v1", with_state: true });
  const hostName = st.state!.network.eth0!.host_name;
  const tap = (await links()).find((l) => l.ifname === hostName);
  t.same([tap?.linkinfo?.info_kind, tap?.linkinfo?.info_data?.mode, tap?.link, tap?.ifalias], ["macvtap", "bridge", up0, "corral:v1"], "the NIC is a tagged macvtap in bridge mode on the parent");
  t.equal(tap?.address, mac, "with the guest's MAC");

  await a.cli(["stop", "-f", "v1"]);
  t.notOk((await links()).some((l) => l.ifname === hostName), "stop removes the macvtap");
  await a.cli(["delete", "v1"]);
  await a.cli(["network", "delete", "lan"]);
  t.same((await links()).map((l) => l.ifname).sort(), before, "nothing left in the agent's namespace");
});
