// scanWords with SIMD (words.ts keeps the byte loop, the spec of both). Word bytes are found 16
// at a time as a bitmask (one bit per byte); word starts are w & ~(w << 1), and their popcount is
// the word count. Each word then costs one bit-filter test (lexicon.ts), and only the rare word
// that passes goes to matchWord.
//
// Loads read up to 15 bytes past the range: ranges lie inside the input, which the arena pads by
// 16 bytes (arena.ts), and the bits past the range are masked off.

import { allowed, filterBit, LEX_QUERY, LEX_SCAN, matchWord } from "./lexicon";

@inline export const NO_BLOCKS: u32 = 0x7fffffff; // a range with an escape: the byte loop takes it

@lazy const V_BSLASH = i8x16.splat(0x5c);
@lazy const V_X20 = i8x16.splat(0x20);
@lazy const V_LETTER_BIAS = i8x16.splat(0x1f); // 'a' + 0x1f = 0x80: letters land on -128 … -103
@lazy const V_LETTER_END = i8x16.splat(-102);
@lazy const V_DIGIT_BIAS = i8x16.splat(0x50); // '0' + 0x50 = 0x80: digits land on -128 … -119
@lazy const V_DIGIT_END = i8x16.splat(-118);

// Word bytes of `v`: each ASCII range biased onto the bottom of the signed bytes, so one signed
// compare tests it; bytes ≥ 0x80 are the sign bits, the bitmask of `v` itself.
@inline function wordBits(v: v128): u32 {
  const letter = i8x16.lt_s(i8x16.add(v128.or(v, V_X20), V_LETTER_BIAS), V_LETTER_END);
  const digit = i8x16.lt_s(i8x16.add(v, V_DIGIT_BIAS), V_DIGIT_END);
  return <u32>i8x16.bitmask(v128.or(letter, digit)) | <u32>i8x16.bitmask(v);
}

@inline function backslashBits(v: v128): u64 {
  return <u64>i8x16.bitmask(i8x16.eq(v, V_BSLASH));
}

/**
 * The words starting at the bits `starts` of the bytes at `p` (word bits `w`, one per byte; each
 * word ends inside them): one filter test each (LEX_SCAN when `checkErr`, else LEX_QUERY), and
 * matchWord for the words that pass. Returns whether an error word was seen.
 */
@inline function blockWords(p: usize, w: u64, starts: u64, lex: usize, tfRow: usize, checkErr: bool): bool {
  const f = lex + (checkErr ? LEX_SCAN : LEX_QUERY);
  let err = false;
  while (starts != 0) {
    const i = ctz<u64>(starts);
    const len = <usize>ctz<u64>(~(w >> i));
    const ws = p + <usize>i;
    if (allowed(f, filterBit(<u32>load<u8>(ws), <u32>load<u8>(ws + len - 1), len))) {
      if (matchWord(ws, len, lex, tfRow, checkErr && !err)) err = true;
    }
    starts &= starts - 1;
  }
  return err;
}

/**
 * scanWords (words.ts) for `[s, e)`, 0 < e - s ≤ 64, in straight-line blocks: most strings and
 * numbers. Returns NO_BLOCKS, having bumped nothing, when the range holds a backslash.
 */
@inline export function scanShort(s: usize, e: usize, lex: usize, tfRow: usize, errors: bool): u32 {
  const n = e - s;
  let v = v128.load(s);
  let bs = backslashBits(v);
  let w = <u64>wordBits(v);
  if (n > 16) {
    v = v128.load(s, 16);
    bs |= backslashBits(v) << 16;
    w |= <u64>wordBits(v) << 16;
    if (n > 32) {
      v = v128.load(s, 32);
      bs |= backslashBits(v) << 32;
      w |= <u64>wordBits(v) << 32;
      if (n > 48) {
        v = v128.load(s, 48);
        bs |= backslashBits(v) << 48;
        w |= <u64>wordBits(v) << 48;
      }
    }
  }
  const live: u64 = n == 64 ? <u64>-1 : (<u64>1 << <u64>n) - 1;
  if ((bs & live) != 0) return NO_BLOCKS;
  w &= live;
  const starts = w & ~(w << 1);
  const count = <u32>popcnt<u64>(starts);
  const err = blockWords(s, w, starts, lex, tfRow, errors);
  return errors && err ? count | 0x80000000 : count;
}

/**
 * scanWords for `[s, e)` of more than 64 bytes, 16 at a time; a word may run on from one block
 * into the next. Returns NO_BLOCKS, having bumped nothing, when the range holds a backslash.
 */
export function scanLong(s: usize, e: usize, lex: usize, tfRow: usize, errors: bool): u32 {
  for (let p = s; p < e; p += 16) {
    const n = e - p;
    if ((backslashBits(v128.load(p)) & (n >= 16 ? 0xffff : (<u64>1 << <u64>n) - 1)) != 0) return NO_BLOCKS;
  }
  let count: u32 = 0;
  let err = false;
  let open: usize = 0; // start of a word that runs on into the next block (0 = none)
  for (let p = s; p < e; p += 16) {
    const n = e - p;
    const w = wordBits(v128.load(p)) & (n >= 16 ? 0xffff : (<u32>1 << <u32>n) - 1);
    let m = w;
    if (open != 0) {
      const run = <u32>ctz<u32>(~w);
      if (run == 16 && n > 16) continue;
      if (matchWord(open, p + <usize>run - open, lex, tfRow, errors && !err)) err = true;
      open = 0;
      m &= ~((<u32>1 << run) - 1);
    }
    let starts = m & ~(m << 1);
    count += <u32>popcnt<u32>(starts);
    if (n > 16 && (m & 0x8000) != 0) {
      // the last word touches the block's end and more bytes follow: it ends in a later block
      const last = 31 - <u32>clz<u32>(starts);
      open = p + <usize>last;
      starts &= ~(<u32>1 << last);
    }
    if (blockWords(p, <u64>w, <u64>starts, lex, tfRow, errors && !err)) err = true;
  }
  return errors && err ? count | 0x80000000 : count;
}
