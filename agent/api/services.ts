// gRPC handlers: decode, validate at the edge, call a manager, encode. No host work here.
import * as grpc from "@grpc/grpc-js";
import { Readable, Writable } from "node:stream";
import { CorralError, invalid, precondition } from "../errors";
import { isDone } from "../operations/operations";
import { ImageReceiver } from "../images/import";
import type { Agent } from "../daemon/agent";
import type { ConsoleSession, ExecProcess } from "../instances/driver";
import type { BackupChunk, BackupChunk__Output } from "../../proto/gen/types/corral/v1/BackupChunk";
import type { ExportInstanceRequest__Output } from "../../proto/gen/types/corral/v1/ExportInstanceRequest";
import type { ConsoleInput__Output } from "../../proto/gen/types/corral/v1/ConsoleInput";
import type { ConsoleOutput } from "../../proto/gen/types/corral/v1/ConsoleOutput";
import type { ExecInput__Output } from "../../proto/gen/types/corral/v1/ExecInput";
import type { ExecOutput } from "../../proto/gen/types/corral/v1/ExecOutput";
import type { FileChunk, FileChunk__Output } from "../../proto/gen/types/corral/v1/FileChunk";
import type { FileInfo } from "../../proto/gen/types/corral/v1/FileInfo";
import type { ImageUploadChunk__Output } from "../../proto/gen/types/corral/v1/ImageUploadChunk";
import type { Operation } from "../../proto/gen/types/corral/v1/Operation";
import type { PullFileRequest__Output } from "../../proto/gen/types/corral/v1/PullFileRequest";
import { exportImageHandler, listImagesHandler } from "./image-export";
import { devicesFromWire, imageToWire, instanceToWire, networkToWire, poolToWire, profileToWire, snapshotToWire, volumeSnapshotToWire, volumeToWire } from "./convert";
import { boundedWriter, drainedOrCancelled, endWithError, toStatus, unary } from "./grpc-util";
import { corralV1 } from "./descriptor";
import { lifecycleService } from "./lifecycle-service";
import { clusterService } from "./cluster";
import { publishHandler, remotesService, serverConfigService } from "./remotes-service";
import { relayInstances, relayNetworks, relayOperations, relayPools, relayProfiles } from "./relay";
import type { ChangeInstanceStateRequest__Output } from "../../proto/gen/types/corral/v1/ChangeInstanceStateRequest";
import type { CreateInstanceRequest__Output } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { CreateSnapshotRequest__Output } from "../../proto/gen/types/corral/v1/CreateSnapshotRequest";
import type { ListSnapshotsRequest__Output } from "../../proto/gen/types/corral/v1/ListSnapshotsRequest";
import type { SnapshotRequest__Output } from "../../proto/gen/types/corral/v1/SnapshotRequest";
import type { CreateNetworkRequest__Output } from "../../proto/gen/types/corral/v1/CreateNetworkRequest";
import type { CreateStoragePoolRequest__Output } from "../../proto/gen/types/corral/v1/CreateStoragePoolRequest";
import type { CreateVolumeRequest__Output } from "../../proto/gen/types/corral/v1/CreateVolumeRequest";
import type { DeleteImageRequest__Output } from "../../proto/gen/types/corral/v1/DeleteImageRequest";
import type { DeleteInstanceRequest__Output } from "../../proto/gen/types/corral/v1/DeleteInstanceRequest";
import type { DeleteNetworkRequest__Output } from "../../proto/gen/types/corral/v1/DeleteNetworkRequest";
import type { DeleteStoragePoolRequest__Output } from "../../proto/gen/types/corral/v1/DeleteStoragePoolRequest";
import type { GetImageRequest__Output } from "../../proto/gen/types/corral/v1/GetImageRequest";
import type { GetInstanceRequest__Output } from "../../proto/gen/types/corral/v1/GetInstanceRequest";
import type { GetNetworkRequest__Output } from "../../proto/gen/types/corral/v1/GetNetworkRequest";
import type { GetOperationRequest__Output } from "../../proto/gen/types/corral/v1/GetOperationRequest";
import type { GetProfileRequest__Output } from "../../proto/gen/types/corral/v1/GetProfileRequest";
import type { GetStoragePoolRequest__Output } from "../../proto/gen/types/corral/v1/GetStoragePoolRequest";
import type { GetVolumeRequest__Output } from "../../proto/gen/types/corral/v1/GetVolumeRequest";
import type { ListInstancesRequest__Output } from "../../proto/gen/types/corral/v1/ListInstancesRequest";
import type { ListVolumesRequest__Output } from "../../proto/gen/types/corral/v1/ListVolumesRequest";
import type { UpdateVolumeRequest__Output } from "../../proto/gen/types/corral/v1/UpdateVolumeRequest";
import type { CopyVolumeRequest__Output } from "../../proto/gen/types/corral/v1/CopyVolumeRequest";
import type { VolumeSnapshotRequest__Output } from "../../proto/gen/types/corral/v1/VolumeSnapshotRequest";
import type { Profile__Output } from "../../proto/gen/types/corral/v1/Profile";
import type { UpdateImageRequest__Output } from "../../proto/gen/types/corral/v1/UpdateImageRequest";
import type { UpdateInstanceRequest__Output } from "../../proto/gen/types/corral/v1/UpdateInstanceRequest";
import type { UpdateNetworkRequest__Output } from "../../proto/gen/types/corral/v1/UpdateNetworkRequest";
import type { UpdateStoragePoolRequest__Output } from "../../proto/gen/types/corral/v1/UpdateStoragePoolRequest";
import type { WaitOperationRequest__Output } from "../../proto/gen/types/corral/v1/WaitOperationRequest";
import type { WatchEventsRequest__Output } from "../../proto/gen/types/corral/v1/WatchEventsRequest";
import type { CorralEvent } from "../events/events";
import type { NetworkRecord } from "../network/manager";
import type { InstanceRecord } from "../instances/manager";
import type { Devices } from "../instances/config";
import type { CustomVolumeRecord, PoolRecord } from "../storage/manager";
import { networkPolicyServices } from "./network-policy";
import { relayImages } from "./relay-images";
import { relayEvents } from "./relay-events";

type Handlers = Record<string, grpc.UntypedHandleCall>;
/** What untilAgentStops needs of a server stream (writable or duplex). */
interface StreamCall {
  on(event: string, listener: () => void): unknown;
  emit(event: "error", err: unknown): boolean;
  readonly writableEnded: boolean;
}

/** All corral.v1 services bound to one agent, ready for `server.addService`. */
export function services(agent: Agent): { def: grpc.ServiceDefinition; impl: Handlers }[] {
  const v1 = corralV1();
  return [
    { def: v1.Instances.service, impl: relayInstances(agent, instancesService(agent)) },
    { def: v1.Images.service, impl: relayImages(agent, imagesService(agent)) },
    { def: v1.Networks.service, impl: relayNetworks(agent, networksService(agent)) },
    { def: v1.StoragePools.service, impl: relayPools(agent, storageService(agent)) },
    { def: v1.Profiles.service, impl: relayProfiles(agent, profilesService(agent)) },
    { def: v1.Operations.service, impl: relayOperations(agent, operationsService(agent)) },
    { def: v1.Host.service, impl: { GetInfo: unary(() => agent.info()) } },
    { def: v1.Events.service, impl: relayEvents(agent, eventsService(agent)) },
    { def: v1.Trust.service, impl: agent.trustHandlers() },
    { def: v1.Lifecycle.service, impl: lifecycleService(agent) },
    { def: v1.Cluster.service, impl: clusterService(agent) },
    ...networkPolicyServices(agent),
    { def: v1.Remotes.service, impl: remotesService(agent) },
    { def: v1.ServerConfig.service, impl: serverConfigService(agent) },
  ];
}

function instancesService(agent: Agent): Handlers {
  const m = agent.instances;
  const view = async (name: string, withState: boolean) => {
    const rec = await m.get(name);
    return toWire(rec, await m.expanded(rec).catch(() => ({ config: rec.config, devices: rec.devices })), withState);
  };
  const toWire = async (rec: InstanceRecord, ex: { config: Record<string, string>; devices: Devices }, withState: boolean) => {
    const st = await m.runtimeState(rec);
    const wire = instanceToWire(rec, ex, st);
    if (!withState) delete wire.state;
    return wire;
  };
  return {
    CreateInstance: unary(async (req: CreateInstanceRequest__Output) => m.create({
      name: req.name, type: req.type, image: req.image,
      profiles: req.profiles_set || req.profiles.length ? req.profiles : undefined,
      config: req.config ?? {}, devices: devicesFromWire(req.devices), ephemeral: !!req.ephemeral, start: !!req.start,
      description: req.description,
      source: req.source?.instance ? { instance: req.source.instance, snapshot: req.source.snapshot || undefined } : undefined,
    })),
    GetInstance: unary(async (req: GetInstanceRequest__Output) => view(req.name, req.with_state)),
    ListInstances: unary(async (req: ListInstancesRequest__Output) => ({
      instances: await Promise.all((await m.ownExpanded()).map(({ rec, ...ex }) => toWire(rec, ex, req.with_state).catch(() => undefined))).then((l) => l.filter(Boolean)),
    })),
    UpdateInstance: unary(async (req: UpdateInstanceRequest__Output) => {
      const rec = await m.update(req.name, {
        config: req.config ?? {}, devices: devicesFromWire(req.devices),
        profiles: req.profiles?.length || req.profiles_set ? req.profiles : undefined, description: req.description || undefined,
      });
      return view(rec.name, true);
    }),
    DeleteInstance: unary(async (req: DeleteInstanceRequest__Output) => m.delete(req.name, !!req.force)),
    ChangeInstanceState: unary(async (req: ChangeInstanceStateRequest__Output) => m.changeState(req.name, req.action, !!req.force, req.timeout_s ?? 0)),
    Exec: (call: grpc.ServerDuplexStream<ExecInput__Output, ExecOutput>) => execHandler(agent, call),
    PushFile: (call: grpc.ServerReadableStream<FileChunk__Output, FileInfo>, cb: grpc.sendUnaryData<FileInfo>) => pushHandler(agent, call, cb),
    PullFile: (call: grpc.ServerWritableStream<PullFileRequest__Output, FileChunk>) => pullHandler(agent, call),
    Console: (call: grpc.ServerDuplexStream<ConsoleInput__Output, ConsoleOutput>) => consoleHandler(agent, call),
    GetConsoleLog: unary(async (req: GetInstanceRequest__Output) => ({ data: await m.consoleLog(req.name) })),
    CreateSnapshot: unary(async (req: CreateSnapshotRequest__Output) => snapshotToWire(await m.createSnapshot(req.instance, req.name, !!req.stateful))),
    ListSnapshots: unary(async (req: ListSnapshotsRequest__Output) => ({ snapshots: (await m.listSnapshots(req.instance)).map(snapshotToWire) })),
    RestoreSnapshot: unary(async (req: SnapshotRequest__Output) => m.restoreSnapshot(req.instance, req.name)),
    DeleteSnapshot: unary(async (req: SnapshotRequest__Output) => { await m.deleteSnapshot(req.instance, req.name); return {}; }),
    ExportInstance: (call: grpc.ServerWritableStream<ExportInstanceRequest__Output, BackupChunk>) => exportHandler(agent, call),
    ImportInstance: (call: grpc.ServerReadableStream<BackupChunk__Output, Operation>, cb: grpc.sendUnaryData<Operation>) => importHandler(agent, call, cb),
  };
}

/** Export: the header once the size is estimated, then the tarball in chunks, with backpressure;
 * the client going away or the agent stopping kills tar. */
function exportHandler(agent: Agent, call: grpc.ServerWritableStream<ExportInstanceRequest__Output, BackupChunk>): void {
  const gone = new AbortController();
  call.on("cancelled", () => gone.abort());
  const signal = AbortSignal.any([gone.signal, agent.stopping]);
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (call.write({ data: chunk })) done();
      else call.once("drain", () => done());
    },
  });
  agent.instances.exportInstance(call.request.name, { instanceOnly: !!call.request.instance_only, signal }, (total) => {
    call.write({ header: { name: call.request.name, total_bytes: total } });
    return out;
  }).then(() => call.end(), (e) => endWithError(call, e));
}

/** Import: the header, then the tarball's bytes, spooled by the manager; answers with the operation. */
function importHandler(agent: Agent, call: grpc.ServerReadableStream<BackupChunk__Output, Operation>, cb: grpc.sendUnaryData<Operation>): void {
  const gone = new AbortController();
  call.on("cancelled", () => gone.abort());
  (async () => {
    const it = call[Symbol.asyncIterator]() as AsyncIterator<BackupChunk__Output>;
    const first = await it.next();
    const header = first.done ? undefined : first.value.header;
    if (!header) throw invalid("header", "the first message must carry the backup header");
    const data = (async function* () {
      for (let n = await it.next(); !n.done; n = await it.next()) if (n.value.data) yield n.value.data;
    })();
    return agent.instances.importInstance({ name: header.name || undefined, pool: header.pool || undefined }, data, AbortSignal.any([gone.signal, agent.stopping]));
  })().then((op) => cb(null, op), (e) => cb(toStatus(e)));
}

/**
 * Exec: the first message must be `start`; then stdin, stdin_close, signal, resize. The output
 * says `started` once the command runs and ends with its exit_code, or the stream ends with an
 * error (not running, attach failed, bad request): it never stays open without a command.
 */
function execHandler(agent: Agent, call: grpc.ServerDuplexStream<ExecInput__Output, ExecOutput>): void {
  let proc: ExecProcess | undefined;
  let pending: ExecInput__Output[] | undefined;
  let ended = false;
  const fail = (e: unknown) => {
    ended = true;
    proc?.kill("SIGKILL");
    endWithError(call, e);
  };
  const feed = (msg: ExecInput__Output) => {
    if (!proc) return void pending?.push(msg);
    if (msg.msg === "stdin" && msg.stdin) proc.stdin.write(msg.stdin);
    else if (msg.msg === "stdin_close") proc.stdin.end();
    else if (msg.msg === "signal" && msg.signal) proc.kill(msg.signal);
    else if (msg.msg === "resize" && msg.resize) proc.resize(msg.resize.width, msg.resize.height);
  };
  const run = async (start: NonNullable<ExecInput__Output["start"]>) => {
    if (!start.command?.length) throw invalid("start.command", "must not be empty");
    const rec = await agent.instances.get(start.instance);
    const driver = agent.instances.driverOf(rec);
    const env = { ...(await agent.instances.execEnv(rec)), ...(start.environment ?? {}) };
    if (ended) return;
    // The command starts alongside the status query (a host command each, of about the same
    // cost). Until the instance is known to be running it gets no input and its output is held
    // back; when it is not running the command is killed and the state is the error, as if the
    // status had been checked first.
    const p = driver.exec(rec.name, {
      command: start.command, env, cwd: start.cwd || undefined, uid: start.uid || undefined, gid: start.gid || undefined,
      tty: start.tty ? { width: start.width || 80, height: start.height || 24 } : undefined,
    });
    let held: ExecOutput[] | undefined = [];
    const output = (m: ExecOutput) => (held ? held.push(m) : call.write(m));
    p.stdin.on("error", () => {});
    p.stdout.on("data", (d: Buffer) => output({ stdout: d }));
    p.stderr.on("data", (d: Buffer) => output({ stderr: d }));
    p.exited.catch(() => {}); // awaited below when the instance runs; otherwise the command was killed
    // A driver that knows the instance still runs spares the host tool its query.
    const st = (await driver.knownRunning?.(rec.name).catch(() => false)) ? "Running" : await driver.status(rec.name).catch((e: unknown) => e);
    if (ended || st !== "Running") p.kill("SIGKILL");
    if (ended) return;
    if (st !== "Running") throw st instanceof Error ? st : precondition(`instance "${rec.name}" is ${String(st)}; exec needs it running`);
    proc = p;
    call.write({ started: true });
    held.forEach((m) => call.write(m));
    held = undefined;
    const queued = pending ?? [];
    pending = undefined;
    queued.forEach(feed);
    const code = await p.exited;
    if (ended) return;
    ended = true;
    call.write({ exit_code: code });
    call.end();
  };
  const onGraceOver = () => fail(new CorralError("CORRAL_ERR_UNAVAILABLE", "corrald stopped: the command was killed after the stop's grace period"));
  agent.graceOver.addEventListener("abort", onGraceOver, { once: true });
  call.on("close", () => agent.graceOver.removeEventListener("abort", onGraceOver));
  call.on("data", (msg: ExecInput__Output) => {
    if (ended) return;
    if (proc || pending) return feed(msg);
    if (msg.msg !== "start" || !msg.start) return fail(invalid("start", "the first exec message must carry start"));
    pending = [];
    run(msg.start).catch(fail);
  });
  call.on("end", () => proc?.stdin.end());
  call.on("cancelled", () => {
    ended = true;
    proc?.kill("SIGKILL");
  });
}

/** Console: the first message names the instance; then input bytes both ways until either side ends. */
function consoleHandler(agent: Agent, call: grpc.ServerDuplexStream<ConsoleInput__Output, ConsoleOutput>): void {
  let session: ConsoleSession | undefined;
  let queued: Buffer[] | undefined;
  let ended = false;
  const end = (e?: unknown) => {
    if (ended) return;
    ended = true;
    session?.close();
    if (e) endWithError(call, e);
    else call.end();
  };
  const open = async (instance: string) => {
    const rec = await agent.instances.get(instance);
    const s = await agent.instances.driverOf(rec).console(rec.name);
    if (ended) return s.close();
    session = s;
    s.output.on("data", (d: Buffer) => call.write({ data: d }));
    s.output.on("end", () => end());
    for (const d of queued ?? []) s.write(d);
    queued = undefined;
  };
  call.on("data", (msg: ConsoleInput__Output) => {
    if (ended) return;
    if (session) return msg.msg === "data" && msg.data ? session.write(msg.data) : undefined;
    if (queued) return msg.msg === "data" && msg.data ? void queued.push(msg.data) : undefined;
    if (msg.msg !== "instance" || !msg.instance) return end(invalid("instance", "the first console message must name the instance"));
    queued = [];
    open(msg.instance).catch(end);
  });
  call.on("end", () => end());
  untilAgentStops(agent, call, () => session?.close());
}

function pushHandler(agent: Agent, call: grpc.ServerReadableStream<FileChunk__Output, FileInfo>, cb: grpc.sendUnaryData<FileInfo>): void {
  (async (): Promise<FileInfo> => {
    const it = call[Symbol.asyncIterator]() as AsyncIterator<FileChunk__Output>;
    const first = await it.next();
    const header = first.done ? undefined : first.value.header;
    if (!header) throw invalid("header", "the first message must carry the file header");
    if (!header.path?.startsWith("/")) throw invalid("path", "must be an absolute path inside the instance");
    let size = 0;
    const data = Readable.from((async function* () {
      for (let n = await it.next(); !n.done; n = await it.next()) {
        if (!n.value.data) continue;
        size += n.value.data.length;
        yield n.value.data;
      }
    })());
    const mode = header.mode || 0o644;
    await agent.instances.pushFile(header.instance, header.path, data, { mode, uid: header.uid, gid: header.gid, createParents: header.create_parents });
    return { path: header.path, size, mode, uid: header.uid, gid: header.gid };
  })().then((info) => cb(null, info), (e) => cb(toStatus(e)));
}

function pullHandler(agent: Agent, call: grpc.ServerWritableStream<PullFileRequest__Output, FileChunk>): void {
  (async () => {
    const f = await agent.instances.pullFile(call.request.instance, call.request.path);
    call.write({ header: { instance: call.request.instance, path: call.request.path, mode: f.mode, uid: f.uid, gid: f.gid } });
    for await (const chunk of f.stream) {
      if (call.cancelled) return; // leaving the loop destroys the stream: the file is closed, no more is read
      if (!call.write({ data: chunk as Buffer })) await drainedOrCancelled(call);
    }
    call.end();
  })().catch((e) => endWithError(call, e));
}

function imagesService(agent: Agent): Handlers {
  const m = agent.images;
  return {
    UploadImage: (call: grpc.ServerReadableStream<ImageUploadChunk__Output, Operation>, cb: grpc.sendUnaryData<Operation>) => {
      let rx: ImageReceiver | undefined;
      let split = false;
      (async () => {
        let header: ImageUploadChunk__Output["header"];
        for await (const chunk of call as AsyncIterable<ImageUploadChunk__Output>) {
          if (chunk.msg === "header") {
            if (header) throw invalid("header", "sent twice");
            header = chunk.header!;
            header.aliases.forEach((a, i) => { if (!a) throw invalid(`aliases[${i}]`, "must not be empty"); });
            rx = new ImageReceiver(m.imagesDir, { expectedFingerprint: header.fingerprint || undefined, description: header.properties?.description ?? (header.filename ? `Imported from ${header.filename}` : "") });
          } else if (!rx) {
            throw invalid("header", "the first message must carry the upload header");
          } else if (chunk.msg === "rootfs_begin") {
            split = true;
            await rx.beginRootfs();
          } else if (chunk.msg === "data" && chunk.data) {
            await (split ? rx.writeRootfs(chunk.data) : rx.writeMeta(chunk.data));
          }
        }
        if (!header || !rx) throw invalid("header", "the upload sent no header");
        const h = header;
        // Hashing happened while receiving: finishing is metadata parsing and a rename.
        const rec = await rx.finish();
        return agent.ops.start("image.upload", `images/${rec.fingerprint}`, async () => {
          await m.add({ ...rec, properties: { ...rec.properties, ...h.properties } }, h.aliases, h.filename);
        });
      })().then((op) => cb(null, op), async (e) => {
        await rx?.abort();
        cb(toStatus(e));
      });
    },
    GetImage: unary(async (req: GetImageRequest__Output) => imageToWire(await m.resolve(req.ref, "ref"))),
    ListImages: listImagesHandler(m),
    ExportImage: exportImageHandler(m),
    UpdateImage: unary(async (req: UpdateImageRequest__Output) => imageToWire(await m.update(req.ref, req.aliases_set || req.aliases.length ? req.aliases : undefined, req.properties ?? {}, req.public_set ? !!req.public : undefined))),
    PublishImage: publishHandler(agent),
    DeleteImage: unary(async (req: DeleteImageRequest__Output) => {
      const img = await m.resolve(req.ref, "ref");
      await m.assertUnused(img.fingerprint);
      return agent.ops.start("image.delete", `images/${img.fingerprint}`, () => m.delete(img.fingerprint, (fp) => agent.pools.removeImageVolumes(fp)));
    }),
  };
}

function networksService(agent: Agent): Handlers {
  const m = agent.networks;
  const view = async (rec: NetworkRecord) => networkToWire(rec, await agent.instances.usersOfNetwork(rec.name), await m.leases(rec));
  return {
    CreateNetwork: unary(async (req: CreateNetworkRequest__Output) => view(await m.create(req.name, req.type, req.config ?? {}, req.description))),
    GetNetwork: unary(async (req: GetNetworkRequest__Output) => view(await m.get(req.name))),
    ListNetworks: unary(async () => ({ networks: await Promise.all((await m.list()).map(view)) })),
    UpdateNetwork: unary(async (req: UpdateNetworkRequest__Output) => view(await m.update(req.name, req.config ?? {}, req.description || undefined))),
    DeleteNetwork: unary(async (req: DeleteNetworkRequest__Output) => { await m.delete(req.name); return {}; }),
  };
}

function storageService(agent: Agent): Handlers {
  const m = agent.pools;
  const view = async (rec: PoolRecord) => poolToWire(rec, await m.usage(rec), await agent.instances.usersOfPool(rec.name));
  // The pool record is read once per request, not once per volume.
  const volView = async (pool: PoolRecord, v: CustomVolumeRecord) => {
    const used = await m.driverOf(pool).volumeUsage(m.spec(pool), { type: "custom", name: v.name }).catch(() => 0);
    return volumeToWire(v, used, v.location ?? agent.location, await agent.instances.usersOfPool(pool.name, v.name));
  };
  return {
    CreateStoragePool: unary(async (req: CreateStoragePoolRequest__Output) => view(await m.create(req.name, req.driver, req.config ?? {}, req.description))),
    GetStoragePool: unary(async (req: GetStoragePoolRequest__Output) => view(await m.get(req.name))),
    ListStoragePools: unary(async () => ({ pools: await Promise.all((await m.list()).map(view)) })),
    UpdateStoragePool: unary(async (req: UpdateStoragePoolRequest__Output) => view(await m.update(req.name, req.config ?? {}, req.description || undefined))),
    DeleteStoragePool: unary(async (req: DeleteStoragePoolRequest__Output) => { await m.delete(req.name); return {}; }),
    CreateVolume: unary(async (req: CreateVolumeRequest__Output) => {
      const v = await m.createVolume(req.pool, req.name, req.content_type, req.config ?? {});
      return volView(await m.get(req.pool), v);
    }),
    GetVolume: unary(async (req: GetVolumeRequest__Output) => {
      const v = await m.getVolume(req.pool, req.name);
      return volView(await m.get(req.pool), v);
    }),
    ListVolumes: unary(async (req: ListVolumesRequest__Output) => {
      const pool = await m.get(req.pool);
      return { volumes: await Promise.all((await m.listVolumes(req.pool)).map((v) => volView(pool, v))) };
    }),
    DeleteVolume: unary(async (req: GetVolumeRequest__Output) => { await m.deleteVolume(req.pool, req.name); return {}; }),
    UpdateVolume: unary(async (req: UpdateVolumeRequest__Output) => volView(await m.get(req.pool), await m.updateVolume(req.pool, req.name, req.config ?? {}))),
    CopyVolume: unary(async (req: CopyVolumeRequest__Output) => volView(await m.get(req.pool), await m.copyVolume(req.source_pool, req.source_name, req.pool, req.name))),
    CreateVolumeSnapshot: unary(async (req: VolumeSnapshotRequest__Output) => volumeSnapshotToWire(await m.createVolumeSnapshot(req.pool, req.volume, req.name))),
    ListVolumeSnapshots: unary(async (req: GetVolumeRequest__Output) => ({ snapshots: (await m.listVolumeSnapshots(req.pool, req.name)).map(volumeSnapshotToWire) })),
    RestoreVolumeSnapshot: unary(async (req: VolumeSnapshotRequest__Output) => { await m.restoreVolumeSnapshot(req.pool, req.volume, req.name); return {}; }),
    DeleteVolumeSnapshot: unary(async (req: VolumeSnapshotRequest__Output) => { await m.deleteVolumeSnapshot(req.pool, req.volume, req.name); return {}; }),
  };
}

function profilesService(agent: Agent): Handlers {
  const m = agent.profiles;
  const view = async (name: string) => profileToWire(await m.get(name), await agent.instances.usersOfProfile(name));
  const fromWire = (req: Profile__Output) => ({ name: req.name, description: req.description, config: req.config ?? {}, devices: devicesFromWire(req.devices) });
  return {
    CreateProfile: unary(async (req: Profile__Output) => { await m.create(fromWire(req)); return view(req.name); }),
    GetProfile: unary(async (req: GetProfileRequest__Output) => view(req.name)),
    ListProfiles: unary(async () => ({ profiles: await Promise.all((await m.list()).map((p) => view(p.name))) })),
    UpdateProfile: unary(async (req: Profile__Output) => { await m.update(fromWire(req)); return view(req.name); }),
    DeleteProfile: unary(async (req: GetProfileRequest__Output) => { await m.delete(req.name); return {}; }),
  };
}

function operationsService(agent: Agent): Handlers {
  const ops = agent.ops;
  return {
    GetOperation: unary(async (req: GetOperationRequest__Output) => ops.get(req.id)),
    ListOperations: unary(async () => ({ operations: ops.list() })),
    WaitOperation: unary(async (req: WaitOperationRequest__Output) => ops.wait(req.id, req.timeout_ms ?? 0)),
    CancelOperation: unary(async (req: GetOperationRequest__Output) => ops.cancel(req.id)),
    WatchOperation: (call: grpc.ServerWritableStream<GetOperationRequest__Output, Operation>) => {
      try {
        let stop: () => void = () => {};
        const write = boundedWriter(call);
        stop = ops.watch(call.request.id, (op) => {
          write(op);
          if (isDone(op)) {
            queueMicrotask(() => stop());
            call.end();
          }
        });
        untilAgentStops(agent, call, () => stop());
      } catch (e) {
        endWithError(call, e);
      }
    },
  };
}

/**
 * Ties a watch stream to the agent's life: it ends with UNAVAILABLE as soon as corrald starts to
 * stop (a subscription has no work to finish), and unsubscribes however it ends.
 */
export function untilAgentStops(agent: Agent, call: StreamCall, unsubscribe: () => void): void {
  const onStop = () => endWithError(call, new CorralError("CORRAL_ERR_UNAVAILABLE", "corrald is stopping"));
  if (agent.stopping.aborted) onStop();
  else agent.stopping.addEventListener("abort", onStop, { once: true });
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    unsubscribe();
    agent.stopping.removeEventListener("abort", onStop);
  };
  for (const ev of ["cancelled", "close", "finish", "error"]) call.on(ev, cleanup);
}

function eventsService(agent: Agent): Handlers {
  return {
    WatchEvents: (call: grpc.ServerWritableStream<WatchEventsRequest__Output, CorralEvent>) => {
      untilAgentStops(agent, call, agent.events.subscribe(call.request.types ?? [], boundedWriter(call)));
    },
  };
}
