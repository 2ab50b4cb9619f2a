// A reader that goes away (`corral exec c -- yes | head -1`) ends the CLI the way SIGPIPE ends a C
// or Go tool: exit 141 (128 + SIGPIPE) at once, without a stack trace. An exec still running is
// cancelled with the connection, so the agent stops its command.
const EXIT_SIGPIPE = 128 + 13;

export function exitOnBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT_SIGPIPE);
    throw e;
  });
}
