// corral_storage_pool: a storage pool (dir or btrfs now; zfs and lvm where the host can).
import { attrPath, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { parsePoolName, validateConfig } from "../../agent/config/rules";
import { getStorageDriver } from "../../agent/storage/drivers";
import { check, checkConfigMap, known, poolRules } from "./rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { StoragePool__Output } from "../../proto/gen/types/corral/v1/StoragePool";
import { configKeyOf, managedMap, str, strMap } from "./values";

function mapField(field: string) {
  const key = configKeyOf(field);
  if (key === "source" || key === "size") return attrPath(key);
  if (key) return attrPath("config", key);
  return field === "name" || field === "driver" ? attrPath(field) : undefined;
}

function toState(p: StoragePool__Output, prior: Obj | null): Obj {
  return {
    id: p.name,
    name: p.name,
    driver: p.driver,
    description: p.description,
    source: p.config.source ?? null,
    size: p.config.size ?? null,
    config: prior ? managedMap(p.config, prior.config) : null,
    status: p.status,
    used_bytes: p.used_bytes,
    total_bytes: p.total_bytes,
  };
}

async function read(ctx: Context, name: string, prior: Obj | null): Promise<Obj | null> {
  const found = await unlessNotFound(ctx.client.pools.GetStoragePool({ name }), `read storage pool "${name}"`);
  return found ? toState(found, prior) : null;
}

const agentConfig = (p: Obj): Record<string, string> => {
  const cfg = { ...(strMap(p.config) ?? {}) };
  if (str(p.source)) cfg.source = str(p.source)!;
  if (str(p.size)) cfg.size = str(p.size)!;
  return cfg;
};

export const storagePoolResource: Resource = {
  typeName: "corral_storage_pool",
  schema: {
    version: 0,
    description: "A storage pool. Images are unpacked once per pool; instances are copy-on-write clones where the driver can.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "Pool name." },
      driver: { type: "string", required: true, requiresReplace: true, description: "dir or btrfs (zfs and lvm where the host supports them)." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      source: { type: "string", optional: true, computed: true, useStateForUnknown: true, requiresReplace: true, description: "Existing directory or block device; unset for a loop file made by the agent." },
      size: { type: "string", optional: true, computed: true, useStateForUnknown: true, requiresReplace: true, description: "Size of the loop file (btrfs), e.g. 10GiB." },
      config: { type: ["map", "string"], optional: true, description: "Driver config keys (e.g. btrfs.mount_options)." },
      status: { type: "string", computed: true, description: "Pool status." },
      used_bytes: { type: "number", computed: true, description: "Bytes used." },
      total_bytes: { type: "number", computed: true, description: "Capacity in bytes." },
    },
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parsePoolName(config.name as string)));
    if (known(config.driver)) diags.push(...check(attrPath("driver"), () => getStorageDriver(config.driver as string)));
    const rules = known(config.driver) ? poolRules(config.driver) : undefined;
    if (rules) {
      if (known(config.size)) diags.push(...check(attrPath("size"), () => validateConfig(rules, { size: config.size as string }, "size")));
      diags.push(...checkConfigMap(config.config, rules));
    }
    return diags;
  },
  async create(ctx, p) {
    try {
      await ctx.client.pools.CreateStoragePool({ name: str(p.name)!, driver: str(p.driver)!, description: str(p.description) ?? "", config: agentConfig(p) });
    } catch (e) {
      throw agentError(e, `create storage pool "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.name)!, s),
  async update(ctx, p) {
    try {
      await ctx.client.pools.UpdateStoragePool({ name: str(p.name)!, description: str(p.description) ?? "", config: agentConfig(p) });
    } catch (e) {
      throw agentError(e, `update storage pool "${str(p.name)}"`, mapField);
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.pools.DeleteStoragePool({ name: str(s.name)! }), `delete storage pool "${str(s.name)}"`);
  },
  async importState(_ctx, id) {
    return { name: id };
  },
};
