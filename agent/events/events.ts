// The agent's event bus: lifecycle changes and operation updates, streamed by Events.WatchEvents.
import { EventEmitter } from "node:events";

export interface CorralEvent {
  type: "lifecycle" | "operation" | "logging";
  timestamp: string;
  action: string;
  resource: string;
  location: string;
  metadata: Record<string, string>;
}

export class Events {
  private emitter = new EventEmitter();
  /** Where events happen: the host name, or in a cluster the member name. */
  constructor(public location: string) {
    this.emitter.setMaxListeners(0);
  }

  emit(type: CorralEvent["type"], action: string, resource: string, metadata: Record<string, string> = {}): void {
    const ev: CorralEvent = { type, timestamp: new Date().toISOString(), action, resource, location: this.location, metadata };
    this.emitter.emit("event", ev);
  }

  /** Subscribes to events of the given types (all when empty); returns the unsubscribe function. */
  subscribe(types: string[], fn: (ev: CorralEvent) => void): () => void {
    const listener = (ev: CorralEvent) => {
      if (types.length === 0 || types.includes(ev.type)) fn(ev);
    };
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
}
