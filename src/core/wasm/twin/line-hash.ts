/**
 * TS twin of assembly/lines/line-hash.ts: line counting and per-line XXH64, with identical
 * results. Offsets are relative to `buf[0]` (the wasm `ptr`). The line and masking rules are
 * documented in the AssemblyScript file; in short: "\n" ends a line, a "\r" right before it is
 * dropped, and with masking every [0-9A-Za-z] run that holds a digit becomes one '#'.
 * @module
 */
import { xxh64 } from "./xxhash64.js";

const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23; // '#'

function isDigit(c: number): boolean {
  return (c - 0x30) >>> 0 < 10;
}

function isAlnum(c: number): boolean {
  return (c - 0x30) >>> 0 < 10 || ((c | 0x20) - 0x61) >>> 0 < 26;
}

/**
 * Number of lines in `buf[0, len)`: one per "\n", plus one for a last line without "\n".
 * @param buf the bytes
 * @param len how many bytes of `buf` to read
 * @returns 0 for empty input; a trailing "\n" adds no empty line
 * @example
 * countLines(new TextEncoder().encode("a\nb\n"), 4); // 2
 */
export function countLines(buf: Uint8Array, len: number): number {
  let n = 0;
  for (let p = 0; p < len; p++) if (buf[p] === LF) n++;
  if (len > 0 && buf[len - 1] !== LF) n++;
  return n;
}

// Writes the masked copy of buf[src, srcEnd) at scratch[0]; returns its length.
function maskInto(buf: Uint8Array, src: number, srcEnd: number, scratch: Uint8Array): number {
  let q = 0;
  let p = src;
  while (p < srcEnd) {
    const c = buf[p];
    if (!isAlnum(c)) {
      scratch[q++] = c;
      p++;
      continue;
    }
    const runStart = p;
    let digit = false;
    do {
      digit = digit || isDigit(buf[p]);
      p++;
    } while (p < srcEnd && isAlnum(buf[p]));
    if (digit) {
      scratch[q++] = HASH;
    } else {
      scratch.set(buf.subarray(runStart, p), q);
      q += p - runStart;
    }
  }
  return q;
}

/**
 * Splits `buf[0, len)` into lines and hashes each with XXH64. Line i fills
 * `out[4i .. 4i+3]` = start, end (end excludes "\n" and a "\r" right before it), hash lo, hash hi.
 * @param buf the bytes
 * @param len how many bytes of `buf` to read
 * @param masked hash the masked copy of each line instead of its bytes
 * @param seed u32 seed
 * @param out room for `4 * countLines(buf, len)` u32
 * @param scratch room for `len` bytes; used only when masked
 * @returns the number of lines
 * @example
 * const b = new TextEncoder().encode("port 22\r\nport 80");
 * const out = new Uint32Array(8);
 * hashLines(b, b.length, true, 0, out, new Uint8Array(b.length)); // 2; out[2..3] equals out[6..7]
 */
export function hashLines(buf: Uint8Array, len: number, masked: boolean, seed: number, out: Uint32Array, scratch: Uint8Array): number {
  let n = 0;
  let lineStart = 0;
  while (lineStart < len) {
    let nl = lineStart;
    while (nl < len && buf[nl] !== LF) nl++;
    let lineEnd = nl;
    if (nl < len && lineEnd > lineStart && buf[lineEnd - 1] === CR) lineEnd--;
    const o = n << 2;
    if (masked) xxh64(scratch, 0, maskInto(buf, lineStart, lineEnd, scratch), seed, out, o + 2);
    else xxh64(buf, lineStart, lineEnd - lineStart, seed, out, o + 2);
    out[o] = lineStart;
    out[o + 1] = lineEnd;
    n++;
    lineStart = nl + 1; // past the "\n" (or past the end for a last line without one)
  }
  return n;
}
