// The agent's own settings (LXD's server config): one rule table, stored under config/<key>.
import { invalid } from "../errors";
import type { Locks } from "../operations/locks";
import type { Store } from "../state/store";
import { isInt, oneOf, validateConfig, type RuleTable } from "./rules";

/** host:port with a port (0 picks one): what the image server binds. */
const isListenAddress = (v: string): string | undefined => (/^(\[[0-9a-fA-F:.]+\]|[^:\s]*):\d{1,5}$/.test(v) && Number(v.split(":").pop()) <= 65535 ? undefined : "must be HOST:PORT (e.g. 0.0.0.0:8443 or [::]:8443)");

export const SERVER_RULES: RuleTable = {
  "core.https_address": {
    type: "string", default: "", validate: isListenAddress,
    description: "Address (HOST:PORT) where the agent serves its public images as a simplestreams tree over HTTPS, for other agents and LXD/Incus clients; empty = not served.",
  },
  "cluster.max_voters": {
    type: "integer", default: "3", validate: oneOf("1", "3", "5"),
    description: "Cluster members that run etcd and vote (an odd number: a majority of them must be up for the cluster to accept writes). The first members to join vote; when a voter is removed, an online member is promoted in its place. Lowering it demotes voters one at a time (the etcd leader stays; a demoted member stops its etcd).",
  },
  "cluster.offline_threshold": {
    type: "integer", default: "15", validate: isInt(2, 3600),
    description: "Seconds without a heartbeat after which a cluster member shows offline.",
  },
  "images.remote_cache_expiry": {
    type: "integer", default: "10", validate: isInt(0, 36500),
    description: "Days an image fetched implicitly (by a launch from REMOTE:ALIAS) is kept after its last use; 0 keeps it for ever.",
  },
  "images.auto_update_interval": {
    type: "integer", default: "6", validate: isInt(0, 8760),
    description: "Hours between checks of the remotes that images were fetched from; a newer image replaces the cached one (instances keep theirs). 0 disables.",
  },
};

const key = (k: string) => `config/${k}`;

export class ServerConfig {
  /** Called after keys changed (the agent applies core.https_address). */
  onChange?: (changed: string[]) => Promise<void>;

  constructor(private store: Store, private locks: Locks) {}

  /** Every key with its value (the default when unset). */
  async all(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const k of Object.keys(SERVER_RULES)) out[k] = await this.get(k);
    return out;
  }

  async get(k: string): Promise<string> {
    const rule = SERVER_RULES[k];
    if (!rule) throw invalid("key", `unknown server config key "${k}"`);
    return (await this.store.get<string>(key(k)))?.value ?? rule.default ?? "";
  }

  async number(k: string): Promise<number> {
    return Number(await this.get(k));
  }

  /** Sets keys (an empty value restores the default); all are validated before any is written. */
  async update(changes: Record<string, string>): Promise<Record<string, string>> {
    for (const k of Object.keys(changes)) {
      if (!SERVER_RULES[k]) throw invalid(`config["${k}"]`, `unknown server config key (allowed: ${Object.keys(SERVER_RULES).sort().join(", ")})`);
    }
    validateConfig(SERVER_RULES, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== "")), "config");
    const write = (values: Record<string, string>) => this.locks.with("server-config", async () => {
      for (const [k, v] of Object.entries(values)) {
        if (v === "") await this.store.delete(key(k));
        else await this.store.put(key(k), v);
      }
    });
    const before = Object.fromEntries(await Promise.all(Object.keys(changes).map(async (k) => [k, (await this.store.get<string>(key(k)))?.value ?? ""] as const)));
    await write(changes);
    try {
      await this.onChange?.(Object.keys(changes));
    } catch (e) {
      // Not applicable (an address the host cannot bind): the old values stay in force.
      await write(before);
      await this.onChange?.(Object.keys(changes)).catch(() => undefined);
      throw e;
    }
    return this.all();
  }
}
