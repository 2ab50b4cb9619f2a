// State and addresses of many containers with few processes. A `list` (or a plan refreshing every
// instance) asks for every container's state at once; one lxc-info and one `nsenter … ip -j addr`
// each, spawned by the agent, cost a fork of the whole agent process apiece (~3-5 ms of its main
// thread) and hundreds of processes at once. Requests that arrive within a short window are
// answered together instead. Addresses come from one `corral-exec-helper --netns-addrs` run for
// all of them (netns-addrs.c: netlink inside each namespace); containers whose init is not known
// yet first get their state from lxc-info: one /bin/sh per chunk of them runs it for each, in
// turn, and the chunks run side by side. Without the helper binary (no C compiler at build time)
// the same shells also run `nsenter … ip -j addr` for each. A single request takes the direct
// path; a chunk that fails as a whole (a wedged monitor timing it out) is asked again one
// container at a time, and a namespace the helper could not read is read with nsenter and ip.
// NetnsCache (below) spares even those processes while a container's network looks unchanged.
import { readFileSync } from "node:fs";
import { run } from "../../../host/run";
import { ipAddrInNetns, lxcInfo, LXC_INFO_TIMEOUT_MS, NSENTER_TIMEOUT_MS, parseLxcInfo, type LxcState } from "./cli";
import { netnsAddrs } from "./netns-addrs";

export interface ProbeResult {
  state: LxcState;
  pid: number;
  /** `ip -j addr` inside the container's network namespace ("[]" when not running or unreadable). */
  ipJson: string;
}

/** How long the first request waits for others to join it. */
export const PROBE_WINDOW_MS = 2;
/** Shells per batch: enough to keep a few CPUs busy (each runs its tools one after the other). */
export const PROBE_SHELLS = 4;
const RECORD = "\x1e";
const IP_MARK = "\x1f";

/**
 * The script one chunk runs, with arguments `lxcpath ip|noip name:pid…`: per container a record
 * `RS name rc`, lxc-info's output (or, for a container given with its running init's pid, the
 * same two lines without asking lxc-info), then, with `ip`, `US` and the addresses when it runs.
 */
export const PROBE_SCRIPT = `P=$1; A=$2; shift 2
for e do
  n=\${e%%:*}; pid=\${e#*:}
  if [ "$pid" = 0 ]; then
    out=$(lxc-info -n "$n" -P "$P" -s -p 2>&1)
    rc=$?
    printf '${RECORD}%s %s\\n%s\\n' "$n" "$rc" "$out"
    [ "$rc" = 0 ] || continue
    case $out in *PID:*) pid=\${out##*PID:} ;; *) continue ;; esac
    for w in $pid; do pid=$w; break; done
    case $pid in ''|0|*[!0-9]*) continue ;; esac
  else
    printf '${RECORD}%s 0\\nState: RUNNING\\nPID: %s\\n' "$n" "$pid"
  fi
  [ "$A" = ip ] || continue
  printf '${IP_MARK}\\n'
  nsenter -t "$pid" -n ip -j addr 2>/dev/null
done
`;

/** Parses a chunk's output into results per name; names missing from it or whose lxc-info failed are absent. */
export function parseProbeOutput(text: string): Map<string, ProbeResult | { error: string }> {
  const out = new Map<string, ProbeResult | { error: string }>();
  for (const rec of text.split(RECORD).slice(1)) {
    const nl = rec.indexOf("\n");
    const [name, rc] = rec.slice(0, nl < 0 ? undefined : nl).split(" ");
    if (!name) continue;
    const body = nl < 0 ? "" : rec.slice(nl + 1);
    const mark = body.indexOf(IP_MARK);
    const info = mark < 0 ? body : body.slice(0, mark);
    if (rc !== "0") {
      out.set(name, { error: info.trim() || `lxc-info exited ${rc}` });
      continue;
    }
    const { state, pid } = parseLxcInfo(info);
    const ipJson = mark < 0 ? "[]" : body.slice(mark + 1).trim();
    // A running container always lists at least lo: nothing means `ip` failed (or was killed), not "no addresses".
    if (!ipJson) out.set(name, { error: `no address listing of running container ${name}` });
    else out.set(name, { state, pid, ipJson });
  }
  return out;
}

interface Waiter {
  name: string;
  /** The init pid of a container known to run (0: ask lxc-info). */
  pid: number;
  resolve(r: ProbeResult): void;
  reject(e: unknown): void;
}

/** `ip -j addr` in the namespace of pid through nsenter. One more try before reporting no
 * addresses: a listing that failed once (a loaded host timing it out) is not an instance without addresses. */
function nsenterAddrs(pid: number): Promise<string> {
  return ipAddrInNetns(pid).catch(() => ipAddrInNetns(pid)).catch(() => "[]");
}

type Info = { state: LxcState; pid: number };

/** Coalesces probes of containers under one lxc path; `helper`: corral-exec-helper, which reads addresses (netns-addrs.ts). */
export class StateProbe {
  private queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly lxcPath: string, private readonly helper?: string) {}

  /** State and addresses of a container; `knownPid`: its init's pid when it is known to run (lxc-info is then skipped). */
  probe(name: string, knownPid = 0): Promise<ProbeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ name, pid: knownPid, resolve, reject });
      this.timer ??= setTimeout(() => this.flush(), PROBE_WINDOW_MS);
    });
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (!this.helper) return this.viaShells(batch);
    // Known inits: the helper at once, for all of them. The others once lxc-info named theirs.
    const known = batch.filter((w) => w.pid > 0);
    if (known.length) void this.addresses(known.map((w) => ({ w, info: { state: "RUNNING", pid: w.pid } })));
    const unknown = batch.filter((w) => w.pid <= 0);
    if (unknown.length) this.viaShells(unknown);
  }

  /** The direct path: lxc-info (unless the pid is known), then the addresses when it runs (nsenter without the helper). */
  private one(w: Waiter): void {
    const info: Promise<Info> = w.pid > 0 ? Promise.resolve({ state: "RUNNING", pid: w.pid }) : lxcInfo({ name: w.name, lxcPath: this.lxcPath });
    if (this.helper) void info.then((i) => this.addresses([{ w, info: i }]), w.reject);
    else void info.then(async (i) => w.resolve({ ...i, ipJson: i.pid > 0 ? await nsenterAddrs(i.pid) : "[]" }), w.reject);
  }

  /** States from a few shells side by side: with the helper, one helper run then reads the addresses of all; without, the shells read them too. */
  private viaShells(batch: Waiter[]): void {
    if (batch.length === 1) return this.one(batch[0]!);
    const size = Math.ceil(batch.length / PROBE_SHELLS);
    const chunks: Promise<{ w: Waiter; info: Info }[]>[] = [];
    for (let i = 0; i < batch.length; i += size) chunks.push(this.shell(batch.slice(i, i + size)));
    if (this.helper) void Promise.all(chunks).then((found) => this.addresses(found.flat()));
  }

  /** One shell's chunk: without the helper it answers its waiters; with it, it returns the states it found for the helper. */
  private async shell(chunk: Waiter[]): Promise<{ w: Waiter; info: Info }[]> {
    const withIp = !this.helper;
    const entries = [...new Set(chunk.map((w) => `${w.name}:${w.pid}`))];
    // Bounded like the tools it runs, one after the other.
    const timeoutMs = entries.length * (LXC_INFO_TIMEOUT_MS + (withIp ? NSENTER_TIMEOUT_MS : 0));
    const r = await run("sh", ["-c", PROBE_SCRIPT, "sh", this.lxcPath, withIp ? "ip" : "noip", ...entries], { timeoutMs, cleanEnv: true }).catch(() => undefined);
    const results = r ? parseProbeOutput(r.stdout) : new Map<string, never>();
    const found: { w: Waiter; info: Info }[] = [];
    for (const w of chunk) {
      const res = results.get(w.name);
      // Missing or failed (or the whole chunk): the direct path reports the tool's failure as it always has.
      if (!res || "error" in res) this.one(w);
      else if (withIp) w.resolve(res);
      else found.push({ w, info: { state: res.state, pid: res.pid } });
    }
    return found;
  }

  /** Addresses of containers whose state is known: one helper run for all; nsenter for what it could not read. */
  private async addresses(items: { w: Waiter; info: Info }[]): Promise<void> {
    const pids = items.map((i) => i.info.pid).filter((p) => p > 0);
    const read = pids.length ? await netnsAddrs(this.helper!, pids).catch(() => undefined) : undefined;
    for (const { w, info } of items) {
      const got = read?.get(info.pid);
      if (info.pid <= 0) w.resolve({ ...info, ipJson: "[]" });
      else if (got && "ipJson" in got) w.resolve({ ...info, ipJson: got.ipJson });
      else void nsenterAddrs(info.pid).then((ipJson) => w.resolve({ ...info, ipJson }));
    }
  }
}

/**
 * The longest an address listing is reused without reading it again (see NetnsCache); tests and
 * benches shorten it with CORRAL_NETNS_CACHE_MAX_AGE_MS to see what a list costs once it expired.
 */
export const NETNS_CACHE_MAX_AGE_MS = Number(process.env.CORRAL_NETNS_CACHE_MAX_AGE_MS) || 30_000;
/** What the kernel shows of a network namespace under /proc/PID/net without any process. */
const NETNS_FILES = ["dev", "if_inet6", "route", "fib_trie"];

/**
 * A fingerprint of a network namespace seen through /proc/PID/net: its interfaces, IPv6 addresses,
 * IPv4 routes and local addresses (counters left out); undefined when the process is gone.
 */
export function netnsFingerprint(pid: number): string | undefined {
  try {
    // Files the kernel makes up on read, never waiting on a disk: read at once, not through the thread pool.
    const texts = NETNS_FILES.map((f) => readFileSync(`/proc/${pid}/net/${f}`, "utf8"));
    // dev: only the interface names (the counters change all the time).
    texts[0] = texts[0]!.split("\n").slice(2).map((l) => l.split(":")[0]!.trim()).join(",");
    return texts.join("\0");
  } catch {
    return undefined;
  }
}

/** An IPv6 address as /proc/net/if_inet6 spells it: 32 hex digits. */
function hex6(a: string): string {
  const [head, tail] = a.toLowerCase().includes("::") ? a.toLowerCase().split("::") : [a.toLowerCase(), undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((g) => g.padStart(4, "0")).join("");
}

/** Whether an `ip -j addr` listing shows the interfaces and addresses a fingerprint (netnsFingerprint) shows. */
export function listingMatches(ipJson: string, fingerprint: string): boolean {
  let links: { ifname?: string; addr_info?: { family?: string; local?: string }[] }[];
  try {
    links = JSON.parse(ipJson);
  } catch {
    return false;
  }
  if (!Array.isArray(links)) return false;
  const parts = fingerprint.split("\0");
  const [dev = "", inet6 = "", trie = ""] = ["dev", "if_inet6", "fib_trie"].map((f) => parts[NETNS_FILES.indexOf(f)]);
  const same = (a: Iterable<string>, b: Iterable<string>) => {
    const x = [...new Set(a)].sort(), y = [...new Set(b)].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  };
  const addrs = (family: string) => links.flatMap((l) => (l.addr_info ?? []).filter((i) => i.family === family && i.local).map((i) => i.local!));
  // fib_trie: a local address is a leaf followed by "/32 host LOCAL".
  const trie4 = [...trie.matchAll(/\|-- (\S+)\n\s+\/32 host LOCAL/g)].map((m) => m[1]!);
  const proc6 = inet6.split("\n").map((l) => l.split(/\s+/)[0]!).filter(Boolean);
  return same(links.map((l) => l.ifname ?? ""), dev.split(",").filter(Boolean))
    && same(addrs("inet"), trie4)
    && same(addrs("inet6").map(hex6), proc6);
}

/**
 * The `ip -j addr` output of running containers, reused while their network namespace shows the
 * same interfaces, addresses and routes as when it was taken: a list of many containers then
 * needs no process per container. Addresses, interfaces and a link going down (its routes go)
 * are seen at once; a MAC or MTU changed inside with nothing else is seen within
 * NETNS_CACHE_MAX_AGE_MS. Entries are keyed by the init's pid, so a restart is a miss.
 */
export class NetnsCache {
  private entries = new Map<string, { pid: number; fingerprint: string; ipJson: string; at: number }>();

  /** The cached listing when the namespace of `pid` looks as it did, with the fingerprint taken now. */
  lookup(name: string, pid: number): { ipJson?: string; fingerprint?: string } {
    const fingerprint = netnsFingerprint(pid);
    const e = this.entries.get(name);
    const fresh = e && e.pid === pid && e.fingerprint === fingerprint && Date.now() - e.at < NETNS_CACHE_MAX_AGE_MS;
    return { ipJson: fresh ? e.ipJson : undefined, fingerprint };
  }

  /**
   * Keeps a listing taken after `fingerprint` was (so a change in between is a miss next time), but
   * only one that shows what the fingerprint shows: a listing that failed ("[]"), or was taken while
   * a DHCP client flushed and re-added an address (the namespace then looks as before, with the
   * listing's gap in it), would otherwise be served as current until the next change.
   */
  store(name: string, pid: number, fingerprint: string, ipJson: string): void {
    if (listingMatches(ipJson, fingerprint)) this.entries.set(name, { pid, fingerprint, ipJson, at: Date.now() });
    else this.entries.delete(name);
  }

  forget(name: string): void {
    this.entries.delete(name);
  }
}
