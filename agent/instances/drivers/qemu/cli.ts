// The QEMU command line of a VM, built as an argument array from its definition: q35 machine,
// UEFI (OVMF, per-VM VARS copy) or SeaBIOS, virtio disk, NoCloud seed, tap NICs with the agent's
// MACs, the serial console in a bounded ring buffer, QMP and the guest agent channel.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { compareVersions } from "../../../host/probe";
import type { NicKind } from "../../driver";

/** Files of one VM, all in its directory under the agent's `qemu/`. */
export function vmFiles(dir: string) {
  return {
    definition: join(dir, "qemu.json"),
    pid: join(dir, "qemu.pid"),
    qmp: join(dir, "qmp.sock"),
    qga: join(dir, "qga.sock"),
    vars: join(dir, "OVMF_VARS.fd"),
    seed: join(dir, "seed.iso"),
    console: join(dir, "console.log"),
    /** Where QEMU (running as an unprivileged user) may create the socket of an attached console. */
    consoleDir: join(dir, "console"),
    consoleSocket: join(dir, "console", "console.sock"),
    log: join(dir, "qemu.log"),
  };
}

export type Firmware = "uefi" | "bios";

/** Everything needed to start a VM again, written at define and read at start, stop and state. */
export interface VmDefinition {
  name: string;
  /** The root disk: rootfs.img (qcow2) in the VM's volume, or the pool's block device (raw). */
  disk: string;
  /** Absent: qcow2 (definitions written before raw root disks). */
  diskFormat?: "qcow2" | "raw";
  memoryBytes: number;
  cpus: number;
  firmware: Firmware;
  secureBoot: boolean;
  /** `kind` absent: bridged (definitions written before NIC kinds). macvlan NICs are macvtap devices QEMU gets as open fds. */
  nics: { hostName: string; kind?: NicKind; link: string; hwaddr: string; mtu?: number; vlan?: number }[];
  /** Block volumes: raw disk files, each a virtio disk whose serial is its device name. */
  disks: { name: string; source: string; readonly: boolean }[];
  /** SHA-256 of the NoCloud seed's contents when one is attached (cloud-init keys were set), else "". */
  seed: string;
}

/** OVMF builds in Debian's `ovmf` package: plain, and with Microsoft's Secure Boot keys enrolled. */
export const OVMF = {
  plain: { code: "/usr/share/OVMF/OVMF_CODE_4M.fd", vars: "/usr/share/OVMF/OVMF_VARS_4M.fd" },
  secure: { code: "/usr/share/OVMF/OVMF_CODE_4M.ms.fd", vars: "/usr/share/OVMF/OVMF_VARS_4M.ms.fd" },
};

/** The serial console ring: QEMU keeps the newest bytes, so a chatty guest cannot fill the disk. */
export const CONSOLE_RING_BYTES = 1 << 20;
/** The chardev ids the driver talks to over QMP. */
export const CONSOLE_CHARDEV = "console";
/** The guest agent's chardev: QEMU reports through it whether the guest opened the agent's port. */
export const QGA_CHARDEV = "qga0";

/** The fd a VM's macvtap NICs are given to QEMU as, in NIC order (0, 1, ... after stdio): 3, 4, ... */
export const FIRST_TAP_FD = 3;

/** QEMU's arguments for a VM, started paused (-S) so the agent attaches its taps before the guest runs.
 * A macvtap NIC's device is opened by the agent and inherited as fd FIRST_TAP_FD + its index among macvtap NICs. */
/** The QEMU that first takes `-run-with user=`; `-runas` was deprecated then and is gone from 10.0. */
const RUN_WITH_USER_SINCE = "9.1";

export function qemuArgs(def: VmDefinition, dir: string, opts: { accel: "kvm" | "tcg"; runAs?: string; qemuVersion?: string; sandbox: boolean }): string[] {
  const f = vmFiles(dir);
  const args = [
    "-name", `${def.name},process=corral-${def.name}`,
    "-uuid", uuidOf(def.name),
    "-machine", `q35${def.secureBoot ? ",smm=on" : ""}`,
    "-accel", opts.accel === "tcg" ? "tcg,thread=multi" : "kvm",
    "-m", `${Math.floor(def.memoryBytes / 2 ** 20)}M`,
    "-smp", String(def.cpus),
    "-nodefaults", "-no-user-config", "-display", "none", "-vga", "none",
    "-S", "-daemonize", "-pidfile", f.pid,
    "-qmp", `unix:${f.qmp},server=on,wait=off`,
    "-chardev", `ringbuf,id=${CONSOLE_CHARDEV},size=${CONSOLE_RING_BYTES}`,
    "-serial", `chardev:${CONSOLE_CHARDEV}`,
    "-device", "virtio-serial-pci,id=vserial",
    "-chardev", `socket,id=${QGA_CHARDEV},path=${f.qga},server=on,wait=off`,
    "-device", `virtserialport,bus=vserial.0,chardev=${QGA_CHARDEV},name=org.qemu.guest_agent.0`,
    "-device", "virtio-rng-pci",
    "-drive", `file=${def.disk},if=none,id=root,format=${def.diskFormat ?? "qcow2"},discard=unmap`,
    "-device", "virtio-blk-pci,drive=root,bootindex=0",
  ];
  if (def.firmware === "uefi") {
    const ovmf = def.secureBoot ? OVMF.secure : OVMF.plain;
    if (def.secureBoot) args.push("-global", "driver=cfi.pflash01,property=secure,value=on");
    args.push(
      "-drive", `if=pflash,format=raw,unit=0,readonly=on,file=${ovmf.code}`,
      "-drive", `if=pflash,format=raw,unit=1,file=${f.vars}`,
    );
  }
  def.disks.forEach((d, i) => {
    args.push("-drive", `file=${d.source},if=none,id=disk${i},format=raw,discard=unmap${d.readonly ? ",readonly=on" : ""}`);
    args.push("-device", `virtio-blk-pci,drive=disk${i},serial=${d.name}`);
  });
  if (def.seed) args.push("-drive", `file=${f.seed},if=none,id=seed,format=raw,readonly=on`, "-device", "virtio-blk-pci,drive=seed");
  let tapFd = FIRST_TAP_FD;
  def.nics.forEach((n, i) => {
    if (n.kind === "macvlan") args.push("-netdev", `tap,id=net${i},fd=${tapFd++}`);
    else args.push("-netdev", `tap,id=net${i},ifname=${n.hostName},script=no,downscript=no`);
    // romfile= drops iPXE's option ROM: VMs boot from disk, and OVMF loading it costs ~0.5 s under TCG.
    args.push("-device", `virtio-net-pci,netdev=net${i},mac=${n.hwaddr}${n.mtu ? `,host_mtu=${n.mtu}` : ""},romfile=`);
  });
  if (opts.runAs) {
    const runWith = opts.qemuVersion !== undefined && compareVersions(opts.qemuVersion, RUN_WITH_USER_SINCE) >= 0;
    args.push(...(runWith ? ["-run-with", `user=${opts.runAs}`] : ["-runas", opts.runAs]));
  }
  // seccomp: no obsolete or resource-control syscalls. Forking (-daemonize) and the uid change to
  // the run-as user happen after the filter is installed, so those two stay allowed.
  if (opts.sandbox) args.push("-sandbox", "on,obsolete=deny,elevateprivileges=allow,spawn=allow,resourcecontrol=deny");
  return args;
}

/** A stable UUID per VM name (SMBIOS system UUID), so the guest sees the same machine every boot. */
function uuidOf(name: string): string {
  const hex = createHash("sha256").update(`corral-vm:${name}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
