// The image download over HTTPS (agent/images/http.ts) against a real TLS server on the test's
// loopback with a pinned self-signed certificate: a redirect followed, a body delimited by the
// server closing (no Content-Length), a 404, a body longer than the index gives, a connection
// that closes early. Every failure leaves a clear error; the caller removes the partial file.
import t from "tap";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { download } from "../../agent/images/http";
import { selfSignedCert } from "../fixtures/simplestreams";

t.test("download: redirects, close-delimited bodies, errors", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "corral-download-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cert = selfSignedCert(dir);
  const body = randomBytes(3 << 20);
  const sha = createHash("sha256").update(body).digest("hex");
  const server = createServer({ cert: readFileSync(cert.certPath), key: readFileSync(cert.keyPath) }, (req, res) => {
    switch (req.url) {
      case "/file":
        res.writeHead(200, { "content-length": body.length });
        return res.end(body);
      case "/moved":
        res.writeHead(302, { location: "/file" });
        return res.end();
      case "/no-length":
        // No Content-Length: the body ends where the server closes (the client asks in HTTP/1.0).
        res.writeHead(200);
        return res.end(body);
      case "/short":
        res.writeHead(200, { "content-length": body.length });
        res.write(body.subarray(0, 1 << 20));
        return res.socket?.end();
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.teardown(() => new Promise((r) => server.close(r)));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const trust = { certificate: cert.pem };
  let n = 0;
  const get = (path: string, maxBytes = body.length) => download(`${base}${path}`, join(dir, `f${n++}`), { trust, maxBytes });

  t.same(await get("/file"), { sha256: sha, size: body.length }, "a file");
  t.same(readFileSync(join(dir, "f0")), body, "written whole");
  t.same(await get("/moved"), { sha256: sha, size: body.length }, "a redirect followed");
  t.same(await get("/no-length"), { sha256: sha, size: body.length }, "a body delimited by the server closing");
  await t.rejects(get("/nope"), { code: "CORRAL_ERR_REMOTE", message: /\/nope: HTTP 404 \(not found\)/ });
  await t.rejects(get("/file", 1000), { code: "CORRAL_ERR_INTEGRITY", message: /larger than the 1000 bytes the index gives; nothing was stored/ }, "a Content-Length past the index's size");
  await t.rejects(get("/no-length", 1000), { code: "CORRAL_ERR_INTEGRITY", message: /larger than the 1000 bytes the index gives/ }, "a body past the index's size");
  await t.rejects(get("/short"), { code: "CORRAL_ERR_REMOTE", message: /\/short: the transfer stopped \(the connection closed after 1048576 of 3145728 bytes\)/ });
  const other = selfSignedCert(dir, "other");
  await t.rejects(download(`${base}/file`, join(dir, "pinned"), { trust: { certificate: other.pem }, maxBytes: body.length }), { code: "CORRAL_ERR_REMOTE", message: /is neither the pinned certificate .* nor issued by it/ }, "another pinned certificate");
});
