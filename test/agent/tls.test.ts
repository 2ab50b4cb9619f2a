// Real gRPC server over TCP+mTLS (127.0.0.1, port 0) and a unix socket, trust by client
// certificate fingerprint, enrolment with single-use tokens, client-side pinning.
import t from "tap";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { X509Certificate } from "node:crypto";
import { CorralError } from "../../agent/errors";
import { SqliteStore } from "../../agent/state/sqlite";
import { connectFirst } from "../../agent/client";
import {
  certificateFingerprint,
  clientCredentials,
  createToken,
  decodeToken,
  enrollPeer,
  ensureAgentIdentity,
  generateClientCertificate,
  identityPaths,
  NO_CERT_MESSAGE,
  NOT_TRUSTED_MESSAGE,
  PEER_CERT_METADATA,
  serverCredentials,
  TrustStore,
} from "../../agent/security";

const descriptor = JSON.parse(readFileSync(join(__dirname, "../../proto/gen/corral-descriptor.json"), "utf8"));
const def = protoLoader.fromJSON(descriptor, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
const v1 = (grpc.loadPackageDefinition(def) as any).corral.v1;

type Svc = grpc.Client & Record<string, (req: unknown, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: any) => void) => void>;

function call(client: Svc, method: string, req: unknown, md = new grpc.Metadata()): Promise<any> {
  return new Promise((resolve, reject) =>
    client[method](req, md, { deadline: Date.now() + 20_000 }, (err, res) => (err ? reject(err) : resolve(res))));
}

t.test("mTLS: trust by fingerprint, enrolment tokens, pinning, unix socket", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-tls-"));
  const store = new SqliteStore(join(dir, "state.db"));
  const server = new grpc.Server();
  const clients: grpc.Client[] = [];
  t.teardown(async () => {
    for (const c of clients) c.close();
    await new Promise<void>((r) => server.tryShutdown(() => r()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Identity: created once, reloaded unchanged, keys private.
  const identity = await ensureAgentIdentity(dir, { addresses: ["192.0.2.7", "agent.example"] });
  const again = await ensureAgentIdentity(dir);
  t.equal(again.fingerprint, identity.fingerprint, "identity is loaded, not recreated, on the second start");
  t.equal(again.serverCertPem, identity.serverCertPem);
  const p = identityPaths(dir);
  t.equal(statSync(p.caKey).mode & 0o777, 0o600, "ca.key is 0600");
  t.equal(statSync(p.serverKey).mode & 0o777, 0o600, "server.key is 0600");
  const srvCert = new X509Certificate(identity.serverCertPem);
  t.ok(srvCert.checkIssued(new X509Certificate(identity.caCertPem)), "server certificate is issued by the agent CA");
  for (const san of ["DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1", "IP Address:192.0.2.7", "DNS:agent.example"]) {
    t.match(srvCert.subjectAltName ?? "", san, `server SAN has ${san}`);
  }
  t.equal(identity.fingerprint, srvCert.fingerprint256.replace(/:/g, "").toLowerCase(), "fingerprint = SHA-256 of DER");

  // Server: tiny Trust + Host services on TCP (mTLS + trust interceptor) and a unix socket.
  const trust = new TrustStore(store);
  server.addService(v1.Host.service, {
    GetInfo: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => cb(null, { hostname: "test-host" }),
  });
  server.addService(v1.Trust.service, {
    Enroll: (c: grpc.ServerUnaryCall<{ token: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      enrollPeer(c, c.request.token, { store, trust }).then(
        (r) => cb(null, { name: r.name, fingerprint: r.fingerprint, added_at: r.added_at }),
        (e: CorralError) => cb({ code: e.grpcStatus, details: e.message }),
      );
    },
    ListTrusted: (_c: unknown, cb: grpc.sendUnaryData<unknown>) => {
      trust.list().then((l) => cb(null, { clients: l.map((r) => ({ name: r.name, fingerprint: r.fingerprint, added_at: r.added_at })) }));
    },
  });
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync("127.0.0.1:0", serverCredentials(identity, trust), (e, port) => (e ? rej(e) : res(port))));
  const sock = join(dir, "corrald.sock");
  await new Promise<number>((res, rej) =>
    server.bindAsync(`unix:${sock}`, grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))));
  const target = `127.0.0.1:${port}`;
  const host = (creds: grpc.ChannelCredentials, tgt = target): Svc => {
    const c = new v1.Host(tgt, creds) as Svc;
    clients.push(c);
    return c;
  };
  const trustClient = (creds: grpc.ChannelCredentials): Svc => {
    const c = new v1.Trust(target, creds) as Svc;
    clients.push(c);
    return c;
  };
  const fpFields = { addresses: [target], serverFingerprint: identity.fingerprint };

  await t.test("unix socket needs no certificate", async (t) => {
    const info = await call(host(grpc.credentials.createInsecure(), `unix:${sock}`), "GetInfo", {});
    t.equal(info.hostname, "test-host");
  });

  await t.test("no client certificate: refused", async (t) => {
    const creds = clientCredentials({ caPem: identity.caCertPem });
    await t.rejects(call(host(creds), "GetInfo", {}), { code: grpc.status.UNAUTHENTICATED, details: NO_CERT_MESSAGE });
    const { token } = await createToken(store, "nocert", 60, fpFields);
    await t.rejects(call(trustClient(creds), "Enroll", { token }), { code: grpc.status.UNAUTHENTICATED, details: NO_CERT_MESSAGE });
  });

  const alice = await generateClientCertificate("alice");
  const aliceCreds = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, serverFingerprint: identity.fingerprint });
  const { token } = await createToken(store, "alice-laptop", 300, fpFields);

  await t.test("untrusted certificate: UNAUTHENTICATED, then Enroll, then trusted", async (t) => {
    await t.rejects(call(host(aliceCreds), "GetInfo", {}), { code: grpc.status.UNAUTHENTICATED, details: NOT_TRUSTED_MESSAGE });
    await t.rejects(call(trustClient(aliceCreds), "ListTrusted", {}), { code: grpc.status.UNAUTHENTICATED });
    const decoded = decodeToken(token);
    t.equal(decoded.fingerprint, identity.fingerprint, "token carries the server fingerprint to pin");
    t.same(decoded.addresses, [target]);
    const enrolled = await call(trustClient(aliceCreds), "Enroll", { token });
    t.equal(enrolled.name, "alice-laptop", "trusted under the token's name");
    t.equal(enrolled.fingerprint, alice.fingerprint, "the presented certificate is the one trusted");
    t.equal((await call(host(aliceCreds), "GetInfo", {})).hostname, "test-host", "GetInfo works once trusted");
    const list = await call(trustClient(aliceCreds), "ListTrusted", {});
    t.same(list.clients.map((c: { fingerprint: string }) => c.fingerprint), [alice.fingerprint]);
  });

  await t.test("the same token a second time fails", async (t) => {
    const bob = await generateClientCertificate("bob");
    const bobCreds = clientCredentials({ certPem: bob.certPem, keyPem: bob.keyPem, serverFingerprint: identity.fingerprint });
    await t.rejects(call(trustClient(bobCreds), "Enroll", { token }), {
      code: grpc.status.PERMISSION_DENIED, details: /token already used or unknown/,
    });
    await t.rejects(call(host(bobCreds), "GetInfo", {}), { code: grpc.status.UNAUTHENTICATED });
    t.equal(await trust.isTrusted(bob.fingerprint), false);
  });

  await t.test("an expired token fails", async (t) => {
    const carol = await generateClientCertificate("carol");
    const carolCreds = clientCredentials({ certPem: carol.certPem, keyPem: carol.keyPem, serverFingerprint: identity.fingerprint });
    const old = await createToken(store, "carol", 60, { ...fpFields, now: Date.now() - 3600_000 });
    await t.rejects(call(trustClient(carolCreds), "Enroll", { token: old.token }), {
      code: grpc.status.PERMISSION_DENIED, details: /token expired/,
    });
    t.equal(await trust.isTrusted(carol.fingerprint), false);
  });

  await t.test("a forged peer-certificate header is ignored over TCP", async (t) => {
    const dave = await generateClientCertificate("dave");
    const daveCreds = clientCredentials({ certPem: dave.certPem, keyPem: dave.keyPem, serverFingerprint: identity.fingerprint });
    const md = new grpc.Metadata();
    md.set(PEER_CERT_METADATA, new X509Certificate(alice.certPem).raw);
    await t.rejects(call(host(daveCreds), "GetInfo", {}, md), { code: grpc.status.UNAUTHENTICATED, details: NOT_TRUSTED_MESSAGE });
    const { token: t2 } = await createToken(store, "dave", 60, fpFields);
    const md2 = new grpc.Metadata();
    md2.set(PEER_CERT_METADATA, new X509Certificate(alice.certPem).raw);
    const enrolled = await call(trustClient(daveCreds), "Enroll", { token: t2 }, md2);
    t.equal(enrolled.fingerprint, dave.fingerprint, "the TLS certificate is trusted, not the header's");
    await trust.remove(dave.fingerprint);
  });

  await t.test("wrong pinned server fingerprint: connection refused", async (t) => {
    const wrong = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, serverFingerprint: "ab".repeat(32) });
    await t.rejects(call(host(wrong), "GetInfo", {}), { code: grpc.status.UNAVAILABLE, details: /fingerprint/ });
  });

  await t.test("server verified against the CA instead of a pin", async (t) => {
    const viaCa = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, caPem: identity.caCertPem });
    t.equal((await call(host(viaCa), "GetInfo", {})).hostname, "test-host");
    const other = await ensureAgentIdentity(join(dir, "other"));
    const wrongCa = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, caPem: other.caCertPem });
    await t.rejects(call(host(wrongCa), "GetInfo", {}), { code: grpc.status.UNAVAILABLE });
  });

  await t.test("a pin of the CA that issued the server certificate: the server sends the chain", async (t) => {
    const viaCaPin = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, serverFingerprint: certificateFingerprint(identity.caCertPem) });
    t.equal((await call(host(viaCaPin), "GetInfo", {})).hostname, "test-host", "127.0.0.1 is named by the certificate");
  });

  await t.test("the failover client stops at an endpoint whose certificate is refused", async (t) => {
    const wrong = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, serverFingerprint: "ab".repeat(32) });
    const err = await connectFirst([{ endpoint: `https://${target}`, credentials: wrong }, { endpoint: `unix://${sock}` }], 3_000).then(() => undefined, (e: CorralError) => e);
    t.equal(err?.code, "CORRAL_ERR_UNAUTHENTICATED", "an error, although the next endpoint answers");
    t.match(err?.message, `https://${target}: server certificate rejected: fingerprint ${identity.fingerprint} does not match the pinned ${"ab".repeat(32)}; not trying the next endpoints`,
      "naming the endpoint, the certificate and the pin");
  });

  await t.test("revoked client is refused again", async (t) => {
    await trust.remove(alice.fingerprint);
    const fresh = clientCredentials({ certPem: alice.certPem, keyPem: alice.keyPem, serverFingerprint: identity.fingerprint });
    await t.rejects(call(host(fresh), "GetInfo", {}), { code: grpc.status.UNAUTHENTICATED, details: NOT_TRUSTED_MESSAGE });
  });
});
