// The Exec relay (agent/api/relay.ts relayExec over agent/cluster/member-stream.ts) between real
// gRPC servers: a "relay" on a unix socket forwarding to an "owner" on loopback TCP with TLS
// (pinned certificate, this member's client certificate), as between two members. The owner's
// answers are scripted by the command, so the cases a real member only shows by accident are
// here for certain: output right before the exit code, an error status after it, an error
// before any output, the owner going away mid-exec, stdin, cancellation, and one warm TLS
// connection for all the calls.
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { corralV1 } from "../../agent/api/descriptor";
import { ensureAgentIdentity, generateClientCertificate } from "../../agent/security";
import { relayingMember } from "../helpers/relay";

type Out = { msg?: string; stdout?: Buffer; stderr?: Buffer; exit_code?: number; started?: boolean };
type OwnerCall = grpc.ServerDuplexStream<any, Out>;

const CHUNK = 16 * 1024;
const CHUNKS = 20; // several HTTP/2 flow-control windows
/** The owner's stdout for "big": chunk i is all one letter, so order and loss both show. */
const BIG = Array.from({ length: CHUNKS }, (_, i) => String.fromCharCode(0x61 + (i % 26)).repeat(CHUNK)).join("");
const fail = (call: OwnerCall, code: grpc.status, details: string, corralCode: string) => {
  const metadata = new grpc.Metadata();
  metadata.set("corral-error-code", corralCode);
  call.emit("error", Object.assign(new Error(details), { code, details, metadata }));
};

/** The owner's side of each case, chosen by the command's first word. */
const owner = {
  peers: new Set<string>(),
  cancelled: 0,
  started: new Set<() => void>(),
  handle(call: OwnerCall): void {
    owner.peers.add(call.getPeer());
    call.on("cancelled", () => !call.writableEnded && owner.cancelled++);
    call.once("data", (first: { start: { command: string[] } }) => {
      const [cmd, arg] = first.start.command;
      switch (cmd) {
        case "big":
          call.write({ started: true });
          for (let i = 0; i < CHUNKS; i++) call.write({ stdout: Buffer.from(BIG.slice(i * CHUNK, (i + 1) * CHUNK)) });
          call.write({ stderr: Buffer.from("last words\n") });
          call.write({ exit_code: Number(arg) });
          return void call.end();
        case "error-after-exit":
          call.write({ started: true });
          call.write({ stdout: Buffer.from("done\n") });
          call.write({ exit_code: 0 });
          return fail(call, grpc.status.INTERNAL, "the owner broke after the exit code", "CORRAL_ERR_INTERNAL");
        case "not-found":
          return fail(call, grpc.status.NOT_FOUND, `instance "${arg}" not found`, "CORRAL_ERR_NOT_FOUND");
        case "cat":
          call.write({ started: true });
          call.on("data", (m: { msg: string; stdin?: Buffer }) => {
            if (m.msg === "stdin") call.write({ stdout: m.stdin });
            if (m.msg === "stdin_close") {
              call.write({ exit_code: 0 });
              call.end();
            }
          });
          return;
        case "hang":
          call.write({ started: true });
          for (const f of owner.started) f();
          return;
        case "slow":
          call.write({ started: true });
          for (const f of owner.started) f();
          setTimeout(() => {
            call.write({ exit_code: Number(arg) });
            call.end();
          }, 500);
          return;
        default:
          fail(call, grpc.status.INVALID_ARGUMENT, `unknown case ${cmd}`, "CORRAL_ERR_INVALID_ARGUMENT");
      }
    });
  },
};

interface Result { stdout: string; stderr: string; exit?: number; error?: grpc.ServiceError }

/** Runs `command` through the relay; resolves with what the caller saw. */
function execVia(client: grpc.Client & Record<string, any>, command: string[], stdin: string[] = [], opts: { cancelOnStart?: boolean } = {}): Promise<Result> {
  return new Promise((resolve) => {
    const r: Result = { stdout: "", stderr: "" };
    const call = client.Exec() as grpc.ClientDuplexStream<unknown, Out>;
    call.on("data", (m: Out) => {
      if (m.msg === "stdout") r.stdout += m.stdout!.toString();
      if (m.msg === "stderr") r.stderr += m.stderr!.toString();
      if (m.msg === "exit_code") r.exit = m.exit_code;
      if (m.msg === "started" && opts.cancelOnStart) call.cancel();
    });
    call.on("error", (e: grpc.ServiceError) => resolve({ ...r, error: e }));
    call.on("end", () => resolve(r));
    call.write({ start: { instance: "c1", command } });
    for (const s of stdin) call.write({ stdin: Buffer.from(s) });
    if (stdin.length) call.write({ stdin_close: true });
    if (!opts.cancelOnStart) call.end();
  });
}

t.test("exec relayed to the owning member", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-relay-exec-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const id = await ensureAgentIdentity(join(dir, "owner"));
  const me = await generateClientCertificate("m1");
  const v1 = corralV1();

  const ownerServer = new grpc.Server();
  ownerServer.addService(v1.Instances.service, { Exec: owner.handle });
  const creds = grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(id.serverCertPem), private_key: Buffer.from(id.serverKeyPem) }], false);
  const port = await new Promise<number>((res, rej) => ownerServer.bindAsync("127.0.0.1:0", creds, (e, p) => (e ? rej(e) : res(p))));
  t.teardown(() => ownerServer.forceShutdown());

  const { client } = await relayingMember(t, { dir, port, id, me });

  await t.test("output written right before the exit code all arrives, then the call ends OK", async (t) => {
    for (const code of [7, 0]) {
      const r = await execVia(client, ["big", String(code)]);
      t.equal(r.error, undefined, "no error");
      t.equal(r.stdout.length, BIG.length, "every byte of stdout");
      t.ok(r.stdout === BIG, "in order");
      t.equal(r.stderr, "last words\n", "stderr written just before the exit code");
      t.equal(r.exit, code, `exit code ${code}`);
    }
  });

  await t.test("an error from the owner after the exit code does not undo the exit the caller has", async (t) => {
    const r = await execVia(client, ["error-after-exit"]);
    t.equal(r.error, undefined, "the call ends OK at the exit code");
    t.equal(r.stdout, "done\n");
    t.equal(r.exit, 0);
    const next = await execVia(client, ["big", "3"]);
    t.equal(next.exit, 3, "the relay and its connection keep working");
  });

  await t.test("an error before any output is the owner's, with its code and Corral error code", async (t) => {
    const r = await execVia(client, ["not-found", "ghost"]);
    t.equal(r.error?.code, grpc.status.NOT_FOUND);
    t.equal(r.error?.details, 'instance "ghost" not found');
    t.same(r.error?.metadata.get("corral-error-code"), ["CORRAL_ERR_NOT_FOUND"]);
    t.equal(r.exit, undefined, "no exit code");
  });

  await t.test("stdin reaches the owner, in order, and its close ends the command", async (t) => {
    const r = await execVia(client, ["cat"], ["one\n", "two\n", "three\n"]);
    t.same([r.error, r.stdout, r.exit], [undefined, "one\ntwo\nthree\n", 0]);
  });

  await t.test("a caller that cancels cancels the owner's call", async (t) => {
    const before = owner.cancelled;
    const r = await execVia(client, ["hang"], [], { cancelOnStart: true });
    t.equal(r.error?.code, grpc.status.CANCELLED, "the caller sees its cancellation");
    const deadline = Date.now() + 10_000;
    while (owner.cancelled === before && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    t.equal(owner.cancelled, before + 1, "the owner's call was cancelled");
  });

  t.equal(owner.peers.size, 1, "every call went over one warm TLS connection to the owner");

  await t.test("the owner going away mid-exec ends the call with an error naming the member", async (t) => {
    const started = new Promise<void>((res) => owner.started.add(res));
    const running = execVia(client, ["hang"]);
    await started;
    ownerServer.forceShutdown();
    const r = await running;
    t.equal(r.error?.code, grpc.status.UNAVAILABLE);
    t.match(r.error?.details, /cluster member "m2" did not answer/);
    t.same(r.error?.metadata.get("corral-error-code"), ["CORRAL_ERR_UNAVAILABLE"]);
    const after = await execVia(client, ["big", "0"]);
    t.equal(after.error?.code, grpc.status.UNAVAILABLE, "later calls fail the same way while it is gone");
    t.match(after.error?.details, /cluster member "m2" did not answer/);

    const back = new grpc.Server();
    back.addService(v1.Instances.service, { Exec: owner.handle });
    await new Promise<number>((res, rej) => back.bindAsync(`127.0.0.1:${port}`, creds, (e, p) => (e ? rej(e) : res(p))));
    t.teardown(() => back.forceShutdown());
    const again = await execVia(client, ["big", "4"]);
    t.same([again.error, again.exit], [undefined, 4], "once it is back, the relay connects again");

    // A member that stops sends GOAWAY first and lets its running calls finish.
    const slowStarted = new Promise<void>((res) => owner.started.add(res));
    const slow = execVia(client, ["slow", "7"]);
    await slowStarted;
    back.tryShutdown(() => {});
    await new Promise((res) => setTimeout(res, 100)); // the GOAWAY reaches the relay
    const refused = await execVia(client, ["big", "0"]);
    t.equal(refused.error?.code, grpc.status.UNAVAILABLE, "a new call finds the member gone");
    const finished = await slow;
    t.same([finished.error, finished.exit], [undefined, 7], "the call running when it closed its connection off still ends as the member ends it");
  });
});
