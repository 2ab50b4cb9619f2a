// `corral wait` against a real agent: a command that starts succeeding and a TCP service that
// starts listening a few seconds after the wait begins, and clear failures on timeout naming what
// was awaited and the last failure. Nothing asserts on durations.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, startAgent } from "../helpers/agent";

t.test("corral wait --exec / --tcp", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-wait-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p1", "dir"]);
  await a.cli(["network", "create", "wtbr0"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["launch", "busybox", "svc", "-s", "p1", "-n", "wtbr0"]);
  await eventually("an address", async () => (await a.client.instances.GetInstance({ name: "svc", with_state: true })).state?.network.eth0?.addresses.find((x) => x.family === "inet" && x.scope === "global"), 60_000);

  t.test("a marker file and an HTTP server that appear late", async (t) => {
    // Started in the background inside the container; the waits begin before they exist.
    await a.cli(["exec", "svc", "--", "sh", "-c", "(sleep 3; touch /tmp/ready; httpd -p 8080 -h /tmp) </dev/null >/dev/null 2>&1 &"]);
    const ls = await a.cli(["exec", "svc", "--", "ls", "/tmp"]);
    t.notMatch(ls.stdout, /ready/, "not ready when the wait starts");
    const w1 = await a.cli(["wait", "svc", "--timeout", "60s", "--exec", "--", "test", "-f", "/tmp/ready"]);
    t.match(w1.stdout, /Instance svc is ready/);
    const w2 = await a.cli(["wait", "svc", "--tcp", "8080", "--timeout", "60s"]);
    t.match(w2.stdout, /Instance svc is ready/);
    const both = await a.cli(["wait", "svc", "--tcp", "8080", "--exec", "cat", "/tmp/ready"]);
    t.match(both.stdout, /ready/, "both at once; --exec takes the words after it");
  });

  t.test("a timeout names what was awaited and the last failure", async (t) => {
    const tcp = await a.cli(["wait", "svc", "--tcp", "9999", "--timeout", "2s"], { okCodes: [1] });
    t.match(tcp.stderr, /^Error: instance "svc": timed out after 2s waiting for TCP port 9999 to accept; last failure: [\d.]+:9999: ECONNREFUSED/);
    const ex = await a.cli(["wait", "svc", "--timeout", "2s", "--exec", "--", "sh", "-c", "echo not yet >&2; exit 3"], { okCodes: [1] });
    t.match(ex.stderr, /timed out after 2s waiting for command \["sh","-c","echo not yet >&2; exit 3"\] to exit 0; last failure: exit 3: not yet/);
    const none = await a.cli(["wait", "svc"], { okCodes: [1] });
    t.match(none.stderr, /give --exec CMD\.\.\. and\/or --tcp PORT/);
    const badTimeout = await a.cli(["wait", "svc", "--tcp", "80", "--timeout", "soon"], { okCodes: [1] });
    t.match(badTimeout.stderr, /--timeout: must be a duration/);
    await a.cli(["stop", "-f", "svc"]);
    const stopped = await a.cli(["wait", "svc", "--tcp", "8080", "--timeout", "1s"], { okCodes: [1] });
    t.match(stopped.stderr, /last failure: the instance is Stopped/);
  });
});
