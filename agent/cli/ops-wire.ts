// The protobuf messages of the lean operation commands (ops-fast.ts), written by hand as
// exec-wire.ts does for Exec: CreateInstanceRequest, DeleteInstanceRequest,
// ChangeInstanceStateRequest, PullImageRequest, GetOperationRequest out, Operation in (proto/corral/v1).
// test/unit/ops-wire.test.ts checks them against the agent's serializers. The booleans and numbers
// the full CLI always sets are written even when zero, so the bytes are the same as its requests.
import { readFields, Writer } from "./exec-wire";

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
  /** "images/<fingerprint>" for an image pull. */
  resource: string;
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

/** `image copy REMOTE:REF [--vm]`: no aliases, not a cache entry. */
export function encodePullImage(remote: string, ref: string, type: string): Buffer {
  return str(str(str(new Writer(), 1, remote), 2, ref), 3, type).uint(6, 0, true).finish();
}

export function encodeGetOperation(id: string): Buffer {
  return str(new Writer(), 1, id).finish();
}

/** Decodes an Operation (fields the CLI does not use are skipped). */
export function decodeOperation(buf: Buffer): OperationMsg {
  const op: OperationMsg = { id: "", resource: "", status: STATUS[0]!, stage: "", percent: 0, error_code: 0, error_message: "" };
  readFields(buf, "Operation", (field, v) => {
    if (typeof v === "bigint") {
      if (field === 4) op.status = STATUS[Number(v)] ?? String(v);
      else if (field === 7) op.error_code = Number(BigInt.asIntN(32, v));
    } else if (field === 6 && v.length === 8) op.percent = v.readDoubleLE(0);
    else if (field === 1) op.id = v.toString("utf8");
    else if (field === 3) op.resource = v.toString("utf8");
    else if (field === 5) op.stage = v.toString("utf8");
    else if (field === 8) op.error_message = v.toString("utf8");
  });
  return op;
}
