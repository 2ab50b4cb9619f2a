// corral_instance: a system container (virtual machines once the agent has them). Changes the host
// can apply live (cpu, memory, config, running, profiles, files) update in place; devices are
// changed with a stop/start around them; image, source_instance, type, name, ephemeral and target
// replace it.
import { readFile } from "node:fs/promises";
import * as grpc from "@grpc/grpc-js";
import { attrPath, containsUnknown, DiagError, Unknown, type Context, type Diag, type Obj, type Path, type Resource, type Value } from "../framework/types";
import { isIPv4, parseInstanceName, validateConfig } from "../../agent/config/rules";
import { changesLive, DEVICE_RULES } from "../../agent/instances/config";
import { instanceDriverInfo } from "../../agent/instances/drivers";
import { check, checkConfigMap, known, portableInstanceRules } from "./rules";
import { agentError, isNotFound, unlessNotFound, waitOperation } from "../client/agent";
import { corralErrorCode } from "../../agent/client";
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";
import type { FileChunk } from "../../proto/gen/types/corral/v1/FileChunk";
import type { FileInfo__Output } from "../../proto/gen/types/corral/v1/FileInfo";
import { bool, configKeyOf, managedMap, num, str, strList, strMap } from "./values";
import { DEVICE_BLOCKS, deviceFieldPath, devicesFromAgent, devicesToAgent, first, objs } from "./devices";
import { byCodeUnit } from "../../agent/util/compare";
import { EXEC_BLOCK, execIn, execState, planExecs, runExecs } from "./instance-exec";
import { equal } from "../framework/plan";
import { LEASE_KEYS, leaseAttributes, leaseConfig, leaseState, planLease, validateLease } from "./lease";

/** Default for each timeouts{} entry, as the LXD provider (5 minutes). */
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** How often addresses are polled while waiting for wait_for{}: at first soon (a DHCP answer on a
 * local bridge takes tens of milliseconds), then doubling up to the steady interval. */
const WAIT_POLL_FIRST_MS = 50;
const WAIT_POLL_MS = 250;
/** How often the read at the end of create/update waits for wait_for's addresses again (see readBack). */
const READ_BACK_TRIES = 3;
/** wait_for's exec/tcp_port call may outlive its timeout by this much for the agent's last attempt to report. */
const READY_REPLY_SLACK_MS = 10_000;

/** Agent config keys that have their own attributes. */
const MAPPED_KEYS: Record<string, string> = {
  "limits.cpu": "cpu", "limits.memory": "memory", "cloud-init.user-data": "cloud_init", "cloud-init.network-config": "cloud_init",
  ...Object.fromEntries(LEASE_KEYS.map((k) => [k, "ttl"])),
};


function parseDuration(v: string | undefined, field: Path): number {
  if (!v) return DEFAULT_TIMEOUT_MS;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v);
  if (!m) throw new DiagError([{ severity: "error", summary: "Invalid duration", detail: `"${v}": use a number with ms, s, m or h (e.g. 5m)`, path: field }]);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms"]!;
}

function timeoutFor(p: Obj, op: "create" | "update" | "delete"): number {
  return parseDuration(str(first(p.timeouts)?.[op]), attrPath("timeouts", 0, op));
}

/**
 * Plan time of a create: the agent's dry-run placement says which member the instance goes to
 * (`location` in the plan), and refuses a target that does not exist, is offline or lacks the
 * capacity the limits ask for. Left unknown while inputs are unknown or the provider has no client yet.
 */
async function planLocation(ctx: Context, planned: Obj, cfg: Obj): Promise<Diag[]> {
  if (!ctx.client) return [];
  // What placement reads, as configured (an unset computed attribute is unknown in the plan, not an input).
  const p: Obj = { ...planned };
  for (const k of ["name", "type", "image", "target", "config", "cpu", "memory", "profiles"]) {
    if (cfg[k] === null || cfg[k] === undefined) p[k] = null;
    if (containsUnknown(p[k] ?? null)) return [];
  }
  try {
    const { config, devices } = toAgent(p, cfg, null);
    const profiles = strList(p.profiles);
    const res = await ctx.client.cluster.PlaceInstance({
      name: str(p.name)!, type: str(p.type) ?? "container", image: str(p.image) ?? "", config, devices,
      profiles: profiles ?? [], profiles_set: profiles !== undefined, target: str(p.target) ?? "",
    });
    planned.location = res.member;
    return [];
  } catch (e) {
    if ((e as grpc.ServiceError)?.metadata?.get?.("corral-field")?.[0]?.toString() !== "target") return []; // not a placement refusal: create reports it
    return agentError(e, `place instance "${str(planned.name)}"`, () => attrPath("target")).diags;
  }
}

/** The agent config keys from planned values. */
function configToAgent(p: Obj, prior: Obj | null): Record<string, string> {
  const config: Record<string, string> = { ...(strMap(p.config) ?? {}), ...leaseConfig(p, prior) };
  if (num(p.cpu) !== undefined) config["limits.cpu"] = String(num(p.cpu));
  if (str(p.memory)) config["limits.memory"] = str(p.memory)!;
  const ci = first(p.cloud_init);
  if (ci && str(ci.user_data)) config["cloud-init.user-data"] = str(ci.user_data)!;
  if (ci && str(ci.network_config)) config["cloud-init.network-config"] = str(ci.network_config)!;
  return config;
}

/** The agent request parts from planned values. */
function toAgent(p: Obj, cfg: Obj, prior: Obj | null): { config: Record<string, string>; devices: Record<string, { properties: Record<string, string> }> } {
  return { config: configToAgent(p, prior), devices: devicesToAgent(p, cfg) };
}

/**
 * Plan time of an update of a running instance: whether it changes what the instance may not take
 * live (the agent's rule, changesLive), which update() then applies by a restart. Profiles count
 * as such a change: what they hold is not read at plan time.
 */
function mayNeedRestart(prior: Obj, planned: Obj): boolean {
  if (!(bool(prior.running) ?? false) || !(bool(planned.running) ?? true)) return false;
  if (!equal(prior.profiles ?? null, planned.profiles ?? null)) return true;
  if (["config", "cpu", "memory", "cloud_init"].some((k) => containsUnknown(planned[k] ?? null))) return true;
  const before = configToAgent(prior, prior);
  const after = configToAgent(planned, prior);
  const liveLimits = instanceDriverInfo(str(planned.type) ?? "container")?.liveLimits ?? false;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].some((k) => before[k] !== after[k] && !changesLive(k, liveLimits));
}

/** Maps agent fields (`config["limits.cpu"]`, `devices["eth0"].network`) to attribute paths. */
function fieldMapper(p: Obj) {
  return (field: string): Path | undefined => {
    const key = configKeyOf(field);
    if (key === "limits.cpu") return attrPath("cpu");
    if (key === "limits.memory") return attrPath("memory");
    if (key?.startsWith("cloud-init.")) return attrPath("cloud_init", 0);
    if (key && MAPPED_KEYS[key] === "ttl") return attrPath("ttl");
    if (key) return attrPath("config", key);
    const devPath = deviceFieldPath(field, p);
    if (devPath) return devPath;
    if (field === "image" || field === "name" || field === "type" || field === "profiles") return attrPath(field);
    if (field === "source.instance") return attrPath("source_instance", 0, "name");
    if (field === "source.snapshot") return attrPath("source_instance", 0, "snapshot");
    return undefined;
  };
}

function addresses(inst: Instance__Output, family: "inet" | "inet6"): string | null {
  const net = inst.state?.network ?? {};
  const prefer = inst.expanded_config["user.access_interface"];
  const names = Object.keys(net).filter((n) => n !== "lo").sort((a, b) => (a === prefer ? -1 : b === prefer ? 1 : byCodeUnit(a, b)));
  for (const n of names) {
    const a = net[n]!.addresses.find((x) => x.family === family && x.scope === "global");
    if (a) return a.address;
  }
  return null;
}

function toState(inst: Instance__Output, prior: Obj): Obj {
  const own = inst.devices;
  const expanded = inst.expanded_devices;
  const config = inst.config;
  const devices = devicesFromAgent(own, expanded, prior);
  const nicNames = objs(devices.network_interface).map((n) => str(n.name)!);
  const net = inst.state?.network ?? {};
  const interfaces: Obj = {};
  for (const [name, n] of Object.entries(net)) {
    if (name === "lo") continue;
    interfaces[name] = {
      hwaddr: n.hwaddr, state: n.state, host_name: n.host_name,
      ipv4: n.addresses.filter((a) => a.family === "inet" && a.scope === "global").map((a) => a.address),
      ipv6: n.addresses.filter((a) => a.family === "inet6" && a.scope === "global").map((a) => a.address),
    };
  }
  const firstNic = nicNames[0] ?? Object.keys(expanded).find((k) => expanded[k]!.properties.type === "nic");
  const userConfig = Object.fromEntries(Object.entries(config).filter(([k]) => !(k in MAPPED_KEYS)));
  const ci = config["cloud-init.user-data"] !== undefined || config["cloud-init.network-config"] !== undefined
    ? [{ user_data: config["cloud-init.user-data"] ?? null, network_config: config["cloud-init.network-config"] ?? null }] : [];
  return {
    id: inst.name,
    name: inst.name,
    type: inst.type,
    // A copy has no image of its own to configure; an import (no prior) shows the fingerprint.
    image: prior.image === null ? null : (str(prior.image) ?? inst.image),
    source_instance: prior.source_instance ?? [],
    description: inst.description,
    profiles: inst.profiles,
    cpu: num(config["limits.cpu"]) ?? null,
    memory: config["limits.memory"] ?? null,
    // After an import (no config in state yet) every user key shows; otherwise only managed keys.
    config: prior.config === undefined ? (Object.keys(userConfig).length ? userConfig : null) : managedMap(userConfig, prior.config),
    running: inst.status === "Running" || inst.status === "Frozen",
    ephemeral: inst.ephemeral,
    target: prior.target ?? null,
    ...devices,
    ...leaseState(config),
    file: prior.file ?? [],
    exec: execState(prior),
    cloud_init: ci,
    wait_for: prior.wait_for ?? [],
    timeouts: prior.timeouts ?? [],
    status: inst.status,
    location: inst.location,
    ipv4_address: addresses(inst, "inet"),
    ipv6_address: addresses(inst, "inet6"),
    mac_address: firstNic ? (expanded[firstNic]?.properties.hwaddr ?? null) : null,
    interfaces,
  };
}

async function get(ctx: Context, name: string): Promise<Instance__Output | undefined> {
  return unlessNotFound(ctx.client.instances.GetInstance({ name, with_state: true }), `read instance "${name}"`);
}

/** Whether the instance shows the addresses wait_for{} asks for (true when it asks for none). */
function hasAddresses(inst: Instance__Output, p: Obj): boolean {
  const w = first(p.wait_for);
  if (!w || !bool(p.running)) return true;
  return (!bool(w.ipv4) || addresses(inst, "inet") !== null) && (!bool(w.ipv6) || addresses(inst, "inet6") !== null);
}

/**
 * The instance as create/update leave it in state. It showed wait_for's addresses already, but a
 * DHCP client renewing (flush, then add) can hide them from a later read for a moment; state
 * without them would make the next plan show the address "arriving" (an output changes, plan not
 * clean). So a read missing them waits for them again, a bounded number of times.
 */
async function readBack(ctx: Context, p: Obj, signal: AbortSignal): Promise<Instance__Output> {
  const name = str(p.name)!;
  let inst = (await get(ctx, name))!;
  for (let i = 0; i < READ_BACK_TRIES && inst && !hasAddresses(inst, p); i++) {
    await waitFor(ctx, p, signal, true);
    inst = (await get(ctx, name))!;
  }
  return inst;
}

/** wait_for{}: polls until the instance has the requested addresses, guest agent and cloud-init, or the timeout passes. */
async function waitFor(ctx: Context, p: Obj, signal: AbortSignal, addressesOnly = false): Promise<void> {
  const w = first(p.wait_for);
  if (!w || !bool(p.running)) return;
  const want4 = bool(w.ipv4) ?? false;
  const want6 = bool(w.ipv6) ?? false;
  const wantAgent = bool(w.agent) ?? false;
  const wantCloudInit = bool(w.cloud_init) ?? false;
  const timeout = str(w.timeout) ?? "3m";
  const deadline = Date.now() + parseDuration(timeout, attrPath("wait_for", 0, "timeout"));
  const name = str(p.name)!;
  const fail = (what: string, detail: string) =>
    new DiagError([{ severity: "error", summary: `Instance "${name}": ${what} within ${timeout}`, detail, path: attrPath("wait_for", 0) }]);
  let pollMs = WAIT_POLL_FIRST_MS;
  const pause = async (what: string) => {
    if (signal.aborted) throw new DiagError([{ severity: "error", summary: `Stopped while waiting for ${what} of instance "${name}"` }]);
    await new Promise((r) => setTimeout(r, pollMs));
    pollMs = Math.min(WAIT_POLL_MS, pollMs * 2);
  };
  while (want4 || want6) {
    const inst = await get(ctx, name);
    if (inst && hasAddresses(inst, p)) break;
    if (Date.now() > deadline) throw fail(`no ${want4 ? "IPv4" : "IPv6"} address`, "Check the instance's network (DHCP client running inside?) or raise wait_for.timeout.");
    await pause("the addresses");
  }
  if (addressesOnly) return;
  // A command that runs is the proof that the guest agent answers (containers answer at once).
  let lastError = "";
  while (wantAgent || wantCloudInit) {
    const r = await execIn(ctx, name, { command: ["true"] }, signal, deadline).catch((e: Error) => e);
    if (!(r instanceof Error) && r.code === 0) break;
    lastError = r instanceof Error ? r.message : `exit ${r.code}`;
    if (Date.now() > deadline) throw fail("the guest agent did not answer", `The last attempt: ${lastError}. A VM needs qemu-guest-agent running inside.`);
    await pause("the guest agent");
  }
  if (wantCloudInit) {
    const ci = await execIn(ctx, name, { command: ["cloud-init", "status", "--wait"] }, signal, deadline).catch((e: Error) => e);
    if (ci instanceof Error) throw fail("cloud-init did not finish", ci.message);
    if (ci.code === 126 || ci.code === 127) throw fail("cloud-init could not be asked", "cloud-init is not installed in the instance (cloud-init status: command not found).");
    // 0: done; 2: done with recoverable errors (as cloud-init reports degraded runs).
    if (ci.code !== 0 && ci.code !== 2) throw fail("cloud-init failed", `cloud-init status exited ${ci.code}:\n${(ci.stdout + ci.stderr).trim()}`);
  }
  // A command and a port are checked by the agent, which sits next to the instance's network.
  const exec = strList(w.exec) ?? [];
  const tcpPort = num(w.tcp_port) ?? 0;
  if (!exec.length && !tcpPort) return;
  const waitMs = Math.max(1, deadline - Date.now());
  try {
    await ctx.client.lifecycle.WaitInstance({ name, exec, tcp_port: tcpPort, timeout_ms: waitMs }, { deadlineMs: waitMs + READY_REPLY_SLACK_MS });
  } catch (e) {
    const what = [exec.length ? `command ${JSON.stringify(exec)} to exit 0` : "", tcpPort ? `TCP port ${tcpPort} to accept` : ""].filter(Boolean).join(" and ");
    throw fail(`not ready (waited for ${what})`, (e as { details?: string }).details || (e as Error).message);
  }
}

async function pushFiles(ctx: Context, name: string, files: Obj[], priorFiles: Obj[]): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (priorFiles.some((pf) => JSON.stringify(pf) === JSON.stringify(f))) continue;
    let data: Buffer;
    const src = str(f.source_path);
    try {
      data = src ? await readFile(src) : Buffer.from(str(f.content) ?? "");
    } catch (e) {
      throw new DiagError([{ severity: "error", summary: "Cannot read file source", detail: (e as Error).message, path: attrPath("file", i, "source_path") }]);
    }
    const mode = parseInt(str(f.mode) ?? "0644", 8);
    await new Promise<FileInfo__Output>((resolve, reject) => {
      const call = ctx.client.raw.instances.PushFile((err: grpc.ServiceError | null, res?: FileInfo__Output) => (err ? reject(err) : resolve(res!)));
      const chunks: FileChunk[] = [{ header: { instance: name, path: str(f.target_path)!, mode, uid: num(f.uid) ?? 0, gid: num(f.gid) ?? 0, create_parents: true } }];
      for (let off = 0; off < data.length; off += 1 << 20) chunks.push({ data: data.subarray(off, off + (1 << 20)) });
      for (const c of chunks) call.write(c);
      call.end();
    }).catch((e) => {
      throw agentError(e, `write ${str(f.target_path)} in instance "${name}"`, (field) => (field === "path" ? attrPath("file", i, "target_path") : field === "mode" ? attrPath("file", i, "mode") : undefined));
    });
  }
}

async function changeState(ctx: Context, name: string, action: string, signal: AbortSignal): Promise<void> {
  try {
    await waitOperation(ctx.client, await ctx.client.instances.ChangeInstanceState({ name, action, force: false, timeout_s: 0 }), signal);
  } catch (e) {
    throw agentError(e, `${action} instance "${name}"`);
  }
}

function withTimeout(ctx: Context, ms: number): AbortSignal {
  return AbortSignal.any([ctx.signal, AbortSignal.timeout(ms)]);
}

const isIPv4Ok = (v: string) => isIPv4(v) === undefined;

const modeRule = (v: Value) => (typeof v === "string" && /^0?[0-7]{3,4}$/.test(v) ? undefined : 'must be an octal mode such as "0644"');

export const instanceResource: Resource = {
  typeName: "corral_instance",
  schema: {
    version: 0,
    description: "A system container (LXC) or a virtual machine (QEMU).",
    attributes: {
      id: { type: "string", computed: true, useStateForUnknown: true, description: "Same as name." },
      name: { type: "string", required: true, requiresReplace: true, description: "Instance name (a hostname: letters, digits, '-')." },
      type: { type: "string", optional: true, computed: true, default: "container", requiresReplace: true, description: "container or virtual-machine." },
      image: { type: "string", optional: true, requiresReplace: true, description: "Image alias or fingerprint (e.g. corral_image.x.fingerprint), or REMOTE:ALIAS (e.g. images:debian/12): fetched by the agent from that image server on first use and cached; exactly one of image and source_instance." },
      description: { type: "string", optional: true, computed: true, default: "", description: "Free text." },
      profiles: { type: ["list", "string"], optional: true, computed: true, useStateForUnknown: true, description: 'Profiles applied in order; unset means ["default"], [] means none.' },
      cpu: { type: "number", optional: true, description: "CPU limit (number of CPUs), limits.cpu; changes live on containers, with a restart on VMs." },
      memory: { type: "string", optional: true, description: "Memory limit such as 512MiB, limits.memory; changes live on containers, with a restart on VMs." },
      config: { type: ["map", "string"], optional: true, description: "Other instance config keys (LXD names; user.* free)." },
      running: { type: "bool", optional: true, computed: true, default: true, description: "Whether the instance runs." },
      ephemeral: { type: "bool", optional: true, computed: true, default: false, requiresReplace: true, description: "Delete the instance when it stops." },
      target: { type: "string", optional: true, requiresReplace: true, description: "Cluster member to place the instance on." },
      status: { type: "string", computed: true, useStateForUnknown: true, description: "Running, Stopped, Frozen, ..." },
      location: { type: "string", computed: true, useStateForUnknown: true, description: "Member the instance lives on." },
      ipv4_address: { type: "string", computed: true, useStateForUnknown: true, description: "First global IPv4 (of user.access_interface if set)." },
      ipv6_address: { type: "string", computed: true, useStateForUnknown: true, description: "First global IPv6." },
      mac_address: { type: "string", computed: true, useStateForUnknown: true, description: "MAC of the first NIC." },
      ...leaseAttributes("instance"),
      interfaces: { type: ["map", ["object", { hwaddr: "string", state: "string", host_name: "string", ipv4: ["list", "string"], ipv6: ["list", "string"] }]], computed: true, useStateForUnknown: true, description: "Interfaces inside the instance with their addresses." },
    },
    blocks: {
      ...DEVICE_BLOCKS,
      source_instance: { nesting: "list", maxItems: 1, requiresReplace: true, description: "Make the instance a copy of another one, or of one of its snapshots, instead of creating it from an image: a clone where the pool can (zfs, btrfs), new MAC addresses. Its config and devices are this resource's.", attributes: {
        name: { type: "string", required: true, description: "The instance to copy." },
        snapshot: { type: "string", optional: true, description: "Its snapshot to copy (e.g. corral_snapshot.x.name); unset: the instance as it is (running only on zfs and btrfs pools)." },
      } },
      file: { nesting: "list", description: "A file written into the instance (re-written when it changes).", attributes: {
        target_path: { type: "string", required: true, description: "Absolute path inside." },
        content: { type: "string", optional: true, description: "File content." },
        source_path: { type: "string", optional: true, description: "Local file to upload instead of content." },
        mode: { type: "string", optional: true, computed: true, default: "0644", validate: modeRule, description: "Octal mode." },
        uid: { type: "number", optional: true, computed: true, default: 0, description: "Owner uid inside." },
        gid: { type: "number", optional: true, computed: true, default: 0, description: "Owner gid inside." },
      } },
      exec: EXEC_BLOCK,
      cloud_init: { nesting: "list", maxItems: 1, description: "cloud-init seed data.", attributes: {
        user_data: { type: "string", optional: true, description: "cloud-init user data." },
        network_config: { type: "string", optional: true, description: "cloud-init network config." },
      } },
      wait_for: { nesting: "list", maxItems: 1, description: "What create/update waits for.", attributes: {
        ipv4: { type: "bool", optional: true, description: "A global IPv4 address." },
        ipv6: { type: "bool", optional: true, description: "A global IPv6 address." },
        agent: { type: "bool", optional: true, description: "Commands run inside (for a VM: its guest agent answers)." },
        cloud_init: { type: "bool", optional: true, description: "cloud-init finished (`cloud-init status --wait`); its failure fails the apply." },
        exec: { type: ["list", "string"], optional: true, description: "A command that must exit 0 (retried until the timeout), e.g. [\"sh\", \"-c\", \"test -f /run/ready\"]." },
        tcp_port: { type: "number", optional: true, validate: (v: Value) => (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535 ? undefined : "must be a port between 1 and 65535"), description: "A TCP port on the instance's address that must accept connections (checked by the agent)." },
        timeout: { type: "string", optional: true, description: "How long to wait (default 3m)." },
      } },
      timeouts: { nesting: "list", maxItems: 1, description: "Operation timeouts (default 5m each).", attributes: {
        create: { type: "string", optional: true, description: "e.g. 10m" },
        update: { type: "string", optional: true, description: "e.g. 10m" },
        delete: { type: "string", optional: true, description: "e.g. 10m" },
      } },
    },
  },

  validate(config) {
    const diags: Diag[] = [];
    if (known(config.name)) diags.push(...check(attrPath("name"), () => parseInstanceName(config.name as string)));
    const rules = portableInstanceRules(config.type === null || config.type === undefined ? "container" : known(config.type) ? config.type : undefined);
    if (config.cpu !== null && config.cpu !== undefined && config.cpu !== Unknown) diags.push(...check(attrPath("cpu"), () => validateConfig(rules, { "limits.cpu": String(config.cpu) }, "cpu")));
    if (known(config.memory)) diags.push(...check(attrPath("memory"), () => validateConfig(rules, { "limits.memory": config.memory as string }, "memory")));
    diags.push(...checkConfigMap(config.config, rules));
    diags.push(...validateLease(config, config.config));
    for (const [i, n] of objs(config.network_interface).entries()) {
      if (known(n.ipv4_address) && !isIPv4Ok(n.ipv4_address)) diags.push({ severity: "error", summary: "Invalid ipv4_address", detail: "must be an IPv4 address", path: attrPath("network_interface", i, "ipv4_address") });
    }
    const hasImage = config.image !== null && config.image !== undefined;
    const hasSource = objs(config.source_instance).length > 0 || config.source_instance === Unknown;
    if (config.image !== Unknown && hasImage === hasSource) {
      diags.push({ severity: "error", summary: "Exactly one of image or source_instance must be set", detail: "An instance is made from an image, or copied from another instance (source_instance).", path: attrPath("image") });
    }
    const root = first(config.root_disk);
    if (root && known(root.size)) diags.push(...check(attrPath("root_disk", 0, "size"), () => validateConfig({ size: DEVICE_RULES.disk.size! }, { size: root.size as string }, "size")));
    for (const [i, f] of objs(config.file).entries()) {
      const has = (k: string) => f[k] !== null && f[k] !== undefined;
      if (has("content") === has("source_path") && f.content !== Unknown && f.source_path !== Unknown) {
        diags.push({ severity: "error", summary: "Exactly one of content or source_path must be set", path: attrPath("file", i) });
      }
    }
    return diags;
  },

  async modifyPlan(ctx, { config, prior, planned }) {
    planExecs(prior, planned, !!prior && mayNeedRestart(prior, planned));
    if (!prior) return { planned, diags: await planLocation(ctx, planned, config) };
    planLease(prior, planned);
    const changed = (k: string) => JSON.stringify(prior[k]) !== JSON.stringify(planned[k]);
    if (changed("target")) planned.location = Unknown; // replaced: placed anew
    // Addresses and status follow from the NICs and the run state; everything else keeps its value.
    if (changed("network_interface") || changed("running") || changed("profiles")) {
      for (const k of ["ipv4_address", "ipv6_address", "mac_address", "interfaces", "status"]) planned[k] = Unknown;
    }
    return { planned };
  },

  async create(ctx, p, cfg) {
    const name = str(p.name)!;
    const signal = withTimeout(ctx, timeoutFor(p, "create"));
    const { config, devices } = toAgent(p, cfg, null);
    const profiles = strList(p.profiles);
    const source = first(p.source_instance);
    try {
      const op = await ctx.client.instances.CreateInstance({
        name, type: str(p.type) ?? "container", image: str(p.image) ?? "", config, devices,
        profiles: profiles ?? [], profiles_set: profiles !== undefined, ephemeral: bool(p.ephemeral) ?? false,
        // Without a target, the member the plan showed (so the result matches the plan).
        start: false, target: str(p.target) ?? str(p.location) ?? "", description: str(p.description) ?? "",
        source: source ? { instance: str(source.name)!, snapshot: str(source.snapshot) ?? "" } : undefined,
      });
      await waitOperation(ctx.client, op, signal);
    } catch (e) {
      throw agentError(e, `create instance "${name}"`, fieldMapper(p));
    }
    await pushFiles(ctx, name, objs(p.file), []);
    if (bool(p.running) ?? true) await changeState(ctx, name, "start", signal);
    await waitFor(ctx, p, signal);
    const exec = await runExecs(ctx, name, p, null, bool(p.running) ?? true, signal, Date.now() + timeoutFor(p, "create"));
    return toState(await readBack(ctx, p, signal), { ...p, exec });
  },

  async read(ctx, s) {
    const inst = await get(ctx, str(s.name)!);
    return inst ? toState(inst, s) : null;
  },

  async update(ctx, p, prior, cfg) {
    const name = str(p.name)!;
    const signal = withTimeout(ctx, timeoutFor(p, "update"));
    const before = toAgent(prior, cfg, prior);
    const after = toAgent(p, cfg, prior);
    const devicesChanged = JSON.stringify(before.devices) !== JSON.stringify(after.devices);
    const wasRunning = bool(prior.running) ?? false;
    const wantRunning = bool(p.running) ?? true;
    // Devices change with the instance stopped; everything else is live.
    if (devicesChanged && wasRunning) await changeState(ctx, name, "stop", signal);
    const profiles = strList(p.profiles);
    const update = () => ctx.client.instances.UpdateInstance({ name, config: after.config, devices: after.devices, profiles: profiles ?? [], profiles_set: profiles !== undefined, description: str(p.description) ?? "" });
    let stopped = devicesChanged && wasRunning;
    try {
      await update().catch(async (e) => {
        // What the instance cannot take live (a VM's memory or CPUs) is applied by a restart.
        if (stopped || !wasRunning || corralErrorCode(e) !== "CORRAL_ERR_NEEDS_STOP") throw e;
        await changeState(ctx, name, "stop", signal);
        stopped = true;
        await update();
      });
    } catch (e) {
      throw agentError(e, `update instance "${name}"`, fieldMapper(p));
    }
    await pushFiles(ctx, name, objs(p.file), objs(prior.file));
    const running = stopped ? false : wasRunning;
    const starts = wantRunning && !running;
    if (starts) await changeState(ctx, name, "start", signal);
    if (!wantRunning && running) await changeState(ctx, name, "stop", signal);
    await waitFor(ctx, p, signal);
    const exec = await runExecs(ctx, name, p, prior, starts, signal, Date.now() + timeoutFor(p, "update"));
    return toState(await readBack(ctx, p, signal), { ...p, exec });
  },

  async delete(ctx, s) {
    const name = str(s.name)!;
    const signal = withTimeout(ctx, timeoutFor(s, "delete"));
    try {
      await waitOperation(ctx.client, await ctx.client.instances.DeleteInstance({ name, force: true }), signal);
    } catch (e) {
      if (!isNotFound(e)) throw agentError(e, `delete instance "${name}"`);
    }
  },

  /** ID: NAME or NAME,image=ALIAS (as the LXD provider), so the imported image matches the config. */
  async importState(_ctx, id) {
    const [name, ...opts] = id.split(",");
    const state: Obj = { name: name! };
    for (const o of opts) {
      const [k, v] = o.split("=");
      if (k === "image" && v) state.image = v;
      else throw new DiagError([{ severity: "error", summary: "Invalid import ID", detail: `expected NAME or NAME,image=ALIAS, got "${id}"` }]);
    }
    return state;
  },
};
