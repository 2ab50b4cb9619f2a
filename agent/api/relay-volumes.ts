// Custom volumes in a cluster: a volume lives on one member's part of its pool (recorded as its
// location). It is created on the member asked, or on `target`; every call about it (get, update,
// delete, copy from it, its snapshots) is relayed to that member; a list gathers every member's.
import type * as grpc from "@grpc/grpc-js";
import type { Agent } from "../daemon/agent";
import { CorralError, invalid } from "../errors";
import { LIST_MEMBER_TIMEOUT_MS, relayedStatus } from "../cluster/forward";
import type { Volume } from "../../proto/gen/types/corral/v1/Volume";

type Handlers = Record<string, grpc.UntypedHandleCall>;
type UnaryHandler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

/** The fields of each volume call that name the volume. */
const VOLUME_OF: Record<string, [pool: string, name: string]> = {
  GetVolume: ["pool", "name"], UpdateVolume: ["pool", "name"], DeleteVolume: ["pool", "name"], ListVolumeSnapshots: ["pool", "name"],
  CreateVolumeSnapshot: ["pool", "volume"], RestoreVolumeSnapshot: ["pool", "volume"], DeleteVolumeSnapshot: ["pool", "volume"],
  CopyVolume: ["source_pool", "source_name"],
};

export function relayVolumes(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const callLocal = (method: string, call: grpc.ServerUnaryCall<any, any>) =>
    new Promise<any>((resolve, reject) => (local[method] as UnaryHandler)(call, (e, r) => (e ? reject(e) : resolve(r))));
  /** Serves here, or relays to `member` when that is another one. */
  const serve = (method: string, member: (call: grpc.ServerUnaryCall<any, any>) => Promise<string | undefined>): UnaryHandler => (call, cb) => {
    if (!fw.relays(call)) return (local[method] as UnaryHandler)(call, cb);
    member(call).then((m) => (!m || m === fw.self ? callLocal(method, call) : fw.unary(m, "pools", method, call.request, call)))
      .then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  };
  const out: Handlers = { ...local };
  for (const [method, [poolField, nameField]] of Object.entries(VOLUME_OF)) {
    out[method] = serve(method, async (call) => (await agent.pools.getVolume(call.request[poolField], call.request[nameField]).catch(() => undefined))?.location);
  }
  out.CreateVolume = serve("CreateVolume", async (call) => {
    const target: string = call.request.target;
    if (!target) return undefined;
    const members = (await agent.membership.list()).map((m) => m.name);
    if (!members.includes(target)) throw new CorralError("CORRAL_ERR_NOT_FOUND", `target: cluster member "${target}" does not exist (members: ${members.join(", ")})`, { field: "target" });
    return target;
  });
  // Standalone, a target must name this agent.
  const create = out.CreateVolume as UnaryHandler;
  out.CreateVolume = ((call, cb) => {
    const target: string = call.request.target;
    if (fw.self || !target || target === agent.location) return create(call, cb);
    cb(relayedStatus(invalid("target", `this agent is not a cluster member (run \`corral cluster enable\` first); its volumes are on "${agent.location}"`)));
  }) as UnaryHandler;
  // Each member's own volumes, from that member (a member that does not answer is left out).
  out.ListVolumes = ((call, cb) => {
    if (!fw.relays(call)) return (local.ListVolumes as UnaryHandler)(call, cb);
    (async () => {
      const on = (member: string) => (v: Volume) => (v.location ?? "") === member;
      const mine = (await callLocal("ListVolumes", call)).volumes.filter((v: Volume) => v.location === fw.self || !v.location);
      const holders = [...new Set((await agent.pools.listVolumes(call.request.pool)).map((v) => v.location).filter((l) => l && l !== fw.self))] as string[];
      const theirs = await Promise.all(holders.map((m) => fw.unary<{ volumes: Volume[] }>(m, "pools", "ListVolumes", call.request, call, LIST_MEMBER_TIMEOUT_MS)
        .then((r) => r.volumes.filter(on(m)), () => [])));
      return { volumes: [...mine, ...theirs.flat()].sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0)) };
    })().then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  }) as UnaryHandler;
  return out;
}
