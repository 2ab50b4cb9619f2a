// The joining side (`corrald --join TOKEN --address IP`), before the agent opens its state: dial
// the member that issued the token pinning its certificate, redeem the token, check the cluster CA
// it hands over against the token's cluster fingerprint, and write the member files. The agent
// then starts as a member on the voters' etcd (a non-voter; it is promoted while the cluster has
// fewer voters than it aims for: agent/cluster/voters.ts).
import { status } from "@grpc/grpc-js";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { connect, ENDPOINT_CONNECT_TIMEOUT_MS, whenConnected } from "../client";
import { CorralError, invalid, precondition } from "../errors";
import { probeHost } from "../host/probe";
import { certificateFingerprint, clientCredentials, decodeToken, generateClientCertificate } from "../security";
import type { Store } from "../state/store";
import { log } from "../util/log";
import { parseMemberAddress, readMemberConfig, writeClusterCaKey, writeMemberConfig, writeMemberCredentials } from "./member-config";
import { checkLocalAddress, refuseWithInstances, retireSqlite, type JoinTokenExtra } from "./membership";
import type { JoinResponse__Output } from "../../proto/gen/types/corral/v1/JoinResponse";

/** One Join call: TLS handshake, token redemption, a certificate and a few etcd writes on the member. */
const JOIN_CALL_TIMEOUT_MS = 30_000;

/** Reads a join token (a trust token's fields plus the cluster CA fingerprint). */
export function decodeJoinToken(token: string): ReturnType<typeof decodeToken> & JoinTokenExtra {
  const t = decodeToken(token);
  const extra = JSON.parse(Buffer.from(token.trim(), "base64url").toString("utf8")) as Partial<JoinTokenExtra>;
  if (typeof extra.cluster_fingerprint !== "string" || !/^[0-9a-f]{64}$/.test(extra.cluster_fingerprint)) {
    throw invalid("token", "is not a join token (no cluster certificate fingerprint); create one with `corral cluster add NAME`");
  }
  const fps = extra.server_fingerprints;
  if (!Array.isArray(fps) || fps.length !== t.addresses.length || !fps.every((f) => typeof f === "string" && /^[0-9a-f]{64}$/.test(f))) {
    throw invalid("token", "has no server certificate fingerprint for each of its addresses; create a new one with `corral cluster add NAME`");
  }
  return { ...t, cluster_fingerprint: extra.cluster_fingerprint, server_fingerprints: fps };
}

export async function joinCluster(dataDir: string, token: string, address: string, opts: { local: () => Store; listen?: string }): Promise<void> {
  const member = readMemberConfig(dataDir);
  if (member) throw precondition(`this agent is already cluster member "${member.name}"; start it without --join`);
  if (!address) throw invalid("address", "--address IP is required with --join: the address other members reach this host on");
  parseMemberAddress(address);
  checkLocalAddress(address);
  const t = decodeJoinToken(token);
  if (Date.parse(t.expires_at) <= Date.now()) {
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", `join token expired at ${t.expires_at}; ask for a new one (corral cluster add ${t.name})`);
  }
  const local = opts.local();
  const instances = (await local.list("instances/")).length;
  await local.close();
  if (instances > 0) throw refuseWithInstances(instances);

  const cert = await generateClientCertificate(`join ${t.name}`);
  const host = await probeHost();
  // The token lists every member that was online when it was made: each is tried in turn, with a
  // bounded connect, until one answers; a refusal (a used token, a name clash) is final.
  let res: JoinResponse__Output | undefined;
  const failures: string[] = [];
  for (const [i, a] of t.addresses.entries()) {
    const client = connect({ endpoint: `https://${a}`, credentials: clientCredentials({ certPem: cert.certPem, keyPem: cert.keyPem, serverFingerprint: t.server_fingerprints[i]! }) });
    try {
      await whenConnected(client, ENDPOINT_CONNECT_TIMEOUT_MS);
      res = await client.cluster.Join({
        token, address, architecture: host.architecture, cpus: host.cpus, memory_bytes: host.memoryTotalBytes,
        api_address: opts.listen ?? "", instance_count: instances,
      }, { deadlineMs: JOIN_CALL_TIMEOUT_MS });
      break;
    } catch (err) {
      const e = err as { code?: number; details?: string; message?: string };
      failures.push(`${a}: ${e.details || e.message}`);
      if (e.code !== undefined && e.code !== status.UNAVAILABLE) break;
      if (i < t.addresses.length - 1) log("warn", "cluster member did not answer the join; trying the next", { address: a, error: e.details || e.message });
    } finally {
      client.close();
    }
  }
  if (!res) throw new CorralError("CORRAL_ERR_UNAVAILABLE", `joining the cluster failed (${failures.length} of ${t.addresses.length} member address(es) tried): ${failures.join("; ")}`);
  if (certificateFingerprint(res.ca_certificate) !== t.cluster_fingerprint) {
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", `the cluster CA handed over has fingerprint ${certificateFingerprint(res.ca_certificate)}, not the token's ${t.cluster_fingerprint}`);
  }
  if (!res.ca_key || !new X509Certificate(res.ca_certificate).checkPrivateKey(createPrivateKey(res.ca_key))) {
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", "the member answering the join handed over no cluster CA key, or one that does not belong to the cluster CA");
  }
  writeMemberCredentials(dataDir, { caPem: res.ca_certificate, certPem: res.certificate, keyPem: res.key });
  writeClusterCaKey(dataDir, res.ca_key);
  writeMemberConfig(dataDir, { name: t.name, address, voter: false, etcdEndpoints: res.etcd_endpoints });
  retireSqlite(dataDir);
  log("info", "joined the cluster", { member: t.name, address, etcd: res.etcd_endpoints });
}
