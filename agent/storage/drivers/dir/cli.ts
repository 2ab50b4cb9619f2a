// Thin argument-array wrappers for the tools the dir driver runs.
import { run } from "../../../host/run";

/** Copies the contents of src into the existing dir dst, preserving everything; reflinks where the fs can.
 * A background copy runs at the lowest CPU and I/O priority (nice, ionice exec cp in place). */
export async function copyTree(src: string, dst: string, signal?: AbortSignal, background = false): Promise<void> {
  const cp = ["cp", "-a", "--reflink=auto", "--", `${src}/.`, `${dst}/`];
  const argv = background ? ["nice", "-n", "19", "ionice", "-c", "3", ...cp] : cp;
  await run(argv[0]!, argv.slice(1), { timeoutMs: 30 * 60_000, signal });
}
