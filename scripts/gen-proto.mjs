#!/usr/bin/env node
// Generates the corral.v1 descriptor (embedded in bundles) and TypeScript types from proto/.
// Output goes to proto/gen/ and is never edited by hand.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const protoDir = join(root, "proto");
const genDir = join(protoDir, "gen");
const files = readdirSync(join(protoDir, "corral/v1"))
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => `corral/v1/${f}`);

rmSync(genDir, { recursive: true, force: true });
mkdirSync(genDir, { recursive: true });

const pbRoot = new protobuf.Root();
pbRoot.resolvePath = (_origin, target) => join(protoDir, target);
pbRoot.loadSync(files, { keepCase: true });
writeFileSync(join(genDir, "corral-descriptor.json"), JSON.stringify(pbRoot.toJSON({ keepComments: false })) + "\n");

execFileSync(
  join(root, "node_modules/.bin/proto-loader-gen-types"),
  ["--keepCase", "--longs=Number", "--enums=String", "--defaults", "--oneofs", "--grpcLib=@grpc/grpc-js",
   "-I", protoDir, "-O", join(genDir, "types"), ...files],
  { stdio: ["ignore", "ignore", "inherit"] },
);

// Keep generated files free of this checkout's absolute path.
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]);
for (const f of walk(join(genDir, "types"))) {
  writeFileSync(f, readFileSync(f, "utf8").replaceAll(protoDir + "/", ""));
}

// The Terraform plugin wire layer embeds its own descriptor (tfplugin6 + go-plugin protos).
execFileSync(process.execPath, [join(root, "provider/plugin/gen/gen-descriptor.mjs")], { stdio: "inherit" });
