// The corral provider: its configuration (endpoint, TLS, trust-token enrolment, CORRAL_* env)
// and the registry of resources and data sources.
import { existsSync, readFileSync } from "node:fs";
import { status } from "@grpc/grpc-js";
import { clientCredentials, defaultClientCertPaths, enrollWithToken, type CorralClient } from "../../agent/client";
import { connectAgent } from "../client/agent";
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
import { str } from "../resources/values";
import { attrPath, DiagError, type DataSource, type Obj, type Resource, type Schema } from "./types";

export const DEFAULT_ENDPOINT = "unix:///var/lib/corral/corrald.sock";
/** Configure checks the agent answers; a local agent answers in milliseconds. */
const CONNECT_CHECK_TIMEOUT_MS = 10_000;

export const resources: Resource[] = [storagePoolResource, networkResource, imageResource, profileResource, instanceResource, volumeResource, snapshotResource, networkForwardResource, networkAclResource];
export const dataSources: DataSource[] = [imageDataSource, instanceDataSource, networkDataSource];

export const providerSchema: Schema = {
  version: 0,
  description: "Corral: system containers and VMs on Linux hosts.",
  attributes: {
    endpoint: { type: "string", optional: true, description: `unix:///path or https://host:port (env CORRAL_ENDPOINT; default ${DEFAULT_ENDPOINT}).` },
    client_certificate: { type: "string", optional: true, description: "Client certificate PEM, or a path to it (env CORRAL_CLIENT_CERT)." },
    client_key: { type: "string", optional: true, sensitive: true, description: "Client key PEM, or a path to it (env CORRAL_CLIENT_KEY)." },
    server_certificate_fingerprint: { type: "string", optional: true, description: "SHA-256 of the agent's certificate to pin (env CORRAL_SERVER_FINGERPRINT)." },
    ca_certificate: { type: "string", optional: true, description: "CA (PEM or path) that signed the agent's certificate (env CORRAL_CA_CERT)." },
    trust_token: { type: "string", optional: true, sensitive: true, description: "One-time enrolment token from `corral trust add` (env CORRAL_TRUST_TOKEN)." },
  },
};

const pemOrFile = (v: string | undefined): string | undefined => (v === undefined ? undefined : v.includes("-----BEGIN") ? v : readFileSync(v, "utf8"));

/** Builds a connected client from the provider block and the environment, enrolling with a trust token if given. */
export async function configure(cfg: Obj, env: NodeJS.ProcessEnv = process.env): Promise<CorralClient> {
  const endpoint = str(cfg.endpoint) ?? env.CORRAL_ENDPOINT ?? DEFAULT_ENDPOINT;
  if (!/^(unix:\/\/\/|https:\/\/)/.test(endpoint)) {
    throw new DiagError([{ severity: "error", summary: "Invalid endpoint", detail: `"${endpoint}": must be unix:///path or https://host:port`, path: attrPath("endpoint") }]);
  }
  let client: CorralClient;
  if (endpoint.startsWith("https://")) {
    let certRef = str(cfg.client_certificate) ?? env.CORRAL_CLIENT_CERT;
    let keyRef = str(cfg.client_key) ?? env.CORRAL_CLIENT_KEY;
    let fingerprint = str(cfg.server_certificate_fingerprint) ?? env.CORRAL_SERVER_FINGERPRINT;
    const token = str(cfg.trust_token) ?? env.CORRAL_TRUST_TOKEN;
    if (token) {
      const paths = certRef && keyRef && !certRef.includes("-----BEGIN") ? { certPath: certRef, keyPath: keyRef! } : defaultClientCertPaths(env);
      const alreadyEnrolled = existsSync(paths.certPath) && !!fingerprint;
      if (!alreadyEnrolled) {
        try {
          const r = await enrollWithToken(token, paths);
          fingerprint ??= r.serverFingerprint;
        } catch (e) {
          if (!/already used/.test((e as Error).message)) {
            throw new DiagError([{ severity: "error", summary: "Trust token enrolment failed", detail: (e as Error).message, path: attrPath("trust_token") }]);
          }
        }
      }
      certRef ??= paths.certPath;
      keyRef ??= paths.keyPath;
    }
    const ca = str(cfg.ca_certificate) ?? env.CORRAL_CA_CERT;
    if (!certRef || !keyRef) throw new DiagError([{ severity: "error", summary: "https endpoints need client_certificate and client_key (or trust_token)", path: attrPath("client_certificate") }]);
    if (!fingerprint && !ca) throw new DiagError([{ severity: "error", summary: "https endpoints need server_certificate_fingerprint or ca_certificate", path: attrPath("server_certificate_fingerprint") }]);
    const credentials = clientCredentials({ certPem: pemOrFile(certRef)!, keyPem: pemOrFile(keyRef)!, serverFingerprint: fingerprint, caPem: pemOrFile(ca) });
    client = connectAgent({ endpoint, credentials });
  } else {
    client = connectAgent({ endpoint });
  }
  try {
    await client.host.GetInfo({}, { deadlineMs: CONNECT_CHECK_TIMEOUT_MS });
  } catch (e) {
    client.close();
    const err = e as { code?: number; details?: string };
    const summary = err.code === status.UNAUTHENTICATED ? `The Corral agent at ${endpoint} does not trust this client` : `Cannot reach the Corral agent at ${endpoint}`;
    throw new DiagError([{ severity: "error", summary, detail: `${err.details ?? String(e)}. Is corrald running there? (set endpoint or CORRAL_ENDPOINT)`, path: attrPath("endpoint") }]);
  }
  return client;
}
