#!/usr/bin/env node
// Builds the executables at the repo root: bin/corrald, bin/corral (esbuild bundles with the
// proto descriptor embedded, so start-up reads no .proto files). Native modules stay external.
import { build } from "esbuild";
import { chmodSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [join(root, "scripts/gen-proto.mjs")], { stdio: "inherit" });
mkdirSync(join(root, "bin"), { recursive: true });

const entries = [
  { out: "bin/corrald", entry: "agent/daemon/bin.ts" },
  { out: "bin/corral", entry: "agent/cli/bin.ts" },
  { out: "bin/terraform-provider-corral", entry: "provider/main.ts" },
];
await Promise.all(entries.map(async ({ out, entry }) => {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, out),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: "#!/usr/bin/env node" },
    external: ["better-sqlite3", "node-pty"],
    // The bundle lives in bin/: resolve node_modules from the repo root.
    nodePaths: [join(root, "node_modules")],
    logLevel: "warning",
    minifySyntax: true,
    legalComments: "none",
  });
  chmodSync(join(root, out), 0o755);
}));
// CDKTF bindings (provider/cdktf/gen/) from the schema the just-built provider reports to tofu.
execFileSync(process.execPath, [join(root, "scripts/gen-cdktf.mjs")], { stdio: "inherit" });
