// upload() (agent/cli/streams.ts) against a real grpc-js server that answers a client stream before
// reading it all: with an error, or with success. grpc-js then only calls back and the stream never
// drains again; upload must end with the answer, stop sending and close its source.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { corralV1 } from "../../agent/api/descriptor";
import { connect } from "../../agent/client";
import { CHUNK_BYTES, upload } from "../../agent/cli/streams";
import type { FileChunk } from "../../proto/gen/types/corral/v1/FileChunk";

/** Far more than grpc-js and the socket buffer hold: without an end on the answer, upload waits for ever. */
const CHUNKS = 64;

t.test("upload ends with an answer that comes before the server read everything", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-upload-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const sock = join(dir, "s.sock");
  let onHeld!: () => void;
  let onCancelled!: () => void;
  const held = new Promise<void>((r) => (onHeld = r));
  const cancelled = new Promise<void>((r) => (onCancelled = r));
  const server = new grpc.Server();
  server.addService(corralV1().Instances.service, {
    // Answers after the header as the instance it names says (hold: never), and reads nothing more.
    PushFile: (call: grpc.ServerReadableStream<FileChunk, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      call.once("data", (first: FileChunk) => {
        call.pause();
        if (first.header?.instance === "hold") {
          call.on("cancelled", onCancelled);
          onHeld();
        } else if (first.header?.instance === "ok") cb(null, { path: first.header.path, size: 0 });
        else cb({ code: grpc.status.NOT_FOUND, details: `instance "${first.header?.instance}" not found` });
      });
    },
  });
  await new Promise<void>((res, rej) => server.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (e) => (e ? rej(e) : res())));
  t.teardown(() => server.forceShutdown());
  const client = connect({ endpoint: `unix://${sock}` });
  t.teardown(() => client.close());

  /** The header, then CHUNKS chunks; says how far it got and whether it was closed. */
  const source = (instance: string) => {
    const seen = { sent: 0, closed: false };
    const messages = (async function* (): AsyncGenerator<FileChunk> {
      try {
        yield { header: { instance, path: "/x" } };
        for (; seen.sent < CHUNKS; seen.sent++) yield { data: Buffer.alloc(CHUNK_BYTES) };
      } finally {
        seen.closed = true;
      }
    })();
    return { seen, messages };
  };

  t.test("an error answer is the upload's error", async (t) => {
    const { seen, messages } = source("nope");
    await t.rejects(upload((cb) => client.raw.instances.PushFile(cb), messages), { code: grpc.status.NOT_FOUND, details: 'instance "nope" not found' });
    t.ok(seen.sent < CHUNKS, `sending stopped (${seen.sent} of ${CHUNKS} chunks)`);
    t.ok(seen.closed, "the source was closed");
  });

  t.test("an early success answer is the upload's result", async (t) => {
    const { seen, messages } = source("ok");
    t.match(await upload((cb) => client.raw.instances.PushFile(cb), messages), { path: "/x" });
    t.ok(seen.sent < CHUNKS, `sending stopped (${seen.sent} of ${CHUNKS} chunks)`);
    t.ok(seen.closed, "the source was closed");
  });

  t.test("a source that fails is the upload's error and cancels the call", async (t) => {
    const messages = (async function* (): AsyncGenerator<FileChunk> {
      yield { header: { instance: "hold", path: "/x" } };
      await held;
      throw new Error("EIO: cannot read the source");
    })();
    await t.rejects(upload((cb) => client.raw.instances.PushFile(cb), messages), { message: /EIO/ });
    await cancelled;
    t.pass("the server saw the call cancelled");
  });
});
