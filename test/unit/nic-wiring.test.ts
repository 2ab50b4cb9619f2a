// How each NIC kind is handed to the instance drivers: the LXC config lines (veth peer, macvlan,
// the host's own interface) and what clean-up may delete, and QEMU's -netdev for taps and for
// macvtaps inherited as file descriptors.
import t from "tap";
import { generateConfig, hostNamesFromConfig } from "../../agent/instances/drivers/lxc/config";
import { parseCgroupLayout } from "../../agent/instances/drivers/lxc/cgroup";
import { FIRST_TAP_FD, qemuArgs, type VmDefinition } from "../../agent/instances/drivers/qemu/cli";
import type { InstanceSpec } from "../../agent/instances/driver";

const layout = parseCgroupLayout("34 25 0:30 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw", () => ["memory", "pids"]);
const paths = { seccompProfile: "/x/seccomp", logFile: "/x/lxc.log", consoleLog: "/x/console.log" };

t.test("LXC: every NIC is moved in as phys; Corral deletes only what it made", async (t) => {
  const spec: InstanceSpec = {
    name: "c1", volumePath: "/v/c1", runDir: "/r/c1", config: {}, mounts: [], disks: [], limits: {},
    nics: [
      { name: "eth0", hostName: "cr0000000001", kind: "bridged", link: "crbr0", hwaddr: "00:16:3e:00:00:01", mtu: 1500 },
      { name: "eth1", hostName: "cr0000000002", kind: "macvlan", link: "eno1", hwaddr: "00:16:3e:00:00:02" },
      { name: "eth2", hostName: "cr0000000003", kind: "physical", link: "eno2", hwaddr: "" },
    ],
  };
  const text = await generateConfig(spec, { layout, apparmor: false, hostArch: "x86_64" }, paths);
  const net = text.split("\n").filter((l) => /^(lxc\.net\.|# corral\.nic)/.test(l));
  t.same(net, [
    "# corral.nic.0.host_name = cr0000000001",
    "lxc.net.0.type = phys", "lxc.net.0.link = pr0000000001", "lxc.net.0.name = eth0", "lxc.net.0.hwaddr = 00:16:3e:00:00:01", "lxc.net.0.mtu = 1500", "lxc.net.0.flags = up",
    "# corral.nic.1.host_name = cr0000000002",
    "lxc.net.1.type = phys", "lxc.net.1.link = cr0000000002", "lxc.net.1.name = eth1", "lxc.net.1.hwaddr = 00:16:3e:00:00:02", "lxc.net.1.flags = up",
    "# corral.nic.2.host_name = eno2", "# corral.nic.2.kind = physical",
    "lxc.net.2.type = phys", "lxc.net.2.link = eno2", "lxc.net.2.name = eth2", "lxc.net.2.flags = up",
  ], "veth peer, the macvlan the driver made, the host interface itself (its own MAC)");
  t.same(Object.fromEntries(hostNamesFromConfig(text)), {
    eth0: { hostName: "cr0000000001", owned: true },
    eth1: { hostName: "cr0000000002", owned: true },
    eth2: { hostName: "eno2", owned: false },
  }, "the physical NIC is reported by its host name but never deleted");
});

t.test("QEMU: taps by name, macvtaps as inherited fds in NIC order", async (t) => {
  const def: VmDefinition = {
    name: "v1", disk: "/d/root.img", memoryBytes: 256 * 2 ** 20, cpus: 1, firmware: "bios", secureBoot: false, disks: [], seed: "",
    nics: [
      { hostName: "cr0000000001", link: "crbr0", hwaddr: "00:16:3e:00:00:01" },
      { hostName: "cr0000000002", kind: "macvlan", link: "eno1", hwaddr: "00:16:3e:00:00:02" },
      { hostName: "cr0000000003", kind: "macvlan", link: "eno1", hwaddr: "00:16:3e:00:00:03", mtu: 1400 },
    ],
  };
  const args = qemuArgs(def, "/q/v1", { accel: "tcg", sandbox: false });
  const netdevs = args.flatMap((a, i) => (args[i - 1] === "-netdev" ? [a] : []));
  t.same(netdevs, [
    "tap,id=net0,ifname=cr0000000001,script=no,downscript=no",
    `tap,id=net1,fd=${FIRST_TAP_FD}`,
    `tap,id=net2,fd=${FIRST_TAP_FD + 1}`,
  ]);
  t.ok(args.includes("virtio-net-pci,netdev=net2,mac=00:16:3e:00:00:03,host_mtu=1400,romfile="), "each with its MAC (and MTU)");
});

t.test("QEMU: the run-as user by the option the installed QEMU takes", async (t) => {
  const def: VmDefinition = { name: "v1", disk: "/d/root.img", memoryBytes: 256 * 2 ** 20, cpus: 1, firmware: "bios", secureBoot: false, disks: [], seed: "", nics: [] };
  const userArgs = (qemuVersion?: string) => {
    const args = qemuArgs(def, "/q/v1", { accel: "tcg", runAs: "nobody", qemuVersion, sandbox: true });
    const i = args.findIndex((a) => a === "-runas" || a === "-run-with");
    return args.slice(i, i + 2);
  };
  t.same(userArgs("7.2.18"), ["-runas", "nobody"], "Debian 12's QEMU 7.2");
  t.same(userArgs("9.0.2"), ["-runas", "nobody"]);
  t.same(userArgs("9.1.0"), ["-run-with", "user=nobody"], "9.1 and later (10.0 has no -runas)");
  t.same(userArgs("10.0.2"), ["-run-with", "user=nobody"]);
  t.same(userArgs(undefined), ["-runas", "nobody"], "an unknown version gets the long-standing option");
});
