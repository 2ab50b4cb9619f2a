// The host's size and identity (CPUs, memory, kernel, architecture, hostname) for HostInfo and
// for placement decisions.
import { readFile } from "node:fs/promises";
import os from "node:os";

export interface HostResources {
  cpus: number;
  memoryTotalBytes: number;
  memoryAvailableBytes: number;
  /** `uname -r`. */
  kernel: string;
  /** `uname -m` (x86_64, aarch64), the spelling LXD and image servers use. */
  architecture: string;
  hostname: string;
}

/** Parses /proc/meminfo text into bytes for MemTotal and MemAvailable (MemFree if MemAvailable is absent). */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } {
  const kb = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^(\w+):\s+(\d+)\s*kB/.exec(line);
    if (m) kb.set(m[1]!, Number(m[2]));
  }
  const total = kb.get("MemTotal") ?? 0;
  const available = kb.get("MemAvailable") ?? kb.get("MemFree") ?? 0;
  return { totalBytes: total * 1024, availableBytes: available * 1024 };
}

/** Reads what this host has right now, so callers can report and place work by real numbers. */
export async function getResources(): Promise<HostResources> {
  let mem = { totalBytes: os.totalmem(), availableBytes: os.freemem() };
  try {
    mem = parseMeminfo(await readFile("/proc/meminfo", "utf8"));
  } catch {
    // not Linux or /proc unavailable: keep Node's numbers
  }
  return {
    cpus: os.availableParallelism(),
    memoryTotalBytes: mem.totalBytes,
    memoryAvailableBytes: mem.availableBytes,
    kernel: os.release(),
    architecture: os.machine(),
    hostname: os.hostname(),
  };
}
