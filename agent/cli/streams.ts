// Small helpers for writing to grpc-js client streams with backpressure.
import { once } from "node:events";
import type { Writable } from "node:stream";

/** Writes one message, waiting for 'drain' when the stream's buffer is full. */
export async function writeWithBackpressure<T>(stream: Writable, msg: T): Promise<void> {
  if (!stream.write(msg)) await once(stream, "drain");
}

/** Ends a client stream and resolves with the unary response its callback delivered. */
export function responseOf<R>(start: (cb: (err: Error | null, res?: R) => void) => Writable): { stream: Writable; response: Promise<R> } {
  let stream!: Writable;
  const response = new Promise<R>((resolve, reject) => {
    stream = start((err, res) => (err ? reject(err) : resolve(res as R)));
  });
  // Avoid an unhandled rejection if the caller fails while still writing; it awaits `response` later.
  response.catch(() => undefined);
  return { stream, response };
}

/** Chunk size for uploads: 1 MiB keeps messages well under grpc limits and memory flat. */
export const CHUNK_BYTES = 1024 * 1024;
