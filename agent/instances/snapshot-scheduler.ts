// Scheduled snapshots (snapshots.schedule) and their expiry (snapshots.expiry), as LXD does them:
// one timer, armed for the next minute boundary (never more than a minute away), checks every
// instance's schedule for a scheduled minute since the last check and deletes the snapshots whose
// stored expiry has passed. Time comes from an injectable clock, so tests move it instead of waiting.
import { truthy } from "../config/rules";
import { log } from "../util/log";
import { DEFAULT_SNAPSHOT_PATTERN, MINUTE_MS, nextSnapshotName, parseExpiry, Schedule } from "./schedule";

/** Where the scheduler reads the time and sets its timer. */
export interface Clock {
  now(): number;
  /** Calls fn after ms; fn's promise is the tick's work (a test clock waits for it). */
  setTimer(fn: () => Promise<void>, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(() => void fn(), ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What the scheduler needs of the instance manager. */
export interface ScheduledInstances {
  /** Instances with their expanded config, and a way to ask whether each is running. */
  list(): Promise<{ name: string; config: Record<string, string>; running: () => Promise<boolean> }[]>;
  snapshots(instance: string): Promise<{ name: string; expiresAt?: string }[]>;
  createSnapshot(instance: string, name: string, at: Date): Promise<unknown>;
  deleteSnapshot(instance: string, name: string): Promise<void>;
}

export class SnapshotScheduler {
  private timer: unknown;
  private lastCheck = 0;
  private tick?: Promise<void>;
  private stopped = true;

  constructor(private instances: ScheduledInstances, private clock: Clock = systemClock) {}

  /** Starts checking from now on: minutes that passed while the agent was down are not made up for. */
  start(): void {
    this.stopped = false;
    this.lastCheck = this.clock.now();
    this.arm();
  }

  /** Clears the timer and waits for a check in progress (agent stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.tick;
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    this.timer = this.clock.setTimer(() => (this.tick = this.check().finally(() => (this.tick = undefined))), MINUTE_MS - (now % MINUTE_MS));
  }

  /** One check: due snapshots are taken, expired ones deleted; one instance's failure does not stop the others. */
  private async check(): Promise<void> {
    this.timer = undefined;
    const now = this.clock.now();
    const since = this.lastCheck;
    this.lastCheck = now;
    let list: Awaited<ReturnType<ScheduledInstances["list"]>> = [];
    try {
      list = await this.instances.list();
    } catch (e) {
      log("warn", "snapshot scheduler: could not list instances", { error: (e as Error).message });
    }
    for (const inst of list) {
      if (this.stopped) break;
      try {
        await this.expire(inst.name, now);
        const schedule = inst.config["snapshots.schedule"]?.trim();
        if (!schedule || !Schedule.parse(schedule).dueBetween(since, now)) continue;
        if (!truthy(inst.config["snapshots.schedule.stopped"]) && !(await inst.running())) continue;
        const taken = (await this.instances.snapshots(inst.name)).map((s) => s.name);
        const name = nextSnapshotName(inst.config["snapshots.pattern"] || DEFAULT_SNAPSHOT_PATTERN, taken);
        await this.instances.createSnapshot(inst.name, name, new Date(now));
      } catch (e) {
        log("warn", `snapshot scheduler: instance ${inst.name}`, { error: (e as Error).message });
      }
    }
    this.arm();
  }

  private async expire(instance: string, now: number): Promise<void> {
    for (const s of await this.instances.snapshots(instance)) {
      if (s.expiresAt && Date.parse(s.expiresAt) <= now) await this.instances.deleteSnapshot(instance, s.name);
    }
  }
}

/** When a snapshot taken at `at` expires under the instance's snapshots.expiry (undefined: never). */
export function expiryOf(config: Record<string, string>, at: Date): string | undefined {
  const expiry = config["snapshots.expiry"]?.trim();
  return expiry ? new Date(parseExpiry(expiry)(at.getTime())).toISOString() : undefined;
}
