// Voters: the members that run an etcd member and vote. A cluster aims for cluster.max_voters of
// them (1, 3 or 5), never an even number (a second voter of two adds no fault tolerance, only a
// second way to lose the majority). Voters are not appointed: a non-voter promotes itself when
// the cluster has fewer voters than it aims for and it is the first online non-voter (by join
// time), under an etcd lock so that one promotion runs at a time. Promotion adds the member to
// etcd as a learner (no vote, so a member that fails to start never costs the majority), starts
// its etcd with initial-cluster-state=existing and promotes it once it caught up. With more voters
// than it aims for (cluster.max_voters lowered), the leader's member removes one voter at a time
// from etcd and that member stops its etcd (agent/cluster/membership.ts, demoteSurplus).
import { existsSync, rmSync } from "node:fs";
import type { Etcd3, IMember } from "etcd3";
import { etcd3 } from "../state/etcd3-lazy";
import { CorralError } from "../errors";
import { ETCD_PREFIX } from "../state/etcd";
import { log } from "../util/log";
import { Revert } from "../util/revert";
import type { EtcdProcess } from "./etcd-process";
import { etcdPeerUrl, memberPaths, type MemberConfig } from "./member-config";
import { memberEtcd } from "./member-store";

/** How often each member checks the voters (endpoints, promotion, heartbeat threshold). */
export const VOTER_CHECK_INTERVAL_MS = 2_000;
/** A learner is promoted once it has caught up with the leader: seconds for a small state. */
const LEARNER_CATCH_UP_TIMEOUT_MS = 60_000;
const PROMOTE_RETRY_MS = 250;
/** The promotion lock's lease: a member that dies while promoting frees it after this. */
const PROMOTION_LOCK_TTL_S = 90;
const PROMOTION_LOCK_KEY = `${ETCD_PREFIX}cluster/promoting`;

/** Voters a cluster of `members` members aims for: at most `max`, and odd. */
export function targetVoters(members: number, max: number): number {
  const n = Math.max(1, Math.min(members, max));
  return n % 2 ? n : n - 1;
}

export async function etcdMembers(client: Etcd3): Promise<IMember[]> {
  return (await client.cluster.memberList({})).members;
}

/** The etcd member of a Corral member: by name once it started, by peer URL before. */
export function findEtcdMember(members: IMember[], name: string, address: string): IMember | undefined {
  return members.find((m) => m.name === name || m.peerURLs.includes(etcdPeerUrl(address)));
}

/** Client URLs of the voting etcd members (the store spreads its calls over them). */
export function voterEndpoints(members: IMember[]): string[] {
  return members.filter((m) => !m.isLearner).flatMap((m) => m.clientURLs);
}

export interface VoterSteps {
  /** Called with the etcd about to start (the agent stops it if it stops meanwhile). */
  starting(etcd: EtcdProcess): void;
  /** Records the role once etcd counts this member as a voter. */
  commit(): Promise<void>;
}

/**
 * Makes this member a voter: learner, etcd started (a fresh data dir), promoted, then commit().
 * On failure nothing is left: the learner or voter is removed from etcd, this etcd stopped and
 * its data removed.
 */
export async function becomeVoter(client: Etcd3, dataDir: string, cfg: MemberConfig, steps: VoterSteps): Promise<EtcdProcess> {
  const etcdDir = memberPaths(dataDir).etcdDataDir;
  return Revert.with(async (revert) => {
    // A learner of ours left by a promotion cut short (the agent died half-way) is replaced.
    const stale = findEtcdMember(await etcdMembers(client), cfg.name, cfg.address);
    if (stale?.isLearner) await client.cluster.memberRemove({ ID: stale.ID });
    else if (stale) throw new CorralError("CORRAL_ERR_CONFLICT", `etcd already has a voting member at ${etcdPeerUrl(cfg.address)} ("${stale.name}")`);
    const added = await client.cluster.memberAdd({ peerURLs: [etcdPeerUrl(cfg.address)], isLearner: true });
    const id = added.member.ID;
    revert.add("remove this member from etcd", () => client.cluster.memberRemove({ ID: id }));
    const initialCluster = added.members
      .flatMap((m) => m.peerURLs.map((u) => `${m.ID === id ? cfg.name : m.name || `unstarted-${m.ID}`}=${u}`))
      .join(",");
    const etcd = memberEtcd(dataDir, cfg, { initialCluster });
    await etcd.killStale(); // the etcd of a promotion cut short, if it still runs
    rmSync(etcdDir, { recursive: true, force: true });
    revert.add("stop etcd and remove its data", async () => {
      await etcd.stop();
      rmSync(etcdDir, { recursive: true, force: true });
    });
    steps.starting(etcd);
    await etcd.start();
    await promoteLearner(client, id, cfg.name);
    await steps.commit();
    revert.success();
    return etcd;
  });
}

/**
 * etcd counts this member as a voter but its member.json does not (the agent stopped after the
 * promotion, before recording it): starts its etcd on the data it has, then commit().
 */
export async function resumeVoter(dataDir: string, cfg: MemberConfig, steps: VoterSteps): Promise<EtcdProcess> {
  const etcdDir = memberPaths(dataDir).etcdDataDir;
  if (!existsSync(etcdDir)) {
    throw new CorralError("CORRAL_ERR_FAILED_PRECONDITION", `etcd counts member "${cfg.name}" as a voter but ${etcdDir} is gone; remove the member (corral cluster remove ${cfg.name} --force) and join it again`);
  }
  const etcd = memberEtcd(dataDir, cfg);
  steps.starting(etcd);
  await etcd.start();
  try {
    await steps.commit();
  } catch (err) {
    await etcd.stop();
    throw err;
  }
  return etcd;
}

/** Promotes learner `id`, retrying while etcd says it has not caught up yet (bounded). */
async function promoteLearner(client: Etcd3, id: string, name: string): Promise<void> {
  const deadline = Date.now() + LEARNER_CATCH_UP_TIMEOUT_MS;
  for (;;) {
    try {
      await client.cluster.memberPromote({ ID: id });
      return;
    } catch (err) {
      const msg = (err as Error).message;
      if (!/not in sync|can only promote/i.test(msg)) throw err;
      if (Date.now() > deadline) {
        throw new CorralError("CORRAL_ERR_TIMEOUT", `etcd learner ${name} did not catch up with the leader within ${LEARNER_CATCH_UP_TIMEOUT_MS} ms: ${msg}`);
      }
      await new Promise((r) => setTimeout(r, PROMOTE_RETRY_MS));
    }
  }
}

/** Runs fn holding the promotion lock; returns undefined without running it when another member holds it. */
export async function withPromotionLock<T>(client: Etcd3, fn: () => Promise<T>): Promise<T | undefined> {
  const lock = client.lock(PROMOTION_LOCK_KEY).ttl(PROMOTION_LOCK_TTL_S);
  try {
    await lock.acquire();
  } catch (err) {
    if (err instanceof etcd3().EtcdLockFailedError) return undefined;
    throw err;
  }
  try {
    return await fn();
  } finally {
    await lock.release().catch((err: Error) => log("warn", "releasing the promotion lock failed; it expires with its lease", { error: err.message }));
  }
}
