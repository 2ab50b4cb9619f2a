// The agent client module: what the `corral` CLI, the Terraform provider and member-to-member
// forwarding use to talk to corrald — the typed client, TLS credentials, trust-token enrolment.
// Its users import from here only, never from the CLI or the agent's internals.
export { connect, corralErrorCode, grpcTarget, DEFAULT_SOCKET, type ConnectOptions, type CorralClient } from "./client";
export type { KeepaliveBounds } from "./keepalive";
export { channelCredentials, clientCredentials, type TlsOptions } from "./credentials";
export { checkToken, defaultClientCertPaths, enrollWithToken, tokenServerFingerprint, type EnrollOptions, type EnrollResult } from "./enroll";
export { connectFirst, ENDPOINT_CONNECT_TIMEOUT_MS, whenConnected, type FailoverClient } from "./failover";
