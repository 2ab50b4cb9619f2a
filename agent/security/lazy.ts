// The security module on demand: X.509 code costs tens of milliseconds to load, and the CLI and
// the provider need it only for https endpoints and trust enrolment.
type Security = typeof import("./index");

let loaded: Security | undefined;

/** Loads agent/security the first time it is needed. */
export function security(): Security {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("./index") as Security;
  return loaded;
}
