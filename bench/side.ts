// One side of a benchmark pair: a daemon plus its LXD-style CLI. All three (corral, incus, lxc)
// share the verbs the bench needs (launch, exec, stop -f, delete, list), so the timed work is
// the same argument vector sent to a different binary.
import { run, type RunResult } from "../agent/host/run";

/** Upper bound for one CLI call; 20 parallel launches on 2 vCPUs stay well below. */
export const CLI_TIMEOUT_MS = 180_000;

export interface Side {
  /** "ours", "incus" or "lxd": the label in BENCH lines. */
  readonly label: string;
  /** Starts the daemon and creates pool, network, default profile devices and the image alias. */
  setup(imagePath: string, imageAlias: string): Promise<void>;
  /** Pids whose VmRSS makes the agent memory figure. */
  daemonPids(): number[];
  /** Runs the side's CLI once (the process start is part of every timed figure). */
  cli(args: string[], okCodes?: number[]): Promise<RunResult>;
  /** Names of all instances (for clean-up between phases). */
  listInstances(): Promise<string[]>;
  /** Removes everything setup and the bench created, then stops the daemon; never throws. */
  teardown(): Promise<void>;
}

/** A CLI runner for one binary with its environment; why: one place adds timeout and env. */
export function cliRunner(cmd: string, prefix: string[], env: Record<string, string>): (args: string[], okCodes?: number[]) => Promise<RunResult> {
  return (args, okCodes) => run(cmd, [...prefix, ...args], { env, timeoutMs: CLI_TIMEOUT_MS, okCodes });
}

/** Runs a clean-up step and only reports its failure; why: teardown must go on to the end. */
export async function tryStep(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    process.stderr.write(`bench: clean-up step failed: ${what}: ${(e as Error).message.split("\n")[0]}\n`);
  }
}

/** Deletes the given instances with `delete -f`, in chunks, ignoring the already gone. */
export async function deleteAll(side: Side, names: string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 10) {
    const chunk = names.slice(i, i + 10);
    if (chunk.length) await side.cli(["delete", "-f", ...chunk]);
  }
}
