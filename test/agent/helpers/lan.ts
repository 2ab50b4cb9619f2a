// A "LAN" for tests: its own network namespace with a bridge, an address and a dnsmasq serving
// DHCP, and veth "cables" from it into another namespace (an agent's), where the far end stands
// in for a host's LAN interface. Everything lives in the two namespaces and goes with them.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../../agent/host/run";
import { withNetns, type Netns } from "./netns";

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Lan {
  ns: Netns;
  gateway: string;
  /** A DHCP address this LAN's dnsmasq hands out (.100-.200 of its /24). */
  leased(ip: string): boolean;
  /** A veth pair: `agentEnd` (up) in `into`, its peer on the LAN's bridge. */
  cable(into: Netns, agentEnd: string): Promise<void>;
  /** One ping from the LAN to ip (throws when unanswered). */
  ping(ip: string): Promise<void>;
}

export async function withLan(t: Teardown): Promise<Lan> {
  const ns = await withNetns(t, "lan");
  const work = mkdtempSync(join(tmpdir(), "corral-lan-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  const prefix = `172.30.${16 + Math.floor(Math.random() * 200)}`;
  const gateway = `${prefix}.1`;
  await ns.exec("ip", ["link", "add", "lanbr", "type", "bridge"]);
  await ns.exec("ip", ["addr", "add", `${gateway}/24`, "dev", "lanbr"]);
  await ns.exec("ip", ["link", "set", "lanbr", "up"]);
  const dnsmasq = spawn("ip", ["netns", "exec", ns.name, "/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
    "--bind-interfaces", "--interface=lanbr", "--except-interface=lo", "--port=0", "--pid-file=", "--user=root", "--dhcp-authoritative",
    `--dhcp-range=${prefix}.100,${prefix}.200,1h`, `--dhcp-leasefile=${join(work, "leases")}`], { stdio: "ignore" });
  // The namespace's teardown kills it too; this ends it first so its exit is ours.
  t.teardown(() => void dnsmasq.kill("SIGTERM"));
  return {
    ns,
    gateway,
    leased: (ip) => ip.startsWith(`${prefix}.`) && Number(ip.split(".")[3]) >= 100 && Number(ip.split(".")[3]) <= 200,
    async cable(into, agentEnd) {
      const lanEnd = `l${agentEnd}`.slice(0, 15);
      await run("ip", ["-n", ns.name, "link", "add", lanEnd, "type", "veth", "peer", "name", agentEnd, "netns", into.name]);
      await ns.exec("ip", ["link", "set", lanEnd, "master", "lanbr", "up"]);
      await into.exec("ip", ["link", "set", agentEnd, "up"]);
    },
    async ping(ip) {
      await ns.exec("busybox", ["ping", "-c", "1", "-W", "5", ip]);
    },
  };
}
