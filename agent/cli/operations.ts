// `corral operation ...`: long-running work on the agent.
import type { Command } from "commander";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import type { CliContext } from "./context";
import { formatOption, renderList, renderYaml, type Format } from "./output";

export const OPERATION_HEADERS = ["ID", "KIND", "RESOURCE", "STATUS", "STAGE", "PROGRESS", "CREATED"];

/** One `operation list` row. */
export function operationRow(o: Operation__Output): string[] {
  return [o.id, o.kind, o.resource, o.status, o.stage, o.percent ? `${Math.floor(o.percent)}%` : "", o.created_at];
}

/** Registers the operation commands. */
export function registerOperations(program: Command, ctx: CliContext): void {
  const operation = program.command("operation").description("inspect and cancel operations");
  operation
    .command("list")
    .alias("ls")
    .description("list operations")
    .addOption(formatOption())
    .action(async (opts: { format: Format }) => {
      const res = await ctx.agent().operations.ListOperations({});
      ctx.io.stdout.write(renderList(opts.format, res.operations, OPERATION_HEADERS, operationRow));
    });
  operation
    .command("show <id>")
    .description("show an operation")
    .action(async (id: string) => {
      ctx.io.stdout.write(renderYaml(await ctx.agent().operations.GetOperation({ id })));
    });
  operation
    .command("cancel <id>")
    .description("cancel an operation")
    .action(async (id: string) => {
      await ctx.agent().operations.CancelOperation({ id });
    });
}
