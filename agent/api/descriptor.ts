// The corral.v1 services, built from the descriptor generated at build time (embedded in bundles,
// so no .proto files are read at run time).
import * as grpc from "@grpc/grpc-js";
import * as protobuf from "protobufjs/light";
import descriptor from "../../proto/gen/corral-descriptor.json";
import { serviceDefinition } from "./service-definition";
import type { ProtoGrpcType as EventsT } from "../../proto/gen/types/events";
import type { ProtoGrpcType as HostT } from "../../proto/gen/types/host";
import type { ProtoGrpcType as ImagesT } from "../../proto/gen/types/images";
import type { ProtoGrpcType as InstancesT } from "../../proto/gen/types/instances";
import type { ProtoGrpcType as LifecycleT } from "../../proto/gen/types/lifecycle";
import type { ProtoGrpcType as NetworksT } from "../../proto/gen/types/networks";
import type { ProtoGrpcType as NetworkPolicyT } from "../../proto/gen/types/network_policy";
import type { ProtoGrpcType as OperationsT } from "../../proto/gen/types/operations";
import type { ProtoGrpcType as ProfilesT } from "../../proto/gen/types/profiles";
import type { ProtoGrpcType as RemotesT } from "../../proto/gen/types/remotes";
import type { ProtoGrpcType as ConfigT } from "../../proto/gen/types/config";
import type { ProtoGrpcType as StorageT } from "../../proto/gen/types/storage";
import type { ProtoGrpcType as TrustT } from "../../proto/gen/types/trust";
import type { ProtoGrpcType as ClusterT } from "../../proto/gen/types/cluster";


type V1 = EventsT["corral"]["v1"] & HostT["corral"]["v1"] & ImagesT["corral"]["v1"] & InstancesT["corral"]["v1"] &
  NetworksT["corral"]["v1"] & OperationsT["corral"]["v1"] & ProfilesT["corral"]["v1"] & StorageT["corral"]["v1"] &
  TrustT["corral"]["v1"] & LifecycleT["corral"]["v1"] & ClusterT["corral"]["v1"] & NetworkPolicyT["corral"]["v1"] &
  RemotesT["corral"]["v1"] & ConfigT["corral"]["v1"];

let cached: V1 | undefined;

const SERVICES = ["Events", "Host", "Images", "Instances", "Networks", "Operations", "Profiles", "StoragePools", "Trust", "Lifecycle", "Cluster", "NetworkForwards", "NetworkACLs", "Remotes", "ServerConfig"];

/** The corral.v1 service client constructors, each with its `.service` definition. */
export function corralV1(): V1 {
  if (!cached) {
    const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    const out: Record<string, unknown> = {};
    for (const name of SERVICES) out[name] = grpc.makeGenericClientConstructor(serviceDefinition(root, `corral.v1.${name}`), name);
    cached = out as unknown as V1;
  }
  return cached;
}
