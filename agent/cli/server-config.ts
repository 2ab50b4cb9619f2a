// `corral server config ...`: the agent's own settings (images.remote_cache_expiry, ...).
import type { Command } from "commander";
import { parseKeyValues } from "./args";
import type { CliContext } from "./context";
import { renderYaml } from "./output";

export function registerServerConfig(program: Command, ctx: CliContext): void {
  const config = program.command("server").description("the agent's own settings").command("config").description("show or change the agent's settings");
  config
    .command("show")
    .description("every setting with its value (defaults included)")
    .action(async () => {
      ctx.io.stdout.write(renderYaml((await ctx.agent().config.GetServerConfig({})).config));
    });
  config
    .command("set <key=value...>")
    .description("change settings")
    .action(async (pairs: string[]) => {
      await ctx.agent().config.UpdateServerConfig({ config: parseKeyValues(pairs) });
    });
  config
    .command("unset <keys...>")
    .description("restore settings to their defaults")
    .action(async (keys: string[]) => {
      await ctx.agent().config.UpdateServerConfig({ config: Object.fromEntries(keys.map((k) => [k, ""])) });
    });
}
