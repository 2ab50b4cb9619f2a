// Rendering of command results: lxc-style boxed tables, CSV, JSON and YAML. No commander nor
// grpc-js here: the lean `corral list` (list-fast.ts) renders with it too.
import { yaml } from "../util/yaml";

export type Format = "table" | "json" | "yaml" | "csv";

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

/** A single object as YAML, the way `lxc show` prints one. */
export function renderYaml(value: unknown): string {
  return yaml().stringify(value);
}
