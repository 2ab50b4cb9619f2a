// `corral cluster ...`: enable clustering on this agent, issue join tokens, list, show, group and remove members.
import type { Command } from "commander";
import { parseUint } from "./args";
import type { CliContext } from "./context";
import { addListCommand, formatBytes, renderYaml } from "./output";

export function registerCluster(program: Command, ctx: CliContext): void {
  const cluster = program.command("cluster").description("manage cluster members");
  cluster
    .command("enable")
    .description("turn this standalone agent into the first cluster member (starts embedded etcd and moves the state into it; instances keep running)")
    .option("--address <ip>", "this host's address for the other members")
    .option("--name <name>", "member name (default: the host name)")
    .action(async (opts: { address?: string; name?: string }) => {
      const m = await ctx.agent().cluster.EnableCluster({ address: opts.address ?? "", name: opts.name ?? "" });
      ctx.out(`Clustering enabled: member "${m.name}" at ${m.address}.`);
    });
  cluster
    .command("add <name>")
    .description("issue a single-use join token for a new member (printed on stdout; any member that listens on TCP issues them); on the new host run `corrald --join TOKEN --address IP`")
    .option("--ttl <seconds>", "token lifetime in seconds (default 3600)")
    .action(async (name: string, opts: { ttl?: string }) => {
      const tok = await ctx.agent().cluster.CreateJoinToken({ name, ttl_s: opts.ttl === undefined ? 0 : parseUint(opts.ttl) });
      ctx.out(tok.token);
    });
  addListCommand(cluster, ctx, {
    description: "list cluster members",
    load: async () => (await ctx.agent().cluster.ListMembers({})).members,
    headers: ["NAME", "ADDRESS", "ROLES", "GROUPS", "ARCH", "CPUS", "MEMORY", "STATUS"],
    row: (m) => [m.name, m.address, m.roles.join(","), m.groups.join(","), m.architecture, String(m.cpus), formatBytes(Number(m.memory_bytes)), m.status],
  });
  cluster
    .command("show <name>")
    .description("show one member")
    .action(async (name: string) => {
      ctx.out(renderYaml(await ctx.agent().cluster.GetMember({ name })).trimEnd());
    });
  cluster
    .command("groups <name> [groups...]")
    .description("set the groups a member is in (none clears them); `--target @group` places on one of them")
    .action(async (name: string, groups: string[]) => {
      await ctx.agent().cluster.SetMemberGroups({ name, groups });
    });
  cluster
    .command("remove <name>")
    .alias("rm")
    .description("remove a member and stop trusting its certificate (an online member only with --force); a removed voter's place goes to another member")
    .option("--force", "remove even when the member is online", false)
    .action(async (name: string, opts: { force: boolean }) => {
      await ctx.agent().cluster.RemoveMember({ name, force: opts.force });
    });
}
