// The frames corral-exec-helper (agent/instances/drivers/lxc/exec-helper.c) reads and writes, in
// both of its modes (a container's exec helper, and corrald's host command starter): u32le length
// of what follows, u8 type, u32le session id, payload.

/** Frame types (see exec-helper.c). */
export const T = { START: 1, STDIN: 2, STDIN_CLOSE: 3, SIGNAL: 4, READY: 0x80, STARTED: 0x81, FAILED: 0x82, STDOUT: 0x83, STDERR: 0x84, STDIN_ACK: 0x85, EXIT: 0x86 } as const;
/** The helper's own frames are capped at 16 MiB; stdin goes in pieces well below that. */
export const STDIN_PIECE = 1 << 20;

export function frame(type: number, id: number, payload?: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt32LE(5 + (payload?.length ?? 0), 0);
  head.writeUInt8(type, 4);
  head.writeUInt32LE(id, 5);
  return payload?.length ? Buffer.concat([head, payload]) : head;
}

/** Splits the helper's output into frames, handing each whole one to `handle`. */
export class FrameReader {
  private input: Buffer = Buffer.alloc(0);
  constructor(private readonly handle: (type: number, id: number, payload: Buffer) => void) {}

  push(d: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, d]) : d;
    while (this.input.length >= 4) {
      const len = this.input.readUInt32LE(0);
      if (this.input.length < 4 + len) break;
      const type = this.input.readUInt8(4);
      const id = this.input.readUInt32LE(5);
      const payload = this.input.subarray(9, 4 + len);
      this.input = this.input.subarray(4 + len);
      this.handle(type, id, payload);
    }
  }
}
