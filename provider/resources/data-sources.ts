// Data sources: read-only lookups of images, instances and networks.
import { attrPath, DiagError, type Context, type DataSource, type Obj } from "../framework/types";
import { agentError, isNotFound } from "../client/agent";
import { imageResource } from "./image";
import { instanceResource } from "./instance";
import { networkResource } from "./network";
import { str } from "./values";

/** The resource schema with every attribute computed except the lookup keys. */
function lookupSchema(r: typeof imageResource, keys: string[], description: string): DataSource["schema"] {
  const attributes: DataSource["schema"]["attributes"] = {};
  for (const [k, a] of Object.entries(r.schema.attributes)) {
    attributes[k] = keys.includes(k)
      ? { type: a.type, description: a.description, optional: true }
      : { type: a.type, description: a.description, computed: true };
  }
  return { version: 0, description, attributes };
}

const notFound = (what: string, key: string) => new DiagError([{ severity: "error", summary: `${what} not found`, path: attrPath(key) }]);

async function lookup(ctx: Context, fn: () => Promise<Obj | null>, what: string, key: string): Promise<Obj> {
  try {
    const v = await fn();
    if (!v) throw notFound(what, key);
    return v;
  } catch (e) {
    if (e instanceof DiagError) throw e;
    if (isNotFound(e)) throw notFound(what, key);
    throw agentError(e, `read ${what}`);
  }
}

export const imageDataSource: DataSource = {
  typeName: "corral_image",
  schema: lookupSchema(imageResource, ["fingerprint", "aliases"], "Looks up an image by fingerprint (or unique prefix) or by one alias."),
  async read(ctx, cfg) {
    const ref = str(cfg.fingerprint) ?? (Array.isArray(cfg.aliases) ? str(cfg.aliases[0]) : undefined);
    if (!ref) throw new DiagError([{ severity: "error", summary: "Set fingerprint or aliases", path: attrPath("fingerprint") }]);
    return lookup(ctx, async () => {
      const img = await ctx.client.images.GetImage({ ref });
      return { id: img.fingerprint, source_file: null, source_url: null, source_remote: img.source_remote || null, source_alias: img.source_alias || null, source_instance: img.source_instance || null,
        aliases: img.aliases, fingerprint: img.fingerprint, type: img.type, architecture: img.architecture, size_bytes: img.size_bytes, created_at: img.created_at };
    }, `image "${ref}"`, "fingerprint");
  },
};

function lookupByName(r: typeof instanceResource, what: string): DataSource {
  const schema = lookupSchema(r, ["name"], `Looks up ${what} by name.`);
  schema.attributes.name = { ...schema.attributes.name!, optional: false, required: true };
  return {
    typeName: r.typeName,
    schema,
    read: async (ctx, cfg) => {
      const full = await lookup(ctx, () => r.read(ctx, { name: str(cfg.name)! }), `${what} "${str(cfg.name)}"`, "name");
      return Object.fromEntries(Object.keys(schema.attributes).map((k) => [k, full[k] ?? null]));
    },
  };
}

export const instanceDataSource = lookupByName(instanceResource, "an instance");
export const networkDataSource = lookupByName(networkResource, "a network");
