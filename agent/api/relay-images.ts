// The cluster side of the Images service. Image records are shared, files are each member's own:
// an upload or import lands on the member it was sent to; a list or get says which members have
// the files (`locations`, gathered from every member); a delete removes every member's files and
// per-pool copies before the record. A member lacking an image's files fetches them with
// ExportImage (agent/cluster/image-fetch.ts).
import type * as grpc from "@grpc/grpc-js";
import type { Agent } from "../daemon/agent";
import { CorralError } from "../errors";
import { Forwarder, LIST_MEMBER_TIMEOUT_MS, relayedStatus } from "../cluster/forward";
import type { Image } from "../../proto/gen/types/corral/v1/Image";
import type { Operation } from "../../proto/gen/types/corral/v1/Operation";

type Handlers = Record<string, grpc.UntypedHandleCall>;
type UnaryHandler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

/** One member's part of an image delete (its files and per-pool copies) may take this long. */
const DELETE_PART_TIMEOUT_MS = 120_000;

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
      const dropVolumes = (fp: string) => agent.pools.removeImageVolumes(fp);
      // Relayed here: this member's part, done before answering.
      if (Forwarder.isForwarded(call)) return agent.ops.run("image.delete", `images/${img.fingerprint}`, () => m.deletePart(img.fingerprint, dropVolumes));
      await m.assertUnused(img.fingerprint);
      const members = await others();
      return agent.ops.start("image.delete", `images/${img.fingerprint}`, async (ctx) => {
        // Every other member's part first: a member that cannot be asked keeps the record, so the delete can be retried.
        for (const o of members) {
          ctx.progress(`deleting the image on member ${o.name}`);
          const op = await fw.unary<Operation>(o.name, "images", "DeleteImage", { ref: img.fingerprint }, undefined, DELETE_PART_TIMEOUT_MS);
          if (op.status !== "SUCCESS") throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `cluster member "${o.name}" could not delete its copy of image ${img.fingerprint.slice(0, 12)}: ${op.error_message}`);
        }
        await m.delete(img.fingerprint, dropVolumes);
      });
    }),
  };
}
