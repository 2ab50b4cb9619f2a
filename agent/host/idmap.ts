// Unprivileged containers map their ids onto a range reserved for root in /etc/subuid and
// /etc/subgid. liblxc insists on that reservation whenever newuidmap is installed (so shadow never
// hands the same ids to a user), so a missing range is a capability problem of the host.
import { readFile } from "node:fs/promises";
import { capability } from "../errors";
import type { IdmapRange } from "../instances/driver";

/** Fewer ids than this cannot hold a distribution's system users (nobody = 65534). */
export const MIN_IDMAP_COUNT = 65536;

export const SUBUID_PATH = "/etc/subuid";
export const SUBGID_PATH = "/etc/subgid";

/** Ranges owned by `user` (by name or numeric id) in subuid/subgid text; why: pick a map for root. */
export function parseSubordinateIds(text: string, user = "root", id = 0): IdmapRange[] {
  const out: IdmapRange[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [owner, start, count] = line.split(":");
    if (owner !== user && owner !== String(id)) continue;
    if (!/^\d+$/.test(start ?? "") || !/^\d+$/.test(count ?? "")) continue;
    out.push({ hostId: Number(start), count: Number(count) });
  }
  return out;
}

async function rangeFor(path: string, kind: "uid" | "gid"): Promise<IdmapRange> {
  let text = "";
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const ranges = parseSubordinateIds(text);
  const hint = `add one, e.g. \`usermod --add-subuids 100000-1099999 --add-subgids 100000-1099999 root\``;
  if (ranges.length === 0) {
    throw capability("unprivileged containers", `root has no subordinate ${kind} range in ${path}; ${hint}`);
  }
  const best = ranges.reduce((a, b) => (b.count > a.count ? b : a));
  if (best.count < MIN_IDMAP_COUNT) {
    throw capability(
      "unprivileged containers",
      `root's largest subordinate ${kind} range in ${path} has ${best.count} ids, at least ${MIN_IDMAP_COUNT} are needed; ${hint}`,
    );
  }
  return best;
}

/** The id map unprivileged containers get: root's largest subuid and subgid ranges. */
export async function rootIdmap(paths: { subuid?: string; subgid?: string } = {}): Promise<{ uid: IdmapRange; gid: IdmapRange }> {
  const [uid, gid] = await Promise.all([
    rangeFor(paths.subuid ?? SUBUID_PATH, "uid"),
    rangeFor(paths.subgid ?? SUBGID_PATH, "gid"),
  ]);
  return { uid, gid };
}
