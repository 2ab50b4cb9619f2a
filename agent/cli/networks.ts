// `corral network ...`: managed networks.
import type { Command } from "commander";
import type { Network__Output } from "../../proto/gen/types/corral/v1/Network";
import { parseKeyValues } from "./args";
import type { CliContext } from "./context";
import { addListCommand, renderYaml } from "./output";
import { byCodeUnit } from "../util/compare";
import { LEASE_EXPIRES_AT } from "../leases/lease";
import { registerNetworkPolicy } from "./network-policy";

export const NETWORK_HEADERS = ["NAME", "TYPE", "IPV4", "IPV6", "DESCRIPTION", "USED BY", "STATE", "LEASE"];

/** One `network list` row. */
export function networkRow(n: Network__Output): string[] {
  return [n.name, n.type, n.config["ipv4.address"] ?? "", n.config["ipv6.address"] ?? "", n.description, String(n.used_by.length), (n.status || "").toUpperCase(), n.config[LEASE_EXPIRES_AT] ?? ""];
}

/** Registers the network commands. */
export function registerNetworks(program: Command, ctx: CliContext): void {
  const network = program.command("network").description("manage networks");
  network
    .command("create <name> [pairs...]")
    .description("create a network (key=value config)")
    .option("-t, --type <type>", "network type (bridge, macvlan, vlan)", "bridge")
    .option("--description <text>", "description", "")
    .option("--target <member>", "record this cluster member's own values (e.g. parent); the create without --target makes the network")
    .action(async (name: string, pairs: string[], opts: { type: string; description: string; target?: string }) => {
      await ctx.agent().networks.CreateNetwork({ name, type: opts.type, config: parseKeyValues(pairs), description: opts.description, target: opts.target ?? "" });
      ctx.out(opts.target ? `Network ${name} pending on member ${opts.target}` : `Network ${name} created`);
    });
  addListCommand(network, ctx, {
    description: "list networks",
    load: async () => (await ctx.agent().networks.ListNetworks({})).networks.sort((a, b) => byCodeUnit(a.name, b.name)),
    headers: NETWORK_HEADERS,
    row: networkRow,
  });
  network
    .command("show <name>")
    .description("show a network")
    .action(async (name: string) => {
      ctx.io.stdout.write(renderYaml(await ctx.agent().networks.GetNetwork({ name })));
    });
  network
    .command("get <name> <key>")
    .description("print one network config key")
    .action(async (name: string, key: string) => {
      const n = await ctx.agent().networks.GetNetwork({ name });
      ctx.out(n.config[key] ?? "");
    });
  network
    .command("set <name> <pairs...>")
    .description("set network config keys (key=value...)")
    .action(async (name: string, pairs: string[]) => {
      const changes = parseKeyValues(pairs);
      const n = await ctx.agent().networks.GetNetwork({ name });
      await ctx.agent().networks.UpdateNetwork({ name, config: { ...n.config, ...changes }, description: n.description });
    });
  network
    .command("unset <name> <keys...>")
    .description("remove network config keys")
    .action(async (name: string, keys: string[]) => {
      const n = await ctx.agent().networks.GetNetwork({ name });
      const config = { ...n.config };
      for (const k of keys) delete config[k];
      await ctx.agent().networks.UpdateNetwork({ name, config, description: n.description });
    });
  network
    .command("delete <name>")
    .alias("rm")
    .description("delete a network")
    .action(async (name: string) => {
      await ctx.agent().networks.DeleteNetwork({ name });
      ctx.out(`Network ${name} deleted`);
    });
  registerNetworkPolicy(network, ctx);
}
