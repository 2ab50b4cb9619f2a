// corral_image: an image in the agent's store, from a local file (streamed to the agent), a URL
// (downloaded by the provider, then streamed), an image server the agent knows (source_remote +
// source_alias, fetched by the agent) or an instance or snapshot the agent publishes
// (source_instance). Uploading an image the agent already has adopts it.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as grpc from "@grpc/grpc-js";
import { attrPath, DiagError, type Context, type Diag, type Obj, type Resource } from "../framework/types";
import { agentError, isNotFound, unlessNotFound, waitOperation } from "../client/agent";
import type { Image__Output } from "../../proto/gen/types/corral/v1/Image";
import type { Operation__Output } from "../../proto/gen/types/corral/v1/Operation";
import { str, strList } from "./values";
import { parseObjectName } from "../../agent/config/rules";
import { check, known } from "./rules";

const CHUNK = 1 << 20;
const SOURCES = ["source_file", "source_url", "source_remote", "source_instance"] as const;

async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

function toState(img: Image__Output, prior: Obj): Obj {
  return {
    id: img.fingerprint,
    source_file: prior.source_file ?? null,
    source_url: prior.source_url ?? null,
    source_remote: prior.source_remote ?? null,
    source_alias: prior.source_alias ?? null,
    source_instance: prior.source_instance ?? null,
    aliases: prior.aliases === null ? null : [...img.aliases],
    fingerprint: img.fingerprint,
    type: img.type,
    architecture: img.architecture,
    size_bytes: img.size_bytes,
    created_at: img.created_at,
  };
}

/** Streams a unified image file to the agent's UploadImage, logging progress. */
async function upload(ctx: Context, path: string, aliases: string[]): Promise<string> {
  const size = (await stat(path)).size;
  const op = await new Promise<Operation__Output>((resolve, reject) => {
    const call = ctx.client.raw.images.UploadImage((err: grpc.ServiceError | null, res?: Operation__Output) => (err ? reject(err) : resolve(res!)));
    const onAbort = () => call.cancel();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    (async () => {
      call.write({ header: { aliases, filename: basename(path), total_bytes: size } });
      let sent = 0;
      let lastPct = -1;
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
        if (!call.write({ data: chunk as Buffer })) await new Promise((r) => call.once("drain", r));
        sent += (chunk as Buffer).length;
        const pct = Math.floor((100 * sent) / Math.max(size, 1) / 10) * 10;
        if (pct !== lastPct) ctx.log(`uploading ${basename(path)}: ${pct}%`, { sent, size });
        lastPct = pct;
      }
      call.end();
    })().catch((e) => call.destroy(e)).finally(() => ctx.signal.removeEventListener("abort", onAbort));
  });
  const done = await waitOperation(ctx.client, op, ctx.signal);
  return done.resource.replace(/^images\//, "");
}

async function download(ctx: Context, url: string, dir: string): Promise<string> {
  const res = await fetch(url, { signal: ctx.signal }).catch((e) => {
    throw new DiagError([{ severity: "error", summary: "Cannot download image", detail: `${url}: ${(e as Error).message}`, path: attrPath("source_url") }]);
  });
  if (!res.ok || !res.body) throw new DiagError([{ severity: "error", summary: "Cannot download image", detail: `${url}: HTTP ${res.status}`, path: attrPath("source_url") }]);
  const out = join(dir, basename(new URL(url).pathname) || "image.tar");
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), createWriteStream(out));
  return out;
}

/** Has the agent fetch source_alias from source_remote (an operation with download progress). */
async function pull(ctx: Context, p: Obj, aliases: string[]): Promise<Image__Output> {
  const remote = str(p.source_remote)!;
  const ref = str(p.source_alias)!;
  try {
    const op = await ctx.client.remotes.PullImage({ remote, ref, type: str(p.type) ?? "container", aliases });
    let last = "";
    const done = await waitOperation(ctx.client, op, ctx.signal, (o) => {
      if (o.stage !== last) ctx.log(`image ${remote}:${ref}: ${o.stage}`, { percent: o.percent });
      last = o.stage;
    });
    return (await get(ctx, done.resource.replace(/^images\//, "")))!;
  } catch (e) {
    throw agentError(e, `fetch image ${remote}:${ref}`, (f) => (f === "remote" ? attrPath("source_remote") : f === "type" ? attrPath("type") : f.startsWith("aliases") ? attrPath("aliases") : attrPath("source_alias")));
  }
}

/** Has the agent publish an instance or snapshot (INSTANCE[/SNAPSHOT]) as an image. */
async function publish(ctx: Context, source: string, aliases: string[]): Promise<Image__Output> {
  const [instance, snapshot] = source.split("/", 2) as [string, string | undefined];
  try {
    const op = await ctx.client.images.PublishImage({ instance, snapshot: snapshot ?? "", aliases });
    const done = await waitOperation(ctx.client, op, ctx.signal);
    return (await get(ctx, done.resource.replace(/^images\//, "")))!;
  } catch (e) {
    throw agentError(e, `publish ${source}`, (f) => (f.startsWith("aliases") ? attrPath("aliases") : attrPath("source_instance")));
  }
}

async function get(ctx: Context, ref: string): Promise<Image__Output | undefined> {
  return unlessNotFound(ctx.client.images.GetImage({ ref }), `read image ${ref}`);
}

async function setAliases(ctx: Context, fp: string, aliases: string[] | undefined): Promise<void> {
  if (aliases === undefined) return;
  try {
    await ctx.client.images.UpdateImage({ ref: fp, aliases, aliases_set: true });
  } catch (e) {
    throw agentError(e, `set aliases of image ${fp.slice(0, 12)}`, (f) => (f.startsWith("aliases") ? attrPath("aliases") : undefined));
  }
}

export const imageResource: Resource = {
  typeName: "corral_image",
  schema: {
    version: 0,
    description: "An image in the agent's store (LXD format: unified tarball with metadata.yaml and rootfs/).",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "The fingerprint." },
      source_file: { type: "string", optional: true, requiresReplace: true, description: "Local image file, streamed to the agent." },
      source_url: { type: "string", optional: true, requiresReplace: true, description: "URL of an image file, downloaded by the provider." },
      source_remote: { type: "string", optional: true, requiresReplace: true, description: "Name of an image server the agent knows (`corral remote list`); the agent fetches the image from it." },
      source_alias: { type: "string", optional: true, requiresReplace: true, description: "Alias (e.g. debian/12) or fingerprint prefix of the image on source_remote." },
      source_instance: { type: "string", optional: true, requiresReplace: true, description: "Publish a container: INSTANCE (stopped) or INSTANCE/SNAPSHOT (e.g. a corral_snapshot), for golden images built by Terraform." },
      aliases: { type: ["list", "string"], optional: true, description: "Aliases of the image in the agent's store." },
      fingerprint: { type: "string", computed: true, useStateForUnknown: true, description: "SHA-256 of the image file(s), as LXD computes it." },
      type: { type: "string", optional: true, computed: true, useStateForUnknown: true, requiresReplace: true, description: "container or virtual-machine; with source_remote it picks which image of the alias is fetched (default container)." },
      architecture: { type: "string", computed: true, useStateForUnknown: true, description: "e.g. x86_64." },
      size_bytes: { type: "number", computed: true, useStateForUnknown: true, description: "Size of the image file(s)." },
      created_at: { type: "string", computed: true, useStateForUnknown: true, description: "creation_date from metadata.yaml." },
    },
  },
  validate(config) {
    const set = SOURCES.filter((k) => config[k] !== null && config[k] !== undefined);
    const diags: Diag[] = [];
    if (set.length !== 1) {
      diags.push({ severity: "error", summary: "Exactly one image source is required", detail: `set one of ${SOURCES.join(", ")} (got ${set.length ? set.join(", ") : "none"})`, path: set.length > 1 ? attrPath(set[1]!) : undefined });
    }
    if (Array.isArray(config.aliases)) {
      config.aliases.forEach((a, i) => { if (known(a)) diags.push(...check(attrPath("aliases", i), () => parseObjectName(a))); });
    }
    if ((config.source_alias ?? null) !== null && (config.source_remote ?? null) === null) diags.push({ severity: "error", summary: "source_alias needs source_remote", path: attrPath("source_alias") });
    if ((config.source_remote ?? null) !== null && (config.source_alias ?? null) === null) diags.push({ severity: "error", summary: "source_remote needs source_alias", detail: "the alias or fingerprint of the image on the remote", path: attrPath("source_remote") });
    if ((config.type ?? null) !== null && (config.source_remote ?? null) === null) diags.push({ severity: "error", summary: "type can only be set with source_remote", detail: "the type of an uploaded image comes from its files", path: attrPath("type") });
    return diags;
  },
  async create(ctx, p) {
    const aliases = strList(p.aliases) ?? [];
    if (str(p.source_remote)) return toState(await pull(ctx, p, aliases), p);
    if (str(p.source_instance)) return toState(await publish(ctx, str(p.source_instance)!, aliases), p);
    let tmp: string | undefined;
    try {
      let path = str(p.source_file);
      if (!path && str(p.source_url)) {
        tmp = await mkdtemp(join(tmpdir(), "corral-image-"));
        path = await download(ctx, str(p.source_url)!, tmp);
      }
      const fp = await sha256File(path!).catch((e) => {
        throw new DiagError([{ severity: "error", summary: "Cannot read source_file", detail: (e as Error).message, path: attrPath("source_file") }]);
      });
      const existing = await get(ctx, fp);
      if (existing) {
        await setAliases(ctx, fp, [...new Set([...existing.aliases, ...aliases])]);
      } else {
        try {
          await upload(ctx, path!, aliases);
        } catch (e) {
          throw agentError(e, `import image ${basename(path!)}`, (f) => (f.startsWith("aliases") ? attrPath("aliases") : attrPath(str(p.source_file) ? "source_file" : "source_url")));
        }
      }
      return toState((await get(ctx, fp))!, p);
    } finally {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  },
  async read(ctx, s) {
    const img = await get(ctx, str(s.fingerprint) ?? str(s.id)!);
    return img ? toState(img, s) : null;
  },
  async update(ctx, p, prior) {
    await setAliases(ctx, str(prior.fingerprint)!, strList(p.aliases) ?? []);
    return toState((await get(ctx, str(prior.fingerprint)!))!, p);
  },
  async delete(ctx, s) {
    try {
      await waitOperation(ctx.client, await ctx.client.images.DeleteImage({ ref: str(s.fingerprint)! }), ctx.signal);
    } catch (e) {
      if (!isNotFound(e)) throw agentError(e, `delete image ${str(s.fingerprint)?.slice(0, 12)}`);
    }
  },
  /** ID: FINGERPRINT-or-ALIAS[,source_file=PATH|,source_url=URL], so the imported source matches the config. */
  async importState(ctx, id) {
    const [ref, ...opts] = id.split(",");
    const img = await get(ctx, ref!);
    if (!img) throw new DiagError([{ severity: "error", summary: "Cannot import image", detail: `no image with fingerprint or alias "${ref}"` }]);
    const state: Obj = { id: img.fingerprint, fingerprint: img.fingerprint };
    // An image fetched from a remote or published imports with its source, so the config's source matches.
    if (img.source_remote && !opts.length) Object.assign(state, { source_remote: img.source_remote, source_alias: img.source_alias, type: img.type });
    if (img.source_instance && !opts.length) state.source_instance = img.source_instance;
    for (const o of opts) {
      const eq = o.indexOf("=");
      const k = o.slice(0, eq);
      if (eq < 0 || (k !== "source_file" && k !== "source_url")) {
        throw new DiagError([{ severity: "error", summary: "Invalid import ID", detail: `expected FINGERPRINT[,source_file=PATH|,source_url=URL], got "${id}"` }]);
      }
      state[k] = o.slice(eq + 1);
    }
    return state;
  },
};
