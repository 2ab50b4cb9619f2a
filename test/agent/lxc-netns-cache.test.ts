// The LXC driver reuses a container's address listing while its network namespace looks as it did
// (NetnsCache). A listing that does not show what the namespace showed must not be reused: one
// taken while a DHCP client flushed and re-added the address (the namespace then looks exactly as
// before) or one that failed would otherwise report "no address" until the next change, which is
// how a container that passed wait_for { ipv4 = true } came back with a null ipv4_address.
// A process in a network namespace of its own stands in for the container (no LXC needed).
import t from "tap";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { ipAddrInNetns } from "../../agent/instances/drivers/lxc/cli";
import { listingMatches, netnsFingerprint, NetnsCache, parseProbeOutput } from "../../agent/instances/drivers/lxc/state-probe";
import { run } from "../../agent/host/run";

t.test("a listing inconsistent with the namespace is never reused", async (t) => {
  const child = spawn("unshare", ["-n", "sleep", "600"], { stdio: "ignore" });
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
  const pid = child.pid!;
  const inNs = (args: string[]) => run("nsenter", ["-t", String(pid), "-n", "ip", ...args]);
  // unshare execs sleep in the new namespace: wait (bounded) until the pid's namespace is not ours.
  for (let i = 0; i < 100 && netnsFingerprint(pid) === netnsFingerprint(process.pid); i++) await new Promise((r) => setTimeout(r, 20));
  t.not(netnsFingerprint(pid), netnsFingerprint(process.pid), "the process has a namespace of its own");
  await inNs(["link", "set", "lo", "up"]);
  await inNs(["link", "add", "eth0", "type", "veth", "peer", "name", "peer0"]);
  await inNs(["link", "set", "peer0", "up"]);
  await inNs(["link", "set", "eth0", "up"]);
  await inNs(["addr", "add", "10.231.99.5/24", "dev", "eth0"]);
  await inNs(["-6", "addr", "add", "fd00:231:99::5/64", "dev", "eth0", "nodad"]);

  const cache = new NetnsCache();
  const bound = netnsFingerprint(pid)!;
  const full = await ipAddrInNetns(pid);
  t.ok(listingMatches(full, bound), "a listing taken while nothing changed matches");
  cache.store("c", pid, bound, full);
  t.equal(cache.lookup("c", pid).ipJson, full, "and is reused");

  // What udhcpc's script does on a renew: flush, then add the same address again. A listing
  // taken in between lacks the address, yet afterwards the namespace looks as before.
  const { fingerprint } = cache.lookup("c", pid);
  await inNs(["-4", "addr", "flush", "dev", "eth0"]);
  const gap = await ipAddrInNetns(pid);
  await inNs(["addr", "add", "10.231.99.5/24", "dev", "eth0"]);
  t.equal(netnsFingerprint(pid), fingerprint, "the namespace looks as it did before the flush");
  t.notMatch(gap, /10\.231\.99\.5/, "the listing taken in the gap has no IPv4 address");
  cache.store("c", pid, fingerprint!, gap);
  t.equal(cache.lookup("c", pid).ipJson, undefined, "the gap's listing is not reused");

  // A listing that failed (nothing, or the "[]" a failed `ip` is reported as) is not reused either.
  cache.store("c", pid, fingerprint!, "[]");
  t.equal(cache.lookup("c", pid).ipJson, undefined, "a failed listing is not reused");
  t.notOk(listingMatches("", fingerprint!));

  // An address present in the listing but gone from the namespace is a mismatch too.
  await inNs(["-6", "addr", "del", "fd00:231:99::5/64", "dev", "eth0"]);
  t.notOk(listingMatches(full, netnsFingerprint(pid)!), "a listing with an address the namespace lost does not match");
});

t.test("a running container whose listing printed nothing is a failure, not 'no addresses'", async (t) => {
  const out = parseProbeOutput("\x1ea 0\nState:          RUNNING\nPID:            42\n\n\x1f\n\n");
  t.match(out.get("a"), { error: /no address listing/ }, "the chunk's caller asks again on the direct path");
});
