// `corral remote ...`: the image servers the agent fetches from; `corral image copy REMOTE:REF`
// fetches one image into the local store, as `lxc image copy` does; `corral publish` makes one.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { Remote__Output } from "../../proto/gen/types/corral/v1/Remote";
import { CorralError } from "../errors";
import { splitRemoteRef } from "../images/remotes";
import { collect } from "./args";
import type { CliContext } from "./context";
import { fingerprintOf } from "./images";
import { addListCommand } from "./output";

/** Pulls REMOTE:REF into the agent's store with progress; returns the local fingerprint. */
export async function pullImage(ctx: CliContext, source: { remote: string; ref: string }, opts: { vm?: boolean; aliases?: string[]; cached?: boolean }): Promise<string> {
  const op = await ctx.agent().remotes.PullImage({
    remote: source.remote, ref: source.ref, type: opts.vm ? "virtual-machine" : "container", aliases: opts.aliases ?? [], cached: !!opts.cached,
  });
  const done = await ctx.wait(op, `Retrieving image ${source.remote}:${source.ref}`);
  return fingerprintOf(done) || fingerprintOf(op);
}

/** Registers `remote add|list|remove` and `image copy`. */
export function registerRemotes(program: Command, ctx: CliContext): void {
  const remote = program.command("remote").description("manage image servers (simplestreams servers, other agents)");
  remote
    .command("add <name> <url>")
    .description("add an image server (corral: another agent's API, https://HOST:PORT)")
    .option("--protocol <protocol>", "simplestreams or corral", "simplestreams")
    .option("--public", "the server needs no client certificate (corral: its public images only)")
    .option("--certificate <file>", "PEM certificate the server must present (self-signed servers; corral: the agent's server certificate)")
    .option("--token <token>", "corral: a trust token of the other agent (corral trust add), enrolling this agent to see its private images too")
    .action(async (name: string, url: string, opts: { protocol: string; public?: boolean; certificate?: string; token?: string }) => {
      let certificate = "";
      if (opts.certificate) {
        try {
          certificate = readFileSync(opts.certificate, "utf8");
        } catch (e) {
          throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `certificate: cannot read ${opts.certificate} (${(e as Error).message})`, { field: "certificate" });
        }
      }
      await ctx.agent().remotes.AddRemote({ name, url, protocol: opts.protocol, public: !!opts.public, certificate, token: opts.token ?? "" });
    });
  addListCommand(remote, ctx, {
    description: "list image servers",
    load: async () => (await ctx.agent().remotes.ListRemotes({})).remotes,
    headers: ["NAME", "URL", "PROTOCOL", "PUBLIC", "PINNED"],
    row: (r: Remote__Output) => [r.name, r.url, r.protocol, r.public ? "YES" : "NO", r.certificate || r.server_fingerprint ? "YES" : "NO"],
  });
  remote
    .command("remove <name>")
    .alias("rm")
    .description("remove an image server")
    .action(async (name: string) => {
      await ctx.agent().remotes.RemoveRemote({ name });
    });

  program
    .command("publish <source>")
    .description("make an image of a stopped container or VM (INSTANCE) or of a snapshot (INSTANCE/SNAPSHOT)")
    .option("--alias <alias>", "alias for the image (repeatable)", collect)
    .option("--public", "serve it to other agents (core.https_address)")
    .option("--force", "stop a running instance for the time of the publish")
    .action(async (source: string, opts: { alias?: string[]; public?: boolean; force?: boolean }) => {
      const [instance, snapshot] = source.split("/", 2) as [string, string | undefined];
      const op = await ctx.agent().images.PublishImage({ instance, snapshot: snapshot ?? "", aliases: opts.alias ?? [], public: !!opts.public, force: !!opts.force });
      ctx.out(fingerprintOf(await ctx.wait(op, `Publishing ${source}`)));
    });

  const image = program.commands.find((c) => c.name() === "image");
  if (!image) throw new Error("registerRemotes: register the image commands first");
  image
    .command("update <ref>")
    .description("make an image public (served to other agents by core.https_address) or private")
    .option("--public", "serve it")
    .option("--private", "stop serving it")
    .action(async (ref: string, opts: { public?: boolean; private?: boolean }) => {
      if (!!opts.public === !!opts.private) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", "give one of --public and --private", { field: "public" });
      await ctx.agent().images.UpdateImage({ ref, public: !!opts.public, public_set: true });
    });
  image
    .command("copy <source>")
    .description("copy an image from a remote (REMOTE:ALIAS or REMOTE:FINGERPRINT) into the local store")
    .option("--alias <alias>", "local alias for the image (repeatable)", collect)
    .option("--vm", "the virtual-machine image of that alias")
    .action(async (source: string, opts: { alias?: string[]; vm?: boolean }) => {
      const ref = splitRemoteRef(source);
      if (!ref) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", `source: must be REMOTE:ALIAS or REMOTE:FINGERPRINT (got "${source}")`, { field: "source" });
      ctx.out(await pullImage(ctx, ref, { vm: opts.vm, aliases: opts.alias }));
    });
}
