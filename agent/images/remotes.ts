// Image servers the agent can fetch from, kept in the store under `remotes/<name>`. The two public
// servers users know are there from the first start; nothing contacts them until an image is
// asked for.
import { X509Certificate } from "node:crypto";
import { alreadyExists, CorralError, invalid } from "../errors";
import { parseObjectName } from "../config/rules";
import type { Locks } from "../operations/locks";
import type { Store } from "../state/store";
import { REMOTE_PROTOCOLS, type RemoteProtocol, type RemoteProtocolDriver } from "./protocols";

export interface RemoteRecord {
  name: string;
  url: string;
  protocol: RemoteProtocol;
  public: boolean;
  /** PEM the server must present; absent = verified against the system CA store. */
  certificate?: string;
  /** SHA-256 of the server's certificate, pinned (corral remotes). */
  fingerprint?: string;
}

/** A remote as a user gives it (the API's Remote message). */
export interface RemoteInput {
  name: string;
  url: string;
  protocol?: string;
  public?: boolean;
  certificate?: string;
  /** A trust token of the server, redeemed once when the remote is added; never stored. */
  token?: string;
  server_fingerprint?: string;
}

export const DEFAULT_REMOTES: readonly RemoteRecord[] = [
  { name: "images", url: "https://images.linuxcontainers.org", protocol: "simplestreams", public: true },
  { name: "ubuntu", url: "https://cloud-images.ubuntu.com/releases", protocol: "simplestreams", public: true },
];

const remoteKey = (name: string) => `remotes/${name}`;
/** Set once the defaults were added, so a removed default stays removed. */
const SEEDED_KEY = "remotes-seeded";

/** Checks a remote as given by a user; returns it normalised (no trailing slash). */
export function parseRemote(input: RemoteInput): RemoteRecord {
  parseObjectName(input.name, "name");
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid("url", `must be an https:// URL (got "${input.url}")`);
  }
  if (url.protocol !== "https:") throw invalid("url", `must be an https:// URL; ${url.protocol}// is not accepted (got "${input.url}")`);
  if (url.search || url.hash || url.username || url.password) throw invalid("url", "must not carry credentials, a query or a fragment");
  const protocol = (input.protocol || "simplestreams") as RemoteProtocol;
  if (!REMOTE_PROTOCOLS.includes(protocol)) throw invalid("protocol", `must be one of ${REMOTE_PROTOCOLS.join(", ")} (got "${protocol}")`);
  const rec: RemoteRecord = { name: input.name, url: url.toString().replace(/\/+$/, ""), protocol, public: !!input.public };
  if (input.certificate) {
    try {
      new X509Certificate(input.certificate);
    } catch (e) {
      throw invalid("certificate", `must be a PEM certificate (${(e as Error).message})`);
    }
    rec.certificate = input.certificate;
  }
  return rec;
}

export class RemoteManager {
  constructor(private store: Store, private locks: Locks, private protocols: Record<RemoteProtocol, RemoteProtocolDriver>) {}

  /** Adds the default remotes on the first start only. */
  async ensureDefaults(): Promise<void> {
    await this.locks.with("remotes", async () => {
      if (await this.store.get(SEEDED_KEY)) return;
      for (const r of DEFAULT_REMOTES) if (!(await this.store.get(remoteKey(r.name)))) await this.store.put(remoteKey(r.name), r);
      await this.store.put(SEEDED_KEY, { at: new Date().toISOString() });
    });
  }

  async list(): Promise<RemoteRecord[]> {
    return (await this.store.list<RemoteRecord>("remotes/")).map((e) => e.value);
  }

  async get(name: string, field = "remote"): Promise<RemoteRecord> {
    const rec = await this.store.get<RemoteRecord>(remoteKey(name));
    if (!rec) throw new CorralError("CORRAL_ERR_NOT_FOUND", `${field}: remote "${name}" not found (see corral remote list)`, { field });
    return rec.value;
  }

  /** Adds a remote once its protocol has checked it (a corral remote with a token enrols first). */
  async add(input: RemoteInput): Promise<RemoteRecord> {
    const parsed = parseRemote(input);
    // Before the protocol's checks: a token is not spent on a name that is taken.
    if (await this.store.get(remoteKey(parsed.name))) throw alreadyExists(`remote "${parsed.name}"`);
    const rec = await this.protocols[parsed.protocol].prepare(parsed, input);
    return this.locks.with("remotes", async () => {
      if (await this.store.get(remoteKey(rec.name))) throw alreadyExists(`remote "${rec.name}"`);
      await this.store.put(remoteKey(rec.name), rec);
      return rec;
    });
  }

  async remove(name: string): Promise<void> {
    await this.locks.with("remotes", async () => {
      await this.get(name, "name");
      await this.store.delete(remoteKey(name));
    });
  }
}

/** Splits `REMOTE:REF`; undefined for a local reference (no colon). */
export function splitRemoteRef(ref: string): { remote: string; ref: string } | undefined {
  const i = ref.indexOf(":");
  if (i <= 0) return undefined;
  return { remote: ref.slice(0, i), ref: ref.slice(i + 1) };
}
