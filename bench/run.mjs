// `npm run bench`: runs bench/run.ts under tsx (a devDependency) with the same arguments,
// building bin/ first when it is missing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "bin", "corrald")) || !existsSync(join(root, "bin", "corral"))) {
  const b = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench", "run.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? (r.signal ? 128 : 1));
