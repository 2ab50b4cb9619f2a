// Transfers that end early free what they hold, and the agent stays up:
// - B pulls an image from A (a `corral` remote, then A's simplestreams image server) onto a disk
//   that fills: a clear error naming the file and ENOSPC (the remote too, for corral; not blaming
//   it, for simplestreams), nothing left, B still answers and pulls it once there is room;
// - a client that leaves A's image server mid-download: A closes the image file;
// - `file pull` from a container: a client that stops reading stops the agent reading (it does
//   not buffer the file), and one that cancels makes it close the file.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { imageFilePaths } from "../../agent/images/import";
import { identityPaths } from "../../agent/security/identity";
import { buildBusyboxImage } from "../fixtures/images";
import { imageServerPort } from "../fixtures/simplestreams";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { apiPort, linkAgents } from "../helpers/link";

/** Large against every buffer on the way (socket buffers, stream high-water marks: a few MiB). */
const BIG_BYTES = 64 << 20;
/** Room on B's full disk: the image's metadata fits, its rootfs does not. */
const FULL_DISK = "1m";
/** A client run in A's namespace: reads the first chunk of a download, then leaves. */
const LEAVE_EARLY = `
const req = require("node:https").get(process.argv[1], { rejectUnauthorized: false }, (res) => {
  res.once("data", (c) => { console.log(c.length); req.destroy(); });
});`;

/** The files a process holds open, with each one's read position. */
function openFiles(pid: number): { path: string; pos: number }[] {
  const out: { path: string; pos: number }[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const path = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const pos = Number(/^pos:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))?.[1]);
      out.push({ path, pos });
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

const alive = (a: TestAgent) => a.proc.exitCode === null && a.proc.signalCode === null;

t.test("transfers cut short", async (t) => {
  const a = await startAgent(t, { extraArgs: ["--listen", "0.0.0.0:0"] });
  const b = await startAgent(t);
  const addr = await linkAgents(a, b);
  const dir = mkdtempSync(join(tmpdir(), "corral-cut-short-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const big = buildBusyboxImage(dir, { split: true, compression: "none", customize: (r) => writeFileSync(join(r, "root", "noise"), randomBytes(BIG_BYTES)) });
  await a.cli(["image", "import", big.metaPath, big.rootfsPath!, "--alias", "big"]);
  await a.cli(["image", "update", "big", "--public"]);
  const pid = a.proc.pid!;

  await t.test("a full disk on the pulling agent: a clear error, nothing left, the agent stays up", async (t) => {
    const incoming = join(b.dataDir, "images", ".incoming");
    mkdirSync(incoming, { recursive: true });
    await run("mount", ["-t", "tmpfs", "-o", `size=${FULL_DISK},mode=0700`, "corral-test-full", incoming]);
    t.teardown(() => run("umount", [incoming]).catch(() => undefined));
    await b.cli(["remote", "add", "a", `https://${addr.a}:${apiPort(a)}`, "--protocol", "corral", "--public", "--certificate", identityPaths(a.dataDir).serverCert]);

    const full = await b.cli(["image", "copy", "a:big"], { okCodes: [0, 1] });
    t.equal(full.code, 1, "the pull fails");
    t.comment(full.stderr.trim());
    t.match(full.stderr, new RegExp(`remote "a" \\(https://${addr.a.replace(/\./g, "\\.")}:\\d+\\): fetching image ${big.fingerprint.slice(0, 12)}: writing \\S+/rootfs: ENOSPC: no space left on device`), "naming the remote, the image, the file and the reason");
    t.ok(alive(b), "the agent is still running");
    t.ok((await b.client.host.GetInfo({})).certificate_fingerprint, "and answers");
    t.same(readdirSync(incoming), [], "no partial file is left");
    t.notOk((await b.client.images.ListImages({})).images.some((i) => i.fingerprint === big.fingerprint), "nothing stored");

    // The same from A's image server (simplestreams over https): the disk's fault, not the remote's.
    await a.cli(["server", "config", "set", `core.https_address=${addr.a}:0`]);
    const caPath = join(dir, "a-ca.crt");
    writeFileSync(caPath, readFileSync(identityPaths(a.dataDir).caCert, "utf8"));
    await b.cli(["remote", "add", "ss", `https://${addr.a}:${imageServerPort(a)}`, "--certificate", caPath, "--public"]);
    const streams = await b.cli(["image", "copy", "ss:big"], { okCodes: [0, 1] });
    t.equal(streams.code, 1, "a simplestreams pull fails too");
    t.comment(streams.stderr.trim());
    t.match(streams.stderr, /https:\/\/\S+\/rootfs\S*: writing \S+\/rootfs: ENOSPC: no space left on device, write; nothing was stored/, "naming the file and the reason");
    t.notMatch(streams.stderr, /transfer stopped/, "not blaming the remote");
    t.same(readdirSync(incoming), [], "no partial file is left");
    t.ok(alive(b), "the agent is still running");

    await run("umount", [incoming]);
    t.equal((await b.cli(["image", "copy", "a:big"])).stdout.trim(), big.fingerprint, "with room, the same pull succeeds");
  });

  await t.test("a client that leaves the image server mid-download: the image file is closed", async (t) => {
    const file = imageFilePaths(join(a.dataDir, "images"), big.fingerprint).rootfsPath;
    const url = `https://${addr.a}:${imageServerPort(a)}/images/${big.fingerprint}/rootfs`;
    const got = await run("nsenter", [`--net=/run/netns/${a.ns.name}`, "--", process.execPath, "-e", LEAVE_EARLY, url], { timeoutMs: 30_000 });
    t.ok(Number(got.stdout) > 0, `the download had begun (${got.stdout.trim()} bytes read)`);
    await eventually("the image server to close the file", async () => (openFiles(pid).some((f) => f.path === file) ? undefined : true), 10_000);
    t.pass("no fd of the agent on the image file");
    t.ok(alive(a), "the agent is still running");
  });

  await t.test("file pull: reading stops with the client, a cancel closes the file", async (t) => {
    await a.cli(["storage", "create", "p1", "dir"]);
    await a.cli(["profile", "device", "add", "default", "root", "type=disk", "path=/", "pool=p1"]);
    mkdirSync(join(dir, "small"));
    const small = buildBusyboxImage(join(dir, "small"));
    await a.cli(["image", "import", small.metaPath, "--alias", "busybox"]);
    await a.cli(["launch", "busybox", "c1"]);
    await a.cli(["exec", "c1", "--", "dd", "if=/dev/urandom", "of=/root/big", "bs=1M", `count=${BIG_BYTES >> 20}`]);
    const ours = () => openFiles(pid).find((f) => f.path.endsWith("/rootfs/root/big"));

    const call = a.client.raw.instances.PullFile({ instance: "c1", path: "/root/big" });
    const ended = new Promise<void>((resolve) => {
      call.on("error", () => resolve());
      call.on("end", () => resolve());
    });
    const first = new Promise<void>((resolve) =>
      call.on("data", (m: { data?: Buffer }) => {
        if (!m.data) return;
        call.pause();
        resolve();
      }),
    );
    await eventually("the first chunk", async () => ((await Promise.race([first.then(() => true), ended.then(() => false)])) ? true : undefined), 30_000);

    // The agent reads until the client's buffers are full, then waits: its read position settles.
    let last = -1;
    let still = 0;
    const settled = await eventually("the agent to stop reading or close the file", async () => {
      const f = ours();
      if (!f) return "closed";
      still = f.pos === last ? still + 1 : 0;
      last = f.pos;
      return still >= 3 ? f.pos : undefined;
    }, 30_000, 250);
    t.not(settled, "closed", "the file is still open while the client does not read (it was not read whole into memory)");
    if (typeof settled === "number") t.ok(settled < BIG_BYTES / 2, `the agent read ${settled} of ${BIG_BYTES} bytes and waits`);

    call.cancel();
    await ended;
    await eventually("the agent to close the file after the cancel", async () => (ours() ? undefined : true), 10_000);
    // Node closes a FileHandle that became garbage, and says so: a handler left hanging would not close it itself.
    t.notMatch(a.logs(), /Closing file descriptor \d+ on garbage collection/, "the cancelled pull closed the file itself");

    const back = join(dir, "pulled");
    await a.cli(["file", "pull", "c1/root/big", back]);
    const inside = (await a.cli(["exec", "c1", "--", "sha256sum", "/root/big"])).stdout.split(" ")[0];
    t.equal((await run("sha256sum", [back])).stdout.split(" ")[0], inside, "a whole pull still brings every byte");
  });
});
