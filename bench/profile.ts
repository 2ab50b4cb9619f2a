// Where our time goes: with CORRAL_DEBUG=run corrald logs every host command with its duration;
// this groups those lines by lifecycle step and by tool, next to the step's wall time.
import { median } from "./stats";

export interface LifecycleTimes {
  launch: number;
  exec: number[];
  stop: number;
  delete: number;
  /** Agent log text written during each step (one entry per call), when profiling. */
  logs?: Record<string, string[]>;
}

export interface OpLogs {
  times: LifecycleTimes;
  logs: Record<string, string[]>;
}

const RUN_LINE = /^(.*) \((\d+) ms\) -> (\S+)$/;

/** Host commands of one log slice: a short tool label ("lxc-start", "ip link") and ms. */
export function hostCommands(text: string): { tool: string; ms: number }[] {
  const out: { tool: string; ms: number }[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes('"run"')) continue;
    let msg: string;
    try {
      const j = JSON.parse(line) as Record<string, unknown>;
      if (j["@module"] !== "run") continue;
      msg = String(j["@message"]);
    } catch {
      continue;
    }
    const m = RUN_LINE.exec(msg);
    if (!m) continue;
    const argv = m[1]!.split(" ");
    const tool = ["ip", "nft", "btrfs", "lxc-cgroup"].includes(argv[0]!) ? argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ") : argv[0]!;
    out.push({ tool, ms: Number(m[2]) });
  }
  return out;
}

/** A text table: per step, the median wall time and the median per-call time spent in each host tool. */
export function profileReport(runs: OpLogs[]): string {
  if (!runs.length) return "";
  const lines = ["", "Profile of ours (CORRAL_DEBUG=run; per step: median wall ms, then host tools: calls per step x median ms = median sum):"];
  for (const op of ["launch", "exec", "stop", "delete"]) {
    const walls = runs.flatMap((r) => (op === "exec" ? r.times.exec : [r.times[op as "launch" | "stop" | "delete"]]));
    const perCall = runs.flatMap((r) => r.logs[op] ?? []).map(hostCommands);
    const tools = new Map<string, { perStepSum: number[]; each: number[]; count: number }>();
    perCall.forEach((cmds) => {
      const sums = new Map<string, number>();
      for (const c of cmds) {
        const t = tools.get(c.tool) ?? { perStepSum: [], each: [], count: 0 };
        t.each.push(c.ms);
        t.count++;
        tools.set(c.tool, t);
        sums.set(c.tool, (sums.get(c.tool) ?? 0) + c.ms);
      }
      for (const [tool, sum] of sums) tools.get(tool)!.perStepSum.push(sum);
    });
    const hostTotal = median(perCall.map((cmds) => cmds.reduce((a, c) => a + c.ms, 0)));
    lines.push(`  ${op}: wall ${median(walls).toFixed(1)} ms, host commands ${hostTotal.toFixed(1)} ms (serial sum)`);
    for (const [tool, t] of [...tools].sort((a, b) => median(b[1].perStepSum) - median(a[1].perStepSum))) {
      lines.push(`    ${tool.padEnd(20)} ${(t.count / perCall.length).toFixed(1)} x ${median(t.each).toFixed(1)} ms = ${median(t.perStepSum).toFixed(1)} ms`);
    }
  }
  return lines.join("\n") + "\n";
}
