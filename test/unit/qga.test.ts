// The guest agent client against a scripted peer on a temp unix socket: resync past stale replies
// (plain and 0xFF-delimited), no answer = "guest agent not running" within the sync bound, error
// replies, a timed-out command ending the session; and the pure helpers of the VM driver's guest
// side (argv for cwd/uid/gid, the guest's interfaces matched to the VM's NICs by MAC).
import t from "tap";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guestArgv, guestNetwork } from "../../agent/instances/drivers/qemu/guest";
import { QgaClient, QgaCommandError } from "../../agent/instances/drivers/qemu/qga";

/** The fake agent answers in microseconds; the client's sync bound in these tests is short on purpose. */
const SYNC_TIMEOUT_MS = 300;

type Handler = (msg: { execute: string; arguments?: Record<string, unknown> }, reply: (o: unknown, delimited?: boolean) => void, sock: Socket) => void;

async function fakeAgent(t: { teardown(fn: () => unknown): void }, handler: Handler): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "corral-qga-unit-"));
  const path = join(dir, "qga.sock");
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    let buf = Buffer.alloc(0);
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      let nl: number;
      while ((nl = buf.indexOf(0x0a)) >= 0) {
        const line = buf.subarray(0, nl).toString("latin1").replace(/^\xff/, "");
        buf = buf.subarray(nl + 1);
        const reply = (o: unknown, delimited = false) => sock.write(Buffer.concat([Buffer.from(delimited ? [0xff] : []), Buffer.from(JSON.stringify(o) + "\n")]));
        handler(JSON.parse(line), reply, sock);
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, r));
  t.teardown(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });
  return path;
}

t.test("resync drops stale replies, then commands run in order", async (t) => {
  const path = await fakeAgent(t, (msg, reply) => {
    if (msg.execute === "guest-sync-delimited") {
      // What a previous client left queued: a plain reply and an older delimited sync.
      reply({ return: { stale: true } });
      reply({ return: 12345 }, true);
      reply({ return: msg.arguments!.id }, true);
    } else if (msg.execute === "guest-ping") reply({ return: {} });
    else if (msg.execute === "guest-exec") reply({ return: { pid: 42 } });
    else if (msg.execute === "guest-exec-status") reply({ return: { exited: true, exitcode: 3, "out-data": Buffer.from("out").toString("base64"), "err-data": Buffer.from("err").toString("base64") } });
    else reply({ error: { class: "CommandNotFound", desc: `The command ${msg.execute} has not been found` } });
  });
  const g = await QgaClient.connect(path, { vm: "v1", syncTimeoutMs: SYNC_TIMEOUT_MS });
  t.teardown(() => g.close());
  await g.ping();
  const r = await g.exec("sh", ["-c", "x"]);
  t.same([r.code, r.stdout.toString(), r.stderr.toString()], [3, "out", "err"]);
  await t.rejects(g.execute("guest-nope"), new QgaCommandError("guest-nope", "CommandNotFound", "The command guest-nope has not been found"));
});

t.test("a signal: exit code 128+n", async (t) => {
  const path = await fakeAgent(t, (msg, reply) => {
    if (msg.execute === "guest-sync-delimited") reply({ return: msg.arguments!.id }, true);
    else reply({ return: { exited: true, signal: 9 } });
  });
  const g = await QgaClient.connect(path, { vm: "v1", syncTimeoutMs: SYNC_TIMEOUT_MS });
  t.teardown(() => g.close());
  t.equal((await g.execStatus(7)).code, 137);
});

t.test("nobody answers: guest agent not running, within the sync bound", async (t) => {
  const path = await fakeAgent(t, () => {});
  const started = Date.now();
  await t.rejects(QgaClient.connect(path, { vm: "v1", syncTimeoutMs: SYNC_TIMEOUT_MS }), {
    code: "CORRAL_ERR_FAILED_PRECONDITION",
    message: /guest agent not running in virtual machine v1/,
  });
  t.ok(Date.now() - started < SYNC_TIMEOUT_MS + 500, "failed at the sync bound");
  await t.rejects(QgaClient.connect(join(tmpdir(), "corral-no-such-qga.sock"), { vm: "v2" }), { message: /virtual machine v2 is not running/ });
});

t.test("a command without a reply times out and ends the session", async (t) => {
  const path = await fakeAgent(t, (msg, reply) => {
    if (msg.execute === "guest-sync-delimited") reply({ return: msg.arguments!.id }, true);
  });
  const g = await QgaClient.connect(path, { vm: "v1", syncTimeoutMs: SYNC_TIMEOUT_MS });
  t.teardown(() => g.close());
  await t.rejects(g.execute("guest-info", undefined, { timeoutMs: 100 }), { code: "CORRAL_ERR_TIMEOUT" });
  await t.rejects(g.ping(), { code: "CORRAL_ERR_TIMEOUT" }, "the session is over: a late reply cannot be taken for the next command's");
});

t.test("guest-shutdown has no reply: it resolves, and when the VM goes away too", async (t) => {
  const path = await fakeAgent(t, (msg, reply, sock) => {
    if (msg.execute === "guest-sync-delimited") reply({ return: msg.arguments!.id }, true);
    if (msg.execute === "guest-shutdown") sock.destroy();
  });
  const g = await QgaClient.connect(path, { vm: "v1", syncTimeoutMs: SYNC_TIMEOUT_MS });
  await g.shutdown();
  g.close();
  t.pass();
});

t.test("exec argv: cwd through sh, uid/gid through setpriv", async (t) => {
  t.same(guestArgv({ command: ["ls", "-l"] }), ["ls", "-l"]);
  t.same(guestArgv({ command: ["ls"], cwd: "/tmp", uid: 1000, gid: 100 }), [
    "setpriv", "--reuid=1000", "--regid=100", "--clear-groups", "--",
    "/bin/sh", "-c", 'cd -- "$1" || exit 127; shift; exec "$@"', "sh", "/tmp", "ls",
  ]);
});

t.test("the guest's interfaces: NICs matched by MAC keep their names, others by theirs", async (t) => {
  const nics = [{ hostName: "cr0123456789", link: "br0", hwaddr: "00:16:3E:AA:BB:CC" }];
  const net = guestNetwork(nics, true, [
    { name: "lo", hwaddr: "00:00:00:00:00:00", addresses: [{ family: "inet", address: "127.0.0.1", prefix: 8 }, { family: "inet6", address: "::1", prefix: 128 }] },
    { name: "enp0s3", hwaddr: "00:16:3e:aa:bb:cc", addresses: [{ family: "inet", address: "10.1.2.3", prefix: 24 }, { family: "inet6", address: "fe80::216:3eff:feaa:bbcc", prefix: 64 }] },
  ]);
  t.same(Object.keys(net), ["eth0", "lo"]);
  t.same(net.eth0!.addresses, [
    { family: "inet", address: "10.1.2.3", netmask: "24", scope: "global" },
    { family: "inet6", address: "fe80::216:3eff:feaa:bbcc", netmask: "64", scope: "link" },
  ]);
  t.equal(net.eth0!.hostName, "cr0123456789");
  t.same(net.lo!.addresses.map((a) => a.scope), ["host", "host"]);
  t.same(guestNetwork(nics, true, undefined).eth0!.addresses, [], "no agent: empty, for the manager's lease fallback");
});
