// Constants, record offsets, tape accessors and byte comparisons shared by the collection walk
// (collection-stats.ts) and its helpers (field-index.ts, field-values.ts, words.ts). Numbers mirror src/core/codes.ts (`Limits`,
// `Signal`, `Field`, `FieldFlag`); the TS twin keeps them in src/core/wasm/twin/collection-stats.ts.

@inline export const FNV_OFFSET: u32 = 0x811c9dc5;
@inline export const FNV_PRIME: u32 = 0x01000193;

@inline export const NONE: u32 = 0xffffffff;
@inline export const FIELD_INDEX: u32 = 1024;
@inline export const VALUE_INDEX: u32 = 32768;

@inline export const MAX_FIELD_LEVEL: u32 = 3;
@inline export const MAX_FIELDS: u32 = 512;
@inline export const MAX_VALUES: u32 = 16384;
@inline export const MAX_DISTINCT: u32 = 64;
@inline export const CATEGORICAL_DISTINCT: u32 = 16;
@inline export const MAX_CATEGORY_BYTES: u32 = 66;
@inline export const MIN_ITEMS_FOR_STATS: u32 = 8;

@inline export const TERM_IDENTIFIER: u32 = 1;

// A cached scanWords result (words.ts) of a key or a string value, keyed by its field or value
// record: the same bytes always give the same words.
@inline export const WORDS_UNKNOWN: u32 = 0xffffffff; // not scanned yet
@inline export const WORDS_RESCAN: u32 = 0xfffffffe; // holds a query word: scan it every time (tf)

/** Sum of an item's term frequencies: tells whether a scan bumped any. */
@inline export function tfSum(tfRow: usize, nTerms: u32): u32 {
  let sum: u32 = 0;
  for (let t: u32 = 0; t < nTerms; t++) sum += load<u32>(tfRow + (<usize>t << 2));
  return sum;
}

@inline export const SIG_ERROR: u32 = 1;
@inline export const SIG_STATUS: u32 = 2;
@inline export const SIG_RARE: u32 = 4;
@inline export const SIG_RARE_STRONG: u32 = 8;
@inline export const SIG_OUTLIER: u32 = 16;
@inline export const SIG_TYPE_RARE: u32 = 32;

@inline export const HIGH_CARDINALITY: u32 = 1;

// Byte offsets inside a field record.
@inline export const F_KEY: usize = 0;
@inline export const F_PARENT: usize = 4;
@inline export const F_HASH: usize = 8;
@inline export const F_PRESENT: usize = 12;
@inline export const F_T_STRING: usize = 16;
@inline export const F_T_NUMBER: usize = 20;
@inline export const F_T_BOOL: usize = 24;
@inline export const F_T_NULL: usize = 28;
@inline export const F_T_OBJECT: usize = 32;
@inline export const F_T_ARRAY: usize = 36;
@inline export const F_DISTINCT: usize = 40;
@inline export const F_FLAGS: usize = 44;
@inline export const F_MIN_ITEM: usize = 48;
@inline export const F_MAX_ITEM: usize = 52;
@inline export const F_TOP_COUNT: usize = 56;
@inline export const F_LEVEL: usize = 60;

@inline export function kindAt(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 4)) & 15;
}
@inline export function startAt(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 4), 4);
}
@inline export function endAt(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 4), 8);
}
@inline export function nextAt(tape: usize, i: u32): u32 {
  return load<u32>(tape + (<usize>i << 4), 12);
}
@inline export function bump(p: usize): u32 {
  const c = load<u32>(p) + 1;
  store<u32>(p, c);
  return c;
}

@inline export function fnvRange(h: u32, p: usize, e: usize): u32 {
  for (; p < e; p++) h = (h ^ <u32>load<u8>(p)) * FNV_PRIME;
  return h;
}

/** Whether `[a, a + len)` and `[b, b + len)` hold the same bytes (8 at a time; reads only inside). */
export function sameBytes(a: usize, b: usize, len: usize): bool {
  while (len >= 8) {
    if (load<u64>(a) != load<u64>(b)) return false;
    a += 8;
    b += 8;
    len -= 8;
  }
  if (len >= 4) {
    if (load<u32>(a) != load<u32>(b)) return false;
    a += 4;
    b += 4;
    len -= 4;
  }
  while (len > 0) {
    if (load<u8>(a) != load<u8>(b)) return false;
    a++;
    b++;
    len--;
  }
  return true;
}

/**
 * sameBytes for ranges of the input, short ones in at most two u64 compares per side. Below 8
 * bytes a load reads up to 7 bytes past the range (masked off): the input is padded (arena.ts).
 */
@inline export function sameInput(a: usize, b: usize, len: usize): bool {
  if (len > 16) return sameBytes(a, b, len);
  if (len >= 8) return load<u64>(a) == load<u64>(b) && load<u64>(a + len - 8) == load<u64>(b + len - 8);
  return ((load<u64>(a) ^ load<u64>(b)) & ((<u64>1 << (<u64>len << 3)) - 1)) == 0;
}
