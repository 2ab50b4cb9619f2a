// The instance driver registry: one driver per instance type. The manager picks one by the
// instance's type and asks its `info`; adding a kind of instance is one folder and one line here.
import { join } from "node:path";
import type { InstanceDriver } from "../driver";
import { LxcDriver } from "./lxc/driver";
import { QemuDriver } from "./qemu/driver";

/** Every instance driver of an agent whose data lives in dataDir. */
export function instanceDrivers(dataDir: string): InstanceDriver[] {
  return [new LxcDriver({ lxcPath: join(dataDir, "lxc") }), new QemuDriver({ vmPath: join(dataDir, "qemu") })];
}
