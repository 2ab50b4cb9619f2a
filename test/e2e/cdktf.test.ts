// The CDKTF example end to end: the CiEnvironment stack synthesizes Terraform JSON that real
// OpenTofu validates, synthesizes identically under cdktn, and deploys with tofu to a real agent
// (containers run and answer ping), re-plans clean, and destroys to an empty host.
import t from "tap";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { randomSuffix } from "../agent/helpers/netns";
import { buildBusyboxImage } from "../fixtures/images";
import { ROOT, startAgent } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CI_ENV = join(ROOT, "examples", "cdktf", "ci-env.ts");
const CDKTN_SHIM = join(ROOT, "examples", "cdktf", "use-cdktn.cjs");
/** A deploy imports an image and starts containers that wait for DHCP: seconds; slack for CI. */
const DEPLOY_TIMEOUT_MS = 180_000;

type Json = Record<string, any>;

function tempDir(t: { teardown(fn: () => unknown): void }, prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Runs the example's driver the way a pipeline does; never throws on a non-zero exit. */
const ciEnv = (cmd: string, env: Record<string, string>) =>
  run(TSX, [CI_ENV, cmd], { env: { TF_CLI_CONFIG_FILE: "", ...env }, okCodes: [0, 1, 2], timeoutMs: DEPLOY_TIMEOUT_MS });

/** tofu's log only when the step failed: keeps the TAP output readable. */
const why = (r: { code: number; stderr: string }, what: string) => (r.code === 0 ? what : `${what}:\n${r.stderr}`);

/** The synthesized JSON without the CDK's own version stamp. */
function withoutVersion(json: Json): Json {
  const copy = structuredClone(json);
  delete copy["//"].metadata.version;
  return copy;
}

t.test("synth: valid Terraform JSON, same with cdktn, vm needs its image", async (t) => {
  const out = tempDir(t, "corral-cdktf-synth-");
  const ws = workspace(t);
  const env = { HOME: ws.home, CORRAL_CI_OUTDIR: join(out, "cdktf"), CORRAL_CI_NAME: "synth1", CORRAL_CI_IMAGE_FILE: "/nonexistent/golden.tar.gz", CORRAL_CI_CONTAINERS: "3" };
  const r = await ciEnv("synth", env);
  t.equal(r.code, 0, why(r, "synth"));
  const dir = r.stdout.trim();
  t.equal(dir, join(out, "cdktf", "stacks", "synth1"));
  const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as Json;
  t.same(Object.keys(json.resource).sort(), ["corral_image", "corral_instance", "corral_network", "corral_storage_pool"]);
  const instances = Object.values(json.resource.corral_instance) as Json[];
  t.same(instances.map((i) => i.name).sort(), ["synth1-c0", "synth1-c1", "synth1-c2"]);
  t.match(instances[0], { image: /^\$\{corral_image\.\w+\.fingerprint\}$/, wait_for: { ipv4: true }, network_interface: [{ name: "eth0" }] });
  t.same(json.terraform.required_providers.corral, { source: "registry.opentofu.org/corral/corral", version: "0.1.0" });
  t.same(Object.keys(json.output).sort(), ["addresses", "instance_names", "network"]);
  t.same(Object.keys(json.output.addresses.value).sort(), ["synth1-c0", "synth1-c1", "synth1-c2"]);

  // Real OpenTofu agrees it is a valid configuration (offline: the provider from the implied mirror).
  await ws.ok(["-chdir=" + dir, "init", "-no-color", "-input=false"]);
  const v = await ws.ok(["-chdir=" + dir, "validate", "-json", "-no-color"]);
  t.match(JSON.parse(v.stdout), { valid: true, error_count: 0 }, "tofu validate");

  t.test("cdktn synthesizes the same stack", async (t) => {
    const out2 = tempDir(t, "corral-cdktn-synth-");
    const r2 = await ciEnv("synth", { ...env, CORRAL_CI_OUTDIR: join(out2, "cdktf"), NODE_OPTIONS: `--require ${CDKTN_SHIM}` });
    t.equal(r2.code, 0, why(r2, "synth with cdktn"));
    const text = readFileSync(join(r2.stdout.trim(), "cdk.tf.json"), "utf8").split(join(out2, "cdktf")).join(join(out, "cdktf"));
    const json2 = JSON.parse(text) as Json;
    const cdktnVersion = JSON.parse(readFileSync(join(ROOT, "node_modules", "cdktn", "package.json"), "utf8")).version;
    t.equal(json2["//"].metadata.version, cdktnVersion, "synthesized by cdktn");
    t.not(json["//"].metadata.version, cdktnVersion, "the reference was synthesized by cdktf");
    t.same(withoutVersion(json2), withoutVersion(json), "identical Terraform JSON");
  });

  t.test("vm = true: a virtual machine on the same network, or a clear message without its image", async (t) => {
    const r3 = await ciEnv("synth", { ...env, CORRAL_CI_VM: "true", CORRAL_CI_OUTDIR: join(out, "vm") });
    t.equal(r3.code, 1);
    t.match(r3.stderr, /CiEnvironment vmImageFile: required when vm is true/);
    t.notOk(existsSync(join(out, "vm", "stacks", "synth1")), "no stack synthesized");
    const vmImage = join(out, "vm.tar.gz");
    const r5 = await ciEnv("synth", { ...env, CORRAL_CI_VM: "true", CORRAL_CI_VM_IMAGE_FILE: vmImage, CORRAL_CI_OUTDIR: join(out, "vm2") });
    t.equal(r5.code, 0, why(r5, "synth with a VM"));
    const stack = JSON.parse(readFileSync(join(r5.stdout.trim(), "cdk.tf.json"), "utf8")) as Json;
    const vms = Object.values(stack.resource.corral_instance as Record<string, { type?: string; image: string; network_interface: { network: string }[] }>).filter((i) => i.type === "virtual-machine");
    t.equal(vms.length, 1, "one virtual machine");
    t.match(vms[0]!.network_interface[0]!.network, /corral_network/, "on the environment's network");
    t.match(JSON.stringify(stack.resource.corral_image), vmImage, "its image from the given file");
  });

  t.test("a bad name fails at synth naming the rule", async (t) => {
    const r4 = await ciEnv("synth", { ...env, CORRAL_CI_NAME: "Way-Too-Long-Name", CORRAL_CI_OUTDIR: join(out, "bad") });
    t.equal(r4.code, 1);
    t.match(r4.stderr, /CiEnvironment name "Way-Too-Long-Name": must be 1-12 characters/);
  });
});

t.test("deploy with tofu: containers run and answer ping; re-deploy is a no-op; destroy leaves nothing", async (t) => {
  const a = await startAgent(t);
  const work = tempDir(t, "corral-cdktf-e2e-");
  const img = buildBusyboxImage(work);
  const ws = workspace(t);
  const name = `ci${randomSuffix(2)}`;
  const outdir = join(work, "cdktf.out");
  const env = { HOME: ws.home, CORRAL_ENDPOINT: a.endpoint, CORRAL_CI_OUTDIR: outdir, CORRAL_CI_NAME: name, CORRAL_CI_IMAGE_FILE: img.metaPath, CORRAL_CI_CONTAINERS: "2" };

  const deploy = await ciEnv("deploy", env);
  t.equal(deploy.code, 0, why(deploy, "deploy"));
  const outputs = JSON.parse(deploy.stdout) as Json;
  const addresses = outputs.addresses.value as Record<string, string>;
  t.same(Object.keys(addresses).sort(), [`${name}-c0`, `${name}-c1`]);
  t.same(outputs.instance_names.value, [`${name}-c0`, `${name}-c1`]);
  t.equal(outputs.network.value, `${name}-br`);
  for (const [inst, ip] of Object.entries(addresses)) {
    t.match(ip, /^\d+\.\d+\.\d+\.\d+$/, `${inst} has an IPv4 address`);
    const got = await a.client.instances.GetInstance({ name: inst, with_state: true });
    t.equal(got.status, "Running", `${inst} runs`);
    const ping = await a.ns.exec("busybox", ["ping", "-c", "1", "-W", "5", ip], { okCodes: [0, 1] });
    t.equal(ping.code, 0, `${inst} answers ping at ${ip}`);
  }
  const viaOutputs = await ciEnv("outputs", env);
  t.same(JSON.parse(viaOutputs.stdout), outputs, "outputs readable after deploy");

  const plan = await ciEnv("plan", env);
  t.equal(plan.code, 0, why(plan, "a second deploy plans no changes (plan -detailed-exitcode = 0)"));

  // Destroy needs only the name and the outdir (the deploy's synthesized stack), not the image.
  const { CORRAL_CI_IMAGE_FILE: _image, ...destroyEnv } = env;
  const destroy = await ciEnv("destroy", destroyEnv);
  t.equal(destroy.code, 0, why(destroy, "destroy"));
  t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instances");
  t.same((await a.client.networks.ListNetworks({})).networks, [], "no networks");
  t.same((await a.client.images.ListImages({})).images, [], "no images");
  t.same((await a.client.pools.ListStoragePools({})).pools, [], "no storage pools");
  const links = await a.ns.ipJson<{ ifname: string }>(["link", "show"]);
  t.same(links.map((l) => l.ifname), ["lo"], "only lo left in the agent's netns");
  t.same(readdirSync(join(outdir, "stacks")), [], "stack directory removed");
  t.same(readdirSync(join(outdir, "state")), [], "state removed");
});
