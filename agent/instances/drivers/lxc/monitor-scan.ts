// The inits of containers that were running before this agent started, found in /proc instead of
// with an lxc-info per container. After a restart the driver knows no container's init, so its
// first list would ask lxc-info about each running container (~6 ms of a process apiece). LXC's
// monitor (the daemonized lxc-start) titles itself `[lxc monitor] LXCPATH NAME`, and the container's
// init is its child: one pass over /proc/*/stat gives every process's parent, name and start time.
// Only what is certain is returned: a monitor with exactly one child that has exec'd the init
// (a child still named lxc-start is a container being set up; none, or a dead one, one stopping). The driver then
// checks the freezer as for any init it saw running, and asks lxc-info about everything else.
import { readdirSync, readFileSync } from "node:fs";
import { procStat, type ProcStat } from "../../../host/proc";

export interface Init {
  pid: number;
  /** Field 22 of /proc/PID/stat: with the pid, names this process and no later one. */
  start: string;
}

/** The running inits of the containers under lxcPath, by container name (see the header). */
export function monitorInits(lxcPath: string): Map<string, Init> {
  const procs = new Map<number, ProcStat>();
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = procStat(entry);
    if (!p) continue;
    const pid = Number(entry);
    procs.set(pid, p);
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(pid);
    else children.set(p.ppid, [pid]);
  }
  const title = `[lxc monitor] ${lxcPath} `;
  const out = new Map<string, Init>();
  for (const [pid, p] of procs) {
    if (p.comm !== "lxc-start") continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]!;
    } catch {
      continue;
    }
    if (!cmdline.startsWith(title)) continue;
    const kids = children.get(pid) ?? [];
    const init = kids.length === 1 ? procs.get(kids[0]!) : undefined;
    if (init && init.comm !== "lxc-start" && init.state !== "Z" && init.start) out.set(cmdline.slice(title.length), { pid: kids[0]!, start: init.start });
  }
  return out;
}
