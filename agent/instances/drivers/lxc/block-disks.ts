// Block volumes in containers, as device nodes: each start attaches the volume's disk file to a
// loop device of its own, makes a node for that device in the container's LXC directory (owned by
// the container's root, so an unprivileged root can open it), binds the node in at the device's
// path and lets the devices cgroup allow just that device. The lines go to `disks.conf` (included
// by the config), which also remembers the loop devices so stop can detach them.
import { writeFileSync } from "node:fs";
import { chown, rm, stat, writeFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { invalid } from "../../../errors";
import { run } from "../../../host/run";
import { Revert } from "../../../util/revert";
import type { InstanceSpec } from "../../driver";

export const DISKS_CONF = "disks.conf";
const LOOP_LINE = /^# corral\.disk\.\d+\.loop = (\/dev\/loop\d+)$/gm;

/** Makes the include file exist (empty: no block disks attached), leaving a running container's alone. */
export function ensureDisksConf(dir: string): void {
  writeFileSync(join(dir, DISKS_CONF), "", { flag: "a" }); // appends nothing to one that exists
}

/** Attaches spec's block disks (for a stopped container) and writes disks.conf; undone on failure. */
export async function attachDisks(dir: string, spec: InstanceSpec, devicesPrefix: string): Promise<void> {
  await detachDisks(dir); // a container that stopped by itself left its loop devices attached
  if (!spec.disks.length) return;
  await Revert.with(async (r) => {
    const lines: string[] = [];
    for (const [i, d] of spec.disks.entries()) {
      const inside = d.path.replace(/^\/+/, "");
      if (!inside || inside.split("/").includes("..") || /\s/.test(inside)) throw invalid(`disks[${i}].path`, "must name a path below / without .. or spaces");
      const res = await run("losetup", ["--find", "--show", ...(d.readonly ? ["--read-only"] : []), "--", d.source]);
      const loop = res.stdout.trim();
      if (!/^\/dev\/loop\d+$/.test(loop)) throw new Error(`losetup returned an unexpected device name: ${JSON.stringify(loop)}`);
      r.add(`detach ${loop}`, () => run("losetup", ["--detach", loop]));
      lines.push(`# corral.disk.${i}.loop = ${loop}`);
      const rdev = (await stat(loop)).rdev;
      const major = (rdev >> 8) & 0xfff;
      const minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
      const node = join(dir, `disk.${d.name}`);
      await rm(node, { force: true });
      await run("mknod", ["-m", "0660", node, "b", String(major), String(minor)]);
      if (spec.idmap) await chown(node, spec.idmap.uid.hostId, spec.idmap.gid.hostId);
      lines.push(`${devicesPrefix}.devices.allow = b ${major}:${minor} ${d.readonly ? "r" : "rw"}m`);
      lines.push(`lxc.mount.entry = ${node} ${inside} none bind,create=file${d.readonly ? ",ro" : ""} 0 0`);
    }
    await writeFile(join(dir, DISKS_CONF), lines.join("\n") + "\n");
  });
}

/** Detaches the loop devices disks.conf names and empties it; a device already gone is fine. */
export async function detachDisks(dir: string): Promise<void> {
  const conf = join(dir, DISKS_CONF);
  const text = await readFile(conf, "utf8").catch(() => "");
  for (const m of text.matchAll(LOOP_LINE)) await run("losetup", ["--detach", m[1]!]).catch(() => undefined);
  if (text) await writeFile(conf, "");
}
