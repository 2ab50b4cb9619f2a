// Schema-driven plan, validation and result checks, so a broken resource fails in our tests
// rather than in a user's apply ("Provider produced invalid plan / inconsistent result").
import { containsUnknown, Unknown, type AttributeSpec, type BlockSpec, type Context, type CtyType, type Diag, type Obj, type Path, type Resource, type Schema, type Value } from "./types";
import { byCodeUnit } from "../../agent/util/compare";

/** The object type of a schema (attributes plus nested blocks). */
export function schemaType(s: { attributes: Record<string, AttributeSpec>; blocks?: Record<string, BlockSpec> }): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [k, a] of Object.entries(s.attributes)) attrs[k] = a.type;
  for (const [k, b] of Object.entries(s.blocks ?? {})) {
    const inner = schemaType(b);
    attrs[k] = b.nesting === "single" ? inner : [b.nesting, inner];
  }
  return ["object", attrs];
}

/** Deep equality of values (sets compared order-insensitively by the caller sorting). */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === Unknown || b === Unknown) return false;
  if (typeof a === "number" || typeof b === "number") return String(a) === String(b) && typeof a !== "boolean" && typeof b !== "boolean";
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i]!));
  }
  if (typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => k in b && equal(a[k]!, b[k]!));
  }
  return false;
}

/** Gives obj every attribute and block of the schema (absent -> null, absent blocks -> [] or null). */
export function complete(s: { attributes: Record<string, AttributeSpec>; blocks?: Record<string, BlockSpec> }, obj: Obj | null): Obj | null {
  if (obj === null) return null;
  const out: Obj = {};
  for (const k of Object.keys(s.attributes)) out[k] = obj[k] === undefined ? null : obj[k]!;
  for (const [k, b] of Object.entries(s.blocks ?? {})) {
    const v = obj[k];
    if (b.nesting === "single") out[k] = v !== null && v !== undefined && v !== Unknown && typeof v === "object" && !Array.isArray(v) ? complete(b, v) : null;
    else out[k] = Array.isArray(v) ? v.map((x) => complete(b, x as Obj)) : v === Unknown ? Unknown : [];
  }
  return out;
}

// ---- validation ---------------------------------------------------------------------------------

/** Static checks of a configuration: required attributes, validators, block counts. */
export function validate(s: Schema | BlockSpec, config: Obj, base: Path = []): Diag[] {
  const diags: Diag[] = [];
  for (const [k, a] of Object.entries(s.attributes)) {
    const v = config[k] ?? null;
    const path: Path = [...base, { attr: k }];
    if (a.required && v === null) diags.push({ severity: "error", summary: `Missing required argument "${k}"`, path });
    if (a.computed && !a.optional && v !== null && v !== Unknown) diags.push({ severity: "error", summary: `"${k}" is computed and cannot be set`, path });
    if (v !== null && !containsUnknown(v) && a.validate) {
      const broken = a.validate(v);
      if (broken) diags.push({ severity: "error", summary: `Invalid ${k}`, detail: broken, path });
    }
  }
  for (const [k, b] of Object.entries(s.blocks ?? {})) {
    const v = config[k];
    if (v === Unknown || v === undefined) continue;
    const items = b.nesting === "single" ? (v === null ? [] : [v]) : (v as Value[]);
    const path: Path = [...base, { attr: k }];
    if (b.minItems && items.length < b.minItems) diags.push({ severity: "error", summary: `At least ${b.minItems} "${k}" block(s) required`, path });
    if (b.maxItems && items.length > b.maxItems) diags.push({ severity: "error", summary: `At most ${b.maxItems} "${k}" block(s) allowed`, path });
    items.forEach((item, i) => {
      if (item && item !== Unknown) diags.push(...validate(b, item as Obj, b.nesting === "single" ? path : [...path, { index: i }]));
    });
  }
  return diags;
}

// ---- planning -----------------------------------------------------------------------------------

function planObject(s: Schema | BlockSpec, config: Obj, prior: Obj | null, proposed: Obj, changed: boolean): Obj {
  const out: Obj = { ...proposed };
  for (const [k, a] of Object.entries(s.attributes)) {
    if (!a.computed) continue;
    const cfg = config[k] ?? null;
    if (cfg !== null) continue; // configured values are planned as configured
    if (a.default !== undefined) out[k] = a.default; // an unset attribute with a default converges to it
    else if (prior === null) out[k] = Unknown;
    else if (a.useStateForUnknown || !changed) out[k] = prior[k] ?? null;
    else out[k] = Unknown;
  }
  for (const [k, b] of Object.entries(s.blocks ?? {})) {
    const pv = proposed[k];
    const cv = config[k];
    if (b.nesting === "single") {
      if (pv && pv !== Unknown) out[k] = planObject(b, (cv ?? {}) as Obj, prior ? ((prior[k] ?? null) as Obj | null) : null, pv as Obj, changed);
      continue;
    }
    if (!Array.isArray(pv)) continue;
    const priorItems = prior && Array.isArray(prior[k]) ? (prior[k] as Obj[]) : [];
    out[k] = pv.map((item, i) => {
      const cfgItem = Array.isArray(cv) ? ((cv[i] ?? {}) as Obj) : {};
      const priorItem = b.nesting === "list" ? (priorItems[i] ?? null) : (priorItems.find((p) => sameConfigured(b, p, cfgItem)) ?? null);
      return planObject(b, cfgItem, priorItem, item as Obj, changed);
    });
  }
  return out;
}

/** Whether a prior set element matches a configured one on all configured (non-computed-only) attributes. */
function sameConfigured(b: BlockSpec, prior: Obj, cfg: Obj): boolean {
  return Object.entries(b.attributes).every(([k, a]) => (a.computed && (cfg[k] ?? null) === null) || equal(prior[k] ?? null, cfg[k] ?? null));
}

/** Configured attributes that differ between prior and proposed (what the user changed). */
function configuredDiff(s: Schema | BlockSpec, prior: Obj, proposed: Obj, base: Path = []): Path[] {
  const out: Path[] = [];
  for (const [k, a] of Object.entries(s.attributes)) {
    if (a.computed && !a.optional) continue;
    if (!equal(prior[k] ?? null, proposed[k] ?? null)) out.push([...base, { attr: k }]);
  }
  for (const [k, b] of Object.entries(s.blocks ?? {})) {
    const p = prior[k] ?? null;
    const n = proposed[k] ?? null;
    if (b.nesting === "single") {
      if (p && n && p !== Unknown && n !== Unknown) out.push(...configuredDiff(b, p as Obj, n as Obj, [...base, { attr: k }]));
      else if (!equal(p, n)) out.push([...base, { attr: k }]);
      continue;
    }
    const pa = Array.isArray(p) ? (p as Obj[]) : [];
    const na = Array.isArray(n) ? (n as Obj[]) : [];
    if (pa.length !== na.length || n === Unknown) {
      out.push([...base, { attr: k }]);
      continue;
    }
    na.forEach((item, i) => {
      const d = configuredDiff(b, pa[i]!, item, [...base, { attr: k }, { index: i }]);
      if (d.length) out.push(d.length && b.nesting === "set" ? [...base, { attr: k }] : d[0]!, ...d.slice(1));
    });
  }
  return out;
}

/** Requires-replace paths among the changed ones. */
function replacePaths(s: Schema | BlockSpec, changed: Path[]): Path[] {
  const out: Path[] = [];
  for (const p of changed) {
    let spec: Schema | BlockSpec = s;
    for (const step of p) {
      if (!("attr" in step)) continue;
      const a = spec.attributes[step.attr];
      if (a?.requiresReplace) {
        out.push(p);
        break;
      }
      const b = spec.blocks?.[step.attr];
      if (!b) break;
      if (b.requiresReplace) {
        out.push(p);
        break;
      }
      spec = b;
    }
  }
  return out;
}

/** PlanResourceChange for one resource: computed values, requires-replace, then the resource's hook. */
export async function planResource(r: Resource, ctx: Context, input: { config: Obj | null; prior: Obj | null; proposed: Obj | null }): Promise<{ planned: Obj | null; requiresReplace: Path[]; diags: Diag[] }> {
  if (input.proposed === null || input.config === null) return { planned: null, requiresReplace: [], diags: [] };
  const prior = input.prior;
  const changedPaths = prior ? configuredDiff(r.schema, prior, input.proposed) : [];
  let planned = planObject(r.schema, input.config, prior, input.proposed, prior === null || changedPaths.length > 0);
  let requiresReplace = prior ? replacePaths(r.schema, changedPaths) : [];
  const diags: Diag[] = [];
  if (r.modifyPlan) {
    const res = await r.modifyPlan(ctx, { config: input.config, prior, planned });
    planned = res.planned;
    if (res.requiresReplace) requiresReplace = [...requiresReplace, ...res.requiresReplace];
    if (res.diags) diags.push(...res.diags);
  }
  const seen = new Set<string>();
  requiresReplace = requiresReplace
    .filter((p) => !seen.has(JSON.stringify(p)) && seen.add(JSON.stringify(p)))
    .sort((a, b) => byCodeUnit(JSON.stringify(a), JSON.stringify(b)));
  diags.push(...checkPlan(r.schema, input.config, planned));
  return { planned: complete(r.schema, planned), requiresReplace, diags };
}

/** The rules tofu enforces on a plan: configured values kept, nothing non-computed invented. */
export function checkPlan(s: Schema | BlockSpec, config: Obj, planned: Obj, base: Path = []): Diag[] {
  const diags: Diag[] = [];
  for (const [k, a] of Object.entries(s.attributes)) {
    const c = config[k] ?? null;
    const p = planned[k] ?? null;
    const path: Path = [...base, { attr: k }];
    if (!a.computed && !equal(c, p) && !(c === Unknown && p === Unknown)) {
      diags.push({ severity: "error", summary: "Provider bug: planned value differs from configuration", detail: `${k} is not computed`, path });
    }
    if (c !== null && c !== Unknown && !containsUnknown(c) && !equal(c, p)) {
      diags.push({ severity: "error", summary: "Provider bug: configured value changed in plan", path });
    }
  }
  return diags;
}

/** After apply: every planned known value must be in the result and nothing may stay unknown. */
export function checkApplied(s: Schema | BlockSpec, planned: Obj, result: Obj, base: Path = []): Diag[] {
  const diags: Diag[] = [];
  for (const k of Object.keys(s.attributes)) {
    const p = planned[k] ?? null;
    const r = result[k] ?? null;
    const path: Path = [...base, { attr: k }];
    if (containsUnknown(r)) diags.push({ severity: "error", summary: "Provider bug: value still unknown after apply", path });
    else if (p !== Unknown && !containsUnknown(p) && !equal(p, r)) {
      diags.push({ severity: "error", summary: "Provider bug: applied value differs from plan", detail: `planned ${JSON.stringify(p)}, got ${JSON.stringify(r)}`, path });
    }
  }
  return diags;
}
