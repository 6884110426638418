/**
 * Parses grep / ripgrep output into per-line records without ever changing a line: which file
 * a line belongs to, its line number, whether it is a match, a context line, a `--` group
 * separator, a `--heading` path line, or a plain path of a file listing. Lines that fit none of
 * these are `Raw` and are kept verbatim by the compressor.
 *
 * Shapes handled (one per input, picked from a sample of its lines):
 * - `numbered`: `path:12:text`, `path:12:5:text` (column), `path-12-text` (context), `--`
 * - `heading`:  rg `--heading`: a path line, then `12:text` / `12-text`, a blank line between files;
 *               also `grep -n x file` (numbered lines of one file, whose path is then `""`)
 * - `colon`:    `path:text` (grep -r without -n)
 * - `listing`:  one path per line (`git ls-files`, `find`); also `ls -lR` (long-format blocks under
 *               `dir:` headers, lslong.ts), whose entries lsr.ts recasts as paths
 *
 * Paths may hold `:` or `-` (`C:\src\a.c`, `a-b/c-1.txt`): a line is split where the line-number
 * field is all digits, preferring the path seen on the previous line, then any path seen before,
 * then the most path-like prefix.
 * @module
 */

import { isLongRecursive, isLongTotal, longEntryName } from "./lslong.js";

/** What one input line is. */
export const enum Kind {
  Match = 0,
  Context = 1,
  Separator = 2,
  Heading = 3,
  Blank = 4,
  Path = 5,
  Raw = 6,
}

/** The overall shape of a search output. */
export type Shape = "numbered" | "heading" | "colon" | "listing";

/** Parsed search output: parallel per-line arrays plus the distinct file paths. */
export interface SearchParse {
  shape: Shape;
  /** The input lines, without their `\n` or trailing `\r`. */
  lines: string[];
  /** True when the input used `\r\n` line ends. */
  crlf: boolean;
  /** `Kind` per line. */
  kind: Uint8Array;
  /** Index into `paths` per line, or -1 (separators, blanks, raw lines). */
  file: Int32Array;
  /** Line number in the searched file, 0 when the line has none. */
  lineNo: Int32Array;
  /** UTF-16 offset in the line where the matched text starts (after `path:12:`). */
  textAt: Uint32Array;
  /** Distinct paths, in order of first appearance. */
  paths: string[];
  /** Matches (not context lines) per path; for listings, 1 per listed path. */
  matches: Uint32Array;
  /** True when the input holds `--` group separators (grep -A/-B/-C). */
  separators: boolean;
}

/** Lines sampled to recognise `ls -lR` output. */
const LONG_SAMPLE = 2000;
const COLON = 58;
const DASH = 45;
/** Paths are short; never scan further into a line for a `:12:` split. */
const MAX_PATH = 4096;

const isDigit = (c: number) => c >= 48 && c <= 57;
const EXT = /\.[A-Za-z0-9_+~-]{1,12}$/;
const SLASH = /[\\/]/;

/**
 * How much a string looks like a file path: -1 when it cannot be one (empty, starts with blank,
 * holds a tab, all digits), otherwise higher for an extension (+2) and a directory separator (+1),
 * lower when it holds spaces (-3).
 * @example pathRank("lib/http.c") // 3
 */
export function pathRank(p: string): number {
  if (p.length === 0 || p.length > MAX_PATH) return -1;
  const c0 = p.charCodeAt(0);
  if (c0 === 32 || c0 === 9 || p.includes("\t")) return -1;
  if (/^\d+$/.test(p)) return -1;
  let r = 0;
  if (EXT.test(p)) r += 2;
  if (SLASH.test(p)) r += 1;
  if (p.includes(" ")) r -= 3;
  return r;
}

/** One place a `path<sep>digits<sep>` split could be made. */
interface Split {
  pathEnd: number;
  sep: number;
  lineNo: number;
  textAt: number;
}

/** Every `:12:` / `-12-` split of a line within its first `MAX_PATH` characters. */
function numberedSplits(line: string): Split[] {
  const out: Split[] = [];
  const end = Math.min(line.length, MAX_PATH);
  for (let i = 1; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c !== COLON && c !== DASH) continue;
    let j = i + 1;
    while (j < line.length && isDigit(line.charCodeAt(j))) j++;
    if (j === i + 1 || j - i - 1 > 9 || line.charCodeAt(j) !== c) continue;
    out.push({ pathEnd: i, sep: c, lineNo: Number(line.slice(i + 1, j)), textAt: j + 1 });
    if (out.length >= 8) break;
  }
  return out;
}

/**
 * Picks the split whose prefix is the path: the previous line's path, else a path seen before,
 * else the most path-like prefix (a `:` split wins a tie over `-`, then the leftmost).
 */
function chooseSplit(line: string, splits: Split[], prev: string | undefined, known: Map<string, number>, minRank: number): Split | undefined {
  if (splits.length === 0) return undefined;
  for (const s of splits) if (line.slice(0, s.pathEnd) === prev) return s;
  for (const s of splits) if (known.has(line.slice(0, s.pathEnd))) return s;
  let best: Split | undefined;
  let bestRank = -Infinity;
  for (const s of splits) {
    const r = pathRank(line.slice(0, s.pathEnd));
    if (r < minRank) continue;
    const rank = r + (s.sep === COLON ? 1 : 0);
    if (rank > bestRank) { best = s; bestRank = rank; }
  }
  return best;
}

/** Positions of `:` that could end a path in a `path:text` line (a drive letter `C:\` is skipped). */
function colonSplit(line: string, prev: string | undefined, known: Map<string, number>, minRank: number): number {
  const end = Math.min(line.length, MAX_PATH);
  let first = -1;
  for (let i = 1; i < end; i++) {
    if (line.charCodeAt(i) !== COLON) continue;
    if (i === 1 && /[\\/]/.test(line.charAt(2))) continue; // C:\x or C:/x
    // `a.py::test_x` (pytest node ids, C++ / Rust paths) is a name, not `path:text`
    if (line.charCodeAt(i + 1) === COLON || line.charCodeAt(i - 1) === COLON) continue;
    const p = line.slice(0, i);
    if (p === prev || known.has(p)) return i;
    if (first < 0 && pathRank(p) >= minRank) first = i;
  }
  return first;
}

/** True for a line that can be a path on its own (a listing line). */
export function isBarePath(line: string): boolean {
  if (line.length === 0 || line.length > MAX_PATH || /\s/.test(line)) return false;
  const colon = line.indexOf(":");
  if (colon >= 0 && !(colon === 1 && /[\\/]/.test(line.charAt(2)))) return false;
  // Code, settings and prose tokens hold quotes, braces, `=` or `;`; paths practically never do.
  return /[A-Za-z0-9_]/.test(line) && !/^[-+#@*]/.test(line) && !/["'`{};=<>|]/.test(line);
}

const HEADING_LINE = /^(\d+)([:-])/;

/** Counts of how the sampled lines fit each shape. */
export interface ShapeStats {
  sampled: number;
  numbered: number;
  /** Numbered lines whose path has an extension or a directory separator. */
  numberedStrong: number;
  headingLines: number;
  headings: number;
  colon: number;
  /** `path:text` lines whose path holds a directory separator. */
  colonSlash: number;
  /** `path:N` lines (grep -c): a listing of files with counts, not of hits. */
  colonCount: number;
  bare: number;
  bareStrong: number;
  /** Bare paths whose file name has an extension (base64 and word lists have none). */
  bareExt: number;
}

/**
 * Samples up to `limit` non-blank lines and counts how many fit each shape.
 * @example shapeStats(["a/b.c:1:x", "a/b.c:2:y"]).numberedStrong // 2
 */
export function shapeStats(lines: readonly string[], limit = 2000): ShapeStats {
  const st: ShapeStats = { sampled: 0, numbered: 0, numberedStrong: 0, headingLines: 0, headings: 0, colon: 0, colonSlash: 0, colonCount: 0, bare: 0, bareStrong: 0, bareExt: 0 };
  const known = new Map<string, number>();
  let prev: string | undefined;
  let afterBlank = true;
  for (let i = 0; i < lines.length && st.sampled < limit; i++) {
    const line = lines[i]!;
    if (line.length === 0) { afterBlank = true; continue; }
    if (line === "--") { afterBlank = false; continue; }
    st.sampled++;
    if (HEADING_LINE.test(line)) st.headingLines++;
    else if (afterBlank && pathRank(line) >= 0) st.headings++;
    afterBlank = false;
    const s = chooseSplit(line, numberedSplits(line), prev, known, 0);
    if (s) {
      const p = line.slice(0, s.pathEnd);
      st.numbered++;
      if (pathRank(p) >= 1 || known.has(p)) st.numberedStrong++;
      known.set(p, 1);
      prev = p;
      continue;
    }
    if (isBarePath(line)) {
      st.bare++;
      if (pathRank(line) >= 1) st.bareStrong++;
      if (EXT.test(line) && !/[\\/]$/.test(line)) st.bareExt++;
      continue;
    }
    const c = colonSplit(line, prev, known, 1);
    if (c > 0) {
      st.colon++;
      prev = line.slice(0, c);
      if (SLASH.test(prev)) st.colonSlash++;
      if (/^\d+$/.test(line.slice(c + 1))) st.colonCount++;
      known.set(prev, 1);
    }
  }
  return st;
}

/** The shape the stats point to, or undefined when the text is not search output. */
export function shapeOf(st: ShapeStats): Shape | undefined {
  const n = st.sampled;
  if (n === 0) return undefined;
  if (st.headings >= 1 && st.headingLines >= 0.5 * n && st.headingLines + st.headings >= 0.8 * n) return "heading";
  // `grep -n x file` / `rg -n x file`: numbered lines of one unnamed file
  if (st.headings === 0 && st.headingLines >= 0.8 * n) return "heading";
  if (st.numbered >= 0.5 * n) return "numbered";
  if (st.bare >= 0.6 * n) return "listing";
  if (st.colon >= 0.5 * n) return st.colonCount >= 0.9 * st.colon ? "listing" : "colon";
  return undefined;
}

/** Splits a text into lines the way the core does: a final `\n` starts no empty line; `\r` before `\n` dropped. */
export function splitLines(text: string): { lines: string[]; crlf: boolean } {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let crlf = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) { lines[i] = l.slice(0, -1); crlf = true; }
  }
  return { lines, crlf };
}

/**
 * Parses search output. Returns undefined when it is not search output at all.
 * @example parse("src/a.py:3:def f():\nsrc/a.py:9:    f()\n")?.paths // ["src/a.py"]
 */
export function parse(text: string): SearchParse | undefined {
  const { lines, crlf } = splitLines(text);
  const long = isLongRecursive(lines.length > LONG_SAMPLE ? lines.slice(0, LONG_SAMPLE) : lines);
  const shape = long ? "listing" : shapeOf(shapeStats(lines));
  if (shape === undefined) return undefined;
  const n = lines.length;
  const kind = new Uint8Array(n).fill(Kind.Raw);
  const file = new Int32Array(n).fill(-1);
  const lineNo = new Int32Array(n);
  const textAt = new Uint32Array(n);
  const paths: string[] = [];
  const index = new Map<string, number>();
  const counts: number[] = [];
  let separators = false;
  const fileOf = (p: string) => {
    let k = index.get(p);
    if (k === undefined) { k = paths.length; index.set(p, k); paths.push(p); counts.push(0); }
    return k;
  };
  let prev: string | undefined;
  let cur = -1;
  let afterBlank = true;
  // A column field (`path:12:5:text`) counts as part of the prefix when most matches have one.
  const column = shape === "numbered" || shape === "heading" ? hasColumns(lines, shape) : false;
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    if (line.length === 0) { kind[i] = Kind.Blank; afterBlank = true; continue; }
    if (line === "--") { kind[i] = Kind.Separator; separators = true; continue; }
    if (shape === "listing") {
      if (isBarePath(line) || pathRank(line) >= 0 || (long && (isLongTotal(line) || longEntryName(line) !== undefined))) {
        // each listed line is its own file (no lookup: listings run to millions of lines)
        kind[i] = Kind.Path;
        file[i] = paths.length;
        paths.push(line);
        counts.push(1);
      }
      continue;
    }
    if (shape === "heading") {
      const m = HEADING_LINE.exec(line);
      // a path line starts a file: after a blank line, or anywhere when it cannot be a hit
      if ((afterBlank && (!m || isBarePath(line))) || (!m && isBarePath(line) && pathRank(line) >= 1)) {
        kind[i] = Kind.Heading;
        cur = fileOf(line);
        file[i] = cur;
      } else if (m) {
        if (cur < 0) cur = fileOf(""); // one unnamed file (no heading line)
        const isMatch = m[2] === ":";
        kind[i] = isMatch ? Kind.Match : Kind.Context;
        file[i] = cur;
        lineNo[i] = Number(m[1]);
        let at = m[0].length;
        if (column && isMatch) at = skipColumn(line, at);
        textAt[i] = at;
        if (isMatch) counts[cur]!++;
      }
      afterBlank = false;
      continue;
    }
    afterBlank = false;
    if (shape === "numbered") {
      const s = chooseSplit(line, numberedSplits(line), prev, index, 0);
      if (s) {
        const p = line.slice(0, s.pathEnd);
        const k = fileOf(p);
        const isMatch = s.sep === COLON;
        kind[i] = isMatch ? Kind.Match : Kind.Context;
        file[i] = k;
        lineNo[i] = s.lineNo;
        textAt[i] = column && isMatch ? skipColumn(line, s.textAt) : s.textAt;
        if (isMatch) counts[k]!++;
        prev = p;
      }
      continue;
    }
    // colon: path:text
    const c = colonSplit(line, prev, index, 1);
    if (c > 0) {
      const p = line.slice(0, c);
      const k = fileOf(p);
      kind[i] = Kind.Match;
      file[i] = k;
      textAt[i] = c + 1;
      counts[k]!++;
      prev = p;
    }
  }
  return { shape, lines, crlf, kind, file, lineNo, textAt, paths, matches: Uint32Array.from(counts), separators };
}

/** True when most numbered match lines carry a column field after the line number. */
function hasColumns(lines: readonly string[], shape: Shape): boolean {
  let withCol = 0;
  let total = 0;
  const known = new Map<string, number>();
  let prev: string | undefined;
  for (let i = 0; i < lines.length && total < 500; i++) {
    const line = lines[i]!;
    let at = -1;
    if (shape === "heading") {
      const m = /^\d+:/.exec(line);
      if (m) at = m[0].length;
    } else {
      const s = chooseSplit(line, numberedSplits(line), prev, known, 0);
      if (s && s.sep === COLON) { at = s.textAt; prev = line.slice(0, s.pathEnd); known.set(prev, 1); }
    }
    if (at < 0) continue;
    total++;
    if (/^\d+:/.test(line.slice(at, at + 12))) withCol++;
  }
  return total > 0 && withCol >= 0.9 * total;
}

function skipColumn(line: string, at: number): number {
  const m = /^\d+:/.exec(line.slice(at, at + 12));
  return m ? at + m[0].length : at;
}
