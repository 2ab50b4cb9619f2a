// Structured logs on stderr (stdout belongs to the program's output or a plugin handshake).
// Debug channels: CORRAL_DEBUG=run,lxc or CORRAL_DEBUG=* .
import { format } from "node:util";

type Level = "debug" | "info" | "warn" | "error";

const channels = new Set((process.env.CORRAL_DEBUG ?? "").split(",").map((s) => s.trim()).filter(Boolean));
let sink: (line: string) => void = (line) => process.stderr.write(line + "\n");

/** Redirects log lines (tests, CLI quiet mode). */
export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  sink(JSON.stringify({ "@timestamp": new Date().toISOString(), "@level": level, "@message": message, ...fields }));
}

/** A named debug channel, printf-style, enabled by CORRAL_DEBUG. */
export function debug(channel: string): (fmt: string, ...args: unknown[]) => void {
  const on = channels.has("*") || channels.has(channel);
  return on ? (fmt, ...args) => log("debug", format(fmt, ...args), { "@module": channel }) : () => {};
}
