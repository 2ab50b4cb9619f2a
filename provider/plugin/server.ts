// The provider process side of go-plugin: handshake, TLS, unix socket, tfplugin6.Provider dispatch,
// GRPCController/Shutdown, GRPCStdio, GRPCBroker, StopProvider cancellation.
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pluginServices } from "./descriptor";
import { diagnosticFromError } from "./diagnostics";
import { HandshakeError, TF_MAGIC_COOKIE_KEY, TF_MAGIC_COOKIE_VALUE, handshakeLine, readHandshakeEnv } from "./handshake";
import { Logger, createLogger } from "./hclog";
import type { CallContext, ProviderServer } from "./protocol";
import { SchemaTypes, defaultUpgradeResourceState, notSupported } from "./provider-defaults";
import { generateServerCert } from "./tls-cert";

export interface ServeOptions {
  /** Log module name (hclog `@module`), e.g. "provider.terraform-provider-corral". */
  name?: string;
  env?: NodeJS.ProcessEnv;
  magicCookieKey?: string;
  magicCookieValue?: string;
  /** Process exit; replaceable for in-process tests. */
  exit?: (code: number) => void;
  logger?: Logger;
}

export interface ServingProvider {
  socketPath: string;
  /** Stops serving, ends the idle streams, removes the socket. */
  close(): Promise<void>;
}

// Shutdown replies, then waits this long at most for the host to drop the connection before exiting
// anyway (go-plugin SIGKILLs after 2 s).
const SHUTDOWN_GRACE_MS = 500;

type Unary = (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => void;

/**
 * Serves `impl` as a Terraform plugin: validates the launch, binds a unix socket, prints the
 * handshake line once bound. A bad launch (no magic cookie, no protocol 6) prints why on stderr and
 * exits 1.
 */
export async function serveProvider(impl: ProviderServer, opts: ServeOptions = {}): Promise<ServingProvider> {
  const env = opts.env ?? process.env;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const log = opts.logger ?? createLogger(opts.name ?? "provider");
  let hs;
  try {
    hs = readHandshakeEnv(env, opts.magicCookieKey ?? TF_MAGIC_COOKIE_KEY, opts.magicCookieValue ?? TF_MAGIC_COOKIE_VALUE);
  } catch (err) {
    if (!(err instanceof HandshakeError)) throw err;
    process.stderr.write(err.message + "\n");
    exit(1);
    throw err;
  }

  // Ctrl-C reaches the whole process group; core follows up with StopProvider, which we honour.
  process.on("SIGINT", () => log.debug("SIGINT ignored; waiting for StopProvider"));

  let stop = new AbortController();
  const ctx = (): CallContext => ({ signal: stop.signal, log });
  const types = new SchemaTypes(impl);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
  });
  const services = pluginServices();
  const idleStreams = new Set<grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>>();

  const rpc = <Req, Res>(name: string, fn: (req: Req, c: CallContext) => Res | Promise<Res>): Unary =>
    (call, cb) => {
      const started = Date.now();
      const req = call.request as Req & { type_name?: string };
      log.trace(`${name} called`, req.type_name ? { tf_resource_type: req.type_name } : undefined);
      Promise.resolve()
        .then(() => fn(req, ctx()))
        .then(
          (res) => {
            log.trace(`${name} done`, { duration_ms: Date.now() - started });
            cb(null, res ?? {});
          },
          (err: unknown) => {
            log.error(`${name} failed`, { error: err instanceof Error ? err.stack ?? err.message : String(err) });
            cb(null, { diagnostics: [diagnosticFromError(err, "Internal provider error")] });
          },
        );
    };

  type P = Required<ProviderServer>;
  type Req<K extends keyof P> = Parameters<P[K]>[0];
  server.addService(services.provider, {
    GetProviderSchema: rpc("GetProviderSchema", (r: Req<"getProviderSchema">, c) => impl.getProviderSchema(r, c)),
    ValidateProviderConfig: rpc("ValidateProviderConfig", (r: Req<"validateProviderConfig">, c) =>
      impl.validateProviderConfig ? impl.validateProviderConfig(r, c) : {}),
    ValidateResourceConfig: rpc("ValidateResourceConfig", (r: Req<"validateResourceConfig">, c) =>
      impl.validateResourceConfig ? impl.validateResourceConfig(r, c) : {}),
    ValidateDataResourceConfig: rpc("ValidateDataResourceConfig", (r: Req<"validateDataResourceConfig">, c) =>
      impl.validateDataResourceConfig ? impl.validateDataResourceConfig(r, c) : {}),
    UpgradeResourceState: rpc("UpgradeResourceState", (r: Req<"upgradeResourceState">, c) =>
      impl.upgradeResourceState ? impl.upgradeResourceState(r, c) : defaultUpgradeResourceState(types, r, c)),
    ConfigureProvider: rpc("ConfigureProvider", (r: Req<"configureProvider">, c) =>
      impl.configureProvider ? impl.configureProvider(r, c) : {}),
    ReadResource: rpc("ReadResource", (r: Req<"readResource">, c) =>
      impl.readResource ? impl.readResource(r, c) : { new_state: r.current_state ?? undefined, private: r.private }),
    PlanResourceChange: rpc("PlanResourceChange", (r: Req<"planResourceChange">, c) =>
      impl.planResourceChange ? impl.planResourceChange(r, c)
        : { planned_state: r.proposed_new_state ?? undefined, planned_private: r.prior_private }),
    ApplyResourceChange: rpc("ApplyResourceChange", (r: Req<"applyResourceChange">, c) =>
      impl.applyResourceChange ? impl.applyResourceChange(r, c) : notSupported("ApplyResourceChange", r.type_name)),
    ImportResourceState: rpc("ImportResourceState", (r: Req<"importResourceState">, c) =>
      impl.importResourceState ? impl.importResourceState(r, c) : notSupported("ImportResourceState", r.type_name)),
    ReadDataSource: rpc("ReadDataSource", (r: Req<"readDataSource">, c) =>
      impl.readDataSource ? impl.readDataSource(r, c) : notSupported("ReadDataSource", r.type_name)),
    StopProvider: rpc("StopProvider", async () => {
      log.info("StopProvider: cancelling in-flight operations");
      const stopping = stop;
      stop = new AbortController(); // later calls get a fresh signal, as terraform-plugin-go does
      stopping.abort(new Error("provider stopped by core (StopProvider)"));
      const errText = impl.stopProvider ? await impl.stopProvider({ signal: stopping.signal, log }) : undefined;
      return { Error: errText ?? "" };
    }),
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      stop.abort(new Error("provider shutting down"));
      for (const s of idleStreams) s.end();
      idleStreams.clear();
      const done = (): void => {
        removeSocket();
        resolve();
      };
      const timer = setTimeout(() => { server.forceShutdown(); done(); }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => { clearTimeout(timer); done(); });
    });
    return closing;
  };

  server.addService(services.controller, {
    Shutdown: ((_call, cb) => {
      log.debug("Shutdown requested by host");
      cb(null, {});
      setImmediate(() => void close().then(() => exit(0)));
    }) as Unary,
  });
  server.addService(services.stdio, {
    // We never write to stdout/stderr through this stream (logs go to stderr directly); keep it open.
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      idleStreams.add(call);
      call.on("cancelled", () => idleStreams.delete(call));
    },
  });
  server.addService(services.broker, {
    // Providers never broker extra connections: accept the stream and idle.
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      idleStreams.add(call);
      call.on("data", () => {});
      call.on("end", () => { idleStreams.delete(call); call.end(); });
      call.on("cancelled", () => idleStreams.delete(call));
    },
  });

  let creds: grpc.ServerCredentials;
  let certDer: Buffer | undefined;
  if (hs.clientCertPem) {
    const cert = generateServerCert();
    certDer = cert.der;
    creds = grpc.ServerCredentials.createSsl(Buffer.from(hs.clientCertPem),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }], true);
  } else {
    creds = grpc.ServerCredentials.createInsecure();
  }

  const socketPath = join(hs.socketDir ?? tmpdir(), `plugin${randomBytes(6).toString("hex")}`);
  let socketBound = false;
  const removeSocket = (): void => {
    if (!socketBound) return;
    socketBound = false;
    try { unlinkSync(socketPath); } catch { /* already gone */ }
  };
  process.on("exit", removeSocket);
  process.on("SIGTERM", () => { removeSocket(); exit(0); });

  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socketPath}`, creds, (err) => (err ? reject(err) : resolve())));
  socketBound = true;
  // Synchronous write: the host reads this line before anything else and waits for it.
  writeSync(1, handshakeLine("unix", socketPath, certDer));
  log.debug("plugin serving", { network: "unix", address: socketPath, tls: Boolean(certDer) });
  return { socketPath, close };
}
