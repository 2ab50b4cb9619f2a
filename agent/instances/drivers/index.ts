// The instance driver registry: one driver per instance type. The manager picks one by the
// instance's type and asks its `info`; adding a kind of instance is one folder and one line here.
import { join } from "node:path";
import type { RuleTable } from "../../config/rules";
import type { InstanceDriver, InstanceDriverInfo } from "../driver";
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

/** What the driver of an instance type can do (undefined for an unknown type), for checks outside an agent. */
export function instanceDriverInfo(type: string): InstanceDriverInfo | undefined {
  return instanceDrivers("").find((d) => d.info.type === type)?.info;
}
