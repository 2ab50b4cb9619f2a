// Pushing and pulling files of an instance from the host side, on its rootfs directory. The guest
// owns that tree and may plant symlinks anywhere, so every path component is resolved INSIDE the
// rootfs (an absolute link restarts at the rootfs, `..` stops at it, like securejoin) and every
// step opens the next component relative to an already-open directory through /proc/self/fd with
// O_NOFOLLOW: a link swapped in after the check makes the open fail instead of leaving the tree.
// With idmapped rootfs mounts, on-disk owners are the ids seen inside: uid/gid are written as given.
import { constants, type Stats } from "node:fs";
import { lstat, mkdir, lchown, open, readlink, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { CorralError, invalid } from "../errors";

/** The kernel's own limit on symlinks in one lookup (MAXSYMLINKS). */
const MAX_SYMLINKS = 40;

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

export interface PushOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  /** Create missing parent directories (0755, owned by uid/gid). */
  createParents?: boolean;
}

export interface PulledFile {
  stream: Readable;
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

function fileError(path: string, e: unknown): CorralError {
  if (e instanceof CorralError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT" ? "no such file or directory" :
    code === "ELOOP" ? "a path component changed into a symlink while it was being opened" :
    code === "ENOTDIR" ? "a path component is not a directory" :
    code === "EISDIR" ? "is a directory" :
    (e as Error).message;
  const errCode = code === "ENOENT" ? "CORRAL_ERR_NOT_FOUND" : "CORRAL_ERR_FAILED_PRECONDITION";
  return new CorralError(errCode, `path ${JSON.stringify(path)}: ${why}`, { field: "path", cause: e });
}

const at = (dir: FileHandle, name: string): string => `/proc/self/fd/${dir.fd}/${name}`;

function checkPath(path: string): void {
  if (!path.startsWith("/")) throw invalid("path", "must be an absolute path inside the instance");
  if (path.includes("\0")) throw invalid("path", "must not contain NUL");
}

function checkId(field: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xfffffffe)) throw invalid(field, "must be an integer between 0 and 4294967294");
}

interface Resolved {
  /** Open directories from the rootfs down to the parent of `name`; close them all when done. */
  stack: FileHandle[];
  parent: FileHandle;
  name: string;
  /** lstat of the final component, if it exists (never a symlink: those are followed). */
  st?: Stats;
}

/**
 * Resolves path inside rootfs, following symlinks as if rootfs were `/`, and returns the open
 * parent directory plus the last name. Why: the caller then opens exactly that name with
 * O_NOFOLLOW, so nothing outside rootfs can be reached.
 */
async function resolveInRoot(rootfs: string, path: string, opts: { createParents?: { uid: number; gid: number } }): Promise<Resolved> {
  const stack: FileHandle[] = [await open(rootfs, DIR_FLAGS & ~constants.O_NOFOLLOW)];
  const close = async (): Promise<void> => {
    await Promise.all(stack.map((h) => h.close().catch(() => undefined)));
  };
  try {
    const queue = path.split("/").filter((c) => c && c !== ".");
    let links = 0;
    while (queue.length > 0) {
      const comp = queue.shift()!;
      const cur = stack[stack.length - 1]!;
      if (comp === "..") {
        if (stack.length > 1) await stack.pop()!.close();
        continue;
      }
      const p = at(cur, comp);
      let st = await lstat(p).catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined;
        throw e;
      });
      if (st?.isSymbolicLink()) {
        if (++links > MAX_SYMLINKS) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: too many levels of symbolic links`, { field: "path" });
        const target = await readlink(p);
        if (target.startsWith("/")) {
          while (stack.length > 1) await stack.pop()!.close();
        }
        queue.unshift(...target.split("/").filter((c) => c && c !== "."));
        continue;
      }
      if (queue.length === 0) return { stack, parent: cur, name: comp, st };
      if (!st) {
        if (!opts.createParents) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
        await mkdir(p, { mode: 0o755 }).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== "EEXIST") throw e;
        });
        await lchown(p, opts.createParents.uid, opts.createParents.gid);
      } else if (!st.isDirectory()) {
        throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: component ${JSON.stringify(comp)} is not a directory`, { field: "path" });
      }
      stack.push(await open(p, DIR_FLAGS));
    }
    throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
  } catch (e) {
    await close();
    throw e;
  }
}

async function closeAll(stack: FileHandle[]): Promise<void> {
  await Promise.all(stack.map((h) => h.close().catch(() => undefined)));
}

/** Writes a file into an instance's rootfs without ever leaving it (symlinks resolve inside). */
export async function pushFile(rootfs: string, path: string, data: Buffer | string | Readable, opts: PushOptions = {}): Promise<void> {
  checkPath(path);
  const mode = opts.mode ?? 0o644;
  const uid = opts.uid ?? 0;
  const gid = opts.gid ?? 0;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw invalid("mode", "must be a file mode between 0 and 07777");
  checkId("uid", uid);
  checkId("gid", gid);
  let r: Resolved;
  try {
    r = await resolveInRoot(rootfs, path, { createParents: opts.createParents ? { uid, gid } : undefined });
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    if (r.st && !r.st.isFile()) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: exists and is not a regular file`, { field: "path" });
    const fh = await open(at(r.parent, r.name), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK, mode & 0o777);
    try {
      if (!(await fh.stat()).isFile()) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: exists and is not a regular file`, { field: "path" });
      await fh.chown(uid, gid);
      await fh.chmod(mode); // after chown, which clears setuid/setgid bits
      if (typeof data === "string" || Buffer.isBuffer(data)) await fh.writeFile(data);
      else for await (const chunk of data) await fh.write(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array));
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw fileError(path, e);
  } finally {
    await closeAll(r.stack);
  }
}

/** Opens a regular file of an instance's rootfs for reading (symlinks resolve inside). */
export async function pullFile(rootfs: string, path: string): Promise<PulledFile> {
  checkPath(path);
  let r: Resolved;
  try {
    r = await resolveInRoot(rootfs, path, {});
  } catch (e) {
    throw fileError(path, e);
  }
  try {
    if (!r.st) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    if (!r.st.isFile()) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: is not a regular file`, { field: "path" });
    const fh = await open(at(r.parent, r.name), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile()) {
      await fh.close();
      throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `path ${JSON.stringify(path)}: is not a regular file`, { field: "path" });
    }
    return { stream: fh.createReadStream(), mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size };
  } catch (e) {
    throw fileError(path, e);
  } finally {
    await closeAll(r.stack);
  }
}
