// The corral provider: its configuration (endpoint, TLS, trust-token enrolment, CORRAL_* env)
// and the registry of resources and data sources.
import { existsSync, readFileSync } from "node:fs";
import { status } from "@grpc/grpc-js";
import { clientCredentials, connectFirst, defaultClientCertPaths, ENDPOINT_CONNECT_TIMEOUT_MS, enrollWithToken, tokenServerFingerprint, type CorralClient } from "../../agent/client";
import { imageResource } from "../resources/image";
import { instanceResource } from "../resources/instance";
import { networkResource } from "../resources/network";
import { profileResource } from "../resources/profile";
import { storagePoolResource } from "../resources/storage-pool";
import { volumeResource } from "../resources/volume";
import { snapshotResource } from "../resources/snapshot";
import { networkForwardResource } from "../resources/network-forward";
import { networkAclResource } from "../resources/network-acl";
import { imageDataSource, instanceDataSource, networkDataSource } from "../resources/data-sources";
import { clusterDataSource } from "../resources/cluster";
import { str, strList } from "../resources/values";
import { attrPath, DiagError, type DataSource, type Obj, type Resource, type Schema } from "./types";

export const DEFAULT_ENDPOINT = "unix:///var/lib/corral/corrald.sock";
/** Configure checks the agent answers (once connected); a local agent answers in milliseconds. */
const CONNECT_CHECK_TIMEOUT_MS = 10_000;

export const resources: Resource[] = [storagePoolResource, networkResource, imageResource, profileResource, instanceResource, volumeResource, snapshotResource, networkForwardResource, networkAclResource];
export const dataSources: DataSource[] = [imageDataSource, instanceDataSource, networkDataSource, clusterDataSource];

export const providerSchema: Schema = {
  version: 0,
  description: "Corral: system containers and VMs on Linux hosts.",
  attributes: {
    endpoint: { type: "string", optional: true, description: `unix:///path or https://host:port (env CORRAL_ENDPOINT; default ${DEFAULT_ENDPOINT}).` },
    endpoints: {
      type: ["list", "string"], optional: true,
      description: `Several members of one cluster, tried in order: the provider uses the first that connects (each within ${ENDPOINT_CONNECT_TIMEOUT_MS / 1000} seconds) and moves to the next when it goes down (instead of endpoint). https endpoints share the TLS settings: every member presents a certificate from the cluster CA, so server_certificate_fingerprint set to the cluster CA's fingerprint (what a trust token made on any member carries) or ca_certificate set to the cluster CA (cluster/ca.crt in any member's data dir) accepts every member. An endpoint whose certificate is refused stops the provider with an error; it is not skipped.`,
    },
    client_certificate: { type: "string", optional: true, description: "Client certificate PEM, or a path to it (env CORRAL_CLIENT_CERT)." },
    client_key: { type: "string", optional: true, sensitive: true, description: "Client key PEM, or a path to it (env CORRAL_CLIENT_KEY)." },
    server_certificate_fingerprint: { type: "string", optional: true, description: "SHA-256 of the agent's certificate, or of the CA that issued it (a cluster's CA: every member is accepted, provided its certificate names the address dialled), to pin (env CORRAL_SERVER_FINGERPRINT)." },
    ca_certificate: { type: "string", optional: true, description: "CA (PEM or path) that signed the agent's certificate (env CORRAL_CA_CERT)." },
    trust_token: { type: "string", optional: true, sensitive: true, description: "One-time enrolment token from `corral trust add` (env CORRAL_TRUST_TOKEN). Unless server_certificate_fingerprint is set, the fingerprint the token carries is pinned: a token made on a cluster member carries the cluster CA's, which accepts every member." },
  },
};

const pemOrFile = (v: string | undefined): string | undefined => (v === undefined ? undefined : v.includes("-----BEGIN") ? v : readFileSync(v, "utf8"));

const ENDPOINT_RE = /^(unix:\/\/\/|https:\/\/)/;

/** The endpoints to try, in order: `endpoints`, else `endpoint`, else CORRAL_ENDPOINT, else the local socket. */
function endpointList(cfg: Obj, env: NodeJS.ProcessEnv): { list: string[]; attr: string } {
  const many = strList(cfg.endpoints);
  const one = str(cfg.endpoint);
  if (many && one !== undefined) throw new DiagError([{ severity: "error", summary: "Set endpoint or endpoints, not both", detail: "endpoints lists every member to try in order; endpoint is the single-agent form.", path: attrPath("endpoints") }]);
  if (many && many.length === 0) throw new DiagError([{ severity: "error", summary: "endpoints is empty", detail: "List at least one unix:///path or https://host:port.", path: attrPath("endpoints") }]);
  const list = many ?? [one ?? env.CORRAL_ENDPOINT ?? DEFAULT_ENDPOINT];
  const attr = many ? "endpoints" : "endpoint";
  list.forEach((e, i) => {
    if (!ENDPOINT_RE.test(e)) {
      throw new DiagError([{ severity: "error", summary: "Invalid endpoint", detail: `"${e}": must be unix:///path or https://host:port`, path: many ? attrPath("endpoints", i) : attrPath("endpoint") }]);
    }
  });
  return { list, attr };
}

/** mTLS credentials for https endpoints from the provider block and the environment, enrolling with a trust token if given. */
async function tlsCredentials(cfg: Obj, env: NodeJS.ProcessEnv) {
  let certRef = str(cfg.client_certificate) ?? env.CORRAL_CLIENT_CERT;
  let keyRef = str(cfg.client_key) ?? env.CORRAL_CLIENT_KEY;
  let fingerprint = str(cfg.server_certificate_fingerprint) ?? env.CORRAL_SERVER_FINGERPRINT;
  const token = str(cfg.trust_token) ?? env.CORRAL_TRUST_TOKEN;
  if (token) {
    const paths = certRef && keyRef && !certRef.includes("-----BEGIN") ? { certPath: certRef, keyPath: keyRef! } : defaultClientCertPaths(env);
    const haveCert = existsSync(paths.certPath);
    if (!haveCert || !fingerprint) {
      try {
        await enrollWithToken(token, paths);
      } catch (e) {
        // A certificate already there was most likely enrolled by an earlier run (the token then
        // reads "already used", or the agent that issued it may be down): the endpoints tell.
        if (!haveCert) throw new DiagError([{ severity: "error", summary: "Trust token enrolment failed", detail: (e as Error).message, path: attrPath("trust_token") }]);
      }
    }
    fingerprint ??= tokenServerFingerprint(token);
    certRef ??= paths.certPath;
    keyRef ??= paths.keyPath;
  }
  const ca = str(cfg.ca_certificate) ?? env.CORRAL_CA_CERT;
  if (!certRef || !keyRef) throw new DiagError([{ severity: "error", summary: "https endpoints need client_certificate and client_key (or trust_token)", path: attrPath("client_certificate") }]);
  if (!fingerprint && !ca) throw new DiagError([{ severity: "error", summary: "https endpoints need server_certificate_fingerprint or ca_certificate", path: attrPath("server_certificate_fingerprint") }]);
  return clientCredentials({ certPem: pemOrFile(certRef)!, keyPem: pemOrFile(keyRef)!, serverFingerprint: fingerprint, caPem: pemOrFile(ca) });
}

/** Builds a client connected to the first endpoint that answers (and fails over to the next ones later). */
export async function configure(cfg: Obj, env: NodeJS.ProcessEnv = process.env): Promise<CorralClient> {
  const { list, attr } = endpointList(cfg, env);
  const hint = `Is corrald running there? (set ${attr === "endpoints" ? "endpoints" : "endpoint or CORRAL_ENDPOINT"})`;
  const credentials = list.some((e) => e.startsWith("https://")) ? await tlsCredentials(cfg, env) : undefined;
  let client: CorralClient;
  try {
    client = await connectFirst(list.map((endpoint) => ({ endpoint, credentials: endpoint.startsWith("https://") ? credentials : undefined })));
  } catch (e) {
    if ((e as { code?: string }).code === "CORRAL_ERR_UNAUTHENTICATED") throw new DiagError([{ severity: "error", summary: "The Corral agent's server certificate is refused", detail: (e as Error).message, path: attrPath(attr) }]);
    throw new DiagError([{ severity: "error", summary: `Cannot reach the Corral agent at ${list.length === 1 ? list[0] : "any of the endpoints"}`, detail: `${(e as Error).message}\n${hint}`, path: attrPath(attr) }]);
  }
  try {
    await client.host.GetInfo({}, { deadlineMs: CONNECT_CHECK_TIMEOUT_MS });
  } catch (e) {
    client.close();
    const err = e as { code?: number; details?: string };
    const summary = err.code === status.UNAUTHENTICATED ? `The Corral agent at ${client.endpoint} does not trust this client` : `Cannot reach the Corral agent at ${client.endpoint}`;
    throw new DiagError([{ severity: "error", summary, detail: `${err.details ?? String(e)}. ${hint}`, path: attrPath(attr) }]);
  }
  return client;
}
