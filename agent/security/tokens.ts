// Single-use, expiring trust tokens (LXD's "lxc config trust add" tokens): the token carries the
// server fingerprint and addresses so a new client can pin the server, plus a secret that the
// agent stores only as a SHA-256 hash and deletes (compare-and-swap) the one time it is used.
import { createHash, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { CorralError, hasCode, invalid } from "../errors";
import { keys, type Store } from "../state/store";
import { normalizeFingerprint } from "./certs";

/** Default lifetime when the caller passes 0, as the Trust API documents. */
export const DEFAULT_TOKEN_TTL_S = 3600;
/** Longest lifetime accepted: a token is a bearer credential, so it must not live for long. */
export const MAX_TOKEN_TTL_S = 30 * 86400;

/** What the encoded token string contains (base64url of this JSON). */
export interface DecodedToken {
  /** Name the client will be trusted under. */
  name: string;
  /** Server certificate fingerprint the client pins. */
  fingerprint: string;
  /** host:port addresses where the agent listens. */
  addresses: string[];
  secret: string;
  expires_at: string;
}

/** The stored form: never the secret itself. The key is keys.trustToken(sha256(secret)). */
export interface StoredToken {
  name: string;
  secret_sha256: string;
  expires_at: string;
  created_at: string;
  addresses: string[];
}

/** Trust tokens enrol clients; join tokens admit cluster members. Each kind is stored apart, so one can never be redeemed as the other. */
export type TokenScope = "trust" | "join";
const tokenKey = (scope: TokenScope, hash: string) => (scope === "join" ? keys.joinToken(hash) : keys.trustToken(hash));

export interface CreateTokenOptions {
  addresses: string[];
  serverFingerprint: string;
  scope?: TokenScope;
  /** More fields for the encoded token (a join token carries the cluster CA fingerprint). */
  extra?: Record<string, unknown>;
  /** Clock override (ms since epoch), for tests. */
  now?: number;
}

const hashSecret = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

function checkAddress(a: string): void {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]]+)):(\d{1,5})$/.exec(a);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535 || (m[1] !== undefined && isIP(m[1]) !== 6)) {
    throw invalid("addresses", `"${a}" must be host:port or [ipv6]:port`);
  }
}

/** Issues a token for one client enrolment; returns the string to hand to the client. */
export async function createToken(
  store: Store,
  name: string,
  ttlSeconds: number,
  opts: CreateTokenOptions,
): Promise<{ token: string; expiresAt: string }> {
  if (!name || name.length > 64 || /[\x00-\x1f]/.test(name)) throw invalid("name", "must be 1-64 printable characters");
  const ttl = ttlSeconds === 0 ? DEFAULT_TOKEN_TTL_S : ttlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_S) {
    throw invalid("ttl_s", `must be a whole number of seconds between 1 and ${MAX_TOKEN_TTL_S} (0 means ${DEFAULT_TOKEN_TTL_S})`);
  }
  opts.addresses.forEach(checkAddress);
  const fingerprint = normalizeFingerprint(opts.serverFingerprint, "serverFingerprint");
  const now = opts.now ?? Date.now();
  const secret = randomBytes(32).toString("hex");
  const expiresAt = new Date(now + ttl * 1000).toISOString();
  const stored: StoredToken = {
    name,
    secret_sha256: hashSecret(secret),
    expires_at: expiresAt,
    created_at: new Date(now).toISOString(),
    addresses: opts.addresses,
  };
  await store.put(tokenKey(opts.scope ?? "trust", stored.secret_sha256), stored, { expectRevision: 0 });
  const decoded: DecodedToken = { name, fingerprint, addresses: opts.addresses, secret, expires_at: expiresAt };
  return { token: encodeToken({ ...opts.extra, ...decoded }), expiresAt };
}

/** Serialises a token as LXD does: base64url of its JSON. */
export function encodeToken(t: DecodedToken): string {
  return Buffer.from(JSON.stringify(t), "utf8").toString("base64url");
}

/** Reads a token on the client side (server fingerprint to pin, addresses to dial); does not check it. */
export function decodeToken(token: string): DecodedToken {
  const rule = "must be a trust token as printed by `corral trust add` (base64url-encoded JSON)";
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]+={0,2}$/.test(token.trim())) throw invalid("token", rule);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(token.trim(), "base64url").toString("utf8"));
  } catch {
    throw invalid("token", rule);
  }
  const o = v as Partial<DecodedToken>;
  if (typeof o !== "object" || o === null) throw invalid("token", rule);
  if (typeof o.name !== "string" || !o.name) throw invalid("token", "has no client name");
  if (typeof o.secret !== "string" || !/^[0-9a-f]{64}$/.test(o.secret)) throw invalid("token", "has no valid secret");
  if (typeof o.fingerprint !== "string" || !/^[0-9a-f]{64}$/.test(o.fingerprint)) throw invalid("token", "has no valid server fingerprint");
  if (!Array.isArray(o.addresses) || !o.addresses.every((a) => typeof a === "string")) throw invalid("token", "has no address list");
  if (typeof o.expires_at !== "string" || Number.isNaN(Date.parse(o.expires_at))) throw invalid("token", "has no valid expiry time");
  return { name: o.name, fingerprint: o.fingerprint, addresses: o.addresses, secret: o.secret, expires_at: o.expires_at };
}

/** Redeems a token exactly once; returns the client name it was issued for. */
export async function consumeToken(store: Store, token: string, opts: { now?: number; scope?: TokenScope } = {}): Promise<string> {
  const decoded = decodeToken(token);
  const key = tokenKey(opts.scope ?? "trust", hashSecret(decoded.secret));
  const entry = await store.get<StoredToken>(key);
  const unknown = () => new CorralError("CORRAL_ERR_PERMISSION_DENIED", "trust token already used or unknown");
  if (!entry) throw unknown();
  const now = opts.now ?? Date.now();
  if (Date.parse(entry.value.expires_at) <= now) {
    await store.delete(key, { expectRevision: entry.revision }).catch(() => false);
    throw new CorralError("CORRAL_ERR_PERMISSION_DENIED", `trust token expired at ${entry.value.expires_at}`);
  }
  try {
    if (!(await store.delete(key, { expectRevision: entry.revision }))) throw unknown();
  } catch (err) {
    // Somebody else redeemed it between our read and our delete.
    if (hasCode(err, "CORRAL_ERR_CONFLICT")) throw unknown();
    throw err;
  }
  return entry.value.name;
}

/** Deletes expired tokens so the store does not collect them; returns how many went. */
export async function pruneExpiredTokens(store: Store, now = Date.now()): Promise<number> {
  let n = 0;
  for (const e of await store.list<StoredToken>(keys.trustToken(""))) {
    if (Date.parse(e.value.expires_at) <= now && (await store.delete(e.key, { expectRevision: e.revision }).catch(() => false))) n++;
  }
  return n;
}
