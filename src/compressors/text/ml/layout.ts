/**
 * Cuts prose into lines and words for token classification, and marks what is never dropped:
 * numbers, paths, URLs, identifiers, inline code, the question's words, whole lines holding a
 * question's identifier, and the
 * markdown structure (headings whole, list and quote markers, tables, rules, fenced code, blank
 * lines: a short heading says where the reader is, so it is never thinned).
 * Pure: no model here, so the rules are testable alone.
 * @module
 */
import { looksLikeIdentifier, words as wordRuns, type ParsedQuery } from "../../../core/query.js";

/** One line of the input. Verbatim lines (fenced code, headings, tables, rules, blank) are never touched. */
export interface LineLayout {
  /** Kept as is when true; its words (if any) are not in `Layout.words`. */
  verbatim: boolean;
  /** The line without its line ending (for a verbatim line: the whole content). */
  text: string;
  /** Leading whitespace, kept so nested lists stay nested. */
  indent: string;
  /** `"\r"` for a CRLF line, else `""` (the `"\n"` is implied between lines). */
  eol: string;
  /** Index range `[first, end)` of this line's words in `Layout.words`. */
  first: number;
  end: number;
}

/** A whitespace-delimited word of a compressible line. */
export interface Word {
  text: string;
  /** Always kept: a number, path, identifier, query term or structure marker. */
  forced: boolean;
}

/** Lines and the words to score, in input order. */
export interface Layout {
  lines: LineLayout[];
  words: Word[];
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const RULE = /^\s{0,3}([-*_=])(\s*\1){2,}\s*$/;
const TABLE = /^\s*\|.*\|\s*$/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
// Leading markers: bullets, quotes, ordered items, task boxes (`- [ ]` splits into "[" and "]").
const MARKER = /^([-*+>]|\d{1,9}[.)]|\[[ xX]?\]?|\])$/;
const URL = /^[<(["'`]*[a-z][a-z0-9+.-]*:\/\//i;
const TRIM = /^[\s,.;:!?()[\]{}"'`<>*_~]+|[\s,.;:!?()[\]{}"'`<>*_~]+$/g;

/**
 * Splits `text` into lines and words and marks the words that must survive.
 * @param keepLines 0-based indexes of lines the caller wants kept whole (e.g. its top BM25 lines)
 * @example
 * const l = layoutText("# Setup\n- Run the `build` step on port 8080.", { words: [], identifiers: [] });
 * l.words.filter((w) => w.forced).map((w) => w.text); // ["-", "`build`", "8080."]
 */
export function layoutText(text: string, query: ParsedQuery, keepLines?: readonly number[]): Layout {
  const whole = new Set(keepLines ?? []);
  const lines: LineLayout[] = [];
  const out: Word[] = [];
  const queryWords = new Set(query.words);
  let fence = ""; // the open fence's marker run, "" when outside a fence
  for (const raw of text.split("\n")) {
    const index = lines.length;
    const eol = raw.endsWith("\r") ? "\r" : "";
    const line = eol ? raw.slice(0, -1) : raw;
    const open = FENCE.exec(line);
    if (fence) {
      // Inside fenced code: nothing is compressed; a closing run of the same char and length ends it.
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && line.trim() === open[1]) fence = "";
      lines.push(verbatim(line, eol, out.length));
      continue;
    }
    if (open) {
      fence = open[1];
      lines.push(verbatim(line, eol, out.length));
      continue;
    }
    if (whole.has(index) || line.trim() === "" || HEADING.test(line) || RULE.test(line) || TABLE.test(line)) {
      lines.push(verbatim(line, eol, out.length));
      continue;
    }
    const spans = [...line.matchAll(/\S+/g)];
    const forcedByQuery = queryIdentifierHits(line, spans, query.identifiers);
    if (forcedByQuery.includes(1)) {
      // A line naming what the question names is the answer's likely home: kept whole.
      lines.push(verbatim(line, eol, out.length));
      continue;
    }
    const indent = /^\s*/.exec(line)![0];
    const first = out.length;
    let inCode = false;
    let lead = true; // still in the run of leading markers
    spans.forEach((m, i) => {
      const w = m[0];
      // Inline code spans may hold several words (`npm run build`): all of them are code.
      const startsCode = !inCode && /^[^`]*`/.test(w);
      const ticks = (w.match(/`/g) ?? []).length;
      const code = inCode || startsCode;
      if (ticks % 2 === 1) inCode = !inCode;
      lead &&= MARKER.test(w);
      const forced =
        code ||
        lead ||
        mustKeep(w) ||
        wordRuns(w).some((r) => queryWords.has(r));
      out.push({ text: w, forced });
    });
    lines.push({ verbatim: false, text: line, indent, eol, first, end: out.length });
  }
  return { lines, words: out };
}

/** True for a word that carries a fact a question may need, whatever the model thinks of it. */
export function mustKeep(word: string): boolean {
  if (/[0-9]/.test(word)) return true; // numbers, versions, dates, sizes, codes
  if (word.includes("/") || word.includes("\\") || URL.test(word)) return true; // paths and URLs
  const core = word.replace(TRIM, "");
  return core.length > 0 && looksLikeIdentifier(core);
}

function verbatim(text: string, eol: string, at: number): LineLayout {
  return { verbatim: true, text, indent: "", eol, first: at, end: at };
}

// Query identifiers are matched byte-exact in the line; marks every word a match overlaps
// (an identifier may span words: "Kurtis Weissnat").
function queryIdentifierHits(line: string, spans: RegExpMatchArray[], identifiers: string[]): Uint8Array {
  const hits = new Uint8Array(spans.length);
  for (const id of identifiers) {
    if (!id) continue;
    let j = 0; // matches come in order, so one sweep over the words serves them all
    for (let at = line.indexOf(id); at >= 0; at = line.indexOf(id, at + 1)) {
      const end = at + id.length;
      while (j < spans.length && spans[j].index! + spans[j][0].length <= at) j++;
      for (let k = j; k < spans.length && spans[k].index! < end; k++) hits[k] = 1;
    }
  }
  return hits;
}

/**
 * Puts the kept words back: the indent, kept words joined by single spaces, every line ending kept.
 * @param keep one flag per `layout.words` entry
 */
export function renderLayout(layout: Layout, keep: Uint8Array): string {
  const parts: string[] = [];
  for (const line of layout.lines) {
    if (line.verbatim) {
      parts.push(line.text + line.eol);
      continue;
    }
    const kept: string[] = [];
    for (let i = line.first; i < line.end; i++) if (keep[i]) kept.push(layout.words[i].text);
    parts.push((kept.length ? line.indent + kept.join(" ") : "") + line.eol);
  }
  return parts.join("\n");
}
