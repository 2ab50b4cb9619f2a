// The failover client (the provider's `endpoints`) against real agents: it uses the first endpoint
// that connects, moves to the next when its agent is stopped (reads and writes alike, since a call
// is only sent on a connected channel), and lists every endpoint when none answers. A write that
// reached an agent which then dropped the connection is not sent again elsewhere, while a read is:
// an agent cannot be made to die between receiving a call and answering it, so that agent is an
// HTTP/2 server that drops the connection as soon as a call arrives.
import t from "tap";
import * as grpc from "@grpc/grpc-js";
import { mkdtempSync, rmSync } from "node:fs";
import * as http2 from "node:http2";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectFirst } from "../../agent/client";
import type { CorralError } from "../../agent/errors";
import { startAgent } from "../helpers/agent";

const CONNECT_MS = 3_000;

/** An HTTP/2 server on a unix socket that takes each gRPC call and then drops its connection without answering. */
async function droppingServer(t: { teardown(fn: () => unknown): void }, socket: string): Promise<{ received: string[] }> {
  const received: string[] = [];
  const server = http2.createServer();
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => sockets.add(s));
  server.on("stream", (_stream, headers) => {
    received.push(String(headers[":path"]));
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { received };
}

t.test("endpoints: first that answers, failover when it goes down, every endpoint named when none answers", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-failover-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dead = `unix://${join(dir, "nobody.sock")}`;
  const a = await startAgent(t);
  const b = await startAgent(t);

  const none = await connectFirst([{ endpoint: dead }, { endpoint: `unix://${join(dir, "nobody-either.sock")}` }], CONNECT_MS).then(() => undefined, (e: Error) => e);
  t.ok(none, "no endpoint answering is an error");
  t.equal((none as CorralError).code, "CORRAL_ERR_UNAVAILABLE");
  t.match(none!.message, /no Corral agent answered at any endpoint \(2 tried\)/);
  t.match(none!.message, /nobody\.sock: .*No such file|nobody\.sock: .*ENOENT/, "the first endpoint with its reason");
  t.match(none!.message, /nobody-either\.sock: /, "and the second");

  const c = await connectFirst([{ endpoint: dead }, { endpoint: a.endpoint }, { endpoint: b.endpoint }], CONNECT_MS);
  t.teardown(() => c.close());
  t.equal(c.endpoint, a.endpoint, "the first endpoint that connects is used");
  t.equal((await c.host.GetInfo({})).data_dir, a.dataDir, "calls go to that agent");

  await a.stop();
  t.equal((await c.host.GetInfo({})).data_dir, b.dataDir, "after its agent stopped (SIGTERM), a read goes to the next endpoint");
  t.equal(c.endpoint, b.endpoint);
  await a.restart();
  t.teardown(() => a.stop());
  await b.stop();
  await c.profiles.CreateProfile({ name: "fo-write", description: "made after failover", config: {}, devices: {} });
  t.equal(c.endpoint, a.endpoint, "a write on an endpoint that went down is sent to the next one that connects (wrapping round)");
  t.equal((await a.client.profiles.GetProfile({ name: "fo-write" })).description, "made after failover", "and made there");
  await b.restart();
});

t.test("a call that reached an agent which then dropped the connection: a read is sent again elsewhere, a write is not", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-failover-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const b = await startAgent(t);

  const first = await droppingServer(t, join(dir, "drop1.sock"));
  const w = await connectFirst([{ endpoint: `unix://${join(dir, "drop1.sock")}` }, { endpoint: b.endpoint }], CONNECT_MS);
  t.teardown(() => w.close());
  const err = await w.profiles.CreateProfile({ name: "fo-once", description: "", config: {}, devices: {} }).then(() => undefined, (e: grpc.ServiceError) => e);
  t.equal(err?.code, grpc.status.UNAVAILABLE, "the write fails with UNAVAILABLE");
  t.same(first.received, ["/corral.v1.Profiles/CreateProfile"], "it reached the first agent once");
  t.equal((await b.client.profiles.ListProfiles({})).profiles.some((p) => p.name === "fo-once"), false, "and was not sent to the second");

  const second = await droppingServer(t, join(dir, "drop2.sock"));
  const r = await connectFirst([{ endpoint: `unix://${join(dir, "drop2.sock")}` }, { endpoint: b.endpoint }], CONNECT_MS);
  t.teardown(() => r.close());
  t.equal((await r.host.GetInfo({})).data_dir, b.dataDir, "a read that got no answer is answered by the next endpoint");
  t.same(second.received, ["/corral.v1.Host/GetInfo"], "after it reached the first");
});
