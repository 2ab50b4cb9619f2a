// Turning Corral errors into gRPC statuses at the edge, once, for every handler.
import * as grpc from "@grpc/grpc-js";
import { asCorralError, CorralError } from "../errors";
import { log } from "../util/log";

/** A status error grpc-js sends as-is: code plus the message naming the field and rule. */
export function toStatus(err: unknown): Partial<grpc.StatusObject> & { code: grpc.status; details: string } {
  const e = asCorralError(err);
  if (e.code === "CORRAL_ERR_INTERNAL") log("error", "internal error", { error: e.message, stack: (err as Error)?.stack });
  const metadata = new grpc.Metadata();
  metadata.set("corral-error-code", e.code);
  if (e.field) metadata.set("corral-field", e.field);
  return { code: e.grpcStatus, details: e.message, metadata };
}

/** Wraps an async handler as a grpc-js unary handler. */
export function unary<Req, Res>(fn: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, cb) => {
    fn(call.request, call).then((res) => cb(null, res), (err) => cb(toStatus(err)));
  };
}

/**
 * Ends a server stream with an error status. grpc-js sends the status from the stream's final
 * step, which `destroy()` skips: a destroyed call would leave its client waiting forever.
 */
export function endWithError(call: { emit(event: "error", err: unknown): boolean; writableEnded: boolean }, err: unknown): void {
  if (call.writableEnded) return;
  call.emit("error", Object.assign(new Error(toStatus(err).details), toStatus(err)));
}

/** Messages a watch's client has not taken yet beyond which its stream is ended, rather than held
 * in memory without bound (grpc-js queues a server stream's messages as objects). */
export const MAX_PENDING_MESSAGES = 10_000;

/** Writes to a watch stream (events, operation updates) that the agent produces at its own pace: a
 * client that lets more than `max` messages pile up is cut off with UNAVAILABLE. */
export function boundedWriter<T>(call: grpc.ServerWritableStream<unknown, T>, max = MAX_PENDING_MESSAGES): (msg: T) => void {
  return (msg) => {
    if (call.writableEnded) return;
    call.write(msg);
    if (call.writableLength > max) {
      endWithError(call, new CorralError("CORRAL_ERR_UNAVAILABLE", `the client took messages too slowly (more than ${max} waiting); watch again`));
    }
  };
}

/** Resolves when the client takes more data, or is gone (a cancelled call never drains). */
export function drainedOrCancelled(call: grpc.ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      call.off("drain", done);
      call.off("cancelled", done);
      resolve();
    };
    call.on("drain", done);
    call.on("cancelled", done);
  });
}
