// The instance driver registry: one driver per instance type. The manager picks one by the
// instance's type and asks its `info`; adding a kind of instance is one folder and one line here.
import { join } from "node:path";
import type { RuleTable } from "../../config/rules";
import type { InstanceDriver } from "../driver";
import { LxcDriver } from "./lxc/driver";
import { QemuDriver } from "./qemu/driver";

/** Every instance driver of an agent whose data lives in dataDir. */
export function instanceDrivers(dataDir: string): InstanceDriver[] {
  return [new LxcDriver({ lxcPath: join(dataDir, "lxc") }), new QemuDriver({ vmPath: join(dataDir, "qemu") })];
}

/** The config keys the drivers of one instance type (of every type when undefined) add, for checks outside an agent. */
export function instanceDriverRules(type?: string): RuleTable {
  return Object.assign({}, ...instanceDrivers("").filter((d) => type === undefined || d.info.type === type).map((d) => d.rules));
}
