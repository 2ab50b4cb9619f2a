// The host probe run for real, checked against what the test itself observes on this host (machines
// of our kind differ: with or without /dev/kvm, cgroup layouts, kernel modules), plus its parsers.
import t from "tap";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import {
  CAPABILITY_NAMES,
  compareVersions,
  findCapability,
  parseCgroupMounts,
  parseSubid,
  parseVersion,
  probeHost,
  requireCapability,
  startKvmProbe,
  type CapabilityName,
  type HostProbe,
} from "../../agent/host/probe";
import { getResources, parseMeminfo } from "../../agent/host/resources";
import { run, succeeds } from "../../agent/host/run";

const hostLinks = async (): Promise<string[]> =>
  (await run("ip", ["-o", "link", "show"])).stdout
    .split("\n")
    .map((l) => l.split(":")[1]?.trim().split("@")[0] ?? "")
    .filter(Boolean);
/** This process's KVM probe dirs (those of other, dead processes are swept by any probe, so are not compared). */
const kvmTempDirs = (): string[] =>
  readdirSync(os.tmpdir()).filter((d) => d.startsWith(`corral-kvm-probe-${process.pid}-`));

/** Whether a throw-away network namespace accepts these `ip` lines: the test's own look at the kernel. */
const linkWorks = (lines: string[]): Promise<boolean> =>
  succeeds("unshare", ["--net", "--", "ip", "-batch", "-"], { input: lines.join("\n") + "\n", timeoutMs: 5_000 });
const VETH = "link add tprobe0 type veth peer name tprobe1";
const onPath = (bin: string): Promise<boolean> => succeeds("which", [bin]);
const cpuHasVirt = (): boolean => /\b(vmx|svm)\b/.test(/^flags\s*:(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "");
const fsType = async (p: string): Promise<string> =>
  (await run("stat", ["-f", "-c", "%T", p]).catch(() => ({ stdout: "" }))).stdout.trim();

/** What the KVM report must say on this host, from what the test itself sees here. */
async function expectedKvm(): Promise<{ available: boolean; detail: RegExp }> {
  if (!(await onPath("qemu-system-x86_64"))) return { available: false, detail: /qemu-system-x86_64 not installed/ };
  if (!existsSync("/dev/kvm")) return { available: false, detail: /\/dev\/kvm does not exist/ };
  if (existsSync("/sys/module/kvm_pvm") || !cpuHasVirt()) return { available: false, detail: /nested PVM|hung|failed/ };
  // Real hardware virtualization: the probe's guest either ran or it says why it did not.
  return { available: true, detail: /test guest ran under KVM|hung|failed/ };
}

t.test("probe reports this host's real capabilities", async (t) => {
  const mapperBefore = existsSync("/dev/mapper/control");
  const tmpBefore = kvmTempDirs();

  const probe: HostProbe = await probeHost({ refresh: true, waitForKvm: true });
  const get = (n: (typeof CAPABILITY_NAMES)[number]) => findCapability(probe, n);

  t.same(
    probe.capabilities.map((c) => c.name).sort(),
    [...CAPABILITY_NAMES].sort(),
    "every capability reported exactly once",
  );
  for (const c of probe.capabilities) t.ok(c.detail.length > 0, `${c.name} has a detail`);

  // Tools: what .ci/run installs, with the versions the tools themselves print.
  const lxcVersion = /\d+\.\d+(\.\d+)?/.exec((await run("lxc-start", ["--version"])).stdout)![0];
  t.equal(get("lxc").available, true, "lxc available");
  t.equal(get("lxc").detail, lxcVersion, "lxc version as lxc-start reports it");
  const kernelOk = compareVersions(parseVersion(os.release())!, "5.12") >= 0;
  const idmappedExpected = kernelOk && compareVersions(lxcVersion, "5.0") >= 0;
  t.equal(get("lxc.idmapped_mounts").available, idmappedExpected, "idmapped mounts follow kernel and LXC versions");
  t.equal(get("storage.dir").available, true);
  t.equal(get("storage.btrfs").available, true, "btrfs available");
  t.match(get("storage.btrfs").detail, /btrfs-progs \d/);
  t.equal(get("nftables").available, true, "nftables available");
  t.match(get("nftables").detail, /^\d+\.\d+/);
  t.equal(get("dnsmasq").available, true, "dnsmasq available");
  t.match(get("dnsmasq").detail, /^\d+\.\d+/);

  // Kernel features: each as the test finds it on this host.
  const dm = /\sdevice-mapper$/m.test(readFileSync("/proc/misc", "utf8"));
  if (!dm) {
    t.equal(get("storage.lvm").available, false, "no device-mapper: lvm not available");
    t.match(get("storage.lvm").detail, /device-mapper/);
  }
  const links: [CapabilityName, string, string[], RegExp][] = [
    ["network.bridge", "bridge", ["link add tprobebr type bridge"], /bridge/],
    ["network.vlan", "vlan", [VETH, "link add link tprobe0 name tprobe0.5 type vlan id 5"], /8021q/],
    ["network.macvlan", "macvlan", [VETH, "link add link tprobe0 name tprobemv type macvlan mode bridge"], /macvlan/],
    ["network.vxlan", "vxlan", [VETH, "link add tprobevx type vxlan id 42 dstport 4789 dev tprobe0"], /VXLAN/],
  ];
  for (const [name, type, lines, missing] of links) {
    const works = await linkWorks(lines);
    t.equal(get(name).available, works, `${name} ${works ? "works" : "is missing"} here, as the probe says`);
    if (!works) t.match(get(name).detail, missing, `${name} names the missing kernel feature`);
    t.equal(probe.networkTypes.includes(type), works, `network types ${works ? "include" : "omit"} ${type}`);
  }
  const filtering = await linkWorks(["link add tprobebr1 type bridge vlan_filtering 1"]);
  t.equal(get("bridge.vlan_filtering").available, filtering, `bridge VLAN filtering ${filtering ? "works" : "is missing"} here, as the probe says`);
  if (!filtering) t.match(get("bridge.vlan_filtering").detail, /CONFIG_BRIDGE_VLAN_FILTERING/, "names the missing kernel feature");
  t.notOk(probe.networkTypes.some((n) => n.includes("filtering")), "VLAN filtering is not a network type");

  const kvm = await expectedKvm();
  t.match(get("kvm").detail, kvm.detail, "kvm detail: the reason this host gives, or that a guest ran");
  if (!kvm.available) t.equal(get("kvm").available, false, "kvm not usable here");

  const root = await fsType("/sys/fs/cgroup");
  const layout =
    root === "cgroup2fs" ? "v2" : (await fsType("/sys/fs/cgroup/unified")) === "cgroup2fs" ? "hybrid" : root === "tmpfs" ? "v1" : "none";
  t.equal(probe.cgroupLayout, layout, `cgroup layout ${layout}, as /sys/fs/cgroup shows`);
  t.equal(get("cgroup").available, layout !== "none");
  t.ok(get("cgroup").detail.startsWith(layout === "none" ? "no cgroup" : `${layout}; v2 controllers: `));
  if (layout === "hybrid" || layout === "v1") {
    t.equal(probe.cgroup.v1Controllers.includes("memory"), existsSync("/sys/fs/cgroup/memory"), "memory v1 controller as mounted");
  }

  const idmap = get("idmap");
  if (idmap.available) {
    t.equal(idmap.detail, probe.idmapText);
    t.match(idmap.detail, /^\d+:\d+/);
    t.ok(probe.idmap && probe.idmap.uid.count > 0);
  } else {
    t.match(idmap.detail, /subuid|subgid/);
    t.equal(probe.idmap, null);
  }

  t.same(probe.storageDrivers.slice(0, 2), ["dir", "btrfs"]);
  t.equal(probe.storageDrivers.includes("lvm"), get("storage.lvm").available);
  t.ok(probe.instanceTypes.includes("container"));

  t.equal(probe.kernel, os.release());
  t.equal(probe.architecture, os.machine());
  t.ok(probe.cpus >= 1);

  // Nothing left behind: link tests ran in namespaces that died with their process.
  t.same((await hostLinks()).filter((l) => l.startsWith("cprobe")), [], "no probe links in the host namespace");
  const netns = (await run("ip", ["netns", "list"])).stdout;
  t.notMatch(netns, /cprobe|corral-probe/, "no probe network namespaces");
  t.equal(existsSync("/dev/mapper/control"), mapperBefore, "probe did not create /dev/mapper/control");
  t.same(kvmTempDirs(), tmpBefore, "kvm payload dir removed");
});

t.test("probe is cached until refresh", async (t) => {
  const a = await probeHost();
  const b = await probeHost();
  t.equal(b.probedAt, a.probedAt, "second call served from cache");
  t.same(b.capabilities, a.capabilities);
  const c = await probeHost({ refresh: true });
  t.ok(c.probedAt >= a.probedAt, "refresh probes again");
  const kvm = await startKvmProbe();
  t.equal(kvm.name, "kvm");
});

t.test("requireCapability explains what is missing", async (t) => {
  const probe = await probeHost();
  const missing = probe.capabilities.filter((c) => !c.available && c.name !== "kvm");
  for (const c of missing) {
    const err = await requireCapability(c.name as CapabilityName, "Widgets").then(() => null, (e: unknown) => e);
    t.match(err, { code: "CORRAL_ERR_CAPABILITY", message: new RegExp(`Widgets.*${c.detail.slice(0, 20).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`) }, `${c.name} refused with its reason`);
  }
  const btrfs = await requireCapability("storage.btrfs");
  t.equal(btrfs.available, true);
});

t.test("getResources reads /proc/meminfo and uname", async (t) => {
  const r = await getResources();
  t.ok(r.cpus >= 1);
  t.ok(r.memoryTotalBytes > 0 && r.memoryAvailableBytes > 0);
  t.ok(r.memoryAvailableBytes <= r.memoryTotalBytes);
  t.equal(r.kernel, os.release());
  t.equal(r.hostname, os.hostname());
  t.equal(r.architecture, os.machine());
  t.same(parseMeminfo("MemTotal:  1000 kB\nMemFree:  10 kB\nMemAvailable:   500 kB\n"), {
    totalBytes: 1024000,
    availableBytes: 512000,
  });
  t.same(parseMeminfo("MemTotal:  1000 kB\nMemFree:  10 kB\n"), { totalBytes: 1024000, availableBytes: 10240 });
});

t.test("parsers", async (t) => {
  const v2only = "25 1 0:22 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n";
  t.same(parseCgroupMounts(v2only), { layout: "v2", v2Mount: "/sys/fs/cgroup", v2Controllers: [], v1Controllers: [] });
  const v1only =
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n" +
    "33 31 0:30 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
  t.match(parseCgroupMounts(v1only), { layout: "v1", v2Mount: null, v1Controllers: ["cpu", "cpuacct", "memory"] });
  const hybrid = v1only + "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
  t.match(parseCgroupMounts(hybrid), { layout: "hybrid", v2Mount: "/sys/fs/cgroup/unified" });
  t.equal(parseCgroupMounts("1 0 8:1 / / rw - ext4 /dev/sda rw\n").layout, "none");
  t.equal(parseCgroupMounts("41 31 0:38 / /a\\040b rw - cgroup2 cgroup2 rw\n").v2Mount, "/a b");

  t.same(parseSubid("lxd:1000000:65536\nroot:100000:65536\n"), { start: 100000, count: 65536 });
  t.same(parseSubid("# c\n0:200000:1000\n"), { start: 200000, count: 1000 });
  t.equal(parseSubid(""), null);
  t.equal(parseSubid("root:x:1\nroot:5:0\n"), null);

  t.equal(parseVersion("nftables v1.0.6 (Lester Gooch #5)"), "1.0.6");
  t.equal(parseVersion("Dnsmasq version 2.90  Copyright (c) 2000-2024"), "2.90");
  t.equal(parseVersion("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)"), "7.2.22");
  t.equal(parseVersion("no digits"), null);
  t.ok(compareVersions("6.18.44", "5.12") > 0);
  t.ok(compareVersions("5.11", "5.12") < 0);
  t.equal(compareVersions("5.0", "5.0.0"), 0);
});
