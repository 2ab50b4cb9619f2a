// A real Debian 12 guest with systemd as PID 1, unprivileged, on a managed bridge: it must boot to
// `systemctl is-system-running` = running (not degraded), get a DHCP address from the bridge's
// dnsmasq through systemd-networkd, and power off cleanly on a plain `corral stop`.
import t from "tap";
import { readFileSync, statSync } from "node:fs";
import { debianImage } from "../fixtures/debian-image";
import { eventually, startAgent, type TestAgent } from "../helpers/agent";
import { randomSuffix } from "./helpers/netns";

/** A cold systemd boot takes a few seconds here; a loaded CI machine gets lots of slack. */
const BOOT_TIMEOUT_MS = 120_000;
/** Building the image (first run on a machine) downloads ~100 packages. */
const IMAGE_TIMEOUT_MS = 20 * 60_000;

interface ListEntry {
  name: string;
  status: string;
  ipv4_addresses: string[];
  pid?: number;
}

const entry = async (a: TestAgent, name: string): Promise<ListEntry | undefined> =>
  (JSON.parse((await a.cli(["list", "--format", "json"])).stdout) as ListEntry[]).find((e) => e.name === name);

t.test("Debian 12 systemd container boots unprivileged, gets DHCP, stops cleanly", { timeout: IMAGE_TIMEOUT_MS + 10 * 60_000 }, async (t) => {
  const img = await debianImage();
  const a = await startAgent(t);
  const sfx = randomSuffix();
  const pool = `sd${sfx}`;
  const net = `sdbr${sfx}`;
  const name = `deb-${sfx}`;

  await a.cli(["storage", "create", pool, "dir"]);
  await a.cli(["network", "create", net, "ipv4.address=auto", "ipv4.nat=true"]);
  const cidr = (await a.client.networks.GetNetwork({ name: net })).config["ipv4.address"]!;
  const prefix = cidr.split("/")[0]!.replace(/\.1$/, ".");
  await a.cli(["image", "import", img.metaPath, "--alias", "debian12"]);

  const t0 = Date.now();
  await a.cli(["launch", "debian12", name, "--network", net, "--storage", pool]);
  const launched = Date.now();
  t.comment(`launch (root disk from the image, then lxc-start): ${launched - t0} ms`);

  // Boot: wait until systemd says "running"; "degraded" means a unit failed, which is a failure.
  let lastState = "";
  const state = await eventually(
    "systemd to finish booting",
    async () => {
      const r = await a.cli(["exec", name, "--", "systemctl", "is-system-running"], { okCodes: [0, 1, 255] });
      lastState = r.stdout.trim();
      return lastState === "running" || lastState === "degraded" ? lastState : undefined;
    },
    BOOT_TIMEOUT_MS,
    250,
  ).catch((e: Error) => {
    throw new Error(`${e.message} (last state ${JSON.stringify(lastState)})`);
  });
  const bootMs = Date.now() - launched;
  if (state !== "running") {
    const failed = await a.cli(["exec", name, "--", "systemctl", "--failed", "--no-legend", "--plain"], { okCodes: [0, 1] });
    t.fail(`systemd is ${state}; failed units:\n${failed.stdout}`);
  } else {
    t.pass("systemd reached \"running\"");
  }
  t.comment(`boot to ${state}: ${bootMs} ms after launch returned`);

  const withIp = await eventually(
    "a DHCP address",
    async () => {
      const e = await entry(a, name);
      return e?.status === "Running" && e.ipv4_addresses.some((ip) => ip.startsWith(prefix)) ? e : undefined;
    },
    BOOT_TIMEOUT_MS,
  );
  const ip = withIp.ipv4_addresses.find((x) => x.startsWith(prefix))!;
  t.ok(ip && ip !== `${prefix}1`, `DHCP address ${ip} in ${cidr}`);
  t.comment(`DHCP address ${Date.now() - launched} ms after launch returned`);
  const grpc = await a.client.instances.ListInstances({ with_state: true });
  const eth0 = grpc.instances.find((i) => i.name === name)?.state?.network?.eth0;
  t.ok(eth0?.addresses.some((x) => x.family === "inet" && x.address === ip), "ListInstances reports it on eth0");
  t.match((await a.cli(["exec", name, "--", "ip", "-4", "addr", "show", "eth0"])).stdout, ip, "the guest sees it on eth0");
  t.match((await a.cli(["exec", name, "--", "networkctl", "status", "eth0", "--no-pager"])).stdout, /State: routable[\s\S]*Address: [\d.]+ \(DHCP4 via/, "networkd made eth0 routable with its DHCPv4 lease (IPv6 may still be configuring)");

  const pid = withIp.pid!;
  t.ok(pid > 0, "init pid reported");
  t.equal((await a.cli(["exec", name, "--", "readlink", "/proc/1/exe"])).stdout.trim(), "/usr/lib/systemd/systemd", "PID 1 is systemd");
  t.equal((await a.cli(["exec", name, "--", "cat", "/proc/1/comm"])).stdout.trim(), "systemd");
  const map = readFileSync(`/proc/${pid}/uid_map`, "utf8").trim().split(/\s+/).map(Number);
  t.equal(map[0], 0, "uid 0 inside");
  t.ok(map[1]! >= 100000, `maps to unprivileged host uid ${map[1]}`);
  t.equal(statSync(`/proc/${pid}`).uid, map[1], "systemd runs as the mapped uid on the host");
  t.equal((await a.cli(["exec", name, "--", "hostname"])).stdout.trim(), name, "hostname from the image template");

  // A clean stop: the halt signal must make systemd power off by itself (no kill after the timeout).
  const stopStart = Date.now();
  await a.cli(["stop", name, "--timeout", "60"]);
  const stopMs = Date.now() - stopStart;
  t.equal((await entry(a, name))?.status, "Stopped", "stopped");
  t.comment(`clean stop: ${stopMs} ms`);
  // lxc-stop kills after the timeout without complaint: the console shows whether systemd halted.
  const consoleLog = readFileSync(`${a.dataDir}/logs/${name}/console.log`, "utf8");
  t.match(consoleLog, /Starting systemd-halt\.service[\s\S]*Halting system\./, "systemd halted by itself (SIGRTMIN+3)");

  await a.cli(["delete", name]);
  await a.cli(["image", "delete", "debian12"]);
  await a.cli(["network", "delete", net]);
  await a.cli(["storage", "delete", pool]);
  t.same(JSON.parse((await a.cli(["list", "--format", "json"])).stdout), [], "no instances left");
  const links = await a.ns.ipJson<{ ifname: string }>(["link"]);
  t.same(links.map((l) => l.ifname), ["lo"], "no bridge or veth left in the agent's netns");
});
