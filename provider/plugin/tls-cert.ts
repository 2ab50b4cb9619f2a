// The plugin's per-launch TLS server certificate: a self-signed EC P-256 certificate for
// DNS:localhost, built with a tiny DER writer and Node's crypto (fast: no X.509 library to load;
// a P-256 key takes ~3 ms where RSA-2048 takes ~375 ms). go-plugin pins it from the handshake line.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";

export interface ServerCert {
  certPem: string;
  keyPem: string;
  /** DER of the certificate, for the handshake line. */
  der: Buffer;
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.of(tag), len(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);

function oid(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z"; // YYYYMMDDHHMMSSZ
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.of(0xff))] : []), tlv(0x04, value));
}

/** Generates a fresh self-signed P-256 certificate (CN/SAN localhost, server+client auth), as go-plugin does. */
export function generateServerCert(now = new Date()): ServerCert {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // positive INTEGER
  if (serial[0] === 0) serial[0] = 1;
  const ecdsaSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const name = seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, Buffer.from("localhost")))));
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + 30 * 365 * 24 * 3600_000);
  const extensions = seq(
    extension("2.5.29.19", true, seq(tlv(0x01, Buffer.of(0xff)))), // basicConstraints CA:true
    // keyUsage: digitalSignature(0) keyEncipherment(2) keyCertSign(5) -> 1010 0100, 2 unused bits
    extension("2.5.29.15", true, tlv(0x03, Buffer.of(0x02, 0xa4))),
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))), // serverAuth, clientAuth
    extension("2.5.29.17", false, seq(tlv(0x82, Buffer.from("localhost")))), // SAN dNSName
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.of(2))), // v3
    tlv(0x02, serial),
    ecdsaSha256,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    tlv(0xa3, extensions),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.of(0), signature));
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return {
    der,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
  };
}
