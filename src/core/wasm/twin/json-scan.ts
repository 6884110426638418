/**
 * TS twin of assembly/scan/json-scan.ts: validates JSON bytes and writes the tape (see
 * `TAPE_STRIDE` in codes.ts) in one pass, with an explicit stack so that depth never touches the
 * call stack. Returns the entry count, or a negated `Status`. Same algorithm, same results as the
 * core; keep the two files in step.
 * @module
 */
import { Info, Kind, Status } from "../../codes.js";

const enum C {
  QUOTE = 0x22, BSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a,
  LBRACE = 0x7b, RBRACE = 0x7d, LBRACK = 0x5b, RBRACK = 0x5d,
  MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39,
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Scans `buf[0, len)`. `stack` holds `maxDepth` u32; `info` receives the counters of `Info`. */
export function scanJson(buf: Uint8Array, len: number, tape: Uint32Array, tapeCap: number, stack: Uint32Array, maxDepth: number, info: Uint32Array): number {
  info.fill(0, 0, Info.SIZE);
  let pos = 0;
  let n = 0;
  let depth = 0;
  let strings = 0, stringBytes = 0, numbers = 0, numberBytes = 0, containers = 0, literals = 0, deepest = 0;
  const fail = (status: number, at: number): number => {
    info[Info.ERROR_OFFSET] = at;
    return -status;
  };
  while (pos < len && isWs(buf[pos]!)) pos++;
  if (pos >= len) return fail(Status.EMPTY, pos);

  // expectKey: inside an object after '{' or ','. Values and keys share the string scanner.
  let expectKey = false;
  for (;;) {
    // ---- one value (or key) at pos ----
    if (pos >= len) return fail(Status.TRUNCATED, pos);
    if (n >= tapeCap) return fail(Status.TAPE_FULL, pos);
    let c = buf[pos]!;
    const e = n * 4;
    if (expectKey) {
      if (c !== C.QUOTE) return fail(Status.SYNTAX, pos);
    }
    if (c === C.QUOTE) {
      const start = pos;
      pos++;
      for (;;) {
        if (pos >= len) return fail(Status.TRUNCATED, pos);
        c = buf[pos]!;
        if (c === C.QUOTE) break;
        if (c === C.BSLASH) {
          if (pos + 1 >= len) return fail(Status.TRUNCATED, pos + 1);
          const x = buf[pos + 1]!;
          if (x === 0x75) {
            if (pos + 5 >= len) return fail(Status.TRUNCATED, len);
            if (!isHex(buf[pos + 2]!) || !isHex(buf[pos + 3]!) || !isHex(buf[pos + 4]!) || !isHex(buf[pos + 5]!)) return fail(Status.SYNTAX, pos);
            pos += 6;
            continue;
          }
          if (x !== C.QUOTE && x !== C.BSLASH && x !== 0x2f && x !== 0x62 && x !== 0x66 && x !== 0x6e && x !== 0x72 && x !== 0x74) return fail(Status.SYNTAX, pos);
          pos += 2;
          continue;
        }
        if (c < 0x20) return fail(Status.SYNTAX, pos);
        pos++;
      }
      pos++;
      tape[e] = (expectKey ? Kind.KEY : Kind.STRING) | (depth << 4);
      tape[e + 1] = start;
      tape[e + 2] = pos;
      tape[e + 3] = n + 1;
      n++;
      if (expectKey) {
        while (pos < len && isWs(buf[pos]!)) pos++;
        if (pos >= len) return fail(Status.TRUNCATED, pos);
        if (buf[pos] !== C.COLON) return fail(Status.SYNTAX, pos);
        pos++;
        while (pos < len && isWs(buf[pos]!)) pos++;
        expectKey = false;
        continue; // now the member's value
      }
      strings++;
      stringBytes += pos - start;
    } else if (c === C.LBRACE || c === C.LBRACK) {
      if (depth >= maxDepth) return fail(Status.TOO_DEEP, pos);
      tape[e] = (c === C.LBRACE ? Kind.OBJECT : Kind.ARRAY) | (depth << 4);
      tape[e + 1] = pos;
      stack[depth] = n;
      depth++;
      if (depth > deepest) deepest = depth;
      containers++;
      n++;
      pos++;
      while (pos < len && isWs(buf[pos]!)) pos++;
      if (pos >= len) return fail(Status.TRUNCATED, pos);
      const close = c === C.LBRACE ? C.RBRACE : C.RBRACK;
      if (buf[pos] !== close) {
        expectKey = c === C.LBRACE;
        continue;
      }
      // empty container: fall through to the close handling below
    } else if (c === C.MINUS || (c >= C.ZERO && c <= C.NINE)) {
      const start = pos;
      if (c === C.MINUS) pos++;
      if (pos >= len) return fail(Status.TRUNCATED, pos);
      c = buf[pos]!;
      if (c === C.ZERO) pos++;
      else if (c >= 0x31 && c <= C.NINE) {
        pos++;
        while (pos < len && buf[pos]! >= C.ZERO && buf[pos]! <= C.NINE) pos++;
      } else return fail(Status.SYNTAX, pos);
      if (pos < len && buf[pos] === C.DOT) {
        pos++;
        if (pos >= len) return fail(Status.TRUNCATED, pos);
        if (!(buf[pos]! >= C.ZERO && buf[pos]! <= C.NINE)) return fail(Status.SYNTAX, pos);
        while (pos < len && buf[pos]! >= C.ZERO && buf[pos]! <= C.NINE) pos++;
      }
      if (pos < len && (buf[pos] === 0x65 || buf[pos] === 0x45)) {
        pos++;
        if (pos < len && (buf[pos] === C.PLUS || buf[pos] === C.MINUS)) pos++;
        if (pos >= len) return fail(Status.TRUNCATED, pos);
        if (!(buf[pos]! >= C.ZERO && buf[pos]! <= C.NINE)) return fail(Status.SYNTAX, pos);
        while (pos < len && buf[pos]! >= C.ZERO && buf[pos]! <= C.NINE) pos++;
      }
      tape[e] = Kind.NUMBER | (depth << 4);
      tape[e + 1] = start;
      tape[e + 2] = pos;
      tape[e + 3] = n + 1;
      n++;
      numbers++;
      numberBytes += pos - start;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      // true / false / null
      const kind = c === 0x74 ? Kind.TRUE : c === 0x66 ? Kind.FALSE : Kind.NULL;
      const want = c === 0x66 ? 5 : 4;
      if (pos + want > len) return fail(Status.TRUNCATED, len);
      const ok =
        c === 0x74 ? buf[pos + 1] === 0x72 && buf[pos + 2] === 0x75 && buf[pos + 3] === 0x65
        : c === 0x66 ? buf[pos + 1] === 0x61 && buf[pos + 2] === 0x6c && buf[pos + 3] === 0x73 && buf[pos + 4] === 0x65
        : buf[pos + 1] === 0x75 && buf[pos + 2] === 0x6c && buf[pos + 3] === 0x6c;
      if (!ok) return fail(Status.SYNTAX, pos);
      tape[e] = kind | (depth << 4);
      tape[e + 1] = pos;
      tape[e + 2] = pos + want;
      tape[e + 3] = n + 1;
      pos += want;
      n++;
      literals++;
    } else {
      return fail(Status.SYNTAX, pos);
    }

    // ---- after a value: ',' or closers, possibly several ----
    for (;;) {
      while (pos < len && isWs(buf[pos]!)) pos++;
      if (depth === 0) {
        if (pos < len) return fail(Status.SYNTAX, pos);
        info[Info.STRINGS] = strings;
        info[Info.STRING_BYTES] = stringBytes;
        info[Info.NUMBERS] = numbers;
        info[Info.NUMBER_BYTES] = numberBytes;
        info[Info.CONTAINERS] = containers;
        info[Info.MAX_DEPTH] = deepest;
        info[Info.LITERALS] = literals;
        return n;
      }
      if (pos >= len) return fail(Status.TRUNCATED, pos);
      c = buf[pos]!;
      const open = stack[depth - 1]!;
      const isObj = (tape[open * 4]! & 15) === Kind.OBJECT;
      if (c === C.COMMA) {
        pos++;
        while (pos < len && isWs(buf[pos]!)) pos++;
        expectKey = isObj;
        break;
      }
      if (c === (isObj ? C.RBRACE : C.RBRACK)) {
        pos++;
        depth--;
        tape[open * 4 + 2] = pos;
        tape[open * 4 + 3] = n;
        continue;
      }
      return fail(Status.SYNTAX, pos);
    }
  }
}
