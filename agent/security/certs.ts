// X.509 certificates for the agent (CA, server) and its clients: EC P-256 keys and certificates
// written with our small DER writer over Node's crypto, fingerprints as LXD shows them.
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { invalid } from "../errors";
import { buildCertificate, derToPem, distinguishedName, Eku, KeyUsage, newP256 } from "./x509-der";

/** Agent and client certificates live ten years, as LXD's do; rotation is an explicit act. */
const CERT_VALIDITY_DAYS = 3650;
/** Tolerates clocks that are slightly behind ours when a peer checks notBefore. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface CertKeyPair {
  certPem: string;
  keyPem: string;
  /** SHA-256 of the certificate DER, lowercase hex. */
  fingerprint: string;
}

/** Accepts PEM text or DER bytes and returns the DER bytes (what fingerprints are computed over). */
export function certificateDer(cert: string | Buffer | Uint8Array): Buffer {
  if (typeof cert !== "string") return Buffer.from(cert);
  try {
    return new X509Certificate(cert).raw;
  } catch (err) {
    throw invalid("certificate", `must be a PEM-encoded X.509 certificate (${(err as Error).message})`);
  }
}

/** Identifies a certificate the way LXD does: SHA-256 of its DER encoding, lowercase hex. */
export function certificateFingerprint(cert: string | Buffer | Uint8Array): string {
  return createHash("sha256").update(certificateDer(cert)).digest("hex");
}

/** Normalises a user-supplied fingerprint (LXD prints plain hex; openssl prints colon-separated upper case). */
export function normalizeFingerprint(fp: string, field = "fingerprint"): string {
  const v = fp.replace(/:/g, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v)) throw invalid(field, "must be a SHA-256 fingerprint (64 hex digits)");
  return v;
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + CERT_VALIDITY_DAYS * 86400_000) };
}

function issue(spec: Omit<Parameters<typeof buildCertificate>[0], "publicKey" | "privateKey" | "notBefore" | "notAfter">): CertKeyPair {
  const { publicKey, privateKey } = newP256();
  const certPem = derToPem(buildCertificate({ ...spec, publicKey, privateKey, ...validity() }));
  return { certPem, keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string, fingerprint: certificateFingerprint(certPem) };
}

/** Creates the agent's self-signed CA, which signs its server (and later member) certificates. */
export async function createCa(commonName: string): Promise<CertKeyPair> {
  return issue({ subject: distinguishedName(commonName, "corral"), ca: true, keyUsage: [KeyUsage.digitalSignature, KeyUsage.keyCertSign, KeyUsage.cRLSign] });
}

/** Issues a TLS server certificate from the CA whose names cover every address clients may dial. */
export async function issueServerCertificate(
  ca: { certPem: string; keyPem: string },
  commonName: string,
  names: { dns: string[]; ips: string[] },
): Promise<CertKeyPair> {
  for (const ip of names.ips) if (!isIP(ip)) throw invalid("addresses", `"${ip}" must be an IPv4 or IPv6 address`);
  const caSubject = new X509Certificate(ca.certPem).subject;
  const field = (k: string) => new RegExp(`^${k}=(.*)$`, "m").exec(caSubject)?.[1];
  return issue({
    subject: distinguishedName(commonName, "corral"),
    issuer: { name: distinguishedName(field("CN") ?? "", field("O")), key: createPrivateKey(ca.keyPem) },
    ca: false,
    keyUsage: [KeyUsage.digitalSignature, KeyUsage.keyAgreement],
    extendedKeyUsage: [Eku.serverAuth, Eku.clientAuth],
    dnsNames: [...new Set(names.dns.filter(Boolean))],
    ipAddresses: [...new Set(names.ips)],
  });
}

/** Gives a client without a certificate (CLI, provider) a self-signed one to enrol with. */
export async function generateClientCertificate(name: string): Promise<CertKeyPair> {
  if (!name || name.length > 64 || /[\x00-\x1f]/.test(name)) {
    throw invalid("name", "must be 1-64 printable characters");
  }
  return issue({ subject: distinguishedName(name, "corral"), ca: false, keyUsage: [KeyUsage.digitalSignature], extendedKeyUsage: [Eku.clientAuth] });
}
