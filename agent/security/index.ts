// Public API of agent/security: the agent's TLS identity, client certificates, trust store,
// single-use trust tokens and the mTLS credentials/interceptor for gRPC over TCP.
export { certificateFingerprint, certificateDer, normalizeFingerprint, generateClientCertificate, type CertKeyPair } from "./certs";
export { ensureAgentIdentity, identityPaths, type AgentIdentity, type IdentityOptions } from "./identity";
export { TrustStore, type TrustedClientRecord } from "./trust-store";
export {
  createToken, consumeToken, decodeToken, encodeToken, pruneExpiredTokens,
  DEFAULT_TOKEN_TTL_S, MAX_TOKEN_TTL_S, type DecodedToken, type StoredToken, type TokenScope,
} from "./tokens";
export {
  serverCredentials, ServedCertificate, identityPems, clientCredentials, trustInterceptor, authorize, enrollPeer, peerCertificateDer, peerFingerprint,
  pinMismatch, ENROLL_METHOD, NOT_TRUSTED_MESSAGE, NO_CERT_MESSAGE, PEER_CERT_METADATA, type Authorization, type ClientTlsOptions,
} from "./tls";
