// One bounded connect to a unix socket (QEMU's monitor, guest agent and console sockets).
import { connect, type Socket } from "node:net";
import { CorralError } from "../errors";

/** Connects within timeoutMs; rejects with the socket's errno error, a timeout, or on signal. `what` names it in errors. */
export function openUnixSocket(path: string, timeoutMs: number, opts: { what: string; signal?: AbortSignal }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path });
    const finish = (err: Error | undefined): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      socket.removeListener("connect", onConnect);
      socket.removeListener("error", onError);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onConnect = (): void => finish(undefined);
    const onError = (e: Error): void => finish(e);
    const onAbort = (): void => finish(new CorralError("CORRAL_ERR_CANCELLED", `connecting to ${opts.what}: cancelled`));
    const timer = setTimeout(() => finish(new CorralError("CORRAL_ERR_TIMEOUT", `${opts.what}: connect did not complete within ${timeoutMs} ms`)), timeoutMs);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", onConnect);
    socket.once("error", onError);
  });
}
