// The cty object type implied by a schema block: the shape every state, plan and config value of a
// resource has on the wire.
import { CtyType, parseCtyType, setOwn, t } from "./cty";
import type { SchemaAttribute, SchemaBlock, SchemaObject } from "./protocol";

/** Object type of a block: attributes plus nested blocks (lists/sets/maps of objects, or a single object). */
export function blockType(block: SchemaBlock): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const a of block.attributes ?? []) setOwn(attrs, a.name, attributeType(a));
  for (const nb of block.block_types ?? []) {
    const inner = blockType(nb.block ?? {});
    switch (nb.nesting) {
      case "SINGLE": case "GROUP": setOwn(attrs, nb.type_name, inner); break;
      case "LIST": setOwn(attrs, nb.type_name, t.list(inner)); break;
      case "SET": setOwn(attrs, nb.type_name, t.set(inner)); break;
      case "MAP": setOwn(attrs, nb.type_name, t.map(inner)); break;
      default: throw new Error(`block ${nb.type_name}: invalid nesting ${String(nb.nesting)}`);
    }
  }
  return t.object(attrs);
}

/** Type of one attribute: its JSON `type` bytes, or the type implied by `nested_type`. */
export function attributeType(a: SchemaAttribute): CtyType {
  if (a.nested_type) return nestedObjectType(a.nested_type);
  if (!a.type || a.type.length === 0) throw new Error(`attribute ${a.name}: no type`);
  return parseCtyType(a.type);
}

function nestedObjectType(o: SchemaObject): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const a of o.attributes ?? []) setOwn(attrs, a.name, attributeType(a));
  // Values carry no optional-attribute markers (core strips them from the implied type).
  const obj = t.object(attrs);
  switch (o.nesting) {
    case "SINGLE": return obj;
    case "LIST": return t.list(obj);
    case "SET": return t.set(obj);
    case "MAP": return t.map(obj);
    default: throw new Error(`nested attribute type: invalid nesting ${String(o.nesting)}`);
  }
}
