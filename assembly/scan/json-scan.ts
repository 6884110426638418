// Stage 1: validates UTF-8 JSON bytes and writes the tape in one pass, with an explicit stack so
// that nesting never touches the call stack. The TS twin (src/core/wasm/twin/json-scan.ts) is the
// spec: same return value, same tape words, same info block, same error offsets.
//
// Tape entry, 4 u32 (16 bytes) per value or key (codes.ts `TAPE_STRIDE`):
//
//   | word | meaning                                                              |
//   |------|----------------------------------------------------------------------|
//   | 0    | kind (bits 0–3) · depth (bits 4–31)                                  |
//   | 1    | start byte offset                                                    |
//   | 2    | end byte offset (exclusive; containers include the closing bracket)  |
//   | 3    | index of the entry after this value's subtree                        |
//
// Speed: string bodies, whitespace runs and digit runs are skipped 16 bytes at a time with SIMD.
// Block loads are only issued while a whole block lies before `end`, so no byte past the input is
// ever read (the last < 16 bytes go through the scalar loop), whatever follows the input in memory.

import { INFO_CONTAINERS, INFO_LITERALS, INFO_MAX_DEPTH, INFO_NUMBER_BYTES, INFO_NUMBERS, INFO_SIZE, INFO_STRING_BYTES, INFO_STRINGS, KIND_ARRAY, KIND_FALSE, KIND_KEY, KIND_NULL, KIND_NUMBER, KIND_OBJECT, KIND_STRING, KIND_TRUE, STATUS_EMPTY, STATUS_SYNTAX, STATUS_TAPE_FULL, STATUS_TOO_DEEP, STATUS_TRUNCATED } from "./tape";
import { V_BSLASH, V_CR, V_LF, V_QUOTE, V_SPACE, V_TAB } from "./simd-bytes";

@inline const QUOTE: u32 = 0x22;
@inline const BSLASH: u32 = 0x5c;
@inline const COMMA: u32 = 0x2c;
@inline const COLON: u32 = 0x3a;
@inline const LBRACE: u32 = 0x7b;
@inline const RBRACE: u32 = 0x7d;
@inline const LBRACK: u32 = 0x5b;
@inline const RBRACK: u32 = 0x5d;
@inline const MINUS: u32 = 0x2d;
@inline const PLUS: u32 = 0x2b;
@inline const DOT: u32 = 0x2e;
@inline const ZERO: u32 = 0x30;

// Bit c set for the four JSON whitespace bytes (\t \n \r and space), c ≤ 0x20.
@inline const WS_BITS: u64 = 0x100002600;

@inline function isWs(c: u32): bool {
  return c <= 0x20 && ((WS_BITS >> <u64>c) & 1) != 0;
}

@inline function isDigit(c: u32): bool {
  return c - ZERO < 10;
}

@inline function isHex(c: u32): bool {
  return c - ZERO < 10 || (c | 0x20) - 0x61 < 6;
}


/** First byte in `[p, end)` that is '"', '\\' or a control byte (< 0x20); `end` if none. */
@inline function skipStringBody(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) {
    while (p + 16 <= end) {
      const v = v128.load(p);
      const special = v128.or(v128.or(i8x16.eq(v, V_QUOTE), i8x16.eq(v, V_BSLASH)), i8x16.lt_u(v, V_SPACE));
      const m = i8x16.bitmask(special);
      if (m != 0) return p + <usize>ctz<u32>(<u32>m);
      p += 16;
    }
  }
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == QUOTE || c == BSLASH || c < 0x20) return p;
    p++;
  }
  return end;
}

@lazy const V_ZERO = i8x16.splat(0x30);
@lazy const V_TEN = i8x16.splat(10);

/** First byte in `[p, end)` that is not an ASCII digit; `end` if none. */
@inline function skipDigits(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) {
    if (p + 16 <= end) {
      const v = v128.load(p);
      const m = ~i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, V_ZERO), V_TEN)) & 0xffff;
      if (m != 0) return p + <usize>ctz<u32>(<u32>m);
      p += 16;
    }
  }
  while (p < end && isDigit(<u32>load<u8>(p))) p++;
  return p;
}

/** First non-whitespace byte in `[p, end)`, `end` if none; whitespace runs go by blocks of 16. */
function skipWsRun(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) {
    while (p + 16 <= end) {
      const v = v128.load(p);
      const ws = v128.or(v128.or(i8x16.eq(v, V_SPACE), i8x16.eq(v, V_LF)), v128.or(i8x16.eq(v, V_CR), i8x16.eq(v, V_TAB)));
      const m = <u32>~i8x16.bitmask(ws) & 0xffff;
      if (m != 0) return p + <usize>ctz<u32>(<u32>m);
      p += 16;
    }
  }
  while (p < end && isWs(<u32>load<u8>(p))) p++;
  return p;
}

// Minified input has no whitespace and pretty input mostly one byte of it, so the first two bytes
// are tested inline; only longer runs (indentation) call the block loop.
@inline function skipWs(p: usize, end: usize): usize {
  if (p < end && isWs(<u32>load<u8>(p))) {
    p++;
    if (p < end && isWs(<u32>load<u8>(p))) p = skipWsRun(p + 1, end);
  }
  return p;
}

@inline function entry(tp: usize, w0: u32, start: u32, end: u32, next: u32): void {
  store<u64>(tp, <u64>w0 | (<u64>start << 32));
  store<u64>(tp, <u64>end | (<u64>next << 32), 8);
}

// Cold path: the info block was zeroed on entry; only the error offset is set.
@inline function fail(infoPtr: usize, status: i32, at: usize): i32 {
  store<u32>(infoPtr, <u32>at);
  return -status;
}

/**
 * Scans `[inPtr, inPtr + len)` as one JSON value and writes its tape.
 * @param tapePtr  room for `tapeCap` entries of 16 bytes
 * @param stackPtr room for `maxDepth` u32 (tape index of each open container)
 * @param infoPtr  8 u32: error offset, strings, string bytes, numbers, number bytes, containers,
 *                 deepest nesting, literals (codes.ts `Info`); on error only the offset is set
 * @returns the number of tape entries, or a negated status (codes.ts `Status`)
 */
export function scanJson(inPtr: usize, len: u32, tapePtr: usize, tapeCap: u32, stackPtr: usize, maxDepth: u32, infoPtr: usize): i32 {
  memory.fill(infoPtr, 0, INFO_SIZE << 2);
  const end = inPtr + <usize>len;
  let p = skipWs(inPtr, end);
  if (p >= end) return fail(infoPtr, STATUS_EMPTY, p - inPtr);

  let n: u32 = 0;
  let depth: u32 = 0;
  let strings: u32 = 0, stringBytes: u32 = 0, numbers: u32 = 0, numberBytes: u32 = 0;
  let containers: u32 = 0, literals: u32 = 0, deepest: u32 = 0;
  // expectKey: right after '{' or a ',' inside an object. inObject: the innermost open container.
  let expectKey = false;
  let inObject = false;
  for (;;) {
    // ---- one value (or key) at p ----
    if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
    if (n >= tapeCap) return fail(infoPtr, STATUS_TAPE_FULL, p - inPtr);
    let c = <u32>load<u8>(p);
    const tp = tapePtr + (<usize>n << 4);
    if (c == QUOTE) {
      const start = p;
      p++;
      for (;;) {
        p = skipStringBody(p, end);
        if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
        c = <u32>load<u8>(p);
        if (c == QUOTE) break;
        if (c != BSLASH) return fail(infoPtr, STATUS_SYNTAX, p - inPtr); // control byte
        if (p + 1 >= end) return fail(infoPtr, STATUS_TRUNCATED, p + 1 - inPtr);
        const x = <u32>load<u8>(p, 1);
        if (x == 0x75) {
          if (p + 5 >= end) return fail(infoPtr, STATUS_TRUNCATED, <usize>len);
          if (!isHex(<u32>load<u8>(p, 2)) || !isHex(<u32>load<u8>(p, 3)) || !isHex(<u32>load<u8>(p, 4)) || !isHex(<u32>load<u8>(p, 5))) {
            return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
          }
          p += 6;
          continue;
        }
        if (x != QUOTE && x != BSLASH && x != 0x2f && x != 0x62 && x != 0x66 && x != 0x6e && x != 0x72 && x != 0x74) {
          return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
        }
        p += 2;
      }
      p++;
      entry(tp, (expectKey ? KIND_KEY : KIND_STRING) | (depth << 4), <u32>(start - inPtr), <u32>(p - inPtr), n + 1);
      n++;
      if (expectKey) {
        p = skipWs(p, end);
        if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
        if (<u32>load<u8>(p) != COLON) return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
        p = skipWs(p + 1, end);
        expectKey = false;
        continue; // now the member's value
      }
      strings++;
      stringBytes += <u32>(p - start);
    } else if (expectKey) {
      return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
    } else if (c == LBRACE || c == LBRACK) {
      if (depth >= maxDepth) return fail(infoPtr, STATUS_TOO_DEEP, p - inPtr);
      const isObj = c == LBRACE;
      store<u32>(tp, (isObj ? KIND_OBJECT : KIND_ARRAY) | (depth << 4));
      store<u32>(tp, <u32>(p - inPtr), 4);
      store<u32>(stackPtr + (<usize>depth << 2), n);
      depth++;
      if (depth > deepest) deepest = depth;
      containers++;
      n++;
      inObject = isObj;
      p = skipWs(p + 1, end);
      if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
      if (<u32>load<u8>(p) != (isObj ? RBRACE : RBRACK)) {
        expectKey = isObj;
        continue;
      }
      // empty container: the closer is handled below
    } else if (c == MINUS || isDigit(c)) {
      const start = p;
      if (c == MINUS) {
        p++;
        if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
        c = <u32>load<u8>(p);
      }
      if (c == ZERO) p++;
      else if (c - 0x31 < 9) {
        p = skipDigits(p + 1, end);
      } else return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
      if (p < end && <u32>load<u8>(p) == DOT) {
        p++;
        if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
        if (!isDigit(<u32>load<u8>(p))) return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
        p = skipDigits(p + 1, end);
      }
      if (p < end && (<u32>load<u8>(p) | 0x20) == 0x65) {
        p++;
        if (p < end && (<u32>load<u8>(p) == PLUS || <u32>load<u8>(p) == MINUS)) p++;
        if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
        if (!isDigit(<u32>load<u8>(p))) return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
        while (p < end && isDigit(<u32>load<u8>(p))) p++;
      }
      entry(tp, KIND_NUMBER | (depth << 4), <u32>(start - inPtr), <u32>(p - inPtr), n + 1);
      n++;
      numbers++;
      numberBytes += <u32>(p - start);
    } else if (c == 0x74 || c == 0x66 || c == 0x6e) {
      // true / false / null: bounds first (TRUNCATED wins over a wrong letter), then one compare
      const want: usize = c == 0x66 ? 5 : 4;
      if (p + want > end) return fail(infoPtr, STATUS_TRUNCATED, <usize>len);
      const w = load<u32>(p);
      let kind: u32;
      if (c == 0x74) {
        if (w != 0x65757274) return fail(infoPtr, STATUS_SYNTAX, p - inPtr); // "true"
        kind = KIND_TRUE;
      } else if (c == 0x66) {
        if (w != 0x736c6166 || <u32>load<u8>(p, 4) != 0x65) return fail(infoPtr, STATUS_SYNTAX, p - inPtr); // "false"
        kind = KIND_FALSE;
      } else {
        if (w != 0x6c6c756e) return fail(infoPtr, STATUS_SYNTAX, p - inPtr); // "null"
        kind = KIND_NULL;
      }
      entry(tp, kind | (depth << 4), <u32>(p - inPtr), <u32>(p + want - inPtr), n + 1);
      p += want;
      n++;
      literals++;
    } else {
      return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
    }

    // ---- after a value: ',' or closers, possibly several ----
    for (;;) {
      p = skipWs(p, end);
      if (depth == 0) {
        if (p < end) return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
        store<u32>(infoPtr, strings, INFO_STRINGS << 2);
        store<u32>(infoPtr, stringBytes, INFO_STRING_BYTES << 2);
        store<u32>(infoPtr, numbers, INFO_NUMBERS << 2);
        store<u32>(infoPtr, numberBytes, INFO_NUMBER_BYTES << 2);
        store<u32>(infoPtr, containers, INFO_CONTAINERS << 2);
        store<u32>(infoPtr, deepest, INFO_MAX_DEPTH << 2);
        store<u32>(infoPtr, literals, INFO_LITERALS << 2);
        return <i32>n;
      }
      if (p >= end) return fail(infoPtr, STATUS_TRUNCATED, p - inPtr);
      c = <u32>load<u8>(p);
      if (c == COMMA) {
        p = skipWs(p + 1, end);
        expectKey = inObject;
        break;
      }
      if (c != (inObject ? RBRACE : RBRACK)) return fail(infoPtr, STATUS_SYNTAX, p - inPtr);
      p++;
      depth--;
      const open = tapePtr + (<usize>load<u32>(stackPtr + (<usize>depth << 2)) << 4);
      store<u32>(open, <u32>(p - inPtr), 8);
      store<u32>(open, n, 12);
      if (depth > 0) {
        const parent = tapePtr + (<usize>load<u32>(stackPtr + (<usize>(depth - 1) << 2)) << 4);
        inObject = (load<u32>(parent) & 15) == KIND_OBJECT;
      }
    }
  }
  return unreachable();
}
