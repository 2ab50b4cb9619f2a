// The protocols a remote can speak, behind one interface: the remote manager, the puller and the
// cache never ask which protocol a remote uses. Adding one = a file here and a line in the registry.
import type { ImageFiles } from "../import";
import type { RemoteInput, RemoteRecord } from "../remotes";
import type { RemoteImage } from "../simplestreams";
import { corralProtocol } from "./corral";
import { simplestreamsProtocol } from "./simplestreams";

export interface DownloadOptions {
  signal?: AbortSignal;
  /**
   * Every byte, in the order of the image's fingerprint (metadata or unified file, then rootfs);
   * a chunk is only valid during the call (its memory may be read into again).
   */
  onChunk: (chunk: Buffer) => void;
}

export interface RemoteProtocolDriver {
  /**
   * Checks and completes the protocol's part of a remote being added (pins, enrolment with a
   * token); the generic fields are already checked.
   */
  prepare(rec: RemoteRecord, input: RemoteInput): Promise<RemoteRecord>;
  /** Every image the remote offers to this agent; `fresh`: not from a copy the protocol keeps. */
  catalogue(remote: RemoteRecord, signal?: AbortSignal, fresh?: boolean): Promise<RemoteImage[]>;
  /**
   * Writes an image of this remote's catalogue into `dir`; checks what the protocol itself can
   * (sizes, per-file hashes). The caller checks the fingerprint of the whole.
   */
  download(remote: RemoteRecord, image: RemoteImage, dir: string, opts: DownloadOptions): Promise<ImageFiles>;
}

/** What protocols need from the agent. */
export interface ProtocolDeps {
  /** The agent's certificate and key, presented to remotes that are not public. */
  identity: () => { certPem: string; keyPem: string };
}

export const REMOTE_PROTOCOLS = ["simplestreams", "corral"] as const;
export type RemoteProtocol = (typeof REMOTE_PROTOCOLS)[number];

export function remoteProtocols(deps: ProtocolDeps): Record<RemoteProtocol, RemoteProtocolDriver> {
  return { simplestreams: simplestreamsProtocol(), corral: corralProtocol(deps) };
}
