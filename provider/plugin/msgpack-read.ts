// A minimal msgpack reader for cty payloads. Maps come back as entry lists (MsgpackMap), so map
// keys such as "__proto__" — legal in a Terraform map — survive (@msgpack/msgpack rejects them).

/** A msgpack map, in wire order. */
export class MsgpackMap {
  constructor(readonly entries: [string, unknown][]) {}
}

/** A msgpack extension value (cty: an unknown, possibly refined). */
export class MsgpackExt {
  constructor(readonly type: number, readonly data: Uint8Array) {}
}

/**
 * Reads one msgpack value: null, boolean, number, bigint (64-bit ints beyond the safe range),
 * string, Uint8Array (bin), array, MsgpackMap or MsgpackExt. Throws on malformed or trailing input.
 */
export function readMsgpack(bytes: Uint8Array): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > buf.length) throw new Error(`truncated msgpack at offset ${pos}`);
  };
  const u8 = (): number => { need(1); return buf[pos++]!; };
  const u16 = (): number => { need(2); const v = buf.readUInt16BE(pos); pos += 2; return v; };
  const u32 = (): number => { need(4); const v = buf.readUInt32BE(pos); pos += 4; return v; };
  const big = (signed: boolean): number | bigint => {
    need(8);
    const v = signed ? buf.readBigInt64BE(pos) : buf.readBigUInt64BE(pos);
    pos += 8;
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const str = (n: number): string => { need(n); const s = buf.toString("utf8", pos, pos + n); pos += n; return s; };
  const bin = (n: number): Uint8Array => { need(n); const b = Uint8Array.prototype.slice.call(buf, pos, pos + n); pos += n; return b; };
  const ext = (n: number): MsgpackExt => { const type = buf.readInt8((need(1), pos++)); return new MsgpackExt(type, bin(n)); };
  const arr = (n: number): unknown[] => { const out = new Array<unknown>(n); for (let i = 0; i < n; i++) out[i] = value(); return out; };
  const map = (n: number): MsgpackMap => {
    const entries: [string, unknown][] = [];
    for (let i = 0; i < n; i++) {
      const k = value();
      if (typeof k !== "string" && typeof k !== "number") throw new Error(`unsupported msgpack map key at offset ${pos}`);
      entries.push([String(k), value()]);
    }
    return new MsgpackMap(entries);
  };
  const value = (): unknown => {
    const b = u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0x80 && b <= 0x8f) return map(b & 0x0f);
    if (b >= 0x90 && b <= 0x9f) return arr(b & 0x0f);
    if (b >= 0xa0 && b <= 0xbf) return str(b & 0x1f);
    switch (b) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: return bin(u8());
      case 0xc5: return bin(u16());
      case 0xc6: return bin(u32());
      case 0xc7: return ext(u8());
      case 0xc8: return ext(u16());
      case 0xc9: return ext(u32());
      case 0xca: { need(4); const v = buf.readFloatBE(pos); pos += 4; return v; }
      case 0xcb: { need(8); const v = buf.readDoubleBE(pos); pos += 8; return v; }
      case 0xcc: return u8();
      case 0xcd: return u16();
      case 0xce: return u32();
      case 0xcf: return big(false);
      case 0xd0: { need(1); const v = buf.readInt8(pos); pos += 1; return v; }
      case 0xd1: { need(2); const v = buf.readInt16BE(pos); pos += 2; return v; }
      case 0xd2: { need(4); const v = buf.readInt32BE(pos); pos += 4; return v; }
      case 0xd3: return big(true);
      case 0xd4: return ext(1);
      case 0xd5: return ext(2);
      case 0xd6: return ext(4);
      case 0xd7: return ext(8);
      case 0xd8: return ext(16);
      case 0xd9: return str(u8());
      case 0xda: return str(u16());
      case 0xdb: return str(u32());
      case 0xdc: return arr(u16());
      case 0xdd: return arr(u32());
      case 0xde: return map(u16());
      case 0xdf: return map(u32());
      default: throw new Error(`invalid msgpack byte 0x${b.toString(16)} at offset ${pos - 1}`);
    }
  };
  const v = value();
  if (pos !== buf.length) throw new Error(`trailing bytes after msgpack value at offset ${pos}`);
  return v;
}
