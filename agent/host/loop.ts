// Loop devices backing file-based pools (btrfs on a loop file). Every helper looks up existing
// devices by backing file first so restarts and retries never leak a loop device.
import { open, rm } from "node:fs/promises";
import { run } from "./run";

/** Creates a sparse file of sizeBytes; fails if the path exists so we never clobber someone's file. */
export async function createSparseFile(path: string, sizeBytes: number): Promise<void> {
  const fh = await open(path, "wx", 0o600);
  try {
    await fh.truncate(sizeBytes);
  } finally {
    await fh.close();
  }
}

/** Removes a loop file (missing is fine) — used by pool delete and create's revert. */
export async function removeLoopFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Loop devices currently backed by `file` (matched by inode, as `losetup -j` does). */
export async function findLoopDevices(file: string): Promise<string[]> {
  const res = await run("losetup", ["--associated", file]);
  const devices: string[] = [];
  for (const line of res.stdout.split("\n")) {
    const m = /^(\/dev\/loop\d+):/.exec(line.trim());
    if (m) devices.push(m[1]!);
  }
  return devices;
}

/** Returns the loop device for file, attaching one only when none exists yet. */
export async function attachLoop(file: string): Promise<string> {
  const existing = await findLoopDevices(file);
  if (existing.length > 0) return existing[0]!;
  const res = await run("losetup", ["--find", "--show", file]);
  const dev = res.stdout.trim();
  if (!/^\/dev\/loop\d+$/.test(dev)) throw new Error(`losetup returned an unexpected device name: ${JSON.stringify(dev)}`);
  return dev;
}

/** Detaches one loop device (the kernel frees it once nothing holds it open). */
export async function detachLoop(device: string): Promise<void> {
  await run("losetup", ["--detach", device]);
}

/** Detaches every loop device backed by file; a no-op when there are none. */
export async function detachLoopsFor(file: string): Promise<void> {
  for (const dev of await findLoopDevices(file)) await detachLoop(dev);
}
