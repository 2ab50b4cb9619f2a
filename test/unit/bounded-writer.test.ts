// boundedWriter (agent/api/grpc-util.ts), which WatchEvents and WatchOperation write through: over a
// real grpc-js server and client, a client that reads takes every message, and one that stops
// reading is cut off with UNAVAILABLE once `max` messages wait, so the agent's memory stays bounded.
import t from "tap";
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boundedWriter } from "../../agent/api/grpc-util";

const TOTAL = 5_000;
const MAX = 1_000;
const same = (b: Buffer) => b;
const def: grpc.ServiceDefinition = {
  Watch: { path: "/test.Watch/Watch", requestStream: false, responseStream: true, requestSerialize: same, requestDeserialize: same, responseSerialize: same, responseDeserialize: same, originalName: "Watch" },
};

t.test("boundedWriter", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-bw-"));
  const server = new grpc.Server();
  t.teardown(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  let pendingAtCut = 0;
  server.addService(def, {
    // One 1 KiB message per turn of the event loop, as events arrive: the client's pace decides how many wait.
    Watch: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      const write = boundedWriter(call, MAX);
      let n = 0;
      const next = () => {
        if (call.writableEnded) return void (pendingAtCut = call.writableLength);
        if (n === TOTAL) return void call.end();
        write(Buffer.alloc(1024, n++ % 256));
        setImmediate(next);
      };
      next();
    },
  });
  const address = `unix://${join(dir, "s.sock")}`;
  await new Promise<void>((resolve, reject) => server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  const Client = grpc.makeGenericClientConstructor(def, "Watch");
  const client = new Client(address, grpc.credentials.createInsecure()) as unknown as { Watch(req: Buffer): grpc.ClientReadableStream<Buffer>; close(): void };
  t.teardown(() => client.close());

  await t.test("a client that reads gets every message", async (t) => {
    const call = client.Watch(Buffer.alloc(0));
    let got = 0;
    call.on("data", () => got++);
    const status = await new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    t.equal(status.code, grpc.status.OK);
    t.equal(got, TOTAL);
  });

  await t.test("a client that stops reading is cut off once MAX messages wait", async (t) => {
    const call = client.Watch(Buffer.alloc(0));
    let got = 0;
    const status = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    call.on("error", () => {});
    call.once("data", () => {
      got++;
      call.pause();
    });
    // Until the server has stopped writing, then read what made it through.
    while (!pendingAtCut) await new Promise((r) => setTimeout(r, 20));
    call.on("data", () => got++);
    call.resume();
    const s = await status;
    t.equal(s.code, grpc.status.UNAVAILABLE);
    t.match(s.details, `the client took messages too slowly (more than ${MAX} waiting); watch again`);
    t.ok(pendingAtCut > MAX && pendingAtCut <= MAX + 1, `the server held at most MAX + 1 messages (${pendingAtCut})`);
    t.ok(got < TOTAL, `and stopped writing (${got} of ${TOTAL} sent)`);
  });
});
