#!/usr/bin/env node
// Builds the npm package @corral/cdktf (provider/cdktf/) from the generated bindings in gen/:
// CommonJS JavaScript, declarations and source maps (sources inlined) in lib/ for `cdktf`, and the
// same output with its imports of "cdktf" pointed at "cdktn" in cdktn/ (`@corral/cdktf/cdktn`), so a
// project on CDK Terrain needs no shim. Both are git-ignored: `npm run build` runs this after
// scripts/gen-cdktf.mjs, and `npm pack` in provider/cdktf runs it again (prepack).
//
// Usage: node scripts/build-cdktf.mjs
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "provider/cdktf");
const require = createRequire(import.meta.url);
const ts = require("typescript");

/** A module specifier naming cdktf (or a path inside it) in emitted JavaScript or declarations. */
const CDKTF_SPECIFIER = /(\brequire\(|\bfrom |\bimport\()(["'])cdktf(\/[^"']*)?\2/g;

/** Compiles gen/ with provider/cdktf/tsconfig.json; returns the emitted files by path, or throws with tsc's errors. */
function compile() {
  const configPath = join(pkg, "tsconfig.json");
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } };
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const out = new Map();
  const emitted = program.emit(undefined, (file, text) => out.set(file, text));
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  }
  return out;
}

/** The cdktn twin of an emitted file: "cdktf" and "cdktn" have the same length, so source maps stay exact. */
function forCdktn(file, text) {
  if (file.endsWith(".map")) {
    const map = JSON.parse(text);
    map.sourcesContent = map.sourcesContent?.map((s) => s?.replace(CDKTF_SPECIFIER, (_m, call, q, rest = "") => `${call}${q}cdktn${rest}${q}`));
    return JSON.stringify(map);
  }
  return text.replace(CDKTF_SPECIFIER, (_m, call, q, rest = "") => `${call}${q}cdktn${rest}${q}`);
}

/** Every file under dir (relative paths); none if it does not exist. */
function listFiles(dir, prefix = "") {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name), join(prefix, d.name)) : [join(prefix, d.name)]));
}

/**
 * Writes a file only if its content changed, through a temp file and a rename: tests that load the
 * package while a build or `npm pack` runs never see a missing or half-written module.
 */
function update(path, content) {
  if (existsSync(path) && readFileSync(path, "utf8") === content) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const started = Date.now();
const emitted = compile();
const lib = join(pkg, "lib");
const cdktn = join(pkg, "cdktn");
const written = new Set();
let imports = 0;
for (const [file, text] of emitted) {
  const rel = relative(lib, file);
  if (rel.startsWith("..")) throw new Error(`tsc wrote ${file}, outside ${lib}`);
  const twin = forCdktn(file, text);
  if (/\brequire\("cdktf"\)/.test(text)) imports++;
  if (twin.match(CDKTF_SPECIFIER)) throw new Error(`${rel}: an import of cdktf is left in the cdktn build`);
  update(join(lib, rel), text);
  update(join(cdktn, rel), twin);
  written.add(rel);
}
if (imports === 0) throw new Error("no compiled module requires cdktf: the cdktn rewrite would be a no-op; check the tsconfig's module setting");
// What an older build left (a resource that no longer exists) goes, and so do emptied folders.
for (const dir of [lib, cdktn]) {
  for (const rel of listFiles(dir)) if (!written.has(rel) && !/\.tmp-\d+$/.test(rel)) rmSync(join(dir, rel));
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.isDirectory() && readdirSync(join(dir, d.name)).length === 0) rmSync(join(dir, d.name), { recursive: true });
  }
}
process.stderr.write(`@corral/cdktf: ${emitted.size} files in lib/ and cdktn/ (${Date.now() - started} ms)\n`);
