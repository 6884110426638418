/**
 * Decides, for one level of effort, what of a parsed file stays, and expresses it as edits (spans
 * of the original replaced by a placeholder comment). Everything outside an edit stays verbatim.
 *
 * - Function bodies are elided unless the query names the function, the body holds a query
 *   identifier, the query's words point at it, or it is small.
 * - A matching body that is long is condensed: its matching statements stay (with the control
 *   flow around them), runs of other statements become one comment; nested functions in it keep
 *   their signatures (below level 3). Statements picked for the question's words (see
 *   `statements.ts`) count as matches, and the spans picked whole stay whole.
 * - From level 1, long doc comments of functions that do not match are trimmed to a lead of a few
 *   lines, plus lines holding a query identifier and the paragraphs the query's words point at.
 * - From level 2, runs of three or more elided functions collapse into one comment naming them,
 *   and example code leaves even the docs that otherwise stay whole.
 * - At level 3, runs of two or more functions that do not match collapse, whatever their size.
 * @module
 */
import type { Node } from "web-tree-sitter";
import { formatCount, lineSpan, omission } from "../shared/marker.js";
import { HEADER_FIELDS, HEADER_TYPES, isComment } from "./languages.js";
import { CHARS_PER_ROW, docText, endRow, type CodeModel, type DocBlock, type Fn } from "./model.js";

/** How hard one rendering tries. */
export interface Level {
  /** 0: docs whole; 1: long docs of non-matching functions trimmed to a lead of 3 lines; 2: of 1 line. */
  trimDocs: 0 | 1 | 2;
  /** 0: no collapsing; 1: runs of 3+ elided functions collapse; 2: runs of 2+ non-matching functions of any size. */
  collapse: 0 | 1 | 2;
  /** Drop example code (fenced blocks, `<pre>`, doctests) even from docs that otherwise stay whole. */
  examples: boolean;
  /** Doc paragraphs kept for the query's words: the best this many in the file. */
  paragraphs: number;
}

/** The levels, least lossy first; the compressor stops at the first that meets the target. */
export const LEVELS: readonly Level[] = [
  { trimDocs: 0, collapse: 0, examples: false, paragraphs: 12 },
  { trimDocs: 1, collapse: 0, examples: false, paragraphs: 12 },
  { trimDocs: 1, collapse: 1, examples: true, paragraphs: 12 },
  { trimDocs: 2, collapse: 2, examples: true, paragraphs: 6 },
];

/** A span of the original replaced by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** What a rendering decided. */
export interface Rendering {
  edits: Edit[];
  /** UTF-16 spans of retrievable units of the original (elided functions, runs, trimmed docs). */
  units: Array<[number, number]>;
  stats: RenderStats;
}

/** Counts behind the reasons. */
export interface RenderStats {
  functions: number;
  elided: number;
  keptNamed: number;
  keptHit: number;
  keptWords: number;
  keptSmall: number;
  condensed: number;
  runs: number;
  docsTrimmed: number;
  collapsed: number;
}

/** What becomes of a function body. */
export type Mode = "keep" | "condense" | "elide";

/** Bodies of at most this many rows are small: the placeholder would save little. */
const SMALL_ROWS = 4;
const SMALL_CHARS = 320;
/** A named function is kept whole up to this many body rows, else condensed. */
const NAMED_KEEP_ROWS = 250;
/** A body holding a query identifier is kept whole up to this many rows, else condensed. */
const HIT_KEEP_ROWS = 40;
/** A function the query's words point at is kept whole up to this many rows. */
const WORD_KEEP_ROWS = 60;
/** Inside a condensed body, a matching statement up to this many rows stays whole. */
const STMT_KEEP_ROWS = 10;
/** Literals whose entries a hit may condense to (object literals, dicts). */
const ENTRY_LISTS = new Set(["object", "dictionary"]);
/** A run of other statements is elided only when it spans this many rows or characters. */
const RUN_MIN_ROWS = 3;
const RUN_MIN_CHARS = 160;
/** Doc comments up to this many rows are never trimmed. */
const DOC_KEEP_ROWS = 4;
/** Fewest elided functions in a row that collapse into one comment. */
const COLLAPSE_MIN = 3;
/** Names listed in a collapse comment, at most. */
const COLLAPSE_NAMES = 40;

/**
 * Renders one level.
 * @param banned starts of edits that made the output fail to parse: never emitted again
 */
export function render(model: CodeModel, level: Level, ref: string, banned: ReadonlySet<number>): Rendering {
  const r = new Renderer(model, level, ref, banned);
  r.visit(model.root);
  r.stats.functions = model.fns.length;
  for (const sub of model.subModels.values()) r.stats.functions += sub.fns.length;
  return { edits: r.edits.sort((a, b) => a.start - b.start), units: r.units, stats: r.stats };
}

/**
 * What becomes of a function's body, from what the query says about it: kept whole, condensed to
 * the statements holding hits, or elided. The same at every level.
 * @example functionMode(fn) // "condense" for a 300-row body holding a query identifier
 */
export function functionMode(fn: Fn): Mode {
  const body = fn.body;
  if (fn.named) return fn.bodyRows <= NAMED_KEEP_ROWS ? "keep" : "condense";
  if (fn.hit) return fn.bodyRows <= HIT_KEEP_ROWS ? "keep" : "condense";
  if (fn.wordTop && fn.bodyRows <= WORD_KEEP_ROWS) return "keep";
  if (fn.bodyRows <= SMALL_ROWS && body.endIndex - body.startIndex <= SMALL_CHARS) return "keep";
  return "elide";
}

/** Its docs stay whole: the query names it, its words point at it, or a named function's doc cites it. */
const keepDocs = (fn: Fn) => fn.named || fn.wordTop || fn.referenced;
/** Never collapsed away: anything about it matches the query. */
const relevant = (fn: Fn, paragraphs: number) => keepDocs(fn) || fn.hit || fn.nameHint || fn.docs.some((d) => d.bestRank < paragraphs);

class Renderer {
  readonly edits: Edit[] = [];
  readonly units: Array<[number, number]> = [];
  readonly stats: RenderStats = { functions: 0, elided: 0, keptNamed: 0, keptHit: 0, keptWords: 0, keptSmall: 0, condensed: 0, runs: 0, docsTrimmed: 0, collapsed: 0 };
  private readonly modes = new Map<Fn, Mode>();
  private readonly python: boolean;

  constructor(
    private readonly m: CodeModel,
    private readonly level: Level,
    private readonly ref: string,
    private readonly banned: ReadonlySet<number>,
  ) {
    this.python = m.spec.style === "python";
  }

  /** Adds an edit unless an earlier attempt showed it breaks the parse. */
  private emit(start: number, end: number, text: string): boolean {
    if (this.banned.has(start) || end <= start) return false;
    this.edits.push({ start, end, text });
    return true;
  }

  private mode(fn: Fn): Mode {
    let mode = this.modes.get(fn);
    if (mode) return mode;
    mode = functionMode(fn);
    this.modes.set(fn, mode);
    return mode;
  }

  visit(node: Node): void {
    const sub = this.m.subModels.get(node.id);
    if (sub) return this.visitSub(sub);
    const fn = this.m.fnByNode.get(node.id);
    if (fn) return this.handleFn(fn);
    if (this.m.docTail.has(node.id)) return;
    const doc = this.m.docByNode.get(node.id);
    if (doc) {
      this.trimDoc(doc, !!doc.owner && keepDocs(doc.owner));
      if (doc.kind !== "docstring") return;
    }
    const kids = node.namedChildren;
    if (kids.length === 0) return;
    if (this.level.collapse > 0 && this.m.spec.containers.has(node.type)) return this.visitCollapsing(kids);
    for (const k of kids) this.visit(k);
  }

  private countKept(fn: Fn): void {
    if (fn.named) this.stats.keptNamed++;
    else if (fn.hit) this.stats.keptHit++;
    else if (fn.wordTop) this.stats.keptWords++;
    else this.stats.keptSmall++;
  }

  /** Renders a macro body with its own model; its edits share this file's offsets. */
  private visitSub(sub: CodeModel): void {
    const r = new Renderer(sub, this.level, this.ref, this.banned);
    r.visit(sub.root);
    this.edits.push(...r.edits);
    this.units.push(...r.units);
    for (const k of Object.keys(r.stats) as Array<keyof RenderStats>) this.stats[k] += r.stats[k];
  }

  private handleFn(fn: Fn): void {
    const mode = this.mode(fn);
    if (mode === "keep") {
      this.countKept(fn);
      const doc = fn.docstring && this.m.docByNode.get(fn.docstring.id);
      if (doc) this.trimDoc(doc, keepDocs(fn));
      return;
    }
    if (mode === "condense") {
      this.stats.condensed++;
      // A docstring stays in a condensed body, trimmed as it would be above an elided one.
      const doc = fn.docstring && this.m.docByNode.get(fn.docstring.id);
      if (doc) this.trimDoc(doc, keepDocs(fn));
      return this.condense(fn.body);
    }
    let from = fn.body.startIndex;
    if (this.python && fn.docstring) {
      const doc = this.m.docByNode.get(fn.docstring.id);
      if (doc) this.trimDoc(doc, keepDocs(fn));
      const next = fn.docstring.nextNamedSibling;
      if (!next) return; // the docstring is the whole body
      from = next.startIndex;
    }
    const { lines } = this.m;
    const span = lineSpan(lines.rowOf(from) + 1, endRow(fn.body) + 1);
    const what = omission(`body ${span} omitted`, this.ref);
    const text = this.python ? `...  # ${what}` : `{ /* ${what} */ }`;
    if (this.emit(from, fn.body.endIndex, text)) {
      this.stats.elided++;
      this.units.push([fn.start, fn.end]);
    }
  }

  /** Keeps the parts of a matching node that hold hits; elides runs of the rest. */
  private condense(node: Node): void {
    // A statement picked for the query's words stays as it is.
    if (this.m.inWhole(node.startIndex, node.endIndex)) return;
    if (this.m.spec.containers.has(node.type)) return this.condenseContainer(node);
    if (ENTRY_LISTS.has(node.type) && this.m.hasHit(node.startIndex, node.endIndex)) return this.condenseEntries(node);
    for (const k of node.namedChildren) {
      const fn = this.m.fnByNode.get(k.id);
      // Small parts are kept as they are; larger ones may hold blocks or functions to elide.
      if (fn) this.handleFn(fn);
      else if (size(k) >= RUN_MIN_ROWS) this.condense(k);
    }
  }

  private condenseContainer(node: Node): void {
    const m = this.m;
    const items: Node[] = [];
    // `case 1 /* one */:` — statements start after the case's own `:`; a Go `switch x {`'s cases after its `{`.
    let bodyStart = node.startIndex;
    for (const c of node.children) {
      if (!c.isNamed && (c.type === ":" || c.type === "{")) {
        bodyStart = c.endIndex;
        break;
      }
    }
    const kids = node.namedChildren;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!;
      const field = node.fieldNameForNamedChild(i);
      if ((field && HEADER_FIELDS.has(field)) || HEADER_TYPES.has(k.type) || k.startIndex < bodyStart) continue;
      items.push(k);
    }
    // 0 drop, 1 keep whole, 2 descend, 3 visit as skeleton (a nested function: signature kept)
    const state = new Uint8Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const k = items[i]!;
      const doc = m.docByNode.get(k.id);
      if ((doc && doc.kind === "docstring") || m.inWhole(k.startIndex, k.endIndex)) state[i] = 1;
      else if (m.hasHit(k.startIndex, k.endIndex)) state[i] = size(k) <= STMT_KEEP_ROWS ? 1 : 2;
      else if (this.level.collapse < 2 && m.fnByOuter.has(k.id)) state[i] = 3;
    }
    // Comments directly above a kept statement explain it; a comment on its last row annotates it.
    for (let i = items.length - 2; i >= 0; i--) {
      const k = items[i]!;
      if (state[i] !== 0 || !isComment(k.type)) continue;
      if (state[i + 1] !== 0 && items[i + 1]!.startPosition.row <= endRow(k) + 1) state[i] = state[i + 1] === 3 ? 3 : 1;
    }
    for (let i = 1; i < items.length; i++) {
      if (state[i] === 0 && isComment(items[i]!.type) && state[i - 1] !== 0 && items[i]!.startPosition.row === endRow(items[i - 1]!)) state[i] = 1;
    }
    // A Python `match` must keep one `case`: the first stays as a header over its elided suite.
    if (this.python && items.length > 0 && state.every((x) => x === 0) && items.every((k) => k.type === "case_clause" || isComment(k.type))) {
      const first = items.findIndex((k) => k.type === "case_clause");
      if (first >= 0) state[first] = 2;
    }
    for (let i = 0; i < items.length; ) {
      if (state[i] === 2) {
        this.condense(items[i]!);
        i++;
        continue;
      }
      if (state[i] === 1 || state[i] === 3) {
        if (state[i] === 3 && !m.docTail.has(items[i]!.id)) this.visit(items[i]!);
        const fn = state[i] === 1 ? m.fnByOuter.get(items[i]!.id) : undefined;
        if (fn) this.countKept(fn);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < items.length && state[j + 1] === 0) j++;
      this.elideRun(items[i]!, items[j]!, items.slice(i, j + 1));
      i = j + 1;
    }
  }

  /**
   * An object literal or dict holding a hit (the `followRedirects: false,` entry a kept line reads)
   * keeps its hit entries; runs of other entries become one comment, which takes the run's
   * trailing comma along so the literal stays valid.
   */
  private condenseEntries(node: Node): void {
    const m = this.m;
    const items = node.namedChildren;
    const keep = items.map((k) => m.inWhole(k.startIndex, k.endIndex) || m.hasHit(k.startIndex, k.endIndex));
    // a comment directly above a kept entry explains it
    for (let i = items.length - 2; i >= 0; i--) if (!keep[i] && isComment(items[i]!.type) && keep[i + 1] && items[i + 1]!.startPosition.row <= endRow(items[i]!) + 1) keep[i] = true;
    for (let i = 0; i < items.length; ) {
      if (keep[i]) {
        this.visitKept(items[i]!);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < items.length && !keep[j + 1]) j++;
      const last = items[j]!;
      const comma = last.nextSibling;
      const end = comma && !comma.isNamed && comma.type === "," ? comma.endIndex : last.endIndex;
      const a = items[i]!.startPosition.row;
      const b = this.m.lines.rowOf(Math.max(end - 1, items[i]!.startIndex));
      // the last entries without a comma after them, or a short run, stay: the marker would not pay
      const owns = !this.python || (this.m.lines.startsLine(items[i]!.startIndex) && this.m.lines.endsLine(end));
      if (b - a + 1 >= RUN_MIN_ROWS && owns && (end > last.endIndex || j === items.length - 1)) {
        const what = omission(`${lineCount(b - a + 1)} omitted (${lineSpan(a + 1, b + 1)})`, this.ref);
        if (this.emit(items[i]!.startIndex, end, this.python ? `# ${what}` : `/* ${what} */`)) {
          this.stats.runs++;
          this.units.push([items[i]!.startIndex, end]);
          i = j + 1;
          continue;
        }
      }
      for (let k = i; k <= j; k++) this.visitKept(items[k]!);
      i = j + 1;
    }
  }

  /** Replaces statements `first..last` by one comment, when that saves enough and stays valid. */
  private elideRun(first: Node, last: Node, run: Node[]): void {
    const { lines } = this.m;
    const a = first.startPosition.row;
    const start = first.startIndex;
    // Some grammars end a node past its trailing whitespace (a Go `case`): the marker ends its line.
    let end = last.endIndex;
    while (end > start && /\s/.test(this.m.text[end - 1]!)) end--;
    const b = end > start ? lines.rowOf(end - 1) : endRow(last);
    if (b - a + 1 < RUN_MIN_ROWS && end - start < RUN_MIN_CHARS) {
      for (const k of run) this.visitKept(k);
      return;
    }
    // A Python comment runs to the line end: the run must own its lines.
    if (this.python && !(lines.startsLine(start) && lines.endsLine(end))) {
      for (const k of run) this.visitKept(k);
      return;
    }
    const what = omission(`${lineCount(b - a + 1)} omitted (${lineSpan(a + 1, b + 1)})${nameList(run.map((k) => this.m.fnByOuter.get(k.id)?.name ?? ""))}`, this.ref);
    // Python `case` clauses are not statements: `...` cannot stand among them, a comment can.
    const bare = this.python && run.some((k) => k.type === "case_clause");
    if (this.emit(start, end, bare ? `# ${what}` : this.python ? `...  # ${what}` : `/* ${what} */`)) {
      this.stats.runs++;
      this.units.push([start, end]);
    } else {
      for (const k of run) this.visitKept(k);
    }
  }

  /** A statement kept although it does not match: functions inside it still get their bodies elided. */
  private visitKept(node: Node): void {
    const fn = this.m.fnByNode.get(node.id);
    if (fn) return this.handleFn(fn);
    for (const k of node.namedChildren) this.visitKept(k);
  }

  /**
   * Trims a long doc comment to its lead paragraph, hit lines and the paragraphs words point at;
   * a doc that stays `whole` loses only its example code, and only at levels that say so.
   */
  private trimDoc(doc: DocBlock, whole: boolean): void {
    const level = this.level.trimDocs;
    if (level === 0 || (whole && !this.level.examples)) return;
    const rows = doc.lastRow - doc.firstRow + 1;
    if (rows <= DOC_KEEP_ROWS) return;
    const { lines, exampleRows } = this.m;
    const maxLead = whole ? rows : level === 1 ? 3 : 1;
    const keep = new Uint8Array(rows);
    if (whole) for (let r = doc.firstRow; r <= doc.lastRow; r++) keep[r - doc.firstRow] = exampleRows[r] ? 0 : 1;
    let lead = 0;
    for (let r = doc.firstRow; r <= doc.lastRow; r++) {
      const t = docText(lines.line(r));
      if (t === "") {
        if (lead > 0) break;
        keep[r - doc.firstRow] = 1; // the opener `/**` or `"""` alone
        continue;
      }
      if (lead >= maxLead) break;
      keep[r - doc.firstRow] = 1;
      lead++;
    }
    if (doc.kind !== "line") keep[rows - 1] = 1; // the closer
    for (let r = doc.firstRow; r <= doc.lastRow; r++) {
      if (this.m.hasHit(lines.start(r), lines.end(r) + 1) || (doc.keepRows.get(r) ?? Infinity) < this.level.paragraphs) keep[r - doc.firstRow] = 1;
    }
    let trimmed = false;
    for (let i = 0; i < rows; ) {
      if (keep[i]) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < rows && !keep[j + 1]) j++;
      // Two rows at least, and more text than the marker that replaces them.
      if (j > i && lines.end(doc.firstRow + j) - lines.start(doc.firstRow + i) >= RUN_MIN_CHARS) {
        const a = doc.firstRow + i;
        const b = doc.firstRow + j;
        const what = omission(`${formatCount(j - i + 1)} doc lines omitted (${lineSpan(a + 1, b + 1)})`, this.ref); // j > i: always plural
        if (this.emit(lines.start(a), lines.end(b), docPrefix(lines, a, b, doc) + what)) trimmed = true;
      }
      i = j + 1;
    }
    if (trimmed) {
      this.stats.docsTrimmed++;
      if (!doc.owner || this.mode(doc.owner) !== "elide") this.units.push([doc.start, doc.end]);
    }
  }

  /** Visits a container's children, collapsing runs of elided functions (with their docs). */
  private visitCollapsing(kids: Node[]): void {
    const m = this.m;
    const member = (k: Node): Fn | undefined => {
      const fn = m.fnByOuter.get(k.id);
      if (!fn || relevant(fn, this.level.paragraphs) || this.banned.has(fn.start)) return undefined;
      return this.level.collapse === 2 || this.mode(fn) === "elide" ? fn : undefined;
    };
    const glue = (k: Node) => isComment(k.type) || m.spec.attachments.has(k.type);
    const fns = kids.map(member);
    const isGlue = kids.map(glue);
    const collapsed: Array<[number, number]> = [];
    for (let i = 0; i < kids.length; ) {
      if (!fns[i]) {
        i++;
        continue;
      }
      // A run: members with only comments or attributes between them.
      const run: Fn[] = [fns[i]!];
      let j = i;
      for (;;) {
        let g = j + 1;
        while (g < kids.length && isGlue[g]) g++;
        if (g >= kids.length || !fns[g]) break;
        run.push(fns[g]!);
        j = g;
      }
      if (run.length >= (this.level.collapse === 2 ? 2 : COLLAPSE_MIN) && this.collapse(run)) collapsed.push([run[0]!.start, run[run.length - 1]!.end]);
      i = j + 1;
    }
    for (const k of kids) {
      if (collapsed.some(([a, b]) => k.startIndex >= a && k.endIndex <= b)) continue;
      this.visit(k);
    }
  }

  /** Replaces a run of elided functions (docs included) by one comment that names them. */
  private collapse(run: Fn[]): boolean {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const { lines } = this.m;
    if (this.python && !lines.startsLine(first.start)) return false;
    const a = lines.rowOf(first.start);
    const b = endRow(last.outer);
    const what = omission(`${formatCount(run.length)} functions omitted (${lineSpan(a + 1, b + 1)})${nameList(run.map((f) => f.name))}`, this.ref);
    if (!this.emit(first.start, last.end, this.python ? `...  # ${what}` : `/* ${what} */`)) return false;
    this.stats.collapsed += run.length;
    this.units.push([first.start, last.end]);
    return true;
  }
}

/** `1 line`, `12 lines`. */
const lineCount = (n: number) => `${formatCount(n)} line${n === 1 ? "" : "s"}`;

/** Rows a node spans, or its characters / {@link CHARS_PER_ROW} when more (minified code). */
function size(node: Node): number {
  return Math.max(endRow(node) - node.startPosition.row + 1, Math.ceil((node.endIndex - node.startIndex) / CHARS_PER_ROW));
}

/** `": a, b, c"` for the distinct non-empty names (at most {@link COLLAPSE_NAMES}), or `""`. */
function nameList(names: string[]): string {
  const distinct = [...new Set(names.filter(Boolean))];
  if (distinct.length === 0) return "";
  const shown = distinct.slice(0, COLLAPSE_NAMES).join(", ");
  return `: ${shown}${distinct.length > COLLAPSE_NAMES ? `, +${distinct.length - COLLAPSE_NAMES} more` : ""}`;
}

/** The text that starts a marker line inside a doc comment: indentation plus the comment leader. */
function docPrefix(lines: CodeModel["lines"], a: number, b: number, doc: DocBlock): string {
  let row = a;
  for (let r = a; r <= b; r++) {
    if (lines.line(r).trim() !== "") {
      row = r;
      break;
    }
  }
  const line = lines.line(row);
  const indent = /^[ \t]*/.exec(line)![0];
  if (doc.kind === "docstring") return indent;
  const leader = /^[ \t]*(\/\/\/|\/\/!|\/\/|\*(?!\/)|#|--)/.exec(line);
  if (leader) return `${indent}${leader[1]} `;
  return indent;
}
