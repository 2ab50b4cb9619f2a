// Two test agents' namespaces joined by a veth pair with a random /30 (the veth goes with the
// namespaces when they are deleted): each agent reaches the other at the returned address.
import { randomInt } from "node:crypto";
import { run } from "../../agent/host/run";
import type { TestAgent } from "./agent";

export async function linkAgents(a: TestAgent, b: TestAgent): Promise<{ a: string; b: string }> {
  const net = `10.${randomInt(200, 250)}.${randomInt(0, 255)}`;
  const va = `va${randomInt(1e5, 1e6)}`;
  await run("ip", ["link", "add", va, "netns", a.ns.name, "type", "veth", "peer", "name", "vb", "netns", b.ns.name]);
  await run("ip", ["-n", a.ns.name, "addr", "add", `${net}.1/30`, "dev", va]);
  await run("ip", ["-n", b.ns.name, "addr", "add", `${net}.2/30`, "dev", "vb"]);
  await run("ip", ["-n", a.ns.name, "link", "set", va, "up"]);
  await run("ip", ["-n", b.ns.name, "link", "set", "vb", "up"]);
  return { a: `${net}.1`, b: `${net}.2` };
}

/** The TCP API port from corrald's `listening` log line. */
export function apiPort(a: TestAgent): number {
  for (const line of a.logs().split("\n")) {
    try {
      const o = JSON.parse(line) as { "@message"?: string; port?: number };
      if (o["@message"] === "listening" && o.port) return o.port;
    } catch {
      /* not a log line */
    }
  }
  throw new Error(`no "listening" line in corrald logs:\n${a.logs()}`);
}
