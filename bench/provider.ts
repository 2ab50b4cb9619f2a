// Provider benchmarks (issue 3): prints
//   BENCH provider_start ours=<ms> node=<ms> ratio=<ours/node>      (target < 2.5)
//   BENCH tofu_apply_20 ours=<ms> api=<ms> ratio=<ours/api>         (target <= 1.5)
//   BENCH tofu_plan_50 ours=<ms> api=<ms> ratio=<ours/api>
// Run alone: `node --import tsx bench/provider.ts [--runs 15] [--rounds 3] [--plan-rounds 5]
// [--only provider_start,tofu_apply_20,tofu_plan_50] [--parallelism N]`; `npm run bench` runs it
// after the peer comparison (bench/run.ts) through runSuite() in bench/run.ts.
import { parseArgs } from "node:util";
import { measureProviderStart } from "./provider-start";
import { benchTofuApply, benchTofuPlan, Cleanup, setupProviderBench } from "./provider-tofu";
import { median } from "./stats";

const FIGURES = ["provider_start", "tofu_apply_20", "tofu_plan_50"] as const;
const TARGETS: Record<string, number> = { provider_start: 2.5, tofu_apply_20: 1.5 };

let stopping = false;
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** One BENCH line from samples (medians). */
function benchLine(name: string, ours: number[], baseline: string, base: number[]): string {
  const o = median(ours);
  const b = median(base);
  return `BENCH ${name} ours=${o.toFixed(1)} ${baseline}=${b.toFixed(1)} ratio=${(o / b).toFixed(2)}`;
}

/** Runs the selected provider figures and returns their BENCH lines (plus a summary). */
export async function runProviderBenches(opts: { runs: number; rounds: number; planRounds: number; only: string[]; parallelism?: number }): Promise<string[]> {
  const lines: string[] = [];
  const summary: string[] = [];
  const add = (name: string, ours: number[], baseline: string, base: number[]) => {
    const line = benchLine(name, ours, baseline, base);
    lines.push(line);
    process.stdout.write(`${line}\n`);
    const ratio = median(ours) / median(base);
    const target = TARGETS[name];
    summary.push(`  ${name.padEnd(16)} ratio ${ratio.toFixed(2)}${target ? ` target ${name === "provider_start" ? "<" : "<="} ${target}: ${ratio <= target ? "MET" : "MISSED"}` : ""}` +
      `  (ours min..max ${Math.min(...ours).toFixed(0)}..${Math.max(...ours).toFixed(0)} ms, ${baseline} ${Math.min(...base).toFixed(0)}..${Math.max(...base).toFixed(0)} ms, n=${ours.length})`);
  };
  if (opts.only.includes("provider_start")) {
    say(`provider_start: ${opts.runs} alternating runs`);
    const r = await measureProviderStart(opts.runs);
    add("provider_start", r.ours, "node", r.node);
  }
  const tofu = opts.only.filter((f) => f.startsWith("tofu_"));
  if (tofu.length && !stopping) {
    if (process.getuid?.() !== 0) throw new Error("the tofu benchmarks start corrald and containers: run them as root");
    const c = new Cleanup();
    try {
      say("tofu: starting an agent (pool, network, image)");
      const env = await setupProviderBench(c);
      if (tofu.includes("tofu_apply_20") && !stopping) {
        const r = await benchTofuApply(env, opts.rounds, 20, opts.parallelism);
        add("tofu_apply_20", r.ours, "api", r.api);
      }
      if (tofu.includes("tofu_plan_50") && !stopping) {
        const r = await benchTofuPlan(env, opts.planRounds, 50);
        add("tofu_plan_50", r.ours, "api", r.api);
      }
    } finally {
      say("tofu: cleaning up");
      await c.run();
    }
  }
  if (summary.length) process.stdout.write(`\nProvider summary (medians; wall times in ms):\n${summary.join("\n")}\n`);
  return lines;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: process.env.BENCH_PROVIDER_RUNS ?? "15" },
      rounds: { type: "string", default: process.env.BENCH_TOFU_ROUNDS ?? "3" },
      "plan-rounds": { type: "string", default: process.env.BENCH_PLAN_ROUNDS ?? "5" },
      only: { type: "string", default: process.env.BENCH_PROVIDER_ONLY ?? FIGURES.join(",") },
      parallelism: { type: "string", default: process.env.BENCH_TOFU_PARALLELISM },
    },
  });
  const only = values.only!.split(",").map((s) => s.trim()).filter(Boolean);
  for (const f of only) if (!(FIGURES as readonly string[]).includes(f)) throw new Error(`--only: unknown figure ${f} (${FIGURES.join(", ")})`);
  await runProviderBenches({
    runs: Math.max(1, Number(values.runs)),
    rounds: Math.max(1, Number(values.rounds)),
    planRounds: Math.max(1, Number(values["plan-rounds"])),
    only,
    parallelism: values.parallelism ? Number(values.parallelism) : undefined,
  });
}

if (require.main === module) {
  // Ctrl-C reaches tofu too (same process group): the running step fails, clean-up runs, then exit.
  process.on("SIGINT", () => {
    stopping = true;
    say("SIGINT: stopping after the current step");
  });
  process.on("SIGTERM", () => {
    stopping = true;
  });
  main().then(
    () => process.exit(stopping ? 130 : 0),
    (e) => {
      process.stderr.write(`provider bench failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
