// The remote image cache: images fetched implicitly (by a launch) expire when unused for
// images.remote_cache_expiry days; every images.auto_update_interval hours the remote each fetched
// image came from is asked again, and a newer image for the same alias replaces it (its local
// aliases move; instances keep the image they were made from). In a cluster an expired image goes
// from every member (the remover given by the agent), unless an instance on any member uses it.
// The clock is the agent's (tests move one of their own).
import type { ServerConfig } from "../config/server";
import { systemClock, type Clock } from "../instances/snapshot-scheduler";
import { log } from "../util/log";
import type { ImageManager, StoredImage } from "./manager";
import type { ImagePuller } from "./pull";

const DAY_MS = 24 * 3600_000;
const HOUR_MS = 3600_000;
/** How often the agent looks at the cache (expiry and whether an auto-update is due). */
export const CACHE_CHECK_EVERY_MS = 10 * 60_000;

export class ImageCache {
  private lastUpdate: number;
  private timer?: unknown;
  private running?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(
    private images: ImageManager,
    private puller: ImagePuller,
    private config: ServerConfig,
    /** Removes an image (and its per-pool copies) unless an instance uses it. */
    private remove: (fp: string) => Promise<void>,
    private clock: Clock = systemClock,
  ) {
    this.lastUpdate = clock.now();
  }

  /** Deletes cached images nobody used for images.remote_cache_expiry days; returns their fingerprints. */
  async expire(): Promise<string[]> {
    const days = await this.config.number("images.remote_cache_expiry");
    if (days <= 0) return [];
    const removed: string[] = [];
    for (const img of await this.images.list()) {
      if (!img.cached) continue;
      const last = Date.parse(img.lastUsedAt ?? img.uploadedAt);
      if (this.clock.now() - last < days * DAY_MS) continue;
      const users = await this.images.usersOf(img.fingerprint);
      if (users.length) {
        log("info", "keeping an expired cached image: it is in use", { fingerprint: img.fingerprint, users });
        continue;
      }
      try {
        await this.remove(img.fingerprint);
        removed.push(img.fingerprint);
        log("info", "expired cached image", { fingerprint: img.fingerprint, remote: img.source?.remote, alias: img.source?.alias });
      } catch (e) {
        log("warn", "cannot expire cached image", { fingerprint: img.fingerprint, error: (e as Error).message });
      }
    }
    return removed;
  }

  /**
   * Asks each image's remote for its alias again; a new fingerprint is imported and takes over the
   * local aliases; the old image stays while instances use it, marked as a cache entry so it expires.
   * Returns old -> new fingerprints.
   */
  async update(signal?: AbortSignal): Promise<Record<string, string>> {
    const replaced: Record<string, string> = {};
    const latest = new Map<string, StoredImage>();
    for (const img of await this.images.list()) {
      if (!img.source) continue;
      const k = `${img.source.remote}\0${img.source.alias}\0${img.type}\0${img.architecture}`;
      const seen = latest.get(k);
      if (!seen || seen.uploadedAt < img.uploadedAt) latest.set(k, img);
    }
    for (const img of latest.values()) {
      const src = img.source!;
      try {
        const req = { remote: src.remote, ref: src.alias, type: img.type, architecture: img.architecture, cached: !!img.cached, fresh: true };
        const found = await this.puller.resolve(req, signal);
        if (found.image.fingerprint === img.fingerprint) continue;
        const fresh = await this.puller.pull(req, { signal: signal ?? this.stopping.signal, progress: () => {} }, found);
        if (img.aliases.length) {
          await this.images.update(img.fingerprint, [], {});
          await this.images.update(fresh.fingerprint, [...new Set([...fresh.aliases, ...img.aliases])], {});
        }
        await this.images.markCached(img.fingerprint);
        replaced[img.fingerprint] = fresh.fingerprint;
        log("info", "updated image from its remote", { remote: src.remote, alias: src.alias, from: img.fingerprint, to: fresh.fingerprint });
        if (!(await this.images.usersOf(img.fingerprint)).length) await this.remove(img.fingerprint).catch(() => undefined);
      } catch (e) {
        log("warn", "cannot update image from its remote", { remote: src.remote, alias: src.alias, error: (e as Error).message });
      }
    }
    return replaced;
  }

  /** One periodic pass: expiry, then an update when images.auto_update_interval hours have passed. */
  async tick(): Promise<void> {
    await this.expire();
    const hours = await this.config.number("images.auto_update_interval");
    if (hours > 0 && this.clock.now() - this.lastUpdate >= hours * HOUR_MS) {
      this.lastUpdate = this.clock.now();
      await this.update(this.stopping.signal);
    }
  }

  /**
   * Runs tick() now (what expired while the agent was down goes, even for an agent restarted more
   * often than every CACHE_CHECK_EVERY_MS), then CACHE_CHECK_EVERY_MS after each pass, until stop().
   */
  start(): void {
    const pass = () =>
      (this.running ??= this.tick()
        .catch((e) => log("warn", "image cache pass failed", { error: (e as Error).message }))
        .finally(() => (this.running = undefined)));
    const next = () => {
      this.timer = this.clock.setTimer(async () => {
        await pass();
        if (!this.stopping.signal.aborted) next();
      }, CACHE_CHECK_EVERY_MS);
    };
    void pass();
    next();
  }

  /** Ends the timer and cancels a pass under way (its downloads stop). */
  async stop(): Promise<void> {
    this.clock.clearTimer(this.timer);
    this.stopping.abort();
    await this.running;
  }
}
