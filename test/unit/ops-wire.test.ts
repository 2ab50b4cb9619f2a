// The lean operation commands' hand-written messages (agent/cli/ops-wire.ts) against the
// serializers grpc-js uses with the agent's descriptors: the same bytes out, the same Operation in.
import t from "tap";
import { corralV1 } from "../../agent/api/descriptor";
import { buildCreateRequest } from "../../agent/cli/instances";
import { decodeOperation, encodeChangeState, encodeCreate, encodeDelete, encodeGetOperation, encodePullImage, type CreateMsg } from "../../agent/cli/ops-wire";

const v1 = corralV1();
const instances = v1.Instances.service;
const operations = v1.Operations.service;

t.test("CreateInstanceRequest: the same bytes as the full CLI's request through the agent's serializer", async (t) => {
  const cases: [CreateMsg, Parameters<typeof buildCreateRequest>[2]][] = [
    [{ name: "c1", image: "bb", type: "container", profiles: [], profilesSet: false, config: {}, devices: {}, ephemeral: false, start: true }, {}],
    [
      {
        name: "web-é", image: "0123abcd", type: "virtual-machine", profiles: ["default", "big"], profilesSet: true,
        config: { "limits.memory": "64MB", "user.x": "", a: "b=c=d" }, devices: { root: { type: "disk", path: "/", pool: "p1" }, eth0: { type: "nic", network: "n1" } }, ephemeral: true, start: true,
      },
      { vm: true, profile: ["default", "big"], config: ["limits.memory=64MB", "user.x=", "a=b=c=d"], storage: "p1", network: "n1", ephemeral: true },
    ],
  ];
  for (const [mine, opts] of cases) {
    const full = buildCreateRequest(mine.image, mine.name, opts, true);
    t.same(encodeCreate(mine), instances.CreateInstance.requestSerialize(full), mine.name);
  }
});

t.test("Delete, ChangeInstanceState and GetOperation requests", async (t) => {
  for (const force of [false, true]) t.same(encodeDelete("c1", force), instances.DeleteInstance.requestSerialize({ name: "c1", force }));
  for (const [action, force, timeout_s] of [["stop", true, 0], ["stop", false, 70000], ["start", false, 0], ["restart", true, 5]] as const) {
    t.same(encodeChangeState("c1", action, force, timeout_s), instances.ChangeInstanceState.requestSerialize({ name: "c1", action, force, timeout_s }), `${action} ${force} ${timeout_s}`);
  }
  t.same(encodeGetOperation("0b6c-4f"), operations.WatchOperation.requestSerialize({ id: "0b6c-4f" }));
});

t.test("PullImageRequest: the bytes of the full CLI's `image copy` (remotes.ts pullImage)", async (t) => {
  for (const type of ["container", "virtual-machine"]) {
    const full = { remote: "images", ref: "debian/12/cloud", type, aliases: [], cached: false };
    t.same(encodePullImage("images", "debian/12/cloud", type), v1.Remotes.service.PullImage.requestSerialize(full), type);
  }
});

t.test("Operation: decodes what the agent's serializer writes", async (t) => {
  const full: Record<string, unknown> = {
    id: "op-1", kind: "instance.create", resource: "instances/c1", status: "FAILURE", stage: "unpacking image", percent: 45.6,
    error_code: 5, error_message: "image: \"x\" not found — é", created_at: "2026-12-04T18:00:00Z", updated_at: "2026-12-04T18:00:01Z", cancellable: true,
  };
  t.same(decodeOperation(instances.DeleteInstance.responseSerialize(full)), { id: "op-1", resource: "instances/c1", status: "FAILURE", stage: "unpacking image", percent: 45.6, error_code: 5, error_message: full.error_message });
  for (const status of ["PENDING", "RUNNING", "SUCCESS", "CANCELLED"] as const) t.match(decodeOperation(operations.WatchOperation.responseSerialize({ id: "x", status })), { id: "x", status });
  t.same(decodeOperation(instances.DeleteInstance.responseSerialize({ error_code: -1 })).error_code, -1);
  t.throws(() => decodeOperation(Buffer.from([0x0a, 0x05, 0x61])), /truncated/);
});
