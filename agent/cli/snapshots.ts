// `corral snapshot ...`: snapshots of an instance's root disk (create, list, restore, delete).
import type { Command } from "commander";
import type { Snapshot__Output } from "../../proto/gen/types/corral/v1/Snapshot";
import type { CliContext } from "./context";
import { formatOption, renderList, type Format } from "./output";

export const SNAPSHOT_HEADERS = ["NAME", "CREATED AT", "STATEFUL"];

/** Registers the snapshot commands. */
export function registerSnapshots(program: Command, ctx: CliContext): void {
  const snapshot = program.command("snapshot").description("manage instance snapshots");
  snapshot
    .command("create <instance> <snapshot>")
    .description("snapshot an instance's root disk")
    .action(async (instance: string, name: string) => {
      await ctx.agent().instances.CreateSnapshot({ instance, name, stateful: false });
      ctx.out(`Snapshot ${name} of ${instance} created`);
    });
  snapshot
    .command("list <instance>")
    .alias("ls")
    .description("list an instance's snapshots, oldest first")
    .addOption(formatOption())
    .action(async (instance: string, opts: { format: Format }) => {
      const { snapshots } = await ctx.agent().instances.ListSnapshots({ instance });
      ctx.io.stdout.write(renderList(opts.format, snapshots, SNAPSHOT_HEADERS, (s: Snapshot__Output) => [s.name, s.created_at, s.stateful ? "YES" : "NO"]));
    });
  snapshot
    .command("restore <instance> <snapshot>")
    .description("restore an instance's root disk from a snapshot (a running instance is stopped and started again)")
    .action(async (instance: string, name: string) => {
      const op = await ctx.agent().instances.RestoreSnapshot({ instance, name });
      await ctx.wait(op, `Restoring ${instance} from ${name}`);
    });
  snapshot
    .command("delete <instance> <snapshot>")
    .alias("rm")
    .description("delete a snapshot")
    .action(async (instance: string, name: string) => {
      await ctx.agent().instances.DeleteSnapshot({ instance, name });
      ctx.out(`Snapshot ${name} of ${instance} deleted`);
    });
}
