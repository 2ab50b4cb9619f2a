// `corral image ...`: the local image store (LXD unified or split images).
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import type { ImageUploadChunk } from "../../proto/gen/types/corral/v1/ImageUploadChunk";
import type { Image__Output } from "../../proto/gen/types/corral/v1/Image";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { CorralError } from "../errors";
import { collect } from "./args";
import type { CliContext } from "./context";
import { addListCommand, formatBytes, renderYaml } from "./output";
import { CHUNK_BYTES, upload } from "./streams";
import { byCodeUnit } from "../util/compare";

export const IMAGE_HEADERS = ["ALIAS", "FINGERPRINT", "PUBLIC", "DESCRIPTION", "ARCHITECTURE", "TYPE", "SIZE", "UPLOAD DATE"];

/** One `image list` row, fingerprint shortened to 12 characters as lxc does. */
export function imageRow(i: Image__Output): string[] {
  return [
    i.aliases.join("\n"),
    i.fingerprint.slice(0, 12),
    i.public ? "yes" : "no",
    i.properties.description ?? "",
    i.architecture,
    (i.type || "container").toUpperCase(),
    formatBytes(i.size_bytes),
    i.uploaded_at,
  ];
}

function fileSize(path: string, field: string): number {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a regular file");
    return st.size;
  } catch (err) {
    throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `${field} ${path}: ${(err as Error).message}`, { field, cause: err });
  }
}

/** Whether the file starts with qcow2's magic ("QFI\xfb"). */
function isQcow2(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]));
  } finally {
    closeSync(fd);
  }
}

/** The fingerprint an upload produced: the operation's resource is "images/<fingerprint>". */
export function fingerprintOf(op: Pick<Operation__Output, "resource">): string {
  const r = op.resource ?? "";
  return r.startsWith("images/") ? r.slice("images/".length) : r;
}

/** A file as upload-sized data messages. */
async function* chunks(path: string): AsyncGenerator<{ data: Buffer }> {
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) yield { data: chunk as Buffer };
}

/** Streams an image (metadata/unified tarball, then the rootfs for split images) and waits for it to be stored. */
export async function importImage(ctx: CliContext, file: string, rootfs: string | undefined, aliases: string[]): Promise<string> {
  const total = fileSize(file, "image") + (rootfs ? fileSize(rootfs, "rootfs") : 0);
  async function* messages(): AsyncGenerator<ImageUploadChunk> {
    yield { header: { aliases, split: !!rootfs, filename: basename(file), total_bytes: total } };
    yield* chunks(file);
    if (rootfs) {
      yield { rootfs_begin: true };
      yield* chunks(rootfs);
    }
  }
  const op = await upload<ImageUploadChunk, Operation__Output>((cb) => ctx.agent().raw.images.UploadImage(cb), messages());
  const done = await ctx.wait(op, "Importing image");
  return fingerprintOf(done) || fingerprintOf(op);
}

/** Registers the image commands. */
export function registerImages(program: Command, ctx: CliContext): void {
  const image = program.command("image").description("manage images");
  image
    .command("import <file> [rootfs]")
    .description("import an LXD image (unified tarball, or metadata + rootfs), or with --vm a bare qcow2 disk")
    .option("--alias <alias>", "alias for the image (repeatable)", collect)
    .option("--vm", "file is a bare qcow2 disk (a distribution's cloud image): wrap it into a virtual-machine image")
    .action(async (file: string, rootfs: string | undefined, opts: { alias?: string[]; vm?: boolean }) => {
      if (opts.vm && (rootfs || !isQcow2(file))) {
        throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `--vm: ${file} must be a single qcow2 disk (metadata is generated for it)`, { field: "vm" });
      }
      const fp = await importImage(ctx, file, rootfs, opts.alias ?? []);
      ctx.out(fp);
    });
  addListCommand(image, ctx, {
    description: "list images",
    load: async () => (await ctx.agent().images.ListImages({})).images.sort((a, b) => byCodeUnit(a.aliases[0] ?? "~" + a.fingerprint, b.aliases[0] ?? "~" + b.fingerprint)),
    headers: IMAGE_HEADERS,
    row: imageRow,
  });
  image
    .command("show <ref>")
    .description("show an image (fingerprint, prefix or alias)")
    .action(async (ref: string) => {
      ctx.io.stdout.write(renderYaml(await ctx.agent().images.GetImage({ ref })));
    });
  image
    .command("delete <refs...>")
    .alias("rm")
    .description("delete images")
    .action(async (refs: string[]) => {
      for (const ref of refs) {
        const op = await ctx.agent().images.DeleteImage({ ref });
        await ctx.wait(op, `Deleting image ${ref}`);
      }
    });
  const alias = image.command("alias").description("manage image aliases");
  alias
    .command("add <ref> <aliases...>")
    .alias("create")
    .description("add aliases to an image")
    .action(async (ref: string, aliases: string[]) => {
      const img = await ctx.agent().images.GetImage({ ref });
      const next = [...img.aliases, ...aliases.filter((a) => !img.aliases.includes(a))];
      await ctx.agent().images.UpdateImage({ ref: img.fingerprint, aliases: next, aliases_set: true, properties: img.properties });
    });
  alias
    .command("delete <alias>")
    .alias("rm")
    .description("remove an alias from its image")
    .action(async (name: string) => {
      const img = await ctx.agent().images.GetImage({ ref: name });
      if (!img.aliases.includes(name)) throw new CorralError("CORRAL_ERR_NOT_FOUND", `image alias ${name} not found`);
      await ctx.agent().images.UpdateImage({ ref: img.fingerprint, aliases: img.aliases.filter((a) => a !== name), aliases_set: true, properties: img.properties });
    });
}
