// `npm run bench`: Corral side by side with Incus 6.0 and LXD 5.0.2 on this machine, with the same
// busybox image. Each pair (ours+incus, then ours+lxd) gets fresh daemons and is measured
// alternately — ours, peer, ours, peer — so drift on the machine hits both sides alike. Every
// time is the wall time of one CLI process as a user would run it (process start included:
// node for `corral`, Go binaries for `incus` and `lxc`). Prints
// `BENCH <name> ours=<v> <peer>=<v> ratio=<ours/peer>` per figure and peer, then a summary.
//
// Options: --peers incus,lxd  --iterations N (sequential lifecycles, default 7)
//          --rounds R (10-parallel rounds, default 3)  --profile (corrald with CORRAL_DEBUG=run:
//          prints where our launch/exec/stop/delete time goes, by host command)
//          --suites peers,provider,vm,storage,remote,api_exec,ci_env,scale,cluster (default all; provider =
//          bench/provider.ts, vm = bench/vm.ts: `npm run bench -- --suites vm` runs only the virtual
//          machine benches; storage = bench/storage.ts: clone/snapshot/restore per storage driver
//          against the raw tools; remote = bench/remote-pull.ts: an image pulled from a simplestreams
//          tree, against Incus; api_exec = bench/api-exec.ts, ci_env = bench/ci-env.ts, scale =
//          bench/scale.ts (issue 15): a warm client's exec against Incus's REST exec, the CI
//          environment cycle through tofu against Incus's CLI, N running containers (--scale-count,
//          default 200) on both; cluster = bench/cluster.ts (exec_forwarded, cluster_join,
//          placement_30) and bench/store.ts (store_put on etcd against SQLite))
//          --figures exec_true_ms,... (peers suite: only the phases that measure these figures; the
//          lifecycle gives launch, exec, stop -f and delete together)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { run } from "../agent/host/run";
import { buildBusyboxImage } from "../test/fixtures/images";
import { CORRAL, CorralSide } from "./corral-side";
import { INCUS, LXD, PeerSide, type PeerKind } from "./peer-side";
import { freeSubnet } from "./subnet";
import { deleteAll, type Side } from "./side";
import { median, sampleRssMb, sleep, timeMs } from "./stats";
import { profileReport, type LifecycleTimes, type OpLogs } from "./profile";

const FIGURES = ["launch_ms", "exec_true_ms", "stop_force_ms", "delete_ms", "launch_10_parallel_ms", "rss_idle_mb", "rss_20_mb"] as const;
type Figure = (typeof FIGURES)[number];
/** The targets, as ours/incus ratios: issue 2's, with exec and delete as issue 15 set them. */
const TARGETS: Partial<Record<Figure, number>> = { launch_ms: 0.5, exec_true_ms: 1.0, stop_force_ms: 0.25, delete_ms: 1.0, launch_10_parallel_ms: 0.5, rss_idle_mb: 1.0 };
const IMAGE_ALIAS = "benchbb";
/** Let daemons finish start-up work before the idle memory sample. */
const SETTLE_MS = 3000;
const EXECS_PER_ITERATION = 3;
const PARALLEL = 10;
const RSS_COUNT = 20;

interface PairResult {
  peer: string;
  peerError?: string;
  samples: Map<Figure, { ours: number[]; peer: number[] }>;
  cliStart: { ours: number[]; peer: number[] };
  /** What no client or agent can go below: a bare node start (the CLI's runtime) and a raw
   * `lxc-attach -- true` into the same container, timed in the same sequence as our execs. */
  floors: { node: number[]; lxcAttach: number[] };
  /** exec_true_ms samples by their place among a new container's execs (the first starts its exec helper). */
  execAt: { ours: number[][]; peer: number[][] };
}

const active = new Set<Side>();
let stopping = false;

const say = (s: string) => process.stderr.write(`bench: ${s}\n`);
const rand = () => randomBytes(3).toString("hex");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      peers: { type: "string", default: process.env.BENCH_PEERS ?? "incus,lxd" },
      iterations: { type: "string", default: process.env.BENCH_N ?? "7" },
      rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "3" },
      profile: { type: "boolean", default: !!process.env.BENCH_PROFILE },
      suites: { type: "string", default: process.env.BENCH_SUITES ?? "peers,provider,vm,storage,remote,api_exec,ci_env,scale,cluster" },
      "scale-count": { type: "string", default: process.env.BENCH_SCALE_COUNT ?? "200" },
      figures: { type: "string", default: process.env.BENCH_FIGURES ?? FIGURES.join(",") },
    },
  });
  const n = Math.max(1, Number(values.iterations));
  const rounds = Math.max(1, Number(values.rounds));
  const peers = values.peers!.split(",").map((p) => p.trim()).filter(Boolean).map((p): PeerKind => {
    if (p === "incus") return INCUS;
    if (p === "lxd") return LXD;
    throw new Error(`--peers: unknown peer ${p} (incus, lxd)`);
  });
  const figures = new Set(values.figures!.split(",").map((f) => f.trim()).filter(Boolean));
  for (const f of figures) if (!(FIGURES as readonly string[]).includes(f)) throw new Error(`--figures: unknown figure ${f} (${FIGURES.join(", ")})`);
  if (process.getuid?.() !== 0) throw new Error("the bench drives LXC, bridges and daemons: run it as root");
  const forwardBefore = await readSysctl("/proc/sys/net/ipv4/ip_forward");

  const work = mkdtempSync(join(tmpdir(), "corral-bench-img-"));
  const results: PairResult[] = [];
  const profiles: OpLogs[] = [];
  try {
    if (values.suites!.includes("peers")) {
      const img = buildBusyboxImage(work);
      say(`busybox image ${img.fingerprint.slice(0, 12)} (${img.metaPath}); ${n} iterations, ${rounds} parallel rounds per pair`);
      for (const kind of peers) {
        if (stopping) break;
        results.push(await runPair(kind, img.metaPath, n, rounds, values.profile ? profiles : null, figures as Set<Figure>));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    const forwardAfter = await readSysctl("/proc/sys/net/ipv4/ip_forward");
    if (forwardBefore !== null && forwardAfter !== forwardBefore) await run("sysctl", ["-qw", `net.ipv4.ip_forward=${forwardBefore}`]).catch(() => {});
  }
  if (results.length) report(results);
  if (values.profile) process.stdout.write(profileReport(profiles));
  // Provider figures (bench/provider.ts): provider_start, tofu_apply_20, tofu_plan_50.
  if (values.suites!.includes("provider") && !stopping && (await runSuite("provider.ts")) !== 0) process.exitCode = 1;
  // VM figures (bench/vm.ts): vm_boot against a raw QEMU, vm_exec (or why it is skipped).
  if (values.suites!.includes("vm") && !stopping && (await runSuite("vm.ts", values.profile ? ["--profile"] : [])) !== 0) process.exitCode = 1;
  // Storage figures (bench/storage.ts): clone_, snapshot_, restore_<driver> against the raw tools.
  if (values.suites!.includes("storage") && !stopping && (await runSuite("storage.ts")) !== 0) process.exitCode = 1;
  // Remote image figure (bench/remote-pull.ts): remote_pull against Incus, from one simplestreams tree.
  if (values.suites!.includes("remote") && !stopping && (await runSuite("remote-pull.ts")) !== 0) process.exitCode = 1;
  // Issue 15's figures: api_exec, ci_env_cycle, scale_<N> (list, rss, tofu plan), each against Incus.
  const prof = values.profile ? ["--profile"] : [];
  if (values.suites!.includes("api_exec") && !stopping && (await runSuite("api-exec.ts", prof)) !== 0) process.exitCode = 1;
  if (values.suites!.includes("ci_env") && !stopping && (await runSuite("ci-env.ts", prof)) !== 0) process.exitCode = 1;
  if (values.suites!.includes("scale") && !stopping && (await runSuite("scale.ts", ["--count", values["scale-count"]!])) !== 0) process.exitCode = 1;
  // Issue 13's figures: forwarding overhead, a join, placement through a member, the store on etcd.
  if (values.suites!.includes("cluster")) {
    for (const figure of ["exec_forwarded", "cluster_join", "placement_30"]) {
      if (!stopping && (await runSuite("cluster.ts", ["--figure", figure])) !== 0) process.exitCode = 1;
    }
    if (!stopping && (await runSuite("store.ts")) !== 0) process.exitCode = 1;
  }
}

async function readSysctl(path: string): Promise<string | null> {
  try {
    return (await import("node:fs")).readFileSync(path, "utf8").trim();
  } catch {
    return null;
  }
}

/** One pair: fresh corrald and a fresh peer daemon, measured alternately. */
async function runPair(kind: PeerKind, image: string, n: number, rounds: number, profiles: OpLogs[] | null, figures: Set<Figure>): Promise<PairResult> {
  const res: PairResult = { peer: kind.label, samples: new Map(FIGURES.map((f) => [f, { ours: [], peer: [] }])), cliStart: { ours: [], peer: [] }, floors: { node: [], lxcAttach: [] }, execAt: { ours: [], peer: [] } };
  const ours = new CorralSide({ pool: `cbp${rand()}`, network: `cbn${rand()}` }, profiles ? "run" : "");
  let peer: PeerSide | null = new PeerSide(kind, { pool: `bp${rand()}`, network: `${kind.label.slice(0, 1)}bn${rand()}` }, await freeSubnet());
  active.add(ours);
  try {
    say(`pair ours/${kind.label}: setting up`);
    await ours.setup(image, IMAGE_ALIAS);
    const why = await peer.unavailableReason();
    if (why) {
      res.peerError = why;
      await peer.teardown();
      peer = null;
    } else {
      active.add(peer);
      try {
        await peer.setup(image, IMAGE_ALIAS);
      } catch (e) {
        res.peerError = (e as Error).message.split("\n")[0];
        say(`${kind.label} unavailable: ${res.peerError}`);
        active.delete(peer);
        await peer.teardown();
        peer = null;
      }
    }
    const sides: [Side, "ours" | "peer"][] = [[ours, "ours"]];
    if (peer) sides.push([peer, "peer"]);
    const add = (f: Figure, who: "ours" | "peer", v: number) => res.samples.get(f)![who].push(v);

    // CLI start cost alone (no daemon round trip), for the summary.
    for (let i = 0; i < 5; i++) {
      res.cliStart.ours.push(await timeMs(() => run(CORRAL, ["--version"])));
      res.floors.node.push(await timeMs(() => run("env", ["-u", "NODE_EXTRA_CA_CERTS", process.execPath, "-e", "0"])));
      if (peer) res.cliStart.peer.push(await timeMs(() => run(kind.client, ["--version"])));
    }

    if (figures.has("rss_idle_mb")) {
      await sleep(SETTLE_MS);
      for (const [side, who] of sides) add("rss_idle_mb", who, await sampleRssMb(() => side.daemonPids()));
    }

    // Warm-up: the first launch unpacks the image into the pool on every side.
    for (const [side] of sides) await lifecycle(side, `w${rand()}`);

    say(`pair ours/${kind.label}: ${n} create+start / exec / stop -f / delete, alternating`);
    for (let i = 0; i < n && !stopping; i++) {
      for (const [side, who] of sides) {
        const t = await lifecycle(side, `s${i}${rand()}`, profiles && side === ours ? () => ours.logs() : undefined, side === ours ? { lxcPath: ours.lxcPath, netns: ours.netns } : {});
        add("launch_ms", who, t.launch);
        t.exec.forEach((e, k) => {
          add("exec_true_ms", who, e);
          (res.execAt[who][k] ??= []).push(e);
        });
        if (t.attachFloor !== undefined) res.floors.lxcAttach.push(t.attachFloor);
        add("stop_force_ms", who, t.stop);
        add("delete_ms", who, t.delete);
        if (profiles && t.logs) profiles.push({ times: t, logs: t.logs });
      }
    }

    if (figures.has("launch_10_parallel_ms")) say(`pair ours/${kind.label}: ${rounds} rounds of ${PARALLEL} parallel launches`);
    for (let r = 0; r < rounds && !stopping && figures.has("launch_10_parallel_ms"); r++) {
      for (const [side, who] of sides) {
        const names = Array.from({ length: PARALLEL }, (_, k) => `p${r}x${k}${rand()}`);
        add("launch_10_parallel_ms", who, await timeMs(() => Promise.all(names.map((nm) => side.cli(["launch", IMAGE_ALIAS, nm])))));
        await deleteAll(side, names);
      }
    }

    if (figures.has("rss_20_mb")) say(`pair ours/${kind.label}: agent memory with ${RSS_COUNT} running containers`);
    for (const [side, who] of sides) {
      if (stopping || !figures.has("rss_20_mb")) break;
      const names = Array.from({ length: RSS_COUNT }, (_, k) => `r${k}x${rand()}`);
      for (let k = 0; k < names.length; k += 5) await Promise.all(names.slice(k, k + 5).map((nm) => side.cli(["launch", IMAGE_ALIAS, nm])));
      await sleep(SETTLE_MS);
      add("rss_20_mb", who, await sampleRssMb(() => side.daemonPids()));
      await deleteAll(side, names);
    }
  } finally {
    say(`pair ours/${kind.label}: cleaning up`);
    if (peer) {
      await peer.teardown();
      active.delete(peer);
    }
    await ours.teardown();
    active.delete(ours);
  }
  return res;
}

/** create+start, exec `true` a few times, stop -f, delete: each one CLI call, timed; with `logs`, the agent log lines of each step too. */
async function lifecycle(side: Side, name: string, logs?: () => string, { lxcPath, netns }: { lxcPath?: string; netns?: string } = {}): Promise<LifecycleTimes & { attachFloor?: number }> {
  const slices: Record<string, string[]> = { launch: [], exec: [], stop: [], delete: [] };
  const step = async (op: string, args: string[]) => {
    const from = logs?.().length ?? 0;
    const ms = await timeMs(() => side.cli(args));
    if (logs) slices[op]!.push(logs().slice(from));
    return ms;
  };
  const launch = await step("launch", ["launch", IMAGE_ALIAS, name]);
  const exec: number[] = [];
  for (let k = 0; k < EXECS_PER_ITERATION; k++) exec.push(await step("exec", ["exec", name, "--", "true"]));
  // LXC's command socket is an abstract socket of the agent's netns: attach from inside it.
  const attachFloor = netns && lxcPath ? await timeMs(() => run("nsenter", [`--net=/run/netns/${netns}`, "--", "lxc-attach", "-n", name, "-P", lxcPath, "--clear-env", "--", "true"])) : undefined;
  const stop = await step("stop", ["stop", "-f", name]);
  const del = await step("delete", ["delete", name]);
  return { launch, exec, stop, delete: del, logs: logs ? slices : undefined, attachFloor };
}

const fmt = (f: Figure, v: number) => (Number.isFinite(v) ? v.toFixed(1) : "n/a");

function report(results: PairResult[]): void {
  const lines: string[] = [];
  for (const f of FIGURES) {
    for (const r of results) {
      const s = r.samples.get(f)!;
      if (!s.ours.length) continue;
      const ours = median(s.ours);
      if (r.peerError || !s.peer.length) {
        lines.push(`BENCH ${f} ours=${fmt(f, ours)} ${r.peer}=unavailable`);
        continue;
      }
      const peer = median(s.peer);
      lines.push(`BENCH ${f} ours=${fmt(f, ours)} ${r.peer}=${fmt(f, peer)} ratio=${(ours / peer).toFixed(2)}`);
    }
  }
  process.stdout.write(lines.join("\n") + "\n\n");

  const out: string[] = ["Summary (medians; ms are client wall times incl. CLI process start; MB = VmRSS of the daemon process only):"];
  for (const r of results) {
    if (r.peerError) out.push(`  ${r.peer}: unavailable (${r.peerError})`);
    out.push(`  CLI start alone (--version): corral ${median(r.cliStart.ours).toFixed(1)} ms` + (r.cliStart.peer.length ? `, ${r.peer} ${median(r.cliStart.peer).toFixed(1)} ms` : ""));
    const node = median(r.floors.node);
    const attach = median(r.floors.lxcAttach);
    const peerExec = median(r.samples.get("exec_true_ms")!.peer);
    const peerDelete = median(r.samples.get("delete_ms")!.peer);
    // An exec runs through the container's exec helper (one fork, see api_exec), not an lxc-attach.
    out.push(`  Floors: node -e 0 ${node.toFixed(1)} ms` + (Number.isFinite(peerExec) ? ` = ${(node / peerExec).toFixed(2)} x ${r.peer}'s exec` : "") +
      ` (no Node CLI exec goes below it; the agent's exec through its per-container helper adds a few ms, see api_exec);` +
      ` raw lxc-attach -- true (under nsenter) ${attach.toFixed(1)} ms, what each exec cost before the helper` +
      (Number.isFinite(peerDelete) ? `; any Node CLI command (delete, stop) not below node -e 0 = ${(node / peerDelete).toFixed(2)} x ${r.peer}'s delete` : ""));
    const at = (xs: number[][]) => xs.map((x) => median(x).toFixed(1)).join(" / ");
    out.push(`  exec_true_ms by place in a new container (1st / 2nd / ...): ours ${at(r.execAt.ours)}` + (r.execAt.peer.length ? `, ${r.peer} ${at(r.execAt.peer)}` : ""));
  }
  const incus = results.find((r) => r.peer === "incus" && !r.peerError);
  if (incus) {
    out.push("  Targets vs Incus:");
    for (const [f, target] of Object.entries(TARGETS) as [Figure, number][]) {
      const s = incus.samples.get(f)!;
      if (!s.ours.length) continue;
      const ratio = median(s.ours) / median(s.peer);
      out.push(`    ${f.padEnd(22)} ratio ${ratio.toFixed(2)} target <= ${target.toFixed(2)}: ${ratio <= target ? "MET" : "MISSED"}  (ours ${fmt(f, median(s.ours))}, incus ${fmt(f, median(s.peer))}; ours min..max ${fmt(f, Math.min(...s.ours))}..${fmt(f, Math.max(...s.ours))})`);
    }
  } else {
    out.push("  Targets vs Incus: not evaluated (Incus unavailable)");
  }
  process.stdout.write(out.join("\n") + "\n");
}

async function emergencyCleanup(sig: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${sig}: cleaning up`);
  // A suite running as a child cleans up on its own: it gets the signal, and we wait for it.
  const child = suiteChild;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("close", r));
  }
  for (const s of [...active].reverse()) await s.teardown();
  process.exit(130);
}
process.on("SIGINT", () => void emergencyCleanup("SIGINT"));
process.on("SIGTERM", () => void emergencyCleanup("SIGTERM"));

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

/**
 * Runs another bench file as a child process with stdio inherited; why: this process exits on
 * Ctrl-C after its own clean-up, and the child must finish removing what it made on its own.
 */
function runSuite(file: string, args: string[] = []): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, file), ...args], { stdio: "inherit" });
    suiteChild = child;
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** The suite running now, if any; why: a SIGTERM to the bench reaches it, and the bench waits for its clean-up. */
let suiteChild: ChildProcess | undefined;
