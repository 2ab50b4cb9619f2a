#!/usr/bin/env node
// Installs bin/terraform-provider-corral into the implied local mirror directories of OpenTofu
// and Terraform for the current HOME, so `source = "corral/corral"` works with `tofu init` (or
// `terraform init`) offline and without a CLI config file:
//   $HOME/.terraform.d/plugins/registry.opentofu.org/corral/corral/<version>/<os>_<arch>/
//   $HOME/.terraform.d/plugins/registry.terraform.io/corral/corral/<version>/<os>_<arch>/
// The version comes from package.json. Idempotent: an entry that is already right is left alone.
//
// Usage: node scripts/install-provider.mjs [--copy] [--home DIR]
//   --copy      copy the binary (mode 0755) instead of symlinking it (for a repo that moves away)
//   --home DIR  install for another home directory (default: $HOME)
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAME = "terraform-provider-corral";
const HOSTS = ["registry.opentofu.org", "registry.terraform.io"];
const NAMESPACE = "corral";
const TYPE = "corral";

/** Go's GOOS_GOARCH for this machine, the last directory level of the mirror. */
function platform() {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch];
  if (!arch) throw new Error(`unsupported architecture ${process.arch}`);
  return `${process.platform}_${arch}`;
}

/** Puts the provider at `dest` (symlink or copy); returns what it did. */
function place(source, dest, copy) {
  let current;
  try {
    current = lstatSync(dest);
  } catch {
    current = undefined;
  }
  if (!copy && current?.isSymbolicLink() && resolve(dirname(dest), readlinkSync(dest)) === source) return "already installed";
  if (copy && current?.isFile() && readFileSync(dest).equals(readFileSync(source))) {
    chmodSync(dest, 0o755);
    return "already installed";
  }
  mkdirSync(dirname(dest), { recursive: true });
  // Write next to the target, then rename over it: a running tofu never sees half a file.
  const tmp = `${dest}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  if (copy) {
    copyFileSync(source, tmp);
    chmodSync(tmp, 0o755);
  } else {
    symlinkSync(source, tmp);
  }
  renameSync(tmp, dest);
  return current ? (copy ? "replaced (copy)" : "replaced (symlink)") : copy ? "copied" : "linked";
}

function main() {
  const { values } = parseArgs({ options: { copy: { type: "boolean", default: false }, home: { type: "string" } } });
  const home = values.home ?? process.env.HOME ?? homedir();
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  const source = join(root, "bin", NAME);
  if (!existsSync(source)) {
    process.stderr.write(`install-provider: ${source} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
  chmodSync(source, 0o755);
  for (const host of HOSTS) {
    const dest = join(home, ".terraform.d", "plugins", host, NAMESPACE, TYPE, version, platform(), NAME);
    const what = place(source, dest, !!values.copy);
    process.stdout.write(`${NAME} ${version}: ${what}: ${dest}\n`);
  }
}

main();
