// Parsing of the LXD-style positional forms: key=value config, --device specs, NAME/PATH.
import { CorralError } from "../errors";
import type { Device } from "../../proto/gen/types/corral/v1/Device";

function badArg(arg: string, rule: string): CorralError {
  return new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `invalid argument "${arg}": ${rule}`, { field: arg });
}

/** Splits one "key=value" argument; the value may be empty or contain further "=". */
export function parseKeyValue(arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw badArg(arg, "expected key=value");
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** Turns key=value arguments into a config map (later keys win, as on the lxc command line). */
export function parseKeyValues(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const [k, v] = parseKeyValue(arg);
    out[k] = v;
  }
  return out;
}

/** Parses `--device name,key=value,...` into a named device; `type` is required. */
export function parseDevice(spec: string): { name: string; device: Device } {
  const [name, ...props] = spec.split(",");
  if (!name || name.includes("=")) throw badArg(spec, "expected name,key=value[,key=value...]");
  const properties = parseKeyValues(props);
  if (!properties.type) throw badArg(spec, "a device needs type=... (disk, nic)");
  return { name, device: { properties } };
}

/** Splits "NAME/PATH" as `corral file push|pull` takes it; the path is made absolute. */
export function parseInstancePath(arg: string): { instance: string; path: string } {
  const slash = arg.indexOf("/");
  if (slash <= 0 || slash === arg.length - 1) throw badArg(arg, "expected NAME/PATH");
  return { instance: arg.slice(0, slash), path: arg.slice(slash) };
}

/** Parses an octal file mode such as 0644 or 755. */
export function parseMode(arg: string): number {
  if (!/^0?[0-7]{3,4}$/.test(arg)) throw badArg(arg, "expected an octal mode like 0644");
  return parseInt(arg, 8);
}

/** Parses a non-negative integer option (uid, gid, seconds). */
export function parseUint(arg: string): number {
  if (!/^\d+$/.test(arg)) throw badArg(arg, "expected a non-negative integer");
  const n = Number(arg);
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw badArg(arg, "number out of range");
  return n;
}

/** Commander helper for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
