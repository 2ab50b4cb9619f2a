// @corral/cdktf as a user gets it: `npm pack` in provider/cdktf makes a tarball of JavaScript,
// declarations and source maps; a fresh project outside the repo (as `cdktf init --template=typescript`
// makes it: main.ts run by ts-node, the template's strict tsconfig, cdktf + constructs) installs it,
// type-checks, synthesizes a stack (a pool, a network, an image and two containers) that the real
// tofu applies against a real agent: the containers answer ping, a second plan is clean and destroy
// leaves nothing. A project with only cdktn uses `@corral/cdktf/cdktn` and synthesizes the same stack.
//
// Offline and quick: cdktf, cdktn and constructs are packed from the repo's node_modules and installed
// from those tarballs (real copies, as from the registry); typescript and ts-node are the repo's, run
// in the project directory (ts-node compiles with the project's tsconfig).
import t, { type Test } from "tap";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run, type RunResult } from "../../agent/host/run";
import { randomSuffix } from "../agent/helpers/netns";
import { buildBusyboxImage } from "../fixtures/images";
import { ROOT, startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const PKG = join(ROOT, "provider", "cdktf");
const TS_NODE = join(ROOT, "node_modules", ".bin", "ts-node");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");
/** npm pack and an offline install from local tarballs take seconds; a loaded machine gets slack. */
const NPM_TIMEOUT_MS = 120_000;
/** ts-node type-checks and runs main.ts in about a second. */
const SYNTH_TIMEOUT_MS = 120_000;

type Json = Record<string, any>;

interface PackReport {
  filename: string;
  files: { path: string }[];
}

const base = mkdtempSync(join(tmpdir(), "corral-cdktf-pkg-"));
t.teardown(() => rmSync(base, { recursive: true, force: true }));
const home = join(base, "home");
mkdirSync(home);

/**
 * Runs a tool as a user's shell would: only PATH, HOME and a private npm cache, and no NODE_OPTIONS
 * (tap adds its --import hooks to every child's, and with them node loads ts-node's main.ts as ESM).
 */
const tool = (cmd: string, args: string[], cwd: string, timeoutMs = NPM_TIMEOUT_MS): Promise<RunResult> =>
  run("env", ["-u", "NODE_OPTIONS", cmd, ...args], {
    cwd, timeoutMs, okCodes: [0, 1, 2], cleanEnv: true,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, npm_config_cache: join(base, "npm-cache"), npm_config_update_notifier: "false" },
  });

const why = (r: RunResult, what: string) => (r.code === 0 ? what : `${what}:\n${r.stdout}\n${r.stderr}`);

/** The CDKTF TypeScript template's tsconfig.json (cdktf init --template=typescript). */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true, declaration: true, experimentalDecorators: true, inlineSourceMap: true, inlineSources: true,
    lib: ["es2018"], module: "CommonJS", noEmitOnError: true, noFallthroughCasesInSwitch: true, noImplicitAny: true,
    noImplicitReturns: true, noImplicitThis: true, noUnusedLocals: true, noUnusedParameters: true, resolveJsonModule: true,
    strict: true, strictNullChecks: true, strictPropertyInitialization: true, stripInternal: true, target: "ES2018",
    incremental: true, skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/** The user's stack; `cdk` is "cdktf" or "cdktn", and the bindings' entry point follows it. */
function mainTs(cdk: "cdktf" | "cdktn", prefix: string): string {
  const bindings = cdk === "cdktf" ? "@corral/cdktf" : "@corral/cdktf/cdktn";
  return `import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "${cdk}";
import * as corral from "${bindings}";
import { Instance, Network, StoragePool } from "${bindings}";

class Demo extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new corral.provider.CorralProvider(this, "corral", {});
    const imageFile = new TerraformVariable(this, "image_file", { type: "string" });
    const pool = new StoragePool(this, "pool", { name: "${prefix}-pool", driver: "dir" });
    const net = new Network(this, "net", { name: "${prefix}br0", ipv4Nat: true });
    const image = new corral.image.Image(this, "image", { sourceFile: imageFile.stringValue });
    const addresses: Record<string, string> = {};
    for (const name of ["${prefix}-web-0", "${prefix}-web-1"]) {
      const web = new Instance(this, name, {
        name, image: image.fingerprint, rootDisk: { pool: pool.name },
        networkInterface: [{ name: "eth0", network: net.name }],
        waitFor: { ipv4: true },
      });
      addresses[name] = web.ipv4Address;
    }
    new TerraformOutput(this, "addresses", { value: addresses });
  }
}

const app = new App();
new Demo(app, "demo");
app.synth();
`;
}

/** A fresh project in its own directory with these tarballs installed offline (npm writes them as file: dependencies). */
async function project(t: Test, name: string, tarballs: string[], main: string): Promise<string> {
  const dir = join(base, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, main: "main.js", types: "main.ts" }, null, 2));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
  writeFileSync(join(dir, "main.ts"), main);
  const r = await tool("npm", ["install", "--offline", "--no-audit", "--no-fund", ...tarballs], dir);
  t.equal(r.code, 0, why(r, `npm install ${tarballs.map((f) => f.replace(`${base}/`, "")).join(" ")}`));
  return dir;
}

/** Synthesizes with `ts-node main.ts` (type-checking as it compiles); returns the stack's Terraform JSON. */
async function synth(t: Test, dir: string): Promise<Json> {
  const r = await tool(TS_NODE, ["main.ts"], dir, SYNTH_TIMEOUT_MS);
  t.equal(r.code, 0, why(r, "ts-node main.ts synthesizes"));
  return JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "demo", "cdk.tf.json"), "utf8")) as Json;
}

const prefix = `cp${randomSuffix(2)}`;
let pack: PackReport;
let tarball: string;
let deps: Record<string, string>;
let cdktfJson: Json | undefined;

t.before(async () => {
  const dest = join(base, "tarballs");
  mkdirSync(dest);
  // What a user runs; prepack compiles gen/ into lib/ and cdktn/ first.
  const r = await tool("npm", ["pack", "--json", "--pack-destination", dest], PKG);
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
  pack = (JSON.parse(r.stdout) as PackReport[])[0]!;
  tarball = join(dest, pack.filename);
  const d = await tool("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest, ...["cdktf", "cdktn", "constructs"].map((p) => join(ROOT, "node_modules", p))], dest);
  if (d.code !== 0) throw new Error(`npm pack of cdktf, cdktn and constructs failed:\n${d.stderr}`);
  deps = Object.fromEntries((JSON.parse(d.stdout) as (PackReport & { name: string })[]).map((p) => [p.name, join(dest, p.filename)]));
});

t.test("the tarball holds JavaScript, declarations and source maps; no sources, tests or generator inputs", async (t) => {
  t.equal(pack.filename, "corral-cdktf-0.1.0.tgz", "npm pack names the tarball after the package");
  const files = pack.files.map((f) => f.path).sort();
  const unexpected = files.filter((f) => !/^(lib|cdktn)\/([a-z-]+\/)?index\.(js|d\.ts|js\.map)$/.test(f) && f !== "package.json" && f !== "README.md");
  t.same(unexpected, [], "only lib/ and cdktn/ JavaScript, .d.ts and maps, package.json and README.md");
  t.notOk(files.some((f) => /(^|\/)(gen|test|tests|__tests__)\/|\.test\.|schema\.json|tsconfig|\.tsbuildinfo/.test(f)), "no generator inputs or tests");
  const modules = ["", "instance/", "network/", "image/", "storage-pool/", "profile/", "volume/", "provider/", "data-corral-image/", "data-corral-instance/", "data-corral-network/"];
  const expected = ["lib", "cdktn"].flatMap((entry) => modules.flatMap((m) => ["js", "d.ts", "js.map"].map((ext) => `${entry}/${m}index.${ext}`)));
  t.same(expected.filter((f) => !files.includes(f)), [], "every module's .js, .d.ts and .js.map, for cdktf (lib/) and cdktn (cdktn/)");
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")) as Json;
  const entryPoints = [manifest.main, manifest.types, ...Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)))].map((f) => String(f).replace(/^\.\//, ""));
  t.same(entryPoints.filter((f) => !files.includes(f)), [], "main, types and every exports target are packed");
});

t.test("a cdktf project: type-checks, synthesizes, applies with tofu; containers answer ping; re-plan clean; destroy leaves nothing", async (t) => {
  const dir = await project(t, "demo-cdktf", [deps.cdktf!, deps.constructs!, tarball], mainTs("cdktf", prefix));
  t.same(Object.keys((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Json).dependencies).sort(), ["@corral/cdktf", "cdktf", "constructs"], "the project depends on cdktf, constructs and the bindings");
  const installed = join(dir, "node_modules", "@corral", "cdktf");
  const map = JSON.parse(readFileSync(join(installed, "lib", "instance", "index.js.map"), "utf8")) as Json;
  t.match(map.sourcesContent?.[0], /export class Instance extends cdktf\.TerraformResource/, "source maps carry the TypeScript");

  const tsc = await tool(TSC, ["--noEmit"], dir);
  t.equal(tsc.code, 0, why(tsc, "tsc --noEmit under the template's strict tsconfig"));
  // A wrong prop is a compile error in the user's project too: the declarations are typed, not any.
  writeFileSync(join(dir, "bad.ts"), `import { Instance } from "@corral/cdktf";\nexport const bad = (s: import("constructs").Construct) => new Instance(s, "x", { name: "x", image: "i", cpu: "2" });\n`);
  const bad = await tool(TSC, ["--noEmit"], dir);
  t.match(bad.stdout, /bad\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/, "cpu must be a number");
  rmSync(join(dir, "bad.ts"));

  const json = await synth(t, dir);
  cdktfJson = json;
  t.same(Object.keys(json.resource).sort(), ["corral_image", "corral_instance", "corral_network", "corral_storage_pool"], "a pool, a network, an image, containers");
  t.same(json.terraform.required_providers.corral, { source: "registry.opentofu.org/corral/corral", version: "0.1.0" }, "requires corral/corral 0.1.0");
  t.same(json.terraform.backend, { local: { path: join(dir, "terraform.demo.tfstate") } }, "state in the project, outside cdktf.out");

  const a = await startAgent(t);
  const img = buildBusyboxImage(join(base, "image"));
  const ws = workspace(t, { CORRAL_ENDPOINT: a.endpoint });
  const stack = join(dir, "cdktf.out", "stacks", "demo");
  const imageVar = ["-var", `image_file=${img.metaPath}`];
  await ws.ok([`-chdir=${stack}`, "init", "-no-color", "-input=false"]);
  const apply = await ws.tofu([`-chdir=${stack}`, "apply", "-auto-approve", "-no-color", "-input=false", ...imageVar]);
  t.equal(apply.code, 0, why(apply, "tofu apply"));
  const addresses = JSON.parse((await ws.ok([`-chdir=${stack}`, "output", "-json", "addresses"])).stdout) as Record<string, string>;
  t.same(Object.keys(addresses).sort(), [`${prefix}-web-0`, `${prefix}-web-1`], "output addresses: one per container");
  for (const [name, ip] of Object.entries(addresses)) {
    t.match(ip, /^\d+\.\d+\.\d+\.\d+$/, `${name} has an IPv4 address`);
    t.equal((await a.client.instances.GetInstance({ name, with_state: true })).status, "Running", `${name} runs`);
    const ping = await a.ns.exec("busybox", ["ping", "-c", "1", "-W", "5", ip], { okCodes: [0, 1] });
    t.equal(ping.code, 0, `${name} answers ping at ${ip}`);
  }

  const plan = await ws.tofu([`-chdir=${stack}`, "plan", "-detailed-exitcode", "-no-color", "-input=false", ...imageVar]);
  t.equal(plan.code, 0, why(plan, "a second plan has no changes (plan -detailed-exitcode = 0)"));

  const destroy = await ws.tofu([`-chdir=${stack}`, "destroy", "-auto-approve", "-no-color", "-input=false", ...imageVar]);
  t.equal(destroy.code, 0, why(destroy, "tofu destroy"));
  t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instances");
  t.same((await a.client.networks.ListNetworks({})).networks, [], "no networks");
  t.same((await a.client.images.ListImages({})).images, [], "no images");
  t.same((await a.client.pools.ListStoragePools({})).pools, [], "no storage pools");
  const links = await a.ns.ipJson<{ ifname: string }>(["link", "show"]);
  t.same(links.map((l) => l.ifname), ["lo"], "only lo left in the agent's netns");
  t.same((JSON.parse(readFileSync(join(dir, "terraform.demo.tfstate"), "utf8")) as Json).resources, [], "state has no resources");
});

t.test("a cdktn-only project: @corral/cdktf/cdktn type-checks and synthesizes the same stack", async (t) => {
  const dir = await project(t, "demo-cdktn", [deps.cdktn!, deps.constructs!, tarball], mainTs("cdktn", prefix));
  t.notOk(existsSync(join(dir, "node_modules", "cdktf")), "cdktf is not installed");
  const tsc = await tool(TSC, ["--noEmit"], dir);
  t.equal(tsc.code, 0, why(tsc, "tsc --noEmit under the template's strict tsconfig"));
  const json = await synth(t, dir);
  const cdktnVersion = (JSON.parse(readFileSync(join(dir, "node_modules", "cdktn", "package.json"), "utf8")) as Json).version;
  t.equal(json["//"].metadata.version, cdktnVersion, "synthesized by cdktn");
  // The same stack as under cdktf but for the CDK's version stamp and the project directory in the state path.
  const normalize = (j: Json, projectDir: string) => {
    const copy = JSON.parse(JSON.stringify(j).split(projectDir).join("PROJECT")) as Json;
    delete copy["//"].metadata.version;
    return copy;
  };
  if (cdktfJson) t.same(normalize(json, dir), normalize(cdktfJson, join(base, "demo-cdktf")), "identical Terraform JSON");
  else t.fail("the cdktf project's stack is missing (its test failed)");
  // The cdktf entry point is not for this project: it needs cdktf.
  const wrong = await tool(process.execPath, ["-e", "require('@corral/cdktf')"], dir);
  t.match(wrong.stderr, /Cannot find module 'cdktf'/, "@corral/cdktf needs cdktf; @corral/cdktf/cdktn does not");
});
