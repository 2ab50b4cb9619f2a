// Certificates, trust store and trust tokens over a real SQLite store (no network).
import t, { type Test } from "tap";
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { SqliteStore } from "../../agent/state/sqlite";
import { keys } from "../../agent/state/store";
import {
  certificateFingerprint,
  clientCredentials,
  consumeToken,
  createToken,
  decodeToken,
  encodeToken,
  ensureAgentIdentity,
  generateClientCertificate,
  identityPaths,
  normalizeFingerprint,
  pruneExpiredTokens,
  TrustStore,
  type StoredToken,
} from "../../agent/security";

const FP = "0123456789abcdef".repeat(4);

function tempStore(t: Test): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), "corral-sec-"));
  const store = new SqliteStore(join(dir, "state.db"));
  t.teardown(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

t.test("client certificate: self-signed, clientAuth, LXD-style fingerprint", async (t) => {
  const c = await generateClientCertificate("ci-runner");
  const x = new X509Certificate(c.certPem);
  t.match(x.subject, /CN=ci-runner/);
  t.equal(x.issuer, x.subject, "self-signed");
  t.ok(x.verify(x.publicKey), "signature verifies with its own key");
  t.ok(x.keyUsage?.includes("1.3.6.1.5.5.7.3.2"), "clientAuth extended key usage");
  t.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1", "EC P-256 key");
  t.equal(c.fingerprint, x.fingerprint256.replace(/:/g, "").toLowerCase());
  t.equal(certificateFingerprint(x.raw), c.fingerprint, "DER and PEM give the same fingerprint");
  t.match(c.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  await t.rejects(generateClientCertificate(""), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "name" });
  t.equal(normalizeFingerprint(x.fingerprint256), c.fingerprint, "openssl-style fingerprints are accepted");
  t.throws(() => normalizeFingerprint("abc"), { code: "CORRAL_ERR_INVALID_ARGUMENT", message: /fingerprint: must be a SHA-256/ });
});

t.test("agent identity: refuses to half-recreate", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-id-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const id = await ensureAgentIdentity(dir);
  const p = identityPaths(dir);
  // Losing only the server pair: reissued from the same CA (new fingerprint).
  unlinkSync(p.serverCert);
  const re = await ensureAgentIdentity(dir);
  t.not(re.fingerprint, id.fingerprint);
  t.equal(re.caCertPem, id.caCertPem, "CA kept");
  t.ok(new X509Certificate(re.serverCertPem).checkIssued(new X509Certificate(id.caCertPem)));
  // Losing the CA key while other files exist is an error, not a silent new identity.
  unlinkSync(p.caKey);
  await t.rejects(ensureAgentIdentity(dir), { code: "CORRAL_ERR_FAILED_PRECONDITION", message: /CA certificate or key is missing/ });
  writeFileSync(p.caKey, id.caKeyPem, { mode: 0o600 });
  t.equal((await ensureAgentIdentity(dir)).fingerprint, re.fingerprint);
});

t.test("trust store: add, isTrusted, list, remove", async (t) => {
  const store = tempStore(t);
  const trust = new TrustStore(store);
  const a = await generateClientCertificate("a");
  const b = await generateClientCertificate("b");
  t.equal(await trust.isTrusted(a.fingerprint), false);
  const rec = await trust.add("laptop", a.certPem);
  t.equal(rec.fingerprint, a.fingerprint);
  t.equal(rec.name, "laptop");
  t.ok(await store.get(keys.trusted(a.fingerprint)), "stored under keys.trusted(fp)");
  t.equal(await trust.isTrusted(a.fingerprint), true);
  t.equal((await trust.add("other-name", a.certPem)).name, "laptop", "adding again returns the existing record");
  await trust.add("ci", b.certPem);
  t.same((await trust.list()).map((r) => r.name).sort(), ["ci", "laptop"]);
  await trust.remove(a.fingerprint.toUpperCase());
  t.equal(await trust.isTrusted(a.fingerprint), false);
  await t.rejects(trust.remove(a.fingerprint), { code: "CORRAL_ERR_NOT_FOUND" });
  // Decisions are reused between calls; a removal through another member (another TrustStore on
  // the shared store) reaches this one through its watch, so the next call is refused.
  t.equal(await trust.isTrusted(b.fingerprint), true);
  await new TrustStore(store).remove(b.fingerprint);
  t.equal(await trust.isTrusted(b.fingerprint), false, "a removal elsewhere is seen");
  trust.close();
  await t.rejects(trust.add("x", "not a cert"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "certificate" });
  await t.rejects(trust.add("", b.certPem), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "name" });
  t.equal(await trust.isTrusted("not-hex"), false);
});

t.test("tokens: encode/decode, stored hashed, single use, expiry", async (t) => {
  const store = tempStore(t);
  const { token, expiresAt } = await createToken(store, "alice", 600, { addresses: ["10.0.0.1:8443", "[fd00::1]:8443"], serverFingerprint: FP.toUpperCase() });
  const d = decodeToken(token);
  t.same({ name: d.name, fingerprint: d.fingerprint, addresses: d.addresses, expires_at: d.expires_at },
    { name: "alice", fingerprint: FP, addresses: ["10.0.0.1:8443", "[fd00::1]:8443"], expires_at: expiresAt });
  t.match(token, /^[A-Za-z0-9_-]+$/, "base64url");
  t.equal(encodeToken(d), token, "encode is the inverse of decode");
  const stored = await store.list<StoredToken>(keys.trustToken(""));
  t.equal(stored.length, 1);
  t.notMatch(JSON.stringify(stored), d.secret, "the secret itself is not stored");

  t.equal(await consumeToken(store, token), "alice");
  await t.rejects(consumeToken(store, token), { code: "CORRAL_ERR_PERMISSION_DENIED", message: /token already used or unknown/ });

  // Expiry, with an injected clock (no sleeping).
  const now = Date.now();
  const short = await createToken(store, "bob", 60, { addresses: [], serverFingerprint: FP, now });
  await t.rejects(consumeToken(store, short.token, { now: now + 61_000 }), { code: "CORRAL_ERR_PERMISSION_DENIED", message: /token expired/ });
  await t.rejects(consumeToken(store, short.token, { now }), { message: /already used or unknown/ }, "an expired token is deleted");

  // Forged token: same shape, unknown secret.
  await t.rejects(consumeToken(store, encodeToken({ ...d, secret: "f".repeat(64) })), { code: "CORRAL_ERR_PERMISSION_DENIED" });
  // Editing the expiry inside the token does not help: the stored expiry counts.
  const edited = await createToken(store, "carol", 60, { addresses: [], serverFingerprint: FP, now: now - 120_000 });
  const e = decodeToken(edited.token);
  await t.rejects(consumeToken(store, encodeToken({ ...e, expires_at: new Date(now + 3600_000).toISOString() })), { message: /token expired/ });
});

t.test("tokens: concurrent redemption succeeds exactly once", async (t) => {
  const store = tempStore(t);
  const { token } = await createToken(store, "race", 60, { addresses: [], serverFingerprint: FP });
  const results = await Promise.allSettled([consumeToken(store, token), consumeToken(store, token), consumeToken(store, token)]);
  t.equal(results.filter((r) => r.status === "fulfilled").length, 1);
});

t.test("tokens: validation and pruning", async (t) => {
  const store = tempStore(t);
  const base = { addresses: ["127.0.0.1:8443"], serverFingerprint: FP };
  await t.rejects(createToken(store, "", 60, base), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "name" });
  await t.rejects(createToken(store, "x", -1, base), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "ttl_s", message: /ttl_s: must be a whole number/ });
  await t.rejects(createToken(store, "x", 1.5, base), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "ttl_s" });
  await t.rejects(createToken(store, "x", 60, { ...base, addresses: ["no-port"] }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "addresses" });
  await t.rejects(createToken(store, "x", 60, { ...base, serverFingerprint: "zz" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "serverFingerprint" });
  const def = await createToken(store, "default-ttl", 0, { ...base, now: 0 });
  t.equal(def.expiresAt, new Date(3600_000).toISOString(), "0 means the default lifetime");

  t.throws(() => decodeToken("not base64!"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "token" });
  t.throws(() => decodeToken(Buffer.from("[]").toString("base64url")), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "token" });
  t.throws(() => decodeToken(Buffer.from(JSON.stringify({ name: "a" })).toString("base64url")), { message: /token: has no valid secret/ });

  await createToken(store, "live", 600, base);
  t.equal(await pruneExpiredTokens(store, Date.now()), 1, "only the expired token is pruned");
  t.equal((await store.list(keys.trustToken(""))).length, 1);
});

t.test("client credentials: need a way to verify the server", async (t) => {
  t.throws(() => clientCredentials({}), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "server_certificate_fingerprint" });
  const c = await generateClientCertificate("x");
  t.throws(() => clientCredentials({ certPem: c.certPem, serverFingerprint: FP }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "client_key" });
  t.ok(clientCredentials({ certPem: c.certPem, keyPem: c.keyPem, serverFingerprint: FP })._isSecure());
});
