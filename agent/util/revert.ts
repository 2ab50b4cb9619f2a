// Rollback for multi-step changes: register an undo right after each side effect; if the
// whole change does not succeed, the undos run in reverse order.
import { log } from "./log";

export class Revert {
  private steps: { what: string; undo: () => Promise<unknown> | unknown }[] = [];

  add(what: string, undo: () => Promise<unknown> | unknown): void {
    this.steps.push({ what, undo });
  }

  /** Forget the undo steps: the change is complete. */
  success(): void {
    this.steps = [];
  }

  /** Undo everything registered, in reverse; failures are logged, not thrown. */
  async fail(): Promise<void> {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const s of steps) {
      try {
        await s.undo();
      } catch (e) {
        log("warn", `revert: ${s.what} failed`, { error: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  /** Runs fn with this revert; on throw, reverts and rethrows. */
  static async with<T>(fn: (r: Revert) => Promise<T>): Promise<T> {
    const r = new Revert();
    try {
      const v = await fn(r);
      r.success();
      return v;
    } catch (e) {
      await r.fail();
      throw e;
    }
  }
}
