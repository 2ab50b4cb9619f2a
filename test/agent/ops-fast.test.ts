// The lean operation commands (agent/cli/ops-fast.ts, in bin/corral's dist/corral-fast.js) behave
// as the full CLI's: each command line runs once through bin/corral (lean path) and once through
// main() of the full CLI in-process, on instances in the same state (names differ: `{n}` stands
// for each side's own), and gives the same exit code, stdout and stderr and the same instance.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFastOp } from "../../agent/cli/ops-fast";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { CORRAL, startAgent } from "../helpers/agent";
import { fullCli, type Outcome } from "../helpers/cli";

t.test("the lean path takes only the command lines it serves", async (t) => {
  const env = { CORRAL_ENDPOINT: "unix:///run/x.sock" };
  t.match(parseFastOp(["delete", "-f", "a", "b"], env), { verb: "delete", socketPath: "/run/x.sock", names: ["a", "b"], force: true });
  t.match(parseFastOp(["rm", "a"], env), { verb: "delete", names: ["a"], force: false });
  t.match(parseFastOp(["--endpoint=unix:///a.sock", "stop", "a", "--timeout=7"], {}), { verb: "stop", socketPath: "/a.sock", names: ["a"], force: false, timeoutS: 7 });
  t.match(parseFastOp(["restart", "--force", "a"], env), { verb: "restart", force: true, timeoutS: 0 });
  t.match(parseFastOp(["start", "a", "b"], {}), { verb: "start", socketPath: "/var/lib/corral/corrald.sock", names: ["a", "b"] });
  t.match(parseFastOp(["launch", "img", "c1", "-s", "p", "--network=n", "-c", "a=1", "--config", "b=x=y", "-p", "default", "-p", "x", "-e"], env), {
    verb: "launch",
    create: {
      name: "c1", image: "img", type: "container", profiles: ["default", "x"], profilesSet: true, config: { a: "1", b: "x=y" },
      devices: { root: { type: "disk", path: "/", pool: "p" }, eth0: { type: "nic", network: "n" } }, ephemeral: true, start: true,
    },
  });
  t.match(parseFastOp(["launch", "img", "vm1", "--vm"], env), { create: { type: "virtual-machine", profiles: [], profilesSet: false } });
  t.match(parseFastOp(["image", "copy", "images:debian/12/cloud"], env), { verb: "image copy", remote: "images", ref: "debian/12/cloud", type: "container" });
  t.match(parseFastOp(["image", "copy", "--vm", "r:a:b"], env), { verb: "image copy", remote: "r", ref: "a:b", type: "virtual-machine" });
  for (const argv of [
    ["delete"], // no name
    ["delete", "--help"],
    ["delete", "-fx", "a"],
    ["delete", "--force=yes", "a"],
    ["stop", "--timeout", "-1", "a"],
    ["stop", "--timeout", "x", "a"],
    ["stop", "a", "--timeout"],
    ["start", "-f", "a"],
    ["launch", "img"],
    ["launch", "img", "c1", "extra"],
    ["launch", "images:debian/12", "c1"], // a remote image: pulled with progress by the full CLI
    ["launch", "img", "c1", "-c", "novalue"],
    ["launch", "img", "c1", "--no-profiles"],
    ["launch", "img", "c1", "-d", "data,type=disk,path=/d,source=/s"],
    ["launch", "img", "c1", "--target", "m2"],
    ["init", "img", "c1"],
    ["image", "list"],
    ["image", "copy", "noremote"],
    ["image", "copy", ":x"],
    ["image", "copy", "r:x", "--alias", "a"],
    ["image", "delete", "r:x"],
    ["freeze", "a"],
    ["constructor", "a"],
    ["--client-cert", "x", "delete", "a"],
    ["--endpoint", "https://h:8443", "delete", "a"],
    ["list"],
  ]) t.equal(parseFastOp(argv, env), null, argv.join(" "));
});

t.test("the lean operation commands and the full CLI's agree", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-opsf-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p"]);

  const show = async (name: string) => {
    const r = await a.cli(["show", name, "--format", "json"], { okCodes: [0, 1] });
    if (r.code) return r.stderr.replaceAll(name, "{n}");
    const i = JSON.parse(r.stdout) as Record<string, unknown>;
    return { status: i.status, config: i.config, devices: i.devices, profiles: i.profiles, ephemeral: i.ephemeral, type: i.type };
  };
  /** Command lines in order, each on both sides' own instance. */
  const steps: { what: string; args: string[]; expect: Partial<Outcome> | { stderr: RegExp; code: number } }[] = [
    { what: "launch", args: ["launch", "busybox", "{n}"], expect: { code: 0, stdout: "Creating {n}\nStarting {n}\n", stderr: "" } },
    { what: "launch of an existing name", args: ["launch", "busybox", "{n}"], expect: { code: 1, stderr: 'Error: instance "{n}" already exists\n' } },
    { what: "delete of a running instance", args: ["delete", "{n}"], expect: { code: 1, stdout: "", stderr: /is Running; stop it first or delete with force/ } },
    { what: "stop -f", args: ["stop", "-f", "{n}"], expect: { code: 0, stdout: "", stderr: "" } },
    { what: "stop -f of a stopped instance", args: ["stop", "--force", "{n}"], expect: { code: 0 } },
    { what: "start", args: ["start", "{n}"], expect: { code: 0, stdout: "", stderr: "" } },
    { what: "restart -f", args: ["restart", "-f", "{n}"], expect: { code: 0 } },
    { what: "stop -f of two, the second missing", args: ["stop", "-f", "{n}", "nope"], expect: { code: 1, stderr: 'Error: instance "nope" not found\n' } },
    { what: "rm", args: ["rm", "{n}"], expect: { code: 0, stdout: "", stderr: "" } },
    { what: "delete of a deleted instance", args: ["delete", "{n}"], expect: { code: 1, stderr: 'Error: instance "{n}" not found\n' } },
    { what: "start of a missing instance", args: ["start", "{n}"], expect: { code: 1, stderr: 'Error: instance "{n}" not found\n' } },
    { what: "launch of a missing image", args: ["launch", "nope", "{n}"], expect: { code: 1, stdout: "Creating {n}\nStarting {n}\n", stderr: /^Error: image: "nope" not found/ } },
    { what: "launch with options", args: ["launch", "busybox", "{n}", "-s", "p", "-c", "limits.memory=64MB", "--config=user.a=b=c", "-p", "default", "-e"], expect: { code: 0 } },
    { what: "launch with a bad option value", args: ["launch", "busybox", "{n}2", "-c", "limits.memory=lots"], expect: { code: 1, stderr: /limits\.memory/ } },
    { what: "delete -f of a running instance", args: ["delete", "-f", "{n}"], expect: { code: 0, stdout: "", stderr: "" } },
  ];
  for (const s of steps) {
    const outcome = async (name: string, lean: boolean): Promise<Outcome> => {
      const args = s.args.map((x) => x.replaceAll("{n}", name));
      if (lean) t.ok(parseFastOp(args, { CORRAL_ENDPOINT: a.endpoint }), `${s.what}: a command line the lean path serves`);
      const r = lean ? await a.cli(args, { okCodes: [0, 1] }) : await fullCli(["--endpoint", a.endpoint, ...args]);
      const norm = (x: string) => x.replaceAll(name, "{n}");
      return { code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr) };
    };
    const lean = await outcome("lean1", true);
    const full = await outcome("full1", false);
    t.match(lean, s.expect, `${s.what}: lean path`);
    t.same(lean, full, `${s.what}: same as the full CLI`);
    t.same(await show("lean1"), await show("full1"), `${s.what}: the instances are alike`);
  }

  const gone = join(work, "no-agent.sock");
  for (const args of [["delete", "c1"], ["launch", "busybox", "c1"], ["stop", "-f", "c1"]]) {
    const cmd = ["--endpoint", `unix://${gone}`, ...args];
    const leanGone = await run(CORRAL, cmd, { okCodes: [1] });
    t.same({ code: leanGone.code, stdout: leanGone.stdout, stderr: leanGone.stderr }, await fullCli(cmd), `${args[0]}: an agent that is not there, the same error`);
    t.match(leanGone.stderr, `cannot reach corrald at unix://${gone}`);
  }
});
