// The lease sweeper and renewals. A bounded timer looks for expired leases: expired instances are
// deleted first (stopped by force), then expired networks and custom volumes that nothing uses any
// more. The first sweep runs at agent start, so what expired while the agent was down goes too.
import { hasCode, invalid, notFound } from "../errors";
import type { Events } from "../events/events";
import type { InstanceManager } from "../instances/manager";
import type { NetworkManager } from "../network/manager";
import type { Operations } from "../operations/operations";
import type { StorageManager } from "../storage/manager";
import { log } from "../util/log";
import { LEASE_EXPIRES_AT, leaseExpiry, renewLease, splitLease } from "./lease";

/**
 * How often leases are checked: an expired environment goes within a second or two, and a sweep
 * is a few store reads (no host work unless something expired).
 */
export const LEASE_SWEEP_MS = 1_000;
/** An expired instance's delete (force stop, root volume removal) gets this long per sweep. */
const EXPIRED_DELETE_TIMEOUT_MS = 60_000;

export type LeaseKind = "instance" | "network" | "volume";

export interface LeaseView {
  kind: LeaseKind;
  name: string;
  expiresAt: string;
}

export class Leases {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  /** Expired objects still in use, already reported once (the sweep retries them quietly). */
  private reported = new Set<string>();

  constructor(
    private instances: InstanceManager,
    private networks: NetworkManager,
    private pools: StorageManager,
    private ops: Operations,
    private events: Events,
    /** The clock leases are measured against (injectable for tests). */
    private now: () => number = Date.now,
  ) {}

  /** Starts sweeping now and every LEASE_SWEEP_MS until stop(). */
  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .catch((e) => log("error", "lease sweep failed", { error: (e as Error).message }))
        .finally(() => {
          this.sweeping = undefined;
          this.schedule(LEASE_SWEEP_MS);
        });
    }, ms);
  }

  /** Stops the timer and waits for a sweep in progress (which deletes nothing more). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private expired(config: Record<string, string>): boolean {
    const t = leaseExpiry(config);
    return t !== undefined && t <= this.now();
  }

  /** One pass: instances, then networks, then custom volumes. */
  async sweep(): Promise<void> {
    for (const rec of await this.instances.ownRecords()) {
      if (this.stopped) return;
      if (rec.state !== "Created" || !this.expired(rec.config)) continue;
      this.announce("instance", rec.name, rec.config[LEASE_EXPIRES_AT]!);
      const op = await this.instances.delete(rec.name, true).catch((e) => this.failed("instance", rec.name, e));
      if (!op) continue;
      const done = await this.ops.wait(op.id, EXPIRED_DELETE_TIMEOUT_MS);
      if (done.status !== "SUCCESS") this.failed("instance", rec.name, new Error(done.error_message || done.status));
    }
    for (const net of await this.networks.list()) {
      if (this.stopped) return;
      if (!this.expired(net.config)) continue;
      await this.deleteUnused("network", net.name, net.config[LEASE_EXPIRES_AT]!, () => this.networks.delete(net.name));
    }
    for (const pool of await this.pools.list()) {
      for (const vol of await this.pools.listVolumes(pool.name)) {
        if (this.stopped) return;
        if (!this.expired(vol.config)) continue;
        await this.deleteUnused("volume", `${pool.name}/${vol.name}`, vol.config[LEASE_EXPIRES_AT]!, () => this.pools.deleteVolume(pool.name, vol.name));
      }
    }
  }

  /** Deletes an expired network or volume; one still in use stays (reported once) until it is not. */
  private async deleteUnused(kind: string, name: string, expiresAt: string, del: () => Promise<void>): Promise<void> {
    try {
      await del();
      this.announce(kind, name, expiresAt);
      this.reported.delete(`${kind}/${name}`);
    } catch (e) {
      if (!hasCode(e, "CORRAL_ERR_IN_USE")) return this.failed(kind, name, e);
      if (this.reported.has(`${kind}/${name}`)) return;
      this.reported.add(`${kind}/${name}`);
      log("info", `lease of ${kind} ${name} expired; it is kept while in use`, { expires_at: expiresAt, reason: (e as Error).message });
    }
  }

  private announce(kind: string, name: string, expiresAt: string): void {
    log("info", `lease expired: deleting ${kind} ${name}`, { kind, name, expires_at: expiresAt });
    this.events.emit("lifecycle", `${kind}-lease-expired`, `${kind === "volume" ? "storage-volumes" : `${kind}s`}/${name}`, { expires_at: expiresAt });
  }

  private failed(kind: string, name: string, e: unknown): undefined {
    log("error", `could not delete ${kind} ${name} whose lease expired`, { error: (e as Error).message });
    return undefined;
  }

  /** Restarts a lease: kind "" = the instance of that name, else the network; volumes are POOL/NAME. */
  async renew(kind: string, name: string, duration: string): Promise<LeaseView> {
    if (kind === "volume") {
      const [pool, vol] = name.split("/");
      if (!pool || !vol) throw invalid("name", "a volume is named POOL/NAME");
      const v = await this.pools.getVolume(pool, vol);
      const { lease } = splitLease(renewLease(v.config, duration, this.now(), `volume "${name}"`));
      this.reported.delete(`volume/${name}`);
      await this.pools.setVolumeLease(pool, vol, lease);
      return { kind, name, expiresAt: lease[LEASE_EXPIRES_AT]! };
    }
    if (kind !== "network") {
      const rec = await this.instances.get(name).catch((e) => {
        if (kind === "" && hasCode(e, "CORRAL_ERR_NOT_FOUND")) return undefined;
        throw e;
      });
      if (rec) {
        const config = renewLease(rec.config, duration, this.now(), `instance "${name}"`);
        await this.instances.update(name, { config, devices: rec.devices });
        return { kind: "instance", name, expiresAt: config[LEASE_EXPIRES_AT]! };
      }
    }
    const net = await this.networks.get(name).catch((e) => {
      throw kind === "" && hasCode(e, "CORRAL_ERR_NOT_FOUND") ? notFound(`instance or network "${name}"`) : e;
    });
    const config = renewLease(net.config, duration, this.now(), `network "${name}"`);
    this.reported.delete(`network/${name}`);
    await this.networks.update(name, config);
    return { kind: "network", name, expiresAt: config[LEASE_EXPIRES_AT]! };
  }
}
