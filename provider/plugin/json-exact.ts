// A JSON parser that keeps number literals as text: JSON.parse would round 0.1000000000000000001
// and big integers to float64, and cty numbers must survive exactly (Node 20 has no source-text
// access in JSON.parse revivers).

/** A JSON number as its literal text. */
export class JsonNumber {
  constructor(readonly literal: string) {}
}

export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | { [key: string]: JsonNode };

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS_RE = /[ \t\n\r]*/y;

/** Parses JSON text, numbers kept as JsonNumber literals; throws SyntaxError on bad input. */
export function parseJsonExact(text: string): JsonNode {
  let pos = 0;
  const ws = (): void => { WS_RE.lastIndex = pos; WS_RE.exec(text); pos = WS_RE.lastIndex; };
  const fail = (what: string): never => { throw new SyntaxError(`JSON: ${what} at offset ${pos}`); };
  const value = (): JsonNode => {
    ws();
    const c = text[pos];
    if (c === "{") {
      pos++;
      const obj: { [key: string]: JsonNode } = {};
      ws();
      if (text[pos] === "}") { pos++; return obj; }
      for (;;) {
        ws();
        if (text[pos] !== '"') fail("expected a string key");
        const key = string();
        ws();
        if (text[pos] !== ":") fail("expected ':'");
        pos++;
        const v = value();
        if (key === "__proto__") Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
        ws();
        if (text[pos] === ",") { pos++; continue; }
        if (text[pos] === "}") { pos++; return obj; }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const arr: JsonNode[] = [];
      ws();
      if (text[pos] === "]") { pos++; return arr; }
      for (;;) {
        arr.push(value());
        ws();
        if (text[pos] === ",") { pos++; continue; }
        if (text[pos] === "]") { pos++; return arr; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, pos)) { pos += word.length; return v; }
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (!m) return fail("unexpected character");
    pos = NUMBER_RE.lastIndex;
    return new JsonNumber(m[0]);
  };
  const string = (): string => {
    const start = pos;
    pos++;
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail("unterminated string");
      if (c === "\\") pos += 2;
      else if (c === '"') { pos++; break; }
      else pos++;
    }
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const result = value();
  ws();
  if (pos !== text.length) fail("trailing characters");
  return result;
}
