// The protobuf messages of the lean operation commands (ops-fast.ts), written by hand as
// exec-wire.ts does for Exec: CreateInstanceRequest, DeleteInstanceRequest,
// ChangeInstanceStateRequest, GetOperationRequest out, Operation in (proto/corral/v1).
// test/unit/ops-wire.test.ts checks them against the agent's serializers. The booleans and numbers
// the full CLI always sets are written even when zero, so the bytes are the same as its requests.
import { Writer } from "./exec-wire";

export interface CreateMsg {
  name: string;
  type: string;
  image: string;
  profiles: string[];
  profilesSet: boolean;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  ephemeral: boolean;
  start: boolean;
}

/** Operation as the CLI needs it; status as the proto loader names it. */
export interface OperationMsg {
  id: string;
  status: string;
  stage: string;
  percent: number;
  error_code: number;
  error_message: string;
}

const STATUS = ["STATUS_UNSPECIFIED", "PENDING", "RUNNING", "SUCCESS", "FAILURE", "CANCELLED"];

const str = (w: Writer, field: number, s: string) => (s ? w.string(field, s) : w);
const map = (w: Writer, field: number, m: Record<string, string>) => {
  for (const [k, v] of Object.entries(m)) w.bytesField(field, new Writer().string(1, k).string(2, v).finish());
  return w;
};

export function encodeCreate(m: CreateMsg): Buffer {
  const w = new Writer();
  str(w, 1, m.name);
  str(w, 2, m.type);
  str(w, 3, m.image);
  for (const p of m.profiles) w.string(4, p);
  w.uint(5, m.profilesSet ? 1 : 0);
  map(w, 6, m.config);
  for (const [k, props] of Object.entries(m.devices)) {
    const device = map(new Writer(), 1, props).finish();
    w.bytesField(7, new Writer().string(1, k).bytesField(2, device).finish());
  }
  return w.uint(8, m.ephemeral ? 1 : 0, true).uint(9, m.start ? 1 : 0, true).finish();
}

export function encodeDelete(name: string, force: boolean): Buffer {
  return str(new Writer(), 1, name).uint(2, force ? 1 : 0, true).finish();
}

export function encodeChangeState(name: string, action: string, force: boolean, timeoutS: number): Buffer {
  const w = new Writer();
  str(w, 1, name);
  str(w, 2, action);
  return w.uint(3, force ? 1 : 0, true).uint(4, timeoutS, true).finish();
}

export function encodeGetOperation(id: string): Buffer {
  return str(new Writer(), 1, id).finish();
}

/** Decodes an Operation (fields the CLI does not use are skipped). */
export function decodeOperation(buf: Buffer): OperationMsg {
  const op: OperationMsg = { id: "", status: STATUS[0]!, stage: "", percent: 0, error_code: 0, error_message: "" };
  let pos = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= buf.length) throw new Error("Operation: truncated varint");
      const b = buf[pos++]!;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 4) op.status = STATUS[Number(v)] ?? String(v);
      else if (field === 7) op.error_code = Number(BigInt.asIntN(32, v));
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error("Operation: truncated field");
      const s = buf.toString("utf8", pos, pos + len);
      pos += len;
      if (field === 1) op.id = s;
      else if (field === 5) op.stage = s;
      else if (field === 8) op.error_message = s;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) throw new Error("Operation: truncated field");
      if (field === 6) op.percent = buf.readDoubleLE(pos);
      pos += 8;
    } else if (wire === 5) pos += 4;
    else throw new Error(`Operation: unsupported wire type ${wire}`);
  }
  return op;
}
