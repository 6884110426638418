/**
 * Calls the core's JSON exports (scanJson, minifyRange, collectionStats) on JS arrays: copy the
 * inputs into the arena, one call, copy the results out, reset. Mirrors the twins in twin/ and
 * returns the same arrays they fill. Views of `memory.buffer` are made after each call, because
 * `alloc` (and collectionStats' own scratch) may grow memory, which detaches earlier views.
 * Simple on purpose: this is the reference path for tests; the engine backend batches its calls.
 * @module
 */
import { Field, FieldNum, Info, Item, Limits, TAPE_STRIDE, Term, Value } from "../codes.js";
import type { CoreExports } from "./instance.js";
import type { StatsOut } from "./twin/collection-stats.js";

type ScanJson = (inPtr: number, len: number, tapePtr: number, tapeCap: number, stackPtr: number, maxDepth: number, infoPtr: number) => number;
type MinifyRange = (inPtr: number, start: number, end: number, outPtr: number) => number;
type CollectionStats = (
  inPtr: number, tapePtr: number, coll: number, termBytesPtr: number, termsPtr: number, nTerms: number,
  itemsPtr: number, tfPtr: number, fieldsPtr: number, fieldNumsPtr: number, valuesPtr: number, countsPtr: number,
) => number;

// alloc returns 0 when memory cannot grow; callers get an exception only here, at the boundary.
function allocOrThrow(ex: CoreExports, len: number): number {
  const ptr = ex.alloc(len);
  if (ptr === 0) throw new RangeError(`[tokenfold] [core] out of wasm memory for ${len} bytes`);
  return ptr;
}

function copyIn(ex: CoreExports, bytes: Uint8Array): number {
  const ptr = allocOrThrow(ex, bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

/**
 * Tape entries a valid document of `len` bytes can need at most: each entry owns at least one
 * byte (a container two) and every entry but a container's first child follows a ',' or ':',
 * so len ≥ 2n − 1.
 */
export function maxTapeEntries(len: number): number {
  return (len >>> 1) + 2;
}

/** Result of {@link wasmScanJson}. */
export interface ScanOut {
  /** Entry count, or a negated `Status`. */
  n: number;
  /** On success the n entries (n × TAPE_STRIDE words); on error the whole tape, zeroed before the call. */
  tape: Uint32Array;
  /** `Info.SIZE` counters (on error only `ERROR_OFFSET` is set). */
  info: Uint32Array;
}

/**
 * Scans `bytes` as JSON in the core (twin: `scanJson`).
 * @param tapeCap tape capacity in entries (default: enough for any valid document of this size)
 * @example
 * wasmScanJson(coreExports(), new TextEncoder().encode('{"a":1}'), 64).n; // 3
 */
export function wasmScanJson(ex: CoreExports, bytes: Uint8Array, maxDepth: number, tapeCap = maxTapeEntries(bytes.length)): ScanOut {
  try {
    const inPtr = copyIn(ex, bytes);
    const tapePtr = allocOrThrow(ex, tapeCap * TAPE_STRIDE * 4);
    const stackPtr = allocOrThrow(ex, maxDepth * 4);
    const infoPtr = allocOrThrow(ex, Info.SIZE * 4);
    new Uint32Array(ex.memory.buffer, tapePtr, tapeCap * TAPE_STRIDE).fill(0);
    const n = (ex.scanJson as ScanJson)(inPtr, bytes.length, tapePtr, tapeCap, stackPtr, maxDepth, infoPtr);
    const words = n >= 0 ? n * TAPE_STRIDE : tapeCap * TAPE_STRIDE;
    return {
      n,
      tape: new Uint32Array(ex.memory.buffer, tapePtr, words).slice(),
      info: new Uint32Array(ex.memory.buffer, infoPtr, Info.SIZE).slice(),
    };
  } finally {
    ex.reset();
  }
}

/**
 * Minifies `bytes[start, end)` in the core (twin: `minifyRange`).
 * @example
 * new TextDecoder().decode(wasmMinifyRange(coreExports(), new TextEncoder().encode('{ "a" : 1 }'), 0, 11)); // '{"a":1}'
 */
export function wasmMinifyRange(ex: CoreExports, bytes: Uint8Array, start: number, end: number): Uint8Array {
  try {
    const inPtr = copyIn(ex, bytes);
    const outPtr = allocOrThrow(ex, Math.max(0, end - start));
    const len = (ex.minifyRange as MinifyRange)(inPtr, start, end, outPtr);
    return new Uint8Array(ex.memory.buffer, outPtr, len).slice();
  } finally {
    ex.reset();
  }
}

/** Items of the collection at tape entry `coll` (children of an array, members of an object). */
export function collectionItemCount(tape: Uint32Array, coll: number): number {
  const isObject = (tape[coll * TAPE_STRIDE]! & 15) === 1;
  const end = tape[coll * TAPE_STRIDE + 3]!;
  let n = 0;
  for (let e = coll + 1; e < end; n++) {
    if (isObject) e++;
    e = tape[e * TAPE_STRIDE + 3]!;
  }
  return n;
}

/** Fresh, zeroed outputs of a collection walk over `nItems` items and `nTerms` terms. */
export function statsOut(nItems: number, nTerms: number): StatsOut {
  return {
    items: new Uint32Array(nItems * Item.STRIDE),
    tf: new Uint32Array(nItems * nTerms),
    fields: new Uint32Array(Limits.MAX_FIELDS * Field.STRIDE),
    fieldNums: new Float64Array(Limits.MAX_FIELDS * FieldNum.STRIDE),
    values: new Uint32Array(Limits.MAX_VALUES * Value.STRIDE),
    counts: new Uint32Array(2),
  };
}

/**
 * Collection stats in the core (twin: `collectionStats`). `tape` is the tape of `bytes` (from
 * either scanner). Returns the item count and the same arrays the twin fills, sized by
 * {@link statsOut}; words the walk does not write are 0, as in fresh twin arrays.
 * @example
 * const b = new TextEncoder().encode('[{"a":1},{"a":2}]');
 * const s = wasmScanJson(coreExports(), b, 64);
 * wasmCollectionStats(coreExports(), b, s.tape, 0, new Uint8Array(0), new Uint32Array(0), 0).n; // 2
 */
export function wasmCollectionStats(
  ex: CoreExports, bytes: Uint8Array, tape: Uint32Array, coll: number,
  termBytes: Uint8Array, terms: Uint32Array, nTerms: number,
): { n: number; out: StatsOut } {
  const out = statsOut(collectionItemCount(tape, coll), nTerms);
  try {
    const inPtr = copyIn(ex, bytes);
    const tapePtr = copyIn(ex, new Uint8Array(tape.buffer, tape.byteOffset, tape.byteLength));
    const termBytesPtr = copyIn(ex, termBytes);
    const termsPtr = copyIn(ex, new Uint8Array(terms.buffer, terms.byteOffset, nTerms * Term.STRIDE * 4));
    // outputs in the twin's order; zeroed, so that words the walk leaves alone read as in fresh arrays
    const arrays = [out.items, out.tf, out.fields, out.fieldNums, out.values, out.counts] as const;
    const ptrs = arrays.map((a) => allocOrThrow(ex, a.byteLength));
    arrays.forEach((a, i) => new Uint8Array(ex.memory.buffer, ptrs[i], a.byteLength).fill(0));
    const [itemsPtr, tfPtr, fieldsPtr, numsPtr, valuesPtr, countsPtr] = ptrs as [number, number, number, number, number, number];
    const n = (ex.collectionStats as CollectionStats)(inPtr, tapePtr, coll, termBytesPtr, termsPtr, nTerms, itemsPtr, tfPtr, fieldsPtr, numsPtr, valuesPtr, countsPtr) >>> 0;
    if (n === 0xffffffff) throw new RangeError("[tokenfold] [core] out of wasm memory for collection stats scratch");
    // fresh views: the walk's scratch may have grown memory
    const mem = ex.memory.buffer;
    arrays.forEach((a, i) => {
      if (a instanceof Float64Array) a.set(new Float64Array(mem, ptrs[i], a.length));
      else a.set(new Uint32Array(mem, ptrs[i], a.length));
    });
    return { n, out };
  } finally {
    ex.reset();
  }
}
