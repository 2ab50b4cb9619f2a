// gRPC handlers of corral.v1.Remotes (image servers, pulling images from them), of
// corral.v1.ServerConfig (the agent's own settings, such as the image cache's) and
// Images.PublishImage (an image made from an instance).
import { CorralError, invalid } from "../errors";
import type { Agent } from "../daemon/agent";
import type { RemoteRecord } from "../images/remotes";
import type { PullImageRequest__Output } from "../../proto/gen/types/corral/v1/PullImageRequest";
import type { Remote, Remote__Output } from "../../proto/gen/types/corral/v1/Remote";
import type { RemoveRemoteRequest__Output } from "../../proto/gen/types/corral/v1/RemoveRemoteRequest";
import type { ServerConfigValues__Output } from "../../proto/gen/types/corral/v1/ServerConfigValues";
import { unary } from "./grpc-util";
import { parseInstanceName, parseObjectName } from "../config/rules";
import { publishFiles, runningError } from "../images/publish";
import { hostArchitecture } from "../images/import";
import type { PublishImageRequest__Output } from "../../proto/gen/types/corral/v1/PublishImageRequest";

const remoteToWire = (r: RemoteRecord): Remote => ({ name: r.name, url: r.url, protocol: r.protocol, public: r.public, certificate: r.certificate ?? "", server_fingerprint: r.fingerprint ?? "" });

export function remotesService(agent: Agent) {
  return {
    AddRemote: unary(async (req: Remote__Output) => remoteToWire(await agent.remotes.add(req))),
    ListRemotes: unary(async () => ({ remotes: (await agent.remotes.list()).map(remoteToWire) })),
    RemoveRemote: unary(async (req: RemoveRemoteRequest__Output) => { await agent.remotes.remove(req.name); return {}; }),
    PullImage: unary(async (req: PullImageRequest__Output) => {
      if (!req.remote) throw invalid("remote", "is required");
      req.aliases.forEach((a, i) => { if (!a) throw invalid(`aliases[${i}]`, "must not be empty"); });
      // Resolved before the operation starts: an unknown remote or alias is the call's error.
      const found = await agent.puller.resolve(req);
      return agent.ops.start("image.pull", `images/${found.image.fingerprint}`, async (ctx) => {
        await agent.puller.pull(req, ctx, found);
      }, { cancellable: true });
    }),
  };
}

export function serverConfigService(agent: Agent) {
  return {
    GetServerConfig: unary(async () => ({ config: await agent.config.all() })),
    UpdateServerConfig: unary(async (req: ServerConfigValues__Output) => ({ config: await agent.config.update(req.config ?? {}) })),
  };
}

/** Images.PublishImage: a stopped container (or, with force, one stopped for the time of it) or a snapshot. */
export function publishHandler(agent: Agent) {
  return unary(async (req: PublishImageRequest__Output) => {
    parseInstanceName(req.instance, "instance");
    if (req.snapshot) parseObjectName(req.snapshot, "snapshot");
    req.aliases.forEach((a, i) => parseObjectName(a, `aliases[${i}]`));
    for (const a of req.aliases) {
      const owner = await agent.images.resolve(a).catch(() => undefined);
      if (owner) throw invalid(`aliases`, `image alias "${a}" already exists (points to ${owner.fingerprint.slice(0, 12)})`);
    }
    const rec = await agent.instances.get(req.instance);
    const source = req.snapshot ? `${req.instance}/${req.snapshot}` : req.instance;
    if (req.snapshot) {
      if (!(await agent.instances.listSnapshots(req.instance)).some((s) => s.name === req.snapshot)) throw invalid("snapshot", `instance "${req.instance}" has no snapshot "${req.snapshot}"`);
    }
    const running = !req.snapshot && (await agent.instances.driverOf(rec).status(req.instance)) !== "Stopped";
    if (running && !req.force) throw runningError(req.instance);
    const change = async (action: "stop" | "start") => {
      const op = await agent.ops.wait((await agent.instances.changeState(req.instance, action, false, 0)).id, 0);
      if (op.status !== "SUCCESS") throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `publish ${source}: cannot ${action} the instance (${op.error_message})`);
    };
    return agent.ops.start("image.publish", `instances/${source}`, async (ctx) => {
      if (running) {
        ctx.progress("stopping instance", 5);
        await change("stop");
      }
      try {
        ctx.progress("packing image", 10);
        const img = await agent.instances.withFilesOf(req.instance, req.snapshot || undefined, async (dir, inst) => {
          // Where the instance's files lack metadata.yaml (a VM on a raw block disk), its image's stands in, or this host's architecture.
          const origin = await agent.images.resolve(inst.image).catch(() => ({ architecture: hostArchitecture(), properties: {} }));
          return publishFiles(agent.images.imagesDir, dir, { type: inst.type, source: `instance ${source}`, properties: req.properties ?? {}, signal: ctx.signal, origin });
        }, ctx.signal);
        ctx.setResource(`images/${img.fingerprint}`);
        await agent.images.addImported(img, req.aliases, "", { sourceInstance: source, public: !!req.public });
      } finally {
        if (running) await change("start");
      }
    });
  });
}
