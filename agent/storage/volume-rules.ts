// Config keys of custom volumes: one table for the API edge, `corral info`, the docs and the provider.
import type { RuleTable } from "../config/rules";
import { LEASE_RULES } from "../leases/lease";

export const CUSTOM_VOLUME_RULES: RuleTable = {
  size: { type: "size", description: "Size limit of a filesystem volume (drivers with quotas); the disk size of a block volume. Changing it resizes the volume: a block volume only grows, a filesystem volume not below what it uses" },
  "security.shared": { type: "bool", default: "false", description: "Allow the volume to be attached writable to several instances at once (without it: one writer, or any number of read-only users)" },
  ...LEASE_RULES,
};
