// Profiles: named config + devices merged into instances in order. "default" always exists.
import { alreadyExists, inUse, invalid, notFound } from "../errors";
import { parseObjectName } from "../config/rules";
import { keys, type Store } from "../state/store";
import { validateDevices, validateInstanceConfig, type Devices } from "./config";

export interface ProfileRecord {
  name: string;
  description: string;
  config: Record<string, string>;
  devices: Devices;
}

export class ProfileManager {
  constructor(
    private store: Store,
    private usersOf: (profile: string) => Promise<string[]>,
    /** Re-applies a changed profile to the instances using it (live where possible). */
    private onChange: (profile: string) => Promise<void>,
  ) {}

  /** Creates the empty default profile on first start. */
  async ensureDefault(): Promise<void> {
    if (!(await this.store.get(keys.profile("default")))) {
      await this.store.put(keys.profile("default"), { name: "default", description: "Default profile", config: {}, devices: {} } satisfies ProfileRecord).catch(() => {});
    }
  }

  async get(name: string, field = "name"): Promise<ProfileRecord> {
    const e = await this.store.get<ProfileRecord>(keys.profile(name));
    if (!e) throw field === "name" ? notFound(`profile "${name}"`) : invalid(field, `profile "${name}" does not exist`);
    return e.value;
  }

  async list(): Promise<ProfileRecord[]> {
    return (await this.store.list<ProfileRecord>("profiles/")).map((e) => e.value);
  }

  async create(p: ProfileRecord): Promise<ProfileRecord> {
    parseObjectName(p.name, "name");
    validateInstanceConfig(p.config);
    validateDevices(p.devices);
    const rec: ProfileRecord = { name: p.name, description: p.description ?? "", config: p.config ?? {}, devices: p.devices ?? {} };
    try {
      await this.store.put(keys.profile(p.name), rec, { expectRevision: 0 });
    } catch {
      throw alreadyExists(`profile "${p.name}"`);
    }
    return rec;
  }

  async update(p: ProfileRecord): Promise<ProfileRecord> {
    const old = await this.get(p.name);
    validateInstanceConfig(p.config);
    validateDevices(p.devices);
    const rec: ProfileRecord = { ...old, description: p.description ?? old.description, config: p.config, devices: p.devices };
    await this.store.put(keys.profile(p.name), rec);
    try {
      await this.onChange(p.name);
    } catch (e) {
      await this.store.put(keys.profile(p.name), old);
      await this.onChange(p.name).catch(() => {});
      throw e;
    }
    return rec;
  }

  async delete(name: string): Promise<void> {
    await this.get(name);
    if (name === "default") throw invalid("name", "the default profile cannot be deleted");
    const users = await this.usersOf(name);
    if (users.length) throw inUse(`profile "${name}"`, users);
    await this.store.delete(keys.profile(name));
  }
}
