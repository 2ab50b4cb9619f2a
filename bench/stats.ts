// Small numeric helpers for the bench: timing a promise, medians, resident memory of a pid.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** Wall time of `fn` in milliseconds; why: every figure is a client-observed wall time. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median of the samples (mean of the middle two for an even count); NaN when empty. */
export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** VmRSS of a process in MiB (0 when it is gone); why: the agents' memory figure. */
export function rssMb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sleeps; why: let daemons settle before a memory sample. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Median of `count` RSS samples of the pids' sum, `everyMs` apart. */
export async function sampleRssMb(pids: () => number[], count = 5, everyMs = 400): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i) await sleep(everyMs);
    xs.push(pids().reduce((sum, pid) => sum + rssMb(pid), 0));
  }
  return median(xs);
}
