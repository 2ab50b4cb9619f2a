// The lean CLI's HTTP/2 client (agent/cli/h2c.ts, lean-grpc.ts) against a real grpc-js server
// with the agent's descriptors: its answers come through nghttp2's HPACK encoder (Huffman strings,
// dynamic table entries reused across calls on one connection), statuses with percent-encoded
// messages and metadata, and flow control both ways on large streams.
import t, { type Test } from "tap";
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corralV1 } from "../../agent/api/descriptor";
import { decodeExecOutput, encodeExecInput, grpcFrame } from "../../agent/cli/exec-wire";
import { encodeHeaders, HpackDecoder, huffmanDecode } from "../../agent/cli/h2c";
import { LeanClient } from "../../agent/cli/lean-grpc";
import { decodeOperation, encodeGetOperation } from "../../agent/cli/ops-wire";

const v1 = corralV1();
/** Every printable ASCII character and some UTF-8, as a status message. */
const ODD = `all of ${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("")} and é, ü, ✓`;
const CHUNK = 16_000;
const CHUNKS = 200;

async function server(t: Test): Promise<{ socket: string; endpoint: string; srv: grpc.Server }> {
  const dir = mkdtempSync(join(tmpdir(), "corral-h2c-"));
  const socket = join(dir, "s.sock");
  const srv = new grpc.Server();
  srv.addService(v1.Operations.service, {
    GetOperation: (call: grpc.ServerUnaryCall<{ id: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const id = call.request.id;
      if (id === "missing") {
        const metadata = new grpc.Metadata();
        metadata.set("corral-error-code", "CORRAL_ERR_NOT_FOUND");
        return cb({ code: grpc.status.NOT_FOUND, details: ODD, metadata });
      }
      if (id === "unavailable") return cb({ code: grpc.status.UNAVAILABLE, details: "no route" });
      cb(null, { id, status: "RUNNING", stage: `stage of ${id}`, percent: 12.5 });
    },
    WatchOperation: (call: grpc.ServerWritableStream<{ id: string }, unknown>) => {
      for (let i = 0; i < CHUNKS; i++) call.write({ id: call.request.id, stage: String(i).padEnd(CHUNK, "x"), status: "RUNNING" });
      call.write({ id: call.request.id, status: "SUCCESS" });
      call.end();
    },
  });
  // Exec echoes stdin as stdout and ends with the number of bytes as the exit code (mod 256).
  srv.addService(v1.Instances.service, {
    Exec: (call: grpc.ServerDuplexStream<{ msg?: string; stdin?: Buffer }, unknown>) => {
      let n = 0;
      call.on("data", (m: { msg?: string; stdin?: Buffer }) => {
        if (m.msg === "start") call.write({ started: true });
        else if (m.msg === "stdin") {
          n += m.stdin!.length;
          call.write({ stdout: m.stdin });
        } else if (m.msg === "stdin_close") {
          call.write({ exit_code: n % 256 });
          call.end();
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => srv.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  t.teardown(() => {
    srv.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  return { socket, endpoint: `unix://${socket}`, srv };
}

t.test("unary calls, errors and a large server stream on one connection", async (t) => {
  const { socket, endpoint } = await server(t);
  const c = new LeanClient(endpoint, socket);
  t.teardown(() => c.close());
  const get = (id: string) => c.unary("/corral.v1.Operations/GetOperation", encodeGetOperation(id)).then(decodeOperation);
  // Repeated calls: nghttp2 answers later ones from its dynamic table.
  for (const id of ["a", "bb", "a", "ccc"]) t.match(await get(id), { id, status: "RUNNING", stage: `stage of ${id}`, percent: 12.5 });
  for (let i = 0; i < 2; i++) {
    await t.rejects(get("missing"), { message: ODD }, "a status message with every printable character and UTF-8");
    await t.rejects(get("unavailable"), { message: `cannot reach corrald at ${endpoint}: no route` }, "UNAVAILABLE without corral-error-code: the transport's words");
  }
  const stages: string[] = [];
  let last = "";
  await c.serverStream("/corral.v1.Operations/WatchOperation", encodeGetOperation("w"), (m) => {
    const op = decodeOperation(m);
    last = op.status;
    if (op.stage) stages.push(op.stage);
  });
  t.equal(stages.length, CHUNKS, `${CHUNKS} messages of ${CHUNK} bytes (beyond every flow-control window)`);
  t.ok(stages.every((s, i) => s === String(i).padEnd(CHUNK, "x")), "in order and whole");
  t.equal(last, "SUCCESS");
  t.match(await get("after"), { id: "after" }, "the connection still serves calls");
});

t.test("a duplex call with more request data than the server's windows", async (t) => {
  const { socket, endpoint } = await server(t);
  const c = new LeanClient(endpoint, socket);
  t.teardown(() => c.close());
  const input = Buffer.alloc(3_000_001);
  for (let i = 0; i < input.length; i++) input[i] = (i * 7919) & 0xff;
  const out: Buffer[] = [];
  let code: number | undefined;
  const call = c.call("/corral.v1.Instances/Exec", (raw) => {
    const m = decodeExecOutput(raw);
    if (m.msg === "stdout") out.push(Buffer.from(m.stdout));
    else if (m.msg === "exit_code") code = m.exit_code;
  });
  call.stream.write(grpcFrame(encodeExecInput({ start: { command: ["cat"], environment: {}, cwd: "", tty: false, instance: "x" } })));
  for (let i = 0; i < input.length; i += 100_000) call.stream.write(grpcFrame(encodeExecInput({ stdin: input.subarray(i, i + 100_000) })));
  call.stream.write(grpcFrame(encodeExecInput({ stdinClose: true })));
  call.stream.end();
  await call.done;
  t.ok(Buffer.concat(out).equals(input), "3 MB echoed back intact");
  t.equal(code, input.length % 256);
});

t.test("the agent goes away: the open call and later ones fail with the transport's words", async (t) => {
  const { socket, endpoint, srv } = await server(t);
  const c = new LeanClient(endpoint, socket);
  t.teardown(() => c.close());
  await c.unary("/corral.v1.Operations/GetOperation", encodeGetOperation("a"));
  srv.forceShutdown();
  const dropped = new RegExp(`^cannot reach corrald at ${endpoint}: Connection dropped`);
  await t.rejects(c.serverStream("/corral.v1.Operations/WatchOperation", encodeGetOperation("w"), () => {}), { message: dropped });
  await t.rejects(c.unary("/corral.v1.Operations/GetOperation", encodeGetOperation("b")), { message: dropped }, "a call after the failure does not wait forever");
});

t.test("no agent at the socket: the full CLI's words", async (t) => {
  const gone = join(tmpdir(), `corral-h2c-none-${process.pid}.sock`);
  const c = new LeanClient(`unix://${gone}`, gone);
  await t.rejects(c.unary("/corral.v1.Operations/GetOperation", encodeGetOperation("x")), {
    message: `cannot reach corrald at unix://${gone}: No connection established. Last error: Error: connect ENOENT ${gone}.`,
  });
  c.close();
});

t.test("HPACK: literal request fields read back; Huffman and table rules", async (t) => {
  const h = { ":path": "/corral.v1.Instances/Exec", "content-type": "application/grpc", long: "v".repeat(300) };
  t.same(new HpackDecoder().decode(encodeHeaders(h)), h, "the encoder's literals (with a multi-byte length)");
  // RFC 7541 C.4.1: "www.example.com" Huffman-coded.
  t.equal(huffmanDecode(Buffer.from("f1e3c2e5f23a6ba0ab90f4ff", "hex")).toString(), "www.example.com");
  t.throws(() => huffmanDecode(Buffer.from("f1e3c2e5f23a6ba0ab90f400", "hex")), /padding/, "padding that is not all ones");
  // RFC 7541 C.3: three requests sharing a dynamic table.
  const d = new HpackDecoder();
  t.same(d.decode(Buffer.from("828684410f7777772e6578616d706c652e636f6d", "hex")), { ":method": "GET", ":scheme": "http", ":path": "/", ":authority": "www.example.com" });
  t.same(d.decode(Buffer.from("828684be58086e6f2d6361636865", "hex")), { ":method": "GET", ":scheme": "http", ":path": "/", ":authority": "www.example.com", "cache-control": "no-cache" });
  t.same(d.decode(Buffer.from("828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565", "hex")), {
    ":method": "GET", ":scheme": "https", ":path": "/index.html", ":authority": "www.example.com", "custom-key": "custom-value",
  });
  t.throws(() => new HpackDecoder().decode(Buffer.from([0xbe])), /no table entry/);
});
