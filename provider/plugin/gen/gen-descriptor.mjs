#!/usr/bin/env node
// Generates the tfplugin6 + go-plugin descriptor embedded in provider bundles, so a provider reads
// no .proto files at start-up. Output: provider/plugin/gen/plugin-descriptor.json (never edit).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const protoDir = join(root, "proto");
const files = [
  "tfplugin6/tfplugin6.proto",
  "go-plugin/grpc_controller.proto",
  "go-plugin/grpc_stdio.proto",
  "go-plugin/grpc_broker.proto",
];

const pbRoot = new protobuf.Root();
pbRoot.resolvePath = (_origin, target) => join(protoDir, target);
pbRoot.loadSync(files, { keepCase: true });
writeFileSync(
  join(root, "provider/plugin/gen/plugin-descriptor.json"),
  JSON.stringify(pbRoot.toJSON({ keepComments: false })) + "\n",
);
