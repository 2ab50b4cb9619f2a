// LXD-compatible image files: what kind of file a blob is (by magic bytes, never by name),
// how to read a tarball's member list and metadata.yaml without unpacking it, and the
// validation of metadata.yaml itself.
import { open } from "node:fs/promises";
import { yaml } from "../util/yaml";
import { CorralError, capability, invalid } from "../errors";
import { run, succeeds } from "../host/run";

export type Compression = "gzip" | "xz" | "zstd" | "bzip2" | "none";

/** What an image file holds, told from its first bytes. */
export type FileFormat =
  | { kind: "tar"; compression: Compression }
  | { kind: "squashfs" }
  | { kind: "qcow2" };

export type ImageType = "container" | "virtual-machine";

export interface ImageTemplate {
  when: string[];
  template: string;
  createOnly: boolean;
  properties: Record<string, string>;
}

/** metadata.yaml, validated. */
export interface ImageMetadata {
  architecture: string;
  createdAt: Date;
  expiresAt?: Date;
  properties: Record<string, string>;
  /** Target path in the instance -> template. */
  templates: Record<string, ImageTemplate>;
}

/** What the store knows about one image, derived from its files. */
export interface ImageRecord {
  fingerprint: string;
  type: ImageType;
  /** LXD's canonical name (x86_64, aarch64, ...). */
  architecture: string;
  /** Size of the image file(s) in the store. */
  sizeBytes: number;
  /** metadata.yaml creation_date, ISO 8601. */
  createdAt: string;
  /** metadata.yaml expiry_date, ISO 8601, when set. */
  expiresAt?: string;
  properties: Record<string, string>;
  split: boolean;
  /** Instance paths that metadata.yaml renders from templates/ (empty when none). */
  templates: string[];
}

/** Reading a member list of a large image: the whole archive is decompressed once. */
const LIST_TIMEOUT_MS = 10 * 60_000;

const MAGIC: { bytes: number[]; offset: number; format: FileFormat }[] = [
  { bytes: [0x1f, 0x8b], offset: 0, format: { kind: "tar", compression: "gzip" } },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], offset: 0, format: { kind: "tar", compression: "xz" } },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], offset: 0, format: { kind: "tar", compression: "zstd" } },
  { bytes: [0x42, 0x5a, 0x68], offset: 0, format: { kind: "tar", compression: "bzip2" } },
  { bytes: [0x68, 0x73, 0x71, 0x73], offset: 0, format: { kind: "squashfs" } }, // "hsqs"
  { bytes: [0x51, 0x46, 0x49, 0xfb], offset: 0, format: { kind: "qcow2" } }, // "QFI\xfb"
  { bytes: [0x75, 0x73, 0x74, 0x61, 0x72], offset: 257, format: { kind: "tar", compression: "none" } }, // "ustar"
];

/** Tells the format of an image file from its magic bytes; `field` names it in the error. */
export async function detectFormat(path: string, field: string): Promise<FileFormat> {
  const fh = await open(path, "r");
  const head = Buffer.alloc(512);
  let n: number;
  try {
    n = (await fh.read(head, 0, 512, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  for (const m of MAGIC) {
    if (n < m.offset + m.bytes.length) continue;
    if (m.bytes.every((b, i) => head[m.offset + i] === b)) return m.format;
  }
  throw invalid(field, "must be a tarball (plain, gzip, xz, zstd or bzip2), a squashfs or a qcow2 file");
}

let zstdProbe: Promise<boolean> | undefined;

/** The tar flag that decompresses `c`; zstd is checked for because it is optional on hosts. */
export async function tarCompressionArgs(c: Compression): Promise<string[]> {
  switch (c) {
    case "gzip":
      return ["--gzip"];
    case "xz":
      return ["--xz"];
    case "bzip2":
      return ["--bzip2"];
    case "none":
      return [];
    case "zstd":
      zstdProbe ??= succeeds("zstd", ["--version"]);
      if (!(await zstdProbe)) throw capability("zstd-compressed images", "the zstd tool is not installed");
      return ["--zstd"];
    default: {
      const never: never = c;
      throw new Error(`unknown compression ${String(never)}`);
    }
  }
}

export interface TarEntry {
  /** Normalised: no leading "./". */
  name: string;
  /** As stored, for naming the member to tar. */
  stored: string;
}

/** Member names of a tarball; rejects absolute names and names that climb out with "..". */
export async function listTarball(path: string, compression: Compression, field: string, signal?: AbortSignal): Promise<TarEntry[]> {
  const res = await run("tar", ["--list", ...(await tarCompressionArgs(compression)), "--file", path], { timeoutMs: LIST_TIMEOUT_MS, signal }).catch(
    (e: unknown) => {
      throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${field}: must be a readable tarball (${e instanceof Error ? e.message : String(e)})`, {
        field,
        cause: e,
      });
    },
  );
  const entries: TarEntry[] = [];
  for (const raw of res.stdout.split("\n")) {
    if (!raw) continue;
    if (raw.startsWith("/")) throw invalid(field, `must not contain absolute member names (${raw})`);
    if (raw.split("/").includes("..")) throw invalid(field, `must not contain member names with ".." (${raw})`);
    const name = raw.replace(/^(\.\/)+/, "");
    if (name && name !== ".") entries.push({ name: name.replace(/\/+$/, ""), stored: raw });
  }
  return entries;
}

/** Reads one member of a tarball into memory (metadata.yaml is small); stops at its first copy. */
export async function readTarMember(path: string, compression: Compression, member: string, signal?: AbortSignal): Promise<string> {
  const res = await run(
    "tar",
    ["--extract", "--to-stdout", "--occurrence=1", ...(await tarCompressionArgs(compression)), "--file", path, "--", member],
    { timeoutMs: LIST_TIMEOUT_MS, signal },
  );
  return res.stdout;
}

/** Canonical LXD architecture names and the aliases LXD accepts for them. */
const ARCHITECTURES: Record<string, string> = {
  i686: "i686", i386: "i686", x86: "i686",
  x86_64: "x86_64", amd64: "x86_64",
  armv6l: "armv6l", armel: "armv6l",
  armv7l: "armv7l", armhf: "armv7l", arm: "armv7l",
  aarch64: "aarch64", arm64: "aarch64",
  ppc: "ppc", powerpc: "ppc",
  ppc64: "ppc64", powerpc64: "ppc64",
  ppc64le: "ppc64le", ppc64el: "ppc64le",
  s390x: "s390x",
  mips: "mips", mips64: "mips64",
  riscv32: "riscv32", riscv64: "riscv64",
  loongarch64: "loongarch64",
};

/** Maps an architecture name or alias to LXD's canonical name; undefined when unknown. */
export function canonicalArchitecture(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(ARCHITECTURES, name) ? ARCHITECTURES[name] : undefined;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

function parseUnixTime(v: unknown, field: string, required: boolean): Date | undefined {
  if (v === undefined || v === null) {
    if (required) throw invalid(field, "is required (seconds since the Unix epoch)");
    return undefined;
  }
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 253402300799) {
    throw invalid(field, "must be a whole number of seconds since the Unix epoch");
  }
  return new Date(n * 1000);
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isMapping(v)) throw invalid(field, "must be a mapping of names to strings");
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    if (!isScalar(val)) throw invalid(`${field}.${k}`, "must be a string");
    out[k] = String(val);
  }
  return out;
}

/** Parses and validates metadata.yaml; errors name the offending key as `metadata.yaml: key`. */
export function parseMetadata(text: string): ImageMetadata {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    throw invalid("metadata.yaml", `must be valid YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
  if (!isMapping(doc)) throw invalid("metadata.yaml", "must be a YAML mapping");
  const arch = doc.architecture;
  if (arch === undefined || arch === null || arch === "") throw invalid("metadata.yaml: architecture", "is required (for example x86_64)");
  if (typeof arch !== "string") throw invalid("metadata.yaml: architecture", "must be a string such as x86_64");
  const architecture = canonicalArchitecture(arch);
  if (!architecture) throw invalid("metadata.yaml: architecture", `must be a known architecture such as x86_64 or aarch64, not "${arch}"`);
  const createdAt = parseUnixTime(doc.creation_date, "metadata.yaml: creation_date", true)!;
  const expiresAt = parseUnixTime(doc.expiry_date, "metadata.yaml: expiry_date", false);
  const properties = stringMap(doc.properties, "metadata.yaml: properties");
  const templates: Record<string, ImageTemplate> = {};
  if (doc.templates !== undefined && doc.templates !== null) {
    if (!isMapping(doc.templates)) throw invalid("metadata.yaml: templates", "must be a mapping of paths to templates");
    for (const [target, raw] of Object.entries(doc.templates)) {
      const f = `metadata.yaml: templates.${target}`;
      if (!target.startsWith("/")) throw invalid(f, "must be an absolute path in the instance");
      if (!isMapping(raw)) throw invalid(f, "must be a mapping with template and when");
      if (typeof raw.template !== "string" || !raw.template || raw.template.includes("/") || raw.template.startsWith(".")) {
        throw invalid(`${f}.template`, "must be a file name in templates/");
      }
      const when = raw.when ?? [];
      if (!Array.isArray(when) || !when.every((w) => ["create", "copy", "start", "rename"].includes(String(w)))) {
        throw invalid(`${f}.when`, "must be a list of create, copy, start, rename");
      }
      templates[target] = {
        template: raw.template,
        when: when.map(String),
        createOnly: raw.create_only === true,
        properties: stringMap(raw.properties, `${f}.properties`),
      };
    }
  }
  return { architecture, createdAt, expiresAt, properties, templates };
}

/** The image type a unified tarball's member list implies (rootfs/ or rootfs.img). */
export function unifiedImageType(names: string[], field: string): ImageType {
  const hasRootfsDir = names.some((n) => n === "rootfs" || n.startsWith("rootfs/"));
  const hasRootfsImg = names.includes("rootfs.img");
  if (hasRootfsDir && hasRootfsImg) throw invalid(field, "must contain either rootfs/ or rootfs.img, not both");
  if (hasRootfsImg) return "virtual-machine";
  if (hasRootfsDir) return "container";
  throw invalid(field, "must contain rootfs/ (container) or rootfs.img (virtual machine) beside metadata.yaml");
}

/** The image type a split image's rootfs file implies. */
export function splitImageType(format: FileFormat): ImageType {
  return format.kind === "qcow2" ? "virtual-machine" : "container";
}
