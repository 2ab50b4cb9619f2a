// Instance backups: a tarball in LXD's layout. `backup/index.yaml` comes first (name, type, the
// pool's driver, snapshot names, and the instance's config, devices and snapshot records), then
// each snapshot's volume content under `backup/snapshots/<name>/`, the instance's under
// `backup/container/` (or `backup/virtual-machine/`), and last `backup/complete`: without it the
// file was cut short. GNU tar writes and reads it (numeric owners, xattrs, sparse VM disks), so
// no archive is ever held in memory.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { CorralError, invalid } from "../errors";
import { yaml } from "../util/yaml";
import { CommandError, run } from "../host/run";
import { parseInstanceName } from "../config/rules";
import type { Devices } from "./config";
import type { InstanceType } from "./driver";
import type { PoolSpec, StorageDriver, VolumeRef } from "../storage/driver";
import { VM_DISK, withStaging } from "../storage/transfer";

/** Writing or reading a whole backup (a multi-GB VM disk on a slow disk, a slow client). */
export const BACKUP_TIMEOUT_MS = 6 * 60 * 60_000;
/** Listing or reading one member of a spooled backup: tar reads the whole file once. */
const BACKUP_SCAN_TIMEOUT_MS = 30 * 60_000;

export const INDEX_MEMBER = "backup/index.yaml";
export const COMPLETE_MEMBER = "backup/complete";
/** The member holding the instance's volume content, by type (as LXD names them). */
export const dataMember = (type: InstanceType): string => `backup/${type}`;
export const snapshotMember = (snap: string): string => `backup/snapshots/${snap}`;

export interface BackupIndex {
  name: string;
  type: InstanceType;
  /** The driver of the pool it was exported from (informational: any pool can take it). */
  backend: string;
  pool: string;
  /** Always false: the data is files, not a driver's own stream (zfs send), so any driver reads it. */
  optimized: false;
  /** Snapshot names, oldest first. */
  snapshots: string[];
  config: {
    instance: {
      profiles: string[];
      config: Record<string, string>;
      devices: Devices;
      ephemeral: boolean;
      description: string;
      image: string;
      created_at: string;
    };
    snapshots: { name: string; created_at: string }[];
  };
}

export const renderIndex = (index: BackupIndex): string => yaml().stringify(index);

const bad = (rule: string): CorralError => invalid("backup", `index.yaml ${rule}`);
const isStringMap = (v: unknown): v is Record<string, string> =>
  !!v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** Parses and checks index.yaml: every field a restore uses, with the rule it breaks. */
export function parseIndex(text: string, types: readonly string[]): BackupIndex {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    throw bad(`is not YAML: ${(e as Error).message}`);
  }
  const d = doc as Partial<BackupIndex>;
  if (!d || typeof d !== "object") throw bad("must be a mapping");
  if (typeof d.name !== "string") throw bad("needs name");
  parseInstanceName(d.name, "backup name");
  if (typeof d.type !== "string" || !types.includes(d.type)) throw bad(`type must be one of ${types.join(", ")}`);
  if (typeof d.pool !== "string") throw bad("needs pool");
  if (!Array.isArray(d.snapshots) || !d.snapshots.every((s) => typeof s === "string")) throw bad("snapshots must be a list of names");
  d.snapshots.forEach((s) => parseInstanceName(s, "snapshot name"));
  const inst = d.config?.instance;
  if (!inst || !Array.isArray(inst.profiles) || !isStringMap(inst.config) || !inst.devices || typeof inst.devices !== "object" || !Object.values(inst.devices).every(isStringMap)) {
    throw bad("needs config.instance with profiles, config and devices");
  }
  const snaps = d.config?.snapshots ?? [];
  if (!Array.isArray(snaps) || !snaps.every((s) => s && typeof s.name === "string")) throw bad("config.snapshots must be a list of snapshot records");
  return d as BackupIndex;
}

// ---- tar -----------------------------------------------------------------------------------------

/** What both directions keep: numeric owners (an unprivileged container's ids mean nothing by
 * name), xattrs (file capabilities), ACLs. */
const TAR_COMMON = ["--numeric-owner", "--xattrs", "--xattrs-include=*", "--acls"];

/** Escapes a path for a sed-style basic regular expression delimited by '|'. */
const bre = (s: string): string => s.replace(/[.*[\]^$\\|]/g, (c) => `\\${c}`);

/** `tar --create` of several directories, each stored under its own member name: `-C /` with the
 * paths relative to /, renamed by anchored transforms (never symlink targets: flag S). */
export function tarCreateArgs(parts: { dir: string; member: string }[]): string[] {
  const rel = (p: string) => p.replace(/^\/+/, "");
  const transforms = parts.flatMap(({ dir, member }) => [
    `--transform=s|^${bre(rel(dir))}$|${member}|S`,
    `--transform=s|^${bre(rel(dir))}/|${member}/|S`,
  ]);
  return ["--create", "--file=-", "--sparse", ...TAR_COMMON, "--directory=/", ...transforms, "--", ...parts.map((p) => rel(p.dir))];
}

/** `tar --extract` of one member's content into dir (the member's own path components dropped). */
export function tarExtractArgs(file: string, member: string, dir: string): string[] {
  return ["--extract", `--file=${file}`, `--directory=${dir}`, "--same-owner", "--same-permissions", ...TAR_COMMON,
    `--strip-components=${member.split("/").length}`, "--", member];
}

/** Streams `tar --create` into out, which it ends; resolves once tar ended well and out has
 * written everything (a slow out still holds tar's last chunks when tar exits). The caller's signal
 * and BACKUP_TIMEOUT_MS bound both: a reader that went away never drains. */
export async function writeTar(args: string[], out: Writable, signal: AbortSignal): Promise<void> {
  const cancelled = () => new CorralError("CORRAL_ERR_CANCELLED", "export cancelled");
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), BACKUP_TIMEOUT_MS);
  const bound = AbortSignal.any([signal, deadline.signal]);
  try {
    await new Promise<void>((resolve, reject) => {
      const tar = spawn("tar", args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
      let stderr = "";
      tar.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
      // Its stdout too: one paused by a reader that went away would never end, nor tar's "close" fire.
      const kill = () => (tar.kill("SIGKILL"), tar.stdout!.destroy());
      bound.addEventListener("abort", kill, { once: true });
      tar.stdout!.pipe(out);
      tar.on("error", reject);
      tar.on("close", (code, sig) => {
        bound.removeEventListener("abort", kill);
        if (signal.aborted) return reject(cancelled());
        if (code === 0) return resolve();
        reject(new CommandError(["tar", ...args], code, stderr, code === null ? `killed by ${sig}` : undefined));
      });
    });
    await finished(out, { signal: bound }).catch((e) => {
      if (signal.aborted) throw cancelled();
      if (deadline.signal.aborted) throw new CorralError("CORRAL_ERR_TIMEOUT", `export: the client did not take the whole backup within ${BACKUP_TIMEOUT_MS / 60_000} min (BACKUP_TIMEOUT_MS)`);
      throw e;
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A backup that tar cannot read: the rule broken, with tar's own words. */
function unreadable(e: unknown): never {
  const why = e instanceof CommandError ? e.stderr.trim().split("\n").slice(-2).join("; ") : (e as Error).message;
  throw invalid("backup", `is not a readable backup tarball (corrupt or truncated): ${why}`);
}

/** Reads the whole spooled file once (so a truncated or corrupt one fails here, before anything is
 * made: tar checks every header and finds the final member) and returns its index. */
export async function readBackup(file: string, types: readonly string[], signal: AbortSignal): Promise<BackupIndex> {
  const tar = (member: string, extra: string[] = []) =>
    run("tar", ["--extract", "--to-stdout", `--file=${file}`, ...extra, "--", member], { timeoutMs: BACKUP_SCAN_TIMEOUT_MS, signal }).catch(unreadable);
  await tar(COMPLETE_MEMBER);
  return parseIndex((await tar(INDEX_MEMBER, ["--occurrence=1"])).stdout, types);
}

// ---- restoring a volume --------------------------------------------------------------------------

/**
 * Fills a new instance's root volume from a spooled backup, part after part (each snapshot's
 * content, snapshotted after it, then the instance's own): each part's files extracted into the
 * volume, or, for a VM onto a pool of raw block disks, into staging with the disk then written onto
 * the volume (made by the first part, overwritten by the next). A volume left by a failure is the
 * caller's to delete (deleting one never made is a no-op).
 */
export async function restoreVolumeFromBackup(
  target: { driver: StorageDriver; spec: PoolSpec; vol: VolumeRef },
  file: string,
  parts: { member: string; snap?: string }[],
  signal: AbortSignal,
  onPart: (i: number, snap: string | undefined) => void,
  onSnapshot: (snap: string) => Promise<void>,
): Promise<void> {
  const { driver, spec, vol } = target;
  const rawDisk = vol.type === "virtual-machine" && !!driver.info.rawBlockVolumes;
  if (!rawDisk) await driver.createVolume(spec, vol);
  const dir = driver.volumePath(spec, vol);
  const extract = (member: string, into: string) => run("tar", tarExtractArgs(file, member, into), { timeoutMs: BACKUP_TIMEOUT_MS, signal });
  for (const [i, { snap, member }] of parts.entries()) {
    onPart(i, snap);
    if (rawDisk) {
      await withStaging(driver, spec, async (staging) => {
        await extract(member, staging);
        const disk = join(staging, VM_DISK);
        if (!existsSync(disk)) throw invalid("backup", `member ${member} holds no ${VM_DISK} (the virtual machine's disk)`);
        if (i === 0) await driver.createDiskVolume!(spec, vol, disk, "qcow2", signal);
        else await driver.writeDiskVolume!(spec, vol, disk, "qcow2", signal);
      });
    } else {
      for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
      await extract(member, dir);
    }
    if (!snap) break;
    await driver.snapshotVolume(spec, vol, snap);
    await onSnapshot(snap);
  }
}
