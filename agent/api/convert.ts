// Domain records -> wire messages.
import type { Instance } from "../../proto/gen/types/corral/v1/Instance";
import type { InstanceState } from "../../proto/gen/types/corral/v1/InstanceState";
import type { Device } from "../../proto/gen/types/corral/v1/Device";
import type { Image } from "../../proto/gen/types/corral/v1/Image";
import type { Network } from "../../proto/gen/types/corral/v1/Network";
import type { StoragePool } from "../../proto/gen/types/corral/v1/StoragePool";
import type { Volume } from "../../proto/gen/types/corral/v1/Volume";
import type { VolumeSnapshot } from "../../proto/gen/types/corral/v1/VolumeSnapshot";
import type { Profile } from "../../proto/gen/types/corral/v1/Profile";
import type { Snapshot } from "../../proto/gen/types/corral/v1/Snapshot";
import type { Devices } from "../instances/config";
import type { InstanceRuntimeState } from "../instances/driver";
import type { InstanceRecord, SnapshotRecord } from "../instances/manager";
import type { ProfileRecord } from "../instances/profiles";
import type { StoredImage } from "../images/manager";
import type { Lease } from "../network/driver";
import type { NetworkRecord } from "../network/manager";
import type { CustomVolumeRecord, PoolRecord, VolumeSnapshotRecord } from "../storage/manager";

export const devicesToWire = (d: Devices): Record<string, Device> =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, { properties: v }]));

export const devicesFromWire = (d: Record<string, { properties?: Record<string, string> }> | undefined): Devices =>
  Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k, { ...(v.properties ?? {}) }]));

export function stateToWire(st: InstanceRuntimeState): InstanceState {
  return {
    status: st.status,
    pid: st.pid,
    cpu_usage_ns: st.cpuUsageNs,
    memory_usage_bytes: st.memoryUsageBytes,
    memory_limit_bytes: st.memoryLimitBytes,
    network: Object.fromEntries(Object.entries(st.network).map(([name, n]) => [name, {
      hwaddr: n.hwaddr, host_name: n.hostName, state: n.state, mtu: n.mtu,
      addresses: n.addresses.map((a) => ({ family: a.family, address: a.address, netmask: a.netmask, scope: a.scope })),
    }])),
  };
}

export function instanceToWire(rec: InstanceRecord, ex: { config: Record<string, string>; devices: Devices }, st: InstanceRuntimeState | undefined): Instance {
  const status = rec.state === "Creating" ? "Creating" : rec.state === "Deleting" ? "Deleting" : st?.status ?? "Error";
  return {
    name: rec.name, type: rec.type, status, image: rec.image, profiles: rec.profiles,
    config: rec.config, devices: devicesToWire(rec.devices),
    expanded_config: ex.config, expanded_devices: devicesToWire(withVolatile(ex.devices, rec.volatile)),
    ephemeral: rec.ephemeral, location: rec.location, created_at: rec.createdAt, description: rec.description,
    state: st ? stateToWire(st) : undefined,
  };
}

/** Shows generated MACs in the expanded view, as LXD shows volatile keys. */
function withVolatile(devices: Devices, volatile: Record<string, string>): Devices {
  const out: Devices = {};
  for (const [k, d] of Object.entries(devices)) {
    out[k] = d.type === "nic" && !d.hwaddr && volatile[`${k}.hwaddr`] ? { ...d, hwaddr: volatile[`${k}.hwaddr`]! } : d;
  }
  return out;
}

export function imageToWire(img: StoredImage): Image {
  return {
    fingerprint: img.fingerprint, type: img.type, architecture: img.architecture, size_bytes: img.sizeBytes,
    created_at: img.createdAt, uploaded_at: img.uploadedAt, aliases: img.aliases, properties: img.properties,
    filename: img.filename, public: !!img.public,
    source_remote: img.source?.remote ?? "", source_alias: img.source?.alias ?? "", cached: !!img.cached,
    source_instance: img.sourceInstance ?? "",
  };
}

export function networkToWire(n: NetworkRecord, usedBy: string[], leases: Lease[]): Network {
  return {
    name: n.name, type: n.type, config: n.config, status: "Created", description: n.description, used_by: usedBy,
    leases: leases.map((l) => ({ hostname: l.hostname, hwaddr: l.hwaddr, address: l.address, type: l.type })),
  };
}

export function poolToWire(p: PoolRecord, usage: { usedBytes: number; totalBytes: number }, usedBy: string[]): StoragePool {
  return { name: p.name, driver: p.driver, config: p.config, status: "Created", used_bytes: usage.usedBytes, total_bytes: usage.totalBytes, description: p.description, used_by: usedBy };
}

export function volumeToWire(v: CustomVolumeRecord, usedBytes: number, location: string, usedBy: string[]): Volume {
  return { pool: v.pool, name: v.name, type: "custom", content_type: v.contentType, config: v.config, used_bytes: usedBytes, location, used_by: usedBy };
}

export function profileToWire(p: ProfileRecord, usedBy: string[]): Profile {
  return { name: p.name, description: p.description, config: p.config, devices: devicesToWire(p.devices), used_by: usedBy };
}

/** A snapshot record as the API returns it. */
export function snapshotToWire(s: SnapshotRecord): Snapshot {
  return { instance: s.instance, name: s.name, created_at: s.createdAt, stateful: false, expires_at: s.expiresAt ?? "" };
}

export function volumeSnapshotToWire(s: VolumeSnapshotRecord): VolumeSnapshot {
  return { pool: s.pool, volume: s.volume, name: s.name, created_at: s.createdAt };
}
