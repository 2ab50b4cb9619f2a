// X.509 certificates for the agent (CA, server) and its clients: EC P-256 keys made with Node's
// webcrypto, certificates built with @peculiar/x509, fingerprints as LXD shows them.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHash, randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { invalid } from "../errors";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC_ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
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

/** Common name of a certificate's subject, for display. */
export function certificateCommonName(cert: string | Buffer): string | undefined {
  const subject = new X509Certificate(cert).subject;
  return /^CN=(.*)$/m.exec(subject)?.[1];
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_ALG, true, ["sign", "verify"])) as unknown as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key as unknown as webcrypto.CryptoKey));
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const b64 = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  return (await webcrypto.subtle.importKey("pkcs8", Buffer.from(b64, "base64"), EC_ALG, true, ["sign"])) as unknown as CryptoKey;
}

function serialNumber(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // positive INTEGER
  b[0] |= 0x01; // no leading zero byte to strip
  return b.toString("hex");
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - CLOCK_SKEW_MS), notAfter: new Date(now + CERT_VALIDITY_DAYS * 86400_000) };
}

/** Escapes a value for an RFC 4514 distinguished name. */
function dnValue(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, "\\$1").replace(/^([ #])/, "\\$1").replace(/ $/, "\\ ");
}

async function pair(cert: x509.X509Certificate, key: CryptoKey): Promise<CertKeyPair> {
  const certPem = cert.toString("pem") + "\n";
  return { certPem, keyPem: await privateKeyPem(key), fingerprint: certificateFingerprint(certPem) };
}

/** Creates the agent's self-signed CA, which signs its server (and later member) certificates. */
export async function createCa(commonName: string): Promise<CertKeyPair> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${dnValue(commonName)}, O=corral`,
    ...validity(),
    signingAlgorithm: EC_ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return pair(cert, keys.privateKey);
}

/** Issues a TLS server certificate from the CA whose names cover every address clients may dial. */
export async function issueServerCertificate(
  ca: { certPem: string; keyPem: string },
  commonName: string,
  names: { dns: string[]; ips: string[] },
): Promise<CertKeyPair> {
  for (const ip of names.ips) if (!isIP(ip)) throw invalid("addresses", `"${ip}" must be an IPv4 or IPv6 address`);
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importPrivateKey(ca.keyPem);
  const keys = await newKeyPair();
  const dns = [...new Set(names.dns.filter(Boolean))];
  const ips = [...new Set(names.ips)];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${dnValue(commonName)}, O=corral`,
    issuer: caCert.subject,
    ...validity(),
    signingAlgorithm: EC_ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: "dns" as const, value })),
        ...ips.map((value) => ({ type: "ip" as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return pair(cert, keys.privateKey);
}

/** Gives a client without a certificate (CLI, provider) a self-signed one to enrol with. */
export async function generateClientCertificate(name: string): Promise<CertKeyPair> {
  if (!name || name.length > 64 || /[\x00-\x1f]/.test(name)) {
    throw invalid("name", "must be 1-64 printable characters");
  }
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${dnValue(name)}, O=corral`,
    ...validity(),
    signingAlgorithm: EC_ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return pair(cert, keys.privateKey);
}
