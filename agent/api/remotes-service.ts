// gRPC handlers of corral.v1.Remotes (image servers, pulling images from them) and of
// corral.v1.ServerConfig (the agent's own settings, such as the image cache's).
import { invalid } from "../errors";
import type { Agent } from "../daemon/agent";
import type { RemoteRecord } from "../images/remotes";
import type { PullImageRequest__Output } from "../../proto/gen/types/corral/v1/PullImageRequest";
import type { Remote, Remote__Output } from "../../proto/gen/types/corral/v1/Remote";
import type { RemoveRemoteRequest__Output } from "../../proto/gen/types/corral/v1/RemoveRemoteRequest";
import type { ServerConfigValues__Output } from "../../proto/gen/types/corral/v1/ServerConfigValues";
import { unary } from "./grpc-util";

const remoteToWire = (r: RemoteRecord): Remote => ({ name: r.name, url: r.url, protocol: r.protocol, public: r.public, certificate: r.certificate ?? "" });

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
