// Runs inside an agent's network namespace (through the netns worker): calls every method of
// every corral.v1 service over TCP as a caller the agent does not trust (no client certificate,
// or a certificate it never enrolled), and reports what each call got, plus what ListImages and
// ExportImage give such a caller.
import * as grpc from "@grpc/grpc-js";
import { corralV1 } from "../../agent/api/descriptor";
import { connect } from "../../agent/client/client";
import { clientCredentials } from "../../agent/security/tls";
import type { ImageExportChunk__Output } from "../../proto/gen/types/corral/v1/ImageExportChunk";

/** Each call is refused or answered by the agent on the same host at once; a bound for a loaded machine. */
const CALL_TIMEOUT_MS = 10_000;

type Outcome = { code: number; details: string };

function oneCall(client: grpc.Client, def: grpc.MethodDefinition<unknown, unknown>): Promise<Outcome> {
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  return new Promise<Outcome>((resolve) => {
    const done = (e: grpc.ServiceError | null) => resolve({ code: e ? e.code : grpc.status.OK, details: e?.details ?? "" });
    const ser = def.requestSerialize;
    const de = def.responseDeserialize;
    if (!def.requestStream && !def.responseStream) {
      client.makeUnaryRequest(def.path, ser, de, {}, new grpc.Metadata(), { deadline }, (e) => done(e));
    } else if (def.requestStream && !def.responseStream) {
      // The request stream stays open: a refusal comes from the metadata alone.
      client.makeClientStreamRequest(def.path, ser, de, new grpc.Metadata(), { deadline }, (e) => done(e));
    } else {
      const call = def.requestStream
        ? client.makeBidiStreamRequest(def.path, ser, de, new grpc.Metadata(), { deadline })
        : client.makeServerStreamRequest(def.path, ser, de, {}, new grpc.Metadata(), { deadline });
      call.on("data", () => {});
      call.on("error", (e: grpc.ServiceError) => done(e));
      call.on("status", (s: grpc.StatusObject) => s.code === grpc.status.OK && done(null));
    }
  });
}

/**
 * Every method's outcome for an untrusted caller at `endpoint` (https://HOST:PORT, pinned by
 * fingerprint), the fingerprints ListImages shows it, and the bytes ExportImage gives it of each
 * fingerprint in `fetch` (or the refusal).
 */
export async function untrustedCalls(
  endpoint: string,
  serverFingerprint: string,
  cert: { certPem: string; keyPem: string } | null,
  fetch: string[],
): Promise<{ methods: Record<string, Outcome>; listed: string[]; exported: Record<string, number | Outcome> }> {
  const credentials = clientCredentials({ serverFingerprint, ...(cert ?? {}) });
  const target = endpoint.replace(/^https:\/\//, "");
  const methods: Record<string, Outcome> = {};
  for (const ctor of Object.values(corralV1()) as unknown as grpc.ServiceClientConstructor[]) {
    const client = new ctor(target, credentials);
    try {
      for (const def of Object.values(ctor.service)) methods[def.path] = await oneCall(client, def as grpc.MethodDefinition<unknown, unknown>);
    } finally {
      client.close();
    }
  }
  const c = connect({ endpoint, credentials });
  try {
    const listed = (await c.images.ListImages({}, { deadlineMs: CALL_TIMEOUT_MS })).images.map((i) => i.fingerprint).sort();
    const exported: Record<string, number | Outcome> = {};
    for (const fp of fetch) {
      exported[fp] = await new Promise<number | Outcome>((resolve) => {
        let bytes = 0;
        const call = c.raw.images.ExportImage({ fingerprint: fp }, { deadline: Date.now() + CALL_TIMEOUT_MS });
        call.on("data", (m: ImageExportChunk__Output) => (bytes += m.data?.length ?? 0));
        call.on("error", (e: grpc.ServiceError) => resolve({ code: e.code, details: e.details }));
        call.on("end", () => resolve(bytes));
      });
    }
    return { methods, listed, exported };
  } finally {
    c.close();
  }
}
