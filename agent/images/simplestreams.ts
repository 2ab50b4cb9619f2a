// The simplestreams catalogue of an LXD/Incus image server: streams/v1/index.json names the
// products files (datatype image-downloads); each product (os:release:variant:arch) has versions
// whose items are the image files. One version gives up to two images: the metadata tarball with
// a container rootfs (squashfs or root.tar.xz), and with a VM disk (disk-kvm.img); or a combined
// tarball. The LXD fingerprint of a split image is in the metadata item as combined_*_sha256.
import { canonicalArchitecture, type ImageType } from "./format";
import { CorralError, invalid } from "../errors";

export interface RemoteFile {
  /** Path relative to the server's base URL. */
  path: string;
  sha256: string;
  size: number;
}

/** One image a remote offers, whatever its protocol (agent/images/protocols). */
export interface RemoteImage {
  fingerprint: string;
  type: ImageType;
  /** LXD's canonical name (x86_64). */
  architecture: string;
  aliases: string[];
  /** The version name (a date such as 20241204_05:24). */
  version: string;
  properties: Record<string, string>;
  /** Bytes of all its files: the progress total and the most a download may bring. */
  size: number;
  /** The file name recorded on the local image. */
  filename: string;
}

/** An image of a simplestreams catalogue: where its files are and their hashes. */
export interface StreamsImage extends RemoteImage {
  /** The unified/combined tarball, or the metadata tarball of a split image. */
  meta: RemoteFile;
  rootfs?: RemoteFile;
}

const META_FTYPES = new Set(["lxd.tar.xz", "incus.tar.xz"]);
const COMBINED_FTYPES = new Set(["lxd_combined.tar.gz", "incus_combined.tar.gz"]);
/** Rootfs item ftype -> the metadata item's key for the combined fingerprint, and the image type. */
const ROOTFS_FTYPES: Record<string, { key: string; type: ImageType }> = {
  "squashfs": { key: "combined_squashfs_sha256", type: "container" },
  "root.squashfs": { key: "combined_squashfs_sha256", type: "container" },
  "root.tar.xz": { key: "combined_rootxz_sha256", type: "container" },
  "disk-kvm.img": { key: "combined_disk-kvm-img_sha256", type: "virtual-machine" },
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const SHA256_RE = /^[0-9a-f]{64}$/;

const bad = (what: string, why: string): CorralError => new CorralError("CORRAL_ERR_REMOTE", `${what}: ${why}`);

/** Paths of the image-downloads products files named by streams/v1/index.json. */
export function productsPaths(index: unknown, where: string): string[] {
  if (!isObj(index) || !isObj(index.index)) throw bad(where, "not a simplestreams index (no \"index\" mapping)");
  const paths: string[] = [];
  for (const entry of Object.values(index.index)) {
    if (isObj(entry) && entry.datatype === "image-downloads" && typeof entry.path === "string") paths.push(entry.path);
  }
  if (!paths.length) throw bad(where, "names no image-downloads products file");
  return paths;
}

function file(item: unknown): RemoteFile | undefined {
  if (!isObj(item) || typeof item.path !== "string" || typeof item.sha256 !== "string") return undefined;
  const size = typeof item.size === "number" ? item.size : Number(item.size);
  if (!Number.isSafeInteger(size) || size < 0 || !SHA256_RE.test(item.sha256.toLowerCase())) return undefined;
  return { path: item.path, sha256: item.sha256.toLowerCase(), size };
}

/** Every image of a products file. Malformed products or items are skipped, as LXD does. */
export function parseProducts(doc: unknown, where: string): StreamsImage[] {
  if (!isObj(doc) || !isObj(doc.products)) throw bad(where, "not a simplestreams products file (no \"products\" mapping)");
  const images: StreamsImage[] = [];
  const files = (meta: RemoteFile, rootfs?: RemoteFile) => ({ meta, ...(rootfs ? { rootfs } : {}), size: meta.size + (rootfs?.size ?? 0), filename: meta.path.split("/").pop() ?? "" });
  for (const [productName, product] of Object.entries(doc.products)) {
    if (!isObj(product) || !isObj(product.versions)) continue;
    const architecture = canonicalArchitecture(String(product.arch ?? ""));
    if (!architecture) continue;
    const aliases = typeof product.aliases === "string" ? product.aliases.split(",").map((a) => a.trim()).filter(Boolean) : [];
    const properties: Record<string, string> = {};
    for (const k of ["os", "release", "variant", "release_title"] as const) if (typeof product[k] === "string") properties[k] = product[k] as string;
    properties.architecture = String(product.arch);
    properties.description = [properties.os, properties.release, properties.variant, properties.architecture].filter(Boolean).join(" ") || productName;
    for (const [version, v] of Object.entries(product.versions)) {
      if (!isObj(v) || !isObj(v.items)) continue;
      const items = Object.values(v.items).filter(isObj);
      const base = { architecture, aliases, version, properties: { ...properties, serial: version } };
      for (const item of items) {
        const f = file(item);
        if (!f) continue;
        if (COMBINED_FTYPES.has(String(item.ftype))) images.push({ ...base, fingerprint: f.sha256, type: "container", ...files(f) });
      }
      const meta = items.find((i) => META_FTYPES.has(String(i.ftype)));
      const metaFile = meta && file(meta);
      if (!meta || !metaFile) continue;
      const seen = new Set<ImageType>();
      // In ROOTFS_FTYPES order: a squashfs is preferred to root.tar.xz, as LXD does.
      for (const [ftype, kind] of Object.entries(ROOTFS_FTYPES)) {
        const f = file(items.find((i) => i.ftype === ftype));
        if (!f || seen.has(kind.type)) continue;
        const fp = String(meta[kind.key] ?? (kind.key === "combined_rootxz_sha256" ? meta.combined_sha256 ?? "" : "")).toLowerCase();
        if (!SHA256_RE.test(fp)) continue;
        seen.add(kind.type);
        images.push({ ...base, fingerprint: fp, type: kind.type, ...files(metaFile, f) });
      }
    }
  }
  return images;
}

/**
 * Finds the image an alias or fingerprint prefix names on a remote: aliases match this
 * architecture and type, newest version first (as `lxc launch images:debian/12`).
 */
export function resolveRemoteImage<I extends RemoteImage>(images: I[], ref: string, want: { type: ImageType; architecture: string }, where: string): I {
  if (!ref) throw invalid("image", "needs an alias or fingerprint after the remote name (REMOTE:ALIAS)");
  const byAlias = images.filter((i) => i.aliases.includes(ref) && i.architecture === want.architecture && i.type === want.type);
  if (byAlias.length) return byAlias.sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : 0))[0]!;
  if (/^[0-9a-f]{6,64}$/i.test(ref)) {
    const prefix = ref.toLowerCase();
    const fps = new Map(images.filter((i) => i.fingerprint.startsWith(prefix)).map((i) => [i.fingerprint, i]));
    if (fps.size === 1) return [...fps.values()][0]!;
    if (fps.size > 1) throw invalid("image", `fingerprint prefix "${ref}" matches ${fps.size} images on ${where}; give more characters`);
  }
  const other = images.filter((i) => i.aliases.includes(ref));
  const hint = other.length
    ? ` (it exists for ${[...new Set(other.map((i) => `${i.type} ${i.architecture}`))].join(", ")}, not for ${want.type} ${want.architecture})`
    : "";
  throw new CorralError("CORRAL_ERR_NOT_FOUND", `image: "${ref}" not found on ${where}${hint}`, { field: "image" });
}
