// `corral copy SRC[/SNAP] DST`: a new instance from another one or from one of its snapshots, with
// the source's own config, devices and profiles (new MAC addresses and volatile keys).
import type { Command } from "commander";
import type { CreateInstanceRequest } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { Device } from "../../proto/gen/types/corral/v1/Device";
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";
import { CorralError } from "../errors";
import type { CliContext } from "./context";

/** Splits "NAME" or "NAME/SNAPSHOT". */
export function parseCopySource(arg: string): { instance: string; snapshot?: string } {
  const [instance, snapshot, ...rest] = arg.split("/");
  if (!instance || snapshot === "" || rest.length) {
    throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `invalid argument "${arg}": expected NAME or NAME/SNAPSHOT`, { field: "source" });
  }
  return { instance, snapshot };
}

/** The create request of a copy: the source's own settings; with `pool` its root disk goes there. */
export function buildCopyRequest(src: Instance__Output, snapshot: string | undefined, name: string, opts: { pool?: string; start?: boolean; target?: string }): CreateInstanceRequest {
  const devices: Record<string, Device> = Object.fromEntries(Object.entries(src.devices).map(([k, d]) => [k, { properties: { ...d.properties } }]));
  if (opts.pool) {
    const own = Object.entries(devices).find(([, d]) => d.properties!.type === "disk" && d.properties!.path === "/");
    const fromProfile = Object.entries(src.expanded_devices).find(([, d]) => d.properties.type === "disk" && d.properties.path === "/");
    const [dev, root] = own ?? fromProfile ?? ["root", { properties: { type: "disk", path: "/" } }];
    devices[dev] = { properties: { ...root.properties, pool: opts.pool } };
  }
  return {
    name, type: src.type, config: { ...src.config }, devices, profiles: src.profiles, profiles_set: true,
    ephemeral: src.ephemeral, description: src.description, start: !!opts.start,
    source: { instance: src.name, snapshot: snapshot ?? "" }, target: opts.target ?? "",
  };
}

/** Registers `copy`. */
export function registerCopy(program: Command, ctx: CliContext): void {
  program
    .command("copy <source> <name>")
    .alias("cp")
    .description("create an instance from another one (SOURCE) or from one of its snapshots (SOURCE/SNAPSHOT)")
    .option("--pool <pool>", "storage pool for the copy's root disk (default: the source's)")
    .option("--start", "start the copy once created")
    .option("--target <member>", "cluster member for the copy (it is made on its source's member)")
    .action(async (source: string, name: string, opts: { pool?: string; start?: boolean; target?: string }) => {
      const { instance, snapshot } = parseCopySource(source);
      const src = await ctx.agent().instances.GetInstance({ name: instance, with_state: false });
      const op = await ctx.agent().instances.CreateInstance(buildCopyRequest(src, snapshot, name, opts));
      await ctx.wait(op, `Copying ${source} to ${name}`);
      ctx.out(`Instance ${name} copied from ${source}`);
    });
}
