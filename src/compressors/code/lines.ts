/**
 * Line geometry of a text: where each line starts and ends (UTF-16 offsets), and which line an
 * offset falls on. Built once per text in one linear pass.
 * @module
 */

/** Line starts and lookups over one text. */
export class LineIndex {
  /** Offset of the first character of each line (0-based rows). */
  readonly starts: Uint32Array;
  /** `"\r\n"` when the text uses CRLF line ends, else `"\n"`. */
  readonly eol: string;

  constructor(readonly text: string) {
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const starts = new Uint32Array(n);
    let row = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts[row++] = i + 1;
    this.starts = starts;
    const nl = text.indexOf("\n");
    this.eol = nl > 0 && text.charCodeAt(nl - 1) === 13 ? "\r\n" : "\n";
  }

  /** Number of lines. */
  get count(): number {
    return this.starts.length;
  }

  /** The 0-based row holding `offset`. */
  rowOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Offset where `row` starts. */
  start(row: number): number {
    return this.starts[row]!;
  }

  /** Offset where `row` ends, before its `"\n"` or `"\r\n"`. */
  end(row: number): number {
    let e = row + 1 < this.starts.length ? this.starts[row + 1]! - 1 : this.text.length;
    if (e > this.starts[row]! && this.text.charCodeAt(e - 1) === 13 && e < this.text.length) e--;
    return e;
  }

  /** The text of `row`, without its line end. */
  line(row: number): string {
    return this.text.slice(this.start(row), this.end(row));
  }

  /** True when only spaces or tabs precede `offset` on its line. */
  startsLine(offset: number): boolean {
    for (let i = offset - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** True when only spaces, tabs or `"\r"` follow `offset` up to the line end. */
  endsLine(offset: number): boolean {
    for (let i = offset; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }
}
