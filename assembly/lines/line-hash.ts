// Line splitting and per-line hashing over UTF-8 bytes, one batch call per input.
// A line ends at "\n"; a "\r" right before that "\n" is not part of the line (CRLF input hashes
// like LF input). A "\r" anywhere else, including at the very end of input, stays in the line.
// The TS twin (src/core/wasm/twin/line-hash.ts) must give identical counts, ranges and hashes.
//
// Masking (masked = 1) makes lines that differ only in volatile tokens hash equal, so that log
// lines can be grouped by template. The rule, applied left to right over the line's bytes:
//
//   | input                                              | written to scratch          |
//   |----------------------------------------------------|-----------------------------|
//   | maximal run of [0-9A-Za-z] with at least one digit  | one '#'                     |
//   | maximal run of [0-9A-Za-z] with no digit            | the run, unchanged          |
//   | any other byte (space, punctuation, '#', UTF-8 ≥ 0x80) | the byte, unchanged     |
//
//   "port 22 from 10.0.0.1 at 12:00:01"  →  "port # from #.#.#.# at #:#:#"
//   "id 3f2a9c0e-77aa-4b1e-9d1f-0c8e4b7f1a2b" → "id #-#-#-#-#"   ("77aa" has digits)
//   "user abc-def"                       →  "user abc-def"   (no digit, kept)
//
// Only ASCII counts as alphanumeric, so a run never splits a multi-byte UTF-8 sequence.

import { xxh64 } from "../hash/xxhash64";

@inline const LF: u8 = 0x0a;
@inline const CR: u8 = 0x0d;
@inline const HASH: u8 = 0x23; // '#'

@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

@inline function isAlnum(c: u32): bool {
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 26;
}

/**
 * Number of lines in `[ptr, ptr + len)`: one per "\n", plus one for a last line without "\n".
 * Empty input has 0 lines; a trailing "\n" does not start an empty last line.
 */
export function countLines(ptr: usize, len: u32): u32 {
  const end = ptr + <usize>len;
  let n: u32 = 0;
  for (let p = ptr; p < end; p++) n += <u32>(load<u8>(p) == LF);
  if (len > 0 && load<u8>(end - 1) != LF) n++;
  return n;
}

// Writes the masked copy of `[src, srcEnd)` at `dst` (see the table above); returns its length,
// which is never more than the source length.
function maskInto(src: usize, srcEnd: usize, dst: usize): usize {
  let q = dst;
  let p = src;
  while (p < srcEnd) {
    const c = <u32>load<u8>(p);
    if (!isAlnum(c)) {
      store<u8>(q++, <u8>c);
      p++;
      continue;
    }
    const runStart = p;
    let digit = false;
    do {
      digit = digit || isDigit(<u32>load<u8>(p));
      p++;
    } while (p < srcEnd && isAlnum(<u32>load<u8>(p)));
    if (digit) {
      store<u8>(q++, HASH);
    } else {
      memory.copy(q, runStart, p - runStart);
      q += p - runStart;
    }
  }
  return q - dst;
}

/**
 * Splits `[ptr, ptr + len)` into lines and hashes each one with XXH64.
 * For line i it writes 4 u32 at `outPtr + 16 * i`: start, end (byte offsets from `ptr`; end
 * excludes "\n" and a "\r" right before it), then the low and high halves of the hash.
 * @param masked 1 = hash the masked copy of the line (see the table above), 0 = the bytes as is
 * @param seed   XXH64 seed, zero-extended to 64 bits
 * @param outPtr room for `16 * countLines(ptr, len)` bytes
 * @param scratchPtr room for `len` bytes; used only when masked = 1
 * @returns the number of lines (same as countLines)
 */
export function hashLines(ptr: usize, len: u32, masked: u32, seed: u32, outPtr: usize, scratchPtr: usize): u32 {
  const end = ptr + <usize>len;
  const seed64 = <u64>seed;
  let n: u32 = 0;
  let lineStart = ptr;
  while (lineStart < end) {
    let nl = lineStart;
    while (nl < end && load<u8>(nl) != LF) nl++;
    let lineEnd = nl;
    if (nl < end && lineEnd > lineStart && load<u8>(lineEnd - 1) == CR) lineEnd--;
    const h = masked
      ? xxh64(scratchPtr, maskInto(lineStart, lineEnd, scratchPtr), seed64)
      : xxh64(lineStart, lineEnd - lineStart, seed64);
    const o = outPtr + (<usize>n << 4);
    store<u32>(o, <u32>(lineStart - ptr));
    store<u32>(o, <u32>(lineEnd - ptr), 4);
    store<u32>(o, <u32>h, 8);
    store<u32>(o, <u32>(h >>> 32), 12);
    n++;
    lineStart = nl + 1; // past the "\n" (or past the end for a last line without one)
  }
  return n;
}
