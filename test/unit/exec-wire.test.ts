// The lean exec's hand-written Exec messages (agent/cli/exec-wire.ts) against the serializers
// grpc-js uses with the agent's descriptors: the same bytes out, the same messages in.
import t from "tap";
import { corralV1 } from "../../agent/api/descriptor";
import { decodeExecOutput, encodeExecInput, GrpcDeframer, grpcFrame, type ExecInputMsg } from "../../agent/cli/exec-wire";

const exec = corralV1().Instances.service.Exec;

t.test("ExecInput: the same bytes as the agent's serializer", async (t) => {
  const start = { command: ["sh", "-c", "echo é"], environment: { A: "1", B: "" }, cwd: "/tmp", uid: 1000, gid: 70000, tty: true, width: 120, height: 40, instance: "c1" };
  const cases: [ExecInputMsg, object][] = [
    [{ start }, { start }],
    [{ start: { command: ["true"], environment: {}, cwd: "", tty: false, instance: "c1" } }, { start: { command: ["true"], instance: "c1" } }],
    [{ stdin: Buffer.from([0, 1, 255]) }, { stdin: Buffer.from([0, 1, 255]) }],
    [{ stdin: Buffer.alloc(0) }, { stdin: Buffer.alloc(0) }],
    [{ stdinClose: true }, { stdin_close: true }],
    [{ resize: { width: 80, height: 24 } }, { resize: { width: 80, height: 24 } }],
    [{ signal: 15 }, { signal: 15 }],
  ];
  for (const [mine, theirs] of cases) {
    const bytes = encodeExecInput(mine);
    t.same(bytes, exec.requestSerialize(theirs), JSON.stringify(theirs));
    t.same(exec.requestDeserialize(bytes), exec.requestDeserialize(exec.requestSerialize(theirs)));
  }
});

t.test("ExecOutput: decodes what the agent's serializer writes", async (t) => {
  const big = Buffer.alloc(70_000, 7);
  const cases: [object, object][] = [
    [{ stdout: Buffer.from("out\n") }, { msg: "stdout", stdout: Buffer.from("out\n") }],
    [{ stdout: big }, { msg: "stdout", stdout: big }],
    [{ stderr: Buffer.from("err") }, { msg: "stderr", stderr: Buffer.from("err") }],
    [{ exit_code: 0 }, { msg: "exit_code", exit_code: 0 }],
    [{ exit_code: 137 }, { msg: "exit_code", exit_code: 137 }],
    [{ exit_code: -1 }, { msg: "exit_code", exit_code: -1 }],
    [{ started: true }, { msg: "started", started: true }],
  ];
  for (const [theirs, want] of cases) t.same(decodeExecOutput(exec.responseSerialize(theirs)), want, JSON.stringify(theirs).slice(0, 60));
  t.throws(() => decodeExecOutput(Buffer.from([0x0a, 0x05, 0x61])), /truncated/);
});

t.test("gRPC framing across chunk boundaries", async (t) => {
  const msgs = [Buffer.from("a"), Buffer.alloc(0), Buffer.alloc(40_000, 1)];
  const stream = Buffer.concat(msgs.map(grpcFrame));
  for (const size of [1, 3, 7, 1000, stream.length]) {
    const d = new GrpcDeframer();
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i += size) got.push(...d.push(stream.subarray(i, i + size)));
    t.same(got, msgs, `chunks of ${size}`);
    t.equal(d.leftover, 0);
  }
  t.throws(() => new GrpcDeframer().push(Buffer.from([1, 0, 0, 0, 0])), /compressed/);
});
