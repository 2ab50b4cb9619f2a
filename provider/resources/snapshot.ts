// corral_snapshot: a snapshot of an instance's root disk, taken once when created (restoring is
// a CLI/API action, not a state to converge to).
import { attrPath, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { parseInstanceName } from "../../agent/config/rules";
import { check, known } from "./rules";
import { agentError, unlessNotFound } from "../client/agent";
import type { Snapshot__Output } from "../../proto/gen/types/corral/v1/Snapshot";
import { bool, DiagErrorAt, str } from "./values";

function toState(s: Snapshot__Output): Obj {
  return { id: `${s.instance}/${s.name}`, instance: s.instance, name: s.name, stateful: s.stateful, created_at: s.created_at };
}

async function read(ctx: Context, instance: string, name: string): Promise<Obj | null> {
  const res = await unlessNotFound(ctx.client.instances.ListSnapshots({ instance }), `read snapshots of instance "${instance}"`);
  const found = res?.snapshots.find((s) => s.name === name);
  return found ? toState(found) : null;
}

export const snapshotResource: Resource = {
  typeName: "corral_snapshot",
  schema: {
    version: 0,
    description: "A snapshot of an instance's root disk (native on btrfs and zfs, a copy on dir), taken when the resource is created.",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "INSTANCE/NAME." },
      instance: { type: "string", required: true, requiresReplace: true, description: "Instance to snapshot." },
      name: { type: "string", required: true, requiresReplace: true, description: "Snapshot name (same rules as instance names)." },
      stateful: { type: "bool", optional: true, computed: true, default: false, requiresReplace: true, description: "Save the running state too (not supported: must be false)." },
      created_at: { type: "string", computed: true, useStateForUnknown: true, description: "When the snapshot was taken (RFC 3339)." },
    },
  },
  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseInstanceName(config.name as string)));
    return diags;
  },
  async create(ctx, p) {
    const instance = str(p.instance)!;
    const name = str(p.name)!;
    try {
      await ctx.client.instances.CreateSnapshot({ instance, name, stateful: bool(p.stateful) ?? false });
    } catch (e) {
      throw agentError(e, `snapshot instance "${instance}"`, (f) => (f === "name" ? attrPath("name") : undefined));
    }
    const s = await read(ctx, instance, name);
    if (!s) throw DiagErrorAt([], "Snapshot vanished", `snapshot "${name}" of instance "${instance}" was not found right after it was taken`);
    return s;
  },
  read: (ctx, s) => read(ctx, str(s.instance)!, str(s.name)!),
  async update(ctx, p) {
    return (await read(ctx, str(p.instance)!, str(p.name)!))!;
  },
  async delete(ctx, s) {
    await unlessNotFound(ctx.client.instances.DeleteSnapshot({ instance: str(s.instance)!, name: str(s.name)! }), `delete snapshot "${str(s.instance)}/${str(s.name)}"`);
  },
  /** ID: INSTANCE/NAME. */
  async importState(_ctx, id) {
    const m = /^([^/]+)\/([^/]+)$/.exec(id);
    if (!m) throw DiagErrorAt([], "Invalid import ID", `expected INSTANCE/NAME, got "${id}"`);
    return { instance: m[1]!, name: m[2]! };
  },
};
