// The local image store: records in the store, files in `<data-dir>/images`, aliases as their
// own keys so lookups by alias are one read.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { alreadyExists, inUse, invalid, notFound } from "../errors";
import { parseObjectName } from "../config/rules";
import type { Locks } from "../operations/locks";
import { keys, type Store } from "../state/store";
import type { ImageRecord } from "./format";

export interface StoredImage extends ImageRecord {
  aliases: string[];
  uploadedAt: string;
  filename: string;
}

export class ImageManager {
  readonly imagesDir: string;
  constructor(private store: Store, dataDir: string, private locks: Locks, private usersOf: (fp: string) => Promise<string[]>) {
    this.imagesDir = join(dataDir, "images");
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

  /** Records an imported image (files already moved into imagesDir) with its aliases. */
  async add(rec: ImageRecord, aliases: string[], filename: string): Promise<StoredImage> {
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
        uploadedAt: existing?.value.uploadedAt ?? new Date().toISOString(),
        filename: filename || existing?.value.filename || "",
      };
      await this.store.put(keys.image(rec.fingerprint), img);
      for (const a of aliases) await this.store.put(keys.alias(a), { fingerprint: rec.fingerprint });
      return img;
    });
  }

  /** Replaces the alias set (and merges properties). */
  async update(ref: string, aliases: string[] | undefined, properties: Record<string, string>): Promise<StoredImage> {
    const img = await this.resolve(ref, "ref");
    return this.locks.with("images", async () => {
      const next: StoredImage = { ...img, properties: { ...img.properties, ...properties } };
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

  /** Deletes an image unless an instance still uses it; `dropVolumes` removes per-pool copies. */
  async delete(ref: string, dropVolumes: (fp: string) => Promise<void>): Promise<void> {
    const img = await this.resolve(ref, "ref");
    await this.locks.with(`image/${img.fingerprint}`, async () => {
      await this.assertUnused(img.fingerprint);
      await dropVolumes(img.fingerprint);
      for (const a of img.aliases) await this.store.delete(keys.alias(a));
      await this.store.delete(keys.image(img.fingerprint));
      rmSync(join(this.imagesDir, img.fingerprint), { force: true });
      rmSync(join(this.imagesDir, `${img.fingerprint}.rootfs`), { force: true });
    });
  }
}
