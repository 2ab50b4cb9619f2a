// Runs inside a network namespace (`ip netns exec NS node --import tsx netns-worker.ts`) and
// plays the agent: it calls exported functions/methods of repo modules on request and answers
// with JSON. Requests and answers are single lines on stdin/stdout; logs go to stderr.
import { createInterface } from "node:readline";
import { join } from "node:path";

interface Request {
  id: number;
  /** Module path relative to the repo root, without extension (e.g. agent/network/drivers/bridge/driver). */
  module: string;
  /** Exported name: a function, or an object when `method` is set. */
  target: string;
  method?: string;
  args: unknown[];
}

const root = join(__dirname, "..", "..", "..");

async function handle(req: Request): Promise<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(join(root, req.module)) as Record<string, unknown>;
  const target = mod[req.target] as Record<string, unknown> | ((...a: unknown[]) => unknown) | undefined;
  if (target === undefined) throw new Error(`${req.module} has no export ${req.target}`);
  if (req.method) {
    const fn = (target as Record<string, unknown>)[req.method];
    if (typeof fn !== "function") throw new Error(`${req.target}.${req.method} is not a function`);
    return await (fn as (...a: unknown[]) => unknown).apply(target, req.args);
  }
  if (typeof target !== "function") throw new Error(`${req.target} is not a function`);
  return await target(...req.args);
}

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (!line.trim()) return;
  const req = JSON.parse(line) as Request;
  handle(req).then(
    (value) => process.stdout.write(JSON.stringify({ id: req.id, ok: true, value: value ?? null }) + "\n"),
    (e: unknown) => {
      const err = e as { name?: string; message?: string; code?: string; field?: string };
      process.stdout.write(JSON.stringify({ id: req.id, ok: false, error: { name: err.name, message: err.message ?? String(e), code: err.code, field: err.field } }) + "\n");
    },
  );
});
rl.on("close", () => process.exit(0));
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid }) + "\n");
