// The snapshots.* config keys as LXD spells them: `snapshots.schedule` (cron: 5 fields, or
// @hourly/@daily/@midnight/@weekly/@monthly/@yearly/@annually aliases, comma-separated),
// `snapshots.expiry` (e.g. "1d", "2w 3H": M minutes, H hours, d days, w weeks, m months, y years)
// and `snapshots.pattern` (snapshot names, %d the next number). Times are UTC.
import type { Validator } from "../config/rules";

/** One parsed cron expression: the allowed values of each field. */
interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  /** 0 = Sunday (7 is accepted and read as 0). */
  dow: Set<number>;
  /** Whether day-of-month / day-of-week were restricted (cron ORs them when both are). */
  domAny: boolean;
  dowAny: boolean;
}

const ALIASES: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS, base: 1 },
  { name: "day of week", min: 0, max: 7, names: DAYS, base: 0 },
] as const;

type Field = (typeof FIELDS)[number];

/** Thrown (as a string rule) by the parsers; the validators turn it into the rule text. */
class RuleError extends Error {}

function parseValue(v: string, f: Field): number {
  const names = "names" in f ? f.names : undefined;
  const named = names?.indexOf(v.toLowerCase() as never) ?? -1;
  if (named >= 0) return named + ("base" in f ? f.base : 0);
  if (!/^\d+$/.test(v)) throw new RuleError(`${f.name} field: "${v}" is not a number${names ? " or a name" : ""}`);
  const n = Number(v);
  if (n < f.min || n > f.max) throw new RuleError(`${f.name} field: ${n} is outside ${f.min}-${f.max}`);
  return n;
}

function parseField(text: string, f: Field): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new RuleError(`${f.name} field: "${part}" is not a value, range, list or step`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw new RuleError(`${f.name} field: the step in "${part}" must be at least 1`);
    let lo: number;
    let hi: number;
    if (m[1] === "*") {
      [lo, hi] = [f.min, f.max];
    } else if (m[1]!.includes("-")) {
      const [a, b] = m[1]!.split("-");
      [lo, hi] = [parseValue(a!, f), parseValue(b!, f)];
      if (lo > hi) throw new RuleError(`${f.name} field: the range "${m[1]}" runs backwards`);
    } else {
      lo = parseValue(m[1]!, f);
      hi = m[2] === undefined ? lo : f.max;
    }
    for (let n = lo; n <= hi; n += step) out.add(n);
  }
  return out;
}

function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new RuleError(`"${expr}" has ${parts.length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week)`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  if (dow!.delete(7)) dow!.add(0);
  return { minute: minute!, hour: hour!, dom: dom!, month: month!, dow: dow!, domAny: parts[2] === "*", dowAny: parts[4] === "*" };
}

/** A schedule: one cron expression, or a comma-separated list of aliases. */
export class Schedule {
  private constructor(private readonly crons: Cron[]) {}

  /** Parses a snapshots.schedule value; throws with the broken rule. */
  static parse(text: string): Schedule {
    const v = text.trim();
    if (v.startsWith("@")) {
      return new Schedule(v.split(",").map((a) => {
        const expr = ALIASES[a.trim()];
        if (!expr) throw new RuleError(`"${a.trim()}" is not a schedule alias (${Object.keys(ALIASES).join(", ")})`);
        return parseCron(expr);
      }));
    }
    return new Schedule([parseCron(v)]);
  }

  /** Whether the minute starting at `ms` (UTC) is scheduled. */
  matches(ms: number): boolean {
    const d = new Date(ms);
    return this.crons.some((c) => {
      if (!c.minute.has(d.getUTCMinutes()) || !c.hour.has(d.getUTCHours()) || !c.month.has(d.getUTCMonth() + 1)) return false;
      const dom = c.dom.has(d.getUTCDate());
      const dow = c.dow.has(d.getUTCDay());
      if (c.domAny || c.dowAny) return dom && dow;
      return dom || dow;
    });
  }

  /** Whether a scheduled minute starts in (after, upTo]; looks at most a year back. */
  dueBetween(after: number, upTo: number): boolean {
    const first = Math.max(Math.floor(after / MINUTE_MS) + 1, Math.floor(upTo / MINUTE_MS) - MAX_LOOKBACK_MINUTES);
    for (let m = first; m * MINUTE_MS <= upTo; m++) if (this.matches(m * MINUTE_MS)) return true;
    return false;
  }
}

export const MINUTE_MS = 60_000;
/** A check after a long pause (a suspended host, a clock jump) looks back at most a year. */
const MAX_LOOKBACK_MINUTES = 366 * 24 * 60;

const EXPIRY_UNITS = "M (minutes), H (hours), d (days), w (weeks), m (months), y (years)";

/** Parses a snapshots.expiry value into a function giving the expiry time of a snapshot taken at `ms`. */
export function parseExpiry(text: string): (ms: number) => number {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) throw new RuleError(`must be a duration such as 1d, 2w or "1w 3d": numbers with units ${EXPIRY_UNITS}`);
  const steps = parts.map((p) => {
    const m = /^(\d+)([MHdwmy])$/.exec(p);
    if (!m) throw new RuleError(`"${p}" is not a number with one of the units ${EXPIRY_UNITS}`);
    return { n: Number(m[1]), unit: m[2]! };
  });
  return (ms) => {
    const d = new Date(ms);
    for (const { n, unit } of steps) {
      switch (unit) {
        case "M": d.setUTCMinutes(d.getUTCMinutes() + n); break;
        case "H": d.setUTCHours(d.getUTCHours() + n); break;
        case "d": d.setUTCDate(d.getUTCDate() + n); break;
        case "w": d.setUTCDate(d.getUTCDate() + 7 * n); break;
        case "m": d.setUTCMonth(d.getUTCMonth() + n); break;
        case "y": d.setUTCFullYear(d.getUTCFullYear() + n); break;
      }
    }
    return d.getTime();
  };
}

/** The default snapshots.pattern, as LXD's. */
export const DEFAULT_SNAPSHOT_PATTERN = "snap%d";

/** The next snapshot name from a pattern: %d is one more than the highest number already used (from 0). */
export function nextSnapshotName(pattern: string, taken: string[]): string {
  const [before, after] = pattern.split("%d") as [string, string];
  let next = 0;
  for (const name of taken) {
    if (!name.startsWith(before) || !name.endsWith(after) || name.length <= before.length + after.length) continue;
    const digits = name.slice(before.length, name.length - after.length);
    if (/^\d+$/.test(digits)) next = Math.max(next, Number(digits) + 1);
  }
  return `${before}${next}${after}`;
}

const asValidator = (parse: (v: string) => unknown): Validator => (v) => {
  try {
    parse(v);
    return undefined;
  } catch (e) {
    if (e instanceof RuleError) return e.message;
    throw e;
  }
};

export const isSchedule: Validator = (v) => {
  if (v.trim() === "") return undefined; // no schedule
  const broken = asValidator(Schedule.parse)(v);
  return broken && `${broken} (a cron expression "minute hour day-of-month month day-of-week", or aliases ${Object.keys(ALIASES).join(", ")})`;
};

export const isExpiry: Validator = (v) => (v.trim() === "" ? undefined : asValidator(parseExpiry)(v));

/** A pattern: an instance-name-like text with exactly one %d (the number that keeps names unique). */
export const isSnapshotPattern: Validator = (v) => {
  if (v.split("%d").length !== 2) return "must contain %d exactly once (replaced by the next free number), e.g. snap%d or auto-%d";
  return /^[a-zA-Z][a-zA-Z0-9-]*$/.test(v.replace("%d", "0")) ? undefined : "with %d replaced must be a snapshot name: letters, digits and '-', starting with a letter";
};
