// The protocol layer: one function per tfplugin6 RPC, converting wire values (cty msgpack/JSON)
// to framework values and back, and running the framework's plan rules around each resource.
import {
  blockType, ctyNumber, ctyNumberToString, ctyTypeBytes, decodeCtyJson, decodeDynamicValue, encodeDynamicValue, isCtyNumber,
  isUnknown, parseCtyType, UNKNOWN, type CallContext, type CtyType, type CtyValue, type Diagnostic, type DynamicValue,
  type ProviderServer, type Schema as WireSchema, type SchemaBlock,
} from "../plugin";
import type { CorralClient } from "../../agent/client";
import { checkApplied, complete, planResource, validate } from "./plan";
import { configure, dataSources, providerSchema, resources } from "./provider";
import { DiagError, Unknown, type AttributeSpec, type BlockSpec, type Context, type DataSource, type Diag, type Obj, type Resource, type Schema, type Value } from "./types";
import { byCodeUnit } from "../../agent/util/compare";

type SchemaLike = { attributes: Record<string, AttributeSpec>; blocks?: Record<string, BlockSpec>; description?: string };

/** Framework schema -> wire schema block. */
function toWireBlock(s: SchemaLike): SchemaBlock {
  return {
    description: s.description ?? "",
    description_kind: "PLAIN",
    attributes: Object.entries(s.attributes).sort(([a], [b]) => byCodeUnit(a, b)).map(([name, a]) => ({
      name,
      type: ctyTypeBytes(parseCtyType(a.type)),
      description: a.description,
      description_kind: "PLAIN",
      required: !!a.required,
      optional: !!a.optional,
      computed: !!a.computed,
      sensitive: !!a.sensitive,
    })),
    block_types: Object.entries(s.blocks ?? {}).sort(([a], [b]) => byCodeUnit(a, b)).map(([type_name, b]) => ({
      type_name,
      nesting: b.nesting === "single" ? "SINGLE" : b.nesting === "set" ? "SET" : "LIST",
      min_items: b.minItems ?? 0,
      max_items: b.maxItems ?? 0,
      block: toWireBlock(b),
    })),
  };
}

const toWireSchema = (s: Schema): WireSchema => ({ version: s.version, block: { ...toWireBlock(s), version: s.version } });

// ---- values ---------------------------------------------------------------------------------------

/** cty value -> framework value (numbers exact: JS number when exact, else decimal string). */
function fromCty(v: CtyValue): Value {
  if (v === null) return null;
  if (isUnknown(v)) return Unknown;
  if (isCtyNumber(v)) return typeof v === "number" ? v : ctyNumberToString(v);
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(fromCty);
  const out: Obj = {};
  for (const [k, x] of Object.entries(v as Record<string, CtyValue>)) out[k] = fromCty(x);
  return out;
}

/** framework value -> cty value of type ty. */
function toCty(v: Value | undefined, ty: CtyType): CtyValue {
  if (v === null || v === undefined) return null;
  if (v === Unknown) return UNKNOWN;
  switch (ty.kind) {
    case "number":
      return ctyNumber(typeof v === "number" ? v : String(v));
    case "string":
      return typeof v === "string" ? v : String(v);
    case "bool":
      return v === true || v === "true";
    case "list":
    case "set":
      return (v as Value[]).map((x) => toCty(x, ty.element));
    case "map": {
      const out: Record<string, CtyValue> = {};
      for (const [k, x] of Object.entries(v as Obj)) out[k] = toCty(x, ty.element);
      return out;
    }
    case "object": {
      const out: Record<string, CtyValue> = {};
      for (const [k, at] of Object.entries(ty.attributes)) out[k] = toCty((v as Obj)[k], at);
      return out;
    }
    case "tuple":
      return (v as Value[]).map((x, i) => toCty(x, ty.elements[i]!));
    case "dynamic":
      return v as CtyValue;
  }
}

const decode = (dv: DynamicValue | null | undefined, ty: CtyType): Obj | null => fromCty(decodeDynamicValue(dv, ty)) as Obj | null;
const encode = (v: Obj | null, ty: CtyType): DynamicValue => encodeDynamicValue(toCty(v, ty), ty);

// ---- diagnostics ------------------------------------------------------------------------------------

function toWireDiag(d: Diag): Diagnostic {
  return {
    severity: d.severity === "error" ? "ERROR" : "WARNING",
    summary: d.summary,
    detail: d.detail ?? "",
    attribute: d.path?.length
      ? { steps: d.path.map((s) => ("attr" in s ? { attribute_name: s.attr } : "index" in s ? { element_key_int: s.index } : { element_key_string: s.key })) }
      : null,
  };
}

function diagsOf(e: unknown): Diag[] {
  if (e instanceof DiagError) return e.diags;
  return [{ severity: "error", summary: "Provider error", detail: e instanceof Error ? e.message : String(e) }];
}

const wireDiags = (d: Diag[]) => ({ diagnostics: d.map(toWireDiag) });

// ---- the provider server ----------------------------------------------------------------------------

export function corralProviderServer(): ProviderServer {
  const byType = new Map<string, { r: Resource; ty: CtyType }>();
  for (const r of resources) byType.set(r.typeName, { r, ty: blockType(toWireBlock(r.schema)) });
  const dsByType = new Map<string, { d: DataSource; ty: CtyType }>();
  for (const d of dataSources) dsByType.set(d.typeName, { d, ty: blockType(toWireBlock(d.schema)) });
  const providerTy = blockType(toWireBlock(providerSchema));
  let client: CorralClient | undefined;
  let configureError: Diag[] | undefined;
  /** After StopProvider (Ctrl-C) every call, even one that arrives later, is cancelled. */
  const stopped = new AbortController();

  const resource = (name: string) => {
    const r = byType.get(name);
    if (!r) throw new DiagError([{ severity: "error", summary: `Unknown resource type ${name}` }]);
    return r;
  };
  const context = (call: CallContext): Context => {
    if (!client) throw new DiagError(configureError ?? [{ severity: "error", summary: "The provider is not configured" }]);
    return { client, signal: AbortSignal.any([call.signal, stopped.signal]), log: (m, f) => call.log.info(m, f) };
  };
  /** Runs fn, turning thrown diagnostics into the response's diagnostics. */
  const guard = async <T extends object>(fn: () => Promise<T>): Promise<T | { diagnostics: Diagnostic[] }> => {
    try {
      return await fn();
    } catch (e) {
      return wireDiags(diagsOf(e));
    }
  };

  return {
    stopProvider: () => {
      stopped.abort();
    },

    getProviderSchema: () => ({
      provider: toWireSchema(providerSchema),
      resource_schemas: Object.fromEntries(resources.map((r) => [r.typeName, toWireSchema(r.schema)])),
      data_source_schemas: Object.fromEntries(dataSources.map((d) => [d.typeName, toWireSchema(d.schema)])),
      server_capabilities: { plan_destroy: false },
      diagnostics: [],
    }),

    validateProviderConfig: (req) => guard(async () => wireDiags(validate(providerSchema, decode(req.config, providerTy) ?? {}))),

    validateResourceConfig: (req) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const cfg = decode(req.config, ty) ?? {};
      return wireDiags([...validate(r.schema, cfg), ...(r.validate?.(cfg) ?? [])]);
    }),

    validateDataResourceConfig: (req) => guard(async () => {
      const d = dsByType.get(req.type_name)!;
      return wireDiags(validate(d.d.schema, decode(req.config, d.ty) ?? {}));
    }),

    configureProvider: (req) => guard(async () => {
      const cfg = decode(req.config, providerTy) ?? {};
      try {
        client = await configure(cfg);
        configureError = undefined;
      } catch (e) {
        configureError = diagsOf(e);
        return wireDiags(configureError);
      }
      return { diagnostics: [] };
    }),

    upgradeResourceState: (req) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const raw = req.raw_state?.json?.length ? (fromCty(decodeCtyJson(req.raw_state.json, ty)) as Obj) : null;
      return { upgraded_state: encode(complete(r.schema, raw), ty), diagnostics: [] };
    }),

    readResource: (req, call) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const state = decode(req.current_state, ty);
      if (!state) return { new_state: encode(null, ty), diagnostics: [] };
      const next = await r.read(context(call), state);
      return { new_state: encode(complete(r.schema, next), ty), private: req.private, diagnostics: [] };
    }),

    planResourceChange: (req, call) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const res = await planResource(r, client ? context(call) : ({ signal: call.signal, log: () => {} } as unknown as Context), {
        config: decode(req.config, ty),
        prior: decode(req.prior_state, ty),
        proposed: decode(req.proposed_new_state, ty),
      });
      return {
        planned_state: encode(res.planned, ty),
        requires_replace: res.requiresReplace.map((p) => toWireDiag({ severity: "error", summary: "", path: p }).attribute!),
        planned_private: req.prior_private,
        diagnostics: res.diags.map(toWireDiag),
      };
    }),

    applyResourceChange: (req, call) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const prior = decode(req.prior_state, ty);
      const planned = decode(req.planned_state, ty);
      const config = decode(req.config, ty) ?? {};
      const ctx = context(call);
      if (planned === null) {
        if (prior) await r.delete(ctx, prior);
        return { new_state: encode(null, ty), diagnostics: [] };
      }
      let result: Obj;
      try {
        result = complete(r.schema, prior === null ? await r.create(ctx, planned, config) : await r.update(ctx, planned, prior, config))!;
      } catch (e) {
        // Whatever exists now is recorded, so the next apply converges instead of duplicating.
        const current = prior === null ? await r.read(ctx, planned).catch(() => null) : prior;
        return { new_state: encode(complete(r.schema, current), ty), ...wireDiags(diagsOf(e)) };
      }
      return { new_state: encode(result, ty), private: req.planned_private, ...wireDiags(checkApplied(r.schema, planned, result)) };
    }),

    importResourceState: (req, call) => guard(async () => {
      const { r, ty } = resource(req.type_name);
      const ctx = context(call);
      const partial = await r.importState(ctx, req.id);
      const state = await r.read(ctx, partial);
      if (!state) throw new DiagError([{ severity: "error", summary: "Cannot import non-existent remote object", detail: `${req.type_name} "${req.id}" was not found` }]);
      return { imported_resources: [{ type_name: req.type_name, state: encode(complete(r.schema, state), ty) }], diagnostics: [] };
    }),

    readDataSource: (req, call) => guard(async () => {
      const d = dsByType.get(req.type_name);
      if (!d) throw new DiagError([{ severity: "error", summary: `Unknown data source ${req.type_name}` }]);
      const cfg = decode(req.config, d.ty) ?? {};
      const state = await d.d.read(context(call), cfg);
      return { state: encode(complete(d.d.schema, { ...state, ...Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== null)) }), d.ty), diagnostics: [] };
    }),
  };
}
