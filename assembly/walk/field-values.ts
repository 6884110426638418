// Per-field value statistics of the collection walk: `recordValue` during the walk, `markRare`
// after it (twin: recordValue and markRare in src/core/wasm/twin/collection-stats.ts). Value records
// are found through an FNV-1a table of VALUE_INDEX slots (linear probing), as in the twin.

import { KIND_ARRAY, KIND_FALSE, KIND_NULL, KIND_NUMBER, KIND_OBJECT, KIND_STRING, KIND_TRUE } from "../scan/tape";
import { parseNumber } from "./parse-number";
import {
  bump, CATEGORICAL_DISTINCT, endAt, F_DISTINCT, F_FLAGS, F_MAX_ITEM, F_MIN_ITEM, F_PRESENT, F_T_ARRAY, F_T_BOOL, F_T_NULL,
  F_T_NUMBER, F_T_OBJECT, F_T_STRING, F_TOP_COUNT, fnvRange, HIGH_CARDINALITY, kindAt, MAX_CATEGORY_BYTES, MAX_DISTINCT,
  MAX_VALUES, MIN_ITEMS_FOR_STATS, NONE, SIG_OUTLIER, SIG_RARE, SIG_RARE_STRONG, SIG_TYPE_RARE, startAt, VALUE_INDEX,
} from "./records";
import { FNV_OFFSET, FNV_PRIME, sameBytes } from "./words";

/**
 * Adds the value at tape entry `v` to field `slot`'s stats and value counts. Returns the
 * value-record count (high 32 bits) and the value record + 1 it counted in (low; 0 = none).
 */
export function recordValue(
  inPtr: usize, tapePtr: usize, v: u32, slot: u32, item: u32,
  fieldsPtr: usize, numsPtr: usize, valuesPtr: usize, valueIndex: usize, nValues: u32,
): u64 {
  const f = fieldsPtr + (<usize>slot << 6);
  const kind = kindAt(tapePtr, v);
  const s = startAt(tapePtr, v);
  const en = endAt(tapePtr, v);
  const same = <u64>nValues << 32;
  bump(f + F_PRESENT);
  switch (kind) {
    case KIND_STRING: bump(f + F_T_STRING); break;
    case KIND_NUMBER: {
      bump(f + F_T_NUMBER);
      const x = parseNumber(inPtr + s, inPtr + en);
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
    case KIND_OBJECT: bump(f + F_T_OBJECT); return same;
    default: bump(f + F_T_ARRAY); return same;
  }
  const flags = load<u32>(f, F_FLAGS);
  if ((flags & HIGH_CARDINALITY) != 0) return same;
  if (kind == KIND_STRING && en - s > MAX_CATEGORY_BYTES) {
    store<u32>(f, flags | HIGH_CARDINALITY, F_FLAGS);
    return same;
  }
  const h = fnvRange((FNV_OFFSET ^ slot) * FNV_PRIME, inPtr + s, inPtr + en);
  let b = h & (VALUE_INDEX - 1);
  for (;;) {
    const v1 = load<u32>(valueIndex + (<usize>b << 2));
    if (v1 == 0) {
      if (load<u32>(f, F_DISTINCT) >= MAX_DISTINCT || nValues >= MAX_VALUES) {
        store<u32>(f, flags | HIGH_CARDINALITY, F_FLAGS);
        return same;
      }
      const r = valuesPtr + <usize>nValues * 20;
      store<u32>(r, slot);
      store<u32>(r, h, 4);
      store<u32>(r, 1, 8);
      store<u32>(r, item, 12);
      store<u32>(r, v, 16);
      store<u32>(valueIndex + (<usize>b << 2), nValues + 1);
      bump(f + F_DISTINCT);
      if (load<u32>(f, F_TOP_COUNT) < 1) store<u32>(f, 1, F_TOP_COUNT);
      return (<u64>(nValues + 1) << 32) | <u64>(nValues + 1);
    }
    const r = valuesPtr + <usize>(v1 - 1) * 20;
    const t = load<u32>(r, 16);
    const ts = startAt(tapePtr, t);
    if (load<u32>(r, 4) == h && load<u32>(r) == slot && endAt(tapePtr, t) - ts == en - s &&
      sameBytes(inPtr + ts, inPtr + s, <usize>(en - s))) {
      const c = bump(r + 8);
      if (c > load<u32>(f, F_TOP_COUNT)) store<u32>(f, c, F_TOP_COUNT);
      return same | <u64>v1;
    }
    b = (b + 1) & (VALUE_INDEX - 1);
  }
  return unreachable();
}

/** Second pass over the value log: rare values, rare types, 3σ outliers. */
export function markRare(inPtr: usize, tapePtr: usize, itemsPtr: usize, fieldsPtr: usize, numsPtr: usize, valuesPtr: usize, log: usize, nLog: u32): void {
  for (let i: u32 = 0; i < nLog; i++) {
    const lg = log + (<usize>i << 4);
    const item = load<u32>(lg);
    const slot = load<u32>(lg, 4);
    const vrec = load<u32>(lg, 8);
    const v = load<u32>(lg, 12);
    const f = fieldsPtr + (<usize>slot << 6);
    const present = load<u32>(f, F_PRESENT);
    if (present < MIN_ITEMS_FOR_STATS) continue;
    const rareMax = present >= 100 ? present / 50 : 1;
    const dominant = present - present / 5; // ≥ 80 %
    let sig: u32 = 0;
    const kind = kindAt(tapePtr, v);
    const typeCount = kind == KIND_STRING ? load<u32>(f, F_T_STRING) : kind == KIND_NUMBER ? load<u32>(f, F_T_NUMBER)
      : kind == KIND_NULL ? load<u32>(f, F_T_NULL) : kind == KIND_OBJECT ? load<u32>(f, F_T_OBJECT)
      : kind == KIND_ARRAY ? load<u32>(f, F_T_ARRAY) : load<u32>(f, F_T_BOOL);
    if (typeCount <= rareMax && typeCount < present) {
      let top: u32 = 0;
      for (let k = F_T_STRING; k <= F_T_ARRAY; k += 4) {
        const c = load<u32>(f + k);
        if (c > top) top = c;
      }
      if (top >= dominant) sig |= SIG_TYPE_RARE;
    }
    const distinct = load<u32>(f, F_DISTINCT);
    if (vrec != 0 && (load<u32>(f, F_FLAGS) & HIGH_CARDINALITY) == 0 && distinct >= 2 && distinct <= CATEGORICAL_DISTINCT) {
      if (load<u32>(valuesPtr + <usize>(vrec - 1) * 20, 8) <= rareMax) {
        sig |= SIG_RARE;
        if (load<u32>(f, F_TOP_COUNT) >= dominant) sig |= SIG_RARE_STRONG;
      }
    }
    if (kind == KIND_NUMBER) {
      const cnt = load<u32>(f, F_T_NUMBER);
      if (cnt >= MIN_ITEMS_FOR_STATS) {
        const q = numsPtr + (<usize>slot << 5);
        const mean = load<f64>(q, 16) / <f64>cnt;
        const variance = load<f64>(q, 24) / <f64>cnt - mean * mean;
        const sd = variance > 0 ? Math.sqrt(variance) : 0;
        if (sd > 0) {
          const x = parseNumber(inPtr + startAt(tapePtr, v), inPtr + endAt(tapePtr, v));
          const d = x > mean ? x - mean : mean - x;
          if (d > 3 * sd) sig |= SIG_OUTLIER;
        }
      }
    }
    if (sig != 0) {
      const p = itemsPtr + (<usize>item << 5) + 16;
      store<u32>(p, load<u32>(p) | sig);
    }
  }
}
