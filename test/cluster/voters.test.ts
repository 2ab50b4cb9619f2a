// Four agents, each in its own network namespace, joined by a bridge in a fifth, real etcd: the
// first three members vote (each runs etcd), the fourth runs none and uses theirs. Tokens are
// issued by members other than the first. kill -9 of a voter's agent and etcd: the others keep
// accepting writes (the non-voter's store fails over between voters), the member shows offline
// within the threshold, and after a restart it serves the writes it missed. A voter removed
// gracefully is replaced: the non-voter is promoted (starts etcd, joins the etcd cluster), the
// removed one leaves etcd, and every member's endpoint list follows. A voter removed by force while
// online leaves etcd and its etcd stops for good; the last voter cannot be removed. Lowering
// cluster.max_voters to 1 demotes two voters one at a time (they stop their etcd, every member's
// endpoints follow; one was down and finds out when it starts); raising it again promotes them back. A join token lists every online member,
// and a joiner whose issuing member is down joins through another. The whole
// cluster stopped and started again comes back.
import t from "tap";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { etcdClientUrl, memberPaths, type MemberConfig } from "../../agent/cluster/member-config";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { bridgeAgents, etcdKeys, etcdMemberList, etcdPids, testSubnet } from "../helpers/cluster";

const API_PORT = 8443;
/** Short, so the offline test waits seconds: members go offline this long after their last heartbeat. */
const OFFLINE_THRESHOLD_S = 5;
/** Bound for a promotion (voter check interval, learner start and catch-up) on a loaded machine. */
const PROMOTION_WAIT_MS = 90_000;

interface Listed { name: string; roles: string[]; status: string }
const members = async (a: TestAgent): Promise<Listed[]> => JSON.parse((await a.cli(["cluster", "list", "--format", "json"])).stdout);
const roles = async (a: TestAgent) => Object.fromEntries((await members(a)).map((m) => [m.name, m.roles.join(",")]));
const statusOf = async (a: TestAgent, name: string) => (await members(a)).find((m) => m.name === name)?.status;
const memberConfig = (a: TestAgent): MemberConfig => JSON.parse(readFileSync(memberPaths(a.dataDir).config, "utf8"));
const profiles = async (a: TestAgent): Promise<string[]> => JSON.parse((await a.cli(["profile", "list", "--format", "json"])).stdout).map((p: { name: string }) => p.name);

t.test("three voters, a non-voter; a lost voter comes back; a removed voter is replaced", async (t) => {
  const agents = await Promise.all([0, 1, 2, 3].map(() => startAgent(t, { extraArgs: ["--listen", `0.0.0.0:${API_PORT}`] })));
  const [a, b, c, d] = agents as [TestAgent, TestAgent, TestAgent, TestAgent];
  const addr = await bridgeAgents(t, testSubnet(), agents);
  const etcdOf = (i: number) => etcdClientUrl(addr[i]!);
  await a.cli(["cluster", "enable", "--address", addr[0]!, "--name", "m1"]);

  const bad = await a.cli(["server", "config", "set", "cluster.max_voters=4"], { okCodes: [1] });
  t.match(bad.stderr, /config\["cluster\.max_voters"\]: must be one of 1, 3, 5/, "max_voters other than 1, 3 or 5 is refused, naming the key");
  await a.cli(["server", "config", "set", `cluster.offline_threshold=${OFFLINE_THRESHOLD_S}`]);

  const join = async (x: TestAgent, token: string, address: string) => {
    await x.stop();
    await x.restart(["--join", token, "--address", address]);
  };
  await join(b, (await a.cli(["cluster", "add", "m2"])).stdout.trim(), addr[1]!);
  t.same(await roles(a), { m1: "voter", m2: "member" }, "two members: one voter (a second adds no fault tolerance)");
  // m2, a non-voter, issues the next token: any member admits members.
  await join(c, (await b.cli(["cluster", "add", "m3"])).stdout.trim(), addr[2]!);
  await eventually("three voters", async () => {
    const r = await roles(a);
    return r.m1 === "voter" && r.m2 === "voter" && r.m3 === "voter" ? true : undefined;
  }, PROMOTION_WAIT_MS, 500);
  t.pass("with a third member, the first three members are voters");
  for (const [i, x] of [a, b, c].entries()) {
    t.equal(etcdPids(x).length, 1, `m${i + 1} runs etcd`);
    await eventually(`m${i + 1}'s endpoints to list the three voters`, async () =>
      (memberConfig(x).etcdEndpoints.slice().sort().join() === [0, 1, 2].map(etcdOf).sort().join() ? true : undefined), 30_000, 500);
  }
  t.same(await etcdMemberList(a, etcdOf(0)), [{ name: "m1", isLearner: false }, { name: "m2", isLearner: false }, { name: "m3", isLearner: false }], "etcd has three voting members");

  // A token from m3 (promoted, not the first member) for a fourth member. It lists every online
  // member, m3 first: with m3 down when it is used, the joiner goes on to the next member.
  const token4 = (await c.cli(["cluster", "add", "m4"])).stdout.trim();
  const api = (i: number) => `${addr[i]!}:${API_PORT}`;
  t.same(JSON.parse(Buffer.from(token4, "base64url").toString("utf8")).addresses, [api(2), api(0), api(1)], "the token lists every online member, the issuer first");
  await c.stop();
  await join(d, token4, addr[3]!);
  t.match(d.logs(), /joined the cluster/, "m4 joined with a token issued on m3 while m3 was down");
  t.match(d.logs(), new RegExp(`did not answer the join; trying the next.*${api(2).replace(/\./g, "\\.")}`), "after m3 did not answer");
  await c.restart();
  t.same(memberConfig(d).etcdEndpoints.slice().sort(), [0, 1, 2].map(etcdOf).sort(), "m4 uses the three voters' etcd");
  await d.stop();
  const twice = await d.restart(["--join", token4, "--address", addr[3]!]).then(() => "", (e: Error) => e.message);
  t.match(twice, /this agent is already cluster member \\?"m4\\?"; start it without --join/, "joining twice is refused");
  await d.restart();
  t.match((await d.cli(["cluster", "add", "m2"], { okCodes: [1] })).stderr, /cluster member "m2" already exists/, "a name clash is refused");
  t.equal((await roles(a)).m4, "member", "the fourth member does not vote (max_voters 3)");
  t.same(etcdPids(d), [], "and runs no etcd");

  await t.test("kill -9 of a voter's agent and etcd", async (t) => {
    const etcd3 = etcdPids(c);
    await c.kill9();
    for (const pid of etcd3) process.kill(pid, "SIGKILL");
    await eventually("m3's etcd to die", async () => (etcdPids(c).length ? undefined : true), 10_000, 100);
    await a.cli(["profile", "create", "while-m3-down"]);
    // The non-voter's store spreads calls over the three voters: every write must find a live one.
    for (let i = 0; i < 6; i++) await d.cli(["profile", "create", `from-m4-${i}`]);
    t.pass("m1 and the non-voter m4 keep accepting writes");
    await eventually("m3 offline", async () => ((await statusOf(b, "m3")) === "offline" ? true : undefined), (OFFLINE_THRESHOLD_S + 30) * 1000, 500);
    t.pass("m3 shows offline after the threshold");

    await c.restart();
    t.equal(etcdPids(c).length, 1, "the restarted m3 runs its etcd again");
    t.equal(await statusOf(a, "m3"), "online", "and is online");
    const expected = ["while-m3-down", ...[0, 1, 2, 3, 4, 5].map((i) => `from-m4-${i}`)];
    const mine = await profiles(c);
    t.ok(expected.every((p) => mine.includes(p)), "m3 serves every write made while it was down");
    await eventually("m3's own etcd to hold the writes it missed", async () => {
      const keys = await etcdKeys(c, etcdOf(2), "profiles/");
      return expected.every((p) => keys.includes(`profiles/${p}`)) ? true : undefined;
    }, 30_000, 500);
    t.pass("its own etcd caught up");
  });

  await t.test("every member stops; started together, the cluster comes back", async (t) => {
    await Promise.all([a, b, c, d].map((x) => x.stop()));
    t.same([a, b, c].flatMap(etcdPids), [], "no etcd runs");
    // A voter's etcd serves once a majority of voters run: the agents start at the same time, as hosts after a power cut.
    await Promise.all([a, b, c, d].map((x) => x.restart()));
    await eventually("four members online", async () => ((await members(d)).every((m) => m.status === "online") ? true : undefined), 30_000, 500);
    t.same(await roles(d), { m1: "voter", m2: "voter", m3: "voter", m4: "member" }, "roles unchanged");
    t.ok((await profiles(b)).includes("while-m3-down"), "the state is intact");
  });

  await t.test("a voter removed gracefully is replaced by the non-voter", async (t) => {
    await b.stop();
    t.same(etcdPids(b), [], "m2's etcd stopped with its agent");
    await eventually("m2 offline", async () => ((await statusOf(a, "m2")) === "offline" ? true : undefined), (OFFLINE_THRESHOLD_S + 30) * 1000, 500);
    // Removed through m4, the non-voter.
    await d.cli(["cluster", "remove", "m2"]);
    await eventually("m4 promoted", async () => ((await roles(a)).m4 === "voter" ? true : undefined), PROMOTION_WAIT_MS, 500);
    t.same(await roles(c), { m1: "voter", m3: "voter", m4: "voter" }, "m4 took m2's place");
    t.equal(etcdPids(d).length, 1, "m4 runs etcd");
    t.same(await etcdMemberList(a, etcdOf(0)), [{ name: "m1", isLearner: false }, { name: "m3", isLearner: false }, { name: "m4", isLearner: false }], "etcd: m2 left, m4 votes");
    for (const [name, x] of [["m1", a], ["m3", c], ["m4", d]] as const) {
      await eventually(`${name}'s endpoints to follow`, async () =>
        (memberConfig(x).etcdEndpoints.slice().sort().join() === [0, 2, 3].map(etcdOf).sort().join() ? true : undefined), 30_000, 500);
    }
    t.pass("every member's etcd endpoints name m1, m3 and m4, not m2");
    await d.cli(["profile", "create", "after-promotion"]);
    t.ok((await etcdKeys(d, etcdOf(3), "profiles/")).includes("profiles/after-promotion"), "m4's own etcd serves the state");
  });

  await t.test("a promotion the agent did not record (it stopped in between) is resumed", async (t) => {
    await d.stop();
    // The crash window: etcd has m4 as a voter, member.json not yet.
    writeFileSync(memberPaths(d.dataDir).config, JSON.stringify({ ...memberConfig(d), voter: false }));
    await d.restart();
    await eventually("m4's etcd to run again", async () => (memberConfig(d).voter && etcdPids(d).length === 1 ? true : undefined), 60_000, 500);
    t.match(d.logs(), /etcd counts this member as a voter; starting its etcd/, "m4 noticed and started its etcd");
    t.same(await etcdMemberList(a, etcdOf(0)), [{ name: "m1", isLearner: false }, { name: "m3", isLearner: false }, { name: "m4", isLearner: false }], "etcd membership unchanged");
    await eventually("m4 online", async () => ((await statusOf(a, "m4")) === "online" ? true : undefined), 30_000, 500);
  });

  const byName = { m1: [a, 0], m3: [c, 2], m4: [d, 3] } as const;
  const voters = async () => Object.entries(await roles(a)).filter(([, r]) => r === "voter").map(([n]) => n) as (keyof typeof byName)[];
  await t.test("lowering cluster.max_voters demotes voters one at a time; raising it promotes them again", async (t) => {
    // m4's agent (and etcd) is down: a voter that is down (or else the last to join) goes first.
    await d.stop();
    await c.cli(["server", "config", "set", "cluster.max_voters=1"]);
    await eventually("one voter left", async () => ((await voters()).length === 1 ? true : undefined), PROMOTION_WAIT_MS, 500);
    t.not((await voters())[0], "m4", "m4 was demoted while down");
    await d.restart();
    t.match(d.logs(), /etcd removed this member while its agent was down; it no longer votes/, "and found out when it started again");
    const [kept] = await voters();
    const [keptAgent, keptIndex] = byName[kept!];
    t.equal((a.logs() + c.logs() + d.logs()).match(/demoted a voter/g)?.length, 2, `the two others were demoted, each once; ${kept} (the etcd leader) kept its vote`);
    t.equal(etcdPids(keptAgent).length, 1, `${kept} still runs its etcd`);
    t.same(await etcdMemberList(a, etcdOf(keptIndex)), [{ name: kept, isLearner: false }], "etcd has that one member left");
    for (const [name, [x]] of Object.entries(byName)) {
      await eventually(`${name}'s endpoints to name only ${kept}`, async () => (memberConfig(x).etcdEndpoints.join() === etcdOf(keptIndex) ? true : undefined), 30_000, 500);
      if (name === kept) continue;
      await eventually(`${name}'s etcd to stop`, async () => (etcdPids(x).length === 0 && !memberConfig(x).voter ? true : undefined), 30_000, 500);
      t.notOk(existsSync(memberPaths(x.dataDir).etcdDataDir), `${name} stopped its etcd and removed its data`);
    }
    await d.cli(["profile", "create", "one-voter"]);
    t.ok((await profiles(c)).includes("one-voter"), "the cluster keeps accepting writes on one voter");

    await a.cli(["server", "config", "set", "cluster.max_voters=3"]);
    await eventually("three voters again", async () => ((await voters()).length === 3 ? true : undefined), 2 * PROMOTION_WAIT_MS, 500);
    t.same(await etcdMemberList(a, etcdOf(0)), [{ name: "m1", isLearner: false }, { name: "m3", isLearner: false }, { name: "m4", isLearner: false }], "raised again, the demoted members vote again");
    for (const [name, [x]] of Object.entries(byName)) {
      await eventually(`${name}'s endpoints to name the three voters`, async () =>
        (memberConfig(x).etcdEndpoints.slice().sort().join() === [0, 2, 3].map(etcdOf).sort().join() ? true : undefined), 30_000, 500);
    }
  });

  await t.test("forced removal of an online voter; the last voter stays", async (t) => {
    // m4 became a voter moments ago: etcd may refuse to count on it yet, with a clear message.
    const refusals: string[] = [];
    await eventually("m3 removed", async () => {
      const r = await a.cli(["cluster", "remove", "m3", "--force"], { okCodes: [0, 1] });
      if (r.code) refusals.push(r.stderr);
      return r.code === 0 ? true : undefined;
    }, 30_000, 1_000);
    t.ok(refusals.every((e) => /etcd refuses to remove "m3" now: .* try again shortly/.test(e)), `any refusal said why (${refusals.length})`);
    await eventually("m3's etcd to leave", async () => (etcdPids(c).length ? undefined : true), 30_000, 200);
    t.match(c.logs(), /this member was removed from the etcd cluster; not restarting it/, "the removed voter's etcd stops for good");
    // Two members left: one voter (a second adds no fault tolerance), so the etcd leader's member
    // demotes the other; which one stays depends on which etcd leads.
    await eventually("one voter left", async () => ((await voters()).length === 1 ? true : undefined), PROMOTION_WAIT_MS, 500);
    const [kept] = await voters();
    const [keptAgent, keptIndex] = byName[kept!];
    const other = kept === "m1" ? "m4" : "m1";
    t.same(await etcdMemberList(a, etcdOf(keptIndex)), [{ name: kept, isLearner: false }], `etcd: m3 left, then ${other} was demoted; ${kept} votes`);
    for (const x of [a, d]) {
      await eventually("the endpoints to name the one voter", async () => (memberConfig(x).etcdEndpoints.join() === etcdOf(keptIndex) ? true : undefined), 30_000, 500);
    }
    await d.cli(["profile", "create", "after-forced-removal"]);
    t.ok((await profiles(a)).includes("after-forced-removal"), "the cluster keeps accepting writes");
    await keptAgent.cli(["cluster", "remove", other, "--force"]);
    const last = await keptAgent.cli(["cluster", "remove", kept!, "--force"], { okCodes: [1] });
    t.match(last.stderr, new RegExp(`cluster member "${kept}" is the last voter`), "removing the last voter is refused");
    t.same((await members(keptAgent)).map((m) => m.name), [kept], `${kept} is left, still a voter`);
  });
});
