// Service definitions for tfplugin6 and go-plugin, built from the descriptor generated at build
// time (provider/plugin/gen/gen-descriptor.mjs) with protobufjs/light directly: no .proto files are
// read at start-up, and skipping proto-loader's reflection descriptors saves ~12 ms per launch.
import type * as grpc from "@grpc/grpc-js";
import * as protobuf from "protobufjs/light";
import descriptor from "./gen/plugin-descriptor.json";

/** The decode options the wire types in protocol.ts are written against (proto-loader's semantics). */
export const PLUGIN_CONVERSION: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

export interface PluginServices {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
}

let cached: PluginServices | undefined;

function serviceDefinition(root: protobuf.Root, name: string): grpc.ServiceDefinition {
  const service = root.lookupService(name);
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const m of service.methodsArray) {
    m.resolve();
    const req = m.resolvedRequestType!, res = m.resolvedResponseType!;
    def[m.name] = {
      path: `/${name}/${m.name}`,
      requestStream: Boolean(m.requestStream),
      responseStream: Boolean(m.responseStream),
      requestSerialize: (v) => Buffer.from(req.encode(req.fromObject(v as Record<string, unknown>)).finish()),
      requestDeserialize: (b) => req.toObject(req.decode(b), PLUGIN_CONVERSION),
      responseSerialize: (v) => Buffer.from(res.encode(res.fromObject(v as Record<string, unknown>)).finish()),
      responseDeserialize: (b) => res.toObject(res.decode(b), PLUGIN_CONVERSION),
      originalName: m.name.charAt(0).toLowerCase() + m.name.slice(1),
    };
  }
  return def as grpc.ServiceDefinition;
}

/** Loads (once) the four services a Terraform provider process serves. */
export function pluginServices(): PluginServices {
  if (!cached) {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    cached = {
      provider: serviceDefinition(root, "tfplugin6.Provider"),
      controller: serviceDefinition(root, "plugin.GRPCController"),
      stdio: serviceDefinition(root, "plugin.GRPCStdio"),
      broker: serviceDefinition(root, "plugin.GRPCBroker"),
    };
  }
  return cached;
}
