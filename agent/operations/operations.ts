// Long-running operations with stage/percent progress, cancellation and waiting. Operations
// live in memory: what must survive a crash is recorded as intent in the store by the managers.
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { status as grpcStatus } from "@grpc/grpc-js";
import { asCorralError, CorralError, notFound } from "../errors";
import type { Events } from "../events/events";
import { log } from "../util/log";

export type OperationStatus = "PENDING" | "RUNNING" | "SUCCESS" | "FAILURE" | "CANCELLED";

export interface OperationView {
  id: string;
  kind: string;
  resource: string;
  status: OperationStatus;
  stage: string;
  percent: number;
  error_code: number;
  error_message: string;
  created_at: string;
  updated_at: string;
  cancellable: boolean;
}

/** What the work function of an operation gets: progress reporting and a cancel signal. */
export interface OperationContext {
  signal: AbortSignal;
  progress(stage: string, percent?: number): void;
  /** Names the object once the work knows it (a published image's fingerprint). */
  setResource(resource: string): void;
}

/** Finished operations are kept this long so clients can still read their outcome. */
const KEEP_FINISHED_MS = 10 * 60_000;
/** How long startInline waits before answering with a running operation: long enough for the
 * copy-on-write work (a clone, a rollback: milliseconds) to come back done in the call's own answer,
 * sparing the client a WatchOperation round trip; short enough that a long one's progress shows at once. */
export const INLINE_WAIT_MS = 100;

export class Operations {
  private ops = new Map<string, OperationView>();
  private aborts = new Map<string, AbortController>();
  private changes = new EventEmitter();

  constructor(private events?: Events) {
    this.changes.setMaxListeners(0);
  }

  /** Starts fn in the background and returns the operation at once (status RUNNING). */
  start(kind: string, resource: string, fn: (ctx: OperationContext) => Promise<void>, opts: { cancellable?: boolean } = {}): OperationView {
    const now = new Date().toISOString();
    const op: OperationView = {
      id: randomUUID(), kind, resource, status: "RUNNING", stage: "starting", percent: 0,
      error_code: 0, error_message: "", created_at: now, updated_at: now, cancellable: opts.cancellable ?? false,
    };
    const abort = new AbortController();
    this.ops.set(op.id, op);
    this.aborts.set(op.id, abort);
    const ctx: OperationContext = {
      signal: abort.signal,
      progress: (stage, percent) => this.update(op.id, { stage, percent: percent ?? op.percent }),
      setResource: (resource) => this.update(op.id, { resource }),
    };
    void (async () => {
      try {
        await fn(ctx);
        this.update(op.id, { status: "SUCCESS", stage: "done", percent: 100 });
      } catch (e) {
        const err = abort.signal.aborted ? new CorralError("CORRAL_ERR_CANCELLED", `${kind} of ${resource} was cancelled`) : asCorralError(e);
        if (err.code === "CORRAL_ERR_INTERNAL") log("error", `${kind} ${resource} failed`, { error: err.message, stack: (e as Error)?.stack });
        this.update(op.id, {
          status: abort.signal.aborted ? "CANCELLED" : "FAILURE",
          error_code: err.grpcStatus ?? grpcStatus.UNKNOWN,
          error_message: err.message,
        });
      } finally {
        this.aborts.delete(op.id);
        setTimeout(() => this.ops.delete(op.id), KEEP_FINISHED_MS).unref();
      }
    })();
    return { ...op };
  }

  /** Starts fn and answers once it is done or INLINE_WAIT_MS has passed, whichever comes first:
   * a short operation is answered finished (SUCCESS or FAILURE), a longer one running. */
  startInline(kind: string, resource: string, fn: (ctx: OperationContext) => Promise<void>, opts: { cancellable?: boolean } = {}): Promise<OperationView> {
    return this.wait(this.start(kind, resource, fn, opts).id, INLINE_WAIT_MS);
  }

  /** Runs fn as an operation and waits for it (for callers that need the outcome inline). */
  async run(kind: string, resource: string, fn: (ctx: OperationContext) => Promise<void>): Promise<OperationView> {
    const op = this.start(kind, resource, fn);
    return this.wait(op.id, 0);
  }

  get(id: string): OperationView {
    const op = this.ops.get(id);
    if (!op) throw notFound(`operation ${id}`);
    return { ...op };
  }

  list(): OperationView[] {
    return [...this.ops.values()].map((o) => ({ ...o }));
  }

  cancel(id: string): OperationView {
    const op = this.get(id);
    if (isDone(op)) return op;
    if (!op.cancellable) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `operation ${id} (${op.kind}) cannot be cancelled`);
    this.aborts.get(id)?.abort();
    return this.get(id);
  }

  /** Aborts every running operation (agent stop): their work sees the signal and unwinds. */
  abortAll(): void {
    for (const abort of this.aborts.values()) abort.abort();
  }

  /** Calls fn with the current view and on every change until the operation ends. */
  watch(id: string, fn: (op: OperationView) => void): () => void {
    const first = this.get(id);
    fn(first);
    if (isDone(first)) return () => {};
    const listener = (op: OperationView) => fn({ ...op });
    this.changes.on(id, listener);
    return () => this.changes.off(id, listener);
  }

  /** Resolves when the operation ends (or after timeoutMs, 0 = no limit) with its view. */
  wait(id: string, timeoutMs: number): Promise<OperationView> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let stop: () => void = () => {};
      try {
        stop = this.watch(id, (op) => {
          if (isDone(op)) {
            if (timer) clearTimeout(timer);
            queueMicrotask(() => stop());
            resolve(op);
          }
        });
      } catch (e) {
        return reject(e);
      }
      if (timeoutMs > 0 && !isDone(this.get(id))) {
        timer = setTimeout(() => {
          stop();
          resolve(this.get(id));
        }, timeoutMs);
      }
    });
  }

  private update(id: string, patch: Partial<OperationView>): void {
    const op = this.ops.get(id);
    if (!op || isDone(op)) return;
    Object.assign(op, patch, { updated_at: new Date().toISOString() });
    this.changes.emit(id, { ...op });
    if (isDone(op)) this.events?.emit("operation", op.status.toLowerCase(), op.resource, { id, kind: op.kind });
  }
}

export const isDone = (op: OperationView): boolean => op.status === "SUCCESS" || op.status === "FAILURE" || op.status === "CANCELLED";
