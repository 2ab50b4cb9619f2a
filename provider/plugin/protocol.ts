// tfplugin6.4 messages as the wire layer hands them to a provider implementation, and the
// ProviderServer interface a provider implements. Field names are the proto names (snake_case);
// values are still wire-level: DynamicValue stays bytes (decode with dynamic-value.ts / the cty
// codecs), enums are their string names, int64 are JS numbers.
//
// Requests arrive with every field present (proto defaults: "" / 0 / empty Buffer; an unset
// message field such as `provider_meta` is null). Responses may omit any field.
import type { Logger } from "./hclog";

/** A value of the Terraform type system: cty msgpack (core always sends msgpack) or JSON bytes. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

export type Severity = "INVALID" | "ERROR" | "WARNING";

/** One step: an attribute name, a map key (element_key_string) or a list index (element_key_int). */
export interface AttributePathStep {
  attribute_name?: string;
  element_key_string?: string;
  element_key_int?: number;
}

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  /** Core maps this path to the configuration line of the attribute. */
  attribute?: AttributePath | null;
}

export type StringKind = "PLAIN" | "MARKDOWN";

export interface SchemaAttribute {
  name: string;
  /** JSON of the cty type as BYTES (ctyTypeBytes); a JS string would be base64-decoded. */
  type?: Uint8Array;
  nested_type?: SchemaObject | null;
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  description_kind?: StringKind;
  deprecated?: boolean;
}

export type BlockNesting = "INVALID" | "SINGLE" | "LIST" | "SET" | "MAP" | "GROUP";
export type ObjectNesting = "INVALID" | "SINGLE" | "LIST" | "SET" | "MAP";

export interface SchemaNestedBlock {
  type_name: string;
  block?: SchemaBlock | null;
  nesting: BlockNesting;
  min_items?: number;
  max_items?: number;
}

export interface SchemaObject {
  attributes?: SchemaAttribute[];
  nesting: ObjectNesting;
}

export interface SchemaBlock {
  version?: number;
  attributes?: SchemaAttribute[];
  block_types?: SchemaNestedBlock[];
  description?: string;
  description_kind?: StringKind;
  deprecated?: boolean;
}

export interface Schema {
  /** State schema version; UpgradeResourceState receives the stored one. */
  version?: number;
  block?: SchemaBlock | null;
}

export interface ServerCapabilities {
  /** Core calls PlanResourceChange for destroys (proposed_new_state null). */
  plan_destroy?: boolean;
  get_provider_schema_optional?: boolean;
}

export interface RawState {
  json: Uint8Array;
  flatmap: Record<string, string>;
}

type Diags = { diagnostics?: Diagnostic[] };

export type GetProviderSchemaRequest = Record<string, never>;
export interface GetProviderSchemaResponse extends Diags {
  provider?: Schema;
  resource_schemas?: Record<string, Schema>;
  data_source_schemas?: Record<string, Schema>;
  provider_meta?: Schema;
  server_capabilities?: ServerCapabilities;
}

export interface ValidateProviderConfigRequest { config: DynamicValue | null }
export type ValidateProviderConfigResponse = Diags;

export interface ValidateResourceConfigRequest { type_name: string; config: DynamicValue | null }
export type ValidateResourceConfigResponse = Diags;

export interface ValidateDataResourceConfigRequest { type_name: string; config: DynamicValue | null }
export type ValidateDataResourceConfigResponse = Diags;

export interface UpgradeResourceStateRequest { type_name: string; version: number; raw_state: RawState | null }
export interface UpgradeResourceStateResponse extends Diags { upgraded_state?: DynamicValue }

export interface ConfigureProviderRequest { terraform_version: string; config: DynamicValue | null }
export type ConfigureProviderResponse = Diags;

export interface ReadResourceRequest {
  type_name: string;
  current_state: DynamicValue | null;
  private: Uint8Array;
  provider_meta: DynamicValue | null;
}
export interface ReadResourceResponse extends Diags {
  /** Null (msgpack c0) means "gone": core removes it from state. */
  new_state?: DynamicValue;
  private?: Uint8Array;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue | null;
  proposed_new_state: DynamicValue | null;
  config: DynamicValue | null;
  prior_private: Uint8Array;
  provider_meta: DynamicValue | null;
}
export interface PlanResourceChangeResponse extends Diags {
  planned_state?: DynamicValue;
  requires_replace?: AttributePath[];
  planned_private?: Uint8Array;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue | null;
  planned_state: DynamicValue | null;
  config: DynamicValue | null;
  planned_private: Uint8Array;
  provider_meta: DynamicValue | null;
}
export interface ApplyResourceChangeResponse extends Diags {
  new_state?: DynamicValue;
  private?: Uint8Array;
}

export interface ImportResourceStateRequest { type_name: string; id: string }
export interface ImportedResource { type_name: string; state: DynamicValue; private?: Uint8Array }
export interface ImportResourceStateResponse extends Diags { imported_resources?: ImportedResource[] }

export interface ReadDataSourceRequest { type_name: string; config: DynamicValue | null; provider_meta: DynamicValue | null }
export interface ReadDataSourceResponse extends Diags { state?: DynamicValue }

/** What every handler receives besides its request. */
export interface CallContext {
  /** Fires when core sends StopProvider (Ctrl-C) or the process shuts down: abandon work promptly. */
  signal: AbortSignal;
  log: Logger;
}

type Awaitable<T> = T | Promise<T>;

/**
 * A tfplugin6.4 provider. One method per RPC; a thrown error becomes an error diagnostic (the RPC
 * itself still succeeds). Optional methods the provider leaves out behave as follows:
 * validate*, configureProvider: no diagnostics; upgradeResourceState: the stored JSON state is
 * re-encoded as msgpack with the current schema (version unchanged); readResource: state and
 * private echoed; planResourceChange: the proposed state is planned as is; applyResourceChange,
 * importResourceState, readDataSource: an error diagnostic ("not supported"); stopProvider: only
 * the AbortSignal fires.
 */
export interface ProviderServer {
  getProviderSchema(req: GetProviderSchemaRequest, ctx: CallContext): Awaitable<GetProviderSchemaResponse>;
  validateProviderConfig?(req: ValidateProviderConfigRequest, ctx: CallContext): Awaitable<ValidateProviderConfigResponse>;
  validateResourceConfig?(req: ValidateResourceConfigRequest, ctx: CallContext): Awaitable<ValidateResourceConfigResponse>;
  validateDataResourceConfig?(req: ValidateDataResourceConfigRequest, ctx: CallContext): Awaitable<ValidateDataResourceConfigResponse>;
  upgradeResourceState?(req: UpgradeResourceStateRequest, ctx: CallContext): Awaitable<UpgradeResourceStateResponse>;
  configureProvider?(req: ConfigureProviderRequest, ctx: CallContext): Awaitable<ConfigureProviderResponse>;
  readResource?(req: ReadResourceRequest, ctx: CallContext): Awaitable<ReadResourceResponse>;
  planResourceChange?(req: PlanResourceChangeRequest, ctx: CallContext): Awaitable<PlanResourceChangeResponse>;
  applyResourceChange?(req: ApplyResourceChangeRequest, ctx: CallContext): Awaitable<ApplyResourceChangeResponse>;
  importResourceState?(req: ImportResourceStateRequest, ctx: CallContext): Awaitable<ImportResourceStateResponse>;
  readDataSource?(req: ReadDataSourceRequest, ctx: CallContext): Awaitable<ReadDataSourceResponse>;
  /** Called after the in-flight AbortSignal has fired; a returned string is reported as the stop error. */
  stopProvider?(ctx: CallContext): Awaitable<string | void>;
}
