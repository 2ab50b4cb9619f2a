// A real etcd for tests: the agent's own supervisor (EtcdProcess) on loopback ports chosen free,
// a temp data dir, stopped and removed in teardown.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EtcdProcess, type EtcdTlsFiles } from "../../agent/cluster/etcd-process";

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestEtcd {
  etcd: EtcdProcess;
  endpoint: string;
  dataDir: string;
}

export async function startTestEtcd(t: Teardown, opts: { tls?: EtcdTlsFiles } = {}): Promise<TestEtcd> {
  const dataDir = mkdtempSync(join(tmpdir(), "corral-etcd-"));
  const scheme = opts.tls ? "https" : "http";
  const endpoint = `${scheme}://127.0.0.1:${await freePort()}`;
  const etcd = new EtcdProcess({
    name: `t${process.pid}`,
    dataDir: join(dataDir, "etcd"),
    clientUrl: endpoint,
    peerUrl: `${scheme}://127.0.0.1:${await freePort()}`,
    tls: opts.tls,
  });
  t.teardown(async () => {
    await etcd.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await etcd.start();
  return { etcd, endpoint, dataDir };
}
