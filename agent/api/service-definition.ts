// gRPC service definitions straight from a protobufjs root (the JSON descriptor generated at build
// time): no .proto files at start-up, and no proto-loader reflection descriptors (~12 ms saved).
import type * as grpc from "@grpc/grpc-js";
import type * as protobuf from "protobufjs/light";

/** The decode options every Corral component uses (proto-loader's semantics). */
export const CONVERSION: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

/** A grpc-js ServiceDefinition for the fully qualified service `name` in root. */
export function serviceDefinition(root: protobuf.Root, name: string): grpc.ServiceDefinition {
  const service = root.lookupService(name);
  const def: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const m of service.methodsArray) {
    m.resolve();
    const req = m.resolvedRequestType!;
    const res = m.resolvedResponseType!;
    def[m.name] = {
      path: `/${name}/${m.name}`,
      requestStream: Boolean(m.requestStream),
      responseStream: Boolean(m.responseStream),
      requestSerialize: (v) => Buffer.from(req.encode(req.fromObject(v as Record<string, unknown>)).finish()),
      requestDeserialize: (b) => req.toObject(req.decode(b), CONVERSION),
      // A Buffer is a message already encoded: a relayed stream passes on the owning member's bytes.
      responseSerialize: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(res.encode(res.fromObject(v as Record<string, unknown>)).finish())),
      responseDeserialize: (b) => res.toObject(res.decode(b), CONVERSION),
      originalName: m.name.charAt(0).toLowerCase() + m.name.slice(1),
    };
  }
  return def as grpc.ServiceDefinition;
}
