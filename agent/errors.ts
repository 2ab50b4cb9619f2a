// Stable error codes for everything Corral reports. Each code maps to one gRPC status.
// docs/errors.md documents every code (a unit test checks that).
import { status } from "@grpc/grpc-js";

export const ErrorCodes = {
  CORRAL_ERR_INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  CORRAL_ERR_NOT_FOUND: status.NOT_FOUND,
  CORRAL_ERR_ALREADY_EXISTS: status.ALREADY_EXISTS,
  CORRAL_ERR_FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  CORRAL_ERR_IN_USE: status.FAILED_PRECONDITION,
  CORRAL_ERR_CAPABILITY: status.FAILED_PRECONDITION,
  CORRAL_ERR_NEEDS_STOP: status.FAILED_PRECONDITION,
  CORRAL_ERR_CONFLICT: status.ABORTED,
  CORRAL_ERR_COMMAND_FAILED: status.INTERNAL,
  CORRAL_ERR_TIMEOUT: status.DEADLINE_EXCEEDED,
  CORRAL_ERR_CANCELLED: status.CANCELLED,
  CORRAL_ERR_UNAVAILABLE: status.UNAVAILABLE,
  CORRAL_ERR_UNAUTHENTICATED: status.UNAUTHENTICATED,
  CORRAL_ERR_PERMISSION_DENIED: status.PERMISSION_DENIED,
  CORRAL_ERR_INTERNAL: status.INTERNAL,
  // Not UNAVAILABLE: clients read that as "the agent cannot be reached".
  CORRAL_ERR_REMOTE: status.FAILED_PRECONDITION,
  CORRAL_ERR_INTEGRITY: status.DATA_LOSS,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** An error with a stable code; `field` names the offending input where there is one. */
export class CorralError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  constructor(code: ErrorCode, message: string, opts: { field?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "CorralError";
    this.code = code;
    this.field = opts.field;
  }
  get grpcStatus(): number {
    return ErrorCodes[this.code];
  }
}

export const invalid = (field: string, rule: string): CorralError =>
  new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${field}: ${rule}`, { field });
export const notFound = (what: string): CorralError => new CorralError("CORRAL_ERR_NOT_FOUND", `${what} not found`);
export const alreadyExists = (what: string): CorralError =>
  new CorralError("CORRAL_ERR_ALREADY_EXISTS", `${what} already exists`);
export const precondition = (message: string): CorralError =>
  new CorralError("CORRAL_ERR_FAILED_PRECONDITION", message);
export const inUse = (what: string, users: string[]): CorralError =>
  new CorralError("CORRAL_ERR_IN_USE", `${what} is in use by ${users.join(", ")}`);
export const capability = (feature: string, why: string): CorralError =>
  new CorralError("CORRAL_ERR_CAPABILITY", `this host cannot provide ${feature}: ${why}`);

/** Whether e is a CorralError with that code. */
export const hasCode = (e: unknown, code: ErrorCode): e is CorralError => e instanceof CorralError && e.code === code;

/** Converts anything thrown into a CorralError, keeping the original as cause. */
export function asCorralError(err: unknown): CorralError {
  if (err instanceof CorralError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CorralError("CORRAL_ERR_INTERNAL", message, { cause: err });
}
