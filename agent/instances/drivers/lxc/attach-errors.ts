// lxc-attach reports its own failures (instance stopped, init gone, namespaces unreachable) as
// LXC log lines on the same stream as the command's output, before the command runs. This
// separates them so a failed attach becomes an error instead of an exit code with LXC's chatter.
import { Transform } from "node:stream";

/** `lxc-attach: NAME: ../src/lxc/attach.c: get_attach_context: 406 Connection refused - Failed to get init pid` */
const LXC_LOG_LINE = /^lxc-attach: [^:\r\n]+: [^:\r\n]*\.c: \w+: \d+ /;

/**
 * Passes output through, holding back the leading LXC log lines of lxc-attach itself: once a line
 * is not one of them, everything after it is the command's own output and flows untouched.
 */
export function attachErrorFilter(): { stream: Transform; lines: string[] } {
  const lines: string[] = [];
  let pending = "";
  let passing = false;
  const stream = new Transform({
    transform(chunk: Buffer | string, _enc, cb) {
      if (passing) return cb(null, chunk);
      pending += chunk.toString();
      for (let nl = pending.indexOf("\n"); nl >= 0 && !passing; nl = pending.indexOf("\n")) {
        const line = pending.slice(0, nl);
        // "Failed to exec" is the command's own failure (not found, not executable): its output.
        if (LXC_LOG_LINE.test(line) && !/Failed to exec /.test(line)) {
          lines.push(line.replace(/\r$/, ""));
          pending = pending.slice(nl + 1);
        } else {
          passing = true;
        }
      }
      if (!passing && pending && !mayBecomeLogLine(pending)) passing = true;
      if (!passing) return cb();
      const out = pending;
      pending = "";
      cb(null, out || undefined);
    },
    flush(cb) {
      cb(null, pending || undefined);
    },
  });
  return { stream, lines };
}

/** Whether an unfinished line could still turn out to be an LXC log line. */
const mayBecomeLogLine = (partial: string): boolean =>
  partial.length < MAX_LOG_LINE && (partial.startsWith(PREFIX) || PREFIX.startsWith(partial));
const PREFIX = "lxc-attach: ";
/** LXC log lines are short; anything longer without a newline is the command's output. */
const MAX_LOG_LINE = 4096;

/** The reason lxc-attach gave ("Failed to get init pid"), from its log lines. */
export function attachFailureReason(lines: string[]): string {
  const first = lines[0] ?? "";
  return first.replace(LXC_LOG_LINE, "").trim() || "lxc-attach failed";
}
