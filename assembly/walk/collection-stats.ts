// Stage 2 over a scanned tape: one walk over the items of a collection (an array of values, or
// the member values of an object) that yields, without building anything but flat records:
// - per item: canonical hash (XXH64 of the minified bytes), signal bits, word count, schema hash;
// - per item × query term: term frequency (words case-insensitively, identifiers exactly);
// - per field (key path up to 3 levels): presence, types, numeric min/max/sum/sum², distinct values;
// - per (field, value) for categorical fields: count and first item.
// Then a second pass over the logged values marks rare values, rare types and outliers.
// The TS twin (src/core/wasm/twin/collection-stats.ts) is the spec: identical records, in the same
// order, with the same FNV-1a hashes in them. How a record is found (guesses, caches, index
// hashes) may differ: an exact look-up finds the same record either way.
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
//   field index 4 KiB, value index 128 KiB, lexicon 10 KiB, walk state 18 KiB (below), words per
//   value record 64 KiB, field verdicts 16 KiB, batches 6 KiB, the value logs (6 bytes per tape
//   entry of the collection, reserved; little is touched), and a minify buffer as long as the
//   longest item (only when needed).
//
// Walk state (u32 words):
//   | word                 | meaning                                                          |
//   |----------------------|------------------------------------------------------------------|
//   | 0–3                  | path: slot + 1 of the object field open at each level            |
//   | 4–7                  | slot + 1 of the previous key at each level of the open objects   |
//   | 8, 9                 | field count, value-record count                                  |
//   | 10                   | the minify buffer (0 until an item needs it)                     |
//   | 12 … 12+MAX_FIELDS   | words of each field's key (scanWords result, or WORDS_*)         |
//   | then GUESS_BYTES     | field guesses (field-index.ts)                                   |
//
// Speed (the walk is the cost of compress() on big collections): a field's key is matched by a
// guess before any hashing, its words are counted once, and an item whose bytes are already
// minified (its length equals the minified length the tape gives) is hashed in place.

import { alloc } from "../arena";
import { xxh64 } from "../hash/xxhash64";
import { minifyRange } from "../scan/json-minify";
import { KIND_ARRAY, KIND_KEY, KIND_NUMBER, KIND_OBJECT, KIND_STRING, KIND_TRUE } from "../scan/tape";
import { countOccurrences, keySaysExit, keySaysStatus } from "./byte-search";
import { confirmGuess, findField, GUESS_BYTES, guessAt, setGuess } from "./field-index";
import {
  endItemLog, logEnd, markRare, OCCURRENCE_TEXT, RARE_SCRATCH_BYTES, recordValues, setTables, TABLES_BYTES,
} from "./field-values";
import {
  endAt, FIELD_INDEX, FNV_OFFSET, FNV_PRIME, kindAt, MAX_FIELD_LEVEL, MAX_FIELDS, MAX_VALUES, nextAt, NONE, SIG_ERROR, SIG_STATUS, startAt,
  TERM_IDENTIFIER, tfSum, VALUE_INDEX, WORDS_RESCAN, WORDS_UNKNOWN,
} from "./records";
import { buildLexicon, LEX_BYTES } from "./lexicon";
import { numberWords, scanTexts, scanWords } from "./words";

@inline const ST_PATH: usize = 0;
@inline const ST_PREV: usize = 16;
@inline const ST_N_FIELDS: usize = 32;
@inline const ST_N_VALUES: usize = 36;
@inline const ST_MINIFY: usize = 40;
@inline const ST_KEY_WORDS: usize = 48;
@inline const ST_GUESS: usize = ST_KEY_WORDS + (<usize>MAX_FIELDS << 2);
@inline const ST_BYTES: usize = ST_GUESS + GUESS_BYTES;
@inline const BATCH: u32 = 256; // ranges or field occurrences per batch (u32 pairs)
@inline const BATCH_BYTES: usize = <usize>BATCH << 3;
@inline const OPT_IDENTIFIERS: u32 = 1; // some terms are identifiers
@inline const OPT_DIGIT_QUERY: u32 = 2; // a query word starts with a digit: it could be a number's word

// Bytes of the longest item of the collection. Only collections with items that are not minified
// need it: this loop visits one tape entry per item, far apart, which costs cache misses.
function longestItem(tapePtr: usize, coll: u32): u32 {
  const isObjectColl = kindAt(tapePtr, coll) == KIND_OBJECT;
  let maxSpan: u32 = 0;
  const collEnd = nextAt(tapePtr, coll);
  for (let e = coll + 1; e < collEnd; ) {
    if (isObjectColl) e++;
    const span = endAt(tapePtr, e) - startAt(tapePtr, e);
    if (span > maxSpan) maxSpan = span;
    e = nextAt(tapePtr, e);
  }
  return maxSpan;
}

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

  const fieldIndex = alloc(<usize>FIELD_INDEX << 2);
  const valueIndex = alloc(<usize>VALUE_INDEX << 2);
  const lex = alloc(LEX_BYTES);
  // value log (field-values.ts): a field occurrence takes a key and a value entry, so half the
  // collection's entries bound the occurrences and the numbers, and its entries bound the items
  const entries = <usize>(collEnd - coll);
  const log = alloc(((entries + (entries >>> 1)) << 2) + 64);
  const numberLog = alloc(((entries >>> 1) << 3) + 64);
  const state = alloc(ST_BYTES);
  const rareScratch = alloc(RARE_SCRATCH_BYTES);
  const valueWords = alloc(<usize>MAX_VALUES << 2);
  const tables = alloc(TABLES_BYTES);
  const batches = alloc(3 * BATCH_BYTES); // strings, numbers, field occurrences
  if (fieldIndex == 0 || valueIndex == 0 || lex == 0 || log == 0 || numberLog == 0 || state == 0 || rareScratch == 0 ||
    valueWords == 0 || tables == 0 || batches == 0) return NONE;
  memory.fill(fieldIndex, 0, <usize>FIELD_INDEX << 2);
  memory.fill(valueIndex, 0, <usize>VALUE_INDEX << 2);
  memory.fill(state, 0, ST_BYTES);
  memory.fill(state + ST_KEY_WORDS, 0xff, <usize>MAX_FIELDS << 2); // WORDS_UNKNOWN
  memory.fill(valueWords, 0xff, <usize>MAX_VALUES << 2);
  setTables(tables, fieldsPtr, fieldNumsPtr, valuesPtr, valueIndex, valueWords, log, numberLog);
  buildLexicon(lex, termBytesPtr, termsPtr, nTerms);
  let options: u32 = 0;
  for (let t: u32 = 0; t < nTerms; t++) {
    const term = termsPtr + <usize>t * 12;
    if (load<u32>(term) == TERM_IDENTIFIER) options |= OPT_IDENTIFIERS;
    else if (load<u32>(term, 8) > 0 && <u32>load<u8>(termBytesPtr + <usize>load<u32>(term, 4)) - 0x30 < 10) options |= OPT_DIGIT_QUERY;
  }

  let n: u32 = 0;
  for (let e = coll + 1; e < collEnd; n++) {
    let keyIdx = NONE;
    if (isObjectColl) {
      keyIdx = e;
      e++;
    }
    const ok = walkItem(
      inPtr, tapePtr, coll, e, keyIdx, n, itemsPtr + (<usize>n << 5), tfPtr + ((<usize>n * <usize>nTerms) << 2), lex, nTerms,
      termBytesPtr, termsPtr, options, state, tables, batches, fieldsPtr, fieldIndex,
    );
    if (!ok) return NONE;
    e = nextAt(tapePtr, e);
  }

  const nFields = load<u32>(state + ST_N_FIELDS);
  markRare(itemsPtr, fieldsPtr, fieldNumsPtr, valuesPtr, nFields, log, logEnd(tables), numberLog, rareScratch);
  store<u32>(countsPtr, nFields);
  store<u32>(countsPtr, load<u32>(state + ST_N_VALUES), 4);
  return n;
}

/**
 * Walks item `n` of the collection, the value at tape entry `v` (its member key at `keyIdx`, or
 * NONE), into its Item record at `item` and its term frequencies at `tfRow`; fields, values and
 * the value log grow in the tables. Returns false when the arena cannot grow for a minify buffer.
 * One call per item keeps this loop out of collectionStats: a long call runs in the engine's first
 * tier to its end, a short one is recompiled in time (the first call matters for compress()).
 */
function walkItem(
  inPtr: usize, tapePtr: usize, coll: u32, v: u32, keyIdx: u32, n: u32, item: usize, tfRow: usize, lex: usize, nTerms: u32,
  termBytesPtr: usize, termsPtr: usize, options: u32, state: usize, tables: usize, batches: usize, fieldsPtr: usize, fieldIndex: usize,
): bool {
  const texts = batches;
  const numbers = batches + BATCH_BYTES;
  const occurrences = batches + 2 * BATCH_BYTES;
  const digitQuery = (options & OPT_DIGIT_QUERY) != 0;
  const vw = tapePtr + (<usize>v << 4);
  const vEnd = load<u32>(vw, 12);
  for (let t: u32 = 0; t < nTerms; t++) store<u32>(tfRow + (<usize>t << 2), 0);
  store<u32>(item, v);
  store<u32>(item, keyIdx, 4);
  let signals: u32 = 0;
  let wordsSeen: u32 = 0;
  let schema = FNV_OFFSET;

  // words of the member key (object collections): the item's name counts as its text
  if (keyIdx != NONE) {
    wordsSeen += scanWords(inPtr + startAt(tapePtr, keyIdx) + 1, inPtr + endAt(tapePtr, keyIdx) - 1, lex, tfRow, false);
  }

  const w0v = load<u32>(vw);
  const baseDepth = w0v >>> 4;
  const fieldsOn = (w0v & 15) == KIND_OBJECT;
  // minified length: every token's bytes, a colon per key, a bracket pair per container and
  // a comma between siblings (each value adds one, each non-empty container takes one back,
  // and the item itself has none)
  let mlen: u32 = 0;
  let x = v; // scalars and arrays: text only
  if (fieldsOn) {
    mlen = vEnd == v + 1 ? 3 : 2;
    store<u32>(state + ST_PREV + 4, 0);
    x = v + 1;
  }
  let textOnlyEnd: u32 = 0; // inside a subtree that is text only, until this entry
  let nTexts: u32 = 0;
  let nNumbers: u32 = 0;
  let nOccurrences: u32 = 0;
  let claimed: u32 = NONE; // the string value whose words recordValues counts
  while (x < vEnd) {
    const xw = tapePtr + (<usize>x << 4);
    const w0 = load<u32>(xw);
    const kind = w0 & 15;
    const s = load<u32>(xw, 4);
    const en = load<u32>(xw, 8);
    if (kind < KIND_STRING) {
      // a container: its entries follow
      mlen += load<u32>(xw, 12) == x + 1 ? 3 : 2;
      if (kind == KIND_OBJECT) {
        const keyLevel = (w0 >>> 4) + 1 - baseDepth;
        if (keyLevel <= MAX_FIELD_LEVEL) store<u32>(state + ST_PREV + (<usize>keyLevel << 2), 0);
      }
      x++;
      continue;
    }
    mlen += en - s + 1;
    if (kind == KIND_KEY) {
      const valIdx = x + 1;
      const valKind = kindAt(tapePtr, valIdx);
      const inFields = fieldsOn && x >= textOnlyEnd;
      let slot = NONE;
      let level: u32 = 0;
      if (inFields) {
        level = (w0 >>> 4) - baseDepth;
        if (level <= MAX_FIELD_LEVEL) {
          const parent = level > 1 ? load<u32>(state + ST_PATH + (<usize>(level - 1) << 2)) : 0;
          const prev = state + ST_PREV + (<usize>level << 2);
          const g = guessAt(state + ST_GUESS, parent, load<u32>(prev));
          slot = confirmGuess(inPtr, g, s, en, parent);
          if (slot == NONE) {
            const nFields = load<u32>(state + ST_N_FIELDS);
            slot = findField(inPtr, tapePtr, fieldsPtr, fieldIndex, x, s, en, parent, level, nFields);
            if (slot == nFields) store<u32>(state + ST_N_FIELDS, nFields + 1);
            if (slot != NONE) setGuess(g, slot, s, en, parent);
          }
          store<u32>(prev, slot + 1);
        }
      }
      // a field's key always has the same words: count them once, unless they bump a tf
      let kw: u32;
      if (slot != NONE) {
        const kp = state + ST_KEY_WORDS + (<usize>slot << 2);
        kw = load<u32>(kp);
        if (kw == WORDS_UNKNOWN) {
          const before = tfSum(tfRow, nTerms);
          kw = scanWords(inPtr + s + 1, inPtr + en - 1, lex, tfRow, true);
          store<u32>(kp, tfSum(tfRow, nTerms) == before ? kw : WORDS_RESCAN);
        } else if (kw == WORDS_RESCAN) kw = scanWords(inPtr + s + 1, inPtr + en - 1, lex, tfRow, true);
      } else kw = scanWords(inPtr + s + 1, inPtr + en - 1, lex, tfRow, true);
      wordsSeen += kw & 0x7fffffff;
      if ((kw & 0x80000000) != 0 && (valKind == KIND_TRUE || (valKind == KIND_STRING && endAt(tapePtr, valIdx) - startAt(tapePtr, valIdx) > 2))) {
        signals |= SIG_ERROR;
      }
      if (slot != NONE) {
        if (level == 1) schema = (schema ^ slot) * FNV_PRIME;
        // a string value's words are counted with its value record, which caches them
        store<u32>(occurrences + (<usize>nOccurrences << 3), valIdx);
        store<u32>(occurrences + (<usize>nOccurrences << 3), valKind == KIND_STRING ? slot | OCCURRENCE_TEXT : slot, 4);
        if (valKind == KIND_STRING) claimed = valIdx;
        if (++nOccurrences == BATCH) {
          const r = recordValues(inPtr, tapePtr, occurrences, nOccurrences, n, tables, lex, tfRow, nTerms, load<u32>(state + ST_N_VALUES));
          store<u32>(state + ST_N_VALUES, <u32>r);
          wordsSeen += <u32>(r >>> 32) & 0x7fffffff;
          if ((r >>> 63) != 0) signals |= SIG_ERROR;
          nOccurrences = 0;
        }
        if (valKind == KIND_OBJECT && level < MAX_FIELD_LEVEL) store<u32>(state + ST_PATH + (<usize>level << 2), slot + 1);
        else if (valKind == KIND_OBJECT || valKind == KIND_ARRAY) textOnlyEnd = nextAt(tapePtr, valIdx);
      } else if (inFields && (valKind == KIND_OBJECT || valKind == KIND_ARRAY)) textOnlyEnd = nextAt(tapePtr, valIdx);
    } else if (kind == KIND_STRING) {
      if (x == claimed) {
        x++;
        continue;
      }
      store<u32>(texts + (<usize>nTexts << 3), s + 1);
      store<u32>(texts + (<usize>nTexts << 3), en - 1, 4);
      if (++nTexts == BATCH) {
        const r = scanTexts(inPtr, texts, nTexts, lex, tfRow, true);
        wordsSeen += r & 0x7fffffff;
        if ((r & 0x80000000) != 0) signals |= SIG_ERROR;
        nTexts = 0;
      }
    } else if (kind == KIND_NUMBER) {
      if (!digitQuery) wordsSeen += numberWords(inPtr + s, inPtr + en);
      else {
        store<u32>(numbers + (<usize>nNumbers << 3), s);
        store<u32>(numbers + (<usize>nNumbers << 3), en, 4);
        if (++nNumbers == BATCH) {
          wordsSeen += scanTexts(inPtr, numbers, nNumbers, lex, tfRow, false);
          nNumbers = 0;
        }
      }
      // status-like: 4xx/5xx under a key that says status or code
      if (en - s == 3) {
        const d = load<u8>(inPtr + s);
        if ((d == 0x34 || d == 0x35) && x > 0 && kindAt(tapePtr, x - 1) == KIND_KEY &&
          keySaysStatus(inPtr + startAt(tapePtr, x - 1), inPtr + endAt(tapePtr, x - 1))) signals |= SIG_STATUS;
      }
      // a failed command: a non-zero number under an exit-status key
      if (!(en - s == 1 && load<u8>(inPtr + s) == 0x30) && x > 0 && kindAt(tapePtr, x - 1) == KIND_KEY &&
        keySaysExit(inPtr + startAt(tapePtr, x - 1), inPtr + endAt(tapePtr, x - 1))) signals |= SIG_STATUS;
    }
    x++;
  }
  // the batched words and values (walk order is kept: batches are flushed in order)
  if (nTexts > 0) {
    const r = scanTexts(inPtr, texts, nTexts, lex, tfRow, true);
    wordsSeen += r & 0x7fffffff;
    if ((r & 0x80000000) != 0) signals |= SIG_ERROR;
  }
  if (nNumbers > 0) wordsSeen += scanTexts(inPtr, numbers, nNumbers, lex, tfRow, false);
  if (nOccurrences > 0) {
    const r = recordValues(inPtr, tapePtr, occurrences, nOccurrences, n, tables, lex, tfRow, nTerms, load<u32>(state + ST_N_VALUES));
    store<u32>(state + ST_N_VALUES, <u32>r);
    wordsSeen += <u32>(r >>> 32) & 0x7fffffff;
    if ((r >>> 63) != 0) signals |= SIG_ERROR;
  }
  endItemLog(tables);

  // canonical hash over the minified bytes; most items are minified already
  const vs = load<u32>(vw, 4);
  const ve = load<u32>(vw, 8);
  mlen -= 1;
  let h: u64;
  if (mlen == ve - vs) h = xxh64(inPtr + <usize>vs, <usize>mlen, 0);
  else {
    let scratch = <usize>load<u32>(state + ST_MINIFY);
    if (scratch == 0) {
      scratch = alloc(<usize>longestItem(tapePtr, coll));
      if (scratch == 0) return false;
      store<u32>(state + ST_MINIFY, <u32>scratch);
    }
    mlen = minifyRange(inPtr, vs, ve, scratch);
    h = xxh64(scratch, <usize>mlen, 0);
  }
  store<u32>(item, <u32>h, 8);
  store<u32>(item, <u32>(h >>> 32), 12);
  store<u32>(item, mlen, 28);

  // identifiers: exact bytes anywhere in the item (and its key)
  if ((options & OPT_IDENTIFIERS) != 0) {
    for (let t: u32 = 0; t < nTerms; t++) {
      const term = termsPtr + <usize>t * 12;
      if (load<u32>(term) != TERM_IDENTIFIER) continue;
      const pat = termBytesPtr + <usize>load<u32>(term, 4);
      const plen = <usize>load<u32>(term, 8);
      let c = countOccurrences(inPtr + vs, inPtr + ve, pat, plen);
      if (keyIdx != NONE) c += countOccurrences(inPtr + startAt(tapePtr, keyIdx), inPtr + endAt(tapePtr, keyIdx), pat, plen);
      store<u32>(tfRow + (<usize>t << 2), c);
    }
  }
  store<u32>(item, signals, 16);
  store<u32>(item, wordsSeen, 20);
  store<u32>(item, schema, 24);
  return true;
}
