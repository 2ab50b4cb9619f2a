// A delete answers once the instance no longer runs and has no record; its LXC definition, root
// disk, NICs and leases are freed after (agent/instances/manager.ts deleteLocked). Whatever comes
// next for those resources waits for that: a create of the same name, the deletes of its pool,
// network and image, and corrald's own stop; and a corrald killed meanwhile removes the rest at
// its next start.
import t from "tap";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBusyboxImage } from "../fixtures/images";
import { startAgent } from "../helpers/agent";

t.test("deleted instances are freed after the answer, before anything needs their resources", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-deldef-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);
  await a.cli(["storage", "create", "p", "dir"]);
  await a.cli(["network", "create", "dbr0", "ipv4.address=10.231.7.1/24", "ipv4.nat=false"]);
  await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  const rootfs = (name: string) => join(a.dataDir, "storage-pools", "p", "containers", name);
  const lxcDir = (name: string) => join(a.dataDir, "lxc", name);
  const launch = (name: string) => a.cli(["launch", "busybox", name, "--storage", "p", "--network", "dbr0"]);
  const exec = (name: string, script: string) => a.cli(["exec", name, "--", "sh", "-c", script]);

  await t.test("a create of the same name right after the delete gets a new root disk", async (t) => {
    await launch("c1");
    await exec("c1", "echo old > /root/mark");
    await a.cli(["delete", "-f", "c1"]);
    t.same((await a.client.instances.ListInstances({})).instances.map((i) => i.name), [], "gone from the list at once");
    await launch("c1");
    t.equal((await exec("c1", "cat /root/mark 2>/dev/null || echo none")).stdout, "none\n", "nothing of the deleted namesake");
    await a.cli(["delete", "-f", "c1"]);
  });

  await t.test("corrald's stop lets the freeing finish", async (t) => {
    await launch("c2");
    await a.cli(["delete", "-f", "c2"]);
    await a.stop();
    t.notOk(existsSync(rootfs("c2")), "no root disk");
    t.notOk(existsSync(lxcDir("c2")), "no LXC definition");
    await a.restart();
  });

  await t.test("a corrald killed before the freeing removes the rest at its next start", async (t) => {
    await launch("c3");
    await a.cli(["delete", "-f", "c3"]);
    await a.kill9();
    await a.restart(); // reconcile: orphan definitions and root disks (no record) are removed
    t.notOk(existsSync(rootfs("c3")), "no root disk");
    t.notOk(existsSync(lxcDir("c3")), "no LXC definition");
  });

  await t.test("deleting the network, image and pool right after the instances works and leaves nothing", async (t) => {
    await Promise.all(["c4", "c5"].map(launch));
    await a.cli(["delete", "-f", "c4", "c5"]);
    await a.cli(["network", "delete", "dbr0"]);
    await a.cli(["image", "delete", "busybox"]);
    await a.cli(["storage", "delete", "p"]);
    for (const n of ["c4", "c5"]) t.notOk(existsSync(lxcDir(n)), `no LXC definition of ${n}`);
    t.notOk(existsSync(join(a.dataDir, "storage-pools", "p")), "the pool's directory is gone");
    const links = await a.ns.ipJson<{ ifname: string }>(["link"]);
    t.same(links.map((l) => l.ifname), ["lo"], "no bridge or veth left");
  });
});
