// The embedded etcd supervisor with TLS from an agent's CA: clients need a certificate from that
// CA, a crashed etcd is restarted and the store works again, an etcd left by a killed agent is
// replaced, and stop() ends the process.
import t from "tap";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ETCD_BINARY, EtcdProcess, etcdArgs } from "../../agent/cluster/etcd-process";
import { memberPaths, writeMemberCredentials } from "../../agent/cluster/member-config";
import { ensureAgentIdentity } from "../../agent/security";
import { createCa, issueServerCertificate } from "../../agent/security/certs";
import { EtcdStore } from "../../agent/state/etcd";
import { eventually } from "../helpers/agent";
import { freePort } from "../helpers/etcd";

const alive = (pid: number | undefined) => !!pid && existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));

t.test("embedded etcd: TLS from the cluster CA, restart on crash, stale etcd replaced, stop", async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), "corral-etcd-tls-"));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const id = await ensureAgentIdentity(dataDir);
  const member = await issueServerCertificate({ certPem: id.caCertPem, keyPem: id.caKeyPem }, "m1", { dns: ["m1"], ips: ["127.0.0.1"] });
  const creds = { caPem: id.caCertPem, certPem: member.certPem, keyPem: member.keyPem };
  writeMemberCredentials(dataDir, creds);
  const p = memberPaths(dataDir);
  const clientUrl = `https://127.0.0.1:${await freePort()}`;
  const opts = { name: "m1", dataDir: p.etcdDataDir, clientUrl, peerUrl: `https://127.0.0.1:${await freePort()}`, tls: { caFile: p.caCert, certFile: p.cert, keyFile: p.key } };
  const etcd = new EtcdProcess(opts);
  t.teardown(() => etcd.stop());
  await etcd.start();

  const store = await EtcdStore.open({ endpoints: [clientUrl], tls: creds });
  t.teardown(() => store.close());
  await store.put("k", { v: 1 });
  t.same((await store.get("k"))?.value, { v: 1 }, "a client with a certificate from the cluster CA works");

  const other = await createCa("another CA");
  const stranger = await issueServerCertificate(other, "x", { dns: [], ips: ["127.0.0.1"] });
  await t.rejects(EtcdStore.open({ endpoints: [clientUrl], tls: { caPem: id.caCertPem, certPem: stranger.certPem, keyPem: stranger.keyPem } }),
    { code: "CORRAL_ERR_UNAVAILABLE" }, "a certificate from another CA is refused");

  const firstPid = etcd.pid!;
  process.kill(firstPid, "SIGKILL");
  await eventually("etcd restarted after the crash", async () => (etcd.starts === 2 && etcd.pid !== firstPid && alive(etcd.pid) ? true : undefined));
  await eventually("the store works again", async () => ((await store.get("k"))?.value as { v: number } | undefined)?.v === 1 || undefined);
  await store.put("k", { v: 2 });
  t.pass("writes work after the restart");

  // An agent killed with SIGKILL leaves its etcd running (with its pid file): the next agent's
  // supervisor replaces it.
  await etcd.stop();
  const stale = spawn(ETCD_BINARY, etcdArgs(opts), { stdio: "ignore" });
  t.teardown(() => stale.kill("SIGKILL"));
  writeFileSync(join(p.etcdDataDir, "corral-etcd.pid"), `${stale.pid}\n`);
  await eventually("the stale etcd serves", async () => ((await store.get("k"))?.value as { v: number } | undefined)?.v === 2 || undefined);
  const stalePid = stale.pid!;
  const next = new EtcdProcess(opts);
  t.teardown(() => next.stop());
  await next.start();
  t.notOk(alive(stalePid), "the stale etcd was stopped");
  t.ok(alive(next.pid), "the new etcd runs");
  await eventually("the store reaches the new etcd", async () => ((await store.get("k"))?.value as { v: number } | undefined)?.v === 2 || undefined);
  t.pass("state kept in the data dir");

  const pid = next.pid!;
  await next.stop();
  t.notOk(alive(pid), "stop ends etcd");
  t.notOk(existsSync(join(p.etcdDataDir, "corral-etcd.pid")), "pid file removed");
});
