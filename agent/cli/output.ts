// Rendering of command results: lxc-style boxed tables, CSV, JSON and YAML.
import { Option, type Command } from "commander";
import type { CliContext } from "./context";

/** yaml is loaded only when YAML output is asked for (CLI start-up time). */
const yaml = (): typeof import("yaml") => require("yaml") as typeof import("yaml");

export type Format = "table" | "json" | "yaml" | "csv";

/** The `--format` option every list command takes. */
export function formatOption(formats: Format[] = ["table", "json", "yaml", "csv"]): Option {
  return new Option("-f, --format <format>", "output format").choices(formats).default("table");
}

/** A boxed table in the style of `lxc list`; cells may span several lines. */
export function renderTable(headers: string[], rows: string[][]): string {
  const cellLines = (c: string) => (c === "" ? [""] : c.split("\n"));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...cellLines(r[i] ?? "").map((l) => l.length)))));
  const sep = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const center = (s: string, w: number) => {
    const left = Math.floor((w - s.length) / 2);
    return " ".repeat(left) + s + " ".repeat(w - s.length - left);
  };
  const lines = [sep, "| " + headers.map((h, i) => center(h, widths[i])).join(" | ") + " |", sep];
  for (const row of rows) {
    const cells = headers.map((_, i) => cellLines(row[i] ?? ""));
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      lines.push("| " + cells.map((c, i) => (c[l] ?? "").padEnd(widths[i])).join(" | ") + " |");
    }
    lines.push(sep);
  }
  return lines.join("\n") + "\n";
}

/** RFC 4180 CSV without a header row, as `lxc list --format csv` prints it. */
export function renderCsv(rows: string[][]): string {
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(quote).join(",") + "\n").join("");
}

/** Renders a list in any format: JSON/YAML from the objects, table/CSV from the rows. */
export function renderList<T>(format: Format, items: T[], headers: string[], toRow: (item: T) => string[], toObject: (item: T) => unknown = (x) => x): string {
  switch (format) {
    case "json":
      return JSON.stringify(items.map(toObject), null, 2) + "\n";
    case "yaml":
      return items.length ? yaml().stringify(items.map(toObject)) : "[]\n";
    case "csv":
      return renderCsv(items.map(toRow));
    case "table":
      return renderTable(headers, items.map(toRow));
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
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

/** A single object as YAML, the way `lxc show` prints one. */
export function renderYaml(value: unknown): string {
  return yaml().stringify(value);
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
