// The cluster side of the Instances, Operations, StoragePools, Networks and Profiles services:
// each handler is wrapped so that a call about another member's instance (or operation) is
// relayed to that member, streams included; instance lists gather every member's part; creates
// go to the member placement picks (a copy to its source's member); pools and networks are made,
// changed and deleted on every member (with per-member values given with a target first); custom
// volumes are served by their member (relay-volumes.ts); a changed profile is re-applied on every
// member. Standalone, and for calls another member relayed here, the local handlers serve as they are.
import type * as grpc from "@grpc/grpc-js";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { Readable } from "node:stream";
import { CorralError, hasCode, invalid } from "../errors";
import type { Agent } from "../daemon/agent";
import { placeInstance, type Demand, type PoolSpace } from "../cluster/placement";
import { rootDisk } from "../instances/config";
import { parseSize } from "../config/rules";
import { endRelayed, Forwarder, LIST_MEMBER_TIMEOUT_MS, memberError, relayedStatus, remoteOperationId, splitOperationId } from "../cluster/forward";
import { devicesFromWire, instanceToWire } from "./convert";
import type { CorralClient } from "../client";
import { corralV1 } from "./descriptor";
import type { CreateInstanceRequest__Output } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { Instance } from "../../proto/gen/types/corral/v1/Instance";
import type { InstanceRecord } from "../instances/manager";
import type { Operation } from "../../proto/gen/types/corral/v1/Operation";
import { log } from "../util/log";
import { relayVolumes } from "./relay-volumes";
import { dropPending, type PendingDefinition } from "../cluster/pending";

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
  const limits = (config: Record<string, string>) => ({ memory: config["limits.memory"], cpu: config["limits.cpu"] });
  const profiles = req.profiles_set || req.profiles.length ? req.profiles : ["default"];
  const asked = { profiles, config: req.config ?? {}, devices: devicesFromWire(req.devices) };
  // The instances with their profiles (one read of each, not one per instance), the request's own
  // expansion and the members, at once.
  const [all, askedEx, members] = await Promise.all([agent.instances.allExpanded(), agent.instances.expanded(asked).catch(() => asked), agent.membership.list()]);
  const instances = all.map(({ rec, config }) => ({ location: rec.location, demand: limits(config) }));
  const askedDevices = askedEx.devices;
  const root = rootDisk(askedDevices)?.[1];
  const demand: Demand = { ...limits(askedEx.config), ...(root?.pool ? { disk: { pool: root.pool, bytes: root.size ? parseSize(root.size) : undefined } } : {}) };
  // A copy is made on its source's member, where the pool driver copies the root disk (a snapshot
  // or clone on btrfs/zfs, consistent while the source runs) instead of streaming it between hosts.
  const source = req.source?.instance ? all.find(({ rec }) => rec.name === req.source!.instance)?.rec : undefined;
  if (source) {
    const target = req.target || undefined;
    const inGroup = target?.startsWith("@") && members.find((m) => m.name === source.location)?.groups?.includes(target.slice(1));
    if (target && target !== source.location && !inGroup) {
      throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `target: a copy is made on the member of its source instance "${source.name}" ("${source.location}"), not on "${target}"; export and import it to put it on another member`, { field: "target" });
    }
    return placeInstance({ members, instances, poolSpace: await poolSpace(agent, demand, members, source.location) }, demand, source.location);
  }
  // An instance attaching custom volumes goes where they are (a volume lives on one member).
  const target = req.target || (await volumesHome(agent, askedDevices));
  return placeInstance({ members, instances, poolSpace: await poolSpace(agent, demand, members, target) }, demand, target);
}

/** The member holding the custom volumes these devices attach, when that is one member. */
async function volumesHome(agent: Agent, devices: Record<string, Record<string, string>>): Promise<string | undefined> {
  const homes = new Set<string>();
  for (const d of Object.values(devices)) {
    if (d.type !== "disk" || d.path === "/" || !d.pool || !d.source) continue;
    const location = (await agent.pools.getVolume(d.pool, d.source).catch(() => undefined))?.location;
    if (location) homes.add(location);
  }
  return homes.size === 1 ? [...homes][0] : undefined;
}

/**
 * Each candidate member's part of the root disk's pool, as that member reports it (this one's
 * measured here): the target's alone when it names one member, else every online member's.
 */
async function poolSpace(agent: Agent, demand: Demand, members: { name: string; status: string }[], target?: string): Promise<Record<string, PoolSpace | undefined>> {
  const pool = demand.disk?.pool;
  if (!pool) return {};
  const fw = agent.forwarder;
  const candidates = members.filter((m) => m.status === "online" && (!target || target.startsWith("@") || m.name === target));
  const spaces = await Promise.all(candidates.map(async (m): Promise<PoolSpace | undefined> => {
    if (m.name === fw.self) {
      const rec = await agent.pools.get(pool).catch(() => undefined);
      return rec && agent.pools.hasPart(rec) ? agent.pools.usage(rec) : undefined;
    }
    return fw.poolSpace(m.name, pool);
  }));
  return Object.fromEntries(candidates.map((m, i) => [m.name, spaces[i]]));
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

/**
 * Cancels the relayed call `up` when the caller's call is cancelled, also when that happened while
 * the member was being reached (no event comes then). grpc-js reports every server call closed as
 * cancelled, also one this relay ended itself: that one's upstream is over already.
 */
function cancelWith(call: { cancelled: boolean; writableEnded?: boolean; on(ev: "cancelled", fn: () => void): unknown }, up: { cancel(): void }): void {
  if (call.cancelled && !call.writableEnded) return up.cancel();
  call.on("cancelled", () => call.writableEnded || up.cancel());
}

type InStream = Readable & AnyCall & { cancelled: boolean; writableEnded?: boolean; on(ev: string, fn: (...a: any[]) => void): unknown };
/** The call a relayed stream makes on the other member. */
type Upstream = { write(m: unknown): unknown; end(): unknown; on(ev: string, fn: (...a: any[]) => void): unknown; cancel(): void };

/**
 * A client-streaming or bidirectional call whose first message says where it goes: the first
 * message is read (the stream paused), then the call is served locally (the message put back) or
 * relayed: `open` starts the call on the member, messages flow both ways until either side ends.
 */
function relayByFirstMessage(fw: Forwarder, ownerElsewhere: OwnerLookup, call: InStream, local: () => void, instanceOf: (msg: any) => string | undefined,
  open: (member: string) => Promise<Upstream>, fail: (e: unknown) => void): void {
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
      const up = await open(member);
      up.on("error", () => {}); // reported through the relay's own callback or error event
      up.write(first);
      call.on("data", (m: unknown) => up.write(m));
      call.on("end", () => up.end());
      cancelWith(call, up);
      call.resume();
    }).catch((e) => {
      call.resume();
      fail(e);
    });
  };
  call.on("data", onFirst);
}

/** Exec: served here, or relayed to the member the instance is on (its answers passed on, ended at its exit code). */
export function relayExec(fw: Forwarder, ownerElsewhere: OwnerLookup, local: (call: unknown) => void): grpc.UntypedHandleCall {
  return ((call: grpc.ServerDuplexStream<any, any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream, () => local(call),
    (m) => (m?.msg === "start" ? m.start?.instance : undefined),
    async (member) => pipeBack(member, await fw.stream(member, EXEC_PATH, serializeExecInput, call), call, isExitCode), (e) => endRelayed(call, e))) as grpc.UntypedHandleCall;
}

/** An instance of a member that does not answer, from its record alone: status Error, as LXD shows it. */
const fromRecordOnly = (r: InstanceRecord): Instance => instanceToWire(r, { config: r.config, devices: r.devices }, undefined);

/** The member an instance is on, when that is not this one (undefined: serve here, which also reports unknown instances). */
export type OwnerLookup = (instance: string) => Promise<string | undefined>;

export function relayInstances(agent: Agent, local: Handlers): Handlers {
  const fw = agent.forwarder;
  const ownerElsewhere: OwnerLookup = async (name) => {
    const owner = await agent.locations.of(name);
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
  // A member that does not answer: its instance from the record, status Error (as lists show it),
  // so a read through another member (a provider's plan) still finds it.
  const getRelayed = out.GetInstance as UnaryHandler;
  out.GetInstance = ((call, cb) => getRelayed(call, (e, r) => {
    if (!e || !unreachable(e)) return cb(e, r);
    agent.instances.records().then((all) => {
      const rec = all.find((x) => x.name === call.request.name && x.location && x.location !== fw.self);
      return rec ? cb(null, fromRecordOnly(rec)) : cb(e);
    }, () => cb(e));
  })) as UnaryHandler;
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
          return records.filter((r) => r.location === m.name).map((r) => fromRecordOnly(r));
        }
      })]);
      return { instances: parts.flat().sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0)) };
    })().then((r) => cb(null, r), (e) => cb(relayedStatus(e)));
  }) as UnaryHandler;

  out.Exec = relayExec(fw, ownerElsewhere, local.Exec as (call: unknown) => void);
  out.Console = ((call: grpc.ServerDuplexStream<any, any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream, () => (local.Console as (c: unknown) => void)(call),
    (m) => (m?.msg === "instance" ? m.instance : undefined),
    async (member) => pipeBack(member, await fw.stream(member, CONSOLE_PATH, serializeConsoleInput, call), call), (e) => endRelayed(call, e))) as grpc.UntypedHandleCall;
  out.PushFile = ((call: grpc.ServerReadableStream<any, any>, cb: grpc.sendUnaryData<any>) => relayByFirstMessage(fw, ownerElsewhere, call as unknown as InStream,
    () => (local.PushFile as (c: unknown, cb: unknown) => void)(call, cb),
    (m) => m?.header?.instance,
    async (member) => (await fw.client(member, fw.options(call).deadline)).raw.instances.PushFile(fw.metadata(), fw.options(call), (e, r) => (e ? cb(relayedStatus(memberError(member, e))) : cb(null, r))),
    (e) => cb(relayedStatus(e)))) as grpc.UntypedHandleCall;
  out.PullFile = ((call: grpc.ServerWritableStream<any, any>) => {
    if (!fw.relays(call)) return (local.PullFile as (c: unknown) => void)(call);
    ownerElsewhere(call.request.instance).then(async (member) => {
      if (!member) return (local.PullFile as (c: unknown) => void)(call);
      const c = await fw.client(member, fw.options(call).deadline);
      const up = c.raw.instances.makeServerStreamRequest(PullFile.path, PullFile.requestSerialize, asReceived, call.request, fw.metadata(), fw.options(call));
      cancelWith(call, up);
      pipeBack(member, up, call);
    }).catch((e) => endRelayed(call, e));
  }) as grpc.UntypedHandleCall;
  return out;
}

/**
 * A relayed stream's answers are passed on as the bytes the other member sent: not decoded here
 * and encoded again (the server writes a Buffer as it is, see service-definition.ts).
 */
const asReceived = (b: Buffer): Buffer => b;

const { Exec, Console, PullFile } = corralV1().Instances.service;
const [EXEC_PATH, CONSOLE_PATH] = [Exec.path, Console.path];
const serializeExecInput = Exec.requestSerialize as (m: unknown) => Buffer;
const serializeConsoleInput = Console.requestSerialize as (m: unknown) => Buffer;

/** ExecOutput's exit_code (field 3, varint) starts with this tag: the last message of an exec that ran its command. */
const EXIT_CODE_TAG = (3 << 3) | 0;
const isExitCode = (m: Buffer): boolean => m[0] === EXIT_CODE_TAG;

/**
 * A relayed stream's answers go back to the caller: each message, then its end or its error
 * status. A message `last` recognises ends the caller's call at once, OK, without waiting for the
 * other member's status: nothing follows it there but that status, and an error arriving after it
 * (the member gone between the two) no longer changes an outcome the caller already has.
 */
function pipeBack<T extends Pick<Upstream, "on" | "cancel">>(member: string, up: T, call: { write(m: unknown): boolean; end(): void; emit(event: "error", err: unknown): boolean; writableEnded: boolean },
  last?: (m: Buffer) => boolean): T {
  up.on("data", (m: Buffer) => {
    if (call.writableEnded) return;
    call.write(m);
    if (last?.(m)) call.end();
  });
  up.on("end", () => call.writableEnded || call.end());
  up.on("error", (e: unknown) => call.writableEnded || endRelayed(call, memberError(member, e)));
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
    fw.client(member, fw.options(call).deadline).then((c) => {
      const up = c.raw.operations.WatchOperation({ ...call.request, id }, fw.metadata(), fw.options(call));
      cancelWith(call, up);
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
  methods: { create: string; get: string; list: string; listField: string; update: string; del: string };
  record(name: string): Promise<{ config: Record<string, string>; description: string; parts?: Record<string, unknown> }>;
  /** The request field naming the driver (pools) or type (networks). */
  driverField: string;
  addPendingValues(name: string, driver: string, member: string, config: Record<string, string>): Promise<PendingDefinition>;
  dropPending(name: string): Promise<boolean>;
  makePart(name: string): Promise<unknown>;
  /** Applies the shared record, changed by another member from `previous`, to this member's part. */
  applyPart(name: string, previous: Record<string, string>): Promise<unknown>;
  deletePart(name: string): Promise<void>;
  assertUnused(name: string): Promise<void>;
}

/** Whether a relayed call failed because the member could not be reached (rather than refused it). */
const unreachable = (e: unknown): boolean => hasCode(e, "CORRAL_ERR_UNAVAILABLE") || (e as { code?: number }).code === grpcStatus.UNAVAILABLE;

/** On an update relayed to a member's part: the config before the change (JSON), which that member's host objects still have. */
export const PREVIOUS_CONFIG_HEADER = "corral-previous-config";

/**
 * Pools and networks in a cluster: defined once, made on every member. Creating one makes this
 * member's part, then asks every other member to make its own (a member that cannot be reached
 * makes it when it starts); it shows "Pending" until every member has. Updating one changes the
 * record and this member's part, then every other member's part; when a member cannot, the change
 * is undone everywhere. Deleting one asks every member with a part to delete it first. A relayed
 * create, update or delete acts on the part only.
 */
function relayMemberLocal(agent: Agent, local: Handlers, o: MemberLocal): Handlers {
  const fw = agent.forwarder;
  const { create, get, list, listField, update, del } = o.methods;
  const parts = async (name: string) => (await o.record(name)).parts;
  const call = (h: string, c: grpc.ServerUnaryCall<any, any>) => new Promise<any>((resolve, reject) => (local[h] as UnaryHandler)(c, (e, r) => (e ? reject(e) : resolve(r))));
  const withStatus = async (obj: { name?: string }) => {
    if (!fw.self) return obj;
    const [made, members] = await Promise.all([parts(obj.name!), agent.membership.list()]);
    return { ...obj, status: members.every((m) => made?.[m.name]) ? "Created" : "Pending" };
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
      const name: string = c.request.name;
      const target: string = c.request.target;
      if (target) {
        if (!fw.self) throw invalid("target", "this agent is not a cluster member (run `corral cluster enable` first); per-member values need a cluster");
        const members = (await agent.membership.list()).map((m) => m.name);
        if (!members.includes(target)) throw new CorralError("CORRAL_ERR_NOT_FOUND", `target: cluster member "${target}" does not exist (members: ${members.join(", ")})`, { field: "target" });
        const pending = await o.addPendingValues(name, c.request[o.driverField], target, c.request.config ?? {});
        return { name, [o.driverField]: pending.driver, config: pending.members[target], status: "Pending" };
      }
      const created = await call(create, c);
      if (!fw.self) return created;
      const made: string[] = [];
      for (const m of await others()) {
        try {
          await fw.unary(m.name, o.service, create, c.request, c);
          made.push(m.name);
        } catch (e) {
          if (unreachable(e)) {
            log("warn", `a member could not make its part of a ${o.kind} yet; it makes it when it starts`, { name, member: m.name, error: (e as Error).message });
            continue;
          }
          // A member refused its part (its own values do not work on its host): undone everywhere; the pending values stay, to be corrected.
          for (const x of made) await fw.unary(x, o.service, del, { name }, c).catch((err: Error) => log("error", `a member could not delete its part of a ${o.kind} whose create failed`, { name, member: x, error: err.message }));
          await call(del, c);
          const st = relayedStatus(e);
          throw { ...st, details: `cluster member "${m.name}" could not make its part of ${o.kind} "${name}": ${st.details}` };
        }
      }
      await o.dropPending(name);
      return withStatus(await call(get, c));
    }),
    [update]: handler(async (c) => {
      if (!fw.self) return call(update, c);
      const name = c.request.name;
      if (Forwarder.isForwarded(c)) {
        const previous = c.metadata.get(PREVIOUS_CONFIG_HEADER)[0];
        if (previous === undefined) throw invalid(PREVIOUS_CONFIG_HEADER, `a ${o.kind} update relayed to a member carries the config before the change`);
        await o.applyPart(name, JSON.parse(String(previous)));
        return call(get, c);
      }
      const before = await o.record(name);
      const updated = await call(update, c);
      const after = (await o.record(name)).config;
      const applied: string[] = [];
      try {
        for (const m of await others()) {
          if (!before.parts?.[m.name]) continue;
          await fw.unary(m.name, o.service, update, c.request, c, undefined, { [PREVIOUS_CONFIG_HEADER]: JSON.stringify(before.config) });
          applied.push(m.name);
        }
      } catch (e) {
        // Undone here (the record and this part), then on the members that applied the change.
        const back = { ...c.request, config: before.config, description: before.description };
        await call(update, { ...c, request: back } as grpc.ServerUnaryCall<any, any>);
        for (const m of applied) {
          await fw.unary(m, o.service, update, back, c, undefined, { [PREVIOUS_CONFIG_HEADER]: JSON.stringify(after) }).catch((err: Error) =>
            log("error", `a member could not undo a ${o.kind} change`, { name, member: m, error: err.message }));
        }
        throw e;
      }
      return withStatus(updated);
    }),
    [del]: handler(async (c) => {
      if (!fw.self) return call(del, c);
      if (Forwarder.isForwarded(c)) {
        await o.deletePart(c.request.name);
        return {};
      }
      // Per-member values given for one that was never created: the delete drops them.
      if (!(await o.record(c.request.name).catch(() => undefined)) && (await o.dropPending(c.request.name))) return {};
      const made = await parts(c.request.name);
      await o.assertUnused(c.request.name);
      for (const m of await others()) if (made?.[m.name]) await fw.unary(m.name, o.service, del, c.request, c);
      return call(del, c);
    }),
  };
}

export function relayPools(agent: Agent, local: Handlers): Handlers {
  const m = agent.pools;
  return relayMemberLocal(agent, relayVolumes(agent, local), {
    kind: "storage pool", service: "pools",
    methods: { create: "CreateStoragePool", get: "GetStoragePool", list: "ListStoragePools", listField: "pools", update: "UpdateStoragePool", del: "DeleteStoragePool" },
    record: (name) => m.get(name), driverField: "driver",
    addPendingValues: (name, driver, member, config) => m.addPendingValues(name, driver, member, config), dropPending: (name) => dropPending(agent.store, "pools", name),
    makePart: (name) => m.makePart(name), applyPart: (name) => m.applyPart(name), deletePart: (name) => m.deletePart(name), assertUnused: (name) => m.assertUnused(name),
  });
}

export function relayNetworks(agent: Agent, local: Handlers): Handlers {
  const m = agent.networks;
  return relayMemberLocal(agent, local, {
    kind: "network", service: "networks",
    methods: { create: "CreateNetwork", get: "GetNetwork", list: "ListNetworks", listField: "networks", update: "UpdateNetwork", del: "DeleteNetwork" },
    record: (name) => m.get(name), driverField: "type",
    addPendingValues: (name, type, member, config) => m.addPendingValues(name, type, member, config), dropPending: (name) => dropPending(agent.store, "networks", name),
    makePart: (name) => m.makePart(name), applyPart: (name, previous) => m.applyPart(name, previous), deletePart: (name) => m.deletePart(name), assertUnused: (name) => m.assertUnused(name),
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
