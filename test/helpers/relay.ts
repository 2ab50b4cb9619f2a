// A member ("m1") that relays Exec to its one other member ("m2", whose API is at 127.0.0.1:port,
// presenting the identity `id`): its Forwarder, its relay server on a unix socket in dir, and a
// client of that server. For tests of relayed exec (test/unit/relay-exec.test.ts, member-keepalive.test.ts).
import * as grpc from "@grpc/grpc-js";
import { join } from "node:path";
import { corralV1 } from "../../agent/api/descriptor";
import { relayExec } from "../../agent/api/relay";
import type { KeepaliveBounds } from "../../agent/client";
import { Forwarder } from "../../agent/cluster/forward";

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function relayingMember(t: Teardown, opts: {
  dir: string;
  port: number;
  id: { fingerprint: string; caCertPem: string };
  me: { certPem: string; keyPem: string };
  keepalive?: KeepaliveBounds;
}): Promise<{ fw: Forwarder; client: grpc.Client & Record<string, any> }> {
  const fw = new Forwarder({
    self: () => "m1",
    members: async () => [{ name: "m2", status: "online", api_address: `127.0.0.1:${opts.port}`, server_fingerprint: opts.id.fingerprint } as never],
    credentials: () => ({ caPem: opts.id.caCertPem, certPem: opts.me.certPem, keyPem: opts.me.keyPem }),
    keepalive: opts.keepalive,
  });
  t.teardown(() => fw.close());
  const v1 = corralV1();
  const relayServer = new grpc.Server();
  relayServer.addService(v1.Instances.service, { Exec: relayExec(fw, async () => "m2", () => { throw new Error("served locally"); }) });
  const sock = join(opts.dir, "relay.sock");
  await new Promise<number>((res, rej) => relayServer.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  t.teardown(() => relayServer.forceShutdown());
  const client = new v1.Instances(`unix:${sock}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, any>;
  t.teardown(() => client.close());
  return { fw, client };
}
