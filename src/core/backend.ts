/**
 * The core seam: the same numeric operations from WASM or from the TS twin. Compressors talk to
 * this interface only; which implementation runs is the `engine` option.
 * @module
 */
import type { StatsOut } from "./wasm/twin/collection-stats.js";

export type { StatsOut };

/** Result of scanning the loaded input as JSON. */
export interface JsonScan {
  /** Entry count (≥ 1) or the negated `Status`. */
  n: number;
  /** Byte offset of the first error when `n < 0`. */
  errorOffset: number;
  /** 4 u32 per entry (see `TAPE_STRIDE`); a copy owned by the caller. */
  tape: Uint32Array;
  /** Scan counters (see `Info`). */
  info: Uint32Array;
}

/** One implementation of the core operations over one loaded input. */
export interface CoreBackend {
  readonly name: "wasm" | "js";
  /** Loads UTF-8 bytes as the current input (replacing any previous one). */
  load(bytes: Uint8Array): void;
  /** Validates the input as JSON and builds its tape; nesting is capped at `maxDepth`. */
  scanJson(maxDepth: number): JsonScan;
  /** Analyses one collection of the last scan (see collection-stats.ts). */
  collectionStats(coll: number, nItems: number, termBytes: Uint8Array, terms: Uint32Array, nTerms: number): StatsOut;
  /** Minified bytes of `[start, end)` of the input (a copy). */
  minify(start: number, end: number): Uint8Array;
  /** XXH64 of the whole input with `seed`, as `[lo, hi]`. */
  hashInput(seed: number): [number, number];
}

/** Allocates the output buffers of a collection walk. */
export function statsBuffers(nItems: number, nTerms: number, limits: { fields: number; values: number }): StatsOut {
  return {
    items: new Uint32Array(nItems * 8),
    tf: new Uint32Array(Math.max(1, nItems * nTerms)),
    fields: new Uint32Array(limits.fields * 16),
    fieldNums: new Float64Array(limits.fields * 4),
    values: new Uint32Array(limits.values * 5),
    counts: new Uint32Array(2),
  };
}
