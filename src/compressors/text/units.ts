/**
 * The units the extractive path keeps or drops: sentences of prose paragraphs and quotes, whole
 * list items, whole code fences and tables rows, and single lines of line-oriented text (tool
 * output, tracebacks, pip listings pasted into a transcript), cut into chunks when endless. Headings are not units: they are
 * the document's map and are kept by structure (see select.ts). Each unit says which lines must
 * be kept with it (a table's head, a fence's opening and closing lines, the item it is nested in).
 * @module
 */
import type { Block } from "./blocks.js";
import { configKinds } from "./config.js";
import { lineAt, type LineTable } from "./lines.js";
import { chunkSpans, MAX_SENTENCE, splitSentences } from "./sentences.js";

/** Kinds of unit. */
export type UnitKind = "sentence" | "chunk" | "line" | "item" | "fence" | "row" | "comment" | "linkdef";

/** One unit: the characters `[start, end)`, on lines `first..last`, of block `block`. */
export interface Unit {
  kind: UnitKind;
  start: number;
  end: number;
  first: number;
  last: number;
  block: number;
  /** Line spans `[first, last, first, last, …]` that must be kept along with this unit. */
  frame?: number[];
}

/** Blocks up to this many lines are kept or dropped whole (a code fence, a list item, a comment). */
export const ATOMIC_LINES = 80;
// How many lines up an indented output line looks for the line it belongs to.
const OWNER_LOOKBACK = 8;
/** Indented continuation lines a bullet line brings along, at most. */
export const BULLET_CONTINUATION = 8;
// A bullet or enumerator at the start of a line: `-`, `*`, `+`, `•`, `◦`, `‣`, `▪`, `–`, `o`, `1.`, `2)`, `a)`, `(iv)`.
const BULLET = /^\s*(?:>\s*)*(?:[-*+•◦‣▪·–—o]|\d{1,3}[.)]|[a-z][.)]|\([a-z0-9]{1,4}\))\s+\S/;

/**
 * Indentation of a line: its leading blanks, or inside a block quote the blanks after the quote
 * marks (`> `); -1 for a blank line.
 */
function indentAfterQuote(text: string, start: number, end: number): number {
  let c = start;
  while (c < end && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9)) c++;
  if (c < end && text.charCodeAt(c) !== 62) return c - start;
  while (c < end && text.charCodeAt(c) === 62) {
    c++;
    if (text.charCodeAt(c) === 32) c++;
  }
  const from = c;
  while (c < end && (text.charCodeAt(c) === 32 || text.charCodeAt(c) === 9)) c++;
  return c === end ? -1 : c - from;
}

// Lines of a block read to judge whether it is prose.
const PROSE_SAMPLE = 400;
/** List items up to this many characters are one unit; longer ones are split like paragraphs. */
const ATOMIC_ITEM_CHARS = 4_000;

/**
 * True when one line reads as prose: several words, mostly letters, few code symbols.
 * @example proseLine("curl is the name of the project.") // true
 */
export function proseLine(s: string): boolean {
  let letters = 0;
  let symbols = 0;
  let other = 0;
  let wordsN = 0;
  let run = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c >= 0xc0;
    if (letter) {
      letters++;
      run++;
      continue;
    }
    if (run >= 2) wordsN++;
    run = 0;
    if (c === 32 || c === 9 || c === 13) continue;
    if (c === 62 && i < 4) continue; // the ">" of a quote
    if ("/\\_=<>(){}[]|#@$%^&*+~;\"".includes(s[i]!)) symbols++;
    else other++;
  }
  const nonSpace = letters + symbols + other;
  return wordsN >= 4 && letters >= 0.7 * nonSpace && symbols <= 0.1 * nonSpace;
}

/**
 * True when a run of lines reads as prose (most lines are prose lines; a wrapped paragraph's short
 * last line does not count against it) rather than as line-oriented output: paths, `pkg==1.2`,
 * tracebacks, listings.
 * @example proseLike(["This is a sentence about curl and more.", "It wraps."]) // true
 */
export function proseLike(lines: readonly string[]): boolean {
  let prose = 0;
  let nonBlank = 0;
  for (let k = 0; k < lines.length; k++) {
    if (/^\s*$/.test(lines[k]!)) continue;
    nonBlank++;
    if (proseLine(lines[k]!)) prose++;
    else if (k === lines.length - 1 && k > 0 && proseLine(lines[k - 1]!)) prose++;
  }
  return nonBlank > 0 && prose >= 0.6 * nonBlank;
}

/**
 * Builds the units of every block.
 * @returns units in document order
 */
export function buildUnits(text: string, lines: LineTable, blocks: readonly Block[]): Unit[] {
  const units: Unit[] = [];
  // a configuration file is read line by line: a setting is a line, whatever comments wrap it
  const config = configKinds(text, lines) !== undefined;
  // a long block is judged on an even sample of its lines (same answer, bounded work)
  const prose = (b: Block) => {
    const ls: string[] = [];
    const n = b.last - b.first + 1;
    const step = Math.max(1, Math.floor(n / PROSE_SAMPLE));
    for (let i = b.first; i <= b.last; i += step) ls.push(lineAt(text, lines, i));
    if (step > 1 && (n - 1) % step !== 0) ls.push(lineAt(text, lines, b.last));
    return proseLike(ls);
  };
  // An indented line of output belongs to the less indented line above it (`    # via x` to
  // `pkg==1.2`, a frame's source line to its `File …` line): that line comes along as its frame.
  const perLine = (bi: number, first: number, last: number, kind: UnitKind, frame?: number[]) => {
    const indents: number[] = []; // indent of recent non-blank lines, as [line, indent] pairs
    for (let i = first; i <= last; i++) {
      const ind = indentAfterQuote(text, lines.starts[i]!, lines.ends[i]!);
      if (ind < 0) continue;
      let f = frame;
      if (ind > 0) {
        for (let k = indents.length - 2; k >= 0 && k >= indents.length - 2 * OWNER_LOOKBACK; k -= 2) {
          if (indents[k + 1]! < ind) { f = [...(frame ?? []), indents[k]!, indents[k]!]; break; }
        }
      }
      // a bullet brings its wrapped continuation: the lines below indented deeper than its marker
      // that are not bullets themselves (a nested bullet is a unit of its own)
      const cont = bulletContinuation(i, ind, last);
      if (cont > i) f = [...(f ?? []), i + 1, cont];
      indents.push(i, ind);
      if (indents.length > 4 * OWNER_LOOKBACK) indents.splice(0, 2);
      if (lines.ends[i]! - lines.starts[i]! > MAX_SENTENCE) {
        // an endless line (minified code, a serialized blob): its chunks are the units
        for (const [s, e] of chunkSpans(text, lines.starts[i]!, lines.ends[i]!)) units.push({ kind: "chunk", start: s, end: e, first: i, last: i, block: bi, frame: f });
      } else units.push({ kind, start: lines.starts[i]!, end: lines.ends[i]!, first: i, last: i, block: bi, frame: f });
    }
  };
  // The last continuation line of bullet line i (indent `ind`), or i when it is no bullet or has none.
  const bulletContinuation = (i: number, ind: number, last: number): number => {
    if (lines.ends[i]! - lines.starts[i]! > MAX_SENTENCE || !BULLET.test(lineAt(text, lines, i))) return i;
    let end = i;
    for (let j = i + 1; j <= last && j - i <= BULLET_CONTINUATION; j++) {
      const jInd = indentAfterQuote(text, lines.starts[j]!, lines.ends[j]!);
      if (jInd <= ind) break; // blank (-1), or back at the bullet's level
      if (lines.ends[j]! - lines.starts[j]! <= MAX_SENTENCE && BULLET.test(lineAt(text, lines, j))) break;
      end = j;
    }
    return end;
  };
  const sentences = (bi: number, b: Block, frame?: number[]) => {
    let line = b.first;
    for (const [s, e] of splitSentences(text, lines.starts[b.first]!, lines.ends[b.last]!)) {
      while (line < b.last && lines.ends[line]! < s) line++;
      let last = line;
      while (last < b.last && lines.starts[last + 1]! < e) last++;
      units.push({ kind: "sentence", start: s, end: e, first: line, last, block: bi, frame });
      line = last;
    }
  };
  const whole = (bi: number, b: Block, kind: UnitKind, frame?: number[]) =>
    units.push({ kind, start: lines.starts[b.first]!, end: lines.ends[b.last]!, first: b.first, last: b.last, block: bi, frame });

  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi]!;
    const nLines = b.last - b.first + 1;
    // a nested item needs the item it is nested in (its own lines only, up the chain)
    const parentFrame = (): number[] | undefined => {
      const f: number[] = [];
      for (let p = b.itemParent; p >= 0; p = blocks[p]!.itemParent) f.push(blocks[p]!.first, blocks[p]!.last);
      return f.length ? f : undefined;
    };
    switch (b.kind) {
      case "heading":
      case "rule":
        break;
      case "paragraph":
      case "quote":
        if (!config && prose(b)) sentences(bi, b);
        else perLine(bi, b.first, b.last, "line");
        break;
      case "item": {
        const frame = parentFrame();
        if (lines.ends[b.last]! - lines.starts[b.first]! <= ATOMIC_ITEM_CHARS) whole(bi, b, "item", frame);
        else if (prose(b)) sentences(bi, b, frame);
        else perLine(bi, b.first, b.last, "line", frame);
        break;
      }
      case "fence":
      case "code":
        if (nLines <= ATOMIC_LINES) whole(bi, b, "fence");
        else if (b.kind === "fence") perLine(bi, b.first + 1, b.last - 1, "line", [b.first, b.first, b.last, b.last]);
        else perLine(bi, b.first, b.last, "line");
        break;
      case "table":
        // the head row and the delimiter row go with any kept row
        if (nLines <= 2) whole(bi, b, "row");
        else perLine(bi, b.first + 2, b.last, "row", [b.first, b.first + 1]);
        break;
      case "comment":
        if (nLines <= ATOMIC_LINES) whole(bi, b, "comment");
        else perLine(bi, b.first, b.last, "line");
        break;
      case "linkdef":
        whole(bi, b, "linkdef");
        break;
    }
  }
  return units;
}
