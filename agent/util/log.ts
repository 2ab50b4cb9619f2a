// Structured logs on stderr (stdout belongs to the program's output or a plugin handshake).
// Debug channels: CORRAL_DEBUG=run,lxc or CORRAL_DEBUG=* .
import { format } from "node:util";

type Level = "debug" | "info" | "warn" | "error";

const channels = new Set((process.env.CORRAL_DEBUG ?? "").split(",").map((s) => s.trim()).filter(Boolean));

/** One JSON record per line on stderr. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(JSON.stringify({ "@timestamp": new Date().toISOString(), "@level": level, "@message": message, ...fields }) + "\n");
}

/** A named debug channel, printf-style, enabled by CORRAL_DEBUG. */
export function debug(channel: string): (fmt: string, ...args: unknown[]) => void {
  const on = channels.has("*") || channels.has(channel);
  return on ? (fmt, ...args) => log("debug", format(fmt, ...args), { "@module": channel }) : () => {};
}
