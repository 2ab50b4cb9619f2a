// What /proc/PID/stat says of a process, read at once (the kernel makes the file up on read).
import { readFileSync } from "node:fs";

export interface ProcStat {
  /** The command name (field 2). */
  comm: string;
  /** The state letter ("Z" for a zombie). */
  state: string;
  ppid: number;
  /** Field 22: when it started, in clock ticks since boot; with the pid, names this process and no later one. */
  start: string;
}

/** The process's stat fields; undefined when it is gone. */
export function procStat(pid: number | string): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces: count from the last ")".
  const close = stat.lastIndexOf(")");
  const rest = stat.slice(close + 2).split(" ");
  return { comm: stat.slice(stat.indexOf("(") + 1, close), state: rest[0] ?? "", ppid: Number(rest[1]), start: rest[19] ?? "" };
}
