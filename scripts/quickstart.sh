#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: install the host tools, build Corral,
# start corrald with embedded defaults (a dir pool, a NAT bridge, a default profile using them)
# and launch two busybox system containers with the CLI, printing their addresses.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA_DIR=${CORRAL_DATA_DIR:-/var/lib/corral}
SOCKET="$DATA_DIR/corrald.sock"
export CORRAL_ENDPOINT="unix://$SOCKET"

./scripts/setup-host.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build

if ! ./bin/corral info >/dev/null 2>&1; then
  mkdir -p "$DATA_DIR"
  nohup ./bin/corrald --data-dir "$DATA_DIR" --auto-init >>"$DATA_DIR/corrald.log" 2>&1 &
  for _ in $(seq 1 100); do ./bin/corral info >/dev/null 2>&1 && break; sleep 0.1; done
  ./bin/corral info >/dev/null || { echo "corrald did not start; see $DATA_DIR/corrald.log" >&2; exit 1; }
  echo "corrald started (pid $!), logs in $DATA_DIR/corrald.log"
fi

if ! ./bin/corral image show busybox >/dev/null 2>&1; then
  IMG=$(npx tsx scripts/busybox-image.ts "$DATA_DIR/tmp/quickstart-image")
  ./bin/corral image import "$IMG" --alias busybox
  rm -rf "$DATA_DIR/tmp/quickstart-image"
fi

for name in demo1 demo2; do
  ./bin/corral show "$name" >/dev/null 2>&1 || ./bin/corral launch busybox "$name"
done
for _ in $(seq 1 100); do
  [ "$(./bin/corral list --format csv | grep -c ',10\.')" -ge 2 ] && break
  sleep 0.2
done
./bin/corral list
echo
echo "Try: CORRAL_ENDPOINT=$CORRAL_ENDPOINT $ROOT/bin/corral exec demo1 -- ping -c1 \$(…demo2 address…)"
