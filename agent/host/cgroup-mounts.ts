// The cgroup hierarchies mounted on this host, from /proc/self/mountinfo. The probe reports the
// layout from them and the LXC driver maps each controller to its hierarchy.

export interface CgroupMount {
  /** 1 for a `cgroup` (v1) hierarchy, 2 for the unified `cgroup2` one. */
  version: 1 | 2;
  mountPoint: string;
  /** Super options: the controllers of a v1 hierarchy are among them. */
  options: string[];
}

const unescapeMount = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Every cgroup/cgroup2 mount in mountinfo text, in order. */
export function cgroupMounts(mountinfo: string): CgroupMount[] {
  const out: CgroupMount[] = [];
  for (const line of mountinfo.split("\n")) {
    const sep = line.indexOf(" - ");
    if (sep < 0) continue;
    const [fstype, , superOpts = ""] = line.slice(sep + 3).split(" ");
    if (fstype !== "cgroup" && fstype !== "cgroup2") continue;
    out.push({ version: fstype === "cgroup2" ? 2 : 1, mountPoint: unescapeMount(line.slice(0, sep).split(" ")[4] ?? ""), options: superOpts.split(",") });
  }
  return out;
}

/** The unified hierarchy's mount point (the canonical /sys/fs/cgroup when several are mounted). */
export function unifiedMount(mounts: CgroupMount[]): string | undefined {
  const v2 = mounts.filter((m) => m.version === 2).map((m) => m.mountPoint);
  return v2.includes("/sys/fs/cgroup") ? "/sys/fs/cgroup" : v2[0];
}
