// Placement: which member a new instance goes to. A `target` names the member (it must exist, be
// online and have the memory and CPUs the instance's limits ask for), or `@group` the members to
// choose from; otherwise any member. The scheduler picks the online member with the largest share
// of memory and CPUs not yet promised to its instances' limits, and among equals the one with the
// fewest instances, so instances spread.
import { CorralError } from "../errors";
import { parseSize } from "../config/rules";
import type { MemberRecord, MemberStatus } from "./membership";

/** What an instance asks of a member. */
export interface Demand {
  /** limits.memory: a size or a percentage of the member's memory. */
  memory?: string;
  /** limits.cpu: a count or a CPU set. */
  cpu?: string;
}

export interface PlacementInput {
  members: (MemberRecord & { status: MemberStatus })[];
  /** Every instance in the cluster: where it is and what its limits (after profiles) ask for. */
  instances: { location: string; demand: Demand }[];
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
  count: number;
}

function rooms(input: PlacementInput): Room[] {
  return input.members.map((member) => {
    const here = input.instances.filter((i) => i.location === member.name);
    return {
      member,
      freeMemory: member.memory_bytes - here.reduce((n, i) => n + memoryOf(i.demand, member), 0),
      freeCpus: member.cpus - here.reduce((n, i) => n + cpusOf(i.demand), 0),
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
  const score = (r: Room) => Math.max(0, r.freeMemory) / r.member.memory_bytes + Math.max(0, r.freeCpus) / r.member.cpus;
  fits.sort((a, b) => score(b) - score(a) || a.count - b.count || (a.member.name < b.member.name ? -1 : 1));
  return fits[0]!.member.name;
}
