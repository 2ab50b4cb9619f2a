#!/usr/bin/env bash
# Installs the host tools Corral drives (Debian 12, as root). Safe to run again.
set -euo pipefail
PACKAGES=(
  lxc                 # lxc-start, lxc-attach, lxc-info, lxc-stop
  btrfs-progs         # btrfs pools
  zfs-fuse            # zfs pools where the kernel has no ZFS (the agent starts its daemon)
  lvm2 thin-provisioning-tools xfsprogs # lvm pools (thin pools need thin_check; xfs is block.filesystem=xfs)
  dnsmasq-base        # DHCP/DNS on managed bridges
  dnsmasq-utils       # dhcp_release: forget a deleted instance's lease without restarting dnsmasq
  isc-dhcp-client     # dhclient -6: the DHCPv6 client of the IPv6 tests
  nftables            # NAT and filtering
  iproute2            # bridges, veth, netns
  busybox-static      # the test and quickstart image
  mmdebstrap          # the Debian systemd test image
  squashfs-tools      # split images with a squashfs rootfs
  qemu-system-x86 qemu-utils ovmf # virtual machines: QEMU, qemu-img, UEFI firmware
  xorriso             # cloud-init NoCloud seed ISOs
  grub-efi-amd64-bin grub-pc-bin  # boot loaders of the tiny test VM image (UEFI, BIOS)
  fdisk dosfstools mtools         # its GPT and ESP, written into a plain file (no loop device)
  xz-utils zstd bzip2 # image compressions
  uidmap              # subordinate id tools
  util-linux          # losetup, mount, nsenter
  psmisc procps
  etcd-server         # clusters: the embedded etcd corrald supervises (also the store tests)
  etcd-client         # etcdctl: the cluster tests read etcd with it
  ca-certificates
  gcc libc6-dev       # the static helper (scripts/build.mjs): exec inside containers, host commands, btrfs ioctls
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # --no-install-recommends keeps lxcfs out: its hook adds 0.5 s to every container stop.
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Incus's incus-simplestreams and incus client (an independent simplestreams producer and consumer
# for the remote image tests) come from bookworm-backports.
if ! command -v incus-simplestreams >/dev/null || ! command -v incus >/dev/null; then
  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/bookworm-backports.list
  DEBIAN_FRONTEND=noninteractive apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -t bookworm-backports incus-extra incus-client
fi

# Unprivileged containers map root to a subordinate id range; LXC checks it through newuidmap.
if ! grep -q '^root:' /etc/subuid 2>/dev/null; then usermod --add-subuids 1000000-1999999999 root; fi
if ! grep -q '^root:' /etc/subgid 2>/dev/null; then usermod --add-subgids 1000000-1999999999 root; fi
