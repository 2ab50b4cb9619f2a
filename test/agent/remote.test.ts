// The remote path end to end with the real bin/corrald and bin/corral: TCP with mutual TLS, a
// trust token redeemed by `corral trust enroll`, pinning, single use, expiry and removal.
import t from "tap";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeToken, encodeToken, generateClientCertificate } from "../../agent/security";
import { run } from "../../agent/host/run";
import { CORRAL, startAgent, type TestAgent } from "../helpers/agent";

/** The port and fingerprint from corrald's `listening` log line. */
function listening(a: TestAgent): { port: number; fingerprint: string } {
  for (const line of a.logs().split("\n")) {
    try {
      const o = JSON.parse(line) as { "@message"?: string; port?: number; fingerprint?: string };
      if (o["@message"] === "listening" && o.port && o.fingerprint) return { port: o.port, fingerprint: o.fingerprint };
    } catch {
      /* not a log line */
    }
  }
  throw new Error(`no "listening" line in corrald logs:\n${a.logs()}`);
}

t.test("remote CLI over TCP + mTLS: enrol with a token, pinning, single use, expiry, removal", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", "127.0.0.1:0"] });
  const { port, fingerprint } = listening(a);
  const https = `https://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), "corral-remote-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // a.cli puts `--endpoint unix://...` first; a later --endpoint wins (commander keeps the last value).
  const remote = (args: string[], tls: string[], okCodes = [0]) => a.cli(["--endpoint", https, ...tls, ...args], { okCodes });

  const info = await a.cli(["info", "--format", "json"]);
  t.equal(JSON.parse(info.stdout).certificate_fingerprint, fingerprint, "the logged fingerprint is the agent's");
  const notJson = a.logs().split("\n").filter(Boolean).filter((line) => {
    try {
      return typeof JSON.parse(line)["@message"] !== "string";
    } catch {
      return true;
    }
  });
  t.same(notJson, [], "corrald writes only structured log records on stderr (no node or V8 warnings)");

  await t.test("no client certificate: a clear refusal", async (t) => {
    const r = await remote(["info"], ["--server-fingerprint", fingerprint], [1]);
    t.equal(r.code, 1);
    t.match(r.stderr, /https endpoints need --client-cert and --client-key/);
  });

  await t.test("a self-made certificate the agent does not trust: UNAUTHENTICATED", async (t) => {
    const stranger = await generateClientCertificate("stranger");
    const cert = join(dir, "stranger.crt");
    const key = join(dir, "stranger.key");
    writeFileSync(cert, stranger.certPem);
    writeFileSync(key, stranger.keyPem, { mode: 0o600 });
    const r = await remote(["info"], ["--client-cert", cert, "--client-key", key, "--server-fingerprint", fingerprint], [1]);
    t.match(r.stderr, /client certificate not trusted/);
    const l = await remote(["list"], ["--client-cert", cert, "--client-key", key, "--server-fingerprint", fingerprint], [1]);
    t.match(l.stderr, /not trusted/);
  });

  const cert = join(dir, "ci", "client.crt");
  const key = join(dir, "ci", "client.key");
  const tls = ["--client-cert", cert, "--client-key", key, "--server-fingerprint", fingerprint];
  const token = (await a.cli(["trust", "add", "ci"])).stdout.trim();
  let clientFp = "";
  let exportLines = "";

  await t.test("trust enroll makes a certificate, redeems the token, prints the settings", async (t) => {
    const d = decodeToken(token);
    t.same(d.addresses, [`127.0.0.1:${port}`], "the token names the bound port");
    t.equal(d.fingerprint, fingerprint);
    const r = await a.cli(["trust", "enroll", token, "--client-cert", cert, "--client-key", key]);
    t.match(r.stdout, `endpoint: ${https}`);
    t.match(r.stdout, `server fingerprint: ${fingerprint}`);
    t.match(r.stdout, `export CORRAL_ENDPOINT=${https}`);
    t.match(r.stdout, `export CORRAL_CLIENT_CERT=${cert}`);
    t.match(r.stdout, `export CORRAL_CLIENT_KEY=${key}`);
    t.match(r.stdout, `export CORRAL_SERVER_FINGERPRINT=${fingerprint}`);
    exportLines = r.stdout;
    clientFp = /client fingerprint: ([0-9a-f]{64})/.exec(r.stdout)?.[1] ?? "";
    t.ok(clientFp, "prints the client fingerprint");
    t.ok(existsSync(cert), "certificate written");
    t.equal(statSync(key).mode & 0o777, 0o600, "key is 0600");
  });

  await t.test("the enrolled client works over TCP", async (t) => {
    const info = await remote(["info", "--format", "json"], tls);
    t.equal(JSON.parse(info.stdout).certificate_fingerprint, fingerprint, "info over TCP");
    const list = await remote(["list", "--format", "json"], tls);
    t.same(JSON.parse(list.stdout), [], "list over TCP");
    const trusted = await remote(["trust", "list", "--format", "json"], tls);
    const clients = JSON.parse(trusted.stdout) as { name: string; fingerprint: string }[];
    t.same(clients.map((c) => [c.name, c.fingerprint]), [["ci", clientFp]], "trust list shows the client");
    // The settings trust enroll printed, exported as it suggests, with no flags at all.
    const env = Object.fromEntries([...exportLines.matchAll(/^export (CORRAL_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    t.same(Object.keys(env).sort(), ["CORRAL_CLIENT_CERT", "CORRAL_CLIENT_KEY", "CORRAL_ENDPOINT", "CORRAL_SERVER_FINGERPRINT"]);
    const viaEnv = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", CORRAL, "info", "--format", "json"], { env, cleanEnv: true });
    t.equal(JSON.parse(viaEnv.stdout).certificate_fingerprint, fingerprint, "info with the exported environment");
  });

  await t.test("a token works once", async (t) => {
    const again = await a.cli(["trust", "enroll", token, "--client-cert", join(dir, "two.crt"), "--client-key", join(dir, "two.key")], { okCodes: [1] });
    t.match(again.stderr, /already used/);
    t.notOk(existsSync(join(dir, "two.crt")) || existsSync(join(dir, "two.key")), "a failed enrolment leaves no certificate behind");
  });

  await t.test("an expired token is refused, by the client and by the agent", async (t) => {
    const short = (await a.cli(["trust", "add", "x", "--ttl", "1"])).stdout.trim();
    await new Promise((r) => setTimeout(r, 1500));
    const r = await a.cli(["trust", "enroll", short, "--client-cert", join(dir, "x.crt"), "--client-key", join(dir, "x.key")], { okCodes: [1] });
    t.match(r.stderr, /expired/);
    // A token whose expiry was edited passes the client check; the agent checks its own record.
    const forged = encodeToken({ ...decodeToken(short), expires_at: new Date(Date.now() + 3600_000).toISOString() });
    const f = await a.cli(["trust", "enroll", forged, "--client-cert", join(dir, "x.crt"), "--client-key", join(dir, "x.key")], { okCodes: [1] });
    t.match(f.stderr, /expired/);
    t.notOk(existsSync(join(dir, "x.crt")), "no certificate left behind");
  });

  await t.test("malformed tokens are refused with the field named", async (t) => {
    const r = await a.cli(["trust", "enroll", "not-a-token!"], { okCodes: [1] });
    t.match(r.stderr, /token: must be a trust token/);
  });

  await t.test("a token whose addresses do not answer", async (t) => {
    const tok = (await a.cli(["trust", "add", "nowhere"])).stdout.trim();
    // Port 1 on the netns loopback: nothing listens there, the connection is refused at once.
    const bad = encodeToken({ ...decodeToken(tok), addresses: ["127.0.0.1:1"] });
    const e = await a.cli(["trust", "enroll", bad, "--client-cert", join(dir, "n.crt"), "--client-key", join(dir, "n.key")], { okCodes: [1] });
    t.match(e.stderr, /no address in the trust token answered/);
    t.match(e.stderr, "127.0.0.1:1");
    t.notOk(existsSync(join(dir, "n.crt")), "no certificate left behind");
  });

  await t.test("a wrong pinned fingerprint is refused", async (t) => {
    const wrong = fingerprint.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    const r = await remote(["info"], ["--client-cert", cert, "--client-key", key, "--server-fingerprint", wrong], [1]);
    t.match(r.stderr, /fingerprint/);
    t.match(r.stderr, wrong, "names the pin");
    // A token carrying another fingerprint does not enrol with this agent either.
    const tok = (await a.cli(["trust", "add", "pin"])).stdout.trim();
    const bad = encodeToken({ ...decodeToken(tok), fingerprint: wrong });
    const e = await a.cli(["trust", "enroll", bad, "--client-cert", join(dir, "p.crt"), "--client-key", join(dir, "p.key")], { okCodes: [1] });
    t.match(e.stderr, /fingerprint/);
  });

  await t.test("trust remove: the client is refused again", async (t) => {
    await a.cli(["trust", "remove", clientFp]);
    const r = await remote(["info"], tls, [1]);
    t.match(r.stderr, /not trusted/);
    const list = await a.cli(["trust", "list", "--format", "json"]);
    t.same(JSON.parse(list.stdout), [], "no trusted clients left");
  });
});

for (const [listen, family] of [["0.0.0.0:0", "IPv4"], ["[::]:0", "IPv4+IPv6"]] as const) {
  t.test(`--listen ${listen}: tokens carry connectable addresses (${family}) and enrolment works`, async (t) => {
    const a = await startAgent(t, { extraArgs: ["--listen", listen] });
    const { port, fingerprint } = listening(a);
    // A non-loopback interface in the agent's netns: both ends of a veth pair stay inside it and go with it.
    await a.ns.exec("ip", ["link", "add", "rveth0", "type", "veth", "peer", "name", "rveth1"]);
    await a.ns.exec("ip", ["addr", "add", "192.0.2.10/24", "dev", "rveth0"]);
    await a.ns.exec("ip", ["-6", "addr", "add", "2001:db8::10/64", "dev", "rveth0", "nodad"]);
    await a.ns.exec("ip", ["link", "set", "rveth1", "up"]);
    await a.ns.exec("ip", ["link", "set", "rveth0", "up"]);
    const dir = mkdtempSync(join(tmpdir(), "corral-remote-"));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));

    const token = (await a.cli(["trust", "add", "wild"])).stdout.trim();
    const want = listen.startsWith("[")
      ? [`192.0.2.10:${port}`, `[2001:db8::10]:${port}`, `127.0.0.1:${port}`]
      : [`192.0.2.10:${port}`, `127.0.0.1:${port}`];
    t.same(decodeToken(token).addresses, want, "interface addresses first, then 127.0.0.1; never the wildcard");
    const cert = join(dir, "c.crt");
    const key = join(dir, "c.key");
    const r = await a.cli(["trust", "enroll", token, "--client-cert", cert, "--client-key", key]);
    t.match(r.stdout, `endpoint: https://192.0.2.10:${port}`, "the first address answered");
    const tls = ["--client-cert", cert, "--client-key", key, "--server-fingerprint", fingerprint];
    for (const addr of want) {
      const info = await a.cli(["--endpoint", `https://${addr}`, ...tls, "info", "--format", "json"]);
      t.equal(JSON.parse(info.stdout).certificate_fingerprint, fingerprint, `info over https://${addr}`);
    }
  });
}
