// Copies already-validated JSON bytes, dropping the whitespace outside strings. Strings are copied
// verbatim (escapes untouched), so the result is the canonical form we hash and the compact form
// we render. The TS twin (src/core/wasm/twin/json-minify.ts) gives identical bytes.
//
// A backslash inside a string copies the byte after it only while that byte is inside the range,
// so the output is never longer than the input and no byte outside `[start, end)` is read.
//
// SIMD: one block of 16 bytes is decided at once from three masks: quotes (q), backslashes and
// whitespace (w). The prefix XOR of q, flipped when the block starts inside a string, gives for
// each byte whether the string state after it is "inside"; a whitespace byte is dropped exactly
// when that state is "outside". The block is stored whole and the cursors advance past the bytes
// up to the first dropped byte or backslash, which the scalar step then takes (a backslash may
// take the next byte with it). Blocks run only while `i + 16 <= end`; the output never gets ahead
// of the input, so a block store stays inside the `end - start` bytes the output may use.

import { V_BSLASH, V_CR, V_LF, V_QUOTE, V_SPACE, V_TAB } from "./simd-bytes";

@inline const QUOTE: u32 = 0x22;
@inline const BSLASH: u32 = 0x5c;

@inline function isWs(c: u32): bool {
  return c <= 0x20 && ((<u64>0x100002600 >> <u64>c) & 1) != 0;
}


/**
 * Minifies `[inPtr + start, inPtr + end)` into `outPtr` (room for `end - start` bytes, not
 * overlapping the input).
 * @returns the output length
 */
export function minifyRange(inPtr: usize, start: u32, end: u32, outPtr: usize): u32 {
  let i = inPtr + <usize>start;
  const e = inPtr + <usize>end;
  let o = outPtr;
  let inString: u32 = 0; // 1 inside a string (after its opening quote)
  while (i < e) {
    if (ASC_FEATURE_SIMD) {
      if (i + 16 <= e) {
        const v = v128.load(i);
        const ws = v128.or(v128.or(i8x16.eq(v, V_SPACE), i8x16.eq(v, V_LF)), v128.or(i8x16.eq(v, V_CR), i8x16.eq(v, V_TAB)));
        let x = <u32>i8x16.bitmask(i8x16.eq(v, V_QUOTE));
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= 0 - inString; // flip every state when the block starts inside a string
        const stop = (<u32>i8x16.bitmask(ws) & ~x) | <u32>i8x16.bitmask(i8x16.eq(v, V_BSLASH)) | 0x10000;
        const k = ctz<u32>(stop);
        v128.store(o, v);
        i += <usize>k;
        o += <usize>k;
        if (k > 0) inString = (x >> (k - 1)) & 1;
        if (k == 16) continue;
      }
    }
    // one byte (or a backslash pair) by the state machine
    const c = <u32>load<u8>(i);
    i++;
    if (inString) {
      store<u8>(o++, <u8>c);
      if (c == BSLASH) {
        if (i < e) store<u8>(o++, load<u8>(i++));
      } else if (c == QUOTE) inString = 0;
    } else if (c == QUOTE) {
      store<u8>(o++, <u8>c);
      inString = 1;
    } else if (isWs(c)) {
      while (i < e && isWs(<u32>load<u8>(i))) i++;
    } else store<u8>(o++, <u8>c);
  }
  return <u32>(o - outPtr);
}
