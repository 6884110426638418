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
  /** Scan counters (see `Info`). */
  info: Uint32Array;
}

/**
 * One implementation of the core operations over one loaded input. Views returned by `bytes`,
 * `tape` and `minify` are valid until the next call on the backend (WASM memory may grow):
 * take them fresh after each call.
 */
export interface CoreBackend {
  readonly name: "wasm" | "js";
  /** Encodes `text` as UTF-8 straight into the backend's input buffer; returns the byte length. */
  load(text: string): number;
  /** The loaded input's UTF-8 bytes (a view). */
  bytes(): Uint8Array;
  /** Validates the input as JSON and builds its tape; nesting is capped at `maxDepth`. */
  scanJson(maxDepth: number): JsonScan;
  /** The last scan's tape, 4 u32 per entry (a view). */
  tape(): Uint32Array;
  /** Analyses one collection of the last scan (see collection-stats.ts). */
  collectionStats(coll: number, nItems: number, termBytes: Uint8Array, terms: Uint32Array, nTerms: number): StatsOut;
  /** Minified bytes of `[start, end)` of the input (a view). */
  minify(start: number, end: number): Uint8Array;
  /** XXH64 of the whole input with `seed`, as `[lo, hi]`. */
  hashInput(seed: number): [number, number];
  /**
   * Splits the loaded input into lines and hashes each (one batch call). Line i is
   * `out[4i..4i+3]` = byte start, byte end (without "\n" / "\r\n"), hash lo, hash hi. With
   * `masked`, runs of letters and digits that hold a digit hash as one `#` (log templates:
   * numbers, hex ids, UUIDs, IPs, timestamps), so lines that differ only there hash equal.
   * The returned array is a copy: it stays valid after later calls.
   */
  lines(masked: boolean, seed: number): { n: number; out: Uint32Array };
  /**
   * SimHash64 of the loaded input over shingles of `shingle` words (see assembly/simhash.ts),
   * as `[lo, hi]`; `[0, 0]` when the input has no words. Near-duplicates differ in few bits.
   */
  simhash(shingle: number): [number, number];
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
