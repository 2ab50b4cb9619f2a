// The Store the agent's managers hold: it forwards to the current backend and can move to another
// one while the agent runs (`corral cluster enable` moves SQLite state into etcd). During the
// move every call waits, so no write lands on the old backend after its state was copied.
import type { Entry, PutOptions, Store, WatchEvent } from "./store";

export class SwitchableStore implements Store {
  private moving?: Promise<unknown>;
  private readonly watches = new Set<{ prefix: string; fn: (ev: WatchEvent<any>) => void; stop: () => void }>();

  constructor(private current: Store) {}

  get backend(): Store {
    return this.current;
  }

  /**
   * Runs move(old) with every other call held; when it resolves with the new backend, watches
   * move over and the old backend is closed. If move throws, the old backend stays in place.
   */
  async switchTo(move: (old: Store) => Promise<Store>): Promise<void> {
    while (this.moving) await this.moving.catch(() => {});
    const run = (async () => {
      const old = this.current;
      const next = await move(old);
      for (const w of this.watches) {
        w.stop();
        w.stop = next.watch(w.prefix, w.fn);
      }
      this.current = next;
      await old.close();
    })();
    this.moving = run;
    try {
      await run;
    } finally {
      this.moving = undefined;
    }
  }

  private async ready(): Promise<Store> {
    while (this.moving) await this.moving.catch(() => {});
    return this.current;
  }

  async get<T>(key: string): Promise<Entry<T> | undefined> {
    return (await this.ready()).get<T>(key);
  }

  async list<T>(prefix: string): Promise<Entry<T>[]> {
    return (await this.ready()).list<T>(prefix);
  }

  async put<T>(key: string, value: T, opts?: PutOptions): Promise<number> {
    return (await this.ready()).put(key, value, opts);
  }

  async delete(key: string, opts?: PutOptions): Promise<boolean> {
    return (await this.ready()).delete(key, opts);
  }

  watch<T>(prefix: string, fn: (ev: WatchEvent<T>) => void): () => void {
    const w = { prefix, fn, stop: this.current.watch(prefix, fn) };
    this.watches.add(w);
    return () => {
      this.watches.delete(w);
      w.stop();
    };
  }

  async close(): Promise<void> {
    await this.ready();
    for (const w of this.watches) w.stop();
    this.watches.clear();
    await this.current.close();
  }
}
