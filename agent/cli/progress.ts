// The progress line of operations on a terminal's stderr, shared by the full CLI (context.ts) and
// the lean operation commands (ops-fast.ts): free of heavy imports.
import type { Writable } from "node:stream";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";

/** A single status line rewritten in place; silent unless the stream is a terminal. */
export class ProgressLine {
  private shown = false;
  constructor(private readonly stream: Writable & { isTTY?: boolean }) {}

  update(op: Pick<Operation__Output, "stage" | "percent">, label: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[K${progressText(op, label)}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}

/** The text of a progress line: "Creating web1: unpacking image 45%". */
export function progressText(op: Pick<Operation__Output, "stage" | "percent">, label: string): string {
  const parts: string[] = [];
  if (op.stage) parts.push(op.stage);
  if (op.percent > 0) parts.push(`${Math.floor(op.percent)}%`);
  return parts.length ? `${label}: ${parts.join(" ")}` : label;
}
