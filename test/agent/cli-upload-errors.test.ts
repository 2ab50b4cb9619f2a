// The CLI's streaming commands end with a clear error: an upload the agent refuses before reading
// it all (file push to a missing instance, import under a bad name, image import with an empty
// alias) ends at the agent's answer instead of waiting forever for the stream to drain; a download
// whose local file cannot be written (missing directory, a full device, a full tmpfs) fails naming
// the file and leaves no partial file. A real agent and the real CLI binary.
import t, { type Test } from "tap";
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent, type TestAgent } from "../helpers/agent";

/** Far above what grpc-js and the socket buffer before the stream stops draining (~17 MiB). */
const BIG_BYTES = 40 * 1024 * 1024;
/** The CLI ends at the agent's answer; one that waits for a drain that never comes is killed then. */
const CLI_BOUND_MS = 60_000;

/** Runs a command that must fail: its stderr; a hung CLI is killed and fails the test. */
async function refused(t: Test, a: TestAgent, args: string[]): Promise<string> {
  const r = await a.cli(args, { okCodes: [1], timeoutMs: CLI_BOUND_MS });
  t.equal(r.code, 1, "exit status 1");
  return r.stderr;
}

/** The CLI reported one error line, not a crash with a stack trace. */
function oneErrorLine(t: Test, stderr: string, what: RegExp): void {
  t.match(stderr, what);
  t.equal(stderr.trim().split("\n").length, 1, `a single error line, no stack trace: ${stderr}`);
  t.notMatch(stderr, /Unhandled|node:events|    at /);
}

t.test("uploads the agent refuses early end with the agent's error", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-upload-err-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  // Sparse: read back as zeros, no disk used.
  const big = join(work, "big");
  const fd = openSync(big, "w");
  ftruncateSync(fd, BIG_BYTES);
  closeSync(fd);

  t.test("file push into an instance that does not exist", async (t) => {
    oneErrorLine(t, await refused(t, a, ["file", "push", big, "nope/tmp/big"]), /^Error: instance "?nope"? not found/);
  });

  t.test("import under a name that is not valid", async (t) => {
    oneErrorLine(t, await refused(t, a, ["import", big, "bad_name"]), /^Error: name: must be 1-63 characters/);
    t.same((await a.client.instances.ListInstances({ with_state: false })).instances, [], "no instance");
  });

  t.test("image import with an empty alias", async (t) => {
    oneErrorLine(t, await refused(t, a, ["image", "import", big, "--alias", ""]), /^Error: aliases\[0\]: must not be empty/);
    t.same((await a.client.images.ListImages({})).images, [], "no image");
    const incoming = join(a.dataDir, "images", ".incoming");
    t.same(existsSync(incoming) ? readdirSync(incoming) : [], [], "nothing left of the upload");
  });
});

t.test("downloads into a file that cannot be written fail naming it and leave no partial file", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-download-err-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  await a.cli(["init", "busybox", "c1", "--storage", "p"]);
  // Incompressible and bigger than the small tmpfs below, so the backup is too.
  const payload = join(work, "payload");
  writeFileSync(payload, randomBytes(3 * 1024 * 1024));
  await a.cli(["file", "push", payload, "c1/root/payload"]);

  // A real "disk full": a 1 MiB tmpfs.
  const small = join(work, "small");
  mkdirSync(small);
  await run("mount", ["-t", "tmpfs", "-o", "size=1m", "corral-test", small]);
  t.teardown(() => run("umount", ["-l", small], { okCodes: [0, 32] }));
  // A device whose writes fail with ENOSPC, as /dev/full (which a failed download must not remove).
  const full = join(work, "full");
  await run("mknod", [full, "c", "1", "7"]);
  const missing = join(work, "no-such-dir", "out");

  for (const [what, args] of [["export", ["export", "c1"]], ["file pull", ["file", "pull", "c1/root/payload"]]] as const) {
    t.test(`${what} into a missing directory`, async (t) => {
      oneErrorLine(t, await refused(t, a, [...args, missing]), new RegExp(`^Error: cannot write ${missing}: ENOENT`));
      t.notOk(existsSync(join(work, "no-such-dir")), "nothing made");
    });
    t.test(`${what} onto a full device`, async (t) => {
      oneErrorLine(t, await refused(t, a, [...args, full]), new RegExp(`^Error: cannot write ${full}: ENOSPC`));
      t.ok(statSync(full).isCharacterDevice(), "the device is still there");
    });
    t.test(`${what} onto a full file system`, async (t) => {
      const dest = join(small, "out");
      oneErrorLine(t, await refused(t, a, [...args, dest]), new RegExp(`^Error: cannot write ${dest}: ENOSPC`));
      t.same(readdirSync(small), [], "no partial file");
    });
  }

  t.test("the same commands still work into a writable place", async (t) => {
    await a.cli(["export", "c1", join(work, "c1.tar")]);
    t.ok(statSync(join(work, "c1.tar")).size > 3 * 1024 * 1024, "the backup is written");
    await a.cli(["file", "pull", "c1/root/payload", join(work, "back")]);
    t.equal(statSync(join(work, "back")).size, 3 * 1024 * 1024, "the file is pulled whole");
  });
});
