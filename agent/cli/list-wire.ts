// The messages of the lean `corral list` (list-fast.ts), written by hand as ops-wire.ts does for
// the operation commands: ListInstancesRequest out, ListInstancesResponse in (proto/corral/v1/
// instances.proto), decoded into the fields a listing reads, with the defaults the proto loader
// gives (CONVERSION in agent/api/service-definition.ts: absent strings "", maps {}, messages null).
// test/unit/list-wire.test.ts checks them against the agent's serializers.
import { readFields, Writer } from "./exec-wire";
import type { ListedInstance } from "./instance-list";

type State = NonNullable<ListedInstance["state"]>;
type Address = State["network"][string]["addresses"][number];

const text = (v: bigint | Buffer): string => (typeof v === "bigint" ? "" : v.toString("utf8"));

export function encodeListInstances(withState: boolean): Buffer {
  // Written even when false, as the serializer the full CLI uses writes a set boolean.
  return new Writer().uint(1, withState ? 1 : 0, true).finish();
}

/** A map entry's key and value (field 1 and 2); `value` reads a message-typed value. */
function entry<T>(buf: Buffer, what: string, value: (v: Buffer | undefined) => T): [string, T] {
  let key = "";
  let raw: Buffer | undefined;
  readFields(buf, what, (f, v) => {
    if (f === 1) key = text(v);
    else if (f === 2 && typeof v !== "bigint") raw = v;
  });
  return [key, value(raw)];
}

const stringMapValue = (v: Buffer | undefined) => v?.toString("utf8") ?? "";

function decodeAddress(buf: Buffer): Address {
  const a: Address = { family: "", address: "", scope: "" };
  readFields(buf, "NetworkAddress", (f, v) => {
    if (f === 1) a.family = text(v);
    else if (f === 2) a.address = text(v);
    else if (f === 4) a.scope = text(v);
  });
  return a;
}

function decodeState(buf: Buffer): State {
  const st: State = { pid: 0, network: {} };
  readFields(buf, "InstanceState", (f, v) => {
    if (f === 2 && typeof v === "bigint") st.pid = Number(BigInt.asIntN(64, v));
    else if (f === 3 && typeof v !== "bigint") {
      const [iface, addresses] = entry(v, "NetworkState entry", (raw) => {
        const out: Address[] = [];
        if (raw) readFields(raw, "NetworkState", (nf, nv) => nf === 4 && typeof nv !== "bigint" && out.push(decodeAddress(nv)));
        return out;
      });
      st.network[iface] = { addresses };
    }
  });
  return st;
}

function decodeInstance(buf: Buffer): ListedInstance {
  const i: ListedInstance = {
    name: "", type: "", status: "", description: "", image: "", ephemeral: false, location: "", profiles: [], config: {}, created_at: "", devices: {}, state: null,
  };
  readFields(buf, "Instance", (f, v) => {
    if (typeof v === "bigint") {
      if (f === 10) i.ephemeral = v !== 0n;
      return;
    }
    switch (f) {
      case 1: i.name = text(v); break;
      case 2: i.type = text(v); break;
      case 3: i.status = text(v); break;
      case 4: i.image = text(v); break;
      case 5: i.profiles.push(text(v)); break;
      case 6: {
        const [k, val] = entry(v, "config entry", stringMapValue);
        i.config[k] = val;
        break;
      }
      case 7: {
        const [k, props] = entry(v, "devices entry", (raw) => {
          const properties: Record<string, string> = {};
          if (raw) readFields(raw, "Device", (df, dv) => {
            if (df !== 1 || typeof dv === "bigint") return;
            const [pk, pv] = entry(dv, "properties entry", stringMapValue);
            properties[pk] = pv;
          });
          return { properties };
        });
        i.devices[k] = props;
        break;
      }
      case 11: i.location = text(v); break;
      case 12: i.created_at = text(v); break;
      case 13: i.state = decodeState(v); break;
      case 14: i.description = text(v); break;
    }
  });
  return i;
}

/** Decodes a ListInstancesResponse (fields a listing does not read, as expanded_config, are skipped). */
export function decodeListInstances(buf: Buffer): ListedInstance[] {
  const out: ListedInstance[] = [];
  readFields(buf, "ListInstancesResponse", (f, v) => f === 1 && typeof v !== "bigint" && out.push(decodeInstance(v)));
  return out;
}
