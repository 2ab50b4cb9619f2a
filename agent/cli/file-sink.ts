// A local file that a download (export, file pull) streams into.
import { createWriteStream, type WriteStream } from "node:fs";
import { lstat, rm } from "node:fs/promises";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { CorralError, type ErrorCode } from "../errors";

/** The command's error for a local file that cannot be written, naming the file. */
export function localFileError(path: string, err: unknown): CorralError {
  const e = err as NodeJS.ErrnoException;
  const code: ErrorCode = e.code === "ENOENT" || e.code === "ENOTDIR" ? "CORRAL_ERR_NOT_FOUND"
    : e.code === "EACCES" || e.code === "EPERM" || e.code === "EROFS" ? "CORRAL_ERR_PERMISSION_DENIED"
    : "CORRAL_ERR_FAILED_PRECONDITION";
  // Node ends the message with the call and path ("…, open '/x'"): the path is said once, first.
  const why = e.syscall ? e.message.replace(/, \w+( '.*')?$/, "") : e.message;
  return new CorralError(code, `cannot write ${path}: ${why}`, { cause: err });
}

/**
 * Writes with backpressure. A write error (disk full, EACCES) may come while no write waits (the
 * download waits for its next message then): it is kept and thrown by the next write or close,
 * never left as an unhandled 'error' event.
 */
export class FileSink {
  private readonly out: WriteStream;
  private failure?: unknown;
  private opened = false;

  constructor(readonly path: string, mode: number) {
    this.out = createWriteStream(path, { mode });
    this.out.on("error", (e) => (this.failure ??= e));
    this.out.once("open", () => (this.opened = true));
  }

  async write(buf: Uint8Array): Promise<void> {
    this.check();
    if (this.out.write(buf)) return;
    await once(this.out, "drain").catch(() => undefined);
    this.check();
  }

  /** Flushes and closes the file; throws what went wrong writing it. */
  async close(): Promise<void> {
    this.check();
    this.out.end();
    await finished(this.out).catch(() => undefined);
    this.check();
  }

  /** After a failed download: closes the file and removes it if this sink created or truncated it
   * and it is a regular file (never a device node such as /dev/full). */
  async discard(): Promise<void> {
    this.out.destroy();
    await finished(this.out).catch(() => undefined);
    if (this.opened && (await lstat(this.path).catch(() => undefined))?.isFile()) await rm(this.path, { force: true });
  }

  private check(): void {
    if (this.failure !== undefined) throw localFileError(this.path, this.failure);
  }
}
