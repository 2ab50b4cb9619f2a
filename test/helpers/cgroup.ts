// Reads a process's cgroup files wherever this host mounts its controllers (v1, v2 or hybrid), so
// tests follow the host's layout instead of assuming one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cgroupLayout } from "../../agent/instances/drivers/lxc/cgroup";

/** The file of `controller` for `pid`: `v1File` on a v1 hierarchy, else `v2File` on the unified one. */
export async function cgroupFile(pid: number, controller: string, v1File: string, v2File: string): Promise<string> {
  const layout = await cgroupLayout();
  const lines = readFileSync(`/proc/${pid}/cgroup`, "utf8").split("\n").map((l) => l.split(":"));
  const v1 = lines.find((p) => p[1]?.split(",").includes(controller));
  const mount = layout.controllers.get(controller);
  if (v1 && mount?.version === 1) return readFileSync(join(mount.mount, v1[2]!, v1File), "utf8").trim();
  const v2 = lines.find((p) => p[0] === "0");
  return readFileSync(join(layout.unified!, v2![2]!, v2File), "utf8").trim();
}

/** The memory limit of `pid`'s cgroup in bytes. */
export const memoryLimit = async (pid: number): Promise<number> =>
  Number(await cgroupFile(pid, "memory", "memory.limit_in_bytes", "memory.max"));
