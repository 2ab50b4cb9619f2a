// The host probe run for real on this machine, checked against the facts in HOST.md, plus the
// parsers it is built from.
import t from "tap";
import { existsSync, readdirSync } from "node:fs";
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
  type HostProbe,
} from "../../agent/host/probe";
import { getResources, parseMeminfo } from "../../agent/host/resources";
import { run } from "../../agent/host/run";

const hostLinks = async (): Promise<string[]> =>
  (await run("ip", ["-o", "link", "show"])).stdout
    .split("\n")
    .map((l) => l.split(":")[1]?.trim().split("@")[0] ?? "")
    .filter(Boolean);
const kvmTempDirs = (): string[] => readdirSync(os.tmpdir()).filter((d) => d.startsWith("corral-kvm-probe-"));

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

  t.equal(get("lxc").available, true, "lxc available");
  t.match(get("lxc").detail, /^5\.\d+/, "lxc version 5.x");
  t.equal(get("lxc.idmapped_mounts").available, true, "idmapped mounts: kernel 6.18 + LXC 5");
  t.equal(get("storage.dir").available, true);
  t.equal(get("storage.btrfs").available, true, "btrfs available");
  t.match(get("storage.btrfs").detail, /btrfs-progs \d/);

  t.equal(get("storage.lvm").available, false, "lvm not available");
  t.match(get("storage.lvm").detail, /device-mapper not available in this kernel/);

  t.equal(get("network.vlan").available, false, "vlan not available");
  t.match(get("network.vlan").detail, /8021q/);
  t.equal(get("network.bridge").available, true, "bridge available");
  t.equal(get("network.macvlan").available, true, "macvlan available");
  t.equal(get("network.vxlan").available, true, "vxlan available");

  t.equal(get("nftables").available, true, "nftables available");
  t.match(get("nftables").detail, /^\d+\.\d+/);
  t.equal(get("dnsmasq").available, true, "dnsmasq available");
  t.match(get("dnsmasq").detail, /^\d+\.\d+/);

  // KVM never works for real guests here: either qemu is missing or /dev/kvm is nested PVM.
  t.equal(get("kvm").available, false, "kvm not usable");
  if (get("qemu").available) t.match(get("kvm").detail, /hang|PVM|failed/);
  else t.match(get("kvm").detail, /qemu-system-x86_64 not installed/);

  t.equal(probe.cgroupLayout, "hybrid", "cgroup v1 + v2 hybrid");
  t.equal(get("cgroup").available, true);
  t.match(get("cgroup").detail, /^hybrid; v2 controllers: /);
  t.ok(probe.cgroup.v1Controllers.includes("memory"), "memory is a v1 controller here");

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
  t.notOk(probe.storageDrivers.includes("lvm"));
  t.ok(probe.networkTypes.includes("bridge"));
  t.notOk(probe.networkTypes.includes("vlan"));
  t.ok(probe.instanceTypes.includes("container"));

  t.equal(probe.kernel, os.release());
  t.equal(probe.architecture, "x86_64");
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
  const err = await requireCapability("network.vlan", "VLAN networks").then(
    () => null,
    (e: unknown) => e,
  );
  t.match(err, { code: "CORRAL_ERR_CAPABILITY", message: /VLAN networks.*8021q/ });
  const lvm = await requireCapability("storage.lvm").catch((e: Error) => e);
  t.match(lvm, { code: "CORRAL_ERR_CAPABILITY", message: /storage\.lvm: .*device-mapper/ });
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
  t.equal(r.architecture, "x86_64");
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
