// Thin argument-array wrappers for btrfs-progs; parsing of their output lives here too. The
// subvolume operations every create, snapshot, restore and delete makes run the kernel's ioctls
// from corral-exec-helper (btrfs-ioctl.c) where it was built.
import { run, type RunResult } from "../../../host/run";
import { helperBinary } from "../../../host/spawner";

/** mkfs can take a while on big devices. */
const MKFS_TIMEOUT_MS = 5 * 60_000;

/** Formats target; `force` only for a file we just created (never for a user's block device). */
export async function mkfs(target: string, label: string, opts: { force?: boolean } = {}): Promise<void> {
  await run("mkfs.btrfs", [...(opts.force ? ["-f"] : []), "-q", "-L", label, target], { timeoutMs: MKFS_TIMEOUT_MS });
}

export async function quotaEnable(mountPath: string): Promise<void> {
  await run("btrfs", ["quota", "enable", mountPath]);
}

/** Tests: the binary whose ioctls make the subvolume operations instead of the built helper (undefined: btrfs-progs; null: the built helper again). */
let override: string | undefined | null = null;
export function setSubvolumeHelper(path: string | undefined | null): void {
  override = path;
}
/**
 * `btrfs subvolume ARGS`, made by the helper's ioctls where it was built: started by the agent's
 * spawn helper, that is a fork with no exec, where btrfs-progs takes longer to start than a
 * snapshot takes (the helper's own messages on failure, with the kernel's reason).
 */
function subvolume(args: string[]): Promise<RunResult> {
  const helper = override === null ? helperBinary() : override;
  return helper ? run(helper, ["--btrfs", ...args]) : run("btrfs", ["subvolume", ...args]);
}

export async function subvolumeCreate(path: string): Promise<void> {
  await subvolume(["create", path]);
}

/** A copy-on-write snapshot of src at dst (which must not exist): writable, or read-only with `readonly`. */
export async function subvolumeSnapshot(src: string, dst: string, opts: { readonly?: boolean } = {}): Promise<void> {
  await subvolume(["snapshot", ...(opts.readonly ? ["-r"] : []), src, dst]);
}

/** Deletes the subvolume at path; fails with "Directory not empty" while subvolumes are nested in it. */
export async function subvolumeDelete(path: string): Promise<void> {
  await subvolume(["delete", path]);
}

export interface SubvolumeInfo {
  /** Path relative to the filesystem's top-level subvolume. */
  path: string;
  id: number;
  uuid: string;
  /** UUID of the subvolume this one is a snapshot of, if any. */
  parentUuid?: string;
}

/** Facts about one subvolume from `btrfs subvolume show`. */
export async function subvolumeShow(path: string): Promise<SubvolumeInfo> {
  const res = await run("btrfs", ["subvolume", "show", path]);
  return parseSubvolumeShow(res);
}

function parseSubvolumeShow(res: RunResult): SubvolumeInfo {
  const lines = res.stdout.split("\n");
  const field = (name: string): string | undefined => {
    for (const l of lines) {
      const m = new RegExp(`^\\s*${name}:\\s*(.*)$`).exec(l);
      if (m) return m[1]!.trim();
    }
    return undefined;
  };
  const parent = field("Parent UUID");
  return {
    path: (lines[0] ?? "").trim(),
    id: Number(field("Subvolume ID")),
    uuid: field("UUID") ?? "",
    parentUuid: parent && parent !== "-" ? parent : undefined,
  };
}

/** Paths (relative to the filesystem top) of subvolumes directly below the subvolume at path. */
export async function subvolumeChildren(path: string): Promise<string[]> {
  const res = await run("btrfs", ["subvolume", "list", "-o", path]);
  const out: string[] = [];
  for (const line of res.stdout.split("\n")) {
    const m = /^ID \d+ gen \d+ top level \d+ path (.+)$/.exec(line.trim());
    if (m) out.push(m[1]!);
  }
  return out;
}

/** Sets a referenced-bytes limit on the subvolume at path, or removes it with "none". */
export async function qgroupLimit(path: string, limit: number | "none"): Promise<void> {
  await run("btrfs", ["qgroup", "limit", String(limit), path]);
}

/** Drops the qgroups of subvolumes that are gone (kernels before auto-removal leave them behind). */
export async function qgroupClearStale(mountPath: string): Promise<void> {
  await run("btrfs", ["qgroup", "clear-stale", mountPath]);
}

/** Subvolume (level 0) qgroup rows of `btrfs qgroup show -r --raw`: referenced bytes and limit. */
function parseQgroups(stdout: string): { referenced: number; limit?: number }[] {
  const out: { referenced: number; limit?: number }[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^0\/\d+\s+(\d+)\s+\d+\s+(\S+)/.exec(line.trim());
    if (m) out.push({ referenced: Number(m[1]), limit: /^\d+$/.test(m[2]!) ? Number(m[2]) : undefined });
  }
  return out;
}

/** Referenced bytes and limit of the subvolume at path (qgroups must be enabled). */
export async function qgroupShow(path: string): Promise<{ referenced: number; limit?: number }> {
  const [q] = parseQgroups((await run("btrfs", ["qgroup", "show", "-r", "-f", "--raw", path])).stdout);
  if (!q) throw new Error(`btrfs qgroup show printed no qgroup for ${path}`);
  return q;
}

/** The referenced-bytes limits set on any subvolume of the filesystem at mountPath (qgroups must be enabled). */
export async function qgroupLimits(mountPath: string): Promise<number[]> {
  return parseQgroups((await run("btrfs", ["qgroup", "show", "-r", "--raw", mountPath])).stdout).flatMap((q) => (q.limit === undefined ? [] : [q.limit]));
}

/** Commits pending changes so qgroup numbers are current. */
export async function filesystemSync(path: string): Promise<void> {
  await run("btrfs", ["filesystem", "sync", path]);
}
