// `corral profile ...`: reusable config and devices.
import type { Command } from "commander";
import type { Profile__Output } from "../../proto/gen/types/corral/v1/Profile";
import { CorralError } from "../errors";
import { parseKeyValues } from "./args";
import type { CliContext } from "./context";
import { plainDevices } from "./instances";
import { addListCommand, renderYaml } from "./output";
import { byCodeUnit } from "../util/compare";

export const PROFILE_HEADERS = ["NAME", "DESCRIPTION", "USED BY"];

/** Saves a profile after a change; UpdateProfile replaces config and devices as a whole. */
async function editProfile(ctx: CliContext, name: string, edit: (p: Profile__Output) => void): Promise<void> {
  const p = await ctx.agent().profiles.GetProfile({ name });
  edit(p);
  await ctx.agent().profiles.UpdateProfile({ name, description: p.description, config: p.config, devices: p.devices });
}

/** Registers the profile commands. */
export function registerProfiles(program: Command, ctx: CliContext): void {
  const profile = program.command("profile").description("manage profiles");
  profile
    .command("create <name> [pairs...]")
    .description("create a profile (optional key=value config)")
    .option("--description <text>", "description", "")
    .action(async (name: string, pairs: string[], opts: { description: string }) => {
      await ctx.agent().profiles.CreateProfile({ name, description: opts.description, config: parseKeyValues(pairs) });
      ctx.out(`Profile ${name} created`);
    });
  addListCommand(profile, ctx, {
    description: "list profiles",
    load: async () => (await ctx.agent().profiles.ListProfiles({})).profiles.sort((a, b) => byCodeUnit(a.name, b.name)),
    headers: PROFILE_HEADERS,
    row: (p) => [p.name, p.description, String(p.used_by.length)],
    toObject: (p) => ({ ...p, devices: plainDevices(p.devices) }),
  });
  profile
    .command("show <name>")
    .description("show a profile")
    .action(async (name: string) => {
      const p = await ctx.agent().profiles.GetProfile({ name });
      ctx.io.stdout.write(renderYaml({ ...p, devices: plainDevices(p.devices) }));
    });
  profile
    .command("set <name> <pairs...>")
    .description("set profile config keys (key=value...)")
    .action(async (name: string, pairs: string[]) => {
      const changes = parseKeyValues(pairs);
      await editProfile(ctx, name, (p) => Object.assign(p.config, changes));
    });
  profile
    .command("unset <name> <keys...>")
    .description("remove profile config keys")
    .action(async (name: string, keys: string[]) => {
      await editProfile(ctx, name, (p) => keys.forEach((k) => delete p.config[k]));
    });
  profile
    .command("delete <name>")
    .alias("rm")
    .description("delete a profile")
    .action(async (name: string) => {
      await ctx.agent().profiles.DeleteProfile({ name });
      ctx.out(`Profile ${name} deleted`);
    });
  const device = profile.command("device").description("manage profile devices");
  device
    .command("add <profile> <device> <pairs...>")
    .description("add a device (type=disk|nic key=value...)")
    .action(async (name: string, dev: string, pairs: string[]) => {
      const properties = parseKeyValues(pairs);
      if (!properties.type) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `device ${dev}: type is required (disk, nic)`, { field: "type" });
      await editProfile(ctx, name, (p) => {
        if (p.devices[dev]) throw new CorralError("CORRAL_ERR_ALREADY_EXISTS", `device ${dev} already exists in profile ${name}`);
        p.devices[dev] = { properties };
      });
    });
  device
    .command("remove <profile> <device>")
    .alias("rm")
    .description("remove a device")
    .action(async (name: string, dev: string) => {
      await editProfile(ctx, name, (p) => {
        if (!p.devices[dev]) throw new CorralError("CORRAL_ERR_NOT_FOUND", `device ${dev} not found in profile ${name}`);
        delete p.devices[dev];
      });
    });
}
