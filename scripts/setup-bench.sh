#!/usr/bin/env bash
# Installs the benchmark peers (Debian 12, as root): Incus 6.0.x from bookworm-backports and
# LXD 5.0.2 from bookworm. Safe to run again; does not start or enable any daemon.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

# Use the same mirror host as the existing Debian sources (deb822 or one-line format).
mirror=""
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [[ -f $f ]] || continue
  mirror=$(grep -hoE '(https?://[^ ]+/debian)/?( |$)' "$f" | grep -v security | head -n1 | tr -d ' ' || true)
  [[ -n $mirror ]] && break
done
mirror=${mirror%/}
: "${mirror:=http://deb.debian.org/debian}"

list=/etc/apt/sources.list.d/bookworm-backports.list
line="deb ${mirror} bookworm-backports main"
updated=0
if ! grep -rqsE "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "$line" >"$list"
  apt-get update -q
  updated=1
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! installed incus || ! installed lxd; then
  ((updated)) || apt-get update -q
  # Never start the packaged services: the bench starts and stops the daemons itself.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; own_policy=1; fi
  trap 'if ((own_policy)); then rm -f "$policy"; fi' EXIT
  installed incus || apt-get install -y -q -t bookworm-backports incus
  installed lxd || apt-get install -y -q lxd
fi

# The lxd package gives root a second subordinate range (the one it also gives _lxd). Incus and
# LXD then build a map with two ranges for uid 0 and newuidmap refuses it (EINVAL), so keep only
# root's first range, as it was before these packages came.
for f in /etc/subuid /etc/subgid; do
  if [[ $(grep -c '^root:' "$f") -gt 1 ]]; then
    awk -F: '$1 != "root" || !seen++' "$f" >"$f.bench" && cat "$f.bench" >"$f" && rm -f "$f.bench"
  fi
done

command -v incus >/dev/null && test -x /usr/libexec/incus/incusd
command -v lxd >/dev/null
echo "incus $(incus --version 2>/dev/null || echo '?'), lxd $(lxd --version 2>/dev/null || echo '?')"
