// snapshots.schedule / snapshots.expiry / snapshots.pattern: parsing, matching and the validators'
// messages (the instance config table uses them, so bad values fail at the API edge).
import t from "tap";
import { isExpiry, isSchedule, isSnapshotPattern, nextSnapshotName, parseExpiry, Schedule } from "../../agent/instances/schedule";
import { validateInstanceConfig } from "../../agent/instances/config";

const at = (iso: string) => Date.parse(iso);

t.test("cron expressions and aliases", async (t) => {
  const everyQuarter = Schedule.parse("*/15 * * * *");
  t.ok(everyQuarter.matches(at("2026-12-04T10:45:00Z")));
  t.notOk(everyQuarter.matches(at("2026-12-04T10:46:00Z")));
  const weekdays = Schedule.parse("30 2 * * mon-fri");
  t.ok(weekdays.matches(at("2026-12-04T02:30:00Z")), "Friday");
  t.notOk(weekdays.matches(at("2026-12-05T02:30:00Z")), "not Saturday");
  t.ok(Schedule.parse("0 0 * * 7").matches(at("2026-12-06T00:00:00Z")), "7 is Sunday");
  // Both day fields restricted: either matches, as in cron.
  const domOrDow = Schedule.parse("0 12 1 * sun");
  t.ok(domOrDow.matches(at("2026-12-01T12:00:00Z")), "the 1st (a Tuesday)");
  t.ok(domOrDow.matches(at("2026-12-06T12:00:00Z")), "a Sunday");
  t.notOk(domOrDow.matches(at("2026-12-02T12:00:00Z")));
  t.ok(Schedule.parse("0 0 1 jan,jul *").matches(at("2026-07-01T00:00:00Z")));
  t.ok(Schedule.parse("5-10/5 * * * *").matches(at("2026-07-01T00:10:00Z")));

  const hourlyOrDaily = Schedule.parse("@hourly, @daily");
  t.ok(hourlyOrDaily.matches(at("2026-12-04T07:00:00Z")));
  t.notOk(hourlyOrDaily.matches(at("2026-12-04T07:01:00Z")));
  t.ok(Schedule.parse("@weekly").matches(at("2026-12-06T00:00:00Z")));
  t.ok(Schedule.parse("@monthly").matches(at("2026-12-01T00:00:00Z")));
  t.notOk(Schedule.parse("@monthly").matches(at("2026-12-02T00:00:00Z")));

  t.ok(everyQuarter.dueBetween(at("2026-12-04T10:44:30Z"), at("2026-12-04T10:45:00Z")), "the end of the window counts");
  t.notOk(everyQuarter.dueBetween(at("2026-12-04T10:45:00Z"), at("2026-12-04T10:59:59Z")), "the start does not");
  t.ok(Schedule.parse("@daily").dueBetween(at("2026-12-04T10:00:00Z"), at("2026-12-06T10:00:00Z")), "a long window finds a day boundary");
});

t.test("schedule validation names the broken rule", async (t) => {
  t.equal(isSchedule(""), undefined, "empty: no schedule");
  t.match(isSchedule("* * * *"), /has 4 fields; a cron expression has 5/);
  t.match(isSchedule("60 * * * *"), /minute field: 60 is outside 0-59/);
  t.match(isSchedule("* 24 * * *"), /hour field: 24 is outside 0-23/);
  t.match(isSchedule("* * 0 * *"), /day of month field: 0 is outside 1-31/);
  t.match(isSchedule("* * * foo *"), /month field: "foo" is not a number or a name/);
  t.match(isSchedule("5-1 * * * *"), /the range "5-1" runs backwards/);
  t.match(isSchedule("*/0 * * * *"), /the step in "\*\/0" must be at least 1/);
  t.match(isSchedule("@fortnightly"), /"@fortnightly" is not a schedule alias \(@hourly, @daily/);
  t.throws(() => validateInstanceConfig({ "snapshots.schedule": "61 * * * *" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["snapshots.schedule"]', message: /minute field: 61 is outside 0-59/ });
  t.doesNotThrow(() => validateInstanceConfig({ "snapshots.schedule": "@daily", "snapshots.expiry": "2w", "snapshots.pattern": "auto-%d" }));
});

t.test("expiry durations as LXD spells them", async (t) => {
  const base = at("2026-01-31T10:00:00Z");
  const after = (v: string) => new Date(parseExpiry(v)(base)).toISOString();
  t.equal(after("30M"), "2026-01-31T10:30:00.000Z");
  t.equal(after("3H"), "2026-01-31T13:00:00.000Z");
  t.equal(after("1d"), "2026-02-01T10:00:00.000Z");
  t.equal(after("2w"), "2026-02-14T10:00:00.000Z");
  t.equal(after("1y"), "2027-01-31T10:00:00.000Z");
  t.equal(after("1w 2d 3H"), "2026-02-09T13:00:00.000Z");
  t.equal(isExpiry(""), undefined, "empty: kept for ever");
  t.match(isExpiry("1x"), /"1x" is not a number with one of the units M \(minutes\), H \(hours\), d \(days\)/);
  t.match(isExpiry("d"), /"d" is not a number/);
  t.throws(() => validateInstanceConfig({ "snapshots.expiry": "soon" }), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: 'config["snapshots.expiry"]', message: /"soon" is not a number/ });
});

t.test("snapshot name patterns", async (t) => {
  t.equal(nextSnapshotName("snap%d", []), "snap0");
  t.equal(nextSnapshotName("snap%d", ["snap0", "snap3", "manual", "snapx"]), "snap4");
  t.equal(nextSnapshotName("auto-%d-x", ["auto-1-x"]), "auto-2-x");
  t.match(isSnapshotPattern("snap"), /must contain %d exactly once/);
  t.match(isSnapshotPattern("%d%d"), /must contain %d exactly once/);
  t.match(isSnapshotPattern("9-%d"), /starting with a letter/);
  t.equal(isSnapshotPattern("nightly%d"), undefined);
});
