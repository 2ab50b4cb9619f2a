// Diagnostics with attribute paths: how a provider reports problems (never a failed RPC).
import type { AttributePath, Diagnostic } from "./protocol";

/** A path step: attribute name (string), list/tuple index (number) or map key ({ key }). */
export type PathStep = string | number | { key: string };

/** Builds a wire AttributePath, e.g. attributePath(["tags", { key: "env" }]). */
export function attributePath(steps: readonly PathStep[]): AttributePath {
  return {
    steps: steps.map((s) =>
      typeof s === "string" ? { attribute_name: s }
        : typeof s === "number" ? { element_key_int: s }
          : { element_key_string: s.key }),
  };
}

/** An error diagnostic; with `path`, core points at the attribute's line in the configuration. */
export function errorDiagnostic(summary: string, detail = "", path?: readonly PathStep[]): Diagnostic {
  return { severity: "ERROR", summary, detail, attribute: path ? attributePath(path) : null };
}

/** Turns a thrown error into a diagnostic, so failures travel as diagnostics rather than RPC errors. */
export function diagnosticFromError(err: unknown, summary = "Provider error", path?: readonly PathStep[]): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  return errorDiagnostic(summary, detail, path);
}
