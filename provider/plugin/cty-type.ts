// cty types (the Terraform type system) and their JSON form, as used in schema attribute `type`
// bytes and in dynamic values.

export type CtyType =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "bool" }
  | { readonly kind: "dynamic" }
  | { readonly kind: "list"; readonly element: CtyType }
  | { readonly kind: "set"; readonly element: CtyType }
  | { readonly kind: "map"; readonly element: CtyType }
  | { readonly kind: "object"; readonly attributes: Readonly<Record<string, CtyType>>; readonly optional?: readonly string[] }
  | { readonly kind: "tuple"; readonly elements: readonly CtyType[] };

/** Thrown when a type or value does not fit the cty rules; `path` locates the offending part. */
export class CtyError extends Error {
  constructor(message: string, readonly path: readonly (string | number)[] = []) {
    super(path.length ? `${message} (at ${formatPath(path)})` : message);
    this.name = "CtyError";
  }
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Type constructors, so schemas read like the Terraform type expressions they describe. */
export const t = {
  string: { kind: "string" } as CtyType,
  number: { kind: "number" } as CtyType,
  bool: { kind: "bool" } as CtyType,
  dynamic: { kind: "dynamic" } as CtyType,
  list: (element: CtyType): CtyType => ({ kind: "list", element }),
  set: (element: CtyType): CtyType => ({ kind: "set", element }),
  map: (element: CtyType): CtyType => ({ kind: "map", element }),
  object: (attributes: Record<string, CtyType>, optional?: string[]): CtyType =>
    optional && optional.length ? { kind: "object", attributes, optional: [...optional].sort() } : { kind: "object", attributes },
  tuple: (elements: CtyType[]): CtyType => ({ kind: "tuple", elements }),
};

/** Parses the JSON type form (`"string"`, `["list","string"]`, `["object",{..},[opt..]]`, ...). */
export function parseCtyType(json: string | Uint8Array | unknown): CtyType {
  if (typeof json === "string" && json.trimStart().match(/^["[]/)) {
    return typeFromJSON(JSON.parse(json), []);
  }
  if (json instanceof Uint8Array) return typeFromJSON(JSON.parse(Buffer.from(json).toString("utf8")), []);
  return typeFromJSON(json, []);
}

function typeFromJSON(j: unknown, path: (string | number)[]): CtyType {
  if (typeof j === "string") {
    switch (j) {
      case "string": return t.string;
      case "number": return t.number;
      case "bool": return t.bool;
      case "dynamic": return t.dynamic;
      default: throw new CtyError(`invalid primitive type name ${JSON.stringify(j)}`, path);
    }
  }
  if (!Array.isArray(j) || j.length < 2 || typeof j[0] !== "string") {
    throw new CtyError(`invalid type specification ${JSON.stringify(j)}`, path);
  }
  const [kind, arg, extra] = j as [string, unknown, unknown];
  switch (kind) {
    case "list": case "set": case "map":
      if (j.length !== 2) throw new CtyError(`${kind} type takes exactly one element type`, path);
      return { kind, element: typeFromJSON(arg, [...path, kind]) };
    case "object": {
      if (j.length > 3 || typeof arg !== "object" || arg === null || Array.isArray(arg)) {
        throw new CtyError("object type needs an attribute map", path);
      }
      const attributes: Record<string, CtyType> = {};
      for (const [name, at] of Object.entries(arg)) setOwn(attributes, name, typeFromJSON(at, [...path, name]));
      if (j.length === 3) {
        if (!Array.isArray(extra) || !extra.every((s) => typeof s === "string" && Object.hasOwn(attributes, s))) {
          throw new CtyError("object optional attributes must name declared attributes", path);
        }
        return t.object(attributes, extra as string[]);
      }
      return t.object(attributes);
    }
    case "tuple":
      if (j.length !== 2 || !Array.isArray(arg)) throw new CtyError("tuple type needs an element type list", path);
      return t.tuple(arg.map((e, i) => typeFromJSON(e, [...path, i])));
    default:
      throw new CtyError(`invalid type kind ${JSON.stringify(kind)}`, path);
  }
}

/** The JSON type form of a type (object attributes sorted, as go-cty writes them). */
export function ctyTypeToJSON(ty: CtyType): unknown {
  switch (ty.kind) {
    case "string": case "number": case "bool": case "dynamic":
      return ty.kind;
    case "list": case "set": case "map":
      return [ty.kind, ctyTypeToJSON(ty.element)];
    case "object": {
      const attrs: Record<string, unknown> = {};
      for (const name of Object.keys(ty.attributes).sort()) setOwn(attrs, name, ctyTypeToJSON(ty.attributes[name]!));
      return ty.optional && ty.optional.length ? ["object", attrs, [...ty.optional].sort()] : ["object", attrs];
    }
    case "tuple":
      return ["tuple", ty.elements.map(ctyTypeToJSON)];
    default:
      return assertNever(ty);
  }
}

/** The type as JSON bytes: the form a schema attribute's `type` field must carry (not a string). */
export function ctyTypeBytes(ty: CtyType): Buffer {
  return Buffer.from(JSON.stringify(ctyTypeToJSON(ty)));
}

/** Structural type equality (object optional-attribute markers included). */
export function ctyTypeEquals(a: CtyType, b: CtyType): boolean {
  return JSON.stringify(ctyTypeToJSON(a)) === JSON.stringify(ctyTypeToJSON(b));
}

/** Sets an own enumerable property even for keys like "__proto__". */
export function setOwn<V>(obj: Record<string, V>, key: string, value: V): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
