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

/** Where a helper's frames go: READY, and each session's (frames of an unknown session are dropped). */
export interface FrameTarget<S> {
  ready(): void;
  session(id: number): S | undefined;
  /** STARTED: the command runs (its exec succeeded). */
  started?(s: S): void;
  /** STDOUT and STDERR: a copy of the bytes (the frame's buffer is reused). */
  output(s: S, data: Buffer, stream: "stdout" | "stderr"): void;
  /** STDIN_ACK: the command took that many bytes of its stdin. */
  stdinAck?(s: S, bytes: number): void;
  /** FAILED: nothing ran; the helper's reason. */
  failed(id: number, s: S, reason: string): void;
  /** EXIT: the command's status (as the helper's mode reports it). */
  exited(id: number, s: S, status: number): void;
}

/** Splits the helper's output into frames and routes each whole one to its target. */
export class FrameReader<S> {
  private input: Buffer = Buffer.alloc(0);
  constructor(private readonly to: FrameTarget<S>) {}

  private handle(type: number, id: number, p: Buffer): void {
    if (type === T.READY) return this.to.ready();
    const s = this.to.session(id);
    if (!s) return;
    switch (type) {
      case T.STARTED:
        return this.to.started?.(s);
      case T.STDOUT:
      case T.STDERR:
        return this.to.output(s, Buffer.from(p), type === T.STDOUT ? "stdout" : "stderr");
      case T.STDIN_ACK:
        return this.to.stdinAck?.(s, p.readUInt32LE(0));
      case T.FAILED:
        return this.to.failed(id, s, p.toString());
      case T.EXIT:
        return this.to.exited(id, s, p.readInt32LE(0));
    }
  }

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
