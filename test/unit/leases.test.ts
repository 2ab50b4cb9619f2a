// Lease keys: durations, RFC 3339 ends, starting and renewing a lease against a given clock.
import t from "tap";
import { validateConfig } from "../../agent/config/rules";
import { CorralError } from "../../agent/errors";
import { LEASE_RULES, leaseExpiry, parseDuration, renewLease, splitLease, startLease } from "../../agent/leases/lease";

const NOW = Date.parse("2026-12-04T15:00:00Z");

t.test("durations", async (t) => {
  t.equal(parseDuration("30m"), 30 * 60_000);
  t.equal(parseDuration("1h30m"), 90 * 60_000);
  t.equal(parseDuration("7d"), 7 * 86_400_000);
  t.equal(parseDuration("45s"), 45_000);
  for (const bad of ["", "2", "h", "1.5h", "2 h", "-1h", "1w"]) t.equal(parseDuration(bad), undefined, `"${bad}" is not a duration`);
});

t.test("validation names the key and the rule", async (t) => {
  const err = (config: Record<string, string>) => {
    try {
      validateConfig(LEASE_RULES, config, "config");
      return "";
    } catch (e) {
      return (e as CorralError).message;
    }
  };
  t.equal(err({ "lease.duration": "2h", "lease.expires_at": "2026-12-04T18:00:00Z" }), "");
  t.equal(err({ "lease.expires_at": "2026-12-04T18:00:00.123+01:00" }), "");
  t.match(err({ "lease.duration": "soon" }), 'config["lease.duration"]: must be a duration such as 30m');
  t.match(err({ "lease.duration": "0s" }), "must be at least 1s");
  t.match(err({ "lease.duration": "367d" }), "must be at most 366d");
  t.match(err({ "lease.expires_at": "2026-12-04" }), 'config["lease.expires_at"]: must be an RFC 3339 time');
  t.match(err({ "lease.expires_at": "2026-13-40T00:00:00Z" }), "must be an RFC 3339 time");
});

t.test("a duration starts the lease; a given end wins; renew restarts it", async (t) => {
  t.same(startLease({ a: "1" }, NOW), { a: "1" }, "no lease, nothing added");
  t.equal(startLease({ "lease.duration": "2h" }, NOW)["lease.expires_at"], "2026-12-04T17:00:00.000Z");
  t.equal(startLease({ "lease.duration": "2h", "lease.expires_at": "2026-12-05T00:00:00Z" }, NOW)["lease.expires_at"], "2026-12-05T00:00:00Z", "an explicit end is kept");
  t.equal(leaseExpiry({ "lease.expires_at": "2026-12-04T17:00:00.000Z" }), NOW + 2 * 3_600_000);
  t.equal(leaseExpiry({}), undefined);
  const renewed = renewLease({ "lease.duration": "2h", "lease.expires_at": "2026-12-04T10:00:00Z" }, "", NOW, "x");
  t.equal(renewed["lease.expires_at"], "2026-12-04T17:00:00.000Z", "renew with lease.duration");
  t.equal(renewLease(renewed, "30m", NOW, "x")["lease.expires_at"], "2026-12-04T15:30:00.000Z", "renew for another duration");
  t.throws(() => renewLease({}, "", NOW, 'instance "c"'), /duration: instance "c" has no lease.duration/);
  t.same(splitLease({ "lease.duration": "1h", "ipv4.nat": "true" }), { lease: { "lease.duration": "1h" }, rest: { "ipv4.nat": "true" } });
});
