// Preload that makes every `require("cdktf")` load cdktn (CDK Terrain, the maintained continuation
// of CDKTF with the same API), in the app and in the generated bindings alike. Proves the stack
// needs no change to move: NODE_OPTIONS="--require ./examples/cdktf/use-cdktn.cjs".
const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "cdktf" || request.startsWith("cdktf/")) request = "cdktn" + request.slice("cdktf".length);
  return resolve.call(this, request, ...rest);
};
