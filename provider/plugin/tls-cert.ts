// The plugin's per-launch TLS server certificate: a self-signed EC P-256 certificate for
// DNS:localhost (a P-256 key takes ~3 ms where RSA-2048 takes ~375 ms). go-plugin pins it from
// the handshake line.
import { buildCertificate, derToPem, distinguishedName, Eku, KeyUsage, newP256 } from "../../agent/security/x509-der";

export interface ServerCert {
  certPem: string;
  keyPem: string;
  /** DER of the certificate, for the handshake line. */
  der: Buffer;
}

/** Generates a fresh self-signed P-256 certificate (CN/SAN localhost, server+client auth), as go-plugin does. */
export function generateServerCert(now = new Date()): ServerCert {
  const { privateKey, publicKey } = newP256();
  const der = buildCertificate({
    subject: distinguishedName("localhost"),
    publicKey,
    privateKey,
    ca: true,
    keyUsage: [KeyUsage.digitalSignature, KeyUsage.keyEncipherment, KeyUsage.keyCertSign],
    extendedKeyUsage: [Eku.serverAuth, Eku.clientAuth],
    dnsNames: ["localhost"],
    notBefore: new Date(now.getTime() - 30_000),
    notAfter: new Date(now.getTime() + 30 * 365 * 24 * 3600_000),
  });
  return { der, certPem: derToPem(der), keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string };
}
