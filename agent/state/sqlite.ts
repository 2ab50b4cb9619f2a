// SQLite implementation of Store (the embedded default), one file in the data dir.
import Database from "better-sqlite3";
import { CorralError } from "../errors";
import type { Entry, PutOptions, Store, WatchEvent } from "./store";

interface Row {
  key: string;
  value: string;
  revision: number;
}

export class SqliteStore implements Store {
  private db: Database.Database;
  private watchers = new Set<{ prefix: string; fn: (ev: WatchEvent<any>) => void }>();
  private stmts;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, revision INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (id, revision) VALUES (1, 0);
    `);
    this.stmts = {
      get: this.db.prepare<[string], Row>("SELECT key, value, revision FROM kv WHERE key = ?"),
      list: this.db.prepare<[string, string], Row>(
        "SELECT key, value, revision FROM kv WHERE key >= ? AND key < ? ORDER BY key"),
      bump: this.db.prepare<[], { revision: number }>("UPDATE meta SET revision = revision + 1 WHERE id = 1 RETURNING revision"),
      put: this.db.prepare("INSERT INTO kv (key, value, revision) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, revision = excluded.revision"),
      del: this.db.prepare("DELETE FROM kv WHERE key = ?"),
    };
  }

  async get<T>(key: string): Promise<Entry<T> | undefined> {
    const row = this.stmts.get.get(key);
    return row && { key: row.key, value: JSON.parse(row.value) as T, revision: row.revision };
  }

  async list<T>(prefix: string): Promise<Entry<T>[]> {
    return this.stmts.list.all(prefix, prefix + "\uffff").map((r) => ({ key: r.key, value: JSON.parse(r.value) as T, revision: r.revision }));
  }

  async put<T>(key: string, value: T, opts: PutOptions = {}): Promise<number> {
    const revision = this.db.transaction(() => {
      this.check(key, opts);
      const rev = this.stmts.bump.get()!.revision;
      this.stmts.put.run(key, JSON.stringify(value), rev);
      return rev;
    })();
    this.emit({ kind: "put", key, value, revision });
    return revision;
  }

  async delete(key: string, opts: PutOptions = {}): Promise<boolean> {
    const res = this.db.transaction(() => {
      this.check(key, opts);
      const existed = this.stmts.del.run(key).changes > 0;
      return existed ? this.stmts.bump.get()!.revision : 0;
    })();
    if (res) this.emit({ kind: "delete", key, revision: res });
    return res > 0;
  }

  watch<T>(prefix: string, fn: (ev: WatchEvent<T>) => void): () => void {
    const w = { prefix, fn };
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }

  async close(): Promise<void> {
    this.watchers.clear();
    this.db.close();
  }

  private check(key: string, opts: PutOptions): void {
    if (opts.expectRevision === undefined) return;
    const current = this.stmts.get.get(key)?.revision ?? 0;
    if (current !== opts.expectRevision) {
      throw new CorralError("CORRAL_ERR_CONFLICT", `${key} changed concurrently (revision ${current}, expected ${opts.expectRevision})`);
    }
  }

  private emit(ev: WatchEvent<unknown>): void {
    for (const w of this.watchers) if (ev.key.startsWith(w.prefix)) w.fn(ev);
  }
}
