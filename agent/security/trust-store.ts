// Client certificates trusted over TCP+mTLS, keyed by fingerprint in the Store (like LXD's
// certificates table): the TLS layer accepts any certificate, this decides who may call.
import { X509Certificate } from "node:crypto";
import { hasCode, invalid, notFound } from "../errors";
import { keys, type Store } from "../state/store";
import { certificateFingerprint, normalizeFingerprint } from "./certs";

export interface TrustedClientRecord {
  name: string;
  fingerprint: string;
  /** PEM of the trusted certificate. */
  certificate: string;
  added_at: string;
}

const PREFIX = keys.trusted("");

export class TrustStore {
  constructor(private readonly store: Store) {}

  /** Trusts a client certificate; adding one that is already trusted returns the existing record. */
  async add(name: string, certPem: string): Promise<TrustedClientRecord> {
    if (!name || name.length > 64 || /[\x00-\x1f]/.test(name)) throw invalid("name", "must be 1-64 printable characters");
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certPem);
    } catch (err) {
      throw invalid("certificate", `must be a PEM-encoded X.509 certificate (${(err as Error).message})`);
    }
    if (Date.parse(cert.validTo) < Date.now()) throw invalid("certificate", `has expired (not after ${cert.validTo})`);
    const fingerprint = certificateFingerprint(cert.raw);
    const record: TrustedClientRecord = { name, fingerprint, certificate: cert.toString(), added_at: new Date().toISOString() };
    try {
      await this.store.put(keys.trusted(fingerprint), record, { expectRevision: 0 });
      return record;
    } catch (err) {
      if (hasCode(err, "CORRAL_ERR_CONFLICT")) {
        const existing = await this.get(fingerprint);
        if (existing) return existing;
      }
      throw err;
    }
  }

  /** Decides, per call, whether a TLS peer may use the API. */
  async isTrusted(fingerprint: string): Promise<boolean> {
    if (!/^[0-9a-f]{64}$/.test(fingerprint)) return false;
    const entry = await this.store.get<TrustedClientRecord>(keys.trusted(fingerprint));
    if (!entry) return false;
    // A trusted certificate stops working when it expires, as in LXD.
    return Date.parse(new X509Certificate(entry.value.certificate).validTo) >= Date.now();
  }

  async get(fingerprint: string): Promise<TrustedClientRecord | undefined> {
    return (await this.store.get<TrustedClientRecord>(keys.trusted(normalizeFingerprint(fingerprint))))?.value;
  }

  /** All trusted clients, ordered by fingerprint. */
  async list(): Promise<TrustedClientRecord[]> {
    return (await this.store.list<TrustedClientRecord>(PREFIX)).map((e) => e.value);
  }

  /** Revokes a client; NOT_FOUND when it was not trusted. */
  async remove(fingerprint: string): Promise<void> {
    const fp = normalizeFingerprint(fingerprint);
    if (!(await this.store.delete(keys.trusted(fp)))) throw notFound(`trusted client ${fp}`);
  }
}

