/**
 * TS twin of assembly/walk/collection-stats.ts. One walk over the items of a collection (an array
 * of values, or the member values of an object) that yields, without building any JS object:
 * - per item: canonical hash (XXH64 of the minified bytes), signal bits, word count, schema hash;
 * - per item × query term: term frequency (words case-insensitively, identifiers exactly);
 * - per field (key path up to 3 levels): presence, types, numeric min/max/sum/sum², distinct values;
 * - per (field, value) for categorical fields: count and first item.
 * Then a second pass over the recorded values marks rare values, rare types and outliers.
 * @module
 */
import { Field, FieldFlag, FieldNum, Item, Kind, Limits, Signal, TAPE_STRIDE, Term, Value } from "../../codes.js";
import { minifyRange } from "./json-minify.js";
import { xxh64 } from "./xxhash64.js";

/** Buffers the walk writes into; sized by `collectionWorkspace`. */
export interface StatsOut {
  items: Uint32Array; // n × Item.STRIDE
  tf: Uint32Array; // n × nTerms
  fields: Uint32Array; // Limits.MAX_FIELDS × Field.STRIDE
  fieldNums: Float64Array; // Limits.MAX_FIELDS × FieldNum.STRIDE
  values: Uint32Array; // Limits.MAX_VALUES × Value.STRIDE
  /** [fieldCount, valueCount] */
  counts: Uint32Array;
}

const NONE = 0xffffffff;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LEX_SIZE = 256; // word lexicon slots (query words + error words), open addressing
const LEX_ERROR = 0x80000000;
const LEX_QUERY_WORDS = 192; // terms looked at for query words (the error words take 34 more slots)
const FIELD_INDEX = 1024;
const VALUE_INDEX = 32768;

/** Error words, matched whole (lower-case); plus prefix `fail` and suffixes `error`/`exception`. */
export const ERROR_WORDS =
  "error errors err fail fails failed failing failure failures exception exceptions fatal denied refused timeout timedout " +
  "panic panicked invalid conflict crash crashed abort aborted critical unauthorized forbidden rejected unavailable " +
  "unreachable traceback segfault killed oom";
const ERROR_WORD_BYTES = new TextEncoder().encode(ERROR_WORDS);

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const isWordByte = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128;

/** Parses a validated JSON number the same way the core does (not correctly rounded; deterministic). */
export function parseNumber(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d) { neg = true; i++; }
  let v = 0;
  let digits = 0;
  let scale = 0;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
    if (digits < 17) { v = v * 10 + (buf[i]! - 48); if (v !== 0) digits++; } else scale++;
    i++;
  }
  if (i < end && buf[i] === 0x2e) {
    i++;
    while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
      if (digits < 17) { v = v * 10 + (buf[i]! - 48); if (v !== 0) digits++; scale--; }
      i++;
    }
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let eneg = false;
    if (buf[i] === 0x2d) { eneg = true; i++; } else if (buf[i] === 0x2b) i++;
    let e = 0;
    while (i < end && buf[i]! >= 48 && buf[i]! <= 57) { if (e < 100000) e = e * 10 + (buf[i]! - 48); i++; }
    scale += eneg ? -e : e;
  }
  while (scale > 0) { const s = scale > 22 ? 22 : scale; v *= POW10[s]!; scale -= s; }
  while (scale < 0) { const s = -scale > 22 ? 22 : -scale; v /= POW10[s]!; scale += s; }
  return neg ? -v : v;
}
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Scratch a walk needs besides its outputs. */
interface Lexicon { hash: Uint32Array; tag: Uint32Array; off: Uint32Array; len: Uint32Array; bytes: Uint8Array }

function buildLexicon(termBytes: Uint8Array, terms: Uint32Array, nTerms: number): Lexicon {
  // one buffer for every entry: the query's term bytes, then the error words
  const bytes = new Uint8Array(termBytes.length + ERROR_WORD_BYTES.length);
  bytes.set(termBytes);
  bytes.set(ERROR_WORD_BYTES, termBytes.length);
  const lex: Lexicon = { hash: new Uint32Array(LEX_SIZE), tag: new Uint32Array(LEX_SIZE), off: new Uint32Array(LEX_SIZE), len: new Uint32Array(LEX_SIZE), bytes };
  const put = (off: number, len: number, tag: number) => {
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[off + i]!, FNV_PRIME) >>> 0;
    let s = h & (LEX_SIZE - 1);
    while (lex.tag[s] !== 0) {
      if (lex.hash[s] === h && lex.len[s] === len && sameBytes(lex.bytes, lex.off[s]!, bytes, off, len)) {
        // a repeated query word keeps its first term: OR-ing two term numbers would name a third
        // one, possibly past nTerms (an out-of-bounds tf write); only the error bit merges
        const old = lex.tag[s]!;
        lex.tag[s] = (old & 0x7fffffff) !== 0 ? old | (tag & LEX_ERROR) : old | tag;
        return;
      }
      s = (s + 1) & (LEX_SIZE - 1);
    }
    lex.hash[s] = h; lex.tag[s] = tag; lex.off[s] = off; lex.len[s] = len;
  };
  // past LEX_QUERY_WORDS terms the table could fill up and a probe would never end
  for (let t = 0; t < nTerms && t < LEX_QUERY_WORDS; t++) {
    if (terms[t * Term.STRIDE] === Term.WORD) put(terms[t * Term.STRIDE + 1]!, terms[t * Term.STRIDE + 2]!, t + 1);
  }
  let start = termBytes.length;
  for (let i = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x20) { put(start, i - start, LEX_ERROR); start = i + 1; }
  }
  return lex;
}

function sameBytes(a: Uint8Array, ao: number, b: Uint8Array, bo: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Analyses the collection whose container is tape entry `coll`; returns the item count. */
export function collectionStats(
  buf: Uint8Array, tape: Uint32Array, coll: number,
  termBytes: Uint8Array, terms: Uint32Array, nTerms: number, out: StatsOut,
): number {
  const lex = buildLexicon(termBytes, terms, nTerms);
  const { items, tf, fields, fieldNums, values, counts } = out;
  const fieldIndex = new Uint32Array(FIELD_INDEX);
  const valueIndex = new Uint32Array(VALUE_INDEX);
  const isObjectColl = (tape[coll * TAPE_STRIDE]! & 15) === Kind.OBJECT;
  const collEnd = tape[coll * TAPE_STRIDE + 3]!;
  // value log: (item, field, value record + 1, tape index) per field occurrence
  const log = new Uint32Array(((collEnd - coll) >>> 1) * 4 + 16);
  let nLog = 0;
  let nFields = 0;
  let nValues = 0;
  let scratch = new Uint8Array(1024);
  const hashOut = new Uint32Array(2);
  const pathSlot = new Uint32Array(Limits.MAX_FIELD_LEVEL + 1);
  let n = 0;

  let e = coll + 1;
  while (e < collEnd) {
    let keyIdx = NONE;
    if (isObjectColl) { keyIdx = e; e++; }
    const v = e;
    const vEnd = tape[v * TAPE_STRIDE + 3]!;
    const r = n * Item.STRIDE;
    const t0 = n * nTerms;
    for (let t = 0; t < nTerms; t++) tf[t0 + t] = 0;
    items[r + Item.VALUE] = v;
    items[r + Item.KEY] = keyIdx;
    let signals = 0;
    let wordsSeen = 0;
    let schema = FNV_OFFSET;

    // canonical hash over the minified bytes
    const vs = tape[v * TAPE_STRIDE + 1]!;
    const ve = tape[v * TAPE_STRIDE + 2]!;
    if (scratch.length < ve - vs) scratch = new Uint8Array((ve - vs) * 2);
    const mlen = minifyRange(buf, vs, ve, scratch, 0);
    xxh64(scratch, 0, mlen, 0, hashOut, 0);
    items[r + Item.HASH_LO] = hashOut[0]!;
    items[r + Item.HASH_HI] = hashOut[1]!;
    items[r + Item.MIN_BYTES] = mlen;

    // words of the member key (object collections): the item's name counts as its text
    if (keyIdx !== NONE) wordsSeen += scanWords(buf, tape[keyIdx * TAPE_STRIDE + 1]! + 1, tape[keyIdx * TAPE_STRIDE + 2]! - 1, lex, tf, t0, false);

    const baseDepth = tape[v * TAPE_STRIDE]! >>> 4;
    const vKind = tape[v * TAPE_STRIDE]! & 15;
    let x = v + 1;
    if (vKind !== Kind.OBJECT) x = v; // scalars and arrays: text only
    let fieldsOn = vKind === Kind.OBJECT;
    let textOnlyEnd = 0; // inside a subtree that is text only, until this entry
    while (x < vEnd) {
      const w0 = tape[x * TAPE_STRIDE]!;
      const kind = w0 & 15;
      const s = tape[x * TAPE_STRIDE + 1]!;
      const en = tape[x * TAPE_STRIDE + 2]!;
      if (kind === Kind.KEY) {
        const isErr = scanWords(buf, s + 1, en - 1, lex, tf, t0, true);
        wordsSeen += isErr & 0x7fffffff;
        const valIdx = x + 1;
        const valKind = tape[valIdx * TAPE_STRIDE]! & 15;
        if ((isErr & 0x80000000) !== 0 && (valKind === Kind.TRUE || (valKind === Kind.STRING && tape[valIdx * TAPE_STRIDE + 2]! - tape[valIdx * TAPE_STRIDE + 1]! > 2))) signals |= Signal.ERROR;
        if (fieldsOn && x >= textOnlyEnd) {
          const level = (w0 >>> 4) - baseDepth;
          const parent = level > 1 ? pathSlot[level - 1]! : 0;
          let slot = NONE;
          if (level <= Limits.MAX_FIELD_LEVEL) {
            // find or add the field (parent slot + key bytes)
            let h = Math.imul(FNV_OFFSET ^ parent, FNV_PRIME) >>> 0;
            for (let i = s; i < en; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME) >>> 0;
            let b = h & (FIELD_INDEX - 1);
            for (;;) {
              const f1 = fieldIndex[b]!;
              if (f1 === 0) {
                if (nFields < Limits.MAX_FIELDS) {
                  const f = nFields * Field.STRIDE;
                  for (let k = 0; k < Field.STRIDE; k++) fields[f + k] = 0;
                  fields[f + Field.KEY] = x; fields[f + Field.PARENT] = parent; fields[f + Field.HASH] = h;
                  fields[f + Field.LEVEL] = level; fields[f + Field.MIN_ITEM] = NONE; fields[f + Field.MAX_ITEM] = NONE;
                  fieldIndex[b] = ++nFields;
                  slot = nFields - 1;
                }
                break;
              }
              const f = (f1 - 1) * Field.STRIDE;
              const k0 = fields[f + Field.KEY]!;
              const ks = tape[k0 * TAPE_STRIDE + 1]!;
              if (fields[f + Field.HASH] === h && fields[f + Field.PARENT] === parent && tape[k0 * TAPE_STRIDE + 2]! - ks === en - s && sameBytes(buf, ks, buf, s, en - s)) { slot = f1 - 1; break; }
              b = (b + 1) & (FIELD_INDEX - 1);
            }
          }
          if (slot !== NONE) {
            if (level === 1) schema = Math.imul(schema ^ slot, FNV_PRIME) >>> 0;
            const vr = recordValue(buf, tape, valIdx, slot, n, fields, fieldNums, values, valueIndex, nValues);
            if (vr > nValues) nValues = vr;
            log[nLog * 4] = n; log[nLog * 4 + 1] = slot; log[nLog * 4 + 2] = lastValueRecord; log[nLog * 4 + 3] = valIdx;
            nLog++;
            if (valKind === Kind.OBJECT && level < Limits.MAX_FIELD_LEVEL) pathSlot[level] = slot + 1;
            else if (valKind === Kind.OBJECT || valKind === Kind.ARRAY) textOnlyEnd = tape[valIdx * TAPE_STRIDE + 3]!;
          } else if (valKind === Kind.OBJECT || valKind === Kind.ARRAY) textOnlyEnd = tape[valIdx * TAPE_STRIDE + 3]!;
        }
      } else if (kind === Kind.STRING) {
        const isErr = scanWords(buf, s + 1, en - 1, lex, tf, t0, true);
        wordsSeen += isErr & 0x7fffffff;
        if ((isErr & 0x80000000) !== 0) signals |= Signal.ERROR;
      } else if (kind === Kind.NUMBER) {
        wordsSeen += scanWords(buf, s, en, lex, tf, t0, false);
        // status-like: 4xx/5xx under a key that says status or code
        if (en - s === 3 && (buf[s] === 0x34 || buf[s] === 0x35) && x > 0 && (tape[(x - 1) * TAPE_STRIDE]! & 15) === Kind.KEY && keySaysStatus(buf, tape[(x - 1) * TAPE_STRIDE + 1]!, tape[(x - 1) * TAPE_STRIDE + 2]!)) signals |= Signal.STATUS;
        // a failed command: a non-zero number under an exit-status key
        if (!(en - s === 1 && buf[s] === 0x30) && x > 0 && (tape[(x - 1) * TAPE_STRIDE]! & 15) === Kind.KEY && keySaysExit(buf, tape[(x - 1) * TAPE_STRIDE + 1]!, tape[(x - 1) * TAPE_STRIDE + 2]!)) signals |= Signal.STATUS;
      }
      x++;
    }

    // identifiers: exact bytes anywhere in the item (and its key)
    for (let t = 0; t < nTerms; t++) {
      if (terms[t * Term.STRIDE] !== Term.IDENTIFIER) continue;
      const off = terms[t * Term.STRIDE + 1]!;
      const len = terms[t * Term.STRIDE + 2]!;
      let c = countOccurrences(buf, vs, ve, termBytes, off, len);
      if (keyIdx !== NONE) c += countOccurrences(buf, tape[keyIdx * TAPE_STRIDE + 1]!, tape[keyIdx * TAPE_STRIDE + 2]!, termBytes, off, len);
      tf[t0 + t] = c;
    }
    items[r + Item.SIGNALS] = signals;
    items[r + Item.WORDS] = wordsSeen;
    items[r + Item.SCHEMA] = schema;
    n++;
    e = vEnd;
  }

  markRare(buf, tape, items, fields, fieldNums, values, log, nLog);
  counts[0] = nFields;
  counts[1] = nValues;
  return n;
}

let lastValueRecord = 0;

/** Adds one field value to the field's stats and value counts; returns the value-record count. */
function recordValue(
  buf: Uint8Array, tape: Uint32Array, v: number, slot: number, item: number,
  fields: Uint32Array, nums: Float64Array, values: Uint32Array, valueIndex: Uint32Array, nValues: number,
): number {
  const f = slot * Field.STRIDE;
  const kind = tape[v * TAPE_STRIDE]! & 15;
  const s = tape[v * TAPE_STRIDE + 1]!;
  const en = tape[v * TAPE_STRIDE + 2]!;
  fields[f + Field.PRESENT]!++;
  lastValueRecord = 0;
  switch (kind) {
    case Kind.STRING: fields[f + Field.T_STRING]!++; break;
    case Kind.NUMBER: {
      fields[f + Field.T_NUMBER]!++;
      const x = parseNumber(buf, s, en);
      const q = slot * FieldNum.STRIDE;
      if (fields[f + Field.MIN_ITEM] === 0xffffffff) {
        nums[q + FieldNum.MIN] = x; nums[q + FieldNum.MAX] = x; nums[q + FieldNum.SUM] = 0; nums[q + FieldNum.SUMSQ] = 0;
        fields[f + Field.MIN_ITEM] = item; fields[f + Field.MAX_ITEM] = item;
      } else {
        if (x < nums[q + FieldNum.MIN]!) { nums[q + FieldNum.MIN] = x; fields[f + Field.MIN_ITEM] = item; }
        if (x > nums[q + FieldNum.MAX]!) { nums[q + FieldNum.MAX] = x; fields[f + Field.MAX_ITEM] = item; }
      }
      nums[q + FieldNum.SUM] = nums[q + FieldNum.SUM]! + x;
      nums[q + FieldNum.SUMSQ] = nums[q + FieldNum.SUMSQ]! + x * x;
      break;
    }
    case Kind.TRUE: case Kind.FALSE: fields[f + Field.T_BOOL]!++; break;
    case Kind.NULL: fields[f + Field.T_NULL]!++; break;
    case Kind.OBJECT: fields[f + Field.T_OBJECT]!++; return nValues;
    default: fields[f + Field.T_ARRAY]!++; return nValues;
  }
  if ((fields[f + Field.FLAGS]! & FieldFlag.HIGH_CARDINALITY) !== 0) return nValues;
  if (kind === Kind.STRING && en - s > Limits.MAX_CATEGORY_BYTES) { fields[f + Field.FLAGS] = fields[f + Field.FLAGS]! | FieldFlag.HIGH_CARDINALITY; return nValues; }
  let h = Math.imul(FNV_OFFSET ^ slot, FNV_PRIME) >>> 0;
  for (let i = s; i < en; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME) >>> 0;
  let b = h & (VALUE_INDEX - 1);
  for (;;) {
    const v1 = valueIndex[b]!;
    if (v1 === 0) {
      if (fields[f + Field.DISTINCT]! >= Limits.MAX_DISTINCT || nValues >= Limits.MAX_VALUES) {
        fields[f + Field.FLAGS] = fields[f + Field.FLAGS]! | FieldFlag.HIGH_CARDINALITY;
        return nValues;
      }
      const r = nValues * Value.STRIDE;
      values[r + Value.FIELD] = slot; values[r + Value.HASH] = h; values[r + Value.COUNT] = 1;
      values[r + Value.FIRST_ITEM] = item; values[r + Value.TAPE] = v;
      valueIndex[b] = nValues + 1;
      fields[f + Field.DISTINCT]!++;
      if (fields[f + Field.TOP_COUNT]! < 1) fields[f + Field.TOP_COUNT] = 1;
      lastValueRecord = nValues + 1;
      return nValues + 1;
    }
    const r = (v1 - 1) * Value.STRIDE;
    const t = values[r + Value.TAPE]!;
    const ts = tape[t * TAPE_STRIDE + 1]!;
    if (values[r + Value.HASH] === h && values[r + Value.FIELD] === slot && tape[t * TAPE_STRIDE + 2]! - ts === en - s && sameBytes(buf, ts, buf, s, en - s)) {
      const c = ++values[r + Value.COUNT]!;
      if (c > fields[f + Field.TOP_COUNT]!) fields[f + Field.TOP_COUNT] = c;
      lastValueRecord = v1;
      return nValues;
    }
    b = (b + 1) & (VALUE_INDEX - 1);
  }
}

/** Second pass over the value log: rare values, rare types, 3σ outliers. */
function markRare(buf: Uint8Array, tape: Uint32Array, items: Uint32Array, fields: Uint32Array, nums: Float64Array, values: Uint32Array, log: Uint32Array, nLog: number): void {
  for (let i = 0; i < nLog; i++) {
    const item = log[i * 4]!;
    const slot = log[i * 4 + 1]!;
    const vrec = log[i * 4 + 2]!;
    const v = log[i * 4 + 3]!;
    const f = slot * Field.STRIDE;
    const present = fields[f + Field.PRESENT]!;
    if (present < Limits.MIN_ITEMS_FOR_STATS) continue;
    const rareMax = present >= 100 ? (present / 50) >>> 0 : 1;
    const dominant = present - ((present / 5) >>> 0); // ≥ 80 %
    let sig = 0;
    const kind = tape[v * TAPE_STRIDE]! & 15;
    const typeCount = kind === Kind.STRING ? fields[f + Field.T_STRING]! : kind === Kind.NUMBER ? fields[f + Field.T_NUMBER]!
      : kind === Kind.NULL ? fields[f + Field.T_NULL]! : kind === Kind.OBJECT ? fields[f + Field.T_OBJECT]!
      : kind === Kind.ARRAY ? fields[f + Field.T_ARRAY]! : fields[f + Field.T_BOOL]!;
    if (typeCount <= rareMax && typeCount < present) {
      let top = 0;
      for (let k = Field.T_STRING; k <= Field.T_ARRAY; k++) if (fields[f + k]! > top) top = fields[f + k]!;
      if (top >= dominant) sig |= Signal.TYPE_RARE;
    }
    if (vrec !== 0 && (fields[f + Field.FLAGS]! & FieldFlag.HIGH_CARDINALITY) === 0 && fields[f + Field.DISTINCT]! >= 2 && fields[f + Field.DISTINCT]! <= Limits.CATEGORICAL_DISTINCT) {
      if (values[(vrec - 1) * Value.STRIDE + Value.COUNT]! <= rareMax) {
        sig |= Signal.RARE;
        if (fields[f + Field.TOP_COUNT]! >= dominant) sig |= Signal.RARE_STRONG;
      }
    }
    if (kind === Kind.NUMBER) {
      const cnt = fields[f + Field.T_NUMBER]!;
      if (cnt >= Limits.MIN_ITEMS_FOR_STATS) {
        const q = slot * FieldNum.STRIDE;
        const mean = nums[q + FieldNum.SUM]! / cnt;
        const variance = nums[q + FieldNum.SUMSQ]! / cnt - mean * mean;
        const sd = variance > 0 ? Math.sqrt(variance) : 0;
        if (sd > 0) {
          const x = parseNumber(buf, tape[v * TAPE_STRIDE + 1]!, tape[v * TAPE_STRIDE + 2]!);
          const d = x > mean ? x - mean : mean - x;
          if (d > 3 * sd) sig |= Signal.OUTLIER;
        }
      }
    }
    if (sig !== 0) items[item * Item.STRIDE + Item.SIGNALS] = items[item * Item.STRIDE + Item.SIGNALS]! | sig;
  }
}

function keySaysStatus(buf: Uint8Array, s: number, e: number): boolean {
  // "status", "code" anywhere in the key, case-insensitive
  for (let i = s; i + 4 <= e; i++) {
    const a = lower(buf[i]!);
    if (a === 0x63 && lower(buf[i + 1]!) === 0x6f && lower(buf[i + 2]!) === 0x64 && lower(buf[i + 3]!) === 0x65) return true;
    if (a === 0x73 && i + 6 <= e && lower(buf[i + 1]!) === 0x74 && lower(buf[i + 2]!) === 0x61 && lower(buf[i + 3]!) === 0x74 && lower(buf[i + 4]!) === 0x75 && lower(buf[i + 5]!) === 0x73) return true;
  }
  return false;
}

/** `exit_code`, `exitCode`, `exit_status`, `returncode`, `return_code`, `retcode` (see the AS twin). */
function keySaysExit(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i + 4 <= e; i++) {
    const a = lower(buf[i]!);
    if (a === 0x65 && lower(buf[i + 1]!) === 0x78 && lower(buf[i + 2]!) === 0x69 && lower(buf[i + 3]!) === 0x74) return true;
    if (a === 0x72 && i + 7 <= e && lower(buf[i + 1]!) === 0x65 && lower(buf[i + 2]!) === 0x74) {
      let j = i + 3;
      if (j + 3 <= e && lower(buf[j]!) === 0x75 && lower(buf[j + 1]!) === 0x72 && lower(buf[j + 2]!) === 0x6e) j += 3;
      if (j < e && buf[j] === 0x5f) j++;
      if (j + 4 <= e && lower(buf[j]!) === 0x63 && lower(buf[j + 1]!) === 0x6f && lower(buf[j + 2]!) === 0x64 && lower(buf[j + 3]!) === 0x65) return true;
    }
  }
  return false;
}

function countOccurrences(buf: Uint8Array, s: number, e: number, pat: Uint8Array, off: number, len: number): number {
  if (len === 0) return 0;
  const first = pat[off]!;
  let c = 0;
  const last = e - len;
  for (let i = s; i <= last; i++) {
    if (buf[i] !== first) continue;
    let k = 1;
    while (k < len && buf[i + k] === pat[off + k]) k++;
    if (k === len) { c++; i += len - 1; }
  }
  return c;
}

/**
 * Splits `buf[s, e)` into words (runs of ASCII letters/digits and non-ASCII bytes; a JSON escape
 * ends a word and its letter is skipped), bumps the tf of query words, and returns the word count
 * with bit 31 set when an error word was seen (only if `errors`).
 */
function scanWords(buf: Uint8Array, s: number, e: number, lex: Lexicon, tf: Uint32Array, t0: number, errors: boolean): number {
  let count = 0;
  let err = 0;
  let i = s;
  while (i < e) {
    let c = buf[i]!;
    if (c === 0x5c) { i += buf[i + 1] === 0x75 ? 6 : 2; continue; }
    if (!isWordByte(c)) { i++; continue; }
    const ws = i;
    let h = FNV_OFFSET;
    while (i < e) {
      c = buf[i]!;
      if (!isWordByte(c)) break;
      h = Math.imul(h ^ lower(c), FNV_PRIME) >>> 0;
      i++;
    }
    const wl = i - ws;
    count++;
    let slot = h & (LEX_SIZE - 1);
    while (lex.tag[slot] !== 0) {
      if (lex.hash[slot] === h && lex.len[slot] === wl && sameLower(buf, ws, lex.bytes, lex.off[slot]!, wl)) {
        const tag = lex.tag[slot]!;
        if ((tag & LEX_ERROR) !== 0) err = 1;
        const term = tag & 0x7fffffff;
        if (term !== 0) tf[t0 + term - 1]!++;
        break;
      }
      slot = (slot + 1) & (LEX_SIZE - 1);
    }
    if (errors && err === 0 && wl >= 4) {
      // prefix "fail", suffixes "error" / "exception" (NotLeaderForPartitionException, TypeError)
      if (lower(buf[ws]!) === 0x66 && lower(buf[ws + 1]!) === 0x61 && lower(buf[ws + 2]!) === 0x69 && lower(buf[ws + 3]!) === 0x6c) err = 1;
      else if (wl > 5 && endsWithLower(buf, i, ERR_SUFFIX)) err = 1;
      else if (wl > 9 && endsWithLower(buf, i, EXC_SUFFIX)) err = 1;
    }
  }
  return errors && err !== 0 ? (count | 0x80000000) >>> 0 : count;
}
const ERR_SUFFIX = new TextEncoder().encode("error");
const EXC_SUFFIX = new TextEncoder().encode("exception");

function endsWithLower(buf: Uint8Array, end: number, suffix: Uint8Array): boolean {
  const s = end - suffix.length;
  for (let k = 0; k < suffix.length; k++) if (lower(buf[s + k]!) !== suffix[k]) return false;
  return true;
}

function sameLower(buf: Uint8Array, s: number, pat: Uint8Array, off: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (lower(buf[s + k]!) !== pat[off + k]) return false;
  return true;
}
