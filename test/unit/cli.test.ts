// Unit tests of the `corral` CLI: argument parsing, request building, output formats, and main()'s
// exit codes and error reporting (no agent needed: these paths fail before or at connect).
import t from "tap";
import { PassThrough, Writable } from "node:stream";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collect, parseDevice, parseInstancePath, parseKeyValue, parseKeyValues, parseMode, parseUint } from "../../agent/cli/args";
import { buildCreateRequest } from "../../agent/cli/instances";
import { buildExecStart } from "../../agent/cli/exec";
import { formatInstanceList, instanceListEntry } from "../../agent/cli/instance-list";
import { renderCsv, renderTable, formatBytes } from "../../agent/cli/output";
import { progressText } from "../../agent/cli/context";
import { fingerprintOf } from "../../agent/cli/images";
import { errorMessage, main } from "../../agent/cli/main";
import type { Io } from "../../agent/cli/context";
import type { Instance__Output } from "../../proto/gen/types/corral/v1/Instance";

function sink(): Writable & { text: () => string; isTTY?: boolean } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => Buffer.concat(chunks).toString("utf8");
  return w;
}

function testIo(env: NodeJS.ProcessEnv = {}) {
  const stdin = new PassThrough();
  stdin.end();
  const stdout = sink();
  const stderr = sink();
  const io: Io = { stdin, stdout, stderr, env };
  return { io, stdout, stderr };
}

function sampleInstance(name: string, over: Partial<Instance__Output> = {}): Instance__Output {
  return {
    name,
    type: "container",
    status: "Running",
    image: "abc123",
    profiles: ["default"],
    config: { "limits.cpu": "1" },
    devices: { eth0: { properties: { type: "nic", network: "br0" } } },
    expanded_config: {},
    expanded_devices: {},
    ephemeral: false,
    location: "none",
    created_at: "2024-01-01T00:00:00Z",
    description: "",
    state: {
      status: "Running",
      pid: 4242,
      cpu_usage_ns: 0,
      memory_usage_bytes: 0,
      memory_limit_bytes: 0,
      network: {
        lo: { hwaddr: "", host_name: "", state: "up", mtu: 65536, addresses: [
          { family: "inet", address: "127.0.0.1", netmask: "8", scope: "local" },
          { family: "inet6", address: "::1", netmask: "128", scope: "local" },
        ] },
        eth0: { hwaddr: "00:16:3e:00:00:01", host_name: "veth1", state: "up", mtu: 1500, addresses: [
          { family: "inet", address: "10.1.2.3", netmask: "24", scope: "global" },
          { family: "inet6", address: "fd42::3", netmask: "64", scope: "global" },
          { family: "inet6", address: "fe80::216:3eff:fe00:1", netmask: "64", scope: "link" },
        ] },
      },
    },
    ...over,
  };
}

t.test("key=value parsing", async (t) => {
  t.same(parseKeyValue("a=b"), ["a", "b"]);
  t.same(parseKeyValue("a="), ["a", ""]);
  t.same(parseKeyValue("raw.lxc=lxc.a=b"), ["raw.lxc", "lxc.a=b"]);
  t.same(parseKeyValues(["size=2GiB", "source=/x", "size=3GiB"]), { size: "3GiB", source: "/x" });
  t.throws(() => parseKeyValue("foo"), { message: 'invalid argument "foo": expected key=value', code: "CORRAL_ERR_INVALID_ARGUMENT" });
  t.throws(() => parseKeyValue("=x"), { message: 'invalid argument "=x": expected key=value' });
  t.same(collect("b", collect("a")), ["a", "b"]);
});

t.test("--device parsing", async (t) => {
  t.same(parseDevice("eth0,type=nic,network=br0,ipv4.address=10.1.2.3"), {
    name: "eth0",
    device: { properties: { type: "nic", network: "br0", "ipv4.address": "10.1.2.3" } },
  });
  t.same(parseDevice("data,type=disk,source=/srv,path=/mnt"), { name: "data", device: { properties: { type: "disk", source: "/srv", path: "/mnt" } } });
  t.throws(() => parseDevice("eth0,network=br0"), /type=/);
  t.throws(() => parseDevice("type=nic"), /expected name,key=value/);
  t.throws(() => parseDevice("eth0,type=nic,bogus"), { message: 'invalid argument "bogus": expected key=value' });
});

t.test("small argument forms", async (t) => {
  t.same(parseInstancePath("web1/etc/hosts"), { instance: "web1", path: "/etc/hosts" });
  t.throws(() => parseInstancePath("/etc/hosts"), /expected NAME\/PATH/);
  t.throws(() => parseInstancePath("web1"), /expected NAME\/PATH/);
  t.equal(parseMode("0644"), 0o644);
  t.equal(parseMode("755"), 0o755);
  t.throws(() => parseMode("999"), /octal/);
  t.equal(parseUint("1000"), 1000);
  t.throws(() => parseUint("-1"), /non-negative/);
});

t.test("launch/init request", async (t) => {
  const req = buildCreateRequest("debian", "web1", {
    network: "br0",
    storage: "pool1",
    config: ["limits.memory=256MiB"],
    device: ["data,type=disk,source=/srv,path=/srv", "eth0,type=nic,network=br1,ipv4.address=10.1.2.3"],
  }, true);
  t.same(req.devices, {
    root: { properties: { type: "disk", path: "/", pool: "pool1" } },
    eth0: { properties: { type: "nic", network: "br1", "ipv4.address": "10.1.2.3" } },
    data: { properties: { type: "disk", source: "/srv", path: "/srv" } },
  });
  t.same(req.config, { "limits.memory": "256MiB" });
  t.equal(req.start, true);
  t.equal(req.type, "container");
  t.equal(req.profiles, undefined, "profiles unset: server applies default");
  t.notOk(req.profiles_set);

  const none = buildCreateRequest("debian", "web2", { profiles: false, vm: true, ephemeral: true }, false);
  t.same(none.profiles, []);
  t.equal(none.profiles_set, true);
  t.equal(none.type, "virtual-machine");
  t.equal(none.ephemeral, true);
  t.equal(none.start, false);

  const some = buildCreateRequest("debian", "web3", { profile: ["default", "big"], profiles: true }, true);
  t.same(some.profiles, ["default", "big"]);
  t.equal(some.profiles_set, true);
  t.throws(() => buildCreateRequest("debian", "x", { profile: ["a"], profiles: false }, true), /cannot be combined/);
});

t.test("exec start message", async (t) => {
  const s = buildExecStart(["sh", "-c", "echo hi"], { env: ["A=1"], cwd: "/tmp", user: "1000" }, { stdin: false, stdout: false });
  t.same(s, { command: ["sh", "-c", "echo hi"], environment: { A: "1" }, cwd: "/tmp", tty: false, uid: 1000 });
  const tty = buildExecStart(["bash"], {}, { stdin: true, stdout: true, columns: 120, rows: 40 });
  t.equal(tty.tty, true);
  t.equal(tty.width, 120);
  t.equal(buildExecStart(["bash"], { forceNoninteractive: true }, { stdin: true, stdout: true }).tty, false);
  t.throws(() => buildExecStart([], {}, { stdin: false, stdout: false }), /command is required/);
});

t.test("list JSON shape", async (t) => {
  const out = formatInstanceList([sampleInstance("web2", { status: "Stopped", state: null }), sampleInstance("web1")], "json");
  const arr = JSON.parse(out);
  t.ok(Array.isArray(arr));
  t.equal(arr.length, 2);
  t.equal(arr[0].name, "web1", "sorted by name");
  t.match(arr[0], {
    name: "web1",
    type: "container",
    status: "Running",
    location: "none",
    profiles: ["default"],
    config: { "limits.cpu": "1" },
    created_at: "2024-01-01T00:00:00Z",
    ipv4_addresses: ["10.1.2.3"],
    ipv6_addresses: ["fd42::3"],
    devices: { eth0: { type: "nic", network: "br0" } },
  });
  t.same(arr[1].ipv4_addresses, []);
  t.same(arr[1].ipv6_addresses, []);
  t.same(instanceListEntry(sampleInstance("x")).ipv6_addresses, ["fd42::3"], "link-local and lo excluded");
  t.equal(formatInstanceList([], "json"), "[]\n");
});

t.test("list table, csv and yaml", async (t) => {
  const table = formatInstanceList([sampleInstance("web1"), sampleInstance("db", { ephemeral: true, status: "Stopped", state: null })], "table");
  const lines = table.trimEnd().split("\n");
  t.match(lines[1], /\|\s+NAME\s+\|\s+STATE\s+\|\s+IPV4\s+\|\s+IPV6\s+\|\s+TYPE\s+\|/);
  t.ok(lines.every((l) => l.length === lines[0].length), "all lines as wide as the border");
  t.match(table, /\| web1 \| RUNNING \| 10\.1\.2\.3 \(eth0\) \| fd42::3 \(eth0\) \| CONTAINER/);
  t.match(table, /\| db   \| STOPPED \|/);
  t.match(table, /CONTAINER \(EPHEMERAL\)/);
  const csv = formatInstanceList([sampleInstance("web1")], "csv");
  t.equal(csv, "web1,RUNNING,10.1.2.3 (eth0),fd42::3 (eth0),CONTAINER,none,\n");
  const leased = sampleInstance("ci1", { config: { "lease.expires_at": "2026-12-04T18:00:00.000Z" } });
  t.equal(formatInstanceList([leased], "csv"), "ci1,RUNNING,10.1.2.3 (eth0),fd42::3 (eth0),CONTAINER,none,2026-12-04T18:00:00.000Z\n", "the last column is when the lease ends");
  const yaml = formatInstanceList([sampleInstance("web1")], "yaml");
  t.match(yaml, /- name: web1\n/);
  t.match(yaml, /ipv4_addresses:\n\s+- 10\.1\.2\.3/);
});

t.test("output helpers", async (t) => {
  t.equal(renderTable(["A", "BB"], [["x", "1\n22"]]), "+---+----+\n| A | BB |\n+---+----+\n| x | 1  |\n|   | 22 |\n+---+----+\n");
  t.equal(renderCsv([["a,b", 'say "hi"', "x"]]), '"a,b","say ""hi""",x\n');
  t.equal(formatBytes(0), "0B");
  t.equal(formatBytes(512), "512B");
  t.equal(formatBytes(2 * 1024 ** 3), "2.00GiB");
  t.equal(progressText({ stage: "unpacking image", percent: 45.6 }, "Creating web1"), "Creating web1: unpacking image 45%");
  t.equal(progressText({ stage: "", percent: 0 }, "Starting web1"), "Starting web1");
  t.equal(fingerprintOf({ resource: "images/abcdef" }), "abcdef");
  t.equal(errorMessage(Object.assign(new Error("14 UNAVAILABLE: x"), { details: "x" })), "x");
  t.equal(errorMessage(new Error("plain")), "plain");
});

t.test("main: help, usage errors and argument errors", async (t) => {
  {
    const { io, stdout } = testIo();
    t.equal(await main(["--help"], io), 0);
    t.match(stdout.text(), /Usage: corral/);
    t.match(stdout.text(), /launch/);
  }
  {
    const { io, stdout } = testIo();
    t.equal(await main(["storage", "volume", "--help"], io), 0);
    t.match(stdout.text(), /create \[options\] <pool> <name>/);
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["bogus"], io), 1);
    t.match(stderr.text(), /unknown command 'bogus'/);
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["launch", "debian", "web1", "-c", "foo"], io), 1);
    t.equal(stderr.text(), 'Error: invalid argument "foo": expected key=value\n');
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["launch", "debian", "web1", "--device", "eth0,network=br0"], io), 1);
    t.match(stderr.text(), /^Error: invalid argument "eth0,network=br0": a device needs type=/);
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["list", "--format", "xml"], io), 1);
    t.match(stderr.text(), /Allowed choices are table, json, yaml, csv/);
  }
});

t.test("main: endpoint handling", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), `corral-cli-${Math.random().toString(36).slice(2, 8)}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sock = join(dir, "missing.sock");
  {
    const { io, stderr } = testIo();
    t.equal(await main(["--endpoint", `unix://${sock}`, "list"], io), 1);
    t.match(stderr.text(), new RegExp(`^Error: cannot reach corrald at unix://${sock}: `));
  }
  {
    // The environment variable is used when --endpoint is absent; global options work after the command.
    const { io, stderr } = testIo({ CORRAL_ENDPOINT: `unix://${sock}` });
    t.equal(await main(["network", "list"], io), 1);
    t.match(stderr.text(), /cannot reach corrald at unix:\/\//);
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["info", "--endpoint", "ftp://x"], io), 1);
    t.match(stderr.text(), /^Error: endpoint: must be unix:\/\/\/path or https:\/\/host:port/);
  }
  {
    const { io, stderr } = testIo();
    t.equal(await main(["--endpoint", "https://127.0.0.1:1", "list"], io), 1);
    t.match(stderr.text(), /^Error: https endpoints need --client-cert and --client-key/);
  }
  {
    const { io, stderr } = testIo({ CORRAL_CLIENT_CERT: join(dir, "c.pem"), CORRAL_CLIENT_KEY: join(dir, "k.pem") });
    t.equal(await main(["--endpoint", "https://127.0.0.1:1", "list"], io), 1);
    t.match(stderr.text(), /^Error: https endpoints need --server-fingerprint/);
  }
});
