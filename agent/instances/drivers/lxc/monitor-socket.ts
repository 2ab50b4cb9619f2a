// Whether a container has an LXC monitor, from the kernel's table of unix sockets instead of an
// lxc-info process. A container that is not stopped has a monitor listening on its command socket
// (an abstract unix socket in the network namespace lxc-start ran in: the agent's); lxc-info itself
// calls a container STOPPED when nothing listens there. So "no such socket" is a certain STOPPED,
// read in one file read, and only a container with a monitor needs lxc-info for its exact state.
import { readFileSync } from "node:fs";

/** sun_path holds 108 bytes; LXC keeps two for an abstract name's leading and trailing NUL. */
const ABSTRACT_NAME_MAX = 108 - 2;
const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const U64 = (1n << 64n) - 1n;

/** FNV-1a 64 of the UTF-8 bytes of s, in 16 hex digits: how LXC names a socket whose path is too long. */
export function fnv1a64(s: string): string {
  let h = FNV64_OFFSET;
  for (const b of Buffer.from(s)) h = ((h ^ BigInt(b)) * FNV64_PRIME) & U64;
  return h.toString(16).padStart(16, "0");
}

/** The abstract name (without its leading NUL) LXC 4/5 give a container's command socket. */
export function commandSocketName(lxcPath: string, name: string): string {
  const plain = `${lxcPath}/${name}/command`;
  return Buffer.byteLength(plain) < ABSTRACT_NAME_MAX ? plain : `lxc/${fnv1a64(`${lxcPath}/${name}`)}/command`;
}

/** Whether the container's monitor is listening in this network namespace (/proc/net/unix prints
 * an abstract name with '@' for its leading NUL, last on its line). Read synchronously: the kernel
 * answers from memory. */
export function hasMonitor(lxcPath: string, name: string): boolean {
  const table = readFileSync("/proc/net/unix", "utf8");
  return table.includes(` @${commandSocketName(lxcPath, name)}\n`);
}
