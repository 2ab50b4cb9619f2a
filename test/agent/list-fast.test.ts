// The lean `corral list` (agent/cli/list-fast.ts, in bin/corral's dist/corral-fast.js) prints what
// the full CLI prints, in each format it serves, and both follow the containers' changes at once:
// an address added inside a running container, a stop, a start, a delete (the agent answers a
// list from what it keeps of running containers: their init, their network namespace's listing).
import t from "tap";
import { join } from "node:path";
import { parseFastList } from "../../agent/cli/list-fast";
import { run } from "../../agent/host/run";
import { CORRAL, eventually, startAgentWithBusybox, type TestAgent } from "../helpers/agent";
import { fullCli } from "../helpers/cli";

interface Entry {
  name: string;
  status: string;
  ipv4_addresses: string[];
}

t.test("lean and full `corral list` agree, and follow changes at once", async (t) => {
  const { a, work } = await startAgentWithBusybox(t, "lfbr0");
  await a.cli(["launch", "busybox", "c1"]);
  await a.cli(["launch", "busybox", "c2", "-e"]);
  await a.cli(["init", "busybox", "c3"]);

  /** Both sides' outcome of one command line; the lean one through bin/corral. */
  const both = async (args: string[]) => {
    t.ok(parseFastList(args, { CORRAL_ENDPOINT: a.endpoint }), `${args.join(" ")}: a command line the lean path serves`);
    const lean = await a.cli(args, { okCodes: [0, 1] });
    const full = await fullCli(["--endpoint", a.endpoint, ...args]);
    return { lean: { code: lean.code, stdout: lean.stdout, stderr: lean.stderr }, full };
  };
  const leanEntries = async (a: TestAgent): Promise<Entry[]> => JSON.parse((await a.cli(["list", "-f", "json"])).stdout);
  const entry = async (name: string) => (await leanEntries(a)).find((e) => e.name === name);

  const c1 = await eventually("c1 and c2 to get DHCP addresses", async () => {
    const l = await leanEntries(a);
    return l.every((e) => e.name === "c3" || e.ipv4_addresses.length) ? l.find((e) => e.name === "c1") : undefined;
  }, 60_000);
  for (const args of [["list"], ["ls", "--format", "csv"], ["list", "-f", "json"], ["list", "--format=table"]]) {
    const { lean, full } = await both(args);
    t.equal(lean.code, 0, `${args.join(" ")}: exit 0`);
    t.same(lean, full, `${args.join(" ")}: the same output as the full CLI`);
  }
  const table = (await a.cli(["list"])).stdout;
  t.match(table, new RegExp(`\\| c1 +\\| RUNNING \\| ${c1.ipv4_addresses[0]!.replaceAll(".", "\\.")} \\(eth0\\)`), "c1 running with its address");
  t.match(table, /\| c2 +\| RUNNING \|.*\| CONTAINER \(EPHEMERAL\) \|/, "c2 ephemeral");
  t.match(table, /\| c3 +\| STOPPED \|/, "c3 stopped");

  // An address added inside: the very next list shows it (the listing kept for c1 is not reused).
  await a.cli(["list"]);
  const extra = c1.ipv4_addresses[0]!.replace(/\.\d+$/, ".250");
  await a.cli(["exec", "c1", "--", "ip", "addr", "add", `${extra}/24`, "dev", "eth0"]);
  t.same((await entry("c1"))!.ipv4_addresses.sort(), [c1.ipv4_addresses[0]!, extra].sort(), "the added address is listed at once");
  await a.cli(["exec", "c1", "--", "ip", "addr", "del", `${extra}/24`, "dev", "eth0"]);
  t.same((await entry("c1"))!.ipv4_addresses, c1.ipv4_addresses, "and its removal too");

  // A stop, a start and a delete: seen by the next list.
  await a.cli(["stop", "-f", "c1"]);
  t.match(await entry("c1"), { status: "Stopped", ipv4_addresses: [] }, "stopped at once");
  await a.cli(["start", "c1"]);
  t.match(await entry("c1"), { status: "Running" }, "running again at once");
  await a.cli(["delete", "-f", "c2"]);
  t.notOk(await entry("c2"), "a deleted instance is gone at once");
  const after = await both(["list", "-f", "csv"]);
  t.same(after.lean, after.full, "still the same output as the full CLI");

  const gone = `unix://${join(work, "no-agent.sock")}`;
  const leanGone = await run(CORRAL, ["--endpoint", gone, "list"], { okCodes: [1] });
  t.same({ code: leanGone.code, stdout: leanGone.stdout, stderr: leanGone.stderr }, await fullCli(["--endpoint", gone, "list"]), "an agent that is not there: the same error");
  t.match(leanGone.stderr, `cannot reach corrald at ${gone}`);
});
