// The name of a container's LXC command socket, which the driver looks for in /proc/net/unix to
// call a container without a monitor STOPPED without running lxc-info. The expectations are what
// LXC 5.0.2 bound here (read from /proc/net/unix with containers running): the path itself when it
// fits sun_path, else "lxc/<FNV-1a 64 of lxcpath/name>/command".
import t from "tap";
import { commandSocketName, fnv1a64 } from "../../agent/instances/drivers/lxc/monitor-socket";

t.test("FNV-1a 64 as LXC computes it", async (t) => {
  t.equal(fnv1a64(""), "cbf29ce484222325");
  t.equal(fnv1a64("a"), "af63dc4c8601ec8c");
  t.equal(fnv1a64("foobar"), "85944171f73967e8");
});

t.test("command socket names", async (t) => {
  t.equal(commandSocketName("/tmp/corral-agent-BDLg7t/lxc", "m1"), "/tmp/corral-agent-BDLg7t/lxc/m1/command", "a path that fits is used as it is");
  const longDir = "/tmp/sp/a-long-temporary-directory-name-to-push-the-socket-path-over/corral-agent-0oKlMD/lxc";
  t.equal(commandSocketName(longDir, "m1"), `${longDir}/m1/command`, "103 bytes fit");
  t.equal(commandSocketName(longDir, "averyveryveryveryveryveryverylongname-01234567890123456789"), "lxc/c037f59e68101306/command", "a longer one is hashed");
});
