// ci_env_cycle (issue 15): what a CI pipeline does per run, up (addresses known) and down again:
// a NAT network plus 5 busybox containers from an image already on the host.
//   ours:  `tofu apply` (corral_network + 5 corral_instance with wait_for { ipv4 = true }) then
//          `tofu destroy`, the real tofu with the real provider against a real corrald;
//   incus: its CLI: `network create`, 5 parallel `launch --network`, `list` until each has an
//          IPv4 (every 100 ms), `delete -f` of the 5, `network delete`.
// Cycles alternate (ours, incus, ours, …), each with fresh names; prints
// `BENCH ci_env_cycle ours=<ms> incus=<ms> ratio=<ours/incus>` (targets: ratio <= 1.0, ours <= 3 s),
// and the apply/destroy split. --profile runs corrald with CORRAL_DEBUG=run and prints, per
// phase, the host commands' serial time by tool and when the first and last of them ran.
// Run alone: `node --import tsx bench/ci-env.ts [--cycles 5] [--profile]`.
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
import { freeSubnet } from "./subnet";
import { median, sleep, timeMs } from "./stats";
import { isStopping, ratioLines, say, suiteMain } from "./suite";

const IMAGE_ALIAS = "benchbb";
const COUNT = 5;
const TARGET_RATIO = 1.0;
const TARGET_OURS_MS = 3000;
/** Incus side: how often `incus list` is asked for the addresses, and for how long at most. */
const INCUS_POLL_MS = 100;
const ADDRESS_TIMEOUT_MS = 60_000;
const rand = () => randomBytes(3).toString("hex");

function envConfig(endpoint: string, pool: string, id: string): string {
  return `${providerHeader(endpoint)}
resource "corral_network" "n" {
  name     = "ce${id}"
  ipv4_nat = true
}

${instancesResource({ count: COUNT, prefix: `ce${id}x`, pool, network: "corral_network.n.name", extra: "\n  wait_for {\n    ipv4 = true\n  }\n" })}
output "ipv4" {
  value = corral_instance.c[*].ipv4_address
}
`;
}

const TOFU_FLAGS = ["-auto-approve", "-input=false", "-no-color"];

async function tofuOk(ws: Workspace, args: string[]): Promise<string> {
  const r = await ws.tofu(args);
  if (r.code !== 0) throw new Error(`tofu ${args.join(" ")} exited ${r.code}:\n${(r.stdout + r.stderr).slice(-3000)}`);
  return r.stdout;
}

/** One of our cycles: apply (addresses checked afterwards, untimed) and destroy, each timed. */
async function oursCycle(ws: Workspace, ours: CorralSide, pool: string, id: string): Promise<{ apply: number; destroy: number; destroyAt: number }> {
  ws.write({ "main.tf": envConfig(ours.endpoint, pool, id) });
  const apply = await timeMs(() => tofuOk(ws, ["apply", ...TOFU_FLAGS]));
  const ips = JSON.parse(await tofuOk(ws, ["output", "-json", "ipv4"])) as (string | null)[];
  if (ips.length !== COUNT || ips.some((ip) => !ip)) throw new Error(`ours: addresses after apply: ${JSON.stringify(ips)}`);
  const destroyAt = Date.now();
  const destroy = await timeMs(() => tofuOk(ws, ["destroy", ...TOFU_FLAGS]));
  return { apply, destroy, destroyAt };
}

/** One Incus cycle through its CLI; returns the up and down times. */
async function incusCycle(incus: PeerSide, id: string, subnet: string): Promise<{ apply: number; destroy: number }> {
  const network = `ci${id}`;
  const names = Array.from({ length: COUNT }, (_, i) => `ci${id}x${i}`);
  const apply = await timeMs(async () => {
    await incus.cli(["network", "create", network, `ipv4.address=${subnet}`, "ipv4.nat=true", "ipv6.address=none"]);
    await Promise.all(names.map((n) => incus.cli(["launch", IMAGE_ALIAS, n, "--network", network])));
    const deadline = Date.now() + ADDRESS_TIMEOUT_MS;
    for (;;) {
      const r = await incus.cli(["list", "--format", "csv", "-c", "n4", `^ci${id}x`]);
      const withIp = r.stdout.split("\n").filter((l) => /,\d+\.\d+\.\d+\.\d+ /.test(l)).length;
      if (withIp === COUNT) break;
      if (Date.now() > deadline) throw new Error(`incus: only ${withIp} of ${COUNT} instances got an IPv4 in ${ADDRESS_TIMEOUT_MS} ms`);
      await sleep(INCUS_POLL_MS);
    }
  });
  const destroy = await timeMs(async () => {
    await incus.cli(["delete", "-f", ...names]);
    await incus.cli(["network", "delete", network]);
  });
  return { apply, destroy };
}

interface HostCmd {
  end: number;
  ms: number;
  tool: string;
}

/** Host commands (CORRAL_DEBUG=run lines) logged in `text`, with their end times. */
function hostCommands(text: string): HostCmd[] {
  const out: HostCmd[] = [];
  for (const line of text.split("\n")) {
    if (!line.includes('"@module":"run"')) continue;
    try {
      const j = JSON.parse(line) as Record<string, string>;
      const m = /^(.*) \((\d+) ms\) -> \S+$/.exec(j["@message"]!);
      if (!m) continue;
      const argv = m[1]!.split(" ");
      const words = argv.filter((a) => !a.startsWith("-") && !/^\d+$/.test(a));
      const tool = ["ip", "nft", "lxc-cgroup", "nsenter"].includes(argv[0]!) ? words.slice(0, argv[0] === "nsenter" ? 3 : 2).join(" ") : argv[0]!;
      out.push({ end: Date.parse(j["@timestamp"]!), ms: Number(m[2]), tool });
    } catch {
      /* not a log record */
    }
  }
  return out;
}

/** Per phase: wall time, host commands' serial sum by tool, and the span they covered. */
function phaseProfile(phase: string, wall: number[], slices: HostCmd[][], startedAt: number[]): string[] {
  const lines = [`  ${phase}: wall ${median(wall).toFixed(0)} ms (median of ${wall.length})`];
  const byTool = new Map<string, number[]>();
  const counts = new Map<string, number>();
  slices.forEach((cmds) => {
    const sums = new Map<string, number>();
    for (const c of cmds) {
      sums.set(c.tool, (sums.get(c.tool) ?? 0) + c.ms);
      counts.set(c.tool, (counts.get(c.tool) ?? 0) + 1);
    }
    for (const [t, s] of sums) byTool.set(t, [...(byTool.get(t) ?? []), s]);
  });
  const first = slices.map((cmds, i) => (cmds.length ? Math.min(...cmds.map((c) => c.end - c.ms)) - startedAt[i]! : NaN)).filter(Number.isFinite);
  const last = slices.map((cmds, i) => (cmds.length ? Math.max(...cmds.map((c) => c.end)) - startedAt[i]! : NaN)).filter(Number.isFinite);
  lines.push(`    agent host commands from +${median(first).toFixed(0)} ms to +${median(last).toFixed(0)} ms after the phase started`);
  for (const [t, sums] of [...byTool].sort((a, b) => median(b[1]) - median(a[1])).slice(0, 12)) {
    lines.push(`    ${t.padEnd(28)} ${((counts.get(t) ?? 0) / slices.length).toFixed(1).padStart(5)} calls, ${median(sums).toFixed(0).padStart(5)} ms serial`);
  }
  return lines;
}

suiteMain("ci_env_cycle", async (c) => {
  const { values } = parseArgs({
    options: {
      cycles: { type: "string", default: process.env.BENCH_CI_CYCLES ?? "5" },
      profile: { type: "boolean", default: !!process.env.BENCH_PROFILE },
    },
  });
  const cycles = Math.max(1, Number(values.cycles));
  if (process.getuid?.() !== 0) throw new Error("the bench drives LXC, bridges, tofu and daemons: run it as root");
  const work = mkdtempSync(join(tmpdir(), "corral-bench-cienv-"));
  c.teardown(() => removeTree(work));
  const img = buildBusyboxImage(join(work, "img"));
  const pool = `cbp${rand()}`;
  const ours = new CorralSide({ pool, network: `cbn${rand()}` }, values.profile ? "run" : "");
  c.teardown(() => ours.teardown());
  const incusSubnet = await freeSubnet();
  const incus = new PeerSide(INCUS, { pool: `bp${rand()}`, network: `ibn${rand()}` }, incusSubnet);
  const why = await incus.unavailableReason();
  if (why) throw new Error(`ci_env_cycle needs Incus: ${why}`);
  c.teardown(() => incus.teardown());
  say("ci_env_cycle: setting up corrald, incusd and a tofu workspace");
  await ours.setup(img.metaPath, IMAGE_ALIAS);
  await incus.setup(img.metaPath, IMAGE_ALIAS);
  const ws = workspace(c);
  // A destroy that did not run (failure, signal) runs here, before corrald goes.
  c.teardown(() => ws.tofu(["destroy", ...TOFU_FLAGS]));
  ws.write({ "main.tf": envConfig(ours.endpoint, pool, "init") });
  await tofuOk(ws, ["init", "-input=false", "-no-color"]);
  const cycleSubnet = await freeSubnet([incusSubnet]);

  say("ci_env_cycle: warm-up (the first launch unpacks the image into each pool)");
  await oursCycle(ws, ours, pool, rand());
  await incusCycle(incus, rand(), cycleSubnet);

  const o = { apply: [] as number[], destroy: [] as number[], total: [] as number[] };
  const p = { apply: [] as number[], destroy: [] as number[], total: [] as number[] };
  const prof = { apply: [] as HostCmd[][], destroy: [] as HostCmd[][], applyAt: [] as number[], destroyAt: [] as number[] };
  for (let i = 0; i < cycles && !isStopping(); i++) {
    say(`ci_env_cycle: cycle ${i + 1}/${cycles}`);
    const oursFirst = i % 2 === 0;
    for (const side of oursFirst ? ["ours", "incus"] : ["incus", "ours"]) {
      if (side === "ours") {
        const from = ours.logs().length;
        const t0 = Date.now();
        const r = await oursCycle(ws, ours, pool, rand());
        o.apply.push(r.apply);
        o.destroy.push(r.destroy);
        o.total.push(r.apply + r.destroy);
        if (values.profile) {
          const cmds = hostCommands(ours.logs().slice(from));
          // The apply ends before the untimed `tofu output`; the destroy starts after it.
          prof.apply.push(cmds.filter((x) => x.end <= r.destroyAt));
          prof.destroy.push(cmds.filter((x) => x.end > r.destroyAt));
          prof.applyAt.push(t0);
          prof.destroyAt.push(r.destroyAt);
        }
      } else {
        const r = await incusCycle(incus, rand(), cycleSubnet);
        p.apply.push(r.apply);
        p.destroy.push(r.destroy);
        p.total.push(r.apply + r.destroy);
      }
    }
  }
  const lines = ratioLines("ci_env_cycle", o.total, "incus", p.total, TARGET_RATIO);
  const med = median(o.total);
  lines.push(`  ci_env_cycle: ours <= ${TARGET_OURS_MS} ms: ${med <= TARGET_OURS_MS ? "MET" : "MISSED"} (${med.toFixed(0)} ms)`);
  lines.push(`  up:   ours ${median(o.apply).toFixed(0)} ms (tofu apply), incus ${median(p.apply).toFixed(0)} ms`);
  lines.push(`  down: ours ${median(o.destroy).toFixed(0)} ms (tofu destroy), incus ${median(p.destroy).toFixed(0)} ms`);
  if (values.profile) {
    lines.push("Profile of ours (CORRAL_DEBUG=run):");
    lines.push(...phaseProfile("apply", o.apply, prof.apply, prof.applyAt));
    lines.push(...phaseProfile("destroy", o.destroy, prof.destroy, prof.destroyAt));
  }
  process.stdout.write(lines.join("\n") + "\n");
});
