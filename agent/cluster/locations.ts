// Where each instance is, kept in memory from a watch on the instance records, so relaying a call
// costs no store read before the call goes out (a read per exec was a visible part of the relay's
// overhead). A name the map does not know (the watch not caught up yet) is read from the store;
// a stale entry (an instance deleted and made again elsewhere in the same moment) sends the call to
// a member that refuses it with a clear error, as a call relayed a moment too early would be.
import { keys, type Store } from "../state/store";

interface Located {
  location: string;
  state: string;
}

export class InstanceLocations {
  private readonly map = new Map<string, { location?: string; revision: number }>();
  private stop?: () => void;

  constructor(private readonly store: Store) {}

  /** Starts following the instance records (the watch first, then a list, newer revisions winning). */
  async start(): Promise<void> {
    if (this.stop) return;
    this.stop = this.store.watch<Located>("instances/", (ev) => {
      const name = ev.key.slice("instances/".length);
      this.set(name, ev.kind === "put" ? ev.value : undefined, ev.revision);
    });
    for (const e of await this.store.list<Located>("instances/")) this.set(e.key.slice("instances/".length), e.value, e.revision);
  }

  private set(name: string, rec: Located | undefined, revision: number): void {
    if (name.includes("/")) return;
    const cur = this.map.get(name);
    if (cur && cur.revision > revision) return;
    this.map.set(name, { location: rec && rec.state !== "Deleting" ? rec.location : undefined, revision });
  }

  /** The member an instance is on (undefined: no such instance). */
  async of(name: string): Promise<string | undefined> {
    const known = this.map.get(name);
    if (known?.location) return known.location;
    const e = await this.store.get<Located>(keys.instance(name));
    return e && e.value.state !== "Deleting" ? e.value.location : undefined;
  }

  close(): void {
    this.stop?.();
    this.stop = undefined;
    this.map.clear();
  }
}
