// Per-object locks: changes to one object (instance, pool, network, image-on-pool) run one at a
// time, in arrival order; different objects proceed in parallel.
export class Locks {
  private tails = new Map<string, Promise<void>>();

  /** Runs fn once every earlier holder of key has finished. */
  async with<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  held(key: string): boolean {
    return this.tails.has(key);
  }
}
