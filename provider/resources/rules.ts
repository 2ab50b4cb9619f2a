// Plan-time validation from the agent's own rule tables (names, config keys, sizes, CIDRs), so a
// bad configuration is a diagnostic on its line before anything is created. Checks that depend on
// the target host (CPU count, memory size, free subnets) stay with the agent.
import { CorralError } from "../../agent/errors";
import { isSize, validateConfig, type RuleTable, type Validator } from "../../agent/config/rules";
import { INSTANCE_RULES } from "../../agent/instances/config";
import { instanceDriverRules } from "../../agent/instances/drivers";
import { bridgeRules } from "../../agent/network/drivers/bridge/config";
import { getStorageDriver } from "../../agent/storage/drivers";
import { getNetworkDriver } from "../../agent/network/drivers";
import { COMMON_POOL_RULES } from "../../agent/storage/manager";
import { LEASE_RULES } from "../../agent/leases/lease";
import { Unknown, type Diag, type Path, type Value } from "../framework/types";
import { strMap } from "./values";

/** Runs an agent check; a CorralError becomes a diagnostic at path. */
export function check(path: Path, fn: () => unknown, summary = "Invalid value"): Diag[] {
  try {
    fn();
    return [];
  } catch (e) {
    if (!(e instanceof CorralError)) throw e;
    return [{ severity: "error", summary, detail: e.message, path }];
  }
}

/** A known string value (skips null and unknown). */
export const known = (v: Value | undefined): v is string => typeof v === "string";

const syntaxOnly = (table: RuleTable, overrides: Record<string, Validator>): RuleTable =>
  Object.fromEntries(Object.entries(table).map(([k, r]) => [k, overrides[k] ? { ...r, validate: overrides[k] } : r]));

/** Instance keys (of one instance type's drivers, or of all) with host-dependent limits reduced to their syntax. */
export const portableInstanceRules = (type?: string): RuleTable => syntaxOnly({ ...INSTANCE_RULES, ...instanceDriverRules(type) }, {
  "limits.cpu": (v) => (/^\d+$/.test(v) && Number(v) >= 1) || /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(v) ? undefined : "must be a number of CPUs (e.g. 2) or a CPU set (e.g. 0-1,3)",
  "limits.memory": (v) => (/^\d+%$/.test(v) ? undefined : isSize(4 * 2 ** 20)(v)),
});

/** Validates a config map attribute against a rule table (keys and value syntax). */
export function checkConfigMap(v: Value | undefined, table: RuleTable, attr = "config"): Diag[] {
  const m = strMap(v);
  if (!m || v === Unknown) return [];
  const out: Diag[] = [];
  for (const [k, val] of Object.entries(m)) {
    // A value from another resource (unknown until apply) is checked by the agent then.
    if ((v as Record<string, Value>)[k] === Unknown) continue;
    out.push(...check([{ attr }, { key: k }], () => validateConfig(table, { [k]: val }, attr), "Invalid config key"));
  }
  return out;
}

/** The config keys of a network type (the bridge's when the type is unknown or not known yet). */
export const networkRules = (type?: string): RuleTable => {
  try {
    return { ...getNetworkDriver(type ?? "bridge").rules, ...LEASE_RULES };
  } catch {
    return { ...bridgeRules, ...LEASE_RULES };
  }
};
export const poolRules = (driver: string): RuleTable | undefined => {
  try {
    return { ...COMMON_POOL_RULES, ...getStorageDriver(driver).rules };
  } catch {
    return undefined;
  }
};
