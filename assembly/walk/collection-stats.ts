// Stage 2 over a scanned tape: one walk over the items of a collection (an array of values, or
// the member values of an object) that yields, without building anything but flat records:
// - per item: canonical hash (XXH64 of the minified bytes), signal bits, word count, schema hash;
// - per item × query term: term frequency (words case-insensitively, identifiers exactly);
// - per field (key path up to 3 levels): presence, types, numeric min/max/sum/sum², distinct values;
// - per (field, value) for categorical fields: count and first item.
// Then a second pass over the logged values marks rare values, rare types and outliers.
// The TS twin (src/core/wasm/twin/collection-stats.ts) is the spec: identical records, in the same
// order (same FNV-1a tables, same sizes, same linear probing).
//
// Record layouts (u32 words unless noted; src/core/codes.ts):
//   Item     8: value entry, key entry (or NONE), hash lo, hash hi, signals, words, schema, minified bytes
//   Field   16: key entry, parent slot + 1 (0 at level 1), hash, present, 6 type counts, distinct,
//               flags, min item, max item, top count, level
//   FieldNum 4 f64: min, max, sum, sum of squares (written only for fields that saw a number)
//   Value    5: field slot, hash, count, first item, tape entry
//   Term     3 (input): kind (0 word, 1 identifier), byte offset in termBytes, length
//
// Scratch: everything else comes from the arena inside the call (the caller resets it after):
//   field index 4 KiB, value index 128 KiB, lexicon 4 KiB, value log 16 bytes per two tape entries
//   of the collection, and a minify buffer as long as the longest item.

import { alloc } from "../arena";
import { xxh64 } from "../hash/xxhash64";
import { minifyRange } from "../scan/json-minify";
import { KIND_ARRAY, KIND_KEY, KIND_NUMBER, KIND_OBJECT, KIND_STRING, KIND_TRUE } from "../scan/tape";
import { markRare, recordValue } from "./field-values";
import {
  endAt, F_HASH, F_KEY, F_LEVEL, F_MAX_ITEM, F_MIN_ITEM, F_PARENT, FIELD_INDEX, fnvRange, kindAt, MAX_FIELD_LEVEL, MAX_FIELDS,
  nextAt, NONE, SIG_ERROR, SIG_STATUS, startAt, TERM_IDENTIFIER, VALUE_INDEX,
} from "./records";
import { buildLexicon, countOccurrences, FNV_OFFSET, FNV_PRIME, keySaysStatus, LEX_BYTES, sameBytes, scanWords } from "./words";

/**
 * Analyses the collection whose container is tape entry `coll` of the tape at `tapePtr` (scanned
 * from the input at `inPtr`).
 * @param termBytesPtr bytes of the query terms; `termsPtr` holds `nTerms` Term records
 * @param itemsPtr  room for one Item record per item
 * @param tfPtr     room for items × nTerms u32
 * @param fieldsPtr room for 512 Field records; `fieldNumsPtr` for 512 FieldNum records
 * @param valuesPtr room for 16384 Value records
 * @param countsPtr receives 2 u32: field count, value-record count
 * @returns the item count, or 0xffffffff when the arena cannot grow for the scratch
 */
export function collectionStats(
  inPtr: usize, tapePtr: usize, coll: u32,
  termBytesPtr: usize, termsPtr: usize, nTerms: u32,
  itemsPtr: usize, tfPtr: usize, fieldsPtr: usize, fieldNumsPtr: usize, valuesPtr: usize, countsPtr: usize,
): u32 {
  const isObjectColl = kindAt(tapePtr, coll) == KIND_OBJECT;
  const collEnd = nextAt(tapePtr, coll);

  // the minify buffer must hold the longest item
  let maxSpan: u32 = 0;
  for (let e = coll + 1; e < collEnd; ) {
    if (isObjectColl) e++;
    const span = endAt(tapePtr, e) - startAt(tapePtr, e);
    if (span > maxSpan) maxSpan = span;
    e = nextAt(tapePtr, e);
  }
  const fieldIndex = alloc(<usize>FIELD_INDEX << 2);
  const valueIndex = alloc(<usize>VALUE_INDEX << 2);
  const lex = alloc(LEX_BYTES);
  // value log: (item, field slot, value record + 1, tape index) per field occurrence; each takes
  // a key and a value entry, so half the collection's entries bound it
  const log = alloc((<usize>((collEnd - coll) >>> 1) << 4) + 64);
  const scratch = alloc(<usize>maxSpan);
  const pathSlot = alloc(16);
  if (fieldIndex == 0 || valueIndex == 0 || lex == 0 || log == 0 || scratch == 0 || pathSlot == 0) return NONE;
  memory.fill(fieldIndex, 0, <usize>FIELD_INDEX << 2);
  memory.fill(valueIndex, 0, <usize>VALUE_INDEX << 2);
  memory.fill(pathSlot, 0, 16);
  buildLexicon(lex, termBytesPtr, termsPtr, nTerms);

  let nLog: u32 = 0;
  let nFields: u32 = 0;
  let nValues: u32 = 0;
  let n: u32 = 0;
  let e = coll + 1;
  while (e < collEnd) {
    let keyIdx = NONE;
    if (isObjectColl) {
      keyIdx = e;
      e++;
    }
    const v = e;
    const vEnd = nextAt(tapePtr, v);
    const item = itemsPtr + (<usize>n << 5);
    const tfRow = tfPtr + ((<usize>n * <usize>nTerms) << 2);
    memory.fill(tfRow, 0, <usize>nTerms << 2);
    store<u32>(item, v);
    store<u32>(item, keyIdx, 4);
    let signals: u32 = 0;
    let wordsSeen: u32 = 0;
    let schema = FNV_OFFSET;

    // canonical hash over the minified bytes
    const vs = startAt(tapePtr, v);
    const ve = endAt(tapePtr, v);
    const mlen = minifyRange(inPtr, vs, ve, scratch);
    const h = xxh64(scratch, <usize>mlen, 0);
    store<u32>(item, <u32>h, 8);
    store<u32>(item, <u32>(h >>> 32), 12);
    store<u32>(item, mlen, 28);

    // words of the member key (object collections): the item's name counts as its text
    if (keyIdx != NONE) {
      wordsSeen += scanWords(inPtr + startAt(tapePtr, keyIdx) + 1, inPtr + endAt(tapePtr, keyIdx) - 1, lex, tfRow, false);
    }

    const w0v = load<u32>(tapePtr + (<usize>v << 4));
    const baseDepth = w0v >>> 4;
    const vKind = w0v & 15;
    const fieldsOn = vKind == KIND_OBJECT;
    let x = fieldsOn ? v + 1 : v; // scalars and arrays: text only
    let textOnlyEnd: u32 = 0; // inside a subtree that is text only, until this entry
    while (x < vEnd) {
      const xw = tapePtr + (<usize>x << 4);
      const w0 = load<u32>(xw);
      const kind = w0 & 15;
      const s = load<u32>(xw, 4);
      const en = load<u32>(xw, 8);
      if (kind == KIND_KEY) {
        const isErr = scanWords(inPtr + s + 1, inPtr + en - 1, lex, tfRow, true);
        wordsSeen += isErr & 0x7fffffff;
        const valIdx = x + 1;
        const valKind = kindAt(tapePtr, valIdx);
        if ((isErr & 0x80000000) != 0 && (valKind == KIND_TRUE || (valKind == KIND_STRING && endAt(tapePtr, valIdx) - startAt(tapePtr, valIdx) > 2))) {
          signals |= SIG_ERROR;
        }
        if (fieldsOn && x >= textOnlyEnd) {
          const level = (w0 >>> 4) - baseDepth;
          const parent = level > 1 ? load<u32>(pathSlot + (<usize>(level - 1) << 2)) : 0;
          let slot = NONE;
          if (level <= MAX_FIELD_LEVEL) {
            // find or add the field (parent slot + key bytes, quotes included)
            const fh = fnvRange((FNV_OFFSET ^ parent) * FNV_PRIME, inPtr + s, inPtr + en);
            let b = fh & (FIELD_INDEX - 1);
            for (;;) {
              const f1 = load<u32>(fieldIndex + (<usize>b << 2));
              if (f1 == 0) {
                if (nFields < MAX_FIELDS) {
                  const f = fieldsPtr + (<usize>nFields << 6);
                  memory.fill(f, 0, 64);
                  store<u32>(f, x, F_KEY);
                  store<u32>(f, parent, F_PARENT);
                  store<u32>(f, fh, F_HASH);
                  store<u32>(f, level, F_LEVEL);
                  store<u32>(f, NONE, F_MIN_ITEM);
                  store<u32>(f, NONE, F_MAX_ITEM);
                  nFields++;
                  store<u32>(fieldIndex + (<usize>b << 2), nFields);
                  slot = nFields - 1;
                }
                break;
              }
              const f = fieldsPtr + (<usize>(f1 - 1) << 6);
              const k0 = load<u32>(f, F_KEY);
              const ks = startAt(tapePtr, k0);
              if (load<u32>(f, F_HASH) == fh && load<u32>(f, F_PARENT) == parent && endAt(tapePtr, k0) - ks == en - s &&
                sameBytes(inPtr + ks, inPtr + s, <usize>(en - s))) {
                slot = f1 - 1;
                break;
              }
              b = (b + 1) & (FIELD_INDEX - 1);
            }
          }
          if (slot != NONE) {
            if (level == 1) schema = (schema ^ slot) * FNV_PRIME;
            const r = recordValue(inPtr, tapePtr, valIdx, slot, n, fieldsPtr, fieldNumsPtr, valuesPtr, valueIndex, nValues);
            const vr = <u32>(r >>> 32);
            if (vr > nValues) nValues = vr;
            const lg = log + (<usize>nLog << 4);
            store<u32>(lg, n);
            store<u32>(lg, slot, 4);
            store<u32>(lg, <u32>r, 8);
            store<u32>(lg, valIdx, 12);
            nLog++;
            if (valKind == KIND_OBJECT && level < MAX_FIELD_LEVEL) store<u32>(pathSlot + (<usize>level << 2), slot + 1);
            else if (valKind == KIND_OBJECT || valKind == KIND_ARRAY) textOnlyEnd = nextAt(tapePtr, valIdx);
          } else if (valKind == KIND_OBJECT || valKind == KIND_ARRAY) textOnlyEnd = nextAt(tapePtr, valIdx);
        }
      } else if (kind == KIND_STRING) {
        const isErr = scanWords(inPtr + s + 1, inPtr + en - 1, lex, tfRow, true);
        wordsSeen += isErr & 0x7fffffff;
        if ((isErr & 0x80000000) != 0) signals |= SIG_ERROR;
      } else if (kind == KIND_NUMBER) {
        wordsSeen += scanWords(inPtr + s, inPtr + en, lex, tfRow, false);
        // status-like: 4xx/5xx under a key that says status or code
        if (en - s == 3) {
          const d = load<u8>(inPtr + s);
          if ((d == 0x34 || d == 0x35) && x > 0 && kindAt(tapePtr, x - 1) == KIND_KEY &&
            keySaysStatus(inPtr + startAt(tapePtr, x - 1), inPtr + endAt(tapePtr, x - 1))) signals |= SIG_STATUS;
        }
      }
      x++;
    }

    // identifiers: exact bytes anywhere in the item (and its key)
    for (let t: u32 = 0; t < nTerms; t++) {
      const term = termsPtr + <usize>t * 12;
      if (load<u32>(term) != TERM_IDENTIFIER) continue;
      const pat = termBytesPtr + <usize>load<u32>(term, 4);
      const plen = <usize>load<u32>(term, 8);
      let c = countOccurrences(inPtr + vs, inPtr + ve, pat, plen);
      if (keyIdx != NONE) c += countOccurrences(inPtr + startAt(tapePtr, keyIdx), inPtr + endAt(tapePtr, keyIdx), pat, plen);
      store<u32>(tfRow + (<usize>t << 2), c);
    }
    store<u32>(item, signals, 16);
    store<u32>(item, wordsSeen, 20);
    store<u32>(item, schema, 24);
    n++;
    e = vEnd;
  }

  markRare(inPtr, tapePtr, itemsPtr, fieldsPtr, fieldNumsPtr, valuesPtr, log, nLog);
  store<u32>(countsPtr, nFields);
  store<u32>(countsPtr, nValues, 4);
  return n;
}
