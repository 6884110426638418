// Word splitting for collection stats (twin: scanWords in src/core/wasm/twin/collection-stats.ts).
//
// A word is a maximal run of ASCII letters/digits and bytes ≥ 0x80; a JSON escape ends a word and
// its letter is skipped. Each word is counted, and matched against the lexicon (lexicon.ts) for
// term frequencies and error words. The byte loop here is the spec and the scalar build's path;
// with SIMD, ranges without a backslash go through word-blocks.ts, which gives the same results.

import { matchWord, wordLower } from "./lexicon";
import { NO_BLOCKS, scanLong, scanShort } from "./word-blocks";

/**
 * Splits `[s, e)` into words, bumps the u32 term frequencies at `tfRow` for query words, and
 * returns the word count, with bit 31 set when `errors` and an error word was seen (matchWord).
 */
export function scanWords(s: usize, e: usize, lex: usize, tfRow: usize, errors: bool): u32 {
  return scanRange(s, e, lex, tfRow, errors);
}

/**
 * scanWords over `n` ranges listed at `list` (u32 pairs of offsets from `base`), with the same
 * `errors`; returns the total count, bit 31 as in scanWords. The walk batches an item's strings
 * (and numbers) into one call, which keeps the scanning code out of its loop.
 */
export function scanTexts(base: usize, list: usize, n: u32, lex: usize, tfRow: usize, errors: bool): u32 {
  let count: u32 = 0;
  let err = false;
  for (let i: u32 = 0; i < n; i++) {
    const p = list + (<usize>i << 3);
    const r = scanRange(base + <usize>load<u32>(p), base + <usize>load<u32>(p, 4), lex, tfRow, errors && !err);
    count += r & 0x7fffffff;
    if ((r & 0x80000000) != 0) err = true;
  }
  return errors && err ? count | 0x80000000 : count;
}

@lazy const V_DOT = i8x16.splat(0x2e);
@lazy const V_PLUS = i8x16.splat(0x2b);
@lazy const V_MINUS = i8x16.splat(0x2d);

/**
 * scanWords of the JSON number `[s, e)` when no query word starts with a digit: every word of a
 * number does, so only the count is left. Words are split by '.', '+' and '-' (a leading '-'
 * starts none; 'e' is a letter).
 */
@inline export function numberWords(s: usize, e: usize): u32 {
  const n = e - s;
  if (ASC_FEATURE_SIMD) {
    if (n <= 16) {
      // one block; it may read 15 bytes past `e`, inside the padded input (arena.ts)
      const v = v128.load(s);
      const seps = <u32>i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, V_DOT), i8x16.eq(v, V_PLUS)), i8x16.eq(v, V_MINUS)));
      return 1 + <u32>popcnt<u32>(seps & ((<u32>1 << <u32>n) - 2));
    }
  }
  let count: u32 = 1;
  for (let i = s + 1; i < e; i++) {
    const c = load<u8>(i);
    if (c == 0x2e || c == 0x2b || c == 0x2d) count++;
  }
  return count;
}

@inline function scanRange(s: usize, e: usize, lex: usize, tfRow: usize, errors: bool): u32 {
  if (s >= e) return 0;
  if (ASC_FEATURE_SIMD) {
    const r = e - s <= 64 ? scanShort(s, e, lex, tfRow, errors) : scanLong(s, e, lex, tfRow, errors);
    if (r != NO_BLOCKS) return r;
  }
  return scanWordBytes(s, e, lex, tfRow, errors);
}

// scanWords byte by byte.
function scanWordBytes(s: usize, e: usize, lex: usize, tfRow: usize, errors: bool): u32 {
  let count: u32 = 0;
  let err = false;
  let i = s;
  while (i < e) {
    const c = <u32>load<u8>(i);
    if (c == 0x5c) {
      i += load<u8>(i, 1) == 0x75 ? 6 : 2;
      continue;
    }
    if (wordLower(c) == 0) {
      i++;
      continue;
    }
    const ws = i;
    do i++;
    while (i < e && wordLower(<u32>load<u8>(i)) != 0);
    count++;
    if (matchWord(ws, i - ws, lex, tfRow, errors && !err)) err = true;
  }
  return errors && err ? count | 0x80000000 : count;
}
