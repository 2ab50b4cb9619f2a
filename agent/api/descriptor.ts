// The corral.v1 package definition, loaded from the descriptor generated at build time (embedded
// in bundles, so no .proto files are read at run time).
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import descriptor from "../../proto/gen/corral-descriptor.json";
import type { ProtoGrpcType as EventsT } from "../../proto/gen/types/events";
import type { ProtoGrpcType as HostT } from "../../proto/gen/types/host";
import type { ProtoGrpcType as ImagesT } from "../../proto/gen/types/images";
import type { ProtoGrpcType as InstancesT } from "../../proto/gen/types/instances";
import type { ProtoGrpcType as NetworksT } from "../../proto/gen/types/networks";
import type { ProtoGrpcType as OperationsT } from "../../proto/gen/types/operations";
import type { ProtoGrpcType as ProfilesT } from "../../proto/gen/types/profiles";
import type { ProtoGrpcType as StorageT } from "../../proto/gen/types/storage";
import type { ProtoGrpcType as TrustT } from "../../proto/gen/types/trust";

/** proto-loader options every Corral component uses (clients and server must agree). */
export const PROTO_OPTIONS: protoLoader.Options = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

type V1 = EventsT["corral"]["v1"] & HostT["corral"]["v1"] & ImagesT["corral"]["v1"] & InstancesT["corral"]["v1"] &
  NetworksT["corral"]["v1"] & OperationsT["corral"]["v1"] & ProfilesT["corral"]["v1"] & StorageT["corral"]["v1"] &
  TrustT["corral"]["v1"];

let cached: V1 | undefined;

/** The loaded corral.v1 package: service constructors and their `.service` definitions. */
export function corralV1(): V1 {
  if (!cached) {
    const def = protoLoader.fromJSON(descriptor as Parameters<typeof protoLoader.fromJSON>[0], PROTO_OPTIONS);
    cached = (grpc.loadPackageDefinition(def) as unknown as { corral: { v1: V1 } }).corral.v1;
  }
  return cached;
}
