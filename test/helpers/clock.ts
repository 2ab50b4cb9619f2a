// A clock tests move by hand: timers fire in time order as it advances, and advance waits for
// each one's work, so a test sees what a scheduler did at every step without waiting for real time.
import type { Clock } from "../../agent/instances/snapshot-scheduler";

export class TestClock implements Clock {
  private timers = new Map<number, { at: number; fn: () => Promise<void> }>();
  private nextId = 1;

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  setTimer(fn: () => Promise<void>, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers armed and not yet fired (only those due within `withinMs`, when given). */
  pending(withinMs = Infinity): number {
    return [...this.timers.values()].filter((v) => v.at - this.t <= withinMs).length;
  }

  /** Moves to `to` (ms), firing each timer due on the way at its own time and awaiting its work. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      const due = [...this.timers].filter(([, v]) => v.at <= to).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      await due[1].fn();
    }
    this.t = to;
  }

  /** Jumps to `to` without firing anything (the host was down meanwhile). */
  set(to: number): void {
    this.t = to;
  }
}
