// The cluster side of the Images service. Image records are shared, files are each member's own:
// an upload or import lands on the member it was sent to; a list or get says which members have
// the files (`locations`, gathered from every member); a delete removes every member's files and
// per-pool copies before the record (agent/cluster/image-delete.ts). A member lacking an image's
// files fetches them with ExportImage (agent/cluster/image-fetch.ts).
import type * as grpc from "@grpc/grpc-js";
import type { Agent } from "../daemon/agent";
import { Forwarder, LIST_MEMBER_TIMEOUT_MS, relayedStatus } from "../cluster/forward";
import { deleteImageEverywhere } from "../cluster/image-delete";
import type { Image } from "../../proto/gen/types/corral/v1/Image";

type Handlers = Record<string, grpc.UntypedHandleCall>;
type UnaryHandler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

const callLocal = (h: grpc.UntypedHandleCall, call: grpc.ServerUnaryCall<any, any>) =>
  new Promise<any>((resolve, reject) => (h as UnaryHandler)(call, (e, r) => (e ? reject(e) : resolve(r))));

export function relayImages(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const m = agent.images;
  const others = async () => (await agent.membership.list()).filter((x) => x.name !== fw.self);
  /** This member's answer, each image with this member in `locations` when it has the files. */
  const mine = (img: Image): Image => ({ ...img, locations: fw.self && m.hasFiles(img.fingerprint!) ? [fw.self] : [] });
  /** Every member's answers merged: one image per fingerprint, with every member holding it. */
  const gather = async (call: grpc.ServerUnaryCall<any, any>, method: string, pick: (res: any) => Image[]): Promise<Image[]> => {
    const byFp = new Map<string, Image>();
    const add = (img: Image) => {
      const seen = byFp.get(img.fingerprint!);
      byFp.set(img.fingerprint!, seen ? { ...seen, locations: [...(seen.locations ?? []), ...(img.locations ?? [])] } : img);
    };
    pick(await callLocal(local[method]!, call)).map(mine).forEach(add);
    const parts = await Promise.all((await others()).map((o) =>
      fw.unary<any>(o.name, "images", method, call.request, call, LIST_MEMBER_TIMEOUT_MS).then(pick, () => [] as Image[]))); // a member that does not answer is left out
    parts.flat().forEach(add);
    return [...byFp.values()].map((i) => ({ ...i, locations: [...new Set(i.locations)].sort() }));
  };
  const handler = (fn: (call: grpc.ServerUnaryCall<any, any>) => Promise<unknown>): UnaryHandler => (call, cb) => void fn(call).then((r) => cb(null, r), (e) => cb(relayedStatus(e)));

  return {
    ...local,
    ListImages: handler(async (call) => {
      if (!fw.relays(call)) return { images: (await callLocal(local.ListImages!, call)).images.map(mine) };
      return { images: await gather(call, "ListImages", (r) => r.images) };
    }),
    GetImage: handler(async (call) => {
      if (!fw.relays(call)) return mine(await callLocal(local.GetImage!, call));
      return (await gather(call, "GetImage", (r) => [r]))[0];
    }),
    DeleteImage: handler(async (call) => {
      if (!fw.self) return callLocal(local.DeleteImage!, call);
      const img = await m.resolve(call.request.ref, "ref");
      // Relayed here: this member's part, done before answering.
      if (Forwarder.isForwarded(call)) return agent.ops.run("image.delete", `images/${img.fingerprint}`, () => m.deletePart(img.fingerprint, (fp) => agent.pools.removeImageVolumes(fp)));
      await m.assertUnused(img.fingerprint);
      return agent.ops.start("image.delete", `images/${img.fingerprint}`, (ctx) => deleteImageEverywhere(agent, img.fingerprint, (s) => ctx.progress(s)));
    }),
  };
}
