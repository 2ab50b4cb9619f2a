// The local image store: records in the store, files in `<data-dir>/images`, aliases as their
// own keys so lookups by alias are one read.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { alreadyExists, inUse, invalid, notFound, precondition } from "../errors";
import { parseObjectName } from "../config/rules";
import type { Locks } from "../operations/locks";
import type { OperationContext } from "../operations/operations";
import { keys, type Store } from "../state/store";
import type { ImageRecord, ImageType } from "./format";
import { splitRemoteRef } from "./remotes";

/** Where an image fetched from a remote came from. */
export interface ImageSource {
  remote: string;
  /** The alias or fingerprint asked for on the remote. */
  alias: string;
}

export interface StoredImage extends ImageRecord {
  aliases: string[];
  uploadedAt: string;
  filename: string;
  source?: ImageSource;
  /** Fetched implicitly by a launch: expires when unused (images.remote_cache_expiry). */
  cached?: boolean;
  /** Last time an instance was created from it. */
  lastUsedAt?: string;
  /** Served by the agent's image server (core.https_address). */
  public?: boolean;
  /** INSTANCE or INSTANCE/SNAPSHOT it was published from. */
  sourceInstance?: string;
}

/**
 * A use this soon after the recorded one is not written again: cached images expire after days
 * unused, and a write per create was a store write (an etcd commit in a cluster) on every create.
 */
const LAST_USE_RESOLUTION_MS = 60 * 60_000;

export class ImageManager {
  readonly imagesDir: string;
  constructor(private store: Store, dataDir: string, private locks: Locks, readonly usersOf: (fp: string) => Promise<string[]>, private now: () => number = Date.now) {
    this.imagesDir = join(dataDir, "images");
  }

  /** Fetches REMOTE:REF for an instance, or finds the cached copy (set by the agent). */
  fetchRemote?: (remote: string, ref: string, type: ImageType) => Promise<StoredImage>;

  /** The image an instance is made from: a local reference, or REMOTE:REF fetched on first use. */
  async resolveForInstance(ref: string, type: ImageType): Promise<StoredImage> {
    const r = splitRemoteRef(ref);
    const img = !r || !this.fetchRemote ? await this.resolve(ref) : await this.fetchRemote(r.remote, r.ref, type);
    if (this.now() - Date.parse(img.lastUsedAt ?? "") < LAST_USE_RESOLUTION_MS) return img;
    return this.patch(img.fingerprint, { lastUsedAt: new Date(this.now()).toISOString() });
  }

  /** Marks an image as a cache entry: it expires when unused. */
  async markCached(fp: string): Promise<StoredImage> {
    return this.patch(fp, { cached: true });
  }

  private async patch(fp: string, fields: Partial<StoredImage>): Promise<StoredImage> {
    return this.locks.with("images", async () => {
      const cur = await this.store.get<StoredImage>(keys.image(fp));
      if (!cur) throw notFound(`image ${fp}`);
      const next = { ...cur.value, ...fields };
      await this.store.put(keys.image(fp), next);
      return next;
    });
  }

  async list(): Promise<StoredImage[]> {
    return (await this.store.list<StoredImage>("images/")).map((e) => e.value);
  }

  /** Finds an image by alias, full fingerprint or unique fingerprint prefix. */
  async resolve(ref: string, field = "image"): Promise<StoredImage> {
    if (!ref) throw invalid(field, "is required (fingerprint or alias)");
    const alias = await this.store.get<{ fingerprint: string }>(keys.alias(ref));
    const fp = alias?.value.fingerprint ?? ref;
    const exact = await this.store.get<StoredImage>(keys.image(fp));
    if (exact) return exact.value;
    if (/^[0-9a-f]{6,63}$/.test(ref)) {
      const matches = (await this.list()).filter((i) => i.fingerprint.startsWith(ref));
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) throw invalid(field, `fingerprint prefix "${ref}" matches ${matches.length} images; give more characters`);
    }
    throw notFound(`image "${ref}"`);
  }

  /** Whether this agent has the image's files (in a cluster the records are shared, the files are each member's). */
  hasFiles(fingerprint: string): boolean {
    return existsSync(join(this.imagesDir, fingerprint));
  }

  /** Set in a cluster: brings an image's files from another member (agent/cluster/image-fetch.ts). */
  fetchFiles?: (img: StoredImage, ctx: OperationContext) => Promise<void>;

  /** Makes sure this agent has the image's files, fetching them from another member when it lacks them (once at a time). */
  async ensureFiles(img: StoredImage, ctx: OperationContext): Promise<void> {
    if (this.hasFiles(img.fingerprint)) return;
    await this.locks.with(`image/${img.fingerprint}/files`, async () => {
      if (this.hasFiles(img.fingerprint)) return;
      if (!this.fetchFiles) throw precondition(`image: the files of ${img.fingerprint.slice(0, 12)} are missing from ${this.imagesDir}: import it again`);
      await this.fetchFiles(img, ctx);
    });
  }

  /** Removes this agent's files of an image (in a cluster, its part; the record is shared). */
  removeFiles(fp: string): void {
    rmSync(join(this.imagesDir, fp), { force: true });
    rmSync(join(this.imagesDir, `${fp}.rootfs`), { force: true });
  }

  /** Records an imported image (files already moved into imagesDir) with its aliases. */
  async add(rec: ImageRecord, aliases: string[], filename: string, origin: { source?: ImageSource; cached?: boolean; sourceInstance?: string; public?: boolean } = {}): Promise<StoredImage> {
    aliases.forEach((a, i) => parseObjectName(a, `aliases[${i}]`));
    return this.locks.with("images", async () => {
      for (const a of aliases) {
        const owner = await this.store.get<{ fingerprint: string }>(keys.alias(a));
        if (owner && owner.value.fingerprint !== rec.fingerprint) throw alreadyExists(`image alias "${a}" (points to ${owner.value.fingerprint.slice(0, 12)})`);
      }
      const existing = await this.store.get<StoredImage>(keys.image(rec.fingerprint));
      const img: StoredImage = {
        ...rec,
        aliases: [...new Set([...(existing?.value.aliases ?? []), ...aliases])].sort(),
        uploadedAt: existing?.value.uploadedAt ?? new Date(this.now()).toISOString(),
        filename: filename || existing?.value.filename || "",
      };
      if (existing?.value.lastUsedAt) img.lastUsedAt = existing.value.lastUsedAt;
      const sourceInstance = origin.sourceInstance ?? existing?.value.sourceInstance;
      if (sourceInstance) img.sourceInstance = sourceInstance;
      if (origin.public ?? existing?.value.public) img.public = true;
      const source = origin.source ?? existing?.value.source;
      if (source) img.source = source;
      // An image asked for by name stays; one that only a launch fetched is a cache entry.
      const cached = existing ? !!existing.value.cached && !!origin.cached : !!origin.cached;
      if (cached) img.cached = true;
      else delete img.cached;
      await this.store.put(keys.image(rec.fingerprint), img);
      for (const a of aliases) await this.store.put(keys.alias(a), { fingerprint: rec.fingerprint });
      return img;
    });
  }

  /** add() for files this call has just imported: when the record cannot be made, the files go. */
  async addImported(rec: ImageRecord, aliases: string[], filename: string, origin: Parameters<ImageManager["add"]>[3] = {}): Promise<StoredImage> {
    try {
      return await this.add(rec, aliases, filename, origin);
    } catch (e) {
      this.removeFiles(rec.fingerprint);
      throw e;
    }
  }

  /** Replaces the alias set (and merges properties; sets public when given). */
  async update(ref: string, aliases: string[] | undefined, properties: Record<string, string>, isPublic?: boolean): Promise<StoredImage> {
    const img = await this.resolve(ref, "ref");
    return this.locks.with("images", async () => {
      const next: StoredImage = { ...img, properties: { ...img.properties, ...properties } };
      if (isPublic !== undefined) next.public = isPublic;
      if (aliases) {
        aliases.forEach((a, i) => parseObjectName(a, `aliases[${i}]`));
        for (const a of aliases) {
          const owner = await this.store.get<{ fingerprint: string }>(keys.alias(a));
          if (owner && owner.value.fingerprint !== img.fingerprint) throw alreadyExists(`image alias "${a}"`);
        }
        for (const a of img.aliases) if (!aliases.includes(a)) await this.store.delete(keys.alias(a));
        for (const a of aliases) await this.store.put(keys.alias(a), { fingerprint: img.fingerprint });
        next.aliases = [...new Set(aliases)].sort();
      }
      await this.store.put(keys.image(img.fingerprint), next);
      return next;
    });
  }

  /** Refuses while an instance still uses the image. */
  async assertUnused(fp: string): Promise<void> {
    const users = await this.usersOf(fp);
    if (users.length) throw inUse(`image ${fp.slice(0, 12)}`, users);
  }

  /** Deletes this agent's part of an image (its files and per-pool copies): another member deletes the image and its record. */
  async deletePart(fp: string, dropVolumes: (fp: string) => Promise<void>): Promise<void> {
    await this.locks.with(`image/${fp}`, async () => {
      await this.assertUnused(fp);
      await dropVolumes(fp);
      this.removeFiles(fp);
    });
  }

  /** Deletes an image unless an instance still uses it; `dropVolumes` removes per-pool copies. */
  async delete(ref: string, dropVolumes: (fp: string) => Promise<void>): Promise<void> {
    const img = await this.resolve(ref, "ref");
    await this.locks.with(`image/${img.fingerprint}`, async () => {
      await this.assertUnused(img.fingerprint);
      await dropVolumes(img.fingerprint);
      for (const a of img.aliases) await this.store.delete(keys.alias(a));
      await this.store.delete(keys.image(img.fingerprint));
      this.removeFiles(img.fingerprint);
    });
  }
}
