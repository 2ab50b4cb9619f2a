// TLS credentials for https endpoints: the client certificate the agent trusts and the pinned
// fingerprint (or CA) of the agent's server certificate.
import { readFileSync } from "node:fs";
import type * as grpc from "@grpc/grpc-js";
import { CorralError } from "../errors";
import { security } from "../security/lazy";

export interface TlsOptions {
  clientCert?: string;
  clientKey?: string;
  serverFingerprint?: string;
  serverCa?: string;
}

function readPem(path: string, field: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${field}: cannot read ${path}: ${(err as Error).message}`, { field, cause: err });
  }
}

/** mTLS channel credentials from PEM text: this client's certificate, and the agent's pinned fingerprint or CA. */
export function clientCredentials(pems: { certPem: string; keyPem: string; serverFingerprint?: string; caPem?: string }): grpc.ChannelCredentials {
  return security().clientCredentials(pems);
}

/** Builds channel credentials for an https endpoint from PEM paths and the server pin (the CLI's flags). */
export function channelCredentials(opts: TlsOptions): grpc.ChannelCredentials {
  if (!opts.clientCert || !opts.clientKey) {
    throw new CorralError(
      "CORRAL_ERR_INVALID_ARGUMENT",
      "https endpoints need --client-cert and --client-key (or CORRAL_CLIENT_CERT / CORRAL_CLIENT_KEY)",
      { field: "client-cert" },
    );
  }
  if (!opts.serverFingerprint && !opts.serverCa) {
    throw new CorralError(
      "CORRAL_ERR_INVALID_ARGUMENT",
      "https endpoints need --server-fingerprint (or CORRAL_SERVER_FINGERPRINT) to verify the agent",
      { field: "server-fingerprint" },
    );
  }
  return clientCredentials({
    certPem: readPem(opts.clientCert, "client-cert"),
    keyPem: readPem(opts.clientKey, "client-key"),
    serverFingerprint: opts.serverFingerprint,
    caPem: opts.serverCa ? readPem(opts.serverCa, "server-ca") : undefined,
  });
}
