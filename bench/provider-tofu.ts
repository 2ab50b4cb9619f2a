// The provider under real OpenTofu against a real corrald (own netns and data dir, as the tests
// run it), each figure next to the agent API doing the same work directly:
//   tofu_apply_20: `tofu apply` of 20 busybox containers vs the 20 CreateInstance(start) calls
//                  sent in parallel (connect + wait for the operations);
//   tofu_plan_50:  a no-op `tofu plan` with 50 profiles in state vs 50 parallel GetProfile calls.
// A dir pool, a NAT bridge and the image exist beforehand; everything is removed between runs.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "../agent/client";
import { buildBusyboxImage } from "../test/fixtures/images";
import { startAgent, type TestAgent } from "../test/helpers/agent";
import { PROVIDER_VERSION, workspace, type Workspace } from "../test/helpers/tofu";
import { timeMs } from "./stats";

const IMAGE_ALIAS = "benchbb";

/** Clean-up steps in reverse order of registration; why: reuses the test helpers' teardown contract. */
export class Cleanup {
  private fns: (() => unknown)[] = [];
  teardown(fn: () => unknown): void {
    this.fns.push(fn);
  }
  /** Runs every step, reporting (not throwing) failures. */
  async run(): Promise<void> {
    for (const fn of this.fns.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`bench: clean-up step failed: ${(e as Error).message.split("\n")[0]}\n`);
      }
    }
  }
}

export interface ProviderBenchEnv {
  agent: TestAgent;
  ws: Workspace;
  pool: string;
  network: string;
  suffix: string;
}

const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** A fresh agent with pool, network and image, and a tofu workspace with the provider installed. */
export async function setupProviderBench(c: Cleanup): Promise<ProviderBenchEnv> {
  const suffix = randomBytes(3).toString("hex");
  const agent = await startAgent(c);
  const pool = `tfbp${suffix}`;
  const network = `tfbn${suffix}`;
  const work = mkdtempSync(join(tmpdir(), "corral-bench-tf-img-"));
  c.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  c.teardown(async () => {
    // Whatever a failed run left: instances, profiles, then the shared objects.
    const client = agent.client;
    const left = (await client.instances.ListInstances({ with_state: false })).instances.map((i) => i.name);
    await Promise.all(left.map(async (name) => client.wait(await client.instances.DeleteInstance({ name, force: true }))));
    const profiles = (await client.profiles.ListProfiles({})).profiles.map((p) => p.name).filter((n) => n.startsWith("tfb"));
    await Promise.all(profiles.map((name) => client.profiles.DeleteProfile({ name })));
    await agent.cli(["image", "delete", IMAGE_ALIAS], { okCodes: [0, 1] });
    await agent.cli(["network", "delete", network], { okCodes: [0, 1] });
    await agent.cli(["storage", "delete", pool], { okCodes: [0, 1] });
  });
  await agent.cli(["storage", "create", pool, "dir"]);
  await agent.cli(["network", "create", network, "ipv4.address=auto", "ipv4.nat=true"]);
  await agent.cli(["image", "import", img.metaPath, "--alias", IMAGE_ALIAS]);
  const ws = workspace(c);
  return { agent, ws, pool, network, suffix };
}

/** The terraform block and provider configuration every bench configuration starts with. */
export const providerHeader = (endpoint: string): string => `terraform {
  required_providers {
    corral = {
      source  = "corral/corral"
      version = "${PROVIDER_VERSION}"
    }
  }
}

provider "corral" {
  endpoint = "${endpoint}"
}
`;

/** Names of the i-th container of a round (a fresh set per round so nothing is reused). */
const containerName = (env: ProviderBenchEnv, round: string, i: number) => `tfb${env.suffix}${round}x${i}`;

/**
 * `count` busybox containers named `<prefix><index>` on `pool`, their eth0 on `network` (an HCL
 * expression: a quoted name or a reference), with `extra` blocks inside the resource.
 */
export function instancesResource(o: { count: number; prefix: string; pool: string; network: string; extra?: string }): string {
  return `resource "corral_instance" "c" {
  count    = ${o.count}
  name     = "${o.prefix}\${count.index}"
  image    = "${IMAGE_ALIAS}"
  profiles = []

  root_disk {
    pool = "${o.pool}"
  }

  network_interface {
    name    = "eth0"
    network = ${o.network}
  }
${o.extra ?? ""}}
`;
}

function instancesConfig(env: ProviderBenchEnv, round: string, count: number): string {
  return `${providerHeader(env.agent.endpoint)}
${instancesResource({ count, prefix: `tfb${env.suffix}${round}x`, pool: env.pool, network: `"${env.network}"` })}`;
}

async function tofuOk(ws: Workspace, args: string[], okCodes = [0]): Promise<number> {
  let code = 0;
  let out = "";
  const ms = await timeMs(async () => {
    const r = await ws.tofu(args);
    code = r.code;
    out = r.stdout + r.stderr;
  });
  if (!okCodes.includes(code)) throw new Error(`tofu ${args.join(" ")} exited ${code}:\n${out.slice(-3000)}`);
  return ms;
}

const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];

/** One timed `tofu apply` of `count` containers, then an untimed destroy. */
async function tofuApplyRound(env: ProviderBenchEnv, round: string, count: number, parallelism?: number): Promise<number> {
  env.ws.write({ "main.tf": instancesConfig(env, round, count) });
  const ms = await tofuOk(env.ws, [...APPLY, ...(parallelism ? [`-parallelism=${parallelism}`] : [])]);
  const names = (await env.agent.client.instances.ListInstances({ with_state: false })).instances.map((i) => i.name);
  const expected = Array.from({ length: count }, (_, i) => containerName(env, round, i));
  const missing = expected.filter((n) => !names.includes(n));
  if (missing.length) throw new Error(`tofu apply left out ${missing.join(", ")}`);
  await tofuOk(env.ws, ["destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"]);
  return ms;
}

/** The same creates through the API: connect, `count` CreateInstance(start) in parallel, wait for all; then an untimed delete. */
async function apiCreateRound(env: ProviderBenchEnv, round: string, count: number): Promise<number> {
  const names = Array.from({ length: count }, (_, i) => containerName(env, round, i));
  const ms = await timeMs(async () => {
    const client = connect({ endpoint: env.agent.endpoint });
    try {
      await Promise.all(names.map(async (name) => {
        const op = await client.instances.CreateInstance({
          name, type: "container", image: IMAGE_ALIAS, profiles: [], profiles_set: true, config: {},
          devices: { root: { properties: { type: "disk", path: "/", pool: env.pool } }, eth0: { properties: { type: "nic", network: env.network } } },
          start: true,
        });
        await client.wait(op);
      }));
    } finally {
      client.close();
    }
  });
  const c = env.agent.client;
  await Promise.all(names.map(async (name) => c.wait(await c.instances.DeleteInstance({ name, force: true }))));
  return ms;
}

/** tofu_apply_20: `rounds` alternating samples; a 1-container warm-up on each side unpacks the image into the pool first. */
export async function benchTofuApply(env: ProviderBenchEnv, rounds: number, count = 20, parallelism?: number): Promise<{ ours: number[]; api: number[] }> {
  env.ws.write({ "main.tf": providerHeader(env.agent.endpoint) });
  await tofuOk(env.ws, ["init", "-input=false", "-no-color"]);
  say(`tofu_apply_${count}: warm-up`);
  await apiCreateRound(env, "w0", 1);
  await tofuApplyRound(env, "w1", 1);
  const ours: number[] = [];
  const api: number[] = [];
  for (let r = 0; r < rounds; r++) {
    say(`tofu_apply_${count}: round ${r + 1}/${rounds}`);
    ours.push(await tofuApplyRound(env, `a${r}`, count, parallelism));
    api.push(await apiCreateRound(env, `b${r}`, count));
  }
  return { ours, api };
}

/** tofu_plan_50: `count` profiles applied once, then `rounds` alternating no-op plans and parallel GetProfile rounds. */
export async function benchTofuPlan(env: ProviderBenchEnv, rounds: number, count = 50): Promise<{ ours: number[]; api: number[] }> {
  const names = Array.from({ length: count }, (_, i) => `tfb${env.suffix}p${i}`);
  env.ws.write({
    "main.tf": `${providerHeader(env.agent.endpoint)}
resource "corral_profile" "p" {
  count  = ${count}
  name   = "tfb${env.suffix}p\${count.index}"
  config = { "limits.cpu" = "1", "user.bench" = "plan" }
}
`,
  });
  await tofuOk(env.ws, ["init", "-input=false", "-no-color"]);
  await tofuOk(env.ws, [...APPLY, "-parallelism=20"]);
  const ours: number[] = [];
  const api: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      say(`tofu_plan_${count}: round ${r + 1}/${rounds}`);
      // -detailed-exitcode: 0 = no changes; 2 would be a phantom diff, which fails the bench.
      ours.push(await tofuOk(env.ws, ["plan", "-detailed-exitcode", "-input=false", "-no-color"]));
      api.push(await timeMs(async () => {
        const client = connect({ endpoint: env.agent.endpoint });
        try {
          await Promise.all(names.map((name) => client.profiles.GetProfile({ name })));
        } finally {
          client.close();
        }
      }));
    }
  } finally {
    await tofuOk(env.ws, ["destroy", "-auto-approve", "-input=false", "-no-color", "-parallelism=20"]);
  }
  return { ours, api };
}
