// The `--format` option and `list` commands of the CLI; the rendering itself is in render.ts.
import { Option, type Command } from "commander";
import type { CliContext } from "./context";
import { renderList, type Format } from "./render";

export { renderCsv, renderList, renderTable, renderYaml, type Format } from "./render";

/** The `--format` option every list command takes. */
export function formatOption(formats: Format[] = ["table", "json", "yaml", "csv"]): Option {
  return new Option("-f, --format <format>", "output format").choices(formats).default("table");
}

/** What a `list` command shows: the items to fetch, their table/CSV row and, optionally, their JSON/YAML form. */
export interface ListSpec<T> {
  description: string;
  load: () => Promise<T[]>;
  headers: string[];
  row: (item: T) => string[];
  toObject?: (item: T) => unknown;
}

/** Adds `list` (alias `ls`, with --format) under parent: one shape for every resource's listing. */
export function addListCommand<T>(parent: Command, ctx: CliContext, spec: ListSpec<T>): void {
  parent
    .command("list")
    .alias("ls")
    .description(spec.description)
    .addOption(formatOption())
    .action(async (opts: { format: Format }) => {
      ctx.io.stdout.write(renderList(opts.format, await spec.load(), spec.headers, spec.row, spec.toObject));
    });
}

/** Byte counts the way lxc prints them: 1.50GiB. */
export function formatBytes(n: number): string {
  if (!n) return "0B";
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v}B` : `${v.toFixed(2)}${units[i]}`;
}
