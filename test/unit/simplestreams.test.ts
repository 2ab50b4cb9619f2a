// The simplestreams catalogue as images.linuxcontainers.org publishes it (lxd.tar.xz with the
// combined_* fingerprints, root.squashfs / root.tar.xz / disk.qcow2 items, several versions and
// architectures): which image an alias or fingerprint prefix names, by type and architecture.
import t from "tap";
import { parseProducts, productsPaths, resolveRemoteImage } from "../../agent/images/simplestreams";

const h = (c: string) => c.repeat(64);
const item = (ftype: string, sha: string, extra: Record<string, unknown> = {}) => ({ ftype, sha256: sha, size: 100, path: `images/${sha.slice(0, 4)}/${ftype}`, ...extra });

const products = {
  content_id: "images",
  datatype: "image-downloads",
  format: "products:1.0",
  products: {
    "debian:bookworm:amd64:default": {
      aliases: "debian/bookworm/default,debian/bookworm,debian/12/default,debian/12",
      arch: "amd64", os: "Debian", release: "bookworm", variant: "default",
      versions: {
        "20241203_05:24": {
          items: {
            "lxd.tar.xz": item("lxd.tar.xz", h("1"), { combined_squashfs_sha256: h("a"), "combined_disk-kvm-img_sha256": h("b"), combined_rootxz_sha256: h("c") }),
            "root.squashfs": item("squashfs", h("2")),
            "root.tar.xz": item("root.tar.xz", h("3")),
            "disk.qcow2": item("disk-kvm.img", h("4")),
          },
        },
        "20241204_05:24": {
          items: {
            "root.tar.xz": item("root.tar.xz", h("7")),
            "root.squashfs": item("squashfs", h("6")),
            "lxd.tar.xz": item("lxd.tar.xz", h("5"), { combined_squashfs_sha256: h("d"), combined_sha256: h("e"), "combined_disk-kvm-img_sha256": h("f") }),
            "disk.qcow2": item("disk-kvm.img", h("8")),
          },
        },
      },
    },
    "debian:bookworm:arm64:default": {
      aliases: "debian/bookworm/default,debian/bookworm,debian/12/default,debian/12",
      arch: "arm64", os: "Debian", release: "bookworm", variant: "default",
      versions: { "20241204_05:24": { items: { "lxd.tar.xz": item("lxd.tar.xz", h("9"), { combined_squashfs_sha256: h("0") }), "root.squashfs": item("squashfs", h("9")) } } },
    },
    "debian:bookworm:amd64:cloud": {
      aliases: "debian/bookworm/cloud,debian/12/cloud",
      arch: "amd64", os: "Debian", release: "bookworm", variant: "cloud",
      versions: {
        // Only root.tar.xz: the older servers' combined_sha256 is its fingerprint.
        "20241204_05:24": { items: { "lxd.tar.xz": item("lxd.tar.xz", h("5").replace(/^5/, "6"), { combined_sha256: "ab" + h("c").slice(2) }), "root.tar.xz": item("root.tar.xz", h("7")) } },
      },
    },
    "busybox:1.36:amd64:default": {
      aliases: "busybox/1.36",
      arch: "amd64",
      versions: { "1": { items: { "lxd_combined.tar.gz": item("lxd_combined.tar.gz", "abc" + h("1").slice(3)) } } },
    },
    "broken:1:amd64:default": { aliases: "broken", arch: "amd64", versions: { "1": { items: { "lxd.tar.xz": { ftype: "lxd.tar.xz", path: "x" } } } } },
    "alien:1:vax:default": { aliases: "alien", arch: "vax", versions: { "1": { items: { "lxd_combined.tar.gz": item("lxd_combined.tar.gz", h("2")) } } } },
  },
};

t.test("index: the image-downloads products files", async (t) => {
  t.same(productsPaths({ format: "index:1.0", index: { images: { datatype: "image-downloads", path: "streams/v1/images.json" }, other: { datatype: "content-download", path: "x.json" } } }, "index"), ["streams/v1/images.json"]);
  t.throws(() => productsPaths({ index: {} }, "https://x/streams/v1/index.json"), { code: "CORRAL_ERR_REMOTE", message: /index\.json: names no image-downloads products file/ });
  t.throws(() => productsPaths([], "idx"), { code: "CORRAL_ERR_REMOTE" });
  t.throws(() => parseProducts({ nope: 1 }, "p"), { code: "CORRAL_ERR_REMOTE", message: /not a simplestreams products file/ });
});

t.test("products: split container and VM images, combined tarballs, fingerprints", async (t) => {
  const images = parseProducts(products, "p");
  const x86 = { type: "container" as const, architecture: "x86_64" };
  const latest = resolveRemoteImage(images, "debian/12", x86, "r");
  t.equal(latest.fingerprint, h("d"), "newest version, squashfs preferred: combined_squashfs_sha256");
  t.equal(latest.meta.sha256, h("5"));
  t.equal(latest.rootfs?.sha256, h("6"), "the squashfs, not root.tar.xz");
  t.equal(latest.properties.serial, "20241204_05:24");
  t.equal(latest.properties.os, "Debian");
  const vm = resolveRemoteImage(images, "debian/12", { type: "virtual-machine", architecture: "x86_64" }, "r");
  t.equal(vm.fingerprint, h("f"), "combined_disk-kvm-img_sha256");
  t.equal(vm.rootfs?.sha256, h("8"));
  t.equal(resolveRemoteImage(images, "debian/12", { type: "container", architecture: "aarch64" }, "r").fingerprint, h("0"), "architecture aware (arm64 = aarch64)");
  const cloud = resolveRemoteImage(images, "debian/12/cloud", x86, "r");
  t.equal(cloud.fingerprint, "ab" + h("c").slice(2), "root.tar.xz only: combined_sha256");
  const combined = resolveRemoteImage(images, "busybox/1.36", x86, "r");
  t.equal(combined.fingerprint, "abc" + h("1").slice(3), "a combined tarball's fingerprint is its own SHA-256");
  t.equal(combined.rootfs, undefined);
  t.equal(resolveRemoteImage(images, h("a").slice(0, 12), x86, "r").fingerprint, h("a"), "an older version by fingerprint prefix");
  t.equal(resolveRemoteImage(images, h("f").slice(0, 8), x86, "r").type, "virtual-machine", "a fingerprint names one image whatever the type asked");
  t.throws(() => resolveRemoteImage(images, "ab", x86, "r"), { code: "CORRAL_ERR_NOT_FOUND" }, "too short for a prefix");
  t.throws(() => resolveRemoteImage(images, "abcdef", x86, "r"), { code: "CORRAL_ERR_NOT_FOUND" }, "a prefix that matches nothing");
  t.throws(() => resolveRemoteImage(images, "broken", x86, "remote \"r\""), { code: "CORRAL_ERR_NOT_FOUND", message: /image: "broken" not found on remote "r"$/ }, "malformed items are skipped");
  t.throws(() => resolveRemoteImage(images, "alien", x86, "r"), { code: "CORRAL_ERR_NOT_FOUND" }, "unknown architectures are skipped");
  t.throws(() => resolveRemoteImage(images, "debian/12/cloud", { type: "virtual-machine", architecture: "x86_64" }, "r"), { message: /it exists for container x86_64, not for virtual-machine x86_64/ });
  t.throws(() => resolveRemoteImage(images, "", x86, "r"), { code: "CORRAL_ERR_INVALID_ARGUMENT", field: "image" });
});
