#!/usr/bin/env node
// Starts the bundle dist/__NAME__.js with a V8 code cache beside it. V8 caches only the functions
// a run has compiled, so the cache is rewritten at the exit of the first REFRESHES runs after a
// build: each rewrite adds what that run compiled (other commands, other code paths), and then it
// stays. A changed bundle or node makes V8 reject the cache, and it is made anew. Compiling the
// ~2 MB bundle from source is a fifth of a CLI or provider start; from the cache it is not.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const Module = require("module");

const REFRESHES = 8;
// A lean bundle tried first when the arguments include one of its verbs (`corral exec`): it exports
// `handled`, false when the command line is not one it serves; then the main bundle runs.
const FAST = __FAST__;

/** Runs dist/<name>.js as a module, with its code cache; returns its exports. */
function load(name) {
  const file = path.join(__dirname, "..", "dist", `${name}.js`);
  const cacheFile = `${file}.cache`;
  // The file is V8's cache data followed by one byte: how many runs have written it.
  let cachedData;
  let writes = 0;
  try {
    const buf = fs.readFileSync(cacheFile);
    writes = buf[buf.length - 1];
    cachedData = buf.subarray(0, buf.length - 1);
  } catch {
    /* first run */
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  if (script.cachedDataRejected) writes = 0;
  if (!cachedData || script.cachedDataRejected || writes < REFRESHES) {
    process.once("exit", () => {
      try {
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, Buffer.concat([script.createCachedData(), Buffer.from([writes + 1])]));
        fs.renameSync(tmp, cacheFile);
      } catch {
        /* read-only install: run without a cache */
      }
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, (id) => mod.require(id), mod, file, path.dirname(file));
  return mod.exports;
}

if (!(FAST && process.argv.some((a) => FAST.verbs.includes(a)) && load(FAST.bundle).handled)) load("__NAME__");
