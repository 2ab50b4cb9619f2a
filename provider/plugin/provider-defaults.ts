// What an RPC does when the provider leaves its ProviderServer method out. Core treats an
// UNIMPLEMENTED status as a fatal "Unsupported plugin method", so every RPC answers something.
import { CtyType } from "./cty";
import { decodeCtyJson } from "./cty-json";
import { encodeCtyMsgpack } from "./cty-msgpack";
import { errorDiagnostic } from "./diagnostics";
import type {
  CallContext, GetProviderSchemaResponse, ProviderServer, UpgradeResourceStateRequest, UpgradeResourceStateResponse,
} from "./protocol";
import { blockType } from "./schema-type";

/** Caches the resource state types from GetProviderSchema (asked once per process). */
export class SchemaTypes {
  private schema?: Promise<GetProviderSchemaResponse>;
  constructor(private readonly impl: ProviderServer) {}

  /** The object type of a managed resource's state, or undefined for an unknown type name. */
  async resourceType(typeName: string, ctx: CallContext): Promise<CtyType | undefined> {
    this.schema ??= Promise.resolve(this.impl.getProviderSchema({}, ctx));
    const s = (await this.schema).resource_schemas?.[typeName];
    return s ? blockType(s.block ?? {}) : undefined;
  }
}

/** Default UpgradeResourceState: re-encode stored JSON state with the current schema, unchanged. */
export async function defaultUpgradeResourceState(types: SchemaTypes, req: UpgradeResourceStateRequest,
  ctx: CallContext): Promise<UpgradeResourceStateResponse> {
  const type = await types.resourceType(req.type_name, ctx);
  if (!type) return { diagnostics: [errorDiagnostic("Unknown resource type", `This provider has no resource type "${req.type_name}".`)] };
  const json = req.raw_state?.json;
  if (!json || json.length === 0) {
    if (req.raw_state && Object.keys(req.raw_state.flatmap ?? {}).length > 0) {
      return { diagnostics: [errorDiagnostic("Unsupported state format", "State in the legacy flatmap format cannot be upgraded by this provider.")] };
    }
    return { upgraded_state: { msgpack: encodeCtyMsgpack(null, type) } };
  }
  return { upgraded_state: { msgpack: encodeCtyMsgpack(decodeCtyJson(json, type), type) } };
}

/** The diagnostic for an RPC a provider needs but did not implement. */
export function notSupported(rpc: string, typeName?: string): { diagnostics: ReturnType<typeof errorDiagnostic>[] } {
  return {
    diagnostics: [errorDiagnostic("Operation not supported",
      `This provider does not implement ${rpc}${typeName ? ` (for "${typeName}")` : ""}.`)],
  };
}
