/**
 * One pass over a parsed file that finds what the renderer decides about: every function with an
 * elidable body (its name, the span of its docs, decorators and body), every comment block and
 * docstring, where the query's identifiers occur, and which functions and doc paragraphs the
 * query's words point at.
 * @module
 */
import type { Node } from "web-tree-sitter";
import type { ParsedQuery } from "../../core/query.js";
import { scoreUnits } from "../shared/relevance.js";
import { isComment, type LangSpec } from "./languages.js";
import { LineIndex } from "./lines.js";
import { functionName } from "./syntax.js";

/** A function whose body may be elided. */
export interface Fn {
  node: Node;
  /** The outermost node that is only this function (decorators, `export`, `const f = …`). */
  outer: Node;
  body: Node;
  name: string;
  /** Span of the whole unit: attached doc comments and attributes, then the function. */
  start: number;
  end: number;
  /** Python: the docstring statement (first statement of the body), kept when the body goes. */
  docstring: Node | null;
  /** The query names this function (`make_response`, `ClientIP`, the word `abbreviate`). */
  named: boolean;
  /** The body holds a query identifier or a function the query names. */
  hit: boolean;
  /** Among the few functions whose text best matches the query's words. */
  wordTop: boolean;
  /** Doc blocks that document it (comments above, a Python docstring). */
  docs: DocBlock[];
  /** A doc comment of a function the query names mentions this one (`see [`thread_keep_alive`]`). */
  referenced: boolean;
  /** Rows the body spans, or its characters / {@link CHARS_PER_ROW} when more (minified code). */
  bodyRows: number;
}

/** A run of comment lines, a block comment, or a Python docstring. */
export interface DocBlock {
  start: number;
  end: number;
  firstRow: number;
  lastRow: number;
  /** `line`: `//`, `///`, `#` lines; `block`: `/* … *\/`; `docstring`: a Python string statement. */
  kind: "line" | "block" | "docstring";
  /** The function it documents, if any. */
  owner: Fn | undefined;
  /** Rows of paragraphs the query's words point at (absolute row → the paragraph's rank, 0 best). */
  keepRows: Map<number, number>;
  /** Best rank among its paragraphs (`Infinity` when none matches). */
  bestRank: number;
}

/** Everything the renderer needs about one parsed file. */
export interface CodeModel {
  text: string;
  /** The tree's root (valid while the tree is alive). */
  root: Node;
  spec: LangSpec;
  lines: LineIndex;
  fns: Fn[];
  fnByNode: Map<number, Fn>;
  fnByOuter: Map<number, Fn>;
  docs: DocBlock[];
  /** Doc block by the id of its first node (comment or docstring statement). */
  docByNode: Map<number, DocBlock>;
  /** Ids of comment nodes that belong to a block but do not start it. */
  docTail: Set<number>;
  /** 1 for rows of example code inside doc comments (fenced, `<pre>`, doctest). */
  exampleRows: Uint8Array;
  /** Rust: `{ … }` token trees of macro calls (`cfg_unstable! { … }`) whose items a nested model may describe. */
  macroBodies: Node[];
  /** Models of macro bodies that parsed as items, by token-tree node id (filled by the compressor). */
  subModels: Map<number, CodeModel>;
  /** Offsets of every query identifier occurrence. */
  identifierOffsets: number[];
  /** Sorted hit offsets: identifier occurrences and starts of functions the query points at (set by {@link rankModels}). */
  hits: Int32Array;
  /** True when `[start, end)` holds a query identifier or the start of a function the query names. */
  hasHit(start: number, end: number): boolean;
}

/** Characters that count as one row when sizing a body written on few long lines. */
export const CHARS_PER_ROW = 100;
/** How many functions the query's words may pull in whole. */
const WORD_TOP = 3;
/** Functions longer than this are not pulled in by words alone (they would not be kept whole). */
const WORD_TOP_MAX_ROWS = 120;
/** Doc paragraphs the query's words may keep, at most. */
const PARAGRAPH_TOP = 12;

// Parents that only hold a function value: climbing them finds the statement to attach docs to.
const CLIMB = new Set([
  "variable_declarator", "lexical_declaration", "variable_declaration", "pair", "assignment_expression",
  "expression_statement", "public_field_definition", "field_definition", "export_statement",
]);

/**
 * Builds the model of a parsed file.
 * @param text the source that was parsed
 * @param root the tree's root node (must stay alive while the model is used)
 */
export function buildModel(text: string, root: Node, spec: LangSpec, query: ParsedQuery): CodeModel {
  const lines = new LineIndex(text);
  const fns: Fn[] = [];
  const fnByNode = new Map<number, Fn>();
  const fnByOuter = new Map<number, Fn>();
  const docs: DocBlock[] = [];
  const docByNode = new Map<number, DocBlock>();
  const docTail = new Set<number>();
  // Doc blocks waiting for their owner: the node after them (attributes skipped) and their block.
  const pending: Array<{ block: DocBlock; next: Node | null; attachStart: number }> = [];
  const attachments: Array<{ start: number; next: Node }> = [];
  const macroBodies: Node[] = [];

  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (spec.functions.has(node.type)) {
      const body = node.childForFieldName("body");
      if (body && spec.bodies.has(body.type)) {
        const outer = climb(node, spec);
        const fn: Fn = {
          node, outer, body, name: functionName(node), start: outer.startIndex, end: outer.endIndex,
          docstring: null, named: false, hit: false, wordTop: false, referenced: false, docs: [],
          bodyRows: Math.max(body.endPosition.row - body.startPosition.row + 1, Math.ceil((body.endIndex - body.startIndex) / CHARS_PER_ROW)),
        };
        fns.push(fn);
        fnByNode.set(node.id, fn);
        fnByOuter.set(outer.id, fn);
      }
    }
    if (node.type === "token_tree") {
      // Rust macro arguments are tokens to the grammar; item-like `{ … }` bodies are parsed apart.
      if (node.parent?.type === "macro_invocation" && node.text.startsWith("{")) macroBodies.push(node);
      continue;
    }
    const kids = node.namedChildren;
    if (kids.length === 0) continue;
    groupComments(kids, lines, spec, docs, docByNode, docTail, pending, attachments);
    if (spec.style === "python" && (node.type === "block" || node.type === "module")) {
      const first = kids[0];
      if (first && first.type === "expression_statement" && first.namedChildCount === 1 && first.namedChildren[0]!.type === "string") {
        const block = docBlock(first, "docstring", lines);
        docs.push(block);
        docByNode.set(first.id, block);
        const owner = node.parent ? fnByNode.get(node.parent.id) : undefined;
        if (owner && owner.body.id === node.id) {
          owner.docstring = first;
          block.owner = owner;
          owner.docs.push(block);
        }
      }
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }

  // Docs and attributes belong to the function right below them.
  for (const a of attachments) {
    const fn = fnByOuter.get(a.next.id);
    if (fn) fn.start = Math.min(fn.start, a.start);
  }
  for (const p of pending) {
    const fn = p.next ? fnByOuter.get(p.next.id) : undefined;
    if (!fn) continue;
    p.block.owner = fn;
    fn.docs.push(p.block);
    fn.start = Math.min(fn.start, p.block.start, p.attachStart);
  }
  fns.sort((a, b) => a.node.startIndex - b.node.startIndex);
  docs.sort((a, b) => a.start - b.start);

  const model: CodeModel = {
    text, root, spec, lines, exampleRows: markExamples(docs, lines), macroBodies, subModels: new Map(),
    fns, fnByNode, fnByOuter, docs, docByNode, docTail, identifierOffsets: identifierHits(text, query), hits: new Int32Array(0),
    hasHit: (start, end) => {
      const sorted = model.hits;
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < start) lo = mid + 1;
        else hi = mid;
      }
      return lo < sorted.length && sorted[lo]! < end;
    },
  };
  return model;
}

/**
 * Decides what the query points at, over a file's model and the models of its macro bodies
 * together (so "the few best" means the few best in the file): named, cited and word-matching
 * functions, matching doc paragraphs, and where the hits are.
 */
export function rankModels(models: readonly CodeModel[], query: ParsedQuery): void {
  const fns = models.flatMap((m) => m.fns);
  markNamed(fns, query);
  markReferenced(fns, models);
  markWordTop(models, query);
  markParagraphs(models, query);
  for (const m of models) {
    const hits = [...m.identifierOffsets];
    for (const fn of m.fns) if (fn.named || fn.wordTop) hits.push(fn.node.startIndex);
    m.hits = Int32Array.from(hits).sort();
    for (const fn of m.fns) fn.hit = m.hasHit(fn.body.startIndex, fn.body.endIndex);
  }
}

/** The outermost node that holds only this function. */
function climb(node: Node, spec: LangSpec): Node {
  let outer = node;
  for (;;) {
    const p = outer.parent;
    if (!p) return outer;
    if (spec.wrappers.has(p.type) || (CLIMB.has(p.type) && p.endIndex - outer.endIndex <= 1 && p.type !== "program")) {
      outer = p;
      continue;
    }
    return outer;
  }
}

function docBlock(first: Node, kind: DocBlock["kind"], lines: LineIndex, last: Node = first): DocBlock {
  const lastRow = endRow(last);
  return { start: first.startIndex, end: Math.min(last.endIndex, lines.end(lastRow)), firstRow: first.startPosition.row, lastRow, kind, owner: undefined, keepRows: new Map(), bestRank: Number.POSITIVE_INFINITY };
}

/** The last row a node covers (Rust's `///` comment nodes end at column 0 of the next row). */
export function endRow(node: Node): number {
  const e = node.endPosition;
  return e.column === 0 && e.row > node.startPosition.row ? e.row - 1 : e.row;
}

/**
 * Groups comment children into blocks: a multi-line comment alone, or a run of one-line comments
 * that start their line on consecutive rows. Records which node follows each block (the function
 * it documents, when it is one) and which attributes sit directly above a node.
 */
function groupComments(
  kids: Node[], lines: LineIndex, spec: LangSpec, docs: DocBlock[], docByNode: Map<number, DocBlock>, docTail: Set<number>,
  pending: Array<{ block: DocBlock; next: Node | null; attachStart: number }>, attachments: Array<{ start: number; next: Node }>,
): void {
  const oneLine = (k: Node) => isComment(k.type) && endRow(k) === k.startPosition.row && !k.text.startsWith("/*") && lines.startsLine(k.startIndex);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    if (spec.attachments.has(k.type)) {
      // Attributes directly above a node (possibly several) belong to it.
      let j = i;
      while (j + 1 < kids.length && spec.attachments.has(kids[j + 1]!.type)) j++;
      const next = kids[j + 1];
      if (next && next.startPosition.row <= endRow(kids[j]!) + 1) attachments.push({ start: k.startIndex, next });
      i = j;
      continue;
    }
    if (!isComment(k.type) || !lines.startsLine(k.startIndex)) continue;
    let j = i;
    if (oneLine(k)) while (j + 1 < kids.length && oneLine(kids[j + 1]!) && kids[j + 1]!.startPosition.row === endRow(kids[j]!) + 1) j++;
    const first = kids[i]!;
    const last = kids[j]!;
    const block = docBlock(first, oneLine(first) ? "line" : "block", lines, last);
    docs.push(block);
    docByNode.set(first.id, block);
    for (let t = i + 1; t <= j; t++) docTail.add(kids[t]!.id);
    // The documented node: right below, past any attributes.
    let n = j + 1;
    let attachStart = Number.MAX_SAFE_INTEGER;
    let row = block.lastRow;
    while (n < kids.length && spec.attachments.has(kids[n]!.type) && kids[n]!.startPosition.row <= row + 1) {
      attachStart = Math.min(attachStart, kids[n]!.startIndex);
      row = endRow(kids[n]!);
      n++;
    }
    const next = n < kids.length && kids[n]!.startPosition.row <= row + 1 ? kids[n]! : null;
    pending.push({ block, next, attachStart });
    i = j;
  }
}

/** Offsets of every occurrence of every query identifier. */
function identifierHits(text: string, query: ParsedQuery): number[] {
  const out: number[] = [];
  for (const id of query.identifiers) {
    for (let i = text.indexOf(id); i >= 0; i = text.indexOf(id, i + id.length)) out.push(i);
  }
  return out;
}

/** Names the query gives: identifiers, their dotted or `::` parts, and plain words. */
export function queryNames(query: ParsedQuery): { exact: Set<string>; lower: Set<string> } {
  const exact = new Set<string>();
  for (const id of query.identifiers) {
    exact.add(id);
    for (const part of id.split(/::|[.#/\\:\s]+/)) if (part.length >= 2) exact.add(part.replace(/\(.*$/, ""));
  }
  return { exact, lower: new Set(query.words) };
}

function markNamed(fns: Fn[], query: ParsedQuery): void {
  const { exact, lower } = queryNames(query);
  for (const fn of fns) {
    if (fn.name.length < 2) continue;
    fn.named = exact.has(fn.name) || lower.has(fn.name.toLowerCase());
  }
}

/** Marks functions that a doc comment of a named function mentions by name (one hop, "see also"). */
function markReferenced(fns: Fn[], models: readonly CodeModel[]): void {
  const byName = new Map<string, Fn[]>();
  for (const fn of fns) if (fn.name.length >= 4) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
  for (const m of models) {
    for (const doc of m.docs) {
      if (!doc.owner?.named) continue;
      for (const w of m.text.slice(doc.start, doc.end).matchAll(/[A-Za-z_$][\w$]*/g)) {
        for (const fn of byName.get(w[0]) ?? []) if (!fn.named) fn.referenced = true;
      }
    }
  }
}

/** The text of `[start, end)` without the example-code rows of its docs. */
function proseRows(lines: LineIndex, exampleRows: Uint8Array, start: number, end: number): string {
  const a = lines.rowOf(start);
  const b = lines.rowOf(Math.max(start, end - 1));
  const parts: string[] = [];
  for (let r = a; r <= b; r++) {
    if (exampleRows[r]) continue;
    parts.push(lines.text.slice(Math.max(start, lines.start(r)), Math.min(end, lines.end(r))));
  }
  return parts.join("\n");
}

/** Marks the few functions (not too long) whose text best matches the query's words. */
function markWordTop(models: readonly CodeModel[], query: ParsedQuery): void {
  if (query.words.length === 0) return;
  const candidates: Fn[] = [];
  const texts: string[] = [];
  for (const m of models) {
    for (const f of m.fns) {
      if (f.bodyRows > WORD_TOP_MAX_ROWS) continue;
      candidates.push(f);
      texts.push(proseRows(m.lines, m.exampleRows, f.start, f.end));
    }
  }
  if (candidates.length === 0) return;
  const scores = scoreUnits(texts, { words: query.words, identifiers: [] });
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const best = scores[order[0]!]!;
  if (best <= 0) return;
  for (const i of order.slice(0, WORD_TOP)) if (scores[i]! >= 0.6 * best) candidates[i]!.wordTop = true;
}

// Example code inside docs: Markdown fences, <pre> blocks, doctest prompts.
const FENCE = /^(```|~~~)/;
const PRE_OPEN = /<pre\b/i;
const PRE_CLOSE = /<\/pre>/i;

/** Rows of example code inside doc comments: noise for word matching, cut first when trimming. */
function markExamples(docs: DocBlock[], lines: LineIndex): Uint8Array {
  const rows = new Uint8Array(lines.count);
  for (const block of docs) {
    let fence = false;
    let pre = false;
    for (let r = block.firstRow; r <= block.lastRow; r++) {
      const t = docText(lines.line(r));
      if (FENCE.test(t)) {
        rows[r] = 1;
        fence = !fence;
        continue;
      }
      if (PRE_OPEN.test(t)) pre = true;
      if (fence || pre || t.startsWith(">>> ") || t.startsWith("... ")) rows[r] = 1;
      if (PRE_CLOSE.test(t)) pre = false;
    }
  }
  return rows;
}

// The comment leader of a doc line: `/**`, `*`, `///`, `//!`, `//`, `#`, `"""`.
const LEADER = /^\s*(?:\/\*+!?|\*\/|\*(?!\/)|\/\/\/|\/\/!|\/\/|#|[rRbBuU]{0,2}(?:"""|'''))?/;

/** A doc line's text without indentation, comment leader or closer. */
export function docText(line: string): string {
  return line.replace(LEADER, "").replace(/\*\/\s*$|(?:"""|''')\s*$/, "").trim();
}

/** Marks, in every doc block, the paragraphs the query's words point at most. */
function markParagraphs(models: readonly CodeModel[], query: ParsedQuery): void {
  if (query.words.length === 0) return;
  const paras: Array<{ block: DocBlock; from: number; to: number; text: string }> = [];
  for (const { docs, lines, exampleRows } of models) for (const block of docs) {
    if (block.lastRow === block.firstRow) continue;
    let from = -1;
    let buf = "";
    for (let r = block.firstRow; r <= block.lastRow + 1; r++) {
      const t = r <= block.lastRow && !exampleRows[r] ? docText(lines.line(r)) : "";
      if (t !== "") {
        if (from < 0) from = r;
        buf += t + " ";
      } else if (from >= 0) {
        paras.push({ block, from, to: r - 1, text: buf });
        from = -1;
        buf = "";
      }
    }
  }
  if (paras.length === 0) return;
  const scores = scoreUnits(paras.map((p) => p.text), { words: query.words, identifiers: [] });
  const order = paras.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const best = scores[order[0]!]!;
  if (best <= 0) return;
  order.slice(0, PARAGRAPH_TOP).forEach((i, rank) => {
    if (scores[i]! < 0.5 * best) return;
    const p = paras[i]!;
    for (let r = p.from; r <= p.to; r++) p.block.keepRows.set(r, rank);
    p.block.bestRank = Math.min(p.block.bestRank, rank);
  });
}
