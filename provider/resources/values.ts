// Small conversions between framework values and agent messages shared by the resources.
import { DiagError, Unknown, type Path, type Value } from "../framework/types";

export const str = (v: Value | undefined): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: Value | undefined): number | undefined =>
  typeof v === "number" ? v : typeof v === "string" && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : undefined;
export const bool = (v: Value | undefined): boolean | undefined => (typeof v === "boolean" ? v : undefined);
export const strMap = (v: Value | undefined): Record<string, string> | undefined =>
  v && v !== Unknown && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;
export const strList = (v: Value | undefined): string[] | undefined => (Array.isArray(v) ? v.map((x) => String(x)) : undefined);

/** "true"/"false" from the agent as a bool; undefined stays undefined. */
export const agentBool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : ["true", "1", "yes", "on"].includes(v));

/** Only the keys the user manages: keys of `managed` (prior state/config) taken from the server's map. */
export function managedMap(server: Record<string, string>, managed: Value | undefined): Record<string, string> | null {
  const m = strMap(managed);
  if (!m) return null;
  const out: Record<string, string> = {};
  for (const k of Object.keys(m)) if (server[k] !== undefined) out[k] = server[k]!;
  return out;
}

/** Agent field `config["key"]` -> the key. */
export const configKeyOf = (field: string): string | undefined => /^config\["(.+)"\]$/.exec(field)?.[1];

/** A DiagError with one error at path. */
export const DiagErrorAt = (path: Path, summary: string, detail?: string): DiagError => new DiagError([{ severity: "error", summary, detail, path }]);
