// A minimal HTTP/2 client for the lean CLI paths (exec-fast.ts, ops-fast.ts): cleartext with prior
// knowledge over a unix socket, the gRPC calls of one CLI process; also relayed streams between
// cluster members over a TLS socket (agent/cluster/member-stream.ts). Loading node's http2 costs a
// CLI start more than this whole file. Requests are encoded with HPACK literals only (no Huffman,
// no indexing); the decoder takes all of HPACK (RFC 7541: static and dynamic table, Huffman),
// since grpc-js answers through nghttp2, which uses both. Flow control both ways (RFC 9113 §5.2).
import type * as Net from "node:net";
import { keepaliveError, type KeepaliveBounds } from "../client/keepalive";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const enum Frame {
  DATA = 0,
  HEADERS = 1,
  RST_STREAM = 3,
  SETTINGS = 4,
  PUSH_PROMISE = 5,
  PING = 6,
  GOAWAY = 7,
  WINDOW_UPDATE = 8,
  CONTINUATION = 9,
}
const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;
const SETTINGS_ENABLE_PUSH = 2;
const SETTINGS_INITIAL_WINDOW_SIZE = 4;
const SETTINGS_MAX_FRAME_SIZE = 5;
/** What this client offers to receive per stream and on the connection before it returns credit. */
const RECV_WINDOW = 1 << 20;
const DEFAULT_WINDOW = 65_535;
const DEFAULT_FRAME = 16_384;
/** HTTP/2 error code CANCEL (RST_STREAM). */
export const H2_CANCEL = 8;

export type Headers = Record<string, string>;

/** One request stream: its response headers, data and trailers arrive through the callbacks. */
export class H2Stream {
  /** Response headers (the first HEADERS frame), then trailers (a later one, or the first when it ends the stream). */
  onHeaders: (h: Headers, endStream: boolean) => void = () => {};
  onData: (chunk: Buffer) => void = () => {};
  /** The stream ended (END_STREAM from the server) or was reset (`rstCode` set). */
  onClose: () => void = () => {};
  rstCode: number | undefined;
  closed = false;
  /** Data written but held back by the server's flow-control window. */
  queue: Buffer[] = [];
  endQueued = false;
  ended = false;
  sendWindow: number;
  unacked = 0;

  constructor(
    private readonly session: H2Session,
    readonly id: number,
  ) {
    this.sendWindow = session.peerInitialWindow;
  }

  /** Sends request data (split and held as flow control requires). */
  write(data: Buffer): void {
    if (this.endQueued || this.closed) return;
    this.queue.push(data);
    this.session.flush(this);
  }

  /** Ends the request side (END_STREAM once the queued data is out). */
  end(): void {
    if (this.endQueued || this.closed) return;
    this.endQueued = true;
    this.session.flush(this);
  }

  /** Resets the stream (e.g. H2_CANCEL); no callback runs after. */
  reset(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.session.sendFrame(Frame.RST_STREAM, 0, this.id, u32(code));
    this.session.forget(this);
  }
}

/**
 * One HTTP/2 connection. `onError` is called once when the connection fails (connect error, socket
 * error or close, GOAWAY, protocol error), with `connected` saying whether it ever connected; every
 * open stream is then abandoned (no more callbacks).
 */
export class H2Session {
  onError: (err: Error, connected: boolean) => void = () => {};
  peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_FRAME;
  private connWindow = DEFAULT_WINDOW;
  private connUnacked = 0;
  private readonly socket: Net.Socket;
  private connected = false;
  private failed = false;
  private nextId = 1;
  private readonly streams = new Map<number, H2Stream>();
  private buf: Buffer = Buffer.alloc(0);
  /** A header block in CONTINUATION frames: its stream, flags and fragments. */
  private block: { id: number; endStream: boolean; parts: Buffer[] } | undefined;
  private readonly hpack = new HpackDecoder();
  /**
   * Over a given (TLS) socket the connection is long-lived, shared by many calls (a cluster
   * member's): frames written in one turn of the event loop go out in one write (one TLS record,
   * one segment: a relayed call's headers, first message and end of input together), and a
   * stream the server ended before this side is reset, so that the server lets it go.
   */
  private readonly longLived: boolean;
  private corked = false;
  private goingAway = false;
  private paused = false;
  private keepaliveBounds: KeepaliveBounds | undefined;
  /** The wait for the next keepalive PING, or for the ACK of the one sent (`pingOut` set). */
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private pingOut: Buffer | undefined;
  private pings = 0;

  /** Over a unix socket at `target`, or over a socket already connecting (a TLS one, ALPN h2). */
  constructor(target: string | Net.Socket) {
    const net = require("node:net") as typeof Net;
    this.socket = typeof target === "string" ? net.connect(target) : target;
    this.longLived = typeof target !== "string";
    // Over TLS, connected once the handshake is done (a peer that accepts TCP may never answer TLS).
    this.socket.once(this.longLived ? "secureConnect" : "connect", () => (this.connected = true));
    this.socket.on("data", (chunk: Buffer) => {
      try {
        this.receive(chunk);
      } catch (e) {
        this.fail(e as Error);
      }
    });
    this.socket.on("error", (e) => this.fail(e));
    this.socket.on("close", () => this.fail(new Error("the connection closed")));
    // What this tick writes (the preface, settings, and the request a caller starts at once) goes
    // out in one write: the agent wakes once for a whole request rather than for its first bytes.
    this.socket.cork();
    process.nextTick(() => this.socket.uncork());
    const settings = Buffer.alloc(12);
    settings.writeUInt16BE(SETTINGS_ENABLE_PUSH, 0);
    settings.writeUInt32BE(0, 2);
    settings.writeUInt16BE(SETTINGS_INITIAL_WINDOW_SIZE, 6);
    settings.writeUInt32BE(RECV_WINDOW, 8);
    this.socket.write(PREFACE);
    this.sendFrame(Frame.SETTINGS, 0, 0, settings);
    this.sendFrame(Frame.WINDOW_UPDATE, 0, 0, u32(RECV_WINDOW - DEFAULT_WINDOW));
  }

  /** Whether it failed or was closed (one that is only going away still carries its open streams). */
  get ended(): boolean {
    return this.failed;
  }

  /** Whether new streams can be opened (not failed or closed, stream ids left). */
  get usable(): boolean {
    return !this.failed && !this.goingAway && this.nextId < 0x7fffffff;
  }

  /**
   * Keepalive: while streams are open (and the socket is read), a PING `intervalMs` after the last
   * was answered; one not answered within `timeoutMs` fails the connection (a peer that stopped
   * answering without closing, e.g. partitioned or SIGSTOPped, whose kernel still ACKs TCP).
   */
  keepalive(bounds: KeepaliveBounds): void {
    this.keepaliveBounds = bounds;
    this.armKeepalive();
  }

  private armKeepalive(): void {
    const k = this.keepaliveBounds;
    if (!k || this.keepaliveTimer || this.failed || this.paused || !this.streams.size) return;
    this.keepaliveTimer = setTimeout(() => {
      this.keepaliveTimer = undefined;
      if (this.failed || !this.streams.size) return;
      // Still connecting: that has a bound of its own.
      if (!this.connected) return this.armKeepalive();
      this.pingOut = Buffer.alloc(8);
      this.pingOut.writeUInt32BE(++this.pings, 4);
      this.sendFrame(Frame.PING, 0, 0, this.pingOut);
      // The ACK may be read but not yet handled when this fires late (a busy event loop): one more
      // turn, whose I/O phase handles it, before the peer is taken as silent.
      this.keepaliveTimer = setTimeout(() => setImmediate(() => this.pingOut && this.fail(keepaliveError(k.timeoutMs))), k.timeoutMs);
      this.keepaliveTimer.unref();
    }, k.intervalMs);
    this.keepaliveTimer.unref();
  }

  /** Opens a stream with a POST to `path` (gRPC's request headers plus `headers`). */
  request(path: string, headers: Headers): H2Stream {
    const s = new H2Stream(this, this.nextId);
    this.nextId += 2;
    this.streams.set(s.id, s);
    this.armKeepalive();
    const block = encodeHeaders({ ":method": "POST", ":scheme": "http", ":path": path, ":authority": "localhost", ...headers });
    if (block.length > this.peerMaxFrame) throw new Error("HTTP/2: request headers too large");
    this.sendFrame(Frame.HEADERS, END_HEADERS, s.id, block);
    return s;
  }

  /**
   * Stops reading from the socket (the server then stops at its window), or reads again. Paused,
   * no answer to a PING can be read: keepalive waits until the socket is read again.
   */
  pause(): void {
    this.paused = true;
    this.stopKeepalive();
    this.socket.pause();
  }
  resume(): void {
    this.paused = false;
    this.socket.resume();
    this.armKeepalive();
  }

  private stopKeepalive(): void {
    clearTimeout(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    this.pingOut = undefined;
  }

  /**
   * Ends the connection (no more callbacks). A CLI's: our side ends now, the socket closes once the
   * agent's side has, without keeping the process alive meanwhile. Not destroy(): node's net reads
   * process.stderr there, and opening it (a pipe) would cost a CLI that is about to exit milliseconds.
   */
  close(): void {
    this.failed = true;
    this.streams.clear();
    this.stopKeepalive();
    if (this.longLived) {
      // A member connection's: frames held for this turn (a last END_STREAM or RST_STREAM) still go out, and the socket is freed now.
      if (this.corked) this.socket.uncork();
      this.socket.destroy();
      return;
    }
    this.socket.end();
    this.socket.unref();
  }

  /** @internal */
  sendFrame(type: number, flags: number, id: number, payload: Buffer): void {
    if (this.failed) return;
    if (this.longLived && !this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    const head = Buffer.alloc(9);
    head.writeUIntBE(payload.length, 0, 3);
    head[3] = type;
    head[4] = flags;
    head.writeUInt32BE(id, 5);
    this.socket.write(payload.length ? Buffer.concat([head, payload]) : head);
  }

  /** @internal Sends what the windows allow of the stream's queue, and END_STREAM once it is empty. */
  flush(s: H2Stream): void {
    while (s.queue.length && !s.closed) {
      const room = Math.min(s.sendWindow, this.connWindow, this.peerMaxFrame);
      if (room <= 0) return;
      const head = s.queue[0]!;
      const part = head.length <= room ? head : head.subarray(0, room);
      if (part === head) s.queue.shift();
      else s.queue[0] = head.subarray(room);
      s.sendWindow -= part.length;
      this.connWindow -= part.length;
      const last = s.endQueued && !s.queue.length;
      this.sendFrame(Frame.DATA, last ? END_STREAM : 0, s.id, part);
      if (last) s.ended = true;
    }
    if (s.endQueued && !s.ended && !s.closed) {
      s.ended = true;
      this.sendFrame(Frame.DATA, END_STREAM, s.id, Buffer.alloc(0));
    }
  }

  /** @internal */
  forget(s: H2Stream): void {
    this.streams.delete(s.id);
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.streams.clear();
    this.stopKeepalive();
    this.socket.destroy();
    this.onError(err, this.connected);
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 9 && !this.failed) {
      const len = this.buf.readUIntBE(0, 3);
      if (this.buf.length < 9 + len) return;
      const type = this.buf[3]!;
      const flags = this.buf[4]!;
      const id = this.buf.readUInt32BE(5) & 0x7fffffff;
      const payload = this.buf.subarray(9, 9 + len);
      this.buf = this.buf.subarray(9 + len);
      this.frame(type, flags, id, payload);
    }
  }

  private frame(type: number, flags: number, id: number, p: Buffer): void {
    if (this.block && type !== Frame.CONTINUATION) throw new Error("HTTP/2: header block interrupted");
    switch (type) {
      case Frame.DATA: {
        const data = unpad(p, flags);
        this.credit(p.length, id);
        const s = this.streams.get(id);
        if (!s) return;
        if (data.length) s.onData(data);
        if (flags & END_STREAM) this.endStream(s);
        return;
      }
      case Frame.HEADERS: {
        let frag = unpad(p, flags);
        if (flags & PRIORITY) frag = frag.subarray(5);
        this.block = { id, endStream: !!(flags & END_STREAM), parts: [frag] };
        if (flags & END_HEADERS) this.headerBlockDone();
        return;
      }
      case Frame.CONTINUATION:
        if (!this.block || this.block.id !== id) throw new Error("HTTP/2: unexpected CONTINUATION");
        this.block.parts.push(p);
        if (flags & END_HEADERS) this.headerBlockDone();
        return;
      case Frame.RST_STREAM: {
        const s = this.streams.get(id);
        if (!s) return;
        s.rstCode = p.readUInt32BE(0);
        s.closed = true;
        this.forget(s);
        s.onClose();
        return;
      }
      case Frame.SETTINGS:
        if (flags & ACK) return;
        for (let i = 0; i + 6 <= p.length; i += 6) {
          const key = p.readUInt16BE(i);
          const value = p.readUInt32BE(i + 2);
          if (key === SETTINGS_INITIAL_WINDOW_SIZE) {
            const delta = value - this.peerInitialWindow;
            this.peerInitialWindow = value;
            for (const s of this.streams.values()) s.sendWindow += delta;
          } else if (key === SETTINGS_MAX_FRAME_SIZE) this.peerMaxFrame = value;
          // SETTINGS_HEADER_TABLE_SIZE sizes the server's decoder table: this encoder never indexes.
        }
        this.sendFrame(Frame.SETTINGS, ACK, 0, Buffer.alloc(0));
        for (const s of [...this.streams.values()]) this.flush(s);
        return;
      case Frame.PING:
        if (!(flags & ACK)) this.sendFrame(Frame.PING, ACK, 0, p);
        else if (this.pingOut?.equals(p)) {
          this.stopKeepalive();
          this.armKeepalive();
        }
        return;
      case Frame.GOAWAY: {
        const last = p.readUInt32BE(0) & 0x7fffffff;
        const code = p.readUInt32BE(4);
        // Streams the server will still finish go on; the others never will, nor will new ones.
        this.goingAway = true;
        if ([...this.streams.keys()].some((sid) => sid > last)) this.fail(new Error(`the agent closed the connection (HTTP/2 GOAWAY code ${code})`));
        return;
      }
      case Frame.WINDOW_UPDATE: {
        const inc = p.readUInt32BE(0) & 0x7fffffff;
        if (id === 0) this.connWindow += inc;
        else {
          const s = this.streams.get(id);
          if (s) s.sendWindow += inc;
        }
        for (const s of [...this.streams.values()]) this.flush(s);
        return;
      }
      case Frame.PUSH_PROMISE:
        throw new Error("HTTP/2: push refused but promised");
      default:
        return; // PRIORITY and unknown frame types are ignored (RFC 9113 §4.1)
    }
  }

  /** Returns receive credit once half a window has been used (on the connection and the stream). */
  private credit(n: number, id: number): void {
    if (!n) return;
    this.connUnacked += n;
    if (this.connUnacked >= RECV_WINDOW / 2) {
      this.sendFrame(Frame.WINDOW_UPDATE, 0, 0, u32(this.connUnacked));
      this.connUnacked = 0;
    }
    const s = this.streams.get(id);
    if (!s) return;
    s.unacked += n;
    if (s.unacked >= RECV_WINDOW / 2) {
      this.sendFrame(Frame.WINDOW_UPDATE, 0, id, u32(s.unacked));
      s.unacked = 0;
    }
  }

  private headerBlockDone(): void {
    const { id, endStream, parts } = this.block!;
    this.block = undefined;
    // Every block goes through the decoder: it keeps the dynamic table in step.
    const headers = this.hpack.decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    const s = this.streams.get(id);
    if (!s) return;
    s.onHeaders(headers, endStream);
    if (endStream) this.endStream(s);
  }

  private endStream(s: H2Stream): void {
    if (s.closed) return;
    s.closed = true;
    if (this.longLived && !s.ended) this.sendFrame(Frame.RST_STREAM, 0, s.id, u32(0));
    this.forget(s);
    s.onClose();
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** A DATA or HEADERS payload without its padding. */
function unpad(p: Buffer, flags: number): Buffer {
  if (!(flags & PADDED)) return p;
  const pad = p[0]!;
  if (pad >= p.length) throw new Error("HTTP/2: bad padding");
  return p.subarray(1, p.length - pad);
}

// ---- HPACK (RFC 7541) ------------------------------------------------------------------------

/** An HPACK integer with an n-bit prefix; `first` holds the bits above the prefix. */
function encodeInt(out: number[], first: number, prefixBits: number, n: number): void {
  const max = (1 << prefixBits) - 1;
  if (n < max) return void out.push(first | n);
  out.push(first | max);
  n -= max;
  while (n >= 128) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** A header block of literal fields without indexing, with literal names, no Huffman. */
export function encodeHeaders(headers: Headers): Buffer {
  const out: number[] = [];
  const str = (s: string) => {
    const b = Buffer.from(s, "latin1");
    encodeInt(out, 0, 7, b.length);
    for (const c of b) out.push(c);
  };
  for (const [k, v] of Object.entries(headers)) {
    out.push(0);
    str(k);
    str(v);
  }
  return Buffer.from(out);
}

/** RFC 7541 Appendix A. */
const STATIC: readonly (readonly [string, string])[] = [
  [":authority", ""], [":method", "GET"], [":method", "POST"], [":path", "/"], [":path", "/index.html"],
  [":scheme", "http"], [":scheme", "https"], [":status", "200"], [":status", "204"], [":status", "206"],
  [":status", "304"], [":status", "400"], [":status", "404"], [":status", "500"], ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"], ["accept-language", ""], ["accept-ranges", ""], ["accept", ""],
  ["access-control-allow-origin", ""], ["age", ""], ["allow", ""], ["authorization", ""], ["cache-control", ""],
  ["content-disposition", ""], ["content-encoding", ""], ["content-language", ""], ["content-length", ""],
  ["content-location", ""], ["content-range", ""], ["content-type", ""], ["cookie", ""], ["date", ""], ["etag", ""],
  ["expect", ""], ["expires", ""], ["from", ""], ["host", ""], ["if-match", ""], ["if-modified-since", ""],
  ["if-none-match", ""], ["if-range", ""], ["if-unmodified-since", ""], ["last-modified", ""], ["link", ""],
  ["location", ""], ["max-forwards", ""], ["proxy-authenticate", ""], ["proxy-authorization", ""], ["range", ""],
  ["referer", ""], ["refresh", ""], ["retry-after", ""], ["server", ""], ["set-cookie", ""],
  ["strict-transport-security", ""], ["transfer-encoding", ""], ["user-agent", ""], ["vary", ""], ["via", ""],
  ["www-authenticate", ""],
];

/**
 * The Huffman code of RFC 7541 Appendix B is canonical (codes assigned in order of length, then
 * symbol), so the bit length of each symbol 0..256 defines it: one letter each, 'a' = 5 bits.
 */
const HUFFMAN_LENGTHS =
  "isxxxxxxxtzxxzxxxxxxxxzxxxxxxxxxbffhibdgffdgdbbbaaabbbbbbbcdkbhfibccccccccccccccccccccccdcdioijbkabababbbaccbbbabcbaabccccckgjixprpprrrsrssssststtrstssssqrsrsstrqprrssqsrrtqrssqqrqsrssprrrsrrsvvporsruvvvwwvtuoqvwwvwtqqvvxwwwptpqrqqsrruuttvsvwvvwwwwwxwwwwwvz";
const EOS = 256;

/** Per code length: the first code, the index of its first symbol in `symbols`, how many. */
interface Canonical {
  first: number[];
  index: number[];
  count: number[];
  symbols: number[];
}
let canonical: Canonical | undefined;

function huffmanTable(): Canonical {
  if (canonical) return canonical;
  const lengths = [...HUFFMAN_LENGTHS].map((c) => c.charCodeAt(0) - 97 + 5);
  const symbols = lengths.map((_, s) => s).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const t: Canonical = { first: [], index: [], count: [], symbols };
  let code = 0;
  let len = lengths[symbols[0]!]!;
  symbols.forEach((s, i) => {
    if (i > 0) {
      code = (code + 1) * 2 ** (lengths[s]! - len);
      len = lengths[s]!;
    }
    if (t.count[len] === undefined) {
      t.first[len] = code;
      t.index[len] = i;
      t.count[len] = 0;
    }
    t.count[len]!++;
  });
  return (canonical = t);
}

/** Decodes a Huffman-coded string (RFC 7541 §5.2): at most 7 bits of padding, all ones. */
export function huffmanDecode(data: Buffer): Buffer {
  const t = huffmanTable();
  const out: number[] = [];
  let code = 0;
  let len = 0;
  for (const byte of data) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      len++;
      const count = t.count[len];
      if (count !== undefined && code - t.first[len]! < count && code >= t.first[len]!) {
        const sym = t.symbols[t.index[len]! + code - t.first[len]!]!;
        if (sym === EOS) throw new Error("HPACK: EOS in a string");
        out.push(sym);
        code = 0;
        len = 0;
      } else if (len > 30) throw new Error("HPACK: bad Huffman code");
    }
  }
  if (len > 7 || code !== 2 ** len - 1) throw new Error("HPACK: bad Huffman padding");
  return Buffer.from(out);
}

/** The decoding side of HPACK, with its dynamic table (newest entry first). */
export class HpackDecoder {
  private table: [string, string][] = [];
  private size = 0;
  /** SETTINGS_HEADER_TABLE_SIZE this client announces: the default. */
  private max = 4096;

  decode(block: Buffer): Headers {
    const out: Headers = {};
    let pos = 0;
    const int = (prefixBits: number): number => {
      const max = (1 << prefixBits) - 1;
      let n = block[pos++]! & max;
      if (n < max) return n;
      for (let shift = 0; ; shift += 7) {
        if (pos >= block.length || shift > 28) throw new Error("HPACK: bad integer");
        const b = block[pos++]!;
        n += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return n;
      }
    };
    const str = (): string => {
      if (pos >= block.length) throw new Error("HPACK: truncated");
      const huffman = (block[pos]! & 0x80) !== 0;
      const len = int(7);
      if (pos + len > block.length) throw new Error("HPACK: truncated string");
      const raw = block.subarray(pos, pos + len);
      pos += len;
      return (huffman ? huffmanDecode(raw) : raw).toString("latin1");
    };
    const entry = (i: number): readonly [string, string] => {
      const e = i >= 1 && i <= STATIC.length ? STATIC[i - 1] : this.table[i - STATIC.length - 1];
      if (!e) throw new Error(`HPACK: no table entry ${i}`);
      return e;
    };
    const add = (name: string, value: string) => {
      out[name] = name in out ? `${out[name]}, ${value}` : value;
    };
    while (pos < block.length) {
      const b = block[pos]!;
      if (b & 0x80) {
        const [name, value] = entry(int(7));
        add(name, value);
      } else if (b & 0x40) {
        const idx = int(6);
        const name = idx ? entry(idx)[0] : str();
        const value = str();
        add(name, value);
        this.insert(name, value);
      } else if (b & 0x20) {
        const size = int(5);
        if (size > 4096) throw new Error("HPACK: table size above the announced limit");
        this.max = size;
        this.evict();
      } else {
        const idx = int(4);
        const name = idx ? entry(idx)[0] : str();
        add(name, str());
      }
    }
    return out;
  }

  private insert(name: string, value: string): void {
    const size = name.length + value.length + 32;
    this.table.unshift([name, value]);
    this.size += size;
    this.evict();
  }

  private evict(): void {
    while (this.size > this.max && this.table.length) {
      const [n, v] = this.table.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }
}
