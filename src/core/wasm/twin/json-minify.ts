/**
 * TS twin of assembly/scan/json-minify.ts: copies already-validated JSON bytes, dropping the
 * whitespace outside strings. Strings are copied verbatim (escapes untouched), so the result is
 * the canonical form we hash and the compact form we render.
 * @module
 */

/** Minifies `buf[start, end)` into `out` at `outPos`; returns the new end position in `out`. */
export function minifyRange(buf: Uint8Array, start: number, end: number, out: Uint8Array, outPos: number): number {
  let o = outPos;
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    if (c === 0x22) {
      // copy the string through its closing quote; a backslash always takes the next byte with it
      out[o++] = c;
      i++;
      while (i < end) {
        const s = buf[i]!;
        out[o++] = s;
        i++;
        if (s === 0x5c) {
          // only inside the range: a range cut right after a backslash must not read past `end`
          if (i < end) {
            out[o++] = buf[i]!;
            i++;
          }
        } else if (s === 0x22) break;
      }
      continue;
    }
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) out[o++] = c;
    i++;
  }
  return o;
}
