/**
 * The TS twin as a `CoreBackend`: the fallback where WASM is unavailable, and the other half of
 * every equality test and benchmark.
 * @module
 */
import type { CoreBackend, JsonScan, StatsOut } from "../backend.js";
import { statsBuffers } from "../backend.js";
import { Info, Limits, Status } from "../codes.js";
import { collectionStats } from "./twin/collection-stats.js";
import { scanJson } from "./twin/json-scan.js";
import { minifyRange } from "./twin/json-minify.js";
import { xxh64 } from "./twin/xxhash64.js";
import { countLines, hashLines } from "./twin/line-hash.js";
import { simhash64 } from "../simhash.js";

const encoder = new TextEncoder();

/** Creates a twin backend (cheap; holds only the loaded input and the last tape). */
export function createTwinBackend(): CoreBackend {
  let bytes: Uint8Array = new Uint8Array(0);
  let tape: Uint32Array = new Uint32Array(0);
  return {
    name: "js",
    load(text) {
      bytes = encoder.encode(text);
      tape = new Uint32Array(0);
      return bytes.length;
    },
    bytes: () => bytes,
    tape: () => tape,
    scanJson(maxDepth): JsonScan {
      const info = new Uint32Array(Info.SIZE);
      const stack = new Uint32Array(Math.min(maxDepth, bytes.length + 1));
      // Real JSON needs one entry per 8–500 bytes (corpus); retry once at the worst case (2 bytes).
      let cap = (bytes.length >>> 3) + 64;
      for (;;) {
        tape = new Uint32Array(cap * 4);
        const n = scanJson(bytes, bytes.length, tape, cap, stack, maxDepth, info);
        if (n === -Status.TAPE_FULL && cap < (bytes.length >>> 1) + 2) {
          cap = (bytes.length >>> 1) + 2;
          continue;
        }
        tape = n > 0 ? tape.subarray(0, n * 4) : new Uint32Array(0);
        return { n, errorOffset: info[Info.ERROR_OFFSET]!, info };
      }
    },
    collectionStats(coll, nItems, termBytes, terms, nTerms): StatsOut {
      const out = statsBuffers(nItems, nTerms, { fields: Limits.MAX_FIELDS, values: Limits.MAX_VALUES });
      collectionStats(bytes, tape, coll, termBytes, terms, nTerms, out);
      return out;
    },
    minify(start, end) {
      const out = new Uint8Array(end - start);
      return out.subarray(0, minifyRange(bytes, start, end, out, 0));
    },
    hashInput(seed) {
      const out = new Uint32Array(2);
      xxh64(bytes, 0, bytes.length, seed, out, 0);
      return [out[0]!, out[1]!];
    },
    lines(masked, seed) {
      const out = new Uint32Array(countLines(bytes, bytes.length) * 4);
      const n = hashLines(bytes, bytes.length, masked, seed, out, masked ? new Uint8Array(bytes.length) : new Uint8Array(0));
      return { n, out };
    },
    simhash(shingle) {
      const out = new Uint32Array(2);
      simhash64(bytes, bytes.length, shingle >>> 0, out);
      return [out[0]!, out[1]!];
    },
  };
}
