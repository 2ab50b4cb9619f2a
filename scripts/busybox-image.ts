// Builds the busybox LXD-format image used by the quickstart and examples:
//   npx tsx scripts/busybox-image.ts OUT_DIR   -> prints the path of the unified tarball
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { buildBusyboxImage } from "../test/fixtures/images";

const out = resolve(process.argv[2] ?? ".");
mkdirSync(out, { recursive: true });
process.stdout.write(buildBusyboxImage(out).metaPath + "\n");
