/**
 * The log's lines as typed arrays: one `backend.lines(true, seed)` batch call gives every line's
 * byte span and masked-template hash; text is taken only for the few lines that are looked at or
 * kept (a substring of the original, which equals decoding those bytes, without the copy). No
 * per-line JS object is ever built, so a million-line log costs a few typed arrays.
 * @module
 */
import type { CoreBackend } from "../../core/backend.js";

/** Seed of the template hashes (any fixed value; fixed so that output is deterministic). */
export const TEMPLATE_SEED = 0x6c6f67; // "log"

/** Lines of the loaded input. */
export interface LineTable {
  /** Number of lines (a trailing "\n" adds no empty line). */
  readonly n: number;
  /** From the core: line i is `spans[4i..4i+3]` = byte start, byte end (no "\n"/"\r\n"), hash lo, hash hi. */
  readonly spans: Uint32Array;
  /** The input's UTF-8 bytes (a view into the backend; valid until the next backend call). */
  readonly bytes: Uint8Array;
  /** UTF-8 byte length of the whole input. */
  readonly totalBytes: number;
  /** True when every byte is ASCII (byte offsets then equal UTF-16 offsets). */
  readonly ascii: boolean;
  /** The text of line i, without its line ending. */
  text(i: number): string;
  /** Bytes of line i, without its line ending. */
  byteLength(i: number): number;
  /** The line holding UTF-16 offset `pos` of the original string. */
  lineAt(pos: number): number;
  /** UTF-16 offset where line i starts in the original string. */
  start16(i: number): number;
}

/**
 * Splits and hashes the loaded input (it must already be loaded into `backend`).
 * @param text the same text that is loaded into the backend
 * @param backend the core
 * @example
 * backend.load("a 1\na 2\n");
 * const t = lineTable("a 1\na 2\n", backend);
 * t.n; // 2 — and lines 0 and 1 share a template hash
 */
export function lineTable(text: string, backend: CoreBackend): LineTable {
  const { n, out: spans } = backend.lines(true, TEMPLATE_SEED);
  const bytes = backend.bytes(); // taken after lines(): the call may have grown wasm memory
  const ascii = bytes.length === text.length;
  // UTF-16 line starts: the byte starts when ASCII, else one pass over the bytes
  const starts = new Uint32Array(n + 1);
  if (ascii) {
    for (let i = 0; i < n; i++) starts[i] = spans[i * 4]!;
  } else {
    let u = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const s = spans[i * 4]!;
      for (; b < s; b++) {
        const c = bytes[b]!;
        if ((c & 0xc0) !== 0x80) u += c >= 0xf0 ? 2 : 1;
      }
      starts[i] = u;
    }
  }
  starts[n] = text.length;
  const end16 = (i: number) => {
    if (ascii) return spans[i * 4 + 1]!;
    // the line's end: its next start minus the line ending ("\n" or "\r\n") that separates them
    const sEnd = spans[i * 4 + 1]!;
    const gap = i + 1 < n ? spans[(i + 1) * 4]! - sEnd : bytes.length - sEnd;
    return starts[i + 1]! - gap;
  };
  return {
    n, spans, bytes, ascii, totalBytes: bytes.length,
    text(i) {
      if (ascii) return text.slice(spans[i * 4]!, spans[i * 4 + 1]!);
      return text.slice(starts[i]!, end16(i));
    },
    byteLength: (i) => spans[i * 4 + 1]! - spans[i * 4]!,
    lineAt(pos) {
      // last line whose start is <= pos
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
    start16: (i) => starts[i]!,
  };
}
