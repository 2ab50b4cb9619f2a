// The provider's view of the agent: operation waits that honour cancellation, and gRPC errors
// turned into diagnostics that point at the attribute.
import * as grpc from "@grpc/grpc-js";
import type { CorralClient } from "../../agent/client";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { DiagError, type Path } from "../framework/types";

export const isNotFound = (e: unknown): boolean => (e as { code?: number })?.code === grpc.status.NOT_FOUND;

/** Maps an agent field (`config["limits.cpu"]`, `devices["eth0"].network`) back to an attribute path. */
export type FieldMapper = (field: string) => Path | undefined;

/** Converts an agent error to a DiagError, placing it on the attribute the agent's field maps to. */
export function agentError(e: unknown, what: string, mapField?: FieldMapper): DiagError {
  const err = e as grpc.ServiceError;
  const details = err?.details || (e as Error)?.message || String(e);
  const field = err?.metadata?.get?.("corral-field")?.[0]?.toString();
  const path = field && mapField ? mapField(field) : undefined;
  if (err?.code === grpc.status.UNAVAILABLE) {
    return new DiagError([{ severity: "error", summary: `Cannot reach the Corral agent while trying to ${what}`, detail: details }]);
  }
  return new DiagError([{ severity: "error", summary: `Failed to ${what}`, detail: details, path }]);
}

/** Waits for an operation; cancelling the signal cancels the operation on the agent when it can be. */
export async function waitOperation(client: CorralClient, op: Operation__Output, signal: AbortSignal, onProgress?: (op: Operation__Output) => void): Promise<Operation__Output> {
  const onAbort = () => void client.operations.CancelOperation({ id: op.id }).catch(() => undefined);
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await client.wait(op, onProgress);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** Read: the object, or undefined when the agent says it does not exist (removed from state). */
export async function unlessNotFound<T>(call: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw agentError(e, what);
  }
}
