// A small seeded random generator of cty types and values for the property-based codec tests.
import { CtyDynamic, CtyType, CtyValue, UNKNOWN, ctyNumber, t } from "../../provider/plugin/cty";

/** mulberry32: tiny, fast, reproducible from the printed seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number { return Math.floor(this.r() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }

  key(): string {
    return this.pick(["a", "b", "name", "", "__proto__", "constructor", "ünï", "with space", "k" + this.int(100), "🐄"]);
  }

  type(depth = 3): CtyType {
    const prims: CtyType[] = [t.string, t.number, t.bool];
    if (depth <= 0) return this.pick(prims);
    switch (this.int(9)) {
      case 0: return t.list(this.type(depth - 1));
      case 1: return t.set(this.type(depth - 1));
      case 2: return t.map(this.type(depth - 1));
      case 3: case 4: {
        const attrs: Record<string, CtyType> = {};
        const n = this.int(4);
        for (let i = 0; i < n; i++) Object.defineProperty(attrs, this.key(), { value: this.type(depth - 1), enumerable: true, writable: true, configurable: true });
        const names = Object.keys(attrs);
        return t.object(attrs, this.r() < 0.3 && names.length ? [names[0]!] : undefined);
      }
      case 5: return t.tuple(Array.from({ length: this.int(3) }, () => this.type(depth - 1)));
      case 6: return t.dynamic;
      default: return this.pick(prims);
    }
  }

  number(): CtyValue {
    switch (this.int(8)) {
      case 0: return this.int(200) - 100;
      case 1: return ctyNumber(Math.floor((this.r() - 0.5) * 2 ** 53));
      case 2: return ctyNumber(BigInt(this.int(2 ** 31)) * BigInt(2 ** 31) * BigInt(this.pick([1, -1, 7, 9])));
      case 3: return ctyNumber(BigInt("1" + "0".repeat(this.int(40) + 20)) + BigInt(this.int(1000)));
      case 4: return ctyNumber((this.r() - 0.5) * 10 ** this.int(30));
      case 5: return ctyNumber(`${this.pick(["", "-"])}${this.int(100000)}.${String(this.int(10 ** 6)).padStart(6, "0")}`);
      case 6: return ctyNumber(`0.${"0".repeat(this.int(30))}${1 + this.int(9)}`);
      default: return this.pick([Infinity, -Infinity, 0, 0.5, -0.25]);
    }
  }

  /** A value of `type`; unknowns only when `unknowns` (JSON cannot carry them). */
  value(type: CtyType, unknowns: boolean, depth = 0): CtyValue {
    const roll = this.r();
    if (roll < 0.08) return null;
    if (unknowns && roll < 0.14) return UNKNOWN;
    switch (type.kind) {
      case "string": return this.pick(["", "x", "hello world", "ünïcødé", "🐄", "a\"b\\c\n", "0.1"]);
      case "bool": return this.r() < 0.5;
      case "number": return this.number();
      case "dynamic": {
        const inner = this.type(1);
        return new CtyDynamic(inner, this.value(inner, unknowns, depth + 1));
      }
      case "list": case "set":
        return Array.from({ length: this.int(4) }, () => this.value(type.element, unknowns, depth + 1));
      case "tuple":
        return type.elements.map((e) => this.value(e, unknowns, depth + 1));
      case "map": {
        const out: Record<string, CtyValue> = {};
        const n = this.int(4);
        for (let i = 0; i < n; i++) Object.defineProperty(out, this.key(), { value: this.value(type.element, unknowns, depth + 1), enumerable: true, writable: true, configurable: true });
        return out;
      }
      case "object": {
        const out: Record<string, CtyValue> = {};
        for (const [k, at] of Object.entries(type.attributes)) {
          Object.defineProperty(out, k, { value: this.value(at, unknowns, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
    }
  }
}
