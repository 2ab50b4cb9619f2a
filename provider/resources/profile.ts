// corral_profile: reusable config and devices merged into instances in order; changes apply to
// the instances using it (live where the host can).
import { attrPath, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { parseObjectName } from "../../agent/config/rules";
import { check, checkConfigMap, known, portableInstanceRules } from "./rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { Profile__Output } from "../../proto/gen/types/corral/v1/Profile";
import { DEVICE_BLOCKS, deviceFieldPath, devicesFromAgent, devicesToAgent } from "./devices";
import { configKeyOf, str, strMap } from "./values";

function toState(p: Profile__Output, prior: Obj): Obj {
  return {
    id: p.name,
    name: p.name,
    description: p.description,
    config: Object.keys(p.config).length || (prior.config !== null && prior.config !== undefined) ? { ...p.config } : null,
    ...devicesFromAgent(p.devices, p.devices, prior),
  };
}

async function read(ctx: Context, name: string, prior: Obj): Promise<Obj | null> {
  const found = await unlessNotFound(ctx.client.profiles.GetProfile({ name }), `read profile "${name}"`);
  return found ? toState(found, prior) : null;
}

const mapper = (p: Obj) => (field: string) => {
  const key = configKeyOf(field);
  return key ? attrPath("config", key) : (deviceFieldPath(field, p) ?? (field === "name" ? attrPath("name") : undefined));
};

const wire = (p: Obj, cfg: Obj) => ({ name: str(p.name)!, description: str(p.description) ?? "", config: strMap(p.config) ?? {}, devices: devicesToAgent(p, cfg) });

export const profileResource: Resource = {
  typeName: "corral_profile",
  schema: {
    version: 0,
    description: "A profile: config and devices that instances listing it inherit, in order.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "Profile name." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      config: { type: ["map", "string"], optional: true, description: "Instance config keys (limits.cpu, limits.memory, ...)." },
    },
    blocks: DEVICE_BLOCKS,
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseObjectName(config.name as string)));
    diags.push(...checkConfigMap(config.config, portableInstanceRules()));
    return diags;
  },
  async create(ctx, p, cfg) {
    try {
      await ctx.client.profiles.CreateProfile(wire(p, cfg));
    } catch (e) {
      throw agentError(e, `create profile "${str(p.name)}"`, mapper(p));
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  read: (ctx, s) => read(ctx, str(s.name)!, s),
  async update(ctx, p, _prior, cfg) {
    try {
      await ctx.client.profiles.UpdateProfile(wire(p, cfg));
    } catch (e) {
      throw agentError(e, `update profile "${str(p.name)}"`, mapper(p));
    }
    return (await read(ctx, str(p.name)!, p))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.profiles.DeleteProfile({ name: str(s.name)! }), `delete profile "${str(s.name)}"`);
  },
  async importState(_ctx, id) {
    return { name: id };
  },
};
