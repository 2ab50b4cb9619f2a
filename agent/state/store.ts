// The Store: keyed JSON documents with revisions, compare-and-swap, prefix listing and watch.
// SQLite backs a single host; an etcd implementation with the same contract backs clusters
// (revisions are global and increasing, as etcd's mod_revision).

export interface Entry<T> {
  key: string;
  value: T;
  /** Revision of the last write to this key. */
  revision: number;
}

export interface PutOptions {
  /** Compare-and-swap: 0 means "must not exist", n means "current revision must be n". */
  expectRevision?: number;
}

export type WatchEvent<T = unknown> =
  | { kind: "put"; key: string; value: T; revision: number }
  | { kind: "delete"; key: string; revision: number };

export interface Store {
  get<T>(key: string): Promise<Entry<T> | undefined>;
  list<T>(prefix: string): Promise<Entry<T>[]>;
  /** Writes value; returns the new revision. Throws CORRAL_ERR_CONFLICT when the CAS fails. */
  put<T>(key: string, value: T, opts?: PutOptions): Promise<number>;
  /** Deletes key; returns whether it existed. Throws CORRAL_ERR_CONFLICT when the CAS fails. */
  delete(key: string, opts?: PutOptions): Promise<boolean>;
  /** Calls fn for each change under prefix until the returned function is called. */
  watch<T>(prefix: string, fn: (ev: WatchEvent<T>) => void): () => void;
  close(): Promise<void>;
}

/** Key helpers so every module spells keys the same way. */
export const keys = {
  instance: (name: string) => `instances/${name}`,
  snapshot: (instance: string, name: string) => `snapshots/${instance}/${name}`,
  image: (fp: string) => `images/${fp}`,
  alias: (name: string) => `aliases/${name}`,
  network: (name: string) => `networks/${name}`,
  pool: (name: string) => `pools/${name}`,
  volume: (pool: string, name: string) => `volumes/${pool}/${name}`,
  profile: (name: string) => `profiles/${name}`,
  trusted: (fp: string) => `trust/clients/${fp}`,
  trustToken: (id: string) => `trust/tokens/${id}`,
  config: (name: string) => `config/${name}`,
  member: (name: string) => `cluster/members/${name}`,
  memberAlive: (name: string) => `cluster/alive/${name}`,
  joinToken: (id: string) => `cluster/tokens/${id}`,
};
