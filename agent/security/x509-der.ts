// A small X.509 v3 certificate writer (DER) over Node's crypto: EC P-256 keys, ECDSA-SHA256
// signatures, the handful of extensions Corral needs. Loading an X.509 library cost ~70 ms and
// ~15 MB per process; every corral process (agent, CLI, provider) issues or pins certificates.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isIP } from "node:net";

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
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.of(v ? 0xff : 0));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, "utf8"));

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
  return seq(oid(id), ...(critical ? [bool(true)] : []), tlv(0x04, value));
}

/** A distinguished name of CN (and O), each its own RDN, as UTF8Strings. */
export function distinguishedName(cn: string, o?: string): Buffer {
  const rdn = (type: string, v: string) => tlv(0x31, seq(oid(type), utf8(v)));
  return seq(rdn("2.5.4.3", cn), ...(o ? [rdn("2.5.4.10", o)] : []));
}

/** Named-bit-list BIT STRING (DER: trailing zero bits dropped). */
function bitString(bits: number[]): Buffer {
  const max = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(0x03, Buffer.of(7 - (max & 7)), bytes);
}

export const KeyUsage = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 } as const;
export const Eku = { serverAuth: "1.3.6.1.5.5.7.3.1", clientAuth: "1.3.6.1.5.5.7.3.2" } as const;

export interface CertificateSpec {
  subject: Buffer;
  /** Issuer name and key; absent for a self-signed certificate. */
  issuer?: { name: Buffer; key: KeyObject };
  publicKey: KeyObject;
  privateKey: KeyObject;
  ca: boolean;
  keyUsage: number[];
  extendedKeyUsage?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore: Date;
  notAfter: Date;
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split(".").map(Number));
  const [head, tail = ""] = ip.includes("::") ? ip.split("::") : [ip, undefined as unknown as string];
  const h = head ? head.split(":") : [];
  const t = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return Buffer.concat(groups.map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(parseInt(g, 16)); return b; }));
}

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive, no leading zero byte
  const ecdsaSha256 = seq(oid("1.2.840.10045.4.3.2"));
  const san = [...(spec.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d))), ...(spec.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip)))];
  const extensions = [
    extension("2.5.29.19", true, spec.ca ? seq(bool(true)) : seq()),
    extension("2.5.29.15", true, bitString(spec.keyUsage)),
    ...(spec.extendedKeyUsage?.length ? [extension("2.5.29.37", false, seq(...spec.extendedKeyUsage.map(oid)))] : []),
    ...(san.length ? [extension("2.5.29.17", false, seq(...san))] : []),
  ];
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.of(2))), // v3
    tlv(0x02, serial),
    ecdsaSha256,
    spec.issuer?.name ?? spec.subject,
    seq(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spec.publicKey.export({ type: "spki", format: "der" }),
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign("sha256", tbs, { key: spec.issuer?.key ?? spec.privateKey, dsaEncoding: "der" });
  return seq(tbs, ecdsaSha256, tlv(0x03, Buffer.of(0), signature));
}

/** A fresh EC P-256 key pair. */
export const newP256 = () => generateKeyPairSync("ec", { namedCurve: "P-256" });

export function derToPem(der: Buffer, label = "CERTIFICATE"): string {
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
