// etcd3 and what it loads (grpc-js from node_modules, proto-loader, the etcd .proto files it
// parses) take ~7 MB of an agent's resident set: it is required on first use, by an agent that
// talks to etcd (a cluster member), not at every agent's start. Type imports of "etcd3" cost
// nothing and stay as they are.
export const etcd3 = (): typeof import("etcd3") => require("etcd3") as typeof import("etcd3");
export const etcd3Pool = (): typeof import("etcd3/lib/connection-pool") => require("etcd3/lib/connection-pool") as typeof import("etcd3/lib/connection-pool");
