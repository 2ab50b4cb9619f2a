// `corral operation ...`: long-running work on the agent.
import type { Command } from "commander";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import type { CliContext } from "./context";
import { addListCommand, renderYaml } from "./output";

export const OPERATION_HEADERS = ["ID", "KIND", "RESOURCE", "STATUS", "STAGE", "PROGRESS", "CREATED"];

/** One `operation list` row. */
export function operationRow(o: Operation__Output): string[] {
  return [o.id, o.kind, o.resource, o.status, o.stage, o.percent ? `${Math.floor(o.percent)}%` : "", o.created_at];
}

/** Registers the operation commands. */
export function registerOperations(program: Command, ctx: CliContext): void {
  const operation = program.command("operation").description("inspect and cancel operations");
  addListCommand(operation, ctx, {
    description: "list operations",
    load: async () => (await ctx.agent().operations.ListOperations({})).operations,
    headers: OPERATION_HEADERS,
    row: operationRow,
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
