// Per-member values recorded before a pool or network is created cluster-wide, as LXD's
// `--target`: `corral storage create P dir --target m2 source=/x` records m2's values of the
// per-member keys and makes nothing; the create without a target then makes P on every member,
// each with its own values (kept in the record for members that make their part later).
import { CorralError, alreadyExists, hasCode, invalid } from "../errors";
import type { Store } from "../state/store";

export interface PendingDefinition {
  /** The pool driver or network type the values were given for. */
  driver: string;
  /** Member name -> its values of the per-member keys. */
  members: Record<string, Record<string, string>>;
}

export type PendingKind = "pools" | "networks";

const pendingKey = (kind: PendingKind, name: string) => `pending/${kind}/${name}`;

/** Records `member`'s values of the per-member keys (merged over what it had), compare-and-swapped. */
export async function addPendingValues(store: Store, kind: PendingKind, name: string, driver: string, member: string, config: Record<string, string>, memberKeys: string[]): Promise<PendingDefinition> {
  for (const k of Object.keys(config)) {
    if (!memberKeys.includes(k)) throw invalid(`config["${k}"]`, `is not a per-member key; with a target only ${memberKeys.join(", ")} may be given`);
  }
  for (let attempt = 0; ; attempt++) {
    const cur = await store.get<PendingDefinition>(pendingKey(kind, name));
    if (cur && cur.value.driver !== driver) throw invalid("driver", `per-member values of "${name}" are pending for ${cur.value.driver}, not ${driver}`);
    const next: PendingDefinition = { driver, members: { ...cur?.value.members, [member]: { ...cur?.value.members[member], ...config } } };
    try {
      await store.put(pendingKey(kind, name), next, { expectRevision: cur?.revision ?? 0 });
      return next;
    } catch (e) {
      if (!hasCode(e, "CORRAL_ERR_CONFLICT") || attempt >= 10) throw e;
    }
  }
}

/**
 * The per-member values pending for a create of `name` with `driver` (undefined: none). With
 * values pending, the per-member keys are refused in the create itself: each member has its own.
 */
export async function pendingValues(store: Store, kind: PendingKind, name: string, driver: string, config: Record<string, string>, memberKeys: string[]): Promise<PendingDefinition | undefined> {
  const cur = (await store.get<PendingDefinition>(pendingKey(kind, name)))?.value;
  if (!cur) return undefined;
  if (cur.driver !== driver) throw invalid("driver", `per-member values of "${name}" are pending for ${cur.driver}, not ${driver}`);
  const given = memberKeys.find((k) => config[k] !== undefined);
  if (given) throw invalid(`config["${given}"]`, `is per member and values are pending for "${name}" (${Object.keys(cur.members).join(", ")}): give it with a target`);
  return cur;
}

/** Drops the pending values once the pool or network is made, or when a delete says they are not wanted; whether there were any. */
export async function dropPending(store: Store, kind: PendingKind, name: string): Promise<boolean> {
  return store.delete(pendingKey(kind, name));
}

/** Refuses a target for something that exists already. */
export function existsAlready(kind: PendingKind, name: string): CorralError {
  return alreadyExists(`${kind === "pools" ? "storage pool" : "network"} "${name}" (per-member values are given before it is created)`);
}
