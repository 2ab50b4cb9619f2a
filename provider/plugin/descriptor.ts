// Service definitions for tfplugin6 and go-plugin, built from the descriptor generated at build
// time (provider/plugin/gen/gen-descriptor.mjs) with protobufjs/light directly: no .proto files are
// read at start-up, and skipping proto-loader's reflection descriptors saves ~12 ms per launch.
import type * as grpc from "@grpc/grpc-js";
import * as protobuf from "protobufjs/light";
import descriptor from "./gen/plugin-descriptor.json";
import { serviceDefinition } from "../../agent/api/service-definition";

export interface PluginServices {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
}

let cached: PluginServices | undefined;

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
