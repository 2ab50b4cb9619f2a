// A pull watched through its operation, from a server that holds the rest of the file until
// `gate` exists: the test creates the gate once a progress report shows the download under way,
// which proves progress is reported during the transfer, not only at its end.
import { existsSync, writeFileSync } from "node:fs";
import type { Test } from "tap";
import type { TestAgent } from "../../helpers/agent";
import type { Operation__Output } from "../../../proto/gen/types/corral/v1/Operation";
import type { PullImageRequest } from "../../../proto/gen/types/corral/v1/PullImageRequest";

/** Pulls, checks success, progress during the download and percentages that never go back; returns the first answer. */
export async function gatedPull(t: Test, a: TestAgent, req: PullImageRequest, gate: string): Promise<Operation__Output> {
  const op = (await a.client.remotes.PullImage(req)) as Operation__Output;
  const stages: string[] = [];
  const done = await a.client.wait(op, (o) => {
    stages.push(`${o.stage} ${o.percent}`);
    if (/^downloading image: \d+%/.test(o.stage) && !existsSync(gate)) writeFileSync(gate, "");
  });
  t.equal(done.status, "SUCCESS", `pulled (${done.error_message})`);
  t.ok(existsSync(gate), "progress was reported while the download was under way");
  const percents = stages.map((s) => Number(s.split(" ").pop()));
  t.same(percents, [...percents].sort((x, y) => x - y), `percent never goes back: ${stages.join(", ")}`);
  return op;
}
