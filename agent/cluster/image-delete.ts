// Deleting an image in a cluster: the record is shared, the files and per-pool copies are each
// member's own. Every other member deletes its part first (a member that cannot be asked keeps the
// record, so the delete can be tried again), then this member deletes its part and the record. An
// explicit `image delete` and the expiry of cached images (agent/images/cache.ts) both go this way.
import type { Agent } from "../daemon/agent";
import { CorralError } from "../errors";
import type { Operation } from "../../proto/gen/types/corral/v1/Operation";

/** One member's part of an image delete (its files and per-pool copies) may take this long. */
const DELETE_PART_TIMEOUT_MS = 120_000;

/** Deletes image `fp` on every member, then its record; refused while an instance on any member uses it. */
export async function deleteImageEverywhere(agent: Agent, fp: string, progress: (stage: string) => void = () => {}): Promise<void> {
  const fw = agent.forwarder;
  const dropVolumes = (f: string) => agent.pools.removeImageVolumes(f);
  if (!fw.self) return agent.images.delete(fp, dropVolumes);
  await agent.images.assertUnused(fp);
  for (const o of (await agent.membership.list()).filter((x) => x.name !== fw.self)) {
    progress(`deleting the image on member ${o.name}`);
    const op = await fw.unary<Operation>(o.name, "images", "DeleteImage", { ref: fp }, undefined, DELETE_PART_TIMEOUT_MS);
    if (op.status !== "SUCCESS") throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `cluster member "${o.name}" could not delete its copy of image ${fp.slice(0, 12)}: ${op.error_message}`);
  }
  await agent.images.delete(fp, dropVolumes);
}
