// The storage driver registry: adding a driver is one folder and one line here. Callers ask a
// driver's `info`, never branch on its name.
import { invalid } from "../../errors";
import type { StorageDriver } from "../driver";
import { BtrfsDriver } from "./btrfs/driver";
import { DirDriver } from "./dir/driver";
import { LvmDriver } from "./lvm/driver";
import { ZfsDriver } from "./zfs/driver";

const DRIVERS: Record<string, StorageDriver> = {
  dir: new DirDriver(),
  btrfs: new BtrfsDriver(),
  zfs: new ZfsDriver(),
  lvm: new LvmDriver(),
};

/** Names accepted as a pool's `driver`, for validation messages and the provider's schema. */
export const STORAGE_DRIVER_NAMES: readonly string[] = Object.keys(DRIVERS);

/** The driver for a pool's `driver` field; unknown names are a validation error on that field. */
export function getStorageDriver(name: string): StorageDriver {
  const d = Object.prototype.hasOwnProperty.call(DRIVERS, name) ? DRIVERS[name] : undefined;
  if (!d) throw invalid("driver", `must be one of ${STORAGE_DRIVER_NAMES.join(", ")}`);
  return d;
}
