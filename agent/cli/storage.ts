// `corral storage ...`: storage pools and their custom volumes.
import type { Command } from "commander";
import type { StoragePool__Output } from "../../proto/gen/types/corral/v1/StoragePool";
import type { Volume__Output } from "../../proto/gen/types/corral/v1/Volume";
import type { VolumeSnapshot__Output } from "../../proto/gen/types/corral/v1/VolumeSnapshot";
import { invalid } from "../errors";
import { parseKeyValues } from "./args";
import type { CliContext } from "./context";
import { addListCommand, formatBytes, formatOption, renderList, renderYaml, type Format } from "./output";
import { byCodeUnit } from "../util/compare";

export const POOL_HEADERS = ["NAME", "DRIVER", "SOURCE", "USED", "TOTAL", "DESCRIPTION", "USED BY", "STATE"];
export const VOLUME_HEADERS = ["TYPE", "NAME", "CONTENT-TYPE", "USED", "USED BY"];

/** One `storage list` row. */
export function poolRow(p: StoragePool__Output): string[] {
  return [p.name, p.driver, p.config.source ?? "", formatBytes(p.used_bytes), formatBytes(p.total_bytes), p.description, String(p.used_by.length), (p.status || "").toUpperCase()];
}

/** One `storage volume list` row. */
export function volumeRow(v: Volume__Output): string[] {
  return [v.type, v.name, v.content_type, formatBytes(v.used_bytes), String(v.used_by.length)];
}

/** Registers the storage commands. */
export function registerStorage(program: Command, ctx: CliContext): void {
  const storage = program.command("storage").description("manage storage pools and volumes");
  storage
    .command("create <name> <driver> [pairs...]")
    .description("create a storage pool (e.g. size=2GiB, source=/path)")
    .option("--description <text>", "description", "")
    .option("--target <member>", "record this cluster member's own values (source, size); the create without --target makes the pool")
    .action(async (name: string, driver: string, pairs: string[], opts: { description: string; target?: string }) => {
      await ctx.agent().pools.CreateStoragePool({ name, driver, config: parseKeyValues(pairs), description: opts.description, target: opts.target ?? "" });
      ctx.out(opts.target ? `Storage pool ${name} pending on member ${opts.target}` : `Storage pool ${name} created`);
    });
  addListCommand(storage, ctx, {
    description: "list storage pools",
    load: async () => (await ctx.agent().pools.ListStoragePools({})).pools.sort((a, b) => byCodeUnit(a.name, b.name)),
    headers: POOL_HEADERS,
    row: poolRow,
  });
  storage
    .command("show <name>")
    .description("show a storage pool")
    .action(async (name: string) => {
      ctx.io.stdout.write(renderYaml(await ctx.agent().pools.GetStoragePool({ name })));
    });
  storage
    .command("set <name> <pairs...>")
    .description("set storage pool config keys")
    .action(async (name: string, pairs: string[]) => {
      const changes = parseKeyValues(pairs);
      const p = await ctx.agent().pools.GetStoragePool({ name });
      await ctx.agent().pools.UpdateStoragePool({ name, config: { ...p.config, ...changes }, description: p.description });
    });
  storage
    .command("delete <name>")
    .alias("rm")
    .description("delete a storage pool")
    .action(async (name: string) => {
      await ctx.agent().pools.DeleteStoragePool({ name });
      ctx.out(`Storage pool ${name} deleted`);
    });

  const volume = storage.command("volume").description("manage custom volumes");
  volume
    .command("create <pool> <name> [pairs...]")
    .description("create a custom volume")
    .option("--type <content>", "content type (filesystem, block)", "filesystem")
    .option("--target <member>", "cluster member whose part of the pool holds the volume")
    .action(async (pool: string, name: string, pairs: string[], opts: { type: string; target?: string }) => {
      await ctx.agent().pools.CreateVolume({ pool, name, content_type: opts.type, config: parseKeyValues(pairs), target: opts.target ?? "" });
      ctx.out(`Storage volume ${name} created`);
    });
  volume
    .command("list <pool>")
    .alias("ls")
    .description("list volumes in a pool")
    .addOption(formatOption())
    .action(async (pool: string, opts: { format: Format }) => {
      const res = await ctx.agent().pools.ListVolumes({ pool });
      const sorted = [...res.volumes].sort((a, b) => byCodeUnit(a.type, b.type) || byCodeUnit(a.name, b.name));
      ctx.io.stdout.write(renderList(opts.format, sorted, VOLUME_HEADERS, volumeRow));
    });
  volume
    .command("show <pool> <name>")
    .description("show a volume")
    .action(async (pool: string, name: string) => {
      ctx.io.stdout.write(renderYaml(await ctx.agent().pools.GetVolume({ pool, name })));
    });
  volume
    .command("delete <pool> <name>")
    .alias("rm")
    .description("delete a custom volume")
    .action(async (pool: string, name: string) => {
      await ctx.agent().pools.DeleteVolume({ pool, name });
      ctx.out(`Storage volume ${name} deleted`);
    });
  volume
    .command("set <pool> <name> <pairs...>")
    .description("set volume config keys (size=... resizes the volume)")
    .action(async (pool: string, name: string, pairs: string[]) => {
      const v = await ctx.agent().pools.GetVolume({ pool, name });
      await ctx.agent().pools.UpdateVolume({ pool, name, config: { ...v.config, ...parseKeyValues(pairs) } });
      ctx.out(`Storage volume ${name} updated`);
    });
  volume
    .command("copy <source> <target>")
    .description("copy a custom volume: POOL/VOLUME POOL/VOLUME (the same pool or another one)")
    .action(async (source: string, target: string) => {
      const [sourcePool, sourceName] = poolAndVolume(source, "source");
      const [pool, name] = poolAndVolume(target, "target");
      await ctx.agent().pools.CopyVolume({ source_pool: sourcePool, source_name: sourceName, pool, name });
      ctx.out(`Storage volume ${source} copied to ${target}`);
    });

  const snapshot = volume.command("snapshot").description("manage custom volume snapshots");
  snapshot
    .command("create <pool> <volume> <snapshot>")
    .description("snapshot a custom volume")
    .action(async (pool: string, vol: string, name: string) => {
      await ctx.agent().pools.CreateVolumeSnapshot({ pool, volume: vol, name });
      ctx.out(`Snapshot ${name} of volume ${vol} created`);
    });
  snapshot
    .command("list <pool> <volume>")
    .alias("ls")
    .description("list a volume's snapshots, oldest first")
    .addOption(formatOption())
    .action(async (pool: string, vol: string, opts: { format: Format }) => {
      const { snapshots } = await ctx.agent().pools.ListVolumeSnapshots({ pool, name: vol });
      ctx.io.stdout.write(renderList(opts.format, snapshots, VOLUME_SNAPSHOT_HEADERS, (s: VolumeSnapshot__Output) => [s.name, s.created_at]));
    });
  snapshot
    .command("restore <pool> <volume> <snapshot>")
    .description("restore a volume from a snapshot (no running instance may use it)")
    .action(async (pool: string, vol: string, name: string) => {
      await ctx.agent().pools.RestoreVolumeSnapshot({ pool, volume: vol, name });
      ctx.out(`Volume ${vol} restored from snapshot ${name}`);
    });
  snapshot
    .command("delete <pool> <volume> <snapshot>")
    .alias("rm")
    .description("delete a volume snapshot")
    .action(async (pool: string, vol: string, name: string) => {
      await ctx.agent().pools.DeleteVolumeSnapshot({ pool, volume: vol, name });
      ctx.out(`Snapshot ${name} of volume ${vol} deleted`);
    });
}

export const VOLUME_SNAPSHOT_HEADERS = ["NAME", "CREATED AT"];

/** Splits POOL/VOLUME; anything else is a usage error naming the argument. */
function poolAndVolume(v: string, what: string): [string, string] {
  const m = /^([^/]+)\/([^/]+)$/.exec(v);
  if (!m) throw invalid(what, `must be POOL/VOLUME, got "${v}"`);
  return [m[1]!, m[2]!];
}
