// The lean `corral list`'s hand-written messages (agent/cli/list-wire.ts) against the serializers
// grpc-js uses with the agent's descriptors: the same request bytes, and a response decoded into
// what gives the full CLI's output in every format the lean path serves.
import t from "tap";
import { corralV1 } from "../../agent/api/descriptor";
import type { Instance } from "../../proto/gen/types/corral/v1/Instance";
import { formatInstanceList } from "../../agent/cli/instance-list";
import { parseFastList } from "../../agent/cli/list-fast";
import { decodeListInstances, encodeListInstances } from "../../agent/cli/list-wire";

const list = corralV1().Instances.service.ListInstances;

t.test("ListInstancesRequest: the bytes of the full CLI's request", async (t) => {
  for (const with_state of [true, false]) t.same(encodeListInstances(with_state), list.requestSerialize({ with_state }), String(with_state));
});

t.test("ListInstancesResponse: decoded as the full CLI decodes it, for every lean format", async (t) => {
  const instances: Instance[] = [
    {
      name: "web-é", type: "container", status: "Running", image: "abc123", profiles: ["default", "x"], description: "a \"quoted\", one",
      config: { "limits.cpu": "1", "lease.expires_at": "2026-12-04T18:00:00.000Z", empty: "" },
      devices: { eth0: { properties: { type: "nic", network: "br0" } }, root: { properties: { type: "disk", path: "/", pool: "p" } }, bare: {} },
      expanded_config: { "limits.cpu": "1", other: "x" }, expanded_devices: { eth0: { properties: { type: "nic", network: "br0", hwaddr: "00:16:3e:00:00:01" } } },
      ephemeral: true, location: "m1", created_at: "2026-12-04T17:00:00Z",
      state: {
        status: "Running", pid: 2 ** 40, cpu_usage_ns: 123456789, memory_usage_bytes: 1 << 20, memory_limit_bytes: 0,
        network: {
          lo: { hwaddr: "", host_name: "", state: "up", mtu: 65536, addresses: [{ family: "inet", address: "127.0.0.1", netmask: "8", scope: "local" }] },
          eth0: { hwaddr: "00:16:3e:00:00:01", host_name: "veth1", state: "up", mtu: 1500, addresses: [
            { family: "inet", address: "10.1.2.3", netmask: "24", scope: "global" },
            { family: "inet", address: "10.1.2.4", netmask: "24", scope: "global" },
            { family: "inet6", address: "fd42::3", netmask: "64", scope: "global" },
            { family: "inet6", address: "fe80::216:3eff:fe00:1", netmask: "64", scope: "link" },
          ] },
          eth1: { hwaddr: "00:16:3e:00:00:02", state: "down", addresses: [] },
        },
      },
    },
    { name: "stopped", type: "container", status: "Stopped", profiles: [], config: {}, devices: {}, state: { status: "Stopped", network: {} } },
    { name: "creating", type: "virtual-machine", status: "Creating" },
  ];
  const bytes = list.responseSerialize({ instances });
  const full = list.responseDeserialize(bytes).instances;
  const lean = decodeListInstances(bytes);
  t.equal(lean.length, 3);
  t.equal(lean[0]!.state!.pid, 2 ** 40, "a 64-bit pid");
  t.equal(lean[2]!.state, null, "no state: null, as the proto loader gives it");
  for (const format of ["table", "csv", "json"] as const) t.equal(formatInstanceList(lean, format), formatInstanceList(full, format), format);
  t.same(decodeListInstances(list.responseSerialize({ instances: [] })), []);
  t.throws(() => decodeListInstances(Buffer.from([0x0a, 0x05, 0x0a])), /truncated/);
});

t.test("the lean path takes only the list command lines it serves", async (t) => {
  const env = { CORRAL_ENDPOINT: "unix:///run/x.sock" };
  t.match(parseFastList(["list"], env), { socketPath: "/run/x.sock", format: "table" });
  t.match(parseFastList(["ls", "-f", "csv"], env), { format: "csv" });
  t.match(parseFastList(["--endpoint", "unix:///a.sock", "list", "--format", "json"], {}), { socketPath: "/a.sock", format: "json" });
  t.match(parseFastList(["list", "--format=csv", "-f", "table"], env), { format: "table" }, "the last one wins, as commander takes it");
  for (const argv of [
    ["list", "-f", "yaml"], // YAML: the full CLI (its bundle has yaml)
    ["list", "-f", "bogus"], // the full CLI names the choices
    ["list", "-f"],
    ["list", "--help"],
    ["list", "name"],
    ["list", "-fcsv"],
    ["network", "list"],
    ["image", "ls"],
    ["--endpoint", "https://h:8443", "list"],
    ["--client-cert", "x", "list"],
  ]) t.equal(parseFastList(argv, env), null, argv.join(" "));
});
