// What the issue-15 suites (api-exec.ts, ci-env.ts, scale.ts) share: a main that cleans up on
// failure, SIGINT and SIGTERM; BENCH lines; a summary of corrald's --cpu-prof output.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Cleanup } from "./provider-tofu";
import { median } from "./stats";

export const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

let stopping = false;
/** Whether a signal asked the suite to stop: loops check it between samples. */
export const isStopping = (): boolean => stopping;

/**
 * Runs a suite's main with one Cleanup that runs at its end, on its failure and on SIGINT/SIGTERM
 * (then the process exits 130 once everything is removed); why: a bench leaves nothing behind.
 */
export function suiteMain(name: string, main: (c: Cleanup) => Promise<void>): void {
  const c = new Cleanup();
  // One clean-up, whoever asks first: a signal, or main ending (also when the signal made it fail).
  let cleaning: Promise<void> | undefined;
  const cleanUpAndExit = async (code: number) => {
    await (cleaning ??= c.run());
    process.exit(stopping ? 130 : code);
  };
  const onSignal = (sig: string) => {
    if (stopping) return;
    stopping = true;
    say(`${name}: ${sig}: cleaning up`);
    void cleanUpAndExit(130);
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  main(c).then(
    () => cleanUpAndExit(0),
    (e) => {
      if (!stopping) process.stderr.write(`${name} bench failed: ${(e as Error).stack ?? e}\n`);
      return cleanUpAndExit(1);
    },
  );
}

/** `BENCH name ours=… <base>=… ratio=…` from medians, with the target verdict in a summary line. */
export function ratioLines(name: string, ours: number[], baseName: string, base: number[], target?: number, unit = "ms"): string[] {
  const o = median(ours);
  const b = median(base);
  const ratio = o / b;
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}..${Math.max(...xs).toFixed(1)}`;
  return [
    `BENCH ${name} ours=${o.toFixed(1)} ${baseName}=${b.toFixed(1)} ratio=${ratio.toFixed(2)}`,
    `  ${name}: ${unit}, medians of n=${ours.length}/${base.length}; ours ${range(ours)}, ${baseName} ${range(base)}` +
      (target === undefined ? "" : `; target ratio <= ${target}: ${ratio <= target ? "MET" : "MISSED"}`),
  ];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The `top` functions by self time over the .cpuprofile files in `dir` (corrald run with --cpu-prof). */
export function cpuProfileSummary(dir: string, top = 25): string {
  const self = new Map<string, number>();
  let total = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".cpuprofile"))) {
    const p = JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile;
    const label = new Map(p.nodes.map((n) => {
      const { functionName, url, lineNumber } = n.callFrame;
      const where = url ? `${url.replace(/^.*\/(dist|node_modules)\//, "$1/")}:${lineNumber + 1}` : "";
      return [n.id, `${functionName || "(anonymous)"} ${where}`.trim()];
    }));
    p.samples.forEach((id, i) => {
      const us = p.timeDeltas[i] ?? 0;
      total += us;
      const k = label.get(id) ?? "?";
      self.set(k, (self.get(k) ?? 0) + us);
    });
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [`corrald CPU profile: ${(total / 1000).toFixed(0)} ms sampled; self time by function:`,
    ...rows.map(([k, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)].join("\n");
}
