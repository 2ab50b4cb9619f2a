// Spare clones: on pools whose clones are full copies (dir), a create would copy the whole image
// volume while the user waits. Instead the pool keeps a few ready-made copies of each image in use
// ("spare" volumes): a create renames one into place, which is atomic and instant, and a background
// copy replaces it once no create runs on that pool. While the agent serves, every path that
// removes a spare claims it first by renaming it to a `.tmp` name, so a create never receives a
// half-deleted tree; and a spare only gets its final name once its copy is complete.
// How many: the pool's count (dir.spare_clones), or, for SPARE_DEMAND_MS after a burst of creates
// of one image (those before its refill started), as many as that burst had, up to the driver's
// bound (dir.spare_clones_max): a pipeline creating 5 containers at once finds 5 ready next time.
import { randomBytes } from "node:crypto";
import { hasCode } from "../errors";
import { log } from "../util/log";
import type { PoolSpec, StorageDriver, VolumeRef } from "./driver";

/** What the spares need from the storage manager. */
export interface SparePools {
  /** The pool's driver and spec; throws when the pool is gone. */
  open(pool: string): Promise<{ driver: StorageDriver; spec: PoolSpec }>;
  /** Whether the image is completely unpacked on the pool (the only source a spare is copied from). */
  imageReady(pool: string, fp: string): Promise<boolean>;
}

const TMP = ".tmp";
/** A refill starts once no create has run on the pool for this long: a burst of creates, and what
 * its client does right after (reading state, exec), keep the disk and CPU to themselves. */
export const SPARE_IDLE_MS = 500;
/** How long a burst's size is remembered; then the pool's count applies again (extra spares trimmed). */
export const SPARE_DEMAND_MS = 30 * 60_000;
const spare = (name: string): VolumeRef => ({ type: "spare", name });
const image = (fp: string): VolumeRef => ({ type: "image", name: fp });

/** Names of the complete spares of image fp on the pool. */
export async function completeSpares(driver: StorageDriver, spec: PoolSpec, fp: string): Promise<string[]> {
  const re = new RegExp(`^${fp}\\.[0-9a-f]{8}$`);
  return (await driver.listVolumes(spec, "spare")).filter((v) => re.test(v.name)).map((v) => v.name);
}

/** Claims a spare (rename to a `.tmp` name, so no create can take it any more) and deletes it;
 * nothing to do when a create took it first. */
async function discard(driver: StorageDriver, spec: PoolSpec, name: string): Promise<void> {
  const claimed = spare(`${name}${TMP}`);
  try {
    await driver.renameVolume(spec, spare(name), claimed);
  } catch (e) {
    if (hasCode(e, "CORRAL_ERR_NOT_FOUND")) return;
    throw e;
  }
  await driver.deleteVolume(spec, claimed);
}

interface Refill {
  fp: string;
  abort: AbortController;
  done: Promise<void>;
  /** Aborted to make way for a create: asked for again once the creates are done. */
  preempted?: boolean;
}

export class SpareClones {
  /** Creates running on each pool right now: refills wait for zero, so they never slow a create down. */
  private busy = new Map<string, number>();
  /** Images whose spares need topping up, per pool. */
  private wanted = new Map<string, Set<string>>();
  /** The one refill running per pool. */
  private running = new Map<string, Refill>();
  /** Pools waiting out SPARE_IDLE_MS before their next refill. */
  private idle = new Map<string, NodeJS.Timeout>();
  /** Pool or pool/fp keys under deletion: no refill starts for them. */
  private suspended = new Map<string, number>();
  /** Per pool/fp: creates that asked for a spare since its last refill started. */
  private burst = new Map<string, number>();
  /** Per pool/fp: the largest recent burst, and the timer that forgets it (then trims). */
  private demand = new Map<string, { n: number; timer: NodeJS.Timeout }>();
  private closed = false;

  constructor(private pools: SparePools) {}

  /** Renames a complete spare of fp to target; false when there is none (the caller copies). */
  async take(driver: StorageDriver, spec: PoolSpec, fp: string, target: VolumeRef): Promise<boolean> {
    if (driver.spareClones(spec) === 0) return false;
    const key = `${spec.name}/${fp}`;
    this.burst.set(key, (this.burst.get(key) ?? 0) + 1);
    for (const name of await completeSpares(driver, spec, fp)) {
      try {
        await driver.renameVolume(spec, spare(name), target);
        return true;
      } catch (e) {
        if (!hasCode(e, "CORRAL_ERR_NOT_FOUND")) throw e; // another create took it: try the next
      }
    }
    return false;
  }

  /** Runs a create (or delete) on the pool. A refill running there stops (the disk and CPU are its)
   * and refills wait until none runs; then the ones asked for meanwhile start. */
  async hold<T>(pool: string, fn: () => Promise<T>): Promise<T> {
    this.busy.set(pool, (this.busy.get(pool) ?? 0) + 1);
    this.quiet(pool);
    const r = this.running.get(pool);
    if (r && !r.abort.signal.aborted) {
      r.preempted = true;
      r.abort.abort();
    }
    try {
      return await fn();
    } finally {
      const n = this.busy.get(pool)! - 1;
      if (n) this.busy.set(pool, n);
      else this.busy.delete(pool);
      this.kick(pool, true);
    }
  }

  /** Asks for fp's spares on the pool to be topped up in the background. */
  refill(pool: string, fp: string): void {
    if (this.closed) return;
    let set = this.wanted.get(pool);
    if (!set) this.wanted.set(pool, (set = new Set()));
    set.add(fp);
    this.kick(pool);
  }

  /** Stops refills of the pool (of one image when fp is given) and keeps new ones from starting
   * until the returned function is called: for deleting the pool or the image's volumes. */
  async suspend(pool: string, fp?: string): Promise<() => void> {
    const key = fp === undefined ? pool : `${pool}/${fp}`;
    this.suspended.set(key, (this.suspended.get(key) ?? 0) + 1);
    if (fp === undefined) this.wanted.delete(pool);
    else this.wanted.get(pool)?.delete(fp);
    for (const [k, d] of this.demand) {
      if (k === key || k.startsWith(`${key}/`)) {
        clearTimeout(d.timer);
        this.demand.delete(k);
      }
    }
    const r = this.running.get(pool);
    if (r && (fp === undefined || r.fp === fp)) {
      r.preempted = false;
      r.abort.abort();
      await r.done;
    }
    return () => {
      const n = this.suspended.get(key)! - 1;
      if (n) this.suspended.set(key, n);
      else this.suspended.delete(key);
      this.kick(pool);
    };
  }

  /** Agent stop: aborts running copies (their `.tmp` volumes are removed then, or at the next start). */
  async close(): Promise<void> {
    this.closed = true;
    this.wanted.clear();
    for (const d of this.demand.values()) clearTimeout(d.timer);
    this.demand.clear();
    for (const pool of [...this.idle.keys()]) this.quiet(pool);
    const refills = [...this.running.values()];
    for (const r of refills) r.abort.abort();
    await Promise.all(refills.map((r) => r.done));
  }

  /** Cancels a pending idle wait of the pool. */
  private quiet(pool: string): void {
    clearTimeout(this.idle.get(pool));
    this.idle.delete(pool);
  }

  /** Starts the pool's next wanted refill unless something holds it back; after a create, only
   * once the pool has been idle for SPARE_IDLE_MS. */
  private kick(pool: string, afterCreate = false): void {
    if (this.closed || this.running.has(pool) || this.busy.has(pool) || this.suspended.has(pool)) return;
    if (afterCreate) {
      this.quiet(pool);
      const timer = setTimeout(() => {
        this.idle.delete(pool);
        this.kick(pool);
      }, SPARE_IDLE_MS);
      timer.unref();
      this.idle.set(pool, timer);
      return;
    }
    if (this.idle.has(pool)) return; // its timer kicks
    const set = this.wanted.get(pool);
    const fp = [...(set ?? [])].find((f) => !this.suspended.has(`${pool}/${f}`));
    if (fp === undefined) return;
    set!.delete(fp);
    if (!set!.size) this.wanted.delete(pool);
    const abort = new AbortController();
    const refill: Refill = { fp, abort, done: Promise.resolve() };
    refill.done = this.topUp(pool, fp, abort.signal)
      .catch((e) => {
        if (!abort.signal.aborted) log("warn", `could not make a spare clone of image ${fp.slice(0, 12)} on pool ${pool}`, { error: (e as Error).message });
      })
      .finally(() => {
        this.running.delete(pool);
        if (refill.preempted) this.refill(pool, fp);
        else this.kick(pool);
      });
    this.running.set(pool, refill);
  }

  /** The burst of creates of fp that ends as its refill starts sets the demand when larger than the
   * one remembered; returns the spares wanted: the pool's count, or the demand up to the bound. */
  private wantedCount(driver: StorageDriver, spec: PoolSpec, pool: string, fp: string): number {
    const key = `${pool}/${fp}`;
    const n = this.burst.get(key) ?? 0;
    this.burst.delete(key);
    const prior = this.demand.get(key);
    if (n > (prior?.n ?? 0)) {
      clearTimeout(prior?.timer);
      const timer = setTimeout(() => {
        this.demand.delete(key);
        this.refill(pool, fp);
      }, SPARE_DEMAND_MS);
      timer.unref();
      this.demand.set(key, { n, timer });
    }
    const base = driver.spareClones(spec);
    if (base === 0) return 0;
    return Math.max(base, Math.min(this.demand.get(key)?.n ?? 0, driver.spareClonesMax?.(spec) ?? base));
  }

  /** Copies until the pool has as many complete spares of fp as wanted, or trims the extra. */
  private async topUp(pool: string, fp: string, signal: AbortSignal): Promise<void> {
    const { driver, spec } = await this.pools.open(pool);
    const want = this.wantedCount(driver, spec, pool, fp);
    const have = await completeSpares(driver, spec, fp);
    for (const extra of have.slice(want)) await discard(driver, spec, extra);
    for (let n = have.length; n < want; n++) {
      if (signal.aborted) return;
      if (!(await this.pools.imageReady(pool, fp))) return;
      const name = `${fp}.${randomBytes(4).toString("hex")}`;
      const tmp = spare(name + TMP);
      try {
        await driver.copyVolume(spec, image(fp), tmp, { signal, background: true });
        signal.throwIfAborted();
        await driver.renameVolume(spec, tmp, spare(name));
      } catch (e) {
        await driver.deleteVolume(spec, tmp).catch(() => undefined);
        throw e;
      }
    }
  }

  /** Agent start: removes what a crash left (`.tmp` volumes) and spares of images no longer unpacked there. */
  async reconcile(pool: string): Promise<void> {
    const { driver, spec } = await this.pools.open(pool);
    for (const v of await driver.listVolumes(spec, "spare")) {
      const fp = v.name.split(".")[0]!;
      if (v.name.endsWith(TMP) || !(await this.pools.imageReady(pool, fp))) await driver.deleteVolume(spec, v);
    }
  }

  /** Deletes every spare of fp on the pool (its image volume is going away; refills suspended). */
  async removeAll(driver: StorageDriver, spec: PoolSpec, fp: string): Promise<void> {
    for (const name of await completeSpares(driver, spec, fp)) await discard(driver, spec, name);
  }
}
