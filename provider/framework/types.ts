// The provider framework's domain: values decoded from cty, schemas, diagnostics and the small
// Resource / DataSource interfaces resources implement. Nothing here knows the wire format.
import type { CorralClient } from "../../agent/client";

/** A value not known until apply. */
export const Unknown: unique symbol = Symbol("unknown");
export type Unknown = typeof Unknown;

/** cty values as plain JS: objects/maps are records, lists/sets arrays; numbers stay exact strings when needed. */
export type Value = null | Unknown | string | number | boolean | Value[] | { [k: string]: Value };
export type Obj = { [k: string]: Value };

export const isUnknown = (v: unknown): v is Unknown => v === Unknown;
/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: Value): boolean {
  if (v === Unknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** One step of an attribute path: attribute name, list index, or map key. */
export type PathStep = { attr: string } | { index: number } | { key: string };
export type Path = PathStep[];

export interface Diag {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  path?: Path;
}

/** Thrown inside resources to report diagnostics (with attribute paths) instead of a bare error. */
export class DiagError extends Error {
  constructor(readonly diags: Diag[]) {
    super(diags.map((d) => d.summary + (d.detail ? `: ${d.detail}` : "")).join("; "));
  }
}

export const attrPath = (...steps: (string | number)[]): Path => steps.map((s) => (typeof s === "number" ? { index: s } : { attr: s }));

// ---- schema -------------------------------------------------------------------------------------

/** cty type in its JSON form. */
export type CtyType = "string" | "number" | "bool" | "dynamic" | ["list" | "set" | "map", CtyType] | ["object", Record<string, CtyType>];

export interface AttributeSpec {
  type: CtyType;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** A change forces the resource to be replaced. */
  requiresReplace?: boolean;
  /** Computed value stays as in prior state when the config leaves it null. */
  useStateForUnknown?: boolean;
  /** Optional+computed: value planned when the config leaves it null. */
  default?: Value;
  /** Returns diagnostics (path is relative: the framework prefixes the attribute path). */
  validate?: (v: Value) => string | undefined;
}

export interface BlockSpec {
  nesting: "list" | "set" | "single";
  description: string;
  attributes: Record<string, AttributeSpec>;
  blocks?: Record<string, BlockSpec>;
  minItems?: number;
  maxItems?: number;
  requiresReplace?: boolean;
}

export interface Schema {
  version: number;
  description: string;
  attributes: Record<string, AttributeSpec>;
  blocks?: Record<string, BlockSpec>;
}

// ---- resources ------------------------------------------------------------------------------------

export interface Context {
  client: CorralClient;
  /** Fires on StopProvider (Ctrl-C) and on the resource's timeout. */
  signal: AbortSignal;
  log(message: string, fields?: Record<string, unknown>): void;
}

export interface PlanInput {
  config: Obj;
  prior: Obj | null;
  planned: Obj;
}

export interface Resource {
  typeName: string;
  schema: Schema;
  /** Cross-attribute checks at validate time (config values may be unknown). */
  validate?(config: Obj): Diag[];
  /** Adjusts the plan (e.g. computed values that will change); returns extra requires-replace paths. */
  modifyPlan?(ctx: Context, p: PlanInput): Promise<{ planned: Obj; requiresReplace?: Path[]; diags?: Diag[] }>;
  create(ctx: Context, planned: Obj, config: Obj): Promise<Obj>;
  /** Returns null when the object no longer exists (removed from state). */
  read(ctx: Context, state: Obj): Promise<Obj | null>;
  update(ctx: Context, planned: Obj, prior: Obj, config: Obj): Promise<Obj>;
  delete(ctx: Context, state: Obj): Promise<void>;
  /** Turns an import ID into a state that read() can complete. */
  importState(ctx: Context, id: string): Promise<Obj>;
}

export interface DataSource {
  typeName: string;
  schema: Schema;
  read(ctx: Context, config: Obj): Promise<Obj>;
}
