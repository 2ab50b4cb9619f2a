// BENCH store_put: the Store's put latency on etcd (a real single-member etcd on loopback, TLS off,
// as the embedded one without its certificate work) against SQLite, in the same run, one put on
// each in turn; p50 and p99, and the etcd/SQLite ratio. store_put_3voters: the same on three etcd
// members on loopback (a cluster's voters: every put waits for a majority). Run: `node --import tsx bench/store.ts [--n 500]`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EtcdStore } from "../agent/state/etcd";
import { SqliteStore } from "../agent/state/sqlite";
import type { Store } from "../agent/state/store";
import { EtcdProcess } from "../agent/cluster/etcd-process";
import { freePort, startTestEtcd } from "../test/helpers/etcd";
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

/** Three etcd members on loopback ports (plain HTTP), started together; their client URLs. */
async function threeVoters(dir: string, cleanups: (() => unknown)[]): Promise<string[]> {
  const members = await Promise.all(["v1", "v2", "v3"].map(async (name) => ({
    name, client: `http://127.0.0.1:${await freePort()}`, peer: `http://127.0.0.1:${await freePort()}`,
  })));
  const initialCluster = members.map((m) => `${m.name}=${m.peer}`).join(",");
  const procs = members.map((m) => new EtcdProcess({ name: m.name, dataDir: join(dir, m.name), clientUrl: m.client, peerUrl: m.peer, initialCluster }));
  cleanups.push(() => Promise.all(procs.map((p) => p.stop())));
  await Promise.all(procs.map((p) => p.start()));
  return members.map((m) => m.client);
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
    const voters = await EtcdStore.open({ endpoints: await threeVoters(dir, cleanups) });
    cleanups.push(() => voters.close());
    const [a, b, c] = (await puts([sqlite, etcd, voters], n)) as [number[], number[], number[]];
    for (const [figure, xs] of [["store_put", b], ["store_put_3voters", c]] as const) {
      for (const q of [0.5, 0.99]) {
        const [x, y] = [quantile(xs, q), quantile(a, q)];
        process.stdout.write(`BENCH ${figure}_p${Math.round(q * 100)}_ms etcd=${x.toFixed(3)} sqlite=${y.toFixed(3)} ratio=${(x / y).toFixed(1)}\n`);
      }
    }
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

void main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
