/**
 * A small, forgiving markdown block parser: headings (ATX and setext; in plain text also titles
 * framed by rule lines and underlined by `~~~`/`^^^`, numbered ones too), paragraphs, list items,
 * fenced and indented code, tables, block quotes, HTML comments, link reference definitions and
 * thematic breaks, each with its line span and its enclosing heading. It never throws and never
 * looks back more than one line, so it is linear; unclosed fences and comments degrade to text.
 * @module
 */
import { lineAt, type LineTable } from "./lines.js";

/** What a block is. Blank lines belong to no block. */
export type BlockKind = "heading" | "paragraph" | "item" | "fence" | "code" | "table" | "quote" | "comment" | "linkdef" | "rule";

/** One block: lines `first..last` (inclusive) of the text. */
export interface Block {
  kind: BlockKind;
  first: number;
  last: number;
  /** Heading level 1–6; for a list item its marker's indent column; else 0. */
  level: number;
  /** The enclosing heading block (index into the block array), or -1. For a heading: its parent heading. */
  parent: number;
  /** For a nested list item: the item it is nested in, or -1. */
  itemParent: number;
}

// A fence may close only this far below its opening line; beyond, the opening line is plain text
// (so one stray ``` cannot make a million-line document quadratic or swallow it whole).
const MAX_FENCE_LINES = 20_000;
const MAX_COMMENT_LINES = 2_000;

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
// Plain-text underlines beyond markdown's (reStructuredText `~~~`, `^^^`, `"""`, `***`, `+++`): level 3.
const UNDERLINE_MORE = /^ {0,3}(~{3,}|\^{3,}|"{3,}|\*{3,}|\+{3,})[ \t]*$/;
// A frame line: one character repeated, above and below a plain-text title (`=====` / `-----`).
const FRAME_LINE = /^\s*([=\-~*#_+^])\1{2,}\s*$/;
/** Longest line read as a framed or underlined title. */
const MAX_TITLE = 120;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LINKDEF = /^ {0,3}\[[^\]]{1,200}\]:[ \t]*\S/;
const QUOTE = /^ {0,3}>/;
const ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const TABLE_DELIM = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const BLANK = /^\s*$/;

const indentOf = (s: string) => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) n++;
    else if (c === 9) n += 4 - (n % 4);
    else break;
  }
  return n;
};

/** The heading text of an ATX line without its `#` marks, or `null` when it is not a heading. */
export function atxText(line: string): { level: number; text: string } | null {
  const m = ATX.exec(line);
  if (!m) return null;
  const text = (m[2] ?? "").replace(/[ \t]+#+$/, "").replace(/^#+$/, "").trim();
  return text ? { level: m[1]!.length, text } : null;
}

/**
 * Splits a text into blocks.
 * @example parseBlocks(t, lineTable(t)).map((b) => b.kind) // ["heading", "paragraph", "item", …]
 */
export function parseBlocks(text: string, lines: LineTable): Block[] {
  const n = lines.n;
  const line = (i: number) => lineAt(text, lines, i);
  const blank = (i: number) => BLANK.test(line(i));
  const blocks: Block[] = [];
  const headings: number[] = []; // the open heading chain (block indices)
  const items: number[] = []; // the open list items (block indices), by indent
  let prevBlank = true;
  const add = (kind: BlockKind, first: number, last: number, level = 0): Block => {
    let parent = headings.length > 0 ? headings[headings.length - 1]! : -1;
    if (kind === "heading") {
      while (headings.length > 0 && blocks[headings[headings.length - 1]!]!.level >= level) headings.pop();
      parent = headings.length > 0 ? headings[headings.length - 1]! : -1;
      headings.push(blocks.length);
    }
    let itemParent = -1;
    if (kind === "item") {
      while (items.length > 0 && blocks[items[items.length - 1]!]!.level >= level) items.pop();
      itemParent = items.length > 0 ? items[items.length - 1]! : -1;
      items.push(blocks.length);
    } else if (kind !== "fence" && kind !== "code" && kind !== "linkdef") items.length = 0;
    const b: Block = { kind, first, last, level, parent, itemParent };
    blocks.push(b);
    return b;
  };
  const prevKind = () => (blocks.length > 0 ? blocks[blocks.length - 1]!.kind : null);
  // Where a fence opened at line i closes, or -1.
  const fenceEnd = (i: number): number => {
    const m = FENCE.exec(line(i));
    if (!m) return -1;
    const mark = m[2]!;
    if (mark[0] === "`" && m[3]!.includes("`")) return -1;
    const close = new RegExp(`^\\s*${mark[0] === "`" ? "`" : "~"}{${mark.length},}\\s*$`);
    const stop = Math.min(n - 1, i + MAX_FENCE_LINES);
    for (let j = i + 1; j <= stop; j++) if (close.test(line(j))) return j;
    return -1;
  };
  const commentEnd = (i: number): number => {
    const s = line(i);
    const open = s.indexOf("<!--");
    if (s.indexOf("-->", open + 4) >= 0) return i;
    const stop = Math.min(n - 1, i + MAX_COMMENT_LINES);
    for (let j = i + 1; j <= stop; j++) if (line(j).includes("-->")) return j;
    return -1;
  };
  // Level of a framed title opening at line i (1 for `=`, `#`, `*` frames, 2 for others), or 0.
  const framedLevel = (i: number): number => {
    if (i + 2 >= n) return 0;
    const top = FRAME_LINE.exec(line(i));
    if (!top) return 0;
    const mid = line(i + 1);
    const bottom = FRAME_LINE.exec(line(i + 2));
    if (!bottom || bottom[1] !== top[1] || BLANK.test(mid) || mid.length > MAX_TITLE || FRAME_LINE.test(mid)) return 0;
    return "=#*".includes(top[1]!) ? 1 : 2;
  };
  // Level of a title at line i underlined by line i + 1 (setext `===` 1, `---` 2; other marks 3), or 0.
  const underlineLevel = (i: number): number => {
    if (i + 1 >= n) return 0;
    const u = line(i + 1);
    const s = line(i);
    if (s.length > MAX_TITLE && !SETEXT.test(u)) return 0;
    if (SETEXT.test(u)) return u.trim()[0] === "=" ? 1 : 2;
    return UNDERLINE_MORE.test(u) ? 3 : 0;
  };
  // Once a framed title was seen, underlined titles sit below the framed ones: release notes
  // frame each release (`====` above and below) and underline its sections (`Bug fixes` / `===`),
  // so a hit in a section keeps the release it belongs to in its heading chain.
  let framedSeen = false;
  const belowFrames = (level: number) => (framedSeen ? Math.min(6, level + 2) : level);
  const startsBlock = (i: number): boolean => {
    const s = line(i);
    return QUOTE.test(s) || (FENCE.test(s) && fenceEnd(i) >= 0) || /^ {0,3}[-*+][ \t]+\S/.test(s);
  };

  let i = 0;
  while (i < n) {
    const s = line(i);
    if (BLANK.test(s)) {
      prevBlank = true;
      i++;
      continue;
    }
    const afterBreak = prevBlank || i === 0 || (prevKind() !== null && prevKind() !== "paragraph" && prevKind() !== "quote" && prevKind() !== "item");
    prevBlank = false;
    let end: number;
    // a plain-text title framed by rule lines: `=====` / `Title` / `=====` (same character)
    const framed = framedLevel(i);
    if (framed > 0) {
      framedSeen = true;
      add("heading", i, i + 2, framed);
      i += 3;
      continue;
    }
    if (FENCE.test(s) && (end = fenceEnd(i)) >= 0) {
      add("fence", i, end);
      i = end + 1;
      continue;
    }
    if (/^ {0,3}<!--/.test(s) && (end = commentEnd(i)) >= 0) {
      add("comment", i, end);
      i = end + 1;
      continue;
    }
    const h = afterBreak ? atxText(s) : null;
    if (h) {
      add("heading", i, i, h.level);
      i++;
      continue;
    }
    if (afterBreak && RULE.test(s)) {
      add("rule", i, i);
      i++;
      continue;
    }
    if (LINKDEF.test(s)) {
      add("linkdef", i, i);
      i++;
      continue;
    }
    if (i + 1 < n && s.includes("|") && TABLE_DELIM.test(line(i + 1)) && line(i + 1).includes("|")) {
      let j = i + 2;
      while (j < n && !blank(j) && line(j).includes("|")) j++;
      add("table", i, j - 1);
      i = j;
      continue;
    }
    if (QUOTE.test(s)) {
      let j = i + 1;
      while (j < n && QUOTE.test(line(j))) j++;
      add("quote", i, j - 1);
      i = j;
      continue;
    }
    const item = ITEM.exec(s);
    // a numbered title underlined as long as itself is a heading, not a list item
    if (item && /\d/.test(item[2]!) && underlineLevel(i) > 0 && line(i + 1).trim().length >= Math.min(3, s.trim().length) && line(i + 1).trim().length >= 0.5 * s.trim().length) {
      add("heading", i, i + 1, belowFrames(underlineLevel(i)));
      i += 2;
      continue;
    }
    if (item && !(RULE.test(s) && !/\d/.test(item[2]!))) {
      const indent = indentOf(item[1]!);
      const pad = item[3]!.length;
      const content = indent + item[2]!.length + (pad === 0 || pad > 4 ? 1 : pad);
      let j = i + 1;
      while (j < n) {
        const t = line(j);
        if (BLANK.test(t)) {
          // A blank line continues the item only when the next text is indented into it.
          let k = j + 1;
          while (k < n && blank(k)) k++;
          if (k < n && indentOf(line(k)) >= content && !ITEM.test(line(k))) { j = k; continue; }
          break;
        }
        if (ITEM.test(t) || QUOTE.test(t) || (indentOf(t) < content && atxText(t) !== null)) break;
        if (FENCE.test(t)) {
          const e = fenceEnd(j);
          if (e >= 0) { j = e + 1; continue; }
        }
        j++;
      }
      add("item", i, j - 1, indent);
      i = j;
      continue;
    }
    if (afterBreak && prevKind() !== "item" && indentOf(s) >= 4) {
      let j = i + 1;
      let last = i;
      while (j < n && (blank(j) || indentOf(line(j)) >= 4)) {
        if (!blank(j)) last = j;
        j++;
      }
      add("code", i, last);
      i = last + 1;
      continue;
    }
    // A paragraph; a single line underlined by === or --- is a setext heading (~~~, ^^^ … too).
    const under = ITEM.test(s) ? 0 : underlineLevel(i);
    if (under > 0) {
      add("heading", i, i + 1, belowFrames(under));
      i += 2;
      continue;
    }
    let j = i + 1;
    // a paragraph ends where a framed title starts
    while (j < n && !blank(j) && !startsBlock(j) && framedLevel(j) === 0) j++;
    add("paragraph", i, j - 1);
    i = j;
  }
  return blocks;
}

/** The heading's text (ATX marks or the setext underline removed). */
export function headingText(text: string, lines: LineTable, b: Block): string {
  const first = lineAt(text, lines, b.first);
  // a framed title: the line between the frame lines
  if (b.last - b.first === 2 && FRAME_LINE.test(first)) return lineAt(text, lines, b.first + 1).trim();
  return b.last > b.first ? first.trim() : (atxText(first)?.text ?? first.trim());
}
