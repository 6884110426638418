// Per-field value statistics of the collection walk: `recordValues` during the walk, `markRare`
// after it (twin: recordValue and markRare in src/core/wasm/twin/collection-stats.ts).
//
// Value records are found through an index of VALUE_INDEX u32 (record + 1, 0 = empty, linear
// probing). The index only has to be an exact dictionary of (field slot, value bytes), so it is
// keyed by a word-at-a-time hash (valueKey) instead of the records' FNV-1a: records are added in
// walk order either way, and the FNV-1a hash is computed once per record, for its Value.HASH.
//
// The value log, written by recordValue and read back by markRare, in walk order:
// - one u32 per field occurrence: slot (bits 0–11) · value kind (12–15) · value record + 1
//   (16–31), and LOG_ITEM_END after each item's occurrences (so the item needs no word);
// - one f64 per number occurrence, in a log of its own (markRare needs the parsed value).
// Compact on purpose: on a big collection the log is the largest scratch the walk writes.

import { KIND_ARRAY, KIND_FALSE, KIND_NULL, KIND_NUMBER, KIND_OBJECT, KIND_STRING, KIND_TRUE } from "../scan/tape";
import { parseNumber } from "./parse-number";
import {
  bump, CATEGORICAL_DISTINCT, endAt, F_DISTINCT, F_FLAGS, F_MAX_ITEM, F_MIN_ITEM, F_PRESENT, F_T_ARRAY, F_T_BOOL, F_T_NULL, F_T_NUMBER,
  F_T_OBJECT, F_T_STRING, F_TOP_COUNT, FNV_OFFSET, FNV_PRIME, fnvRange, HIGH_CARDINALITY, MAX_CATEGORY_BYTES, MAX_DISTINCT, MAX_FIELDS,
  MAX_VALUES, MIN_ITEMS_FOR_STATS, NONE, sameInput, SIG_OUTLIER, SIG_RARE, SIG_RARE_STRONG, SIG_TYPE_RARE, startAt, tfSum, VALUE_INDEX,
  WORDS_RESCAN, WORDS_UNKNOWN,
} from "./records";
import { scanWords } from "./words";

@inline const K1: u64 = 0x9e3779b97f4a7c15;
@inline const K2: u64 = 0xc2b2ae3d27d4eb4f;

// Index key of a value: 8 bytes per multiply; the tail load may read up to 7 bytes past the value
// (masked off; the input is padded, arena.ts).
@inline function valueKey(slot: u32, p: usize, len: usize): u32 {
  let h: u64 = (<u64>slot << 32) | <u64>len;
  let i: usize = 0;
  for (; i + 8 <= len; i += 8) h = (h ^ load<u64>(p + i)) * K1;
  if (i < len) h = (h ^ (load<u64>(p + i) & ((<u64>1 << (<u64>(len - i) << 3)) - 1))) * K1;
  return <u32>(((h ^ (h >>> 29)) * K2) >>> 32);
}

// The tables recordValues works on, as u32 addresses in one block the walk fills once.
@inline const T_FIELDS: usize = 0;
@inline const T_NUMS: usize = 4;
@inline const T_VALUES: usize = 8;
@inline const T_VALUE_INDEX: usize = 12;
@inline const T_VALUE_WORDS: usize = 16; // u32 per value record: its string's words (or WORDS_*)
@inline const T_LOG: usize = 20; // where the next log word goes
@inline const T_NUMBER_LOG: usize = 24; // where the next logged number goes
@inline export const TABLES_BYTES: usize = 28;

@inline const LOG_ITEM_END: u32 = 0xffffffff;

/** An occurrence whose value is a string: recordValues counts its words. */
@inline export const OCCURRENCE_TEXT: u32 = 0x80000000;

/** Fills the table block at `t` for recordValues; the logs start at `log` and `numberLog`. */
export function setTables(
  t: usize, fieldsPtr: usize, numsPtr: usize, valuesPtr: usize, valueIndex: usize, valueWords: usize, log: usize, numberLog: usize,
): void {
  store<u32>(t + T_FIELDS, <u32>fieldsPtr);
  store<u32>(t + T_NUMS, <u32>numsPtr);
  store<u32>(t + T_VALUES, <u32>valuesPtr);
  store<u32>(t + T_VALUE_INDEX, <u32>valueIndex);
  store<u32>(t + T_VALUE_WORDS, <u32>valueWords);
  store<u32>(t + T_LOG, <u32>log);
  store<u32>(t + T_NUMBER_LOG, <u32>numberLog);
}

/** Closes the current item in the value log. */
@inline export function endItemLog(t: usize): void {
  const p = <usize>load<u32>(t + T_LOG);
  store<u32>(p, LOG_ITEM_END);
  store<u32>(t + T_LOG, <u32>(p + 4));
}

/** The end of the value log so far. */
@inline export function logEnd(t: usize): usize {
  return <usize>load<u32>(t + T_LOG);
}

/**
 * recordValue for `n` field occurrences listed at `list` (u32 pairs: value entry, field slot with
 * OCCURRENCE_TEXT for strings), in order, logging each. A string's words are counted here, once
 * per value record: categorical strings repeat. The walk batches an item's occurrences into one
 * call. Returns the value-record count (low 32 bits), the words (bits 32–62), and bit 63 when a
 * string held an error word.
 */
export function recordValues(
  inPtr: usize, tapePtr: usize, list: usize, n: u32, item: u32, tables: usize,
  lex: usize, tfRow: usize, nTerms: u32, nValues: u32,
): u64 {
  const fieldsPtr = <usize>load<u32>(tables + T_FIELDS);
  const numsPtr = <usize>load<u32>(tables + T_NUMS);
  const valuesPtr = <usize>load<u32>(tables + T_VALUES);
  const valueIndex = <usize>load<u32>(tables + T_VALUE_INDEX);
  const valueWords = <usize>load<u32>(tables + T_VALUE_WORDS);
  const lg = <usize>load<u32>(tables + T_LOG);
  let numberLog = <usize>load<u32>(tables + T_NUMBER_LOG);
  let words: u32 = 0;
  let err: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const p = list + (<usize>i << 3);
    const v = load<u32>(p);
    const slot = load<u32>(p, 4);
    const entry = lg + (<usize>i << 2);
    nValues = recordValue(inPtr, tapePtr, v, slot & ~OCCURRENCE_TEXT, item, fieldsPtr, numsPtr, valuesPtr, valueIndex, nValues, entry, numberLog);
    if (((load<u32>(entry) >>> 12) & 15) == KIND_NUMBER) numberLog += 8;
    if ((slot & OCCURRENCE_TEXT) == 0) continue;
    const s = inPtr + <usize>startAt(tapePtr, v) + 1;
    const e = inPtr + <usize>endAt(tapePtr, v) - 1;
    const vrec = load<u32>(entry) >>> 16;
    let r: u32;
    if (vrec != 0) {
      const wp = valueWords + (<usize>(vrec - 1) << 2);
      r = load<u32>(wp);
      if (r == WORDS_UNKNOWN) {
        const before = tfSum(tfRow, nTerms);
        r = scanWords(s, e, lex, tfRow, true);
        store<u32>(wp, tfSum(tfRow, nTerms) == before ? r : WORDS_RESCAN);
      } else if (r == WORDS_RESCAN) r = scanWords(s, e, lex, tfRow, true);
    } else r = scanWords(s, e, lex, tfRow, true);
    words += r & 0x7fffffff;
    err |= r >>> 31;
  }
  store<u32>(tables + T_LOG, <u32>(lg + (<usize>n << 2)));
  store<u32>(tables + T_NUMBER_LOG, <u32>numberLog);
  return (<u64>err << 63) | (<u64>words << 32) | <u64>nValues;
}

/**
 * Adds the value at tape entry `v` to field `slot`'s stats and value counts, and logs it: its
 * log word at `lg`, a number at `numberLog`. Returns the value-record count.
 */
@inline function recordValue(
  inPtr: usize, tapePtr: usize, v: u32, slot: u32, item: u32,
  fieldsPtr: usize, numsPtr: usize, valuesPtr: usize, valueIndex: usize, nValues: u32, lg: usize, numberLog: usize,
): u32 {
  const f = fieldsPtr + (<usize>slot << 6);
  const vw = tapePtr + (<usize>v << 4);
  const kind = load<u32>(vw) & 15;
  const s = load<u32>(vw, 4);
  const en = load<u32>(vw, 8);
  store<u32>(lg, slot | (kind << 12));
  bump(f + F_PRESENT);
  switch (kind) {
    case KIND_STRING: bump(f + F_T_STRING); break;
    case KIND_NUMBER: {
      bump(f + F_T_NUMBER);
      const x = parseNumber(inPtr + s, inPtr + en);
      store<f64>(numberLog, x);
      const q = numsPtr + (<usize>slot << 5);
      if (load<u32>(f, F_MIN_ITEM) == NONE) {
        store<f64>(q, x);
        store<f64>(q, x, 8);
        store<f64>(q, 0, 16);
        store<f64>(q, 0, 24);
        store<u32>(f, item, F_MIN_ITEM);
        store<u32>(f, item, F_MAX_ITEM);
      } else {
        if (x < load<f64>(q)) {
          store<f64>(q, x);
          store<u32>(f, item, F_MIN_ITEM);
        }
        if (x > load<f64>(q, 8)) {
          store<f64>(q, x, 8);
          store<u32>(f, item, F_MAX_ITEM);
        }
      }
      store<f64>(q, load<f64>(q, 16) + x, 16);
      store<f64>(q, load<f64>(q, 24) + x * x, 24);
      break;
    }
    case KIND_TRUE:
    case KIND_FALSE: bump(f + F_T_BOOL); break;
    case KIND_NULL: bump(f + F_T_NULL); break;
    case KIND_OBJECT: bump(f + F_T_OBJECT); return nValues;
    default: bump(f + F_T_ARRAY); return nValues;
  }
  const flags = load<u32>(f, F_FLAGS);
  if ((flags & HIGH_CARDINALITY) != 0) return nValues;
  const len = <usize>(en - s);
  if (kind == KIND_STRING && len > MAX_CATEGORY_BYTES) {
    store<u32>(f, flags | HIGH_CARDINALITY, F_FLAGS);
    return nValues;
  }
  let b = valueKey(slot, inPtr + s, len) & (VALUE_INDEX - 1);
  for (;;) {
    const v1 = load<u32>(valueIndex + (<usize>b << 2));
    if (v1 == 0) {
      if (load<u32>(f, F_DISTINCT) >= MAX_DISTINCT || nValues >= MAX_VALUES) {
        store<u32>(f, flags | HIGH_CARDINALITY, F_FLAGS);
        return nValues;
      }
      const r = valuesPtr + <usize>nValues * 20;
      store<u32>(r, slot);
      store<u32>(r, fnvRange((FNV_OFFSET ^ slot) * FNV_PRIME, inPtr + s, inPtr + en), 4);
      store<u32>(r, 1, 8);
      store<u32>(r, item, 12);
      store<u32>(r, v, 16);
      store<u32>(valueIndex + (<usize>b << 2), nValues + 1);
      bump(f + F_DISTINCT);
      if (load<u32>(f, F_TOP_COUNT) < 1) store<u32>(f, 1, F_TOP_COUNT);
      store<u32>(lg, slot | (kind << 12) | ((nValues + 1) << 16));
      return nValues + 1;
    }
    const r = valuesPtr + <usize>(v1 - 1) * 20;
    if (load<u32>(r) == slot) {
      const t = load<u32>(r, 16);
      const ts = startAt(tapePtr, t);
      if (<usize>(endAt(tapePtr, t) - ts) == len && sameInput(inPtr + ts, inPtr + s, len)) {
        const c = bump(r + 8);
        if (c > load<u32>(f, F_TOP_COUNT)) store<u32>(f, c, F_TOP_COUNT);
        store<u32>(lg, slot | (kind << 12) | (v1 << 16));
        return nValues;
      }
    }
    b = (b + 1) & (VALUE_INDEX - 1);
  }
  return unreachable();
}

// Verdict of a field for markRare, 32 bytes: which signals its values can raise.
//   | offset | field                                                                   |
//   |--------|-------------------------------------------------------------------------|
//   | 0      | flags: bits 1–7 the value kinds whose type is rare, then the V_* bits   |
//   | 4      | the most occurrences a rare value may have                              |
//   | 8, 16  | mean and 3σ of its numbers (f64, with V_OUTLIER)                        |
@inline const V_CATEGORICAL: u32 = 1 << 8; // rare values count
@inline const V_STRONG: u32 = 1 << 9; // … and the top value is dominant
@inline const V_OUTLIER: u32 = 1 << 10; // numbers beyond 3σ count

/** Bytes of scratch markRare needs: one verdict per field. */
@inline export const RARE_SCRATCH_BYTES: usize = <usize>MAX_FIELDS << 5;

// A field's verdict from its final counts: the twin's per-occurrence tests, of which only the
// value (its kind, value record and number) is left to check per occurrence.
function fieldVerdict(f: usize, q: usize, out: usize): void {
  const present = load<u32>(f, F_PRESENT);
  let flags: u32 = 0;
  if (present >= MIN_ITEMS_FOR_STATS) {
    const rareMax = present >= 100 ? present / 50 : 1;
    const dominant = present - present / 5; // ≥ 80 %
    let top: u32 = 0;
    for (let k = F_T_STRING; k <= F_T_ARRAY; k += 4) {
      const c = load<u32>(f + k);
      if (c > top) top = c;
    }
    if (top >= dominant) {
      for (let kind: u32 = 1; kind <= 7; kind++) {
        const typeCount = kind == KIND_STRING ? load<u32>(f, F_T_STRING) : kind == KIND_NUMBER ? load<u32>(f, F_T_NUMBER)
          : kind == KIND_NULL ? load<u32>(f, F_T_NULL) : kind == KIND_OBJECT ? load<u32>(f, F_T_OBJECT)
          : kind == KIND_ARRAY ? load<u32>(f, F_T_ARRAY) : load<u32>(f, F_T_BOOL);
        if (typeCount <= rareMax && typeCount < present) flags |= <u32>1 << kind;
      }
    }
    const distinct = load<u32>(f, F_DISTINCT);
    if ((load<u32>(f, F_FLAGS) & HIGH_CARDINALITY) == 0 && distinct >= 2 && distinct <= CATEGORICAL_DISTINCT) {
      flags |= V_CATEGORICAL;
      if (load<u32>(f, F_TOP_COUNT) >= dominant) flags |= V_STRONG;
    }
    const cnt = load<u32>(f, F_T_NUMBER);
    if (cnt >= MIN_ITEMS_FOR_STATS) {
      const mean = load<f64>(q, 16) / <f64>cnt;
      const variance = load<f64>(q, 24) / <f64>cnt - mean * mean;
      const sd = variance > 0 ? Math.sqrt(variance) : 0;
      if (sd > 0) {
        flags |= V_OUTLIER;
        store<f64>(out, mean, 8);
        store<f64>(out, 3 * sd, 16);
      }
    }
    store<u32>(out, rareMax, 4);
  }
  store<u32>(out, flags);
}

/**
 * Second pass over the value log `[log, end)` (numbers at `numberLog`): rare values, rare types,
 * 3σ outliers. Each field's verdict is decided once, so most occurrences are skipped after one
 * load. `scratch` has RARE_SCRATCH_BYTES.
 */
export function markRare(
  itemsPtr: usize, fieldsPtr: usize, numsPtr: usize, valuesPtr: usize, nFields: u32, log: usize, end: usize, numberLog: usize, scratch: usize,
): void {
  for (let slot: u32 = 0; slot < nFields; slot++) {
    fieldVerdict(fieldsPtr + (<usize>slot << 6), numsPtr + (<usize>slot << 5), scratch + (<usize>slot << 5));
  }
  let item = itemsPtr + 16; // the signals of item 0
  let x = numberLog;
  for (let lg = log; lg < end; lg += 4) {
    const w = load<u32>(lg);
    if (w == LOG_ITEM_END) {
      item += 32;
      continue;
    }
    const kind = (w >>> 12) & 15;
    const isNumber = kind == KIND_NUMBER;
    const fv = scratch + (<usize>(w & 0xfff) << 5);
    const flags = load<u32>(fv);
    if (flags != 0) {
      let sig: u32 = 0;
      if (((flags >>> kind) & 1) != 0) sig |= SIG_TYPE_RARE;
      const vrec = w >>> 16;
      if ((flags & V_CATEGORICAL) != 0 && vrec != 0 && load<u32>(valuesPtr + <usize>(vrec - 1) * 20, 8) <= load<u32>(fv, 4)) {
        sig |= (flags & V_STRONG) != 0 ? SIG_RARE | SIG_RARE_STRONG : SIG_RARE;
      }
      if (isNumber && (flags & V_OUTLIER) != 0) {
        const v = load<f64>(x);
        const mean = load<f64>(fv, 8);
        const d = v > mean ? v - mean : mean - v;
        if (d > load<f64>(fv, 16)) sig |= SIG_OUTLIER;
      }
      if (sig != 0) store<u32>(item, load<u32>(item) | sig);
    }
    if (isNumber) x += 8;
  }
}
