// The agent's side of `corral-exec-helper --netns-addrs PID...` (netns-addrs.c): the `ip -j addr`
// listing of many network namespaces from one process, read over netlink inside each, instead of
// an `nsenter … ip -j addr` (two processes) per running container.
import { run } from "../../../host/run";

/** Per namespace: its two netlink dumps take well under a millisecond; a run over its bound leaves the rest to nsenter. */
const NETNS_ADDRS_TIMEOUT_PER_PID_MS = 100;
/** Spawning the helper on a loaded host. */
const NETNS_ADDRS_BASE_TIMEOUT_MS = 5_000;

/** Parses the helper's lines (`PID ok JSON` or `PID error TEXT`): the listing or an error per pid. */
export function parseNetnsAddrs(text: string): Map<number, { ipJson: string } | { error: string }> {
  const out = new Map<number, { ipJson: string } | { error: string }>();
  for (const line of text.split("\n")) {
    const m = /^(\d+) (ok|error) (.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (m[2] === "error") out.set(pid, { error: m[3]! });
    // A listing cut short (the helper killed mid-line) is no listing.
    else out.set(pid, isJsonArray(m[3]!) ? { ipJson: m[3]! } : { error: `unreadable listing for pid ${pid}` });
  }
  return out;
}

function isJsonArray(s: string): boolean {
  try {
    return Array.isArray(JSON.parse(s));
  } catch {
    return false;
  }
}

/** The listings of the network namespaces of `pids` from one helper run; rejects when the helper fails as a whole. */
export async function netnsAddrs(helper: string, pids: number[]): Promise<Map<number, { ipJson: string } | { error: string }>> {
  const unique = [...new Set(pids)];
  const timeoutMs = NETNS_ADDRS_BASE_TIMEOUT_MS + unique.length * NETNS_ADDRS_TIMEOUT_PER_PID_MS;
  const r = await run(helper, ["--netns-addrs", ...unique.map(String)], { timeoutMs, cleanEnv: true });
  return parseNetnsAddrs(r.stdout);
}
