// gRPC over TCP with mutual TLS, trusted by client-certificate fingerprint as LXD does: the TLS
// layer requests a client certificate but accepts self-signed ones; an interceptor attached to
// the TCP port's credentials (not the unix socket's) checks the fingerprint on every call.
import * as grpc from "@grpc/grpc-js";
import { createHash, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import * as tls from "node:tls";
import type { Socket } from "node:net";
import { CorralError, invalid } from "../errors";
import type { Store } from "../state/store";
import { debug } from "../util/log";
import { certificateFingerprint, normalizeFingerprint } from "./certs";
import { SERVER_CERT_REJECTED } from "./messages";
import type { AgentIdentity } from "./identity";
import { consumeToken } from "./tokens";
import type { TrustedClientRecord, TrustStore } from "./trust-store";

const trace = debug("tls");

/** The methods an untrusted (but certificate-bearing) client may call: each redeems a token. */
export const ENROLL_METHOD = "/corral.v1.Trust/Enroll";
export const JOIN_METHOD = "/corral.v1.Cluster/Join";
/**
 * The only methods a caller without a trusted certificate (or without any) may call, and only for
 * public images: what another agent using this one as a `corral` remote needs.
 */
export const PUBLIC_IMAGE_METHODS: ReadonlySet<string> = new Set(["/corral.v1.Images/ListImages", "/corral.v1.Images/ExportImage"]);
export const NOT_TRUSTED_MESSAGE = "client certificate not trusted; enrol with a trust token";
export const NO_CERT_MESSAGE = "a client certificate is required over TCP; enrol with a trust token";

type CertificateProvider = grpc.experimental.CertificateProvider;
type SecureConnector = grpc.experimental.SecureConnector;

/**
 * Metadata key under which the trust interceptor hands the TLS peer's certificate (DER) to the
 * handlers of the TCP port. The interceptor always deletes what the client sent under this key
 * first, so it cannot be forged over TCP; the unix socket has no interceptor and is trusted anyway.
 */
export const PEER_CERT_METADATA = "corral-peer-certificate-bin";
/** Set by the trust interceptor (never taken from the client) on calls that may see public images only. */
export const PUBLIC_ONLY_METADATA = "corral-public-only";

/**
 * What the TCP port presents: a certificate (with its chain) and the CA offered for client
 * certificates. grpc-js only exposes "request but don't verify" through certificate providers;
 * `use` replaces the certificate for new connections (a standalone agent that becomes a cluster
 * member then presents its member certificate from the cluster CA).
 */
export class ServedCertificate implements CertificateProvider {
  private readonly caListeners = new Set<(u: { caCertificate: Buffer } | null) => void>();
  private readonly identityListeners = new Set<(u: { certificate: Buffer; privateKey: Buffer } | null) => void>();
  private pems!: { certPem: string; keyPem: string; caPem: string };
  /** SHA-256 of the presented certificate: what clients pin, and what members record for forwarding. */
  fingerprint!: string;

  constructor(pems: { certPem: string; keyPem: string; caPem: string }) {
    this.use(pems);
  }

  /** Presents another certificate (sent with its CA, so a client may verify the chain or pin the CA) from the next connection on. */
  use(pems: { certPem: string; keyPem: string; caPem: string }): void {
    this.pems = pems;
    this.fingerprint = certificateFingerprint(pems.certPem);
    for (const l of this.caListeners) l(this.ca());
    for (const l of this.identityListeners) l(this.identity());
  }

  private ca() {
    return { caCertificate: Buffer.from(this.pems.caPem) };
  }
  private identity() {
    // The CA goes after the leaf: TLS sends the chain, so a client that pins the CA can check the leaf against it.
    return { certificate: Buffer.from(`${this.pems.certPem.trimEnd()}\n${this.pems.caPem}`), privateKey: Buffer.from(this.pems.keyPem) };
  }

  // Listeners are called on a later tick: grpc-js registers its secure-context watcher only
  // after adding these listeners, so a synchronous update would never reach the server.
  addCaCertificateListener(l: (u: { caCertificate: Buffer } | null) => void): void {
    this.caListeners.add(l);
    queueMicrotask(() => l(this.ca()));
  }
  removeCaCertificateListener(l: (u: { caCertificate: Buffer } | null) => void): void {
    this.caListeners.delete(l);
  }
  addIdentityCertificateListener(l: (u: { certificate: Buffer; privateKey: Buffer } | null) => void): void {
    this.identityListeners.add(l);
    queueMicrotask(() => l(this.identity()));
  }
  removeIdentityCertificateListener(l: (u: { certificate: Buffer; privateKey: Buffer } | null) => void): void {
    this.identityListeners.delete(l);
  }
}

/** The server certificate pems of an agent identity. */
export const identityPems = (identity: AgentIdentity) => ({ certPem: identity.serverCertPem, keyPem: identity.serverKeyPem, caPem: identity.caCertPem });

/** The peer certificate of each TLS connection (http2 session), as connectionPeerCertificate read it. */
const peerCertificates = new WeakMap<object, Buffer | undefined>();

/**
 * The TLS peer certificate of the connection a call arrived on, verified or not. grpc-js's
 * getAuthContext() hides certificates that did not verify against the CA, and self-signed client
 * certificates never do, so read the socket of the first intercepting call (grpc-js 1.14's
 * BaseServerInterceptingCall keeps the http2 stream in `stream`); test/agent/tls.test.ts guards this.
 */
function connectionPeerCertificate(call: grpc.ServerInterceptingCallInterface): Buffer | undefined {
  const session = (call as unknown as { stream?: { session?: { socket?: unknown } } }).stream?.session;
  const socket = session?.socket;
  if (session && socket instanceof tls.TLSSocket) {
    // Read once per connection: getPeerCertificate() builds the whole certificate object each time.
    if (!peerCertificates.has(session)) {
      const raw = socket.getPeerCertificate()?.raw;
      peerCertificates.set(session, raw && raw.length > 0 ? raw : undefined);
    }
    return peerCertificates.get(session);
  }
  const raw = call.getAuthContext()?.sslPeerCertificate?.raw;
  return raw && raw.length > 0 ? raw : undefined;
}

/** DER of the TCP peer's certificate inside a handler (put there by the trust interceptor). */
export function peerCertificateDer(call: { metadata: grpc.Metadata }): Buffer | undefined {
  const v = call.metadata.get(PEER_CERT_METADATA)[0];
  return Buffer.isBuffer(v) && v.length > 0 ? v : undefined;
}

/** Whether the call came from a caller that is not trusted: it may see public images only. */
export function publicOnly(call: { metadata: grpc.Metadata }): boolean {
  return call.metadata.get(PUBLIC_ONLY_METADATA).length > 0;
}

/** Fingerprint of the TCP peer's certificate inside a handler, as stored in the trust store. */
export function peerFingerprint(call: { metadata: grpc.Metadata }): string | undefined {
  const der = peerCertificateDer(call);
  return der && createHash("sha256").update(der).digest("hex");
}

export type Authorization =
  | { kind: "trusted" | "enroll-only"; fingerprint: string }
  | { kind: "public-images" }
  | { kind: "refused"; message: string };

/** Decides what a TCP caller may do: everything, only Enroll, public images only, or nothing (with the reason). */
export async function authorize(peerCertDer: Buffer | undefined, methodPath: string, trust: TrustStore): Promise<Authorization> {
  const fingerprint = peerCertDer && createHash("sha256").update(peerCertDer).digest("hex");
  if (fingerprint && (await trust.isTrusted(fingerprint))) return { kind: "trusted", fingerprint };
  if (PUBLIC_IMAGE_METHODS.has(methodPath)) return { kind: "public-images" };
  if (!fingerprint) return { kind: "refused", message: NO_CERT_MESSAGE };
  if (methodPath === ENROLL_METHOD || methodPath === JOIN_METHOD) return { kind: "enroll-only", fingerprint };
  return { kind: "refused", message: NOT_TRUSTED_MESSAGE };
}

/** Rejects every call whose peer certificate is not trusted, except Enroll; put it on the TCP port only. */
export function trustInterceptor(trust: TrustStore): grpc.ServerInterceptor {
  return (method, call) => {
    const der = connectionPeerCertificate(call);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMd) => {
            metadata.remove(PEER_CERT_METADATA);
            metadata.remove(PUBLIC_ONLY_METADATA);
            authorize(der, method.path, trust).then(
              (r) => {
                if (r.kind === "refused") {
                  trace("refused %s from %s: %s", method.path, call.getPeer(), r.message);
                  call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: r.message });
                  return;
                }
                if (r.kind === "public-images") metadata.set(PUBLIC_ONLY_METADATA, "1");
                if (der) metadata.set(PEER_CERT_METADATA, der);
                nextMd(metadata);
              },
              (err: unknown) => call.sendStatus({ code: grpc.status.INTERNAL, details: `trust check failed: ${(err as Error).message}` }),
            );
          },
        }),
    });
  };
}

/** TLS credentials for the agent's TCP port, with the trust interceptor attached to that port only. */
export function serverCredentials(served: ServedCertificate | AgentIdentity, trust: TrustStore): grpc.ServerCredentials {
  const provider = served instanceof ServedCertificate ? served : new ServedCertificate(identityPems(served));
  // A CA provider is what makes grpc-js set requestCert; requireClientCertificate=false sets
  // rejectUnauthorized=false so self-signed client certificates reach the interceptor.
  // grpc-js's declaration names the parameters (ca, identity) but the implementation takes (identity, ca).
  const creds = (grpc.experimental.createCertificateProviderServerCredentials as unknown as (
    identity: CertificateProvider, ca: CertificateProvider | null, requireClientCertificate: boolean,
  ) => grpc.ServerCredentials)(provider, provider, false);
  return grpc.experimental.createServerCredentialsWithInterceptors(creds, [trustInterceptor(trust)]);
}

/** Runs an Enroll call: redeems the token and trusts the certificate the caller presented. */
export async function enrollPeer(
  call: { metadata: grpc.Metadata },
  token: string,
  deps: { store: Store; trust: TrustStore },
): Promise<TrustedClientRecord> {
  const der = peerCertificateDer(call);
  if (!der) throw new CorralError("CORRAL_ERR_UNAUTHENTICATED", NO_CERT_MESSAGE);
  const cert = new X509Certificate(der);
  // Check the certificate before spending the token on it.
  if (Date.parse(cert.validTo) < Date.now()) {
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", "client certificate has expired; create a new one to enrol");
  }
  const name = await consumeToken(deps.store, token);
  return deps.trust.add(name, cert.toString());
}

export interface ClientTlsOptions {
  /** The client's certificate and key (see generateClientCertificate); omit only to test refusal. */
  certPem?: string;
  keyPem?: string;
  /** Pin the server by the fingerprint of its certificate or of the CA that issued it (from a trust token or `corral info`). */
  serverFingerprint?: string;
  /** Or verify the server against this CA (hostname checked against the certificate's SANs). */
  caPem?: string;
}

/**
 * Whether a pin accepts the server: the pin is the server certificate's fingerprint, or that of
 * the CA in the chain the server sent which issued it (a cluster's CA: one pin for every member),
 * and then the certificate must be valid now and name the address dialled. Returns why not, or undefined.
 */
export function pinMismatch(peer: tls.DetailedPeerCertificate, pin: string, name: string): string | undefined {
  const got = certificateFingerprint(peer.raw);
  if (got === pin) return undefined;
  const issuer = peer.issuerCertificate;
  if (issuer?.raw && issuer !== peer && certificateFingerprint(issuer.raw) === pin) {
    const leaf = new X509Certificate(peer.raw);
    const ca = new X509Certificate(issuer.raw);
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return `fingerprint ${got} is not signed by the pinned CA ${pin}`;
    if (Date.parse(leaf.validTo) < Date.now() || Date.parse(leaf.validFrom) > Date.now()) return `certificate ${got} is not valid now (${leaf.validFrom} to ${leaf.validTo})`;
    const named = isIP(name) ? leaf.checkIP(name) : leaf.checkHost(name);
    return named ? undefined : `certificate ${got} from the pinned CA does not name ${name}`;
  }
  return `fingerprint ${got} does not match the pinned ${pin}`;
}

/** A SecureConnector that completes TLS, then accepts the server only if its certificate matches the pin. */
class PinnedConnector implements SecureConnector {
  constructor(
    private readonly opts: tls.ConnectionOptions,
    private readonly pin: string | undefined,
    private readonly name: string,
    private readonly callCredentials: grpc.CallCredentials,
  ) {}
  connect(socket: Socket): Promise<{ socket: Socket; secure: boolean }> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ ...this.opts, socket }, () => {
        if (this.opts.rejectUnauthorized !== false && !s.authorized) {
          s.destroy();
          reject(new Error(`${SERVER_CERT_REJECTED}: ${String(s.authorizationError)}`));
          return;
        }
        const why = this.pin && pinMismatch(s.getPeerCertificate(true), this.pin, this.name);
        if (why) {
          s.destroy();
          reject(new Error(`${SERVER_CERT_REJECTED}: ${why}`));
          return;
        }
        resolve({ socket: s, secure: true });
      });
      s.on("error", reject);
    });
  }
  waitForReady(): Promise<void> {
    return Promise.resolve();
  }
  getCallCredentials(): grpc.CallCredentials {
    return this.callCredentials;
  }
  destroy(): void {}
}

/** Channel credentials for a remote agent: present our certificate, verify the server by pin or CA. */
export function clientCredentials(opts: ClientTlsOptions): grpc.ChannelCredentials {
  if (!opts.serverFingerprint && !opts.caPem) {
    throw invalid("server_certificate_fingerprint", "or ca_certificate is required to verify the agent over TCP");
  }
  if (!!opts.certPem !== !!opts.keyPem) throw invalid("client_key", "must be given together with client_certificate");
  const pin = opts.serverFingerprint ? normalizeFingerprint(opts.serverFingerprint, "server_certificate_fingerprint") : undefined;
  const secureContext = tls.createSecureContext({
    cert: opts.certPem,
    key: opts.keyPem,
    ca: opts.caPem,
  });
  return new PinnedChannelCredentials(secureContext, pin, !!opts.caPem);
}

class PinnedChannelCredentials extends grpc.ChannelCredentials {
  constructor(
    private readonly secureContext: tls.SecureContext,
    private readonly pin: string | undefined,
    private readonly verifyChain: boolean,
  ) {
    super();
  }
  _isSecure(): boolean {
    return true;
  }
  _equals(other: grpc.ChannelCredentials): boolean {
    return other === this;
  }
  _createSecureConnector(
    channelTarget: grpc.experimental.GrpcUri,
    options: grpc.ChannelOptions,
    callCredentials?: grpc.CallCredentials,
  ): SecureConnector {
    const hp = grpc.experimental.splitHostPort(channelTarget.path);
    const host = hp?.host ?? channelTarget.path;
    const override = options["grpc.ssl_target_name_override"] as string | undefined;
    const name = override ?? host;
    const opts: tls.ConnectionOptions = {
      secureContext: this.secureContext,
      host,
      ALPNProtocols: ["h2"],
      // With a pin and no CA the chain cannot be verified (the agent's CA is unknown to us);
      // the fingerprint comparison in PinnedConnector is then the whole check.
      rejectUnauthorized: this.verifyChain,
      // SNI may not carry an IP address (RFC 6066); hostname checks still use `host`.
      ...(isIP(name) ? {} : { servername: name }),
      checkServerIdentity: (_h, cert) => tls.checkServerIdentity(name, cert),
    };
    return new PinnedConnector(opts, this.pin, name, callCredentials ?? grpc.credentials.createEmpty());
  }
}
