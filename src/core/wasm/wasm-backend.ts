/**
 * The WASM core as a `CoreBackend`. One input lives in the arena at a time: `load` resets the
 * arena and encodes the text straight into it (`encodeInto`, no intermediate copy); the tape and
 * the walk's buffers are allocated after it and stay until the next `load`. Views are taken
 * fresh on every call because memory may grow.
 * @module
 */
import type { CoreBackend, JsonScan, StatsOut } from "../backend.js";
import { statsBuffers } from "../backend.js";
import { Info, Limits, Status } from "../codes.js";
import { coreExports, type CoreExports } from "./instance.js";

interface JsonExports extends CoreExports {
  scanJson(inPtr: number, len: number, tapePtr: number, tapeCap: number, stackPtr: number, maxDepth: number, infoPtr: number): number;
  minifyRange(inPtr: number, start: number, end: number, outPtr: number): number;
  hashBytes(ptr: number, len: number, seed: number, outPtr: number): void;
  collectionStats(...args: number[]): number;
  countLines(ptr: number, len: number): number;
  hashLines(ptr: number, len: number, masked: number, seed: number, outPtr: number, scratchPtr: number): number;
  simhash64(ptr: number, len: number, shingle: number, scratchPtr: number, outPtr: number): number;
}

const encoder = new TextEncoder();

/** Creates the WASM backend (instantiates the core once per realm). */
export function createWasmBackend(): CoreBackend {
  const ex = coreExports() as JsonExports;
  let inPtr = 0;
  let len = 0;
  let tapePtr = 0;
  let tapeWords = 0;
  const must = (p: number) => {
    if (p === 0) throw new RangeError("[tokenfold] [core] out of wasm memory");
    return p;
  };
  const u8 = () => new Uint8Array(ex.memory.buffer);
  return {
    name: "wasm",
    load(text) {
      // One byte per character fits ASCII; otherwise retry with the UTF-8 worst case (3 per unit).
      for (const perChar of [1, 3]) {
        ex.reset();
        const cap = text.length * perChar;
        inPtr = must(ex.alloc(cap));
        const r = encoder.encodeInto(text, new Uint8Array(ex.memory.buffer, inPtr, cap));
        if (r.read === text.length) {
          len = r.written;
          break;
        }
      }
      tapePtr = 0;
      tapeWords = 0;
      return len;
    },
    bytes: () => new Uint8Array(ex.memory.buffer, inPtr, len),
    tape: () => new Uint32Array(ex.memory.buffer, tapePtr, tapeWords),
    scanJson(maxDepth): JsonScan {
      const infoPtr = must(ex.alloc(Info.SIZE * 4));
      const stackPtr = must(ex.alloc(Math.min(maxDepth, len + 1) * 4));
      // Real JSON needs one entry per 8–500 bytes (corpus); retry once at the worst case (2 bytes).
      let cap = (len >>> 3) + 64;
      for (;;) {
        tapePtr = must(ex.alloc(cap * 16));
        const n = ex.scanJson(inPtr, len, tapePtr, cap, stackPtr, maxDepth, infoPtr);
        if (n === -Status.TAPE_FULL && cap < (len >>> 1) + 2) {
          cap = (len >>> 1) + 2;
          continue;
        }
        tapeWords = n > 0 ? n * 4 : 0;
        const info = new Uint32Array(ex.memory.buffer, infoPtr, Info.SIZE).slice();
        return { n, errorOffset: info[Info.ERROR_OFFSET]!, info };
      }
    },
    collectionStats(coll, nItems, termBytes, terms, nTerms): StatsOut {
      const out = statsBuffers(nItems, nTerms, { fields: 0, values: 0 });
      const fieldBytes = Limits.MAX_FIELDS * 64;
      const numBytes = Limits.MAX_FIELDS * 32;
      const valueBytes = Limits.MAX_VALUES * 20;
      const tbPtr = must(ex.alloc(termBytes.length + 1));
      const tPtr = must(ex.alloc(terms.length * 4 + 4));
      u8().set(termBytes, tbPtr);
      new Uint32Array(ex.memory.buffer, tPtr, terms.length).set(terms);
      const itemsPtr = must(ex.alloc(out.items.byteLength));
      const tfPtr = must(ex.alloc(out.tf.byteLength));
      const fieldsPtr = must(ex.alloc(fieldBytes));
      const numsPtr = must(ex.alloc(numBytes));
      const valuesPtr = must(ex.alloc(valueBytes));
      const countsPtr = must(ex.alloc(8));
      // the arena is reused: clear what the walk may leave unwritten, as fresh twin arrays are
      u8().fill(0, fieldsPtr, fieldsPtr + fieldBytes);
      u8().fill(0, valuesPtr, valuesPtr + valueBytes);
      const n = ex.collectionStats(inPtr, tapePtr, coll, tbPtr, tPtr, nTerms, itemsPtr, tfPtr, fieldsPtr, numsPtr, valuesPtr, countsPtr) >>> 0;
      if (n === 0xffffffff) throw new RangeError("[tokenfold] [core] out of wasm memory");
      const b = ex.memory.buffer;
      out.items.set(new Uint32Array(b, itemsPtr, out.items.length));
      out.tf.set(new Uint32Array(b, tfPtr, out.tf.length));
      out.counts.set(new Uint32Array(b, countsPtr, 2));
      // sized to what the walk wrote: readers never look past counts[0] fields / counts[1] values
      out.fields = new Uint32Array(b, fieldsPtr, out.counts[0]! * 16).slice();
      out.fieldNums = new Float64Array(b, numsPtr, out.counts[0]! * 4).slice();
      out.values = new Uint32Array(b, valuesPtr, out.counts[1]! * 5).slice();
      return out;
    },
    minify(start, end) {
      const outPtr = must(ex.alloc(end - start));
      const n = ex.minifyRange(inPtr, start, end, outPtr);
      return new Uint8Array(ex.memory.buffer, outPtr, n);
    },
    hashInput(seed) {
      const outPtr = must(ex.alloc(8));
      ex.hashBytes(inPtr, len, seed, outPtr);
      const h = new Uint32Array(ex.memory.buffer, outPtr, 2);
      return [h[0]!, h[1]!];
    },
    lines(masked, seed) {
      const n = ex.countLines(inPtr, len) >>> 0;
      const outPtr = must(ex.alloc(n * 16 + 4));
      const scratchPtr = masked ? must(ex.alloc(len + 1)) : 0;
      const got = ex.hashLines(inPtr, len, masked ? 1 : 0, seed, outPtr, scratchPtr) >>> 0;
      return { n: got, out: new Uint32Array(ex.memory.buffer, outPtr, got * 4).slice() };
    },
    simhash(shingle) {
      const outPtr = must(ex.alloc(8));
      const scratchPtr = must(ex.alloc(256 + len));
      ex.simhash64(inPtr, len, shingle >>> 0, scratchPtr, outPtr);
      const h = new Uint32Array(ex.memory.buffer, outPtr, 2);
      return [h[0]!, h[1]!];
    },
  };
}
