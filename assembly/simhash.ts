// SimHash64 over word shingles, for near-duplicate detection of short texts (memory facts).
// The TS twin (src/core/simhash.ts) must give the identical 64-bit value for every input.
//
// The rule, over UTF-8 bytes:
//
//   | step      | definition                                                                  |
//   |-----------|-----------------------------------------------------------------------------|
//   | words     | maximal runs of word bytes: [0-9A-Za-z] or any byte >= 0x80 (so UTF-8       |
//   |           | letters stay whole); ASCII A-Z lowered to a-z; everything else separates     |
//   | normal    | the words joined by one space, written to scratch                            |
//   | shingles  | every window of k consecutive words (one space between); fewer than k words |
//   |           | gives one shingle of all of them; no words gives hash 0 and 0 shingles       |
//   | weights   | XXH64 (seed 0) of each shingle's bytes; bit b adds +1 when set, -1 when not  |
//   | result    | bit b = 1 exactly when its sum is > 0 (a tie gives 0)                        |
//
// Scratch layout: 64 i32 sums (256 bytes), then the normalised text (at most len bytes).

import { xxh64 } from "./hash/xxhash64";

@inline const SPACE: u8 = 0x20;

@inline function isWordByte(c: u32): bool {
  return c >= 0x80 || c - 0x30 < 10 || (c | 0x20) - 0x61 < 26;
}

// Adds one shingle hash to the 64 bit sums.
@inline function addBits(sums: usize, h: u64): void {
  for (let b: usize = 0; b < 64; b++) {
    const at = sums + (b << 2);
    store<i32>(at, load<i32>(at) + (((h >> <u64>b) & 1) != 0 ? 1 : -1));
  }
}

/**
 * SimHash64 of `[ptr, ptr + len)` over shingles of `shingle` words (0 counts as 1).
 * @param scratchPtr room for `256 + len` bytes
 * @param outPtr receives the u64 LE result
 * @returns the number of shingles that were hashed
 */
export function simhash64(ptr: usize, len: u32, shingle: u32, scratchPtr: usize, outPtr: usize): u32 {
  const k: u32 = shingle == 0 ? 1 : shingle;
  const sums = scratchPtr;
  memory.fill(sums, 0, 256);
  const text = scratchPtr + 256;
  const end = ptr + <usize>len;
  let q = text;
  let words: u32 = 0;
  let p = ptr;
  while (p < end) {
    while (p < end && !isWordByte(<u32>load<u8>(p))) p++;
    if (p >= end) break;
    if (words > 0) store<u8>(q++, SPACE);
    while (p < end) {
      let c = <u32>load<u8>(p);
      if (!isWordByte(c)) break;
      if (c - 0x41 < 26) c |= 0x20;
      store<u8>(q++, <u8>c);
      p++;
    }
    words++;
  }
  const textEnd = q;
  if (words == 0) {
    store<u64>(outPtr, 0);
    return 0;
  }
  let n: u32 = 0;
  if (words <= k) {
    addBits(sums, xxh64(text, textEnd - text, 0));
    n = 1;
  } else {
    // `win` is the start of the window's first word; it moves one word on after each shingle.
    let win = text;
    let s = text;
    let j: u32 = 0;
    while (s < textEnd) {
      let e = s;
      while (e < textEnd && load<u8>(e) != SPACE) e++;
      if (j + 1 >= k) {
        addBits(sums, xxh64(win, e - win, 0));
        n++;
        while (win < textEnd && load<u8>(win) != SPACE) win++;
        win++;
      }
      s = e + 1;
      j++;
    }
  }
  let h: u64 = 0;
  for (let b: usize = 0; b < 64; b++) if (load<i32>(sums + (b << 2)) > 0) h |= (<u64>1) << <u64>b;
  store<u64>(outPtr, h);
  return n;
}
