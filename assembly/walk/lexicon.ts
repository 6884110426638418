// The word lexicon of collection stats (twin: buildLexicon and scanWords in
// src/core/wasm/twin/collection-stats.ts): query words (tag = term index + 1) and error words (tag
// bit 31), matched case-insensitively (ASCII) by matchWord. The table is open addressing over
// LEX_SIZE slots of 16 bytes, keyed by FNV-1a 32 of the lower-cased bytes:
//
//   | offset | field                                      |
//   |--------|--------------------------------------------|
//   | 0      | hash                                       |
//   | 4      | tag (0 = empty slot)                       |
//   | 8      | address of the word's bytes                |
//   | 12     | length                                     |
//
// Most words of real data are in no lexicon, so bit filters after the table reject them before
// any hashing. A word sets bit filterBit(first byte, last byte, length); the low 5 bits of a byte
// are the same in both ASCII cases, so a word in the lexicon always finds its entry's bit set, and
// filtering never changes a result. The scan filter adds every word an error rule (matchWord)
// could take: first byte f, or last byte r or n, at the lengths the rules need.
//
//   | offset    | bytes | filter                               | used                      |
//   |-----------|-------|--------------------------------------|---------------------------|
//   | LEX_WORDS | 2048  | all lexicon words                    | before a look-up          |
//   | LEX_QUERY | 2048  | query words only                     | when errors do not matter |
//   | LEX_SCAN  | 2048  | LEX_WORDS and the error rules' words | per word, errors wanted   |

import { FNV_OFFSET, FNV_PRIME, sameBytes } from "./records";

@inline const LEX_SIZE: u32 = 256;
@inline const LEX_FILTER_BYTES: usize = 2048; // 2^14 bits
@inline const LEX_WORDS: usize = <usize>LEX_SIZE << 4;
@inline export const LEX_QUERY: usize = LEX_WORDS + LEX_FILTER_BYTES;
@inline export const LEX_SCAN: usize = LEX_QUERY + LEX_FILTER_BYTES;
@inline export const LEX_BYTES: usize = LEX_SCAN + LEX_FILTER_BYTES;
@inline const LEX_ERROR: u32 = 0x80000000;
@inline const LEX_QUERY_WORDS: u32 = 192; // terms looked at for query words (the error words take 34 more slots)
@inline const TERM_WORD: u32 = 0;

// "error errors err fail fails failed failing failure failures exception exceptions fatal denied
// refused timeout timedout panic panicked invalid conflict crash crashed abort aborted critical
// unauthorized forbidden rejected unavailable unreachable traceback segfault killed oom"
// (the twin's ERROR_WORDS, as bytes; words separated by one space)
@inline const ERROR_WORDS_LEN: usize = 273;
const ERROR_WORDS = memory.data<u8>([
  0x65, 0x72, 0x72, 0x6f, 0x72, 0x20, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x73, 0x20, 0x65, 0x72, 0x72,
  0x20, 0x66, 0x61, 0x69, 0x6c, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x73, 0x20, 0x66, 0x61, 0x69, 0x6c,
  0x65, 0x64, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x69, 0x6e, 0x67, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x75,
  0x72, 0x65, 0x20, 0x66, 0x61, 0x69, 0x6c, 0x75, 0x72, 0x65, 0x73, 0x20, 0x65, 0x78, 0x63, 0x65,
  0x70, 0x74, 0x69, 0x6f, 0x6e, 0x20, 0x65, 0x78, 0x63, 0x65, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x73,
  0x20, 0x66, 0x61, 0x74, 0x61, 0x6c, 0x20, 0x64, 0x65, 0x6e, 0x69, 0x65, 0x64, 0x20, 0x72, 0x65,
  0x66, 0x75, 0x73, 0x65, 0x64, 0x20, 0x74, 0x69, 0x6d, 0x65, 0x6f, 0x75, 0x74, 0x20, 0x74, 0x69,
  0x6d, 0x65, 0x64, 0x6f, 0x75, 0x74, 0x20, 0x70, 0x61, 0x6e, 0x69, 0x63, 0x20, 0x70, 0x61, 0x6e,
  0x69, 0x63, 0x6b, 0x65, 0x64, 0x20, 0x69, 0x6e, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x20, 0x63, 0x6f,
  0x6e, 0x66, 0x6c, 0x69, 0x63, 0x74, 0x20, 0x63, 0x72, 0x61, 0x73, 0x68, 0x20, 0x63, 0x72, 0x61,
  0x73, 0x68, 0x65, 0x64, 0x20, 0x61, 0x62, 0x6f, 0x72, 0x74, 0x20, 0x61, 0x62, 0x6f, 0x72, 0x74,
  0x65, 0x64, 0x20, 0x63, 0x72, 0x69, 0x74, 0x69, 0x63, 0x61, 0x6c, 0x20, 0x75, 0x6e, 0x61, 0x75,
  0x74, 0x68, 0x6f, 0x72, 0x69, 0x7a, 0x65, 0x64, 0x20, 0x66, 0x6f, 0x72, 0x62, 0x69, 0x64, 0x64,
  0x65, 0x6e, 0x20, 0x72, 0x65, 0x6a, 0x65, 0x63, 0x74, 0x65, 0x64, 0x20, 0x75, 0x6e, 0x61, 0x76,
  0x61, 0x69, 0x6c, 0x61, 0x62, 0x6c, 0x65, 0x20, 0x75, 0x6e, 0x72, 0x65, 0x61, 0x63, 0x68, 0x61,
  0x62, 0x6c, 0x65, 0x20, 0x74, 0x72, 0x61, 0x63, 0x65, 0x62, 0x61, 0x63, 0x6b, 0x20, 0x73, 0x65,
  0x67, 0x66, 0x61, 0x75, 0x6c, 0x74, 0x20, 0x6b, 0x69, 0x6c, 0x6c, 0x65, 0x64, 0x20, 0x6f, 0x6f,
  0x6d,
]);

@inline export function lower(c: u32): u32 {
  return c - 65 < 26 ? c + 32 : c;
}

// Byte → its lower-case form when it is a word byte (ASCII letter or digit, or ≥ 0x80), else 0.
const WORD_LOWER = memory.data<u8>([
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
  0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
  0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
  0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
  0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
  0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
  0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
  0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
  0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
  0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
]);

@inline export function wordLower(c: u32): u32 {
  return <u32>load<u8>(WORD_LOWER + <usize>c);
}

// Filter bit of a word: 5 bits of its first byte, 5 of its last, its length up to 15.
@inline export function filterBit(first: u32, last: u32, len: usize): u32 {
  return (first & 31) | ((last & 31) << 5) | (<u32>(len < 15 ? len : 15) << 10);
}

@inline function allow(f: usize, bit: u32): void {
  const b = f + <usize>(bit >> 3);
  store<u8>(b, <u8>(<u32>load<u8>(b) | (<u32>1 << (bit & 7))));
}

@inline export function allowed(f: usize, bit: u32): bool {
  return ((<u32>load<u8>(f + <usize>(bit >> 3)) >> (bit & 7)) & 1) != 0;
}

function put(lex: usize, ptr: usize, len: u32, tag: u32): void {
  if (len > 0) {
    // keyed by the entry's own bytes: a word matches only when its lower-case form equals them
    const bit = filterBit(<u32>load<u8>(ptr), <u32>load<u8>(ptr + <usize>len - 1), <usize>len);
    allow(lex + LEX_WORDS, bit);
    if ((tag & 0x7fffffff) != 0) allow(lex + LEX_QUERY, bit);
  }
  let h = FNV_OFFSET;
  for (let i: usize = 0; i < <usize>len; i++) h = (h ^ <u32>load<u8>(ptr + i)) * FNV_PRIME;
  let s = h & (LEX_SIZE - 1);
  for (;;) {
    const slot = lex + (<usize>s << 4);
    const t = load<u32>(slot, 4);
    if (t == 0) {
      store<u32>(slot, h);
      store<u32>(slot, tag, 4);
      store<u32>(slot, <u32>ptr, 8);
      store<u32>(slot, len, 12);
      return;
    }
    if (load<u32>(slot) == h && load<u32>(slot, 12) == len && sameBytes(<usize>load<u32>(slot, 8), ptr, len)) {
      // a repeated query word keeps its first term: OR-ing two term numbers would name a third
      // one, possibly past nTerms; only the error bit merges
      store<u32>(slot, (t & 0x7fffffff) != 0 ? t | (tag & LEX_ERROR) : t | tag, 4);
      return;
    }
    s = (s + 1) & (LEX_SIZE - 1);
  }
}

/** Fills the lexicon at `lex` (LEX_BYTES): query words of the term table, then the error words. */
export function buildLexicon(lex: usize, termBytesPtr: usize, termsPtr: usize, nTerms: u32): void {
  memory.fill(lex, 0, LEX_BYTES);
  // past LEX_QUERY_WORDS terms the table could fill up and a probe would never end
  for (let t: u32 = 0; t < nTerms && t < LEX_QUERY_WORDS; t++) {
    const term = termsPtr + <usize>t * 12;
    if (load<u32>(term) == TERM_WORD) put(lex, termBytesPtr + <usize>load<u32>(term, 4), load<u32>(term, 8), t + 1);
  }
  let start: usize = 0;
  for (let i: usize = 0; i <= ERROR_WORDS_LEN; i++) {
    if (i == ERROR_WORDS_LEN || load<u8>(ERROR_WORDS + i) == 0x20) {
      put(lex, ERROR_WORDS + start, <u32>(i - start), LEX_ERROR);
      start = i + 1;
    }
  }
  memory.copy(lex + LEX_SCAN, lex + LEX_WORDS, LEX_FILTER_BYTES);
  for (let a: u32 = 0; a < 32; a++) {
    for (let len: usize = 4; len <= 15; len++) {
      allow(lex + LEX_SCAN, filterBit(0x66, a, len)); // fail…
      if (len > 5) allow(lex + LEX_SCAN, filterBit(a, 0x72, len)); // …error
      if (len > 9) allow(lex + LEX_SCAN, filterBit(a, 0x6e, len)); // …exception
    }
  }
}

@inline function sameLower(p: usize, pat: usize, len: usize): bool {
  for (let k: usize = 0; k < len; k++) if (lower(<u32>load<u8>(p + k)) != <u32>load<u8>(pat + k)) return false;
  return true;
}

/**
 * One word `[ws, ws + wl)` (wl ≥ 1): bumps the tf of a query word and, when `checkErr`, tells
 * whether it is an error word: one of the lexicon's, a word starting with "fail", or one ending in
 * "error" (> 5 bytes) or "exception" (> 9). Without `checkErr` error words need no look-up, so the
 * query filter alone decides.
 */
@inline export function matchWord(ws: usize, wl: usize, lex: usize, tfRow: usize, checkErr: bool): bool {
  const first = <u32>load<u8>(ws);
  const last = <u32>load<u8>(ws + wl - 1);
  let err = false;
  if (allowed(lex + (checkErr ? LEX_WORDS : LEX_QUERY), filterBit(first, last, wl))) {
    let h = FNV_OFFSET;
    for (let k: usize = 0; k < wl; k++) h = (h ^ wordLower(<u32>load<u8>(ws + k))) * FNV_PRIME;
    let sl = h & (LEX_SIZE - 1);
    for (;;) {
      const slot = lex + (<usize>sl << 4);
      const tag = load<u32>(slot, 4);
      if (tag == 0) break;
      if (load<u32>(slot) == h && <usize>load<u32>(slot, 12) == wl && sameLower(ws, <usize>load<u32>(slot, 8), wl)) {
        if ((tag & LEX_ERROR) != 0) err = true;
        const term = tag & 0x7fffffff;
        if (term != 0) {
          const q = tfRow + (<usize>(term - 1) << 2);
          store<u32>(q, load<u32>(q) + 1);
        }
        break;
      }
      sl = (sl + 1) & (LEX_SIZE - 1);
    }
  }
  if (checkErr && !err) {
    // prefix "fail", suffixes "error" (> 5 bytes) / "exception" (> 9): NotLeaderForPartitionException,
    // TypeError. One test of the first and last bytes (no branch on the length) skips most words.
    const f = (first | 0x20) == 0x66 && wl >= 4;
    const r = (last | 0x20) == 0x72 && wl > 5;
    const n = (last | 0x20) == 0x6e && wl > 9;
    if (<u32>f | <u32>r | <u32>n) {
      const e = ws + wl;
      err = (f && lower(<u32>load<u8>(ws, 1)) == 0x61 && lower(<u32>load<u8>(ws, 2)) == 0x69 && lower(<u32>load<u8>(ws, 3)) == 0x6c) ||
        (r && endsWithError(e)) || (n && endsWithException(e));
    }
  }
  return err;
}

// "error" ends at `end` (ASCII case-insensitive)
@inline function endsWithError(end: usize): bool {
  const p = end - 5;
  return lower(<u32>load<u8>(p)) == 0x65 && lower(<u32>load<u8>(p, 1)) == 0x72 && lower(<u32>load<u8>(p, 2)) == 0x72 &&
    lower(<u32>load<u8>(p, 3)) == 0x6f && lower(<u32>load<u8>(p, 4)) == 0x72;
}

// "exception" ends at `end` (ASCII case-insensitive)
@inline function endsWithException(end: usize): bool {
  const p = end - 9;
  return lower(<u32>load<u8>(p)) == 0x65 && lower(<u32>load<u8>(p, 1)) == 0x78 && lower(<u32>load<u8>(p, 2)) == 0x63 &&
    lower(<u32>load<u8>(p, 3)) == 0x65 && lower(<u32>load<u8>(p, 4)) == 0x70 && lower(<u32>load<u8>(p, 5)) == 0x74 &&
    lower(<u32>load<u8>(p, 6)) == 0x69 && lower(<u32>load<u8>(p, 7)) == 0x6f && lower(<u32>load<u8>(p, 8)) == 0x6e;
}
