// The generated CDKTF bindings: they match the schema the built provider reports to real tofu
// (regenerated from scratch and compared file by file), they type-check under the repo's strict
// options, the example type-checks against the built package, and wrong props are compile errors
// with the expected TypeScript codes.
import t from "tap";
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import { run } from "../../agent/host/run";
import { ROOT } from "../helpers/agent";
import { workspace } from "../helpers/tofu";

const PKG = join(ROOT, "provider", "cdktf");
const GEN = join(PKG, "gen");
const EXAMPLE = join(ROOT, "examples", "cdktf");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

t.test("bindings match the provider schema that tofu prints", async (t) => {
  const ws = workspace(t);
  ws.write({ "main.tf.json": JSON.stringify({ terraform: { required_providers: { corral: { source: "corral/corral", version: "0.1.0" } } } }) });
  await ws.ok(["init", "-no-color", "-input=false"]);
  const printed = JSON.parse((await ws.ok(["providers", "schema", "-json"])).stdout);
  t.same(JSON.parse(readFileSync(join(GEN, "schema.json"), "utf8")), printed, "gen/schema.json is what `tofu providers schema -json` prints");

  const out = mkdtempSync(join(tmpdir(), "corral-cdktf-regen-"));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  await run(process.execPath, [join(ROOT, "scripts", "gen-cdktf.mjs"), "--out", out], { timeoutMs: 120_000 });
  const fresh = files(out).map((f) => relative(out, f)).sort();
  const current = files(GEN).map((f) => relative(GEN, f)).sort();
  t.same(current, fresh, "same files");
  const stale = fresh.filter((f) => current.includes(f) && readFileSync(join(out, f), "utf8") !== readFileSync(join(GEN, f), "utf8"));
  t.same(stale, [], "every generated file is up to date (run `npm run build` to regenerate)");
  for (const cls of ["Instance", "Network", "Image", "StoragePool", "Profile", "Volume", "CorralProvider", "DataCorralInstance"]) {
    t.match(readFileSync(join(GEN, "index.ts"), "utf8") + files(GEN).filter((f) => f.endsWith("index.ts")).map((f) => readFileSync(f, "utf8")).join(""),
      new RegExp(`export class ${cls} extends cdktf\\.`), `${cls} is generated`);
  }
});

/** Compiler options of a tsconfig file, as `tsc -p` would use them. */
function loadConfig(path: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  if (!parsed) throw new Error(`cannot read ${path}`);
  return parsed;
}

const describe = (d: ts.Diagnostic) => {
  const where = d.file ? `${relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
  return `${where} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
};

t.test("bindings and example type-check under strict options; bad props are compile errors", async (t) => {
  // The package's own compile of gen/ (scripts/build-cdktf.mjs) is strict.
  const pkg = loadConfig(join(PKG, "tsconfig.json"));
  t.equal(pkg.options.strict, true, "bindings: strict");
  t.equal(pkg.options.noUnusedLocals, true, "bindings: noUnusedLocals");
  t.same(pkg.fileNames.map((f) => relative(GEN, f)).sort(), files(GEN).filter((f) => f.endsWith(".ts")).map((f) => relative(GEN, f)).sort(), "every generated file is compiled");
  const bindings = ts.createProgram({ rootNames: pkg.fileNames, options: { ...pkg.options, noEmit: true } });
  t.same(ts.getPreEmitDiagnostics(bindings).map(describe), [], "bindings: no errors");

  // The example uses the built package as a user's project does: its declarations, no path into gen/.
  const config = loadConfig(join(EXAMPLE, "tsconfig.json"));
  t.equal(config.options.strict, true, "strict");
  t.equal(config.options.noUnusedLocals, true, "noUnusedLocals");
  t.notOk(config.fileNames.some((f) => f.startsWith(GEN)), "the example does not compile gen/ itself");
  t.ok(config.fileNames.some((f) => f.endsWith("ci-environment.ts")), "the example is compiled");
  const resolved = ts.resolveModuleName("@corral/cdktf", join(EXAMPLE, "main.ts"), config.options, ts.sys).resolvedModule;
  t.equal(resolved && realpathSync(resolved.resolvedFileName), join(PKG, "lib", "index.d.ts"), "@corral/cdktf resolves to the package's declarations");
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  t.same(ts.getPreEmitDiagnostics(program).map(describe), [], "no errors");

  const fixture = join(EXAMPLE, "type-test", "invalid-props.ts");
  const lines = readFileSync(fixture, "utf8").split("\n");
  const expected = lines.flatMap((l, i) => [...l.matchAll(/\/\/ expect TS(\d+)/g)].map((m) => `${i + 1} TS${m[1]}`));
  t.ok(expected.length >= 5, "the fixture marks its errors");
  const bad = ts.createProgram({ rootNames: [fixture], options: config.options });
  const diags = ts.getPreEmitDiagnostics(bad);
  t.same(diags.map((d) => `${d.file!.getLineAndCharacterOfPosition(d.start!).line + 1} TS${d.code}`), expected, `exactly the marked errors:\n${diags.map(describe).join("\n")}`);
  const cpu = diags.find((d) => lines[d.file!.getLineAndCharacterOfPosition(d.start!).line]!.includes("cpu:"));
  t.match(cpu && ts.flattenDiagnosticMessageText(cpu.messageText, " "), /Type 'string' is not assignable to type 'number'/, "cpu must be a number");
});
