#!/usr/bin/env node
// Builds the executables at the repo root: bin/corrald, bin/corral, bin/terraform-provider-corral.
// Each is a small launcher (scripts/launcher.cjs) for an esbuild bundle in dist/ with the proto
// descriptors embedded, so start-up reads no .proto files; native modules stay external.
import { build } from "esbuild";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [join(root, "scripts/gen-proto.mjs")], { stdio: "inherit" });
mkdirSync(join(root, "bin"), { recursive: true });

// Each launcher's interpreter line (GNU env -S splits it into node's arguments):
// - corrald trades V8's compilers and a large young generation for memory: the agent waits on host
//   tools and sockets, so it loses no measurable speed (it even spends less CPU, compiling nothing)
//   and ~15 MB of resident set. Lite mode has no WebAssembly (--no-expose-wasm says so, or V8
//   warns on stderr at every start), so the agent cannot use fetch(): undici parses HTTP in wasm.
//   It drops NODE_EXTRA_CA_CERTS too (~1.5 MB of resident set, the parsed bundle): it verifies image
//   servers against the system CA file itself (agent/images/http.ts), and its peers by its own CAs.
// - corral never uses the system CA store (it verifies agents by pin or by their own CA), so it
//   drops NODE_EXTRA_CA_CERTS, which node would otherwise parse on every start (~25 ms here).
// - the provider keeps the environment whole: it downloads images over HTTPS.
const entries = [
  { name: "corrald", entry: "agent/daemon/bin.ts", interpreter: "/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node --lite-mode --no-expose-wasm --max-semi-space-size=1" },
  // `corral exec`, the operation commands and `list` have a lean bundle of their own (agent/cli/fast-bin.ts), tried first.
  { name: "corral", entry: "agent/cli/bin.ts", interpreter: "/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node", fast: { verbs: ["exec", "launch", "delete", "rm", "start", "stop", "restart", "image", "list", "ls"], bundle: "corral-fast", entry: "agent/cli/fast-bin.ts" } },
  { name: "terraform-provider-corral", entry: "provider/main.ts", interpreter: "/usr/bin/env node" },
];
mkdirSync(join(root, "dist"), { recursive: true });
const launcher = readFileSync(join(root, "scripts/launcher.cjs"), "utf8");
const bundle = (name, entry, external = []) => {
  rmSync(join(root, "dist", `${name}.js.cache`), { force: true });
  return build({
    entryPoints: [join(root, entry)],
    outfile: join(root, "dist", `${name}.js`),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // etcd3 reads its .proto files from its own package directory at load time.
    external: ["better-sqlite3", "node-pty", "etcd3", ...external],
    logLevel: "warning",
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "none",
  });
};
await Promise.all(entries.map(async ({ name, entry, interpreter, fast }) => {
  await bundle(name, entry);
  // The lean paths render no YAML (render.ts loads yaml only for it): it stays out of their bundle.
  if (fast) await bundle(fast.bundle, fast.entry, ["yaml"]);
  const out = join(root, "bin", name);
  rmSync(out, { force: true });
  writeFileSync(out, launcher.replace(/^#!.*/, `#!${interpreter}`).replaceAll("__NAME__", name).replace("__FAST__", fast ? JSON.stringify({ verbs: fast.verbs, bundle: fast.bundle }) : "null"), { mode: 0o755 });
  chmodSync(out, 0o755);
}));
// corral-exec-helper, the exec server corrald starts inside each container (exec-helper.ts), corrald's
// host command starter (spawner.ts), its btrfs subvolume operations (btrfs-ioctl.c) and its reader
// of containers' addresses (netns-addrs.c): static, as containers may have no C library at all.
// Without a C compiler exec attaches once per command, btrfs-progs makes the subvolumes and a list
// reads each container's addresses with nsenter and ip.
try {
  const sources = ["agent/instances/drivers/lxc/exec-helper.c", "agent/instances/drivers/lxc/netns-addrs.c", "agent/storage/drivers/btrfs/btrfs-ioctl.c"];
  execFileSync("gcc", ["-O2", "-static", "-s", "-Wall", "-o", join(root, "dist/corral-exec-helper"), ...sources.map((f) => join(root, f))], { stdio: "inherit" });
} catch (e) {
  if (e.code !== "ENOENT") throw e;
  console.warn("build: no gcc, so no dist/corral-exec-helper: exec runs one lxc-attach per command (apt-get install gcc libc6-dev)");
}
// CDKTF bindings (provider/cdktf/gen/) from the schema the just-built provider reports to tofu,
// compiled into the @corral/cdktf package (provider/cdktf/lib/ and cdktn/).
execFileSync(process.execPath, [join(root, "scripts/gen-cdktf.mjs")], { stdio: "inherit" });
execFileSync(process.execPath, [join(root, "scripts/build-cdktf.mjs")], { stdio: "inherit" });
