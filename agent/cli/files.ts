// `corral file push|pull`: copies files in and out of instances over the PushFile/PullFile streams.
import { createReadStream, statSync } from "node:fs";
import { once } from "node:events";
import { basename, join } from "node:path";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import type { FileChunk, FileChunk__Output } from "../../proto/gen/types/corral/v1/FileChunk";
import type { FileInfo__Output } from "../../proto/gen/types/corral/v1/FileInfo";
import { CorralError } from "../errors";
import { parseInstancePath, parseMode, parseUint } from "./args";
import type { CliContext } from "./context";
import { FileSink } from "./file-sink";
import { CHUNK_BYTES, upload } from "./streams";

export interface PushOptions {
  mode?: string;
  uid?: string;
  gid?: string;
  createDirs?: boolean;
}

/** Sends a local file (or stdin for "-") to NAME/PATH. */
export async function pushFile(ctx: CliContext, src: string, target: string, opts: PushOptions): Promise<FileInfo__Output> {
  const { instance, path: rawPath } = parseInstancePath(target);
  let mode = 0o644;
  let input: Readable;
  let path = rawPath;
  if (src === "-") {
    input = ctx.io.stdin;
  } else {
    let st;
    try {
      st = statSync(src);
    } catch (err) {
      throw new CorralError("CORRAL_ERR_NOT_FOUND", `${src}: ${(err as Error).message}`, { cause: err });
    }
    if (!st.isFile()) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${src}: not a regular file`, { field: "source" });
    mode = st.mode & 0o7777;
    input = createReadStream(src, { highWaterMark: CHUNK_BYTES });
    // "file push ./x web1/tmp/" puts the file inside the directory, as lxc does.
    if (path.endsWith("/")) path += basename(src);
  }
  if (opts.mode !== undefined) mode = parseMode(opts.mode);
  const header = {
    instance,
    path,
    mode,
    uid: opts.uid === undefined ? 0 : parseUint(opts.uid),
    gid: opts.gid === undefined ? 0 : parseUint(opts.gid),
    create_parents: !!opts.createDirs,
  };
  async function* messages(): AsyncGenerator<FileChunk> {
    yield { header };
    for await (const chunk of input) yield { data: typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer) };
  }
  try {
    return await upload((cb) => ctx.agent().raw.instances.PushFile(cb), messages());
  } finally {
    if (input !== ctx.io.stdin) input.destroy();
  }
}

/** Copies NAME/PATH to DEST (a file, a directory, or "-" for stdout). */
export async function pullFile(ctx: CliContext, source: string, dest: string): Promise<void> {
  const { instance, path } = parseInstancePath(source);
  const call = ctx.agent().raw.instances.PullFile({ instance, path });
  let target = dest;
  if (dest !== "-") {
    try {
      if (statSync(dest).isDirectory()) target = join(dest, basename(path));
    } catch {
      // dest does not exist yet: it is the file to create.
    }
  }
  // Created with the file's mode once the header names it; a failed pull leaves no partial file.
  let out: FileSink | undefined;
  const sink = (mode: number) => (out ??= new FileSink(target, mode));
  try {
    for await (const msg of call as AsyncIterable<FileChunk__Output>) {
      if (msg.msg === "header") {
        if (dest !== "-") sink(msg.header?.mode || 0o644);
      } else if (msg.msg === "data" && msg.data) {
        if (dest !== "-") await sink(0o644).write(msg.data);
        else if (!ctx.io.stdout.write(msg.data)) await once(ctx.io.stdout as NodeJS.EventEmitter, "drain");
      }
    }
    if (dest !== "-") await sink(0o644).close();
  } catch (err) {
    call.cancel();
    await out?.discard();
    throw err;
  }
}

/** Registers `file push` and `file pull`. */
export function registerFiles(program: Command, ctx: CliContext): void {
  const file = program.command("file").description("copy files into and out of instances");
  file
    .command("push <source> <target>")
    .description("copy SOURCE (or - for stdin) to NAME/PATH")
    .option("--mode <mode>", "file mode, octal (default: the source's mode)")
    .option("--uid <uid>", "owner uid inside the instance", undefined)
    .option("--gid <gid>", "owner gid inside the instance", undefined)
    .option("-p, --create-dirs", "create missing parent directories")
    .action(async (src: string, target: string, opts: PushOptions) => {
      await pushFile(ctx, src, target, opts);
    });
  file
    .command("pull <source> <dest>")
    .description("copy NAME/PATH to DEST (- for stdout)")
    .action((source: string, dest: string) => pullFile(ctx, source, dest));
}
