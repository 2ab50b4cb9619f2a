// Thin argument-array wrappers for the tools the dir driver runs.
import { run } from "../../../host/run";

/** Copies the contents of src into the existing dir dst, preserving everything; reflinks where the fs can. */
export async function copyTree(src: string, dst: string, signal?: AbortSignal): Promise<void> {
  await run("cp", ["-a", "--reflink=auto", "--", `${src}/.`, `${dst}/`], { timeoutMs: 30 * 60_000, signal });
}
