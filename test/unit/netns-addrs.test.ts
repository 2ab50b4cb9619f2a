// The lines of `corral-exec-helper --netns-addrs` (agent/instances/drivers/lxc/netns-addrs.ts): a
// listing or an error per pid; a line cut short or not the helper's is never taken for a listing.
import t from "tap";
import { parseNetnsAddrs } from "../../agent/instances/drivers/lxc/netns-addrs";

t.test("listings and errors per pid", async (t) => {
  const lo = '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host"}]}]';
  const out = parseNetnsAddrs(
    `41 ok ${lo}\n` +
      "42 error open /proc/42/ns/net: No such file or directory\n" +
      "43 ok []\n" +
      '44 ok [{"ifindex":1,"ifname":"lo","fla\n' +
      "45 ok {}\n" +
      "abc error not a pid\n" +
      "corral-exec-helper: something on the wrong stream\n" +
      "46 error setns /proc/46/ns/net: Operation not permitted",
  );
  t.same(out.get(41), { ipJson: lo }, "a listing, as printed");
  t.same(out.get(42), { error: "open /proc/42/ns/net: No such file or directory" }, "the helper's error");
  t.same(out.get(43), { ipJson: "[]" }, "an empty listing is a listing");
  t.match(out.get(44), { error: /unreadable listing for pid 44/ }, "a line cut short is an error");
  t.match(out.get(45), { error: /unreadable/ }, "JSON that is not a list is an error");
  t.same(out.get(46), { error: "setns /proc/46/ns/net: Operation not permitted" }, "the last line needs no newline");
  t.same([...out.keys()], [41, 42, 43, 44, 45, 46], "nothing else");
});

t.test("nothing printed: no pid answered", async (t) => {
  t.equal(parseNetnsAddrs("").size, 0);
});
