/**
 * Statements of long function bodies that the question's words point at. A long body that holds
 * no query identifier is elided whole; when the answer sits on a few of its lines ("what error
 * does it throw if the buffer can't be allocated?"), those lines are found here: every line of a
 * long body is scored by the query's words (BM25 over stemmed words, camelCase split), and the
 * best become picks: the statement to keep whole (small) or its header and the block it opens.
 * The compressor keeps picks best first while the target budget allows.
 * @module
 */
import type { Node } from "web-tree-sitter";
import type { ParsedQuery } from "../../core/query.js";
import { words } from "../../core/query.js";
import { namesPhrase, scoreUnits } from "../shared/relevance.js";
import { isTrouble } from "../shared/signals.js";
import { HEADER_TYPES, isComment } from "./languages.js";
import { endRow, type CodeModel } from "./model.js";
import { functionMode } from "./render.js";

/** Bodies longer than this many rows (and not kept whole) have their statements scored. */
export const LONG_BODY_ROWS = 40;
/** A picked statement (or the block its header opens) up to this many rows stays whole. */
const BLOCK_KEEP_ROWS = 30;
/** Of a block too long to keep, this many first statements stay (with their comments). */
const LEAD_ITEMS = 3;
/** Rows a kept statement shows at most (a longer one is condensed in turn), for the budget. */
const STMT_ROWS_SHOWN = 10;
/** Lines longer than this are not statements (minified code): not scored. */
const MAX_LINE_CHARS = 400;
/** Candidates looked at, at most (each costs a tree walk). */
const MAX_CANDIDATES = 2000;
/** Score factor for trouble statements (`throw`, `raise`, `panic!`, error returns) when the question asks about errors. */
const TROUBLE_BONUS = 1.5;

/** A line of a long body that matches the question. */
export interface Candidate {
  model: CodeModel;
  row: number;
  score: number;
}

/** What keeping a candidate means: hits that keep its statement and headers, spans kept whole. */
export interface Extent {
  /** Offsets marked as hits: the condensed body keeps the statements holding them, and their headers. */
  hits: number[];
  /** Spans kept whole wherever the condensed body reaches them. */
  whole: Array<[number, number]>;
  /** Rows `[first, last]` the pick shows (for the budget). */
  rows: Array<[number, number]>;
}

// Question words that ask about failures, and statements that report one.
const TROUBLE_WORDS = /^(?:err|errors?|throws?|thrown|throwing|raises?|raised|raising|exceptions?|panics?|panicked|fail|fails|failed|failure|failures|rejects?|rejected|abort|aborts|aborted|invalid)$/;
const TROUBLE_STMT = /\b(?:throw|raise|panic!|bail!|reject|abort|die)\b|\breturn\s+(?:err\b|nil,\s*err\b|Err\(|-1\b|NULL\b|null\b|false\b|None\b)|\bErr\(|\berrors?\.New\(|\bfmt\.Errorf\(/;
// A short string or character literal: `"auto"`, `'auto'`, `` `auto` ``.
const LITERAL = /(["'`])([^"'`\\\n]{1,64})\1/g;

/**
 * A light English stemmer, so "allocated" meets "allocate" and "images" meets "image".
 * @example stem("allocated") // "allocat"
 * @example stem("images") === stem("image") // true
 */
export function stem(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) return `${w.slice(0, -3)}y`;
  for (const suffix of ["ing", "ed", "es"]) if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  if (w.endsWith("s") && !w.endsWith("ss") && w.length > 4) return stripE(w.slice(0, -1));
  return stripE(w);
}

const stripE = (w: string) => (w.endsWith("e") && w.length > 4 ? w.slice(0, -1) : w);

/** A line's words: camelCase and snake_case split, lower-cased. */
function splitWords(line: string): string[] {
  return words(line.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2"));
}

/**
 * A line's words for matching: camelCase split, lower-cased, stemmed.
 * @example lineWords("baton->rawDepth") // ["baton", "raw", "depth"]
 */
export function lineWords(line: string): string[] {
  return splitWords(line).map(stem);
}

/** Rows of a model that lie in long bodies the skeleton would not show: 1 = scored. */
function eligibleRows(model: CodeModel): Uint8Array {
  const rows = new Uint8Array(model.lines.count);
  const python = model.spec.style === "python";
  // Functions come outer first; a nested function overwrites its rows with its own verdict.
  const stack: Array<{ end: number; deep: boolean }> = [];
  for (const fn of model.fns) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= fn.node.startIndex) stack.pop();
    const parentDeep = stack.length > 0 && stack[stack.length - 1]!.deep;
    const mode = functionMode(fn);
    const long = fn.bodyRows > LONG_BODY_ROWS && mode !== "keep";
    // A nested function the skeleton shows anyway (named, holding a hit) needs no picks.
    const shown = mode === "keep" && (fn.named || fn.wordTop || fn.hit);
    const d = long || (parentDeep && !shown);
    stack.push({ end: fn.body.endIndex, deep: d });
    if (!d && !parentDeep) continue;
    const first = fn.body.startPosition.row + (python ? 0 : 1);
    const last = endRow(fn.body);
    rows.fill(d ? 1 : 0, first, last + 1);
  }
  // Docstrings have their own matching (doc paragraphs); rows holding a hit show already.
  for (const doc of model.docs) if (doc.kind === "docstring") rows.fill(0, doc.firstRow, doc.lastRow + 1);
  const { lines } = model;
  for (const h of model.baseHits) rows[lines.rowOf(h)] = 0;
  return rows;
}

/** Offset of the first character of `row` that starts a statement: past indentation and closers (`} else`). */
function lineStart(model: CodeModel, row: number): number {
  const { lines } = model;
  const end = lines.end(row);
  for (let i = lines.start(row); i < end; i++) {
    const c = model.text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 125 /* } */ && c !== 41 /* ) */ && c !== 93 /* ] */ && c !== 59 /* ; */) return i;
  }
  return -1;
}

/**
 * The lines of long bodies that match the question, best first. A line qualifies when it holds
 * two distinct query words, a word the question quotes alone (`'auto'`), or a string literal
 * that is exactly a query word (`"auto"`: the code compares against the very value asked about);
 * quoted words and literals add a bonus as large as the rarest word's weight.
 * Trouble statements get a bonus when the question asks about errors.
 * @example statementCandidates([model], parseQuery("what error is thrown if the buffer can't be allocated?"))[0]
 * // { model, row: 1421, score: 31.2 } — the `throw std::runtime_error("Could not allocate …")` line
 */
export function statementCandidates(models: readonly CodeModel[], query: ParsedQuery): Candidate[] {
  if (query.words.length === 0) return [];
  const qStems = [...new Set(query.words.filter((w) => w.length >= 2).map(stem))];
  if (qStems.length === 0) return [];
  const qWords = new Set(query.words);
  const quoted = quotedWords(query);
  const asksTrouble = query.words.some((w) => TROUBLE_WORDS.test(w));
  const hasPhrases = (query.phrases ?? []).length > 0;
  const units: Array<{ model: CodeModel; row: number; line: string; ws: string[] }> = [];
  for (const model of models) {
    const rows = eligibleRows(model);
    for (let r = 0; r < rows.length; r++) {
      if (!rows[r]) continue;
      const line = model.lines.line(r);
      if (line.length > MAX_LINE_CHARS || lineStart(model, r) < 0) continue;
      units.push({ model, row: r, line, ws: lineWords(line) });
    }
  }
  if (units.length === 0) return [];
  const scores = scoreUnits(units.map((u) => u.ws.join(" ")), { words: qStems, identifiers: [] });
  const strongBonus = Math.log(1 + units.length);
  const out: Candidate[] = [];
  units.forEach((u, i) => {
    let score = scores[i]!;
    let strong = 0;
    for (const m of u.line.matchAll(LITERAL)) if (qWords.has(m[2]!.trim().toLowerCase()) && isLiteral(u.model, u.row, m.index!, m[0].length)) strong++;
    if (quoted.size > 0 && splitWords(u.line).some((w) => quoted.has(w))) strong++;
    // a name spelling a phrase of the question (`_end_offset` ← "end offset") is that very thing
    if (hasPhrases && namesPhrase(u.line, query)) strong++;
    if (score <= 0 && strong === 0) return;
    const distinct = distinctMatches(u.ws, qStems);
    if (distinct < 2 && strong === 0) return;
    if (asksTrouble && distinct >= 2 && (TROUBLE_STMT.test(u.line) || isTrouble(u.line))) score *= TROUBLE_BONUS;
    out.push({ model: u.model, row: u.row, score: score + strong * strongBonus });
  });
  const order = new Map(models.map((m, i) => [m, i]));
  out.sort((a, b) => b.score - a.score || order.get(a.model)! - order.get(b.model)! || a.row - b.row);
  return out.slice(0, MAX_CANDIDATES);
}

/** True when `length` characters at `column` of `row` are one whole string or character literal (not quotes inside a longer string). */
function isLiteral(model: CodeModel, row: number, column: number, length: number): boolean {
  const start = model.lines.start(row) + column;
  for (let n = model.root.descendantForIndex(start); n; n = n.parent) {
    if (n.startIndex < start || n.endIndex > start + length) return false;
    if (n.startIndex === start && n.endIndex === start + length && /string|char|rune/.test(n.type)) return true;
  }
  return false;
}

/**
 * Single words the question puts in quotes (`the 'auto' modifier`): it means that very word, so a
 * line holding it is a match on its own. (Quoted phrases and identifiers are matched byte-exact
 * elsewhere.)
 * @example quotedWords(parseQuery("where must the 'auto' modifier appear?")) // Set {"auto"}
 */
export function quotedWords(query: ParsedQuery): Set<string> {
  const out = new Set<string>();
  for (const m of (query.raw ?? "").matchAll(/(?<![\p{L}\p{N}])['‘’"`]([\p{L}\p{N}_]{2,40})['‘’"`](?![\p{L}\p{N}])/gu)) {
    const w = m[1]!.toLowerCase();
    if (query.words.includes(w)) out.add(w);
  }
  return out;
}

/** How many distinct query stems a line's words match (whole, or as a prefix when 4+ letters). */
function distinctMatches(ws: readonly string[], qStems: readonly string[]): number {
  let n = 0;
  for (const q of qStems) if (ws.some((w) => w === q || (q.length >= 4 && w.startsWith(q)))) n++;
  return n;
}

/** Rows a node spans. */
const rowsOf = (n: Node) => endRow(n) - n.startPosition.row + 1;

/**
 * What keeping the statement on `row` takes. A comment keeps itself and the statement right
 * below it (which it explains); a header line (`if (…) {`, `case 'a':`, `} else if (…) {`) keeps
 * its construct whole when short, else the block it opens when short, else the header alone; any
 * other line keeps its whole statement when short, else the line's part of it.
 * @returns `null` when the row holds nothing to keep
 * @example extentOf(model, 99) // `if( cmp(z, "auto")==0 ){` → { hits: [its offset], whole: [[the if statement]], rows: … }
 */
export function extentOf(model: CodeModel, row: number, followComment = true): Extent | null {
  const pos = lineStart(model, row);
  if (pos < 0) return null;
  const containers = model.spec.containers;
  let x = model.root.descendantForIndex(pos);
  if (!x) return null;
  // The outermost node starting on this row (`else_clause` for `} else if`, `case_statement`).
  // Not past a statement into the block listing it (a Python suite starts where its first statement does).
  while (x.parent && x.parent.startIndex === pos && !(containers.has(x.parent.type) && x.isNamed && !HEADER_TYPES.has(x.type))) x = x.parent;
  // The statement: the node a container lists.
  let s: Node = x;
  while (s.parent && !containers.has(s.parent.type)) s = s.parent;
  if (!s.parent) return null;
  const ext: Extent = { hits: [pos], whole: [], rows: [[row, row]] };
  const keep = (n: Node) => {
    ext.whole.push([n.startIndex, n.endIndex]);
    ext.rows.push([n.startPosition.row, endRow(n)]);
  };
  // A comment the body lists explains the statement below it; one inside a statement (a Python
  // comment before an `if`'s suite) is that statement's part.
  if (isComment(x.type) && s.id === x.id) {
    keep(s);
    const next = s.nextNamedSibling;
    if (followComment && next && !isComment(next.type) && next.startPosition.row <= endRow(s) + 1) {
      const more = extentOf(model, next.startPosition.row, false);
      if (more) {
        ext.hits.push(...more.hits);
        ext.whole.push(...more.whole);
        ext.rows.push(...more.rows);
      }
    }
    return ext;
  }
  const block = x.startPosition.row === row ? openedBlock(x, row, model) : null;
  const target = block ? x : s;
  if (rowsOf(target) <= BLOCK_KEEP_ROWS) keep(target);
  else if (block && rowsOf(block) <= BLOCK_KEEP_ROWS) keep(block);
  else if (block) {
    // A long block: its first statements (guards, early returns) say what the branch does first.
    let n = 0;
    for (const k of blockItems(block, model)) {
      if (n >= LEAD_ITEMS) break;
      ext.hits.push(k.startIndex);
      ext.rows.push([k.startPosition.row, Math.min(endRow(k), k.startPosition.row + STMT_ROWS_SHOWN - 1)]);
      if (!isComment(k.type)) n++;
    }
  }
  return ext;
}

/** The statements a block lists (a `case`'s after its `:`), comments included. */
function blockItems(block: Node, model: CodeModel): Node[] {
  const out: Node[] = [];
  let bodyStart = block.startIndex;
  for (const c of block.children) {
    if (!c.isNamed && (c.type === ":" || c.type === "{")) {
      bodyStart = c.endIndex;
      break;
    }
  }
  for (const k of block.namedChildren) if (k.startIndex >= bodyStart && !HEADER_TYPES.has(k.type) && !model.fnByNode.has(k.id)) out.push(k);
  return out;
}

/** The block a header on `row` opens: `{ … }` after `if (…)`, a Python suite, a `case`'s statements. */
function openedBlock(node: Node, row: number, model: CodeModel): Node | null {
  const { containers, bodies } = model.spec;
  if (containers.has(node.type) || bodies.has(node.type)) return node;
  for (const k of node.namedChildren) {
    if (k.startPosition.row > row + 1) break;
    if (containers.has(k.type) || bodies.has(k.type)) return k;
    if (k.startPosition.row === row && endRow(k) > row) {
      const b = openedBlock(k, row, model);
      if (b) return b;
    }
  }
  return null;
}
