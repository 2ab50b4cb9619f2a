// The protobuf and gRPC framing of the Exec stream (proto/corral/v1/instances.proto: ExecInput,
// ExecStart, ExecResize, ExecOutput), written by hand for the lean `corral exec` (exec-fast.ts):
// it must not load protobufjs or grpc-js. test/unit/exec-wire.test.ts checks it against the
// descriptors the agent uses.

/** One ExecInput: exactly one of its oneof members. */
export type ExecInputMsg =
  | { start: { command: string[]; environment: Record<string, string>; cwd: string; uid?: number; gid?: number; tty: boolean; width?: number; height?: number; instance: string } }
  | { stdin: Buffer }
  | { stdinClose: true }
  | { resize: { width: number; height: number } }
  | { signal: number };

/** One ExecOutput (field names as the proto loader gives them, `msg` says which is set). */
export type ExecOutputMsg =
  | { msg: "stdout"; stdout: Buffer }
  | { msg: "stderr"; stderr: Buffer }
  | { msg: "exit_code"; exit_code: number }
  | { msg: "started"; started: boolean }
  | { msg: undefined };

/** A protobuf writer for the hand-encoded messages (here and ops-wire.ts). */
export class Writer {
  private parts: Buffer[] = [];
  private bytes: number[] = [];

  private flush(): void {
    if (this.bytes.length) this.parts.push(Buffer.from(this.bytes));
    this.bytes = [];
  }

  /** A varint; negative numbers as 64-bit two's complement (int32 rule). */
  varint(n: number): this {
    let v = BigInt.asUintN(64, BigInt(n));
    while (v > 0x7fn) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  /** A length-delimited field (bytes, string, message). */
  bytesField(field: number, data: Buffer): this {
    this.tag(field, 2).varint(data.length);
    this.flush();
    this.parts.push(data);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytesField(field, Buffer.from(s, "utf8"));
  }

  /** A scalar varint field, left out when zero (proto3 default) unless `always`. */
  uint(field: number, n: number | undefined, always = false): this {
    if (n || always) this.tag(field, 0).varint(n ?? 0);
    return this;
  }

  finish(): Buffer {
    this.flush();
    return Buffer.concat(this.parts);
  }
}

/** Encodes one ExecInput message. */
export function encodeExecInput(m: ExecInputMsg): Buffer {
  const w = new Writer();
  if ("start" in m) {
    const s = m.start;
    const sw = new Writer();
    for (const c of s.command) sw.string(1, c);
    for (const [k, v] of Object.entries(s.environment)) sw.bytesField(2, new Writer().string(1, k).string(2, v).finish());
    if (s.cwd) sw.string(3, s.cwd);
    sw.uint(4, s.uid).uint(5, s.gid).uint(6, s.tty ? 1 : 0).uint(7, s.width).uint(8, s.height);
    if (s.instance) sw.string(9, s.instance);
    w.bytesField(1, sw.finish());
  } else if ("stdin" in m) w.bytesField(2, m.stdin);
  else if ("stdinClose" in m) w.uint(3, 1, true);
  else if ("resize" in m) w.bytesField(4, new Writer().uint(1, m.resize.width).uint(2, m.resize.height).finish());
  else w.uint(5, m.signal, true);
  return w.finish();
}

/**
 * Walks a protobuf message's fields: `on` gets each field's number with its value, a varint as a
 * bigint (wire type 0) or the bytes of a length-delimited (2) or 64-bit (1) field; 32-bit fields
 * are skipped. `what` names the message in errors.
 */
export function readFields(buf: Buffer, what: string, on: (field: number, value: bigint | Buffer) => void): void {
  let pos = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length) throw new Error(`${what}: truncated varint`);
      const b = buf[pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  const bytes = (len: number): Buffer => {
    if (pos + len > buf.length) throw new Error(`${what}: truncated field`);
    pos += len;
    return buf.subarray(pos - len, pos);
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const wire = key & 7;
    if (wire === 0) on(key >> 3, varint());
    else if (wire === 2) on(key >> 3, bytes(Number(varint())));
    else if (wire === 1) on(key >> 3, bytes(8));
    else if (wire === 5) bytes(4);
    else throw new Error(`${what}: unsupported wire type ${wire}`);
  }
}

/** Decodes one ExecOutput message; unknown fields are skipped, the last oneof member wins. */
export function decodeExecOutput(buf: Buffer): ExecOutputMsg {
  let out: ExecOutputMsg = { msg: undefined };
  readFields(buf, "ExecOutput", (field, v) => {
    if (typeof v === "bigint") {
      if (field === 3) out = { msg: "exit_code", exit_code: Number(BigInt.asIntN(32, v)) };
      else if (field === 4) out = { msg: "started", started: v !== 0n };
    } else if (field === 1) out = { msg: "stdout", stdout: v };
    else if (field === 2) out = { msg: "stderr", stderr: v };
  });
  return out;
}

/** A gRPC length-prefixed message (uncompressed). */
export function grpcFrame(msg: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(5 + msg.length);
  frame[0] = 0;
  frame.writeUInt32BE(msg.length, 1);
  msg.copy(frame, 5);
  return frame;
}

/** A status's grpc-message as sent (percent-encoded), decoded; one that is not percent-encoded is taken as it is. */
export function grpcMessage(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? "");
  } catch {
    return raw ?? "";
  }
}

/** Splits gRPC length-prefixed messages out of a byte stream, across chunk boundaries. */
export class GrpcDeframer {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk and returns the messages it completed. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.pending.length >= 5) {
      if (this.pending[0] !== 0) throw new Error("gRPC: compressed messages are not accepted");
      const len = this.pending.readUInt32BE(1);
      if (this.pending.length < 5 + len) break;
      out.push(this.pending.subarray(5, 5 + len));
      this.pending = this.pending.subarray(5 + len);
    }
    return out;
  }

  /** Bytes of an unfinished message left over. */
  get leftover(): number {
    return this.pending.length;
  }
}
