// corral_volume: a custom storage volume, attached to instances with disk blocks.
import { attrPath, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { isSize, parseObjectName } from "../../agent/config/rules";
import { check, checkConfigMap, known } from "./rules";
import { CUSTOM_VOLUME_RULES } from "../../agent/storage/volume-rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { Volume__Output } from "../../proto/gen/types/corral/v1/Volume";
import { configKeyOf, DiagErrorAt, managedMap, str, strMap } from "./values";
import { LEASE_KEYS, leaseAttributes, leaseConfig, leaseState, planLease, validateLease } from "./lease";

/** The agent's config of a volume: the config map, size and the lease from their own attributes. */
function agentConfig(p: Obj, prior: Obj | null): Record<string, string> {
  const cfg = { ...(strMap(p.config) ?? {}), ...leaseConfig(p, prior) };
  if (str(p.size)) cfg.size = str(p.size)!;
  return cfg;
}

function mapField(field: string) {
  const key = configKeyOf(field);
  if (key === "size") return attrPath("size");
  if (key && LEASE_KEYS.includes(key)) return attrPath("ttl");
  return key ? attrPath("config", key) : undefined;
}

function toState(v: Volume__Output, prior: Obj): Obj {
  return {
    id: `${v.pool}/${v.name}`,
    pool: v.pool,
    name: v.name,
    size: v.config.size ?? null,
    config: managedMap(v.config, prior.config),
    content_type: v.content_type,
    target: prior.target ?? null,
    location: v.location,
    ...leaseState(v.config),
  };
}

async function read(ctx: Context, pool: string, name: string, prior: Obj): Promise<Obj | null> {
  const found = await unlessNotFound(ctx.client.pools.GetVolume({ pool, name }), `read volume "${pool}/${name}"`);
  return found ? toState(found, prior) : null;
}

export const volumeResource: Resource = {
  typeName: "corral_volume",
  schema: {
    version: 0,
    description: "A custom volume in a storage pool.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "POOL/NAME." },
      pool: { type: "string", required: true, requiresReplace: true, description: "Storage pool." },
      name: { type: "string", required: true, requiresReplace: true, description: "Volume name." },
      size: { type: "string", optional: true, description: "Size limit of a filesystem volume (drivers with quotas), or the disk size of a block volume. Changed in place: a block volume only grows, a filesystem volume not below what it uses." },
      config: { type: ["map", "string"], optional: true, description: "Volume config keys other than size (security.shared, user.*), changed in place." },
      content_type: { type: "string", optional: true, computed: true, default: "filesystem", requiresReplace: true, description: "filesystem (block where the driver supports it)." },
      target: { type: "string", optional: true, requiresReplace: true, description: "Cluster member." },
      location: { type: "string", computed: true, useStateForUnknown: true, description: "Member the volume lives on." },
      ...leaseAttributes("volume (once no instance uses it)"),
    },
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseObjectName(config.name as string)));
    if (known(config.size) && isSize()(config.size)) diags.push({ severity: "error", summary: "Invalid size", detail: isSize()(config.size), path: attrPath("size") });
    const extra = strMap(config.config);
    if (extra?.size !== undefined) diags.push({ severity: "error", summary: "Invalid config key", detail: "set the volume's size with the size attribute", path: attrPath("config", "size") });
    diags.push(...checkConfigMap(config.config, CUSTOM_VOLUME_RULES));
    diags.push(...validateLease(config, config.config));
    return diags;
  },
  async modifyPlan(_ctx, { prior, planned }) {
    planLease(prior, planned);
    return { planned };
  },
  async create(ctx, p) {
    const pool = str(p.pool)!;
    const name = str(p.name)!;
    try {
      await ctx.client.pools.CreateVolume({ pool, name, content_type: str(p.content_type) ?? "filesystem", config: agentConfig(p, null), target: str(p.target) ?? "" });
    } catch (e) {
      throw agentError(e, `create volume "${pool}/${name}"`, (f) => mapField(f) ?? (["name", "content_type"].includes(f) ? attrPath(f) : f === "pool" ? attrPath("pool") : undefined));
    }
    return (await read(ctx, pool, name, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.pool)!, str(s.name)!, s),
  async update(ctx, p, prior) {
    const pool = str(p.pool)!;
    const name = str(p.name)!;
    try {
      await ctx.client.pools.UpdateVolume({ pool, name, config: agentConfig(p, prior) });
    } catch (e) {
      throw agentError(e, `update volume "${pool}/${name}"`, mapField);
    }
    return (await read(ctx, pool, name, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.pools.DeleteVolume({ pool: str(s.pool)!, name: str(s.name)! }), `delete volume "${str(s.pool)}/${str(s.name)}"`);
  },
  /** ID: POOL/NAME. */
  async importState(_ctx, id) {
    const m = /^([^/]+)\/([^/]+)$/.exec(id);
    if (!m) throw DiagErrorAt([], "Invalid import ID", `expected POOL/NAME, got "${id}"`);
    return { pool: m[1]!, name: m[2]! };
  },
};
