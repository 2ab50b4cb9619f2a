// Test helper run inside a netns worker: occupy a UDP port so a daemon that needs it fails to start.
import { createSocket, type Socket } from "node:dgram";

const held = new Map<number, Socket>();

/** Binds 0.0.0.0:port (no SO_REUSEADDR/PORT) until releaseUdpPort. */
export function holdUdpPort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: "udp4", reuseAddr: false });
    s.once("error", reject);
    s.bind(port, "0.0.0.0", () => {
      held.set(port, s);
      resolve();
    });
  });
}

export function releaseUdpPort(port: number): void {
  held.get(port)?.close();
  held.delete(port);
}
