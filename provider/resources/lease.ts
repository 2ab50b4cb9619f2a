// The `ttl` attribute of corral_instance, corral_network and corral_volume: the agent's lease keys
// (lease.duration, lease.expires_at). An apply that keeps the ttl keeps the lease's end; changing
// the ttl restarts the lease; `corral lease renew` moves the end (seen at the next refresh).
import { LEASE_DURATION, LEASE_EXPIRES_AT, LEASE_RULES } from "../../agent/leases/lease";
import { validateConfig } from "../../agent/config/rules";
import { attrPath, Unknown, type AttributeSpec, type Diag, type Obj, type Value } from "../framework/types";
import { check, known } from "./rules";
import { str, strMap } from "./values";

/** The lease attributes of a resource whose objects are called `what`. */
export function leaseAttributes(what: string): Record<string, AttributeSpec> {
  return {
    ttl: { type: "string", optional: true, description: `Lease length (30m, 2h, 7d; config lease.duration): the agent deletes the ${what} when the lease ends, e.g. after a CI pipeline died before its destroy. Changing it restarts the lease; \`corral lease renew\` extends it. The next plan shows a deleted ${what} as to be created.` },
    lease_expires_at: { type: "string", computed: true, useStateForUnknown: true, description: "When the lease ends (RFC 3339), null without ttl." },
  };
}

/** Agent config keys for the planned ttl; the end of the lease is kept unless the ttl changed. */
export function leaseConfig(p: Obj, prior: Obj | null): Record<string, string> {
  const ttl = str(p.ttl);
  if (!ttl) return {};
  const end = prior && str(prior.ttl) === ttl ? str(prior.lease_expires_at) : undefined;
  return end ? { [LEASE_DURATION]: ttl, [LEASE_EXPIRES_AT]: end } : { [LEASE_DURATION]: ttl };
}

/** State attributes from the agent's config. */
export function leaseState(config: Record<string, string>): Obj {
  return { ttl: config[LEASE_DURATION] ?? null, lease_expires_at: config[LEASE_EXPIRES_AT] ?? null };
}

/** A changed ttl moves the lease's end: unknown until applied. */
export function planLease(prior: Obj | null, planned: Obj): void {
  if (prior && (prior.ttl ?? null) !== (planned.ttl ?? null)) planned.lease_expires_at = Unknown;
}

/** Plan-time checks: ttl syntax, and no lease keys through the config map. */
export function validateLease(config: Obj, configAttr: Value | undefined): Diag[] {
  const diags: Diag[] = [];
  if (known(config.ttl)) diags.push(...check(attrPath("ttl"), () => validateConfig(LEASE_RULES, { [LEASE_DURATION]: config.ttl as string }, "ttl")));
  for (const k of Object.keys(strMap(configAttr) ?? {})) {
    if (k in LEASE_RULES) diags.push({ severity: "error", summary: "Invalid config key", detail: `${k}: set the lease with the ttl attribute`, path: [{ attr: "config" }, { key: k }] });
  }
  return diags;
}

/** The lease keys, which have their own attributes rather than config entries. */
export const LEASE_KEYS = Object.keys(LEASE_RULES);
