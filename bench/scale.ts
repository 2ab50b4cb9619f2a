// scale_<N> (issue 15, N = --count, default 200): N running busybox containers on one host, on
// each side at once, then:
//   BENCH scale_<N>_list ours=<ms> incus=<ms> ratio=…   `corral list` vs `incus list` (their
//        default tables, one CLI process each, interleaved; target <= 0.5);
//   BENCH scale_<N>_list_cold ours=<ms> incus=<ms> ratio=…  the same, each of ours once corrald's
//        address listings expired (CORRAL_NETNS_CACHE_MAX_AGE_MS shortened for the bench, waited
//        out before each), so every running container's addresses are read again (reported, with
//        its ratio to our warm list);
//   BENCH scale_<N>_list_restart ours=<ms> incus=<ms> ratio=…  ours: the first list after corrald
//        restarted (it knows no container's init yet), --restarts times; incus: its list beside
//        each (reported, with its ratio to our warm list);
//   BENCH scale_<N>_rss ours=<MB> incus=<MB> ratio=…    corrald's VmRSS vs incusd's (target <= 1.0);
//   BENCH scale_<N>_tofu_plan ours=<ms>                 a no-change `tofu plan` over the N (reported).
// Ours are made by one `tofu apply` (so the plan has them in its state), Incus's by its CLI, 10
// launches at a time. Both the apply and Incus's launches are reported too. Everything is
// deleted at the end, on failure and on SIGTERM.
// Run alone: `node --import tsx bench/scale.ts [--count 200] [--runs 7] [--plan-runs 3]`; develop
// with a small --count: N containers per side on 2 CPUs slow everything else on the machine.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildBusyboxImage } from "../test/fixtures/images";
import { workspace, type Workspace } from "../test/helpers/tofu";
import { instancesResource, providerHeader } from "./provider-tofu";
import { CorralSide } from "./corral-side";
import { removeTree } from "./host-cleanup";
import { INCUS, PeerSide } from "./peer-side";
import { deleteAll } from "./side";
import { freeSubnet } from "./subnet";
import { median, sampleRssMb, sleep, timeMs } from "./stats";
import { isStopping, ratioLines, say, suiteMain } from "./suite";

const IMAGE_ALIAS = "benchbb";
const LIST_TARGET = 0.5;
const RSS_TARGET = 1.0;
const LAUNCH_BATCH = 10;
/** Let both daemons finish their start-up work on the new containers before memory is sampled. */
const SETTLE_MS = 5000;
/** corrald's address listings expire this long after they were read (instead of 30 s): the cold lists wait it out. */
const NETNS_CACHE_MAX_AGE_MS = 4000;
const rand = () => randomBytes(3).toString("hex");
const TOFU_FLAGS = ["-input=false", "-no-color"];

function instancesConfig(endpoint: string, pool: string, network: string, prefix: string, count: number): string {
  return `${providerHeader(endpoint)}
${instancesResource({ count, prefix, pool, network: `"${network}"` })}`;
}

async function tofuOk(ws: Workspace, args: string[], okCodes = [0]): Promise<string> {
  const r = await ws.tofu(args);
  if (!okCodes.includes(r.code)) throw new Error(`tofu ${args.join(" ")} exited ${r.code}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r.stdout;
}

suiteMain("scale", async (c) => {
  const { values } = parseArgs({
    options: {
      count: { type: "string", default: process.env.BENCH_SCALE_COUNT ?? "200" },
      runs: { type: "string", default: process.env.BENCH_SCALE_RUNS ?? "7" },
      "plan-runs": { type: "string", default: process.env.BENCH_SCALE_PLAN_RUNS ?? "3" },
      restarts: { type: "string", default: process.env.BENCH_SCALE_RESTARTS ?? "3" },
    },
  });
  const n = Math.max(1, Number(values.count));
  const runs = Math.max(1, Number(values.runs));
  const planRuns = Math.max(1, Number(values["plan-runs"]));
  const restarts = Math.max(1, Number(values.restarts));
  const fig = `scale_${n}`;
  if (process.getuid?.() !== 0) throw new Error("the bench drives LXC, bridges, tofu and daemons: run it as root");
  const work = mkdtempSync(join(tmpdir(), "corral-bench-scale-"));
  c.teardown(() => removeTree(work));
  const img = buildBusyboxImage(join(work, "img"));
  const pool = `cbp${rand()}`;
  const network = `cbn${rand()}`;
  const ours = new CorralSide({ pool, network });
  c.teardown(() => ours.teardown());
  const incus = new PeerSide(INCUS, { pool: `bp${rand()}`, network: `ibn${rand()}` }, await freeSubnet());
  const why = await incus.unavailableReason();
  if (why) throw new Error(`${fig} needs Incus: ${why}`);
  // Incus's instances go in chunks before its daemon stops (its teardown lists and deletes them).
  c.teardown(() => incus.teardown());
  say(`${fig}: setting up corrald, incusd and a tofu workspace`);
  await ours.setup(img.metaPath, IMAGE_ALIAS);
  await incus.setup(img.metaPath, IMAGE_ALIAS);
  const ws = workspace(c);
  c.teardown(() => ws.tofu(["destroy", "-auto-approve", "-parallelism=20", ...TOFU_FLAGS]));
  ws.write({ "main.tf": instancesConfig(ours.endpoint, pool, network, `sc${rand()}x`, n) });
  await tofuOk(ws, ["init", ...TOFU_FLAGS]);

  say(`${fig}: ours: tofu apply of ${n} containers`);
  const oursUp = await timeMs(() => tofuOk(ws, ["apply", "-auto-approve", "-parallelism=10", ...TOFU_FLAGS]));
  say(`${fig}: incus: ${n} launches, ${LAUNCH_BATCH} at a time`);
  const incusNames = Array.from({ length: n }, (_, i) => `sc${rand()}x${i}`);
  const incusUp = await timeMs(async () => {
    for (let i = 0; i < n && !isStopping(); i += LAUNCH_BATCH) await Promise.all(incusNames.slice(i, i + LAUNCH_BATCH).map((nm) => incus.cli(["launch", IMAGE_ALIAS, nm])));
  });
  const counts = { ours: (await ours.listInstances()).length, incus: (await incus.listInstances()).length };
  if (counts.ours !== n || counts.incus !== n) throw new Error(`${fig}: expected ${n} instances per side, have ours=${counts.ours} incus=${counts.incus}`);

  await sleep(SETTLE_MS);
  const rss = { ours: [] as number[], incus: [] as number[] };
  const list = { ours: [] as number[], incus: [] as number[] };
  say(`${fig}: ${runs} interleaved list runs per side, memory sampled around them`);
  // One list reads every container's addresses before the warm runs.
  await ours.cli(["list"]);
  for (let i = 0; i < runs && !isStopping(); i++) {
    const order = i % 2 ? (["incus", "ours"] as const) : (["ours", "incus"] as const);
    for (const who of order) list[who].push(await timeMs(() => (who === "ours" ? ours : incus).cli(["list"])));
  }
  // Memory after the lists too: what a daemon keeps once it has served them.
  await sleep(1000);
  rss.ours.push(await sampleRssMb(() => ours.daemonPids()));
  rss.incus.push(await sampleRssMb(() => incus.daemonPids()));

  // The cold lists only: corrald restarted with address listings that expire sooner (the
  // environment is inherited by corrald), so the warm lists and memory above saw the default.
  process.env.CORRAL_NETNS_CACHE_MAX_AGE_MS = String(NETNS_CACHE_MAX_AGE_MS);
  await ours.restart();
  await ours.cli(["list"]); // the restart's own first list (timed below, in its own figure)
  const cold = { ours: [] as number[], incus: [] as number[] };
  say(`${fig}: ${runs} interleaved list runs per side, ours each after its address listings expired`);
  for (let i = 0; i < runs && !isStopping(); i++) {
    await sleep(NETNS_CACHE_MAX_AGE_MS + 500);
    cold.ours.push(await timeMs(() => ours.cli(["list"])));
    cold.incus.push(await timeMs(() => incus.cli(["list"])));
  }
  const restarted = { ours: [] as number[], incus: [] as number[] };
  say(`${fig}: ${restarts} corrald restarts, each followed by a list, an Incus list beside each`);
  for (let i = 0; i < restarts && !isStopping(); i++) {
    await ours.restart();
    restarted.ours.push(await timeMs(() => ours.cli(["list"])));
    restarted.incus.push(await timeMs(() => incus.cli(["list"])));
  }

  say(`${fig}: ${planRuns} no-change tofu plans`);
  const plan: number[] = [];
  // -detailed-exitcode: 0 = no changes; 2 (a phantom diff) fails the bench.
  for (let i = 0; i < planRuns && !isStopping(); i++) plan.push(await timeMs(() => tofuOk(ws, ["plan", "-detailed-exitcode", ...TOFU_FLAGS])));

  const lines = [
    ...ratioLines(`${fig}_list`, list.ours, "incus", list.incus, LIST_TARGET),
    ...ratioLines(`${fig}_list_cold`, cold.ours, "incus", cold.incus),
    `  ${fig}_list_cold: ours cold / ours warm = ${(median(cold.ours) / median(list.ours)).toFixed(2)}`,
    ...ratioLines(`${fig}_list_restart`, restarted.ours, "incus", restarted.incus),
    `  ${fig}_list_restart: ours first list after a restart / ours warm = ${(median(restarted.ours) / median(list.ours)).toFixed(2)}`,
    ...ratioLines(`${fig}_rss`, rss.ours, "incus", rss.incus, RSS_TARGET, "MB (VmRSS of the daemon process)"),
    `BENCH ${fig}_tofu_plan ours=${median(plan).toFixed(1)}`,
    `  ${fig}_tofu_plan: ms, median of n=${plan.length} (${plan.map((x) => x.toFixed(0)).join(", ")})`,
    `  up: ours ${oursUp.toFixed(0)} ms (one tofu apply, -parallelism=10), incus ${incusUp.toFixed(0)} ms (CLI launches, ${LAUNCH_BATCH} at a time)`,
  ];
  process.stdout.write(lines.join("\n") + "\n");

  say(`${fig}: deleting everything`);
  await tofuOk(ws, ["destroy", "-auto-approve", "-parallelism=20", ...TOFU_FLAGS]);
  await deleteAll(incus, incusNames);
});
