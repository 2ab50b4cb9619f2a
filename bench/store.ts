// BENCH store_put: the Store's put latency on etcd (a real single-member etcd on loopback, TLS off,
// as the embedded one without its certificate work) against SQLite, in the same run, one put on
// each in turn; p50 and p99, and the etcd/SQLite ratio. Run: `node --import tsx bench/store.ts [--n 500]`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EtcdStore } from "../agent/state/etcd";
import { SqliteStore } from "../agent/state/sqlite";
import type { Store } from "../agent/state/store";
import { startTestEtcd } from "../test/helpers/etcd";
import { timeMs } from "./stats";

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** Put latencies on each store, one put on each in turn (so load on the machine hits both alike). */
async function puts(stores: Store[], n: number): Promise<number[][]> {
  const value = { name: "bench", config: { "limits.cpu": "2" }, devices: { root: { type: "disk", path: "/", pool: "p1" } } };
  for (const s of stores) for (let i = 0; i < 20; i++) await s.put(`bench/warm${i}`, value); // connection and page cache warm-up
  const xs = stores.map((): number[] => []);
  for (let i = 0; i < n; i++) {
    for (const [j, s] of stores.entries()) xs[j]!.push(await timeMs(() => s.put(`instances/bench${i % 50}`, { ...value, i })));
  }
  return xs;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string", default: "500" } } });
  const n = Math.max(10, Number(values.n));
  const cleanups: (() => unknown)[] = [];
  try {
    const dir = mkdtempSync(join(tmpdir(), "corral-bench-store-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sqlite = new SqliteStore(join(dir, "state.db"));
    cleanups.push(() => sqlite.close());
    const { endpoint } = await startTestEtcd({ teardown: (fn) => cleanups.push(fn) });
    const etcd = await EtcdStore.open({ endpoints: [endpoint] });
    cleanups.push(() => etcd.close());
    const [a, b] = (await puts([sqlite, etcd], n)) as [number[], number[]];
    for (const q of [0.5, 0.99]) {
      const name = `store_put_p${Math.round(q * 100)}_ms`;
      const [x, y] = [quantile(b, q), quantile(a, q)];
      process.stdout.write(`BENCH ${name} etcd=${x.toFixed(3)} sqlite=${y.toFixed(3)} ratio=${(x / y).toFixed(1)}\n`);
    }
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

void main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
