// Public surface of the Terraform plugin wire layer (knows nothing about Corral).
export * from "./cty";
export { decodeCtyMsgpack, encodeCtyMsgpack } from "./cty-msgpack";
export { decodeCtyJson, encodeCtyJson } from "./cty-json";
export { decodeDynamicValue, encodeDynamicValue } from "./dynamic-value";
export { attributeType, blockType } from "./schema-type";
export * from "./diagnostics";
export * from "./protocol";
export { createLogger } from "./hclog";
export type { Logger, LogLevel } from "./hclog";
export { serveProvider } from "./server";
export type { ServeOptions, ServingProvider } from "./server";
export { APP_PROTOCOL_VERSION, TF_MAGIC_COOKIE_KEY, TF_MAGIC_COOKIE_VALUE } from "./handshake";
