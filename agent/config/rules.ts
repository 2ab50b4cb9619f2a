// Validation is data: each scope (instance, network type, storage driver) has a table mapping
// config key -> rule {type, default, description, validate}. Unknown keys are rejected except
// user.*. The same tables feed `corral info`, the provider's schema descriptions and docs.
import { invalid } from "../errors";

export type Validator = (value: string) => string | undefined; // returns the broken rule, or undefined

export interface KeyRule {
  type: "string" | "bool" | "integer" | "size" | "cidr" | "list";
  description: string;
  default?: string;
  /** Applied to a running instance / active object without a restart. */
  live?: boolean;
  validate?: Validator;
}

export type RuleTable = Record<string, KeyRule>;

// ---- small composable validators ------------------------------------------------------------

export const isBool: Validator = (v) => (["true", "false", "1", "0", "yes", "no", "on", "off"].includes(v) ? undefined : "must be a boolean (true or false)");

export const isInt = (min: number, max: number): Validator => (v) => {
  if (!/^-?\d+$/.test(v)) return "must be an integer";
  const n = Number(v);
  return n < min || n > max ? `must be between ${min} and ${max}` : undefined;
};

export const oneOf = (...allowed: string[]): Validator => (v) => (allowed.includes(v) ? undefined : `must be one of ${allowed.join(", ")}`);

const SIZE_UNITS: Record<string, number> = {
  "": 1, B: 1,
  kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
  K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40,
};

/** Parses "512MiB", "1GB", "20G" or bytes; undefined when malformed. */
export function parseSize(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(v.trim());
  if (!m) return undefined;
  const unit = SIZE_UNITS[m[2]!];
  if (unit === undefined) return undefined;
  return Math.floor(Number(m[1]) * unit);
}

export const isSize = (minBytes = 0, maxBytes = Number.MAX_SAFE_INTEGER): Validator => (v) => {
  const n = parseSize(v);
  if (n === undefined) return "must be a size such as 512MiB, 2GiB or a number of bytes";
  if (n < minBytes) return `must be at least ${minBytes} bytes`;
  if (n > maxBytes) return `must be at most ${maxBytes} bytes`;
  return undefined;
};

export const isIPv4: Validator = (v) => (parseIPv4(v) === undefined ? "must be an IPv4 address" : undefined);

export function parseIPv4(v: string): number | undefined {
  const parts = v.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** "10.0.3.1/24" -> address, prefix, network base and broadcast as numbers. */
export function parseCIDR(v: string): { address: number; prefix: number; network: number; broadcast: number } | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(v);
  if (!m) return undefined;
  const address = parseIPv4(m[1]!);
  const prefix = Number(m[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { address, prefix, network, broadcast: network + size - 1 };
}

export const isCIDR: Validator = (v) => (parseCIDR(v) === undefined ? "must be an IPv4 address with prefix, e.g. 10.0.3.1/24" : undefined);

export const isMAC: Validator = (v) => (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v) ? undefined : "must be a MAC address like 00:16:3e:aa:bb:cc");

export const isAny: Validator = () => undefined;

// ---- applying a table ---------------------------------------------------------------------------

/** Checks every key of config against table; throws INVALID_ARGUMENT naming `${field}["key"]` and the rule. */
export function validateConfig(table: RuleTable, config: Record<string, string>, field: string): void {
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith("user.")) continue;
    const rule = table[key];
    const where = `${field}["${key}"]`;
    if (!rule) throw invalid(where, `unknown config key (allowed: ${Object.keys(table).sort().join(", ")}, or user.*)`);
    if (typeof value !== "string") throw invalid(where, "value must be a string");
    const broken = (rule.validate ?? defaultValidator(rule.type))(value);
    if (broken) throw invalid(where, broken);
  }
}

function defaultValidator(type: KeyRule["type"]): Validator {
  switch (type) {
    case "bool": return isBool;
    case "integer": return isInt(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case "size": return isSize();
    case "cidr": return isCIDR;
    case "string":
    case "list": return isAny;
    default: { const never: never = type; return never; }
  }
}

export const truthy = (v: string | undefined): boolean => v !== undefined && ["true", "1", "yes", "on"].includes(v);

// ---- names ----------------------------------------------------------------------------------------

declare const brand: unique symbol;
export type Branded<T, B extends string> = T & { readonly [brand]: B };
export type InstanceName = Branded<string, "InstanceName">;
export type PoolName = Branded<string, "PoolName">;
export type NetworkName = Branded<string, "NetworkName">;

/** Instance names are hostnames: 1-63 chars, letters, digits and '-', not starting with a digit or '-'. */
export function parseInstanceName(v: string, field = "name"): InstanceName {
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(v) || v.endsWith("-")) {
    throw invalid(field, "must be 1-63 characters of letters, digits and '-', start with a letter and not end with '-'");
  }
  return v as InstanceName;
}

/** Network names become Linux interface names: at most 15 chars, letters, digits, '-', '_'. */
export function parseNetworkName(v: string, field = "name"): NetworkName {
  if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,14}$/.test(v)) {
    throw invalid(field, "must be 1-15 characters of letters, digits, '-' and '_' and start with a letter (it becomes a host interface name)");
  }
  return v as NetworkName;
}

/** Generic object names (pools, profiles, volumes, aliases). */
export function parseObjectName<B extends string>(v: string, field = "name"): Branded<string, B> {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(v) || v === "." || v === "..") {
    throw invalid(field, "must be 1-64 characters of letters, digits, '_', '.', '-' and start with a letter or digit");
  }
  return v as Branded<string, B>;
}
export const parsePoolName = (v: string, field = "name") => parseObjectName<"PoolName">(v, field) as PoolName;
