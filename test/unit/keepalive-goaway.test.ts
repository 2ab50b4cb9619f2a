// A stopping agent sends GOAWAY first and lets running calls finish (its stop grace period).
// grpc-js drops a connection whose keepalive PING fails after a GOAWAY, which would cut those
// calls; so the typed client keeps alive over TCP only, and a call over a unix socket that the
// server ends after its GOAWAY ends as the server ended it, however short the keepalive.
import t from "tap";
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corralV1 } from "../../agent/api/descriptor";
import { connect } from "../../agent/client";

t.test("a server stream over a unix socket outlives the server's GOAWAY until the server ends it", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-goaway-"));
  const server = new grpc.Server();
  t.teardown(() => {
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });
  const op = { id: "op1", kind: "test", resource: "r", status: "RUNNING" };
  server.addService(corralV1().Operations.service, {
    WatchOperation: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write(op);
      // Ends well after several keepalive intervals have passed since the GOAWAY.
      setTimeout(() => call.end(), 1500);
    },
  });
  const sock = join(dir, "s.sock");
  await new Promise<number>((res, rej) => server.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  const client = connect({ endpoint: `unix://${sock}`, keepalive: { intervalMs: 50, timeoutMs: 1000 } });
  t.teardown(() => client.close());
  const got: unknown[] = [];
  const ended = await new Promise<string>((resolve) => {
    const stream = client.raw.operations.WatchOperation({ id: "op1" });
    stream.on("data", (m: unknown) => {
      got.push(m);
      server.tryShutdown(() => {}); // GOAWAY now; the call goes on
    });
    stream.on("error", (e: grpc.ServiceError) => resolve(`error: ${e.details}`));
    stream.on("end", () => resolve("end"));
  });
  t.equal(ended, "end", "the stream ends as the server ended it");
  t.equal(got.length, 1, "with what the server sent");
});
