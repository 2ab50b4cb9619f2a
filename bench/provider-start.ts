// provider_start: how long bin/terraform-provider-corral takes from exec to its go-plugin
// handshake line on stdout (what tofu waits for before every command), against `node -e 0`
// (the floor for any Node.js program). Runs alternate so machine drift hits both alike.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { TF_MAGIC_COOKIE_KEY, TF_MAGIC_COOKIE_VALUE } from "../provider/plugin/handshake";

export const PROVIDER_BIN = join(__dirname, "..", "bin", "terraform-provider-corral");
/** A handshake takes a fraction of a second; a stuck start is a failure, not a sample. */
const START_TIMEOUT_MS = 30_000;

/** The environment tofu gives a plugin without TLS material: the cookie and protocol 6. */
function pluginEnv(): NodeJS.ProcessEnv {
  // The provider's `#!/usr/bin/env node` must find the same node as the baseline.
  const path = [dirname(process.execPath), process.env.PATH ?? "/usr/bin:/bin"].join(":");
  return { PATH: path, HOME: process.env.HOME ?? "/root", [TF_MAGIC_COOKIE_KEY]: TF_MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" };
}

/** Milliseconds from spawn to the first handshake line; then stops the provider with SIGTERM (it removes its socket). */
export function timeProviderHandshake(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(PROVIDER_BIN, [], { env: pluginEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let elapsed: number | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no handshake after ${START_TIMEOUT_MS} ms: ${err.slice(-500)}`));
    }, START_TIMEOUT_MS);
    child.stdout.on("data", (d: Buffer) => {
      if (elapsed !== undefined) return;
      out += d.toString();
      if (!out.includes("\n")) return;
      elapsed = performance.now() - t0;
      clearTimeout(timer);
      if (!/^1\|6\|(unix|tcp)\|[^|]+\|grpc\|/.test(out)) {
        child.kill("SIGKILL");
        reject(new Error(`unexpected handshake line: ${out.trim()}`));
        return;
      }
      child.kill("SIGTERM");
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      if (elapsed !== undefined) resolve(elapsed);
      else {
        clearTimeout(timer);
        reject(new Error(`provider exited (${code ?? signal}) before its handshake: ${err.slice(-500)}`));
      }
    });
  });
}

/** Milliseconds from spawn to exit of `node -e 0`. */
export function timeNodeNoop(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { env: pluginEnv(), stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`node -e 0 exited ${code}`))));
  });
}

/** `runs` alternating samples of both (after one unmeasured warm-up each, for the page cache). */
export async function measureProviderStart(runs: number): Promise<{ ours: number[]; node: number[] }> {
  if (!existsSync(PROVIDER_BIN)) throw new Error(`${PROVIDER_BIN} is missing: run \`npm run build\``);
  await timeProviderHandshake();
  await timeNodeNoop();
  const ours: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await timeProviderHandshake());
    node.push(await timeNodeNoop());
  }
  return { ours, node };
}
