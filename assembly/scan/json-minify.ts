// Copies already-validated JSON bytes, dropping the whitespace outside strings. Strings are copied
// verbatim (escapes untouched), so the result is the canonical form we hash and the compact form
// we render. The TS twin (src/core/wasm/twin/json-minify.ts) gives identical bytes.
//
// A backslash copies the byte after it only while that byte is inside the range, so the output is
// never longer than the input and no byte outside `[start, end)` is read.
//
// SIMD: 16 bytes are loaded and stored whole, and the cursors advance only past the bytes that
// need no decision (outside strings: up to the next '"' or whitespace; inside: up to the next '"'
// or '\\'). Blocks run only while `i + 16 <= end`; as the output never gets ahead of the input,
// a block store stays inside the `end - start` bytes the output may use.

@inline const QUOTE: u32 = 0x22;
@inline const BSLASH: u32 = 0x5c;

@inline function isWs(c: u32): bool {
  return c <= 0x20 && ((<u64>0x100002600 >> <u64>c) & 1) != 0;
}

@lazy const V_QUOTE = i8x16.splat(0x22);
@lazy const V_BSLASH = i8x16.splat(0x5c);
@lazy const V_SPACE = i8x16.splat(0x20);
@lazy const V_LF = i8x16.splat(0x0a);
@lazy const V_CR = i8x16.splat(0x0d);
@lazy const V_TAB = i8x16.splat(0x09);

/**
 * Minifies `[inPtr + start, inPtr + end)` into `outPtr` (room for `end - start` bytes, not
 * overlapping the input).
 * @returns the output length
 */
export function minifyRange(inPtr: usize, start: u32, end: u32, outPtr: usize): u32 {
  let i = inPtr + <usize>start;
  const e = inPtr + <usize>end;
  let o = outPtr;
  while (i < e) {
    if (ASC_FEATURE_SIMD) {
      if (i + 16 <= e) {
        const v = v128.load(i);
        const ws = v128.or(v128.or(i8x16.eq(v, V_SPACE), i8x16.eq(v, V_LF)), v128.or(i8x16.eq(v, V_CR), i8x16.eq(v, V_TAB)));
        const m = <u32>i8x16.bitmask(v128.or(ws, i8x16.eq(v, V_QUOTE)));
        v128.store(o, v);
        if (m == 0) {
          i += 16;
          o += 16;
          continue;
        }
        const k = <usize>ctz<u32>(m);
        i += k;
        o += k;
      }
    }
    const c = <u32>load<u8>(i);
    if (c == QUOTE) {
      // the string through its closing quote; a backslash takes the next byte with it
      store<u8>(o++, <u8>c);
      i++;
      while (i < e) {
        if (ASC_FEATURE_SIMD) {
          if (i + 16 <= e) {
            const v = v128.load(i);
            const m = <u32>i8x16.bitmask(v128.or(i8x16.eq(v, V_QUOTE), i8x16.eq(v, V_BSLASH)));
            v128.store(o, v);
            if (m == 0) {
              i += 16;
              o += 16;
              continue;
            }
            const k = <usize>ctz<u32>(m);
            i += k;
            o += k;
          }
        }
        const s = <u32>load<u8>(i);
        store<u8>(o++, <u8>s);
        i++;
        if (s == BSLASH) {
          if (i < e) {
            store<u8>(o++, load<u8>(i));
            i++;
          }
        } else if (s == QUOTE) break;
      }
      continue;
    }
    if (isWs(c)) {
      i++;
      while (i < e && isWs(<u32>load<u8>(i))) i++;
      continue;
    }
    store<u8>(o++, <u8>c);
    i++;
  }
  return <u32>(o - outPtr);
}
