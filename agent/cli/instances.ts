// Instance lifecycle commands: launch, init, list, show, start/stop/restart/freeze/unfreeze,
// delete and config set/unset.
import type { Command } from "commander";
import { attachConsole } from "./console";
import type { CreateInstanceRequest } from "../../proto/gen/types/corral/v1/CreateInstanceRequest";
import type { Device } from "../../proto/gen/types/corral/v1/Device";
import type { Device__Output } from "../../proto/gen/types/corral/v1/Device";
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";
import { CorralError } from "../errors";
import { collect, parseDevice, parseKeyValues, parseUint } from "./args";
import type { CliContext } from "./context";
import { formatInstanceList } from "./instance-list";
import { splitRemoteRef } from "../images/remotes";
import { pullImage } from "./remotes";
import { formatOption, renderYaml, type Format } from "./output";

export interface CreateOptions {
  network?: string;
  storage?: string;
  config?: string[];
  profile?: string[];
  /** false when --no-profiles was given. */
  profiles?: boolean;
  device?: string[];
  ephemeral?: boolean;
  vm?: boolean;
  description?: string;
  target?: string;
}

/** Turns `launch`/`init` arguments into the CreateInstance request (devices from flags, then --device). */
export function buildCreateRequest(image: string, name: string, opts: CreateOptions, start: boolean): CreateInstanceRequest {
  const devices: Record<string, Device> = {};
  if (opts.storage) devices.root = { properties: { type: "disk", path: "/", pool: opts.storage } };
  if (opts.network) devices.eth0 = { properties: { type: "nic", network: opts.network } };
  for (const spec of opts.device ?? []) {
    const { name: dev, device } = parseDevice(spec);
    devices[dev] = device;
  }
  const req: CreateInstanceRequest = {
    name,
    image,
    type: opts.vm ? "virtual-machine" : "container",
    config: parseKeyValues(opts.config ?? []),
    devices,
    ephemeral: !!opts.ephemeral,
    start,
  };
  if (opts.profiles === false) {
    if (opts.profile?.length) throw new CorralError("CORRAL_ERR_INVALID_ARGUMENT", "--profile and --no-profiles cannot be combined", { field: "profile" });
    req.profiles = [];
    req.profiles_set = true;
  } else if (opts.profile?.length) {
    req.profiles = opts.profile;
    req.profiles_set = true;
  }
  if (opts.description) req.description = opts.description;
  if (opts.target) req.target = opts.target;
  return req;
}

/** Device maps as LXD prints them: name -> properties. */
export function plainDevices(devs: Record<string, Device__Output> | undefined): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const name of Object.keys(devs ?? {}).sort()) out[name] = { ...(devs![name]?.properties ?? {}) };
  return out;
}

/** An instance as `corral show` prints it (YAML, LXD field layout). */
export function instanceShowObject(inst: Instance__Output): Record<string, unknown> {
  return {
    name: inst.name,
    type: inst.type,
    status: inst.status,
    description: inst.description,
    image: inst.image,
    ephemeral: inst.ephemeral,
    location: inst.location,
    created_at: inst.created_at,
    profiles: inst.profiles,
    config: inst.config,
    devices: plainDevices(inst.devices),
    expanded_config: inst.expanded_config,
    expanded_devices: plainDevices(inst.expanded_devices),
    ...(inst.state ? { state: inst.state } : {}),
  };
}

/** Prints one instance with its live state; shared by `show NAME` and `info NAME`. */
export async function showInstance(ctx: CliContext, name: string, format: Format = "yaml"): Promise<void> {
  const inst = await ctx.agent().instances.GetInstance({ name, with_state: true });
  const obj = instanceShowObject(inst);
  ctx.io.stdout.write(format === "json" ? JSON.stringify(obj, null, 2) + "\n" : renderYaml(obj));
}

function addCreateOptions(cmd: Command): Command {
  return cmd
    .option("-n, --network <network>", "attach eth0 to this managed network")
    .option("-s, --storage <pool>", "root disk on this storage pool")
    .option("-c, --config <key=value>", "instance config (repeatable)", collect)
    .option("-p, --profile <profile>", "profile to apply, in order (repeatable)", collect)
    .option("--no-profiles", "apply no profiles at all (not even default)")
    .option("-d, --device <name,key=value,...>", "extra device (repeatable)", collect)
    .option("-e, --ephemeral", "delete the instance when it stops")
    .option("--vm", "create a virtual machine")
    .option("--description <text>", "description")
    .option("--target <member>", "cluster member to create it on");
}

async function changeState(ctx: CliContext, names: string[], action: string, label: string, opts: { force?: boolean; timeout?: string } = {}): Promise<void> {
  const timeout_s = opts.timeout === undefined ? 0 : parseUint(opts.timeout);
  for (const name of names) {
    const op = await ctx.agent().instances.ChangeInstanceState({ name, action, force: !!opts.force, timeout_s });
    await ctx.wait(op, `${label} ${name}`);
  }
}

/** Registers the instance commands. */
export function registerInstances(program: Command, ctx: CliContext): void {
  const create = async (image: string, name: string, opts: CreateOptions, start: boolean) => {
    // A remote image is fetched first, so its download shows progress; the agent caches it.
    const remote = splitRemoteRef(image);
    if (remote) await pullImage(ctx, remote, { vm: opts.vm, cached: true });
    const req = buildCreateRequest(image, name, opts, start);
    ctx.out(`Creating ${name}`);
    if (start) ctx.out(`Starting ${name}`);
    const op = await ctx.agent().instances.CreateInstance(req);
    await ctx.wait(op, `Creating ${name}`);
  };
  addCreateOptions(program.command("launch <image> <name>").description("create and start an instance")).action(
    (image: string, name: string, opts: CreateOptions) => create(image, name, opts, true),
  );
  addCreateOptions(program.command("init <image> <name>").description("create an instance without starting it")).action(
    (image: string, name: string, opts: CreateOptions) => create(image, name, opts, false),
  );

  program
    .command("list")
    .alias("ls")
    .description("list instances")
    .addOption(formatOption())
    .action(async (opts: { format: Format }) => {
      const res = await ctx.agent().instances.ListInstances({ with_state: true });
      ctx.io.stdout.write(formatInstanceList(res.instances, opts.format));
    });

  program
    .command("console <name>")
    .description("attach to an instance's console (Ctrl+a q detaches), or print its log with --show-log")
    .option("--show-log", "print the console log kept so far")
    .action(async (name: string, opts: { showLog?: boolean }) => {
      if (opts.showLog) {
        const res = await ctx.agent().instances.GetConsoleLog({ name });
        ctx.io.stdout.write(res.data);
        return;
      }
      await attachConsole(ctx, name);
    });

  program
    .command("show <name>")
    .description("show an instance's configuration and state")
    .addOption(formatOption(["yaml", "json"]).default("yaml"))
    .action((name: string, opts: { format: Format }) => showInstance(ctx, name, opts.format));

  program.command("start <names...>").description("start instances").action((names: string[]) => changeState(ctx, names, "start", "Starting"));
  program
    .command("stop <names...>")
    .description("stop instances")
    .option("-f, --force", "kill at once instead of a clean shutdown")
    .option("--timeout <seconds>", "seconds to wait for a clean shutdown before forcing")
    .action((names: string[], opts: { force?: boolean; timeout?: string }) => changeState(ctx, names, "stop", "Stopping", opts));
  program
    .command("restart <names...>")
    .description("restart instances")
    .option("-f, --force", "kill at once instead of a clean shutdown")
    .option("--timeout <seconds>", "seconds to wait for a clean shutdown before forcing")
    .action((names: string[], opts: { force?: boolean; timeout?: string }) => changeState(ctx, names, "restart", "Restarting", opts));
  program.command("freeze <names...>").description("freeze instances").action((names: string[]) => changeState(ctx, names, "freeze", "Freezing"));
  program.command("unfreeze <names...>").description("unfreeze instances").action((names: string[]) => changeState(ctx, names, "unfreeze", "Unfreezing"));

  program
    .command("delete <names...>")
    .alias("rm")
    .description("delete instances")
    .option("-f, --force", "stop running instances first")
    .action(async (names: string[], opts: { force?: boolean }) => {
      for (const name of names) {
        const op = await ctx.agent().instances.DeleteInstance({ name, force: !!opts.force });
        await ctx.wait(op, `Deleting ${name}`);
      }
    });

  const config = program.command("config").description("change instance configuration");
  config
    .command("set <name> <pairs...>")
    .description("set instance config keys (key=value...)")
    .action(async (name: string, pairs: string[]) => {
      const changes = parseKeyValues(pairs);
      await updateInstance(ctx, name, (inst) => ({ ...inst.config, ...changes }));
    });
  config
    .command("unset <name> <keys...>")
    .description("remove instance config keys")
    .action(async (name: string, keys: string[]) => {
      await updateInstance(ctx, name, (inst) => {
        const next = { ...inst.config };
        for (const k of keys) delete next[k];
        return next;
      });
    });
  config
    .command("get <name> <key>")
    .description("print one instance config key")
    .action(async (name: string, key: string) => {
      const inst = await ctx.agent().instances.GetInstance({ name, with_state: false });
      ctx.out(inst.config[key] ?? "");
    });
  config
    .command("show <name>")
    .description("show an instance's configuration")
    .action((name: string) => showInstance(ctx, name));
}

/** UpdateInstance replaces config, so send the merged map with the current devices and profiles. */
async function updateInstance(ctx: CliContext, name: string, nextConfig: (inst: Instance__Output) => Record<string, string>): Promise<void> {
  const inst = await ctx.agent().instances.GetInstance({ name, with_state: false });
  await ctx.agent().instances.UpdateInstance({
    name,
    config: nextConfig(inst),
    devices: inst.devices,
    profiles: inst.profiles,
    description: inst.description,
  });
}
