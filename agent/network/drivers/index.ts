// Network driver registry: the manager asks for a driver by type and never branches on the name.
// Adding a driver = one folder and one line here.
import { invalid } from "../../errors";
import type { NetworkDriver } from "../driver";
import { bridgeDriver } from "./bridge/driver";
import { macvlanDriver } from "./macvlan/driver";

const drivers: Record<string, NetworkDriver> = {
  bridge: bridgeDriver,
  macvlan: macvlanDriver,
};

/** Types on the roadmap (DESIGN.md) that have no driver yet: rejected with a clear message. */
const planned = ["vlan"];

/** Every network type this agent can create (feeds validation messages and `corral info`). */
export const networkTypes = (): string[] => Object.keys(drivers).sort();

/** The driver for a network type; throws INVALID_ARGUMENT naming `field` for unknown or unsupported types. */
export function getNetworkDriver(type: string, field = "type"): NetworkDriver {
  const d = drivers[type];
  if (d) return d;
  const allowed = networkTypes().join(", ");
  if (planned.includes(type)) throw invalid(field, `${type} networks are not supported yet; must be one of ${allowed}`);
  throw invalid(field, `must be one of ${allowed}`);
}
