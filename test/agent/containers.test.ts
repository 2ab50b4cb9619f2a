// Busybox system containers on a managed bridge, driven through the real CLI and agent:
// DHCP and static addresses, ping, exec, files (and the symlink escape), unprivileged id
// mapping, live memory limits, btrfs snapshot clones with quotas next to a dir pool.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../agent/host/run";
import { buildBusyboxImage } from "../fixtures/images";
import { eventually, openConsole, startAgent, type TestAgent } from "../helpers/agent";
import { memoryLimit } from "../helpers/cgroup";

interface ListEntry {
  name: string;
  status: string;
  type: string;
  location: string;
  ipv4_addresses: string[];
  pid?: number;
}

const list = async (a: TestAgent): Promise<ListEntry[]> => JSON.parse((await a.cli(["list", "--format", "json"])).stdout);
const entry = async (a: TestAgent, name: string) => (await list(a)).find((e) => e.name === name);

t.test("busybox containers on a bridge: addresses, ping, exec, files, idmap, limits, pools", async (t) => {
  const a = await startAgent(t);
  const work = mkdtempSync(join(tmpdir(), "corral-ct-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const img = buildBusyboxImage(work);

  await a.cli(["storage", "create", "fast", "btrfs", "size=1GiB"]);
  await a.cli(["storage", "create", "plain", "dir"]);
  await a.cli(["network", "create", "ctbr0", "ipv4.address=auto", "ipv4.nat=true"]);
  const net = await a.client.networks.GetNetwork({ name: "ctbr0" });
  const cidr = net.config["ipv4.address"]!;
  t.match(cidr, /^10\.\d+\.\d+\.1\/24$/, "auto picked a private /24");
  const gateway = cidr.split("/")[0]!;
  const staticIp = gateway.replace(/\.1$/, ".77");

  const imported = await a.cli(["image", "import", img.metaPath, "--alias", "busybox"]);
  t.match(imported.stdout, img.fingerprint, "import prints the LXD fingerprint");

  await a.cli(["launch", "busybox", "c1", "--network", "ctbr0", "--storage", "fast", "--device", "root,type=disk,path=/,pool=fast,size=64MiB"]);
  await a.cli(["launch", "busybox", "c2", "--storage", "plain", "--device", `eth0,type=nic,network=ctbr0,ipv4.address=${staticIp}`]);

  const c1 = await eventually("c1 to get a DHCP address", async () => {
    const e = await entry(a, "c1");
    return e?.status === "Running" && e.ipv4_addresses.length ? e : undefined;
  }, 60_000);
  const c2 = await eventually("c2 to get its static address", async () => {
    const e = await entry(a, "c2");
    return e?.status === "Running" && e.ipv4_addresses.length ? e : undefined;
  }, 60_000);
  t.equal(c1.type, "container");
  t.ok(c1.location, "location is reported");
  t.equal(c2.ipv4_addresses[0], staticIp, "static IPv4 served by the DHCP reservation");
  const c1ip = c1.ipv4_addresses[0]!;
  t.ok(c1ip.startsWith(gateway.replace(/\.1$/, ".")) && c1ip !== staticIp, `c1 has a dynamic address in the subnet (${c1ip})`);

  t.test("addresses as seen inside, and ping", async (t) => {
    t.match((await a.cli(["exec", "c1", "--", "ip", "-4", "addr", "show", "eth0"])).stdout, c1ip);
    t.match((await a.cli(["exec", "c2", "--", "ip", "-4", "addr", "show", "eth0"])).stdout, staticIp);
    await a.cli(["exec", "c1", "--", "ping", "-c", "1", "-W", "5", gateway]);
    await a.cli(["exec", "c1", "--", "ping", "-c", "1", "-W", "5", staticIp]);
    await a.cli(["exec", "c2", "--", "ping", "-c", "1", "-W", "5", c1ip]);
    await a.ns.exec("busybox", ["ping", "-c", "1", "-W", "5", c1ip]);
  });

  t.test("exec passes stdout, stderr and the exit code", async (t) => {
    const r = await a.cli(["exec", "c1", "--", "sh", "-c", "echo out; echo err >&2; exit 3"], { okCodes: [3] });
    t.equal(r.code, 3);
    t.equal(r.stdout, "out\n");
    t.equal(r.stderr, "err\n");
    const env = await a.cli(["exec", "c1", "--env", "FOO=bar", "--", "sh", "-c", "echo $FOO"]);
    t.equal(env.stdout, "bar\n");
    const stdin = await a.cli(["exec", "c1", "--", "cat"], { input: "piped\n" });
    t.equal(stdin.stdout, "piped\n", "stdin reaches the command");
  });

  t.test("console: attach, type, see the answer; detaching leaves the container running", async (t) => {
    // A loop on the container's console answers each line it reads there.
    await a.cli(["exec", "c1", "--", "sh", "-c", "(while read -r l; do echo \"CONSOLE-ECHO:$l\"; done </dev/console >/dev/console 2>&1) >/dev/null 2>&1 &"]);
    const session = openConsole(a, "c1");
    await session.answers("ping-console", 20_000);
    t.pass("input reached the container's console and its answer came back");
    await session.detach();
    t.equal((await entry(a, "c1"))!.status, "Running", "detached; the container runs on");
  });

  t.test("exec on a terminal: a tty inside, its size, resize", async (t) => {
    const call = a.client.raw.instances.Exec();
    let out = "";
    let code = -1;
    const done = new Promise<void>((resolve, reject) => {
      call.on("data", (m: { stdout?: Buffer; exit_code?: number; msg?: string }) => {
        if (m.msg === "stdout") out += m.stdout!.toString();
        if (m.msg === "exit_code") code = m.exit_code!;
      });
      call.on("end", resolve);
      call.on("error", reject);
    });
    call.write({ start: { instance: "c1", command: ["sh", "-c", "tty; stty size; read x; stty size"], tty: true, width: 100, height: 40 } });
    await eventually("the first size", async () => (out.includes("40 100") ? true : undefined), 10_000, 50);
    call.write({ resize: { width: 120, height: 50 } });
    call.write({ stdin: Buffer.from("\n") });
    await done;
    t.equal(code, 0);
    t.match(out, /\/dev\/pts\/\d+/, "the command has a terminal");
    t.match(out, /40 100[\s\S]*50 120/, "initial size, then the resized one");
    t.notMatch(out, /\r\r\n/, "lines end as the container's terminal ends them (CR LF), not CR CR LF");
  });

  t.test("file push/pull round-trips; symlinks cannot escape the rootfs", async (t) => {
    const src = join(work, "payload");
    writeFileSync(src, "hello from the host\n");
    await a.cli(["file", "push", src, "c1/root/payload", "--mode", "0640", "--uid", "1000", "--gid", "1000"]);
    t.equal((await a.cli(["exec", "c1", "--", "stat", "-c", "%a %u %g", "/root/payload"])).stdout.trim(), "640 1000 1000");
    const back = join(work, "back");
    await a.cli(["file", "pull", "c1/root/payload", back]);
    t.equal(readFileSync(back, "utf8"), "hello from the host\n");

    const victimDir = mkdtempSync(join(tmpdir(), "corral-victim-"));
    t.teardown(() => rmSync(victimDir, { recursive: true, force: true }));
    const victim = join(victimDir, "victim");
    writeFileSync(victim, "untouched\n");
    await a.cli(["exec", "c1", "--", "ln", "-s", victimDir, "/abs-link"]);
    await a.cli(["exec", "c1", "--", "ln", "-s", `../../../../../../../..${victimDir}`, "/rel-link"]);
    for (const link of ["abs-link", "rel-link"]) {
      await a.cli(["file", "push", "-p", src, `c1/${link}/victim`], { okCodes: [0, 1] });
      t.equal(readFileSync(victim, "utf8"), "untouched\n", `pushing through /${link} does not write on the host`);
    }
    const pulled = await a.cli(["file", "pull", "c1/abs-link/victim", "-"], { okCodes: [0, 1] });
    t.notMatch(pulled.stdout, "untouched", "pulling through a symlink does not read the host");
  });

  t.test("unprivileged: root inside is not root on the host", async (t) => {
    const pid = (await entry(a, "c1"))!.pid!;
    t.ok(pid > 0, "init pid reported");
    const map = readFileSync(`/proc/${pid}/uid_map`, "utf8").trim().split(/\s+/).map(Number);
    t.equal(map[0], 0, "uid 0 inside");
    t.ok(map[1]! >= 100000, `maps to host uid ${map[1]}`);
    t.equal(statSync(`/proc/${pid}`).uid, map[1], "init is owned by the mapped uid on the host");
    t.equal((await a.cli(["exec", "c1", "--", "id", "-u"])).stdout.trim(), "0");
  });

  t.test("memory limit changes live and shows in the cgroup", async (t) => {
    await a.cli(["config", "set", "c1", "limits.memory=96MiB"]);
    const pid = (await entry(a, "c1"))!.pid!;
    t.equal(await memoryLimit(pid), 96 * 2 ** 20, "cgroup memory limit");
    t.equal((await a.cli(["config", "get", "c1", "limits.memory"])).stdout.trim(), "96MiB");
  });

  t.test("btrfs: the root disk is a snapshot of the image volume and its quota holds", async (t) => {
    const pools = join(a.dataDir, "storage-pools", "fast");
    const show = (await run("btrfs", ["subvolume", "show", join(pools, "containers", "c1")])).stdout;
    const imageShow = (await run("btrfs", ["subvolume", "show", join(pools, "images", img.fingerprint)])).stdout;
    const uuid = /^\s*UUID:\s*(\S+)/m.exec(imageShow)![1]!;
    t.match(show, new RegExp(`Parent UUID:\\s*${uuid}`), "c1's root disk is a snapshot of the image");
    const dd = await a.cli(["exec", "c1", "--", "dd", "if=/dev/zero", "of=/root/big", "bs=1M", "count=128"], { okCodes: [0, 1] });
    t.not(dd.code, 0, "writing past the 64MiB quota fails");
    t.match(dd.stderr, /quota|space/i);
    await a.cli(["exec", "c1", "--", "rm", "-f", "/root/big"]);
  });

  t.test("stop, start, delete; nothing left on the host", async (t) => {
    const hostName = (await a.client.instances.GetInstance({ name: "c1", with_state: true })).state!.network.eth0!.host_name;
    await a.cli(["stop", "c1"]);
    t.equal((await entry(a, "c1"))?.status, "Stopped", "clean stop");
    // The agent deletes the host end just after answering the stop.
    await eventually(`${hostName} to be deleted after the stop`, async () =>
      (await a.ns.exec("ip", ["link", "show", "dev", hostName], { okCodes: [0, 1] })).code === 0 ? undefined : true, 10_000, 50);
    // A crash between making the veth pair and lxc-start leaves the host end behind: the next
    // start replaces it.
    await a.ns.exec("ip", ["link", "add", "dev", hostName, "type", "veth", "peer", "name", `x${hostName.slice(1)}`]);
    await a.cli(["start", "c1"]);
    t.equal((await entry(a, "c1"))?.status, "Running", "starts over a leftover host end");
    const [hostEnd] = await a.ns.ipJson<{ master?: string; ifalias?: string }>(["link", "show", "dev", hostName]);
    t.same([hostEnd?.master, hostEnd?.ifalias], ["ctbr0", "corral:c1"], "the new host end is on the bridge and tagged");
    await a.cli(["stop", "-f", "c1", "c2"]);
    await a.cli(["delete", "c1", "c2"]);
    t.same(await list(a), [], "no instances");
    await a.cli(["image", "delete", "busybox"]);
    await a.cli(["network", "delete", "ctbr0"]);
    await a.cli(["storage", "delete", "fast"]);
    await a.cli(["storage", "delete", "plain"]);
    const links = await a.ns.ipJson<{ ifname: string }>(["link"]);
    t.same(links.map((l) => l.ifname), ["lo"], "no bridge or veth left in the agent's netns");
    const loops = (await run("losetup", ["-j", join(a.dataDir, "disks", "fast.img")])).stdout.trim();
    t.equal(loops, "", "no loop device left");
    const dnsmasq = (await run("pgrep", ["-f", `dnsmasq.*${a.dataDir}`], { okCodes: [0, 1] })).stdout.trim();
    t.equal(dnsmasq, "", "no dnsmasq left");
    mkdirSync(work, { recursive: true });
  });
});
