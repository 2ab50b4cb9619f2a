#!/bin/sh
# The whole suite (or the files given). The TAP stream is long and interleaved with daemon logs, so a
# failed run ends with tap's summary of just this run's failures, where a log's tail shows it.
rm -rf .tap/test-results
tap "$@" && exit 0
rc=$?
tap replay --reporter=terse "$@"
exit $rc
