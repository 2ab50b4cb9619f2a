// A member's API as far as the keepalive tests need it, in a process of its own so that a test can
// SIGSTOP it (a member gone silent without closing its connections: its kernel still ACKs TCP).
// A real grpc-js server with the member's TLS identity from `<dir>` (argv[2]) on loopback TCP, and
// without TLS on `<dir>/api.sock` as an agent's local socket; it prints its port, then one line per
// call it starts ("exec hang", "get never", "watch never"). Cases by name:
// Exec `sleep MS` answers after MS ms with no output before, `hang` never ends; GetInstance
// `wait-MS` answers after MS ms, `never` never; WatchOperation `never` sends one update and never ends.
import * as grpc from "@grpc/grpc-js";
import { corralV1 } from "../../agent/api/descriptor";
import { ensureAgentIdentity } from "../../agent/security";

async function main(): Promise<void> {
  const id = await ensureAgentIdentity(process.argv[2]!);
  const v1 = corralV1();
  const server = new grpc.Server();
  server.addService(v1.Instances.service, {
    Exec: (call: grpc.ServerDuplexStream<any, any>) => {
      call.once("data", (first: { start: { command: string[] } }) => {
        const [cmd, arg] = first.start.command;
        call.write({ started: true });
        if (cmd === "hang") return void process.stdout.write("exec hang\n");
        setTimeout(() => {
          call.write({ stdout: Buffer.from("slept\n") });
          call.write({ exit_code: 0 });
          call.end();
        }, Number(arg));
      });
    },
    GetInstance: (call: grpc.ServerUnaryCall<{ name: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const name = call.request.name;
      if (name === "never") return void process.stdout.write("get never\n");
      setTimeout(() => cb(null, { name }), Number(name.replace("wait-", "")));
    },
  });
  server.addService(v1.Operations.service, {
    WatchOperation: (call: grpc.ServerWritableStream<{ id: string }, unknown>) => {
      call.write({ id: call.request.id, status: "RUNNING" });
      process.stdout.write("watch never\n");
    },
  });
  const creds = grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(id.serverCertPem), private_key: Buffer.from(id.serverKeyPem) }], false);
  const port = await new Promise<number>((res, rej) => server.bindAsync("127.0.0.1:0", creds, (e, p) => (e ? rej(e) : res(p))));
  await new Promise<number>((res, rej) => server.bindAsync(`unix:${process.argv[2]}/api.sock`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  process.stdout.write(`port ${port}\n`);
  // Gone with the test, even one killed before its teardown ran.
  process.stdin.on("data", () => {}).once("end", () => process.exit(0));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
