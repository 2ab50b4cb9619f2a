// How many voters a cluster aims for: at most cluster.max_voters, never more than its members,
// never an even number; and the endpoints members use: the voting etcd members' client URLs.
import t from "tap";
import type { IMember } from "etcd3";
import { targetVoters, voterEndpoints } from "../../agent/cluster/voters";

t.test("target voters", async (t) => {
  const cases: [members: number, max: number, want: number][] = [
    [1, 3, 1], [2, 3, 1], [3, 3, 3], [4, 3, 3], [9, 3, 3],
    [2, 5, 1], [4, 5, 3], [5, 5, 5], [6, 5, 5], [3, 1, 1], [0, 3, 1],
  ];
  for (const [members, max, want] of cases) t.equal(targetVoters(members, max), want, `${members} members, max ${max}: ${want}`);
});

t.test("voter endpoints leave learners out", async (t) => {
  const m = (name: string, isLearner: boolean, clientURLs: string[]): IMember => ({ ID: name, name, peerURLs: [], clientURLs, isLearner });
  t.same(voterEndpoints([m("a", false, ["https://a:2379"]), m("b", true, ["https://b:2379"]), m("c", false, ["https://c:2379"])]), ["https://a:2379", "https://c:2379"]);
  t.same(voterEndpoints([m("a", false, ["https://a:2379"]), m("", false, [])]), ["https://a:2379"], "a voter that has not started yet has no client URL");
});
