// Placement: which member a new instance goes to. A `target` names the member (it must exist, be
// online, have the memory and CPUs the instance's limits ask for, and room in its part of the root
// disk's pool for the root disk's size), or `@group` the members to choose from; otherwise any
// member. The scheduler picks the online member with the largest share of memory and CPUs not yet
// promised to its instances' limits and of free space in the pool (as each member reports it), and
// among equals the one with the fewest instances, so instances spread.
import { CorralError } from "../errors";
import { parseSize } from "../config/rules";
import type { MemberRecord, MemberStatus } from "./membership";

/** What an instance asks of a member. */
export interface Demand {
  /** limits.memory: a size or a percentage of the member's memory. */
  memory?: string;
  /** limits.cpu: a count or a CPU set. */
  cpu?: string;
  /** The root disk: its pool and, when given, its size in bytes. */
  disk?: { pool: string; bytes?: number };
}

/** A member's part of a pool as that member reports it (undefined: it did not answer). */
export interface PoolSpace {
  usedBytes: number;
  totalBytes: number;
}

export interface PlacementInput {
  members: (MemberRecord & { status: MemberStatus })[];
  /** Every instance in the cluster: where it is and what its limits (after profiles) ask for. */
  instances: { location: string; demand: Demand }[];
  /** Per member, the space of its part of the root disk's pool. */
  poolSpace?: Record<string, PoolSpace | undefined>;
}

/** Bytes of a member's memory a limit asks for (0 without a limit). */
function memoryOf(d: Demand, member: MemberRecord): number {
  const v = d.memory?.trim();
  if (!v) return 0;
  if (v.endsWith("%")) return Math.floor((Number(v.slice(0, -1)) / 100) * member.memory_bytes);
  return parseSize(v) ?? 0;
}

/** CPUs a limit asks for: a count, or the size of a CPU set such as 0-1,3 (0 without a limit). */
function cpusOf(d: Demand): number {
  const v = d.cpu?.trim();
  if (!v) return 0;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(",").reduce((n, part) => {
    const [a, b] = part.split("-").map(Number);
    return n + (b === undefined ? 1 : b! - a! + 1);
  }, 0);
}

interface Room {
  member: MemberRecord & { status: MemberStatus };
  freeMemory: number;
  freeCpus: number;
  pool?: PoolSpace;
  count: number;
}

function rooms(input: PlacementInput): Room[] {
  return input.members.map((member) => {
    const here = input.instances.filter((i) => i.location === member.name);
    return {
      member,
      freeMemory: member.memory_bytes - here.reduce((n, i) => n + memoryOf(i.demand, member), 0),
      freeCpus: member.cpus - here.reduce((n, i) => n + cpusOf(i.demand), 0),
      pool: input.poolSpace?.[member.name],
      count: here.length,
    };
  });
}

/** Why `room` cannot take `demand`, or undefined when it can. */
function shortfall(room: Room, demand: Demand): string | undefined {
  const mem = memoryOf(demand, room.member);
  if (mem > room.freeMemory) return `limits.memory asks for ${mem} bytes; member "${room.member.name}" has ${Math.max(0, room.freeMemory)} of ${room.member.memory_bytes} bytes not promised to its instances`;
  const cpus = cpusOf(demand);
  if (cpus > room.member.cpus) return `limits.cpu asks for ${cpus} CPUs; member "${room.member.name}" has ${room.member.cpus}`;
  const disk = demand.disk;
  if (disk?.bytes && room.pool && room.pool.totalBytes > 0) {
    const free = Math.max(0, room.pool.totalBytes - room.pool.usedBytes);
    if (disk.bytes > free) return `the root disk asks for ${disk.bytes} bytes; storage pool "${disk.pool}" on member "${room.member.name}" has ${free} of ${room.pool.totalBytes} bytes free`;
  }
  return undefined;
}

/** The member an instance with `demand` goes to: `target`, else the scheduler's choice. */
export function placeInstance(input: PlacementInput, demand: Demand, target?: string): string {
  const all = rooms(input);
  if (target?.startsWith("@")) {
    const group = target.slice(1);
    const inGroup = all.filter((r) => r.member.groups?.includes(group));
    if (!inGroup.length) throw new CorralError("CORRAL_ERR_NOT_FOUND", `target: no cluster member is in group "${group}"`, { field: "target" });
    return pick(inGroup, demand, `in group "${group}"`);
  }
  if (target) {
    const room = all.find((r) => r.member.name === target);
    if (!room) throw new CorralError("CORRAL_ERR_NOT_FOUND", `target: cluster member "${target}" does not exist (members: ${all.map((r) => r.member.name).join(", ")})`, { field: "target" });
    if (room.member.status !== "online") throw new CorralError("CORRAL_ERR_UNAVAILABLE", `target: cluster member "${target}" is ${room.member.status}`, { field: "target" });
    const why = shortfall(room, demand);
    if (why) throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `target: ${why}`, { field: "target" });
    return target;
  }
  return pick(all, demand, "");
}

/** The scheduler: among online members with room, the most free capacity, then the fewest instances, then by name. */
function pick(all: Room[], demand: Demand, among: string): string {
  const fits = all.filter((r) => r.member.status === "online" && !shortfall(r, demand));
  const field = among ? { field: "target" } : {};
  if (!fits.length) {
    const online = all.filter((r) => r.member.status === "online");
    if (!online.length) throw new CorralError("CORRAL_ERR_UNAVAILABLE", `${among ? "target: " : ""}no cluster member ${among ? `${among} ` : ""}is online to place the instance on`, field);
    throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `${among ? "target: " : ""}no cluster member ${among ? `${among} ` : ""}can take the instance: ${online.map((r) => shortfall(r, demand)).join("; ")}`, field);
  }
  const score = (r: Room) => Math.max(0, r.freeMemory) / r.member.memory_bytes + Math.max(0, r.freeCpus) / r.member.cpus + freePoolShare(r);
  fits.sort((a, b) => score(b) - score(a) || a.count - b.count || (a.member.name < b.member.name ? -1 : 1));
  return fits[0]!.member.name;
}

/** Free shares of a pool are compared in steps of this size (1/20 = 5 %). */
const POOL_SHARE_STEPS = 20;

/**
 * The free share of a member's part of the pool, rounded down to a step: members whose pools
 * differ by less (two parts on one filesystem, measured a moment apart) are equals, and spreading
 * decides.
 */
function freePoolShare(r: Room): number {
  if (!r.pool || r.pool.totalBytes <= 0) return 0;
  return Math.floor((Math.max(0, r.pool.totalBytes - r.pool.usedBytes) / r.pool.totalBytes) * POOL_SHARE_STEPS) / POOL_SHARE_STEPS;
}
