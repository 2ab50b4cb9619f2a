// The cluster side of the Instances, Operations, StoragePools, Networks and Profiles services:
// each handler is wrapped so that a call about another member's instance (or operation) is
// relayed to that member, streams included; instance lists gather every member's part; creates
// go to the member placement picks; pools and networks are made on every member; a changed
// profile is re-applied on every member. Standalone, and for calls another member relayed here,
// the local handlers serve as they are.
import type * as grpc from "@grpc/grpc-js";
import type { Readable, Writable } from "node:stream";
import { invalid } from "../errors";
import type { Agent } from "../daemon/agent";
import { placeInstance } from "../cluster/placement";
import { endRelayed, Forwarder, memberError, relayedStatus, remoteOperationId, splitOperationId } from "../cluster/forward";
import { devicesFromWire, instanceToWire } from "./convert";
import type { CorralClient } from "../client";
import type { CreateInstanceRequest__Output } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { Instance } from "../../proto/gen/types/corral/v1/Instance";
import type { Operation } from "../../proto/gen/types/corral/v1/Operation";
import { log } from "../util/log";

/** A member that has not answered a list within this long is left out (its instances shown from their records, status Error). */
const LIST_MEMBER_TIMEOUT_MS = 15_000;

type Handlers = Record<string, grpc.UntypedHandleCall>;
type AnyCall = { request?: any; metadata: grpc.Metadata; getDeadline(): grpc.Deadline };
type UnaryHandler = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void;

/** The member that creates an instance with this request: its target, else the scheduler's choice. */
export async function placeFor(agent: Agent, req: CreateInstanceRequest__Output): Promise<string> {
  const self = agent.instances.member;
  if (!self) {
    if (req.target && req.target !== agent.location) throw invalid("target", `this agent is not a cluster member (run \`corral cluster enable\` first); its instances are on "${agent.location}"`);
    return agent.location;
  }
  const demandOf = async (r: { profiles: string[]; config: Record<string, string>; devices: Record<string, Record<string, string>> }) => {
    const { config } = await agent.instances.expanded(r).catch(() => ({ config: r.config }));
    return { memory: config["limits.memory"], cpu: config["limits.cpu"] };
  };
  const instances = await Promise.all((await agent.instances.records()).map(async (r) => ({ location: r.location, demand: await demandOf(r) })));
  const profiles = req.profiles_set || req.profiles.length ? req.profiles : ["default"];
  const demand = await demandOf({ profiles, config: req.config ?? {}, devices: devicesFromWire(req.devices) });
  return placeInstance({ members: await agent.membership.list(), instances }, demand, req.target || undefined);
}

const withOperationId = (op: Operation, member: string): Operation => ({ ...op, id: remoteOperationId(op.id!, member) });

/** Unary handler that serves locally, or relays to the member `route` names (mapping the answer). */
function relayUnary(fw: Forwarder, service: keyof CorralClient["raw"], method: string, local: UnaryHandler,
  route: (call: AnyCall) => Promise<{ member: string; request?: unknown } | undefined>, map?: (res: any, member: string) => unknown): UnaryHandler {
  return (call, cb) => {
    if (!fw.relays(call)) return local(call, cb);
    route(call).then(async (to) => {
      if (!to || to.member === fw.self) return local(call, cb);
      const res = await fw.unary(to.member, service, method, to.request ?? call.request, call);
      cb(null, map ? map(res, to.member) : res);
    }).catch((e) => cb(relayedStatus(e)));
  };
}

type InStream = Readable & AnyCall & { on(ev: string, fn: (...a: any[]) => void): unknown };

/**
 * A client-streaming or bidirectional call whose first message says where it goes: the first
 * message is read (the stream paused), then the call is served locally (the message put back) or
 * relayed: `open` starts the call on the member, messages flow both ways until either side ends.
 */
function relayByFirstMessage(fw: Forwarder, ownerElsewhere: OwnerLookup, call: InStream, local: () => void, instanceOf: (msg: any) => string | undefined,
  open: (member: string, client: CorralClient, md: grpc.Metadata, opts: grpc.CallOptions) => Writable & { cancel(): void }, fail: (e: unknown) => void): void {
  if (!fw.relays(call)) return local();
  const onFirst = (first: unknown) => {
    call.pause();
    call.removeListener("data", onFirst);
    const instance = instanceOf(first);
    const serveHere = () => {
      call.unshift(first);
      local();
      call.resume();
    };
    if (!instance) return serveHere();
    ownerElsewhere(instance).then(async (member) => {
      if (!member) return serveHere();
      const up = open(member, await fw.client(member), fw.metadata(), fw.options(call));
      up.on("error", () => {}); // reported through the relay's own callback or error event
      up.write(first);
      call.on("data", (m: unknown) => up.write(m));
      call.on("end", () => up.end());
      call.on("cancelled", () => up.cancel());
      call.resume();
    }).catch((e) => {
      call.resume();
      fail(e);
    });
  };
  call.on("data", onFirst);
}

/** The member an instance is on, when that is not this one (undefined: serve here, which also reports unknown instances). */
type OwnerLookup = (instance: string) => Promise<string | undefined>;

export function relayInstances(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const ownerElsewhere: OwnerLookup = async (name) => {
    const owner = await agent.instances.find(name).then((r) => r.location, () => undefined);
    return owner && owner !== fw.self ? owner : undefined;
  };
  const byName = (key: "name" | "instance") => async (call: AnyCall) => {
    const member = await ownerElsewhere(call.request[key]);
    return member ? { member } : undefined;
  };
  const u = (method: string, route: Parameters<typeof relayUnary>[4], map?: Parameters<typeof relayUnary>[5]) =>
    relayUnary(fw, "instances", method, local[method] as UnaryHandler, route, map);
  const out: Handlers = { ...local };
  for (const m of ["GetInstance", "UpdateInstance", "GetConsoleLog"]) out[m] = u(m, byName("name"));
  for (const m of ["DeleteInstance", "ChangeInstanceState"]) out[m] = u(m, byName("name"), withOperationId);
  for (const m of ["CreateSnapshot", "ListSnapshots", "DeleteSnapshot"]) out[m] = u(m, byName("instance"));
  out.RestoreSnapshot = u("RestoreSnapshot", byName("instance"), withOperationId);
  const create = u("CreateInstance", async (call) => {
    const req = call.request as CreateInstanceRequest__Output;
    const member = await placeFor(agent, req);
    return { member, request: { ...req, target: member } };
  }, withOperationId);
  // Standalone, a target must name this agent.
  out.CreateInstance = ((call, cb) => {
    if (fw.self || !call.request.target) return create(call, cb);
    placeFor(agent, call.request).then(() => create(call, cb), (e) => cb(relayedStatus(e)));
  }) as UnaryHandler;

  // Lists: this member's instances from the local handler, every other member's from that member.
  out.ListInstances = ((call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
    const mine = new Promise<{ instances: Instance[] }>((resolve, reject) => (local.ListInstances as UnaryHandler)(call, (e, r) => (e ? reject(e) : resolve(r))));
    if (!fw.relays(call)) return void mine.then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
    (async () => {
      const members = (await agent.membership.list()).filter((m) => m.name !== fw.self);
      const records = await agent.instances.records();
      const parts = await Promise.all([mine.then((r) => r.instances), ...members.map(async (m) => {
        try {
          return (await fw.unary<{ instances: Instance[] }>(m.name, "instances", "ListInstances", call.request, call, LIST_MEMBER_TIMEOUT_MS)).instances;
        } catch {
          // A member that does not answer: its instances from their records, status Error (as LXD shows them).
          return records.filter((r) => r.location === m.name).map((r) => instanceToWire(r, { config: r.config, devices: r.devices }, undefined));
        }
      })]);
      return { instances: parts.flat().sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0)) };
    })().then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  }) as UnaryHandler;

  out.Exec = ((call: grpc.ServerDuplexStream<any, any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream, () => (local.Exec as (c: unknown) => void)(call),
    (m) => (m?.msg === "start" ? m.start?.instance : undefined),
    (member, c, md, o) => pipeBack(member, c.raw.instances.Exec(md, o), call), (e) => endRelayed(call, e))) as grpc.UntypedHandleCall;
  out.Console = ((call: grpc.ServerDuplexStream<any, any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream, () => (local.Console as (c: unknown) => void)(call),
    (m) => (m?.msg === "instance" ? m.instance : undefined),
    (member, c, md, o) => pipeBack(member, c.raw.instances.Console(md, o), call), (e) => endRelayed(call, e))) as grpc.UntypedHandleCall;
  out.PushFile = ((call: grpc.ServerReadableStream<any, any>, cb: grpc.sendUnaryData<any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream,
    () => (local.PushFile as (c: unknown, cb: unknown) => void)(call, cb),
    (m) => m?.header?.instance,
    (member, c, md, o) => c.raw.instances.PushFile(md, o, (e, r) => (e ? cb(relayedStatus(memberError(member, e))) : cb(null, r))), (e) => cb(relayedStatus(e)))) as grpc.UntypedHandleCall;
  out.PullFile = ((call: grpc.ServerWritableStream<any, any>) => {
    if (!fw.relays(call)) return (local.PullFile as (c: unknown) => void)(call);
    ownerElsewhere(call.request.instance).then(async (member) => {
      if (!member) return (local.PullFile as (c: unknown) => void)(call);
      const c = await fw.client(member);
      const up = c.raw.instances.PullFile(call.request, fw.metadata(), fw.options(call));
      call.on("cancelled", () => up.cancel());
      pipeBack(member, up, call);
    }).catch((e) => endRelayed(call, e));
  }) as grpc.UntypedHandleCall;
  return out;
}

/** A relayed stream's answers go back to the caller: each message, then its end or its error status. */
function pipeBack<T extends Readable & { cancel(): void }>(member: string, up: T, call: { write(m: unknown): boolean; end(): void; emit(event: "error", err: unknown): boolean; writableEnded: boolean }): T {
  up.on("data", (m: unknown) => call.write(m));
  up.on("end", () => call.end());
  up.on("error", (e: unknown) => endRelayed(call, memberError(member, e)));
  return up;
}

/** Operations: an id `<id>@<member>` is another member's operation, asked of that member. */
export function relayOperations(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const route = async (call: AnyCall) => {
    const { id, member } = splitOperationId(call.request.id);
    return member && member !== fw.self ? { member, request: { ...call.request, id } } : undefined;
  };
  const out: Handlers = { ...local };
  for (const m of ["GetOperation", "WaitOperation", "CancelOperation"]) out[m] = relayUnary(fw, "operations", m, local[m] as UnaryHandler, route, withOperationId);
  // Every member's operations (a member that does not answer in time is left out).
  out.ListOperations = ((call, cb) => {
    const mine = new Promise<{ operations: Operation[] }>((resolve, reject) => (local.ListOperations as UnaryHandler)(call, (e, r) => (e ? reject(e) : resolve(r))));
    if (!fw.relays(call)) return void mine.then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
    (async () => {
      const others = (await agent.membership.list()).filter((m) => m.name !== fw.self);
      const parts = await Promise.all([mine.then((r) => r.operations), ...others.map((m) =>
        fw.unary<{ operations: Operation[] }>(m.name, "operations", "ListOperations", call.request, call, LIST_MEMBER_TIMEOUT_MS)
          .then((r) => r.operations.map((op) => withOperationId(op, m.name)), () => []))]);
      return { operations: parts.flat() };
    })().then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  }) as UnaryHandler;
  out.WatchOperation = ((call: grpc.ServerWritableStream<any, any>) => {
    const { id, member } = splitOperationId(call.request.id);
    if (!fw.relays(call) || !member || member === fw.self) return (local.WatchOperation as (c: unknown) => void)(call);
    fw.client(member).then((c) => {
      const up = c.raw.operations.WatchOperation({ ...call.request, id }, fw.metadata(), fw.options(call));
      call.on("cancelled", () => up.cancel());
      up.on("data", (op: Operation) => call.write(withOperationId(op, member)));
      up.on("end", () => call.end());
      up.on("error", (e: unknown) => endRelayed(call, memberError(member, e)));
    }).catch((e) => endRelayed(call, e));
  }) as grpc.UntypedHandleCall;
  return out;
}

/** A kind of cluster-wide definition that every member makes its own part of (pools, networks). */
interface MemberLocal {
  kind: string;
  service: keyof CorralClient["raw"];
  methods: { create: string; get: string; list: string; listField: string; del: string };
  parts(name: string): Promise<Record<string, unknown> | undefined>;
  makePart(name: string): Promise<unknown>;
  deletePart(name: string): Promise<void>;
  assertUnused(name: string): Promise<void>;
}

/**
 * Pools and networks in a cluster: defined once, made on every member. Creating one makes this
 * member's part, then asks every other member to make its own (a member that cannot be reached
 * makes it when it starts); it shows "Pending" until every member has. Deleting one asks every
 * member with a part to delete it first. A relayed create or delete acts on the part only.
 */
function relayMemberLocal(agent: Agent, local: Handlers, o: MemberLocal): Handlers {
  const fw = agent.forwarder;
  const { create, get, list, listField, del } = o.methods;
  const call = (h: string, c: grpc.ServerUnaryCall<any, any>) => new Promise<any>((resolve, reject) => (local[h] as UnaryHandler)(c, (e, r) => (e ? reject(e) : resolve(r))));
  const withStatus = async (obj: { name?: string }) => {
    if (!fw.self) return obj;
    const [parts, members] = await Promise.all([o.parts(obj.name!), agent.membership.list()]);
    return { ...obj, status: members.every((m) => parts?.[m.name]) ? "Created" : "Pending" };
  };
  const others = async () => (await agent.membership.list()).filter((m) => m.name !== fw.self);
  const handler = (fn: (c: grpc.ServerUnaryCall<any, any>) => Promise<unknown>): UnaryHandler => (c, cb) => void fn(c).then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  return {
    ...local,
    [get]: handler(async (c) => withStatus(await call(get, c))),
    [list]: handler(async (c) => ({ [listField]: await Promise.all((await call(list, c))[listField].map(withStatus)) })),
    [create]: handler(async (c) => {
      if (fw.self && Forwarder.isForwarded(c)) {
        await o.makePart(c.request.name);
        return call(get, c);
      }
      const created = await call(create, c);
      if (!fw.self) return created;
      for (const m of await others()) {
        await fw.unary(m.name, o.service, create, c.request, c).catch((e: Error) =>
          log("warn", `a member could not make its part of a ${o.kind} yet; it makes it when it starts`, { name: c.request.name, member: m.name, error: e.message }));
      }
      return withStatus(await call(get, c));
    }),
    [del]: handler(async (c) => {
      if (!fw.self) return call(del, c);
      if (Forwarder.isForwarded(c)) {
        await o.deletePart(c.request.name);
        return {};
      }
      const parts = await o.parts(c.request.name);
      await o.assertUnused(c.request.name);
      for (const m of await others()) if (parts?.[m.name]) await fw.unary(m.name, o.service, del, c.request, c);
      return call(del, c);
    }),
  };
}

export function relayPools(agent: Agent, local: Handlers): Handlers {
  const m = agent.pools;
  return relayMemberLocal(agent, local, {
    kind: "storage pool", service: "pools",
    methods: { create: "CreateStoragePool", get: "GetStoragePool", list: "ListStoragePools", listField: "pools", del: "DeleteStoragePool" },
    parts: async (name) => (await m.get(name)).parts,
    makePart: (name) => m.makePart(name), deletePart: (name) => m.deletePart(name), assertUnused: (name) => m.assertUnused(name),
  });
}

export function relayNetworks(agent: Agent, local: Handlers): Handlers {
  const m = agent.networks;
  return relayMemberLocal(agent, local, {
    kind: "network", service: "networks",
    methods: { create: "CreateNetwork", get: "GetNetwork", list: "ListNetworks", listField: "networks", del: "DeleteNetwork" },
    parts: async (name) => (await m.get(name)).parts,
    makePart: (name) => m.makePart(name), deletePart: (name) => m.deletePart(name), assertUnused: (name) => m.assertUnused(name),
  });
}

/**
 * Profiles are shared; the instances using one are on every member. After a profile changes here
 * (and this member re-applied it to its instances), every other member re-applies it to its own:
 * the change is relayed to each, which stores the same profile and re-applies it there.
 */
export function relayProfiles(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const update = local.UpdateProfile as UnaryHandler;
  return {
    ...local,
    UpdateProfile: ((call, cb) => {
      if (!fw.relays(call)) return update(call, cb);
      update(call, async (err, res) => {
        if (err) return cb(err);
        for (const m of (await agent.membership.list().catch(() => [])).filter((x) => x.name !== fw.self)) {
          await fw.unary(m.name, "profiles", "UpdateProfile", call.request, call).catch((e: Error) =>
            log("warn", "a member could not re-apply a changed profile to its instances", { profile: call.request.name, member: m.name, error: e.message }));
        }
        cb(null, res);
      });
    }) as UnaryHandler,
  };
}
