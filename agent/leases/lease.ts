// Leases: an expiry on instances, networks and custom volumes, as config keys, so a CI pipeline
// that dies before its destroy does not leak its environment. `lease.duration` starts (and, on
// renew, restarts) the lease; `lease.expires_at` is the absolute end the agent acts on.
import { invalid } from "../errors";
import type { RuleTable, Validator } from "../config/rules";
import { LEASE_DURATION, LEASE_EXPIRES_AT } from "./keys";

export { LEASE_DURATION, LEASE_EXPIRES_AT };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Leases longer than this are almost certainly a typo (and overflow nothing). */
const MAX_DURATION_MS = 366 * 86_400_000;

/** "2h", "30m", "1h30m", "45s", "7d" in milliseconds; undefined when malformed. */
export function parseDuration(v: string): number | undefined {
  if (!/^(\d+[smhd])+$/.test(v)) return undefined;
  let ms = 0;
  for (const m of v.matchAll(/(\d+)([smhd])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

const isDuration: Validator = (v) => {
  const ms = parseDuration(v);
  if (ms === undefined) return "must be a duration such as 30m, 2h, 1h30m or 7d (units s, m, h, d)";
  if (ms < 1000) return "must be at least 1s";
  if (ms > MAX_DURATION_MS) return "must be at most 366d";
  return undefined;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

const isTimestamp: Validator = (v) =>
  RFC3339.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : "must be an RFC 3339 time such as 2026-12-04T18:00:00Z";

/** Lease keys, shared by the instance, network and volume rule tables. Live: a renew needs no restart. */
export const LEASE_RULES: RuleTable = {
  [LEASE_DURATION]: { type: "string", live: true, validate: isDuration, description: "Lease length (30m, 2h, 7d): setting it without lease.expires_at starts the lease now; `corral lease renew` restarts it" },
  [LEASE_EXPIRES_AT]: { type: "string", live: true, validate: isTimestamp, description: "When the lease ends (RFC 3339); the agent then deletes the object (instances first, then unused networks and volumes)" },
};

/** Splits config into its lease keys and the rest (for drivers that know nothing of leases). */
export function splitLease(config: Record<string, string>): { lease: Record<string, string>; rest: Record<string, string> } {
  const lease: Record<string, string> = {};
  const rest: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) (k in LEASE_RULES ? lease : rest)[k] = v;
  return { lease, rest };
}

/** The config with lease.expires_at filled in from lease.duration when only the duration is given. */
export function startLease(config: Record<string, string>, now: number): Record<string, string> {
  const d = config[LEASE_DURATION];
  if (d === undefined || config[LEASE_EXPIRES_AT] !== undefined) return config;
  const ms = parseDuration(d);
  if (ms === undefined) throw invalid(`config["${LEASE_DURATION}"]`, isDuration(d)!);
  return { ...config, [LEASE_EXPIRES_AT]: new Date(now + ms).toISOString() };
}

/** When the lease of config ends (ms since the epoch), or undefined without a lease. */
export function leaseExpiry(config: Record<string, string>): number | undefined {
  const v = config[LEASE_EXPIRES_AT];
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** The renewed config: expires_at = now + duration (the given one, else lease.duration). */
export function renewLease(config: Record<string, string>, duration: string, now: number, what: string): Record<string, string> {
  const d = duration || config[LEASE_DURATION];
  if (!d) throw invalid("duration", `${what} has no ${LEASE_DURATION}; give the duration to renew for`);
  const broken = isDuration(d);
  if (broken) throw invalid("duration", broken);
  return { ...config, [LEASE_EXPIRES_AT]: new Date(now + parseDuration(d)!).toISOString() };
}
