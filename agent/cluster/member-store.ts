// A member's state: a voter starts its embedded etcd first; every member then opens the etcd
// Store on the voters' endpoints with its member certificate.
import { EtcdStore } from "../state/etcd";
import { EtcdProcess } from "./etcd-process";
import { etcdClientUrl, etcdPeerUrl, memberPaths, readMemberCredentials, type MemberConfig } from "./member-config";

export interface MemberStore {
  store: EtcdStore;
  /** The supervised etcd of a voter. */
  etcd?: EtcdProcess;
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

/** Starts the voter's etcd (if any) and opens the store; on failure nothing is left running. */
export async function openMemberStore(dataDir: string, cfg: MemberConfig): Promise<MemberStore> {
  const etcd = cfg.voter ? memberEtcd(dataDir, cfg) : undefined;
  await etcd?.start();
  try {
    const creds = readMemberCredentials(dataDir);
    const store = await EtcdStore.open({ endpoints: cfg.etcdEndpoints, tls: { caPem: creds.caPem, certPem: creds.certPem, keyPem: creds.keyPem } });
    return { store, etcd };
  } catch (err) {
    await etcd?.stop();
    throw err;
  }
}
