// Byte searches of the collection walk (twin: countOccurrences and keySaysStatus in
// src/core/wasm/twin/collection-stats.ts): identifier terms, and keys that name a status.

import { lower } from "./lexicon";

/** Non-overlapping occurrences of `[pat, pat + len)` in `[s, e)`, left to right; 0 for an empty pattern. */
export function countOccurrences(s: usize, e: usize, pat: usize, len: usize): u32 {
  if (len == 0 || e < s || e - s < len) return 0;
  const first = load<u8>(pat);
  let c: u32 = 0;
  const stop = e - len + 1; // starts are < stop
  let i = s;
  if (ASC_FEATURE_SIMD) {
    // candidates by their first byte, 16 starts at a time; a match resumes the search after itself
    const vf = i8x16.splat(<i8>first);
    while (i + 16 <= stop) {
      let m = <u32>i8x16.bitmask(i8x16.eq(v128.load(i), vf));
      let next = i + 16;
      while (m != 0) {
        const j = i + <usize>ctz<u32>(m);
        if (matchesAt(j, pat, len)) {
          c++;
          next = j + len;
          break;
        }
        m &= m - 1;
      }
      i = next;
    }
  }
  for (; i < stop; i++) {
    if (load<u8>(i) == first && matchesAt(i, pat, len)) {
      c++;
      i += len - 1;
    }
  }
  return c;
}

@inline function matchesAt(p: usize, pat: usize, len: usize): bool {
  let k: usize = 1;
  while (k < len && load<u8>(p + k) == load<u8>(pat + k)) k++;
  return k == len;
}

/** Whether "status" or "code" occurs in `[s, e)` (ASCII case-insensitive). */
export function keySaysStatus(s: usize, e: usize): bool {
  for (let i = s; i + 4 <= e; i++) {
    const a = lower(<u32>load<u8>(i));
    if (a == 0x63 && lower(<u32>load<u8>(i, 1)) == 0x6f && lower(<u32>load<u8>(i, 2)) == 0x64 && lower(<u32>load<u8>(i, 3)) == 0x65) return true;
    if (a == 0x73 && i + 6 <= e && lower(<u32>load<u8>(i, 1)) == 0x74 && lower(<u32>load<u8>(i, 2)) == 0x61 &&
      lower(<u32>load<u8>(i, 3)) == 0x74 && lower(<u32>load<u8>(i, 4)) == 0x75 && lower(<u32>load<u8>(i, 5)) == 0x73) return true;
  }
  return false;
}

/**
 * True when the key names a process exit status: `exit_code`, `exitCode`, `exit_status`,
 * `returncode`, `return_code`, `retcode` (ASCII case-insensitive). A non-zero value under such a
 * key is a failed command, whatever its size (`-1`, `1`, `137`).
 */
export function keySaysExit(s: usize, e: usize): bool {
  for (let i = s; i + 4 <= e; i++) {
    const a = lower(<u32>load<u8>(i));
    if (a == 0x65 && lower(<u32>load<u8>(i, 1)) == 0x78 && lower(<u32>load<u8>(i, 2)) == 0x69 && lower(<u32>load<u8>(i, 3)) == 0x74) return true;
    if (a == 0x72 && i + 7 <= e && lower(<u32>load<u8>(i, 1)) == 0x65 && lower(<u32>load<u8>(i, 2)) == 0x74) {
      let j = i + 3;
      if (j + 3 <= e && lower(<u32>load<u8>(j)) == 0x75 && lower(<u32>load<u8>(j, 1)) == 0x72 && lower(<u32>load<u8>(j, 2)) == 0x6e) j += 3;
      if (j < e && load<u8>(j) == 0x5f) j++;
      if (j + 4 <= e && lower(<u32>load<u8>(j)) == 0x63 && lower(<u32>load<u8>(j, 1)) == 0x6f && lower(<u32>load<u8>(j, 2)) == 0x64 && lower(<u32>load<u8>(j, 3)) == 0x65) return true;
    }
  }
  return false;
}
