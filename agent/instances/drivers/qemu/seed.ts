// The NoCloud seed a VM's cloud-init reads at boot: an ISO9660 volume labelled "cidata" holding
// meta-data and user-data (plus network-config and vendor-data when given), attached as a
// read-only virtio disk. Built with xorriso; written beside the VM's other files.
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CorralError, invalid } from "../../../errors";
import { run } from "../../../host/run";

/** cloud-init's NoCloud datasource finds its seed by this filesystem label. */
export const SEED_VOLUME_LABEL = "cidata";
/** File name of the seed image inside the directory given to buildSeedIso. */
export const SEED_ISO_NAME = "seed.iso";
/**
 * Upper bound on the seed's contents. Seeds carry configuration text; the largest cloud user-data
 * limits are far below this (EC2 16 KiB, GCE 256 KiB), so 4 MiB leaves room for files embedded
 * with write_files while stopping a mistaken binary or log pasted into user_data before it is
 * copied into every VM that uses it.
 */
export const MAX_SEED_CONTENT_BYTES = 4 * 1024 * 1024;
/** xorriso writes a seed of a few MB in well under a second; 30 s covers a host busy with TCG guests. */
export const SEED_BUILD_TIMEOUT_MS = 30_000;

/** What goes into the seed, as cloud-init reads it (YAML text, user-data in any cloud-init format). */
export interface SeedData {
  /** Must carry `instance-id`: cloud-init re-runs per-instance modules when it changes. */
  metaData: string;
  userData?: string;
  networkConfig?: string;
  vendorData?: string;
}

export interface SeedIsoOptions {
  /** Name of the ISO inside dir (default SEED_ISO_NAME). */
  fileName?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Seed file name, and the Terraform attribute path that supplies it (for error messages). */
const SEED_FILES: { key: keyof SeedData; file: string; field: string }[] = [
  { key: "metaData", file: "meta-data", field: "cloud_init.meta_data" },
  { key: "userData", file: "user-data", field: "cloud_init.user_data" },
  { key: "networkConfig", file: "network-config", field: "cloud_init.network_config" },
  { key: "vendorData", file: "vendor-data", field: "cloud_init.vendor_data" },
];

/**
 * Writes the NoCloud seed ISO into dir (replacing any previous one atomically) and returns its
 * path. meta-data and user-data are always present (user-data empty when not given), because
 * cloud-init's NoCloud datasource ignores a seed that lacks either.
 */
export async function buildSeedIso(dir: string, data: SeedData, opts: SeedIsoOptions = {}): Promise<string> {
  const files = SEED_FILES.flatMap(({ key, file, field }) => {
    const text = data[key] ?? (key === "userData" ? "" : undefined);
    return text === undefined ? [] : [{ file, field, bytes: Buffer.from(text, "utf8") }];
  });
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > MAX_SEED_CONTENT_BYTES) {
    const largest = files.reduce((a, b) => (b.bytes.length > a.bytes.length ? b : a));
    const sizes = files.map((f) => `${f.file} ${mib(f.bytes.length)}`).join(", ");
    throw invalid(largest.field, `the cloud-init seed would hold ${mib(total)} (${sizes}); the limit is ${mib(MAX_SEED_CONTENT_BYTES)}`);
  }

  const out = join(dir, opts.fileName ?? SEED_ISO_NAME);
  const staging = await mkdtemp(join(dir, ".seed-"));
  try {
    for (const f of files) await writeFile(join(staging, f.file), f.bytes, { mode: 0o644 });
    const partial = join(staging, "seed.iso.partial");
    await run(
      "xorriso",
      ["-as", "mkisofs", "-quiet", "-output", partial, "-volid", SEED_VOLUME_LABEL, "-joliet", "-rock", ...files.map((f) => f.file)],
      { cwd: staging, timeoutMs: opts.timeoutMs ?? SEED_BUILD_TIMEOUT_MS, signal: opts.signal },
    );
    await rename(partial, out);
  } catch (e) {
    if (e instanceof CorralError) throw e;
    throw new CorralError("CORRAL_ERR_INTERNAL", `cannot write the cloud-init seed ${out}: ${(e as Error).message}`, { cause: e });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return out;
}

const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 3 : 1)} MiB`;
