// Mount table queries (from /proc/self/mountinfo, never by parsing `mount` output) and thin
// mount/umount wrappers over argument arrays.
import { readFile, realpath } from "node:fs/promises";
import { run } from "./run";

export interface MountEntry {
  mountPoint: string;
  root: string;
  fsType: string;
  source: string;
  options: string;
}

// mountinfo escapes space, tab, newline and backslash as \ooo octal.
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Parses /proc/self/mountinfo so callers can ask what is mounted where. */
export async function readMounts(): Promise<MountEntry[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8");
  const entries: MountEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const [left, right] = line.split(" - ");
    if (!left || !right) continue;
    const l = left.split(" ");
    const r = right.split(" ");
    entries.push({
      root: unescape(l[3] ?? ""),
      mountPoint: unescape(l[4] ?? ""),
      options: l[5] ?? "",
      fsType: r[0] ?? "",
      source: unescape(r[1] ?? ""),
    });
  }
  return entries;
}

async function canonical(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** The topmost mount at exactly path, or undefined; lets idempotent mount/unmount skip work. */
export async function mountAt(path: string): Promise<MountEntry | undefined> {
  const p = await canonical(path);
  const all = await readMounts();
  for (let i = all.length - 1; i >= 0; i--) if (all[i]!.mountPoint === p) return all[i];
  return undefined;
}

/** True when something is mounted exactly at path. */
export async function isMounted(path: string): Promise<boolean> {
  return (await mountAt(path)) !== undefined;
}

export interface MountOptions {
  type?: string;
  options?: string[];
  bind?: boolean;
}

/** Mounts source at target (a filesystem type, or a bind mount). */
export async function mount(source: string, target: string, opts: MountOptions = {}): Promise<void> {
  const args: string[] = [];
  if (opts.bind) args.push("--bind");
  if (opts.type) args.push("-t", opts.type);
  if (opts.options && opts.options.length > 0) args.push("-o", opts.options.join(","));
  args.push("--", source, target);
  await run("mount", args);
}

/** Unmounts target; `lazy` detaches even while busy (last resort on delete). */
export async function umount(target: string, opts: { lazy?: boolean } = {}): Promise<void> {
  await run("umount", [...(opts.lazy ? ["--lazy"] : []), "--", target]);
}

/** A just-stopped container's monitor can hold a pool mount for a moment after lxc-stop returns. */
const BUSY_RETRY_MS = 100;
const BUSY_RETRIES = 50;

/** Unmounts every mount stacked at target; a no-op when nothing is mounted. Waits out a briefly busy
 * target, then detaches it lazily so the pool can still be removed. */
export async function umountAll(target: string): Promise<void> {
  for (let busy = 0; await isMounted(target); ) {
    try {
      await umount(target);
    } catch (e) {
      if (!/target is busy/.test((e as Error).message)) throw e;
      if (++busy < BUSY_RETRIES) await new Promise((r) => setTimeout(r, BUSY_RETRY_MS));
      else await umount(target, { lazy: true });
    }
  }
}
