// Client-streaming uploads over grpc-js: backpressure, and an end as soon as the agent answers.
import { once } from "node:events";
import type { ClientWritableStream } from "@grpc/grpc-js";

const ANSWERED = Symbol("answered");

/** p's outcome, or ANSWERED as soon as the signal aborts (whichever comes first). */
function unlessAnswered<T>(p: Promise<T>, answered: AbortSignal): Promise<T | typeof ANSWERED> {
  return new Promise((resolve, reject) => {
    const onAnswer = () => resolve(ANSWERED);
    if (answered.aborted) onAnswer();
    else answered.addEventListener("abort", onAnswer, { once: true });
    p.then(resolve, reject).finally(() => answered.removeEventListener("abort", onAnswer));
  });
}

/**
 * Sends messages on a client stream with backpressure and resolves with the unary answer.
 * The agent may answer before it has read everything (unknown instance, a rejected header, a full
 * disk, the agent stopping): grpc-js then only calls back, the stream never drains again, so
 * every wait also ends on the answer, sending stops and the answer (often the agent's error) is
 * what the command reports.
 */
export async function upload<T, R>(start: (cb: (err: Error | null, res?: R) => void) => ClientWritableStream<T>, messages: AsyncIterable<T>): Promise<R> {
  const answered = new AbortController();
  let stream!: ClientWritableStream<T>;
  const response = new Promise<R>((resolve, reject) => {
    stream = start((err, res) => (err ? reject(err) : resolve(res as R)));
  });
  // Rejections are read below (returned or left behind for a local error); none goes unhandled.
  response.then(() => answered.abort(), () => answered.abort());
  const it = messages[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await unlessAnswered(it.next(), answered.signal);
      if (next === ANSWERED || next.done) break;
      if (!stream.write(next.value) && (await unlessAnswered(once(stream, "drain"), answered.signal)) === ANSWERED) break;
    }
  } catch (err) {
    // A local failure (the source unreadable): the agent drops what it received.
    stream.cancel();
    throw err;
  } finally {
    // A read still pending when the agent answered: the source closes once it completes.
    it.return?.().catch(() => undefined);
  }
  stream.end();
  return response;
}

/** Chunk size for uploads: 1 MiB keeps messages well under grpc limits and memory flat. */
export const CHUNK_BYTES = 1024 * 1024;
