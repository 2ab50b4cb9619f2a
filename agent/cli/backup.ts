// `corral export NAME FILE` and `corral import FILE [NAME]`: instance backups (LXD's tarball
// layout) streamed through the agent, with a progress line on a terminal.
import { createReadStream, statSync } from "node:fs";
import type { Command } from "commander";
import type { BackupChunk, BackupChunk__Output } from "../../proto/gen/types/corral/v1/BackupChunk";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { CorralError } from "../errors";
import type { CliContext } from "./context";
import { FileSink } from "./file-sink";
import { formatBytes } from "./output";
import { CHUNK_BYTES, upload } from "./streams";

/** "Exporting c1: 12.0MiB of ~40.0MiB" on a terminal's stderr, rewritten in place. */
function byteProgress(ctx: CliContext, label: string): { update(done: number, total: number): void; clear(): void } {
  const tty = !!ctx.io.stderr.isTTY;
  return {
    update: (done, total) => {
      if (tty) ctx.io.stderr.write(`\r\x1b[K${label}: ${formatBytes(done)}${total ? ` of ~${formatBytes(total)}` : ""}`);
    },
    clear: () => {
      if (tty) ctx.io.stderr.write("\r\x1b[K");
    },
  };
}

/** Streams the instance's backup into file; a failed export leaves no file behind. */
export async function exportInstance(ctx: CliContext, name: string, file: string, instanceOnly: boolean): Promise<void> {
  const call = ctx.agent().raw.instances.ExportInstance({ name, instance_only: instanceOnly });
  const out = new FileSink(file, 0o600);
  const progress = byteProgress(ctx, `Exporting ${name}`);
  let total = 0;
  let done = 0;
  try {
    for await (const msg of call as AsyncIterable<BackupChunk__Output>) {
      if (msg.msg === "header") total = msg.header?.total_bytes ?? 0;
      if (msg.msg !== "data" || !msg.data) continue;
      await out.write(msg.data);
      done += msg.data.length;
      progress.update(done, total);
    }
    await out.close();
  } catch (err) {
    call.cancel();
    await out.discard();
    throw err;
  } finally {
    progress.clear();
  }
}

/** Streams a backup file to the agent and waits for the instance to be restored; returns its name. */
export async function importInstance(ctx: CliContext, file: string, name: string | undefined, pool: string | undefined): Promise<string> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (err) {
    throw new CorralError("CORRAL_ERR_NOT_FOUND", `${file}: ${(err as Error).message}`, { field: "file", cause: err });
  }
  const progress = byteProgress(ctx, `Uploading ${file}`);
  async function* messages(): AsyncGenerator<BackupChunk> {
    yield { header: { name: name ?? "", pool: pool ?? "", total_bytes: size } };
    let sent = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      yield { data: chunk as Buffer };
      sent += (chunk as Buffer).length;
      progress.update(sent, size);
    }
  }
  let op: Operation__Output;
  try {
    op = await upload((cb) => ctx.agent().raw.instances.ImportInstance(cb), messages());
  } finally {
    progress.clear();
  }
  await ctx.wait(op, `Importing ${file}`);
  return op.resource.slice("instances/".length);
}

/** Registers `export` and `import`. */
export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command("export <name> <file>")
    .description("write a backup tarball of an instance (with its snapshots unless --instance-only)")
    .option("--instance-only", "leave the snapshots out")
    .action(async (name: string, file: string, opts: { instanceOnly?: boolean }) => {
      await exportInstance(ctx, name, file, !!opts.instanceOnly);
      ctx.out(`Backup of ${name} written to ${file}`);
    });
  program
    .command("import <file> [name]")
    .description("recreate an instance (not started) with its snapshots from a backup tarball")
    .option("--pool <pool>", "storage pool for its root disk (default: the one it was exported from)")
    .action(async (file: string, name: string | undefined, opts: { pool?: string }) => {
      const made = await importInstance(ctx, file, name, opts.pool);
      ctx.out(`Instance ${made} imported from ${file}`);
    });
}
