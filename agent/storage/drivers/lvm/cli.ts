// The lvm driver's command-plan layer: every host command the driver runs (lvm2's tools, losetup,
// mkfs, mount) is an argument array built by one of the pure `args.*` builders and handed to one
// `CommandRunner`. The real runner executes it; a unit test hands in a recorder that captures the
// argv instead, so the exact commands of each operation are checked against recorded expectations
// (this kernel has no device-mapper: lvcreate cannot run here).
import { CommandError, run } from "../../../host/run";
import type { DiskFormat } from "../../driver";

/** Runs one command (argv[0] is the tool) and resolves with its stdout; rejects with CommandError.
 * With a signal, an abort kills the command (a cancelled export's qemu-img). */
export type CommandRunner = (argv: string[], opts?: { signal?: AbortSignal }) => Promise<string>;

/** lvm commands answer in well under a second; a wedged device (or udev) must not stall the agent. */
export const LVM_COMMAND_TIMEOUT_MS = 60_000;
/** mkfs on a large thin LV writes its inode tables up front (lazy init off, as LXD does); qemu-img
 * converting a disk onto an LV, or an LV out into a file, moves its data. */
export const MKFS_TIMEOUT_MS = 10 * 60_000;

/** The real runner. */
export const runHost: CommandRunner = async (argv, opts) =>
  (await run(argv[0]!, argv.slice(1), { timeoutMs: argv[0]!.startsWith("mkfs") || argv[0] === "qemu-img" ? MKFS_TIMEOUT_MS : LVM_COMMAND_TIMEOUT_MS, signal: opts?.signal })).stdout;

/** The tag every VG and LV the driver makes carries: delete never removes what lacks it. */
export const tagOf = (pool: string): string => `corral.pool=${pool}`;
/** The tag of an LV holding a raw disk (a VM's or a block custom volume) rather than a filesystem. */
export const BLOCK_TAG = "corral.content=block";

export type Filesystem = "ext4" | "xfs";

/** `--units b --nosuffix`: sizes as plain byte counts; `--noheadings`, `--separator`: parseable rows. */
const REPORT = ["--noheadings", "--units", "b", "--nosuffix", "--separator", "\t"];
const bytes = (n: number): string => `${n}b`;
const addTags = (tags: string[]): string[] => tags.flatMap((t) => ["--addtag", t]);

export const args = {
  loopAttach: (file: string): string[] => ["losetup", "--find", "--show", file],
  loopFind: (file: string): string[] => ["losetup", "--associated", file],
  loopDetach: (dev: string): string[] => ["losetup", "--detach", dev],
  pvcreate: (dev: string): string[] => ["pvcreate", "--yes", dev],
  pvremove: (dev: string): string[] => ["pvremove", "--yes", dev],
  vgcreate: (vg: string, dev: string, tag: string): string[] => ["vgcreate", "--addtag", tag, vg, dev],
  /** `--force`: the VG's LVs go with it (only ever run on a VG carrying the pool's tag). */
  vgremove: (vg: string): string[] => ["vgremove", "--force", vg],
  /** Activates every LV of the VG that is not flagged to skip activation (snapshots are). */
  vgActivate: (vg: string): string[] => ["vgchange", "--activate", "y", vg],
  vgDeactivate: (vg: string): string[] => ["vgchange", "--activate", "n", vg],
  /** name, tags, free bytes, size bytes; fails when the VG does not exist. */
  vgs: (vg: string): string[] => ["vgs", ...REPORT, "-o", "vg_name,vg_tags,vg_free,vg_size", vg],
  /** A thin pool on all the VG's free extents (lvm sizes its metadata LV itself). */
  thinPoolCreate: (vg: string, thinpool: string, tag: string): string[] =>
    ["lvcreate", "--yes", "--type", "thin-pool", "--extents", "100%FREE", "--addtag", tag, "--name", thinpool, vg],
  /** A thin volume of virtual size `size` in the thin pool. */
  thinCreate: (vg: string, thinpool: string, lv: string, size: number, tags: string[]): string[] =>
    ["lvcreate", "--yes", "--wipesignatures", "y", "--type", "thin", "--virtualsize", bytes(size), "--thinpool", thinpool, ...addTags(tags), "--name", lv, vg],
  /** A thin snapshot of `origin` (an independent LV in the same thin pool); `activate` clears the
   * skip-activation flag thin snapshots get by default, so the copy is usable at once. */
  thinSnapshot: (vg: string, origin: string, lv: string, tags: string[], activate: boolean): string[] =>
    ["lvcreate", "--yes", "--snapshot", ...(activate ? ["--setactivationskip", "n"] : []), ...addTags(tags), "--name", lv, `${vg}/${origin}`],
  lvrename: (vg: string, from: string, to: string): string[] => ["lvrename", vg, from, to],
  lvremove: (vg: string, lv: string): string[] => ["lvremove", "--yes", `${vg}/${lv}`],
  /** Grows only: lvextend refuses a smaller size. */
  lvextend: (vg: string, lv: string, size: number): string[] => ["lvextend", "--yes", "--size", bytes(size), `${vg}/${lv}`],
  /** name, tags, size, data percent of every LV of the VG (the thin pool and its metadata included). */
  lvsAll: (vg: string): string[] => ["lvs", ...REPORT, "-o", "lv_name,lv_tags,lv_size,data_percent", vg],
  /** The same for one LV; fails when it does not exist. */
  lvs: (vg: string, lv: string): string[] => ["lvs", ...REPORT, "-o", "lv_name,lv_tags,lv_size,data_percent", `${vg}/${lv}`],
  /** ext4 with its tables written now (no lazy init behind the container's back) and no discard pass over a new thin LV. */
  mkfs: (fs: Filesystem, dev: string): string[] =>
    fs === "ext4" ? ["mkfs.ext4", "-q", "-E", "nodiscard,lazy_itable_init=0,lazy_journal_init=0", dev] : ["mkfs.xfs", "-q", "-K", dev],
  /** A thin snapshot of xfs has its origin's UUID, and xfs refuses to mount two of them: a new one. */
  xfsNewUuid: (dev: string): string[] => ["xfs_admin", "-U", "generate", dev],
  growFs: (fs: Filesystem, dev: string, mountPath: string): string[] => (fs === "ext4" ? ["resize2fs", dev] : ["xfs_growfs", mountPath]),
  mount: (fs: Filesystem, dev: string, path: string, options: string): string[] => ["mount", "-t", fs, ...(options ? ["-o", options] : []), dev, path],
  umount: (path: string): string[] => ["umount", path],
  /** The virtual size of a disk file (a VM's qcow2, a block volume's raw content). */
  diskInfo: (file: string, format: DiskFormat): string[] => ["qemu-img", "info", "--output=json", "-f", format, file],
  /** A disk file written raw onto an LV: `-n` the device exists; `--target-is-zero` for a fresh thin
   * LV, which reads zeroes, so only data is written (the thin pool stays thin). */
  diskToRaw: (file: string, format: DiskFormat, dev: string, fresh: boolean): string[] =>
    ["qemu-img", "convert", "-f", format, "-O", "raw", "-n", ...(fresh ? ["--target-is-zero"] : []), file, dev],
  /** An LV's content read out into a new sparse disk file (zero blocks, so a thin LV's unwritten ones, are left out). */
  rawToDisk: (dev: string, file: string, format: DiskFormat): string[] => ["qemu-img", "convert", "-f", "raw", "-O", format, dev, file],
};

const stderrOf = (e: unknown): string => (e instanceof CommandError ? e.stderr : "");
/** What lvm2 answers about a VG or LV that is not there. */
export const isMissing = (e: unknown): boolean => /not found|Failed to find|does not exist/i.test(stderrOf(e));
export const isExisting = (e: unknown): boolean => /already exists/i.test(stderrOf(e));

export interface LvRow {
  name: string;
  tags: string[];
  sizeBytes: number;
  /** Percent of the LV's (virtual) size with data in the thin pool; 0 where lvm reports none. */
  dataPercent: number;
}

/** Rows of an `lvs` report built by args.lvs/lvsAll. */
export function parseLvs(stdout: string): LvRow[] {
  return stdout.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => {
    const [name = "", tags = "", size = "0", pct = ""] = l.split("\t").map((c) => c.trim());
    return { name, tags: tags ? tags.split(",") : [], sizeBytes: Number(size), dataPercent: pct ? Number(pct) : 0 };
  });
}

export interface VgRow {
  name: string;
  tags: string[];
  freeBytes: number;
  sizeBytes: number;
}

/** The row of a `vgs` report built by args.vgs. */
export function parseVgs(stdout: string): VgRow | undefined {
  const line = stdout.split("\n").map((l) => l.trim()).find(Boolean);
  if (!line) return undefined;
  const [name = "", tags = "", free = "0", size = "0"] = line.split("\t").map((c) => c.trim());
  return { name, tags: tags ? tags.split(",") : [], freeBytes: Number(free), sizeBytes: Number(size) };
}
