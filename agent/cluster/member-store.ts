// A member's state: a voter starts its embedded etcd first; every member then opens the etcd
// Store on the voters' endpoints with its member certificate.
import { rmSync } from "node:fs";
import { etcd3 } from "../state/etcd3-lazy";
import { EtcdStore, type EtcdStoreOptions } from "../state/etcd";
import { log } from "../util/log";
import { EtcdProcess } from "./etcd-process";
import { etcdClientUrl, etcdPeerUrl, memberPaths, readMemberCredentials, writeMemberConfig, type MemberConfig } from "./member-config";

export interface MemberStore {
  store: EtcdStore;
  /** The supervised etcd of a voter. */
  etcd?: EtcdProcess;
  /** The member's configuration (no longer a voter if etcd removed it while the agent was down). */
  member: MemberConfig;
}

/** The supervisor for a voter's etcd (TLS from the cluster CA, data under the agent's data dir). */
export function memberEtcd(dataDir: string, cfg: MemberConfig, join?: { initialCluster: string }): EtcdProcess {
  const p = memberPaths(dataDir);
  return new EtcdProcess({
    name: cfg.name,
    dataDir: p.etcdDataDir,
    clientUrl: etcdClientUrl(cfg.address),
    peerUrl: etcdPeerUrl(cfg.address),
    initialCluster: join?.initialCluster,
    initialClusterState: join ? "existing" : "new",
    tls: { caFile: p.caCert, certFile: p.cert, keyFile: p.key },
  });
}

/** A member started with the voters (hosts back after a power cut) waits this long for one of them to serve. */
const VOTERS_WAIT_MS = 60_000;
const VOTERS_RETRY_MS = 500;

/** Opens the store, retrying while no voter serves yet (bounded). */
async function openWhenServed(opts: EtcdStoreOptions): Promise<EtcdStore> {
  const deadline = Date.now() + VOTERS_WAIT_MS;
  for (let logged = false; ; logged = true) {
    try {
      return await EtcdStore.open(opts);
    } catch (err) {
      const cause = (err as Error).cause;
      // Only unreachable voters are waited for; a refusal (a removed member's certificate) is final.
      if (!(cause instanceof Error && etcd3().isRecoverableError(cause)) || Date.now() > deadline) throw err;
      if (!logged) log("warn", "no voter's etcd serves yet; waiting", { endpoints: opts.endpoints, waitMs: VOTERS_WAIT_MS });
      await new Promise((r) => setTimeout(r, VOTERS_RETRY_MS));
    }
  }
}

/**
 * Starts the voter's etcd (if any) and opens the store; on failure nothing is left running. A
 * voter that etcd removed while its agent was down (demoted: cluster.max_voters was lowered) goes
 * on as a non-voter: its etcd data is removed and member.json says so.
 */
export async function openMemberStore(dataDir: string, cfg: MemberConfig): Promise<MemberStore> {
  let etcd = cfg.voter ? memberEtcd(dataDir, cfg) : undefined;
  try {
    await etcd?.start();
  } catch (err) {
    if (!etcd?.removed) throw err;
    log("warn", "cluster: etcd removed this member while its agent was down; it no longer votes", { member: cfg.name });
    etcd = undefined;
    rmSync(memberPaths(dataDir).etcdDataDir, { recursive: true, force: true });
    cfg = { ...cfg, voter: false, etcdEndpoints: cfg.etcdEndpoints.filter((u) => u !== etcdClientUrl(cfg.address)) };
    writeMemberConfig(dataDir, cfg);
  }
  try {
    const creds = readMemberCredentials(dataDir);
    const store = await openWhenServed({ endpoints: cfg.etcdEndpoints, tls: { caPem: creds.caPem, certPem: creds.certPem, keyPem: creds.keyPem } });
    return { store, etcd, member: cfg };
  } catch (err) {
    await etcd?.stop();
    throw err;
  }
}
