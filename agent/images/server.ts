// The agent as an image server: the images marked public, as a simplestreams tree over HTTPS
// (core.https_address), so other agents and LXD/Incus clients can use this agent as a remote.
// The tree is made from the store on each request: streams/v1/index.json, streams/v1/images.json
// and images/<fingerprint>/<file>. Only GET and HEAD; nothing else is served.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { detectFormat } from "./format";
import { imageFilePaths } from "./import";
import type { ImageManager, StoredImage } from "./manager";
import { debug, log } from "../util/log";

const dlog = debug("images");

/** LXD's architecture names -> the Debian names simplestreams products use. */
const DEBIAN_ARCH: Record<string, string> = { x86_64: "amd64", aarch64: "arm64", i686: "i386", armv7l: "armhf", ppc64le: "ppc64el", s390x: "s390x", riscv64: "riscv64" };
/** A slow client holding a connection: dropped after this long without progress. */
const CLIENT_IDLE_TIMEOUT_MS = 60_000;

interface FileInfo {
  sha256: string;
  size: number;
}

export class ImageServer {
  private server?: Server;
  /** Image files never change under their fingerprint: their hashes are computed once. */
  private hashes = new Map<string, Promise<FileInfo>>();

  constructor(private images: ImageManager, private tls: { certPem: string; keyPem: string }) {}

  /** Serves on `address` (host:port; port 0 picks one); returns the port. */
  async listen(address: string): Promise<number> {
    await this.close();
    const m = /^(.*):(\d+)$/.exec(address);
    const host = m![1]!.replace(/^\[(.*)\]$/, "$1");
    const server = createServer({ cert: this.tls.certPem, key: this.tls.keyPem }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        log("warn", "image server request failed", { url: req.url, error: (e as Error).message });
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    server.setTimeout(CLIENT_IDLE_TIMEOUT_MS, (sock) => sock.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(Number(m![2]), host || undefined, () => resolve());
    });
    this.server = server;
    const port = (server.address() as AddressInfo).port;
    log("info", "image server listening", { address, port });
    return port;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private async publicImages(): Promise<StoredImage[]> {
    return (await this.images.list()).filter((i) => i.public);
  }

  private fileInfo(path: string): Promise<FileInfo> {
    let p = this.hashes.get(path);
    if (!p) {
      p = (async () => {
        const h = createHash("sha256");
        for await (const c of createReadStream(path)) h.update(c as Buffer);
        return { sha256: h.digest("hex"), size: (await stat(path)).size };
      })();
      p.catch(() => this.hashes.delete(path));
      this.hashes.set(path, p);
    }
    return p;
  }

  /** The products file: one product per public image, its local aliases as the product's aliases. */
  async products(): Promise<unknown> {
    const products: Record<string, unknown> = {};
    for (const img of await this.publicImages()) {
      const files = imageFilePaths(this.images.imagesDir, img.fingerprint);
      const items: Record<string, unknown> = {};
      const path = (name: string) => `images/${img.fingerprint}/${name}`;
      if (!img.split) {
        const f = await this.fileInfo(files.metaPath);
        // LXD reads the lxd_* item, Incus the incus_* one: both name the same file.
        for (const ftype of ["lxd_combined.tar.gz", "incus_combined.tar.gz"]) items[ftype] = { ftype, path: path("image"), ...f };
      } else {
        const meta = await this.fileInfo(files.metaPath);
        const rootfs = await this.fileInfo(files.rootfsPath);
        const format = await detectFormat(files.rootfsPath, "image rootfs");
        const [key, ftype, combined] =
          format.kind === "qcow2" ? ["disk.qcow2", "disk-kvm.img", "combined_disk-kvm-img_sha256"]
            : format.kind === "squashfs" ? ["root.squashfs", "squashfs", "combined_squashfs_sha256"]
              : ["root.tar.xz", "root.tar.xz", "combined_rootxz_sha256"];
        for (const metaType of ["lxd.tar.xz", "incus.tar.xz"]) {
          items[metaType] = { ftype: metaType, path: path("meta"), ...meta, [combined]: img.fingerprint, ...(ftype === "root.tar.xz" ? { combined_sha256: img.fingerprint } : {}) };
        }
        items[key] = { ftype, path: path("rootfs"), ...rootfs };
      }
      const arch = DEBIAN_ARCH[img.architecture] ?? img.architecture;
      const version = img.createdAt.replace(/[-T]/g, "").replace(/:\d\d(\.\d+)?Z$/, "").replace(/^(\d{8})(\d\d):/, "$1_$2:");
      products[`corral:${img.fingerprint.slice(0, 12)}:${arch}`] = {
        aliases: img.aliases.join(","),
        arch,
        os: img.properties.os ?? "",
        release: img.properties.release ?? "",
        variant: img.properties.variant ?? "default",
        release_title: img.properties.description ?? "",
        versions: { [version]: { items } },
      };
    }
    return { content_id: "images", datatype: "image-downloads", format: "products:1.0", products };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    const path = new URL(req.url ?? "/", "https://x").pathname;
    const json = (doc: unknown) => {
      const body = Buffer.from(JSON.stringify(doc));
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (path === "/streams/v1/index.json") {
      const products = Object.keys(((await this.products()) as { products: object }).products);
      return json({ format: "index:1.0", index: { images: { datatype: "image-downloads", path: "streams/v1/images.json", format: "products:1.0", products } } });
    }
    if (path === "/streams/v1/images.json") return json(await this.products());
    const m = /^\/images\/([0-9a-f]{64})\/(image|meta|rootfs)$/.exec(path);
    const img = m ? (await this.publicImages()).find((i) => i.fingerprint === m[1]) : undefined;
    if (!m || !img || (m[2] === "image") === img.split) return void res.writeHead(404).end();
    const files = imageFilePaths(this.images.imagesDir, img.fingerprint);
    const file = m[2] === "rootfs" ? files.rootfsPath : files.metaPath;
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": (await stat(file)).size });
    if (req.method === "HEAD") return void res.end();
    // pipeline, not pipe: a client that leaves (or is dropped idle) must close the file too.
    pipeline(createReadStream(file), res, (e) => {
      if (e) dlog("image download of %s ended early: %s", file, e.message);
    });
  }
}
