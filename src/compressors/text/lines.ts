/**
 * The line table of a text: where each line starts and ends (UTF-16 offsets, the end without its
 * `"\n"` or `"\r\n"`). Same line rule as the core's `backend.lines`: `"\n"` ends a line, a `"\r"`
 * right before it is not part of the line, and a final `"\n"` does not start an empty line.
 * @module
 */

/** Line offsets of one text. Line `i` is `text.slice(starts[i], ends[i])`. */
export interface LineTable {
  readonly n: number;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** `"\r\n"` when the first line break is CRLF, else `"\n"`: what the renderer joins with. */
  readonly newline: string;
}

/**
 * Splits a text into lines in one pass.
 * @example lineTable("a\r\nb\n").n // 2
 */
export function lineTable(text: string): LineTable {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  if (text.length > 0 && text.charCodeAt(text.length - 1) !== 10) n++;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let start = 0;
  for (let k = 0; k < n; k++) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    starts[k] = start;
    ends[k] = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    start = nl + 1;
  }
  const firstNl = text.indexOf("\n");
  const newline = firstNl > 0 && text.charCodeAt(firstNl - 1) === 13 ? "\r\n" : "\n";
  return { n, starts, ends, newline };
}

/** Line `i` of the table, without its line break. */
export function lineAt(text: string, t: LineTable, i: number): string {
  return text.slice(t.starts[i]!, t.ends[i]!);
}

/**
 * The line index holding UTF-16 offset `pos` (binary search).
 * @example lineOf(lineTable("a\nb"), 2) // 1
 */
export function lineOf(t: LineTable, pos: number): number {
  let lo = 0;
  let hi = t.n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
