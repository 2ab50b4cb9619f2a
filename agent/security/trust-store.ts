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

/**
 * A trust decision is reused for this long (a TLS caller otherwise costs a store read, an etcd
 * round trip in a cluster, on every call: a visible part of relaying a call to another member).
 * A change to the record (a removal on any member) drops it at once through a watch; the bound
 * keeps a watch that stopped delivering from keeping a revoked certificate trusted for longer.
 */
const TRUST_CACHE_MS = 10_000;

export class TrustStore {
  /** Trusted fingerprints: the certificate's expiry and when the record was read. */
  private readonly cache = new Map<string, { notAfter: number; readAt: number }>();
  /** Bumped on every change seen: a read that started before one is not cached. */
  private changes = 0;
  private stopWatch?: () => void;

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
    this.stopWatch ??= this.store.watch(PREFIX, (ev) => this.changed(ev.key.slice(PREFIX.length)));
    const now = Date.now();
    let known = this.cache.get(fingerprint);
    if (!known || now - known.readAt > TRUST_CACHE_MS) {
      const seen = this.changes;
      const entry = await this.store.get<TrustedClientRecord>(keys.trusted(fingerprint));
      if (!entry) return false;
      known = { notAfter: Date.parse(new X509Certificate(entry.value.certificate).validTo), readAt: now };
      if (seen === this.changes) this.cache.set(fingerprint, known);
    }
    // A trusted certificate stops working when it expires, as in LXD.
    return known.notAfter >= Date.now();
  }

  private changed(fingerprint: string): void {
    this.changes++;
    this.cache.delete(fingerprint);
  }

  /** Stops following changes (the agent stops). */
  close(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
    this.cache.clear();
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
    const deleted = await this.store.delete(keys.trusted(fp));
    this.changed(fp);
    if (!deleted) throw notFound(`trusted client ${fp}`);
  }
}

