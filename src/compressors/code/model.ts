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
import type { LangSpec } from "./languages.js";
import { LineIndex } from "./lines.js";
import { isConstructor, isNamed, nameHints, ownerType, queryNames } from "./names.js";
import { functionName } from "./syntax.js";

/** A function whose body may be elided. */
export interface Fn {
  node: Node;
  /** The outermost node that is only this function (decorators, `export`, `const f = …`). */
  outer: Node;
  body: Node;
  name: string;
  /** The type it is a method of (`""` for a free function). */
  owner: string;
  /** A constructor of `owner` (or a Go `NewX` / Rust `new` factory). */
  ctor: boolean;
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
  /** A word of its name (4+ letters) is a query word: never collapsed away, though its body may go. */
  nameHint: boolean;
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
  /** The hits {@link rankModels} found, before statements matching the query's words add theirs. */
  baseHits: Int32Array;
  /** Sorted, disjoint spans (flat `start, end, …`) that a condensed body keeps whole: statements picked for the query's words. */
  whole: Int32Array;
  /** True when `[start, end)` holds a query identifier or the start of a function the query names. */
  hasHit(start: number, end: number): boolean;
  /** True when `[start, end)` lies inside one of the {@link CodeModel.whole} spans. */
  inWhole(start: number, end: number): boolean;
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

  // The grammar lists node kinds in one call each (in wasm): far cheaper than walking every node.
  for (const node of root.descendantsOfType([...spec.functions])) {
    const body = node.childForFieldName("body");
    if (!body || !spec.bodies.has(body.type)) continue;
    const outer = climb(node, spec);
    const name = functionName(node);
    const owner = ownerType(node);
    const factory = /^[Nn]ew([A-Z]\w*)$/.exec(name);
    const fn: Fn = {
      node, outer, body, name, start: outer.startIndex, end: outer.endIndex,
      owner: owner || (factory ? factory[1]! : ""), ctor: isConstructor(node, name, owner) || (!!factory && !owner),
      docstring: null, named: false, hit: false, wordTop: false, referenced: false, nameHint: false, docs: [],
      bodyRows: Math.max(body.endPosition.row - body.startPosition.row + 1, Math.ceil((body.endIndex - body.startIndex) / CHARS_PER_ROW)),
    };
    fns.push(fn);
    fnByNode.set(node.id, fn);
    fnByOuter.set(outer.id, fn);
  }
  if (spec.id === "rust") {
    // Rust macro arguments are tokens to the grammar; item-like `{ … }` bodies are parsed apart.
    for (const tt of root.descendantsOfType("token_tree")) {
      if (tt.parent?.type === "macro_invocation" && tt.text.startsWith("{")) macroBodies.push(tt);
    }
  }
  if (spec.attachments.size > 0) findAttachments(root.descendantsOfType([...spec.attachments]), spec, attachments);
  groupComments(root.descendantsOfType(["comment", "line_comment", "block_comment"]), lines, spec, docs, docByNode, docTail, pending);
  if (spec.style === "python") {
    for (const node of [root, ...root.descendantsOfType("block")]) {
      const first = node.firstNamedChild;
      if (!first || first.type !== "expression_statement" || first.namedChildCount !== 1 || first.firstNamedChild!.type !== "string") continue;
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
    fns, fnByNode, fnByOuter, docs, docByNode, docTail, identifierOffsets: identifierHits(text, query),
    hits: new Int32Array(0), baseHits: new Int32Array(0), whole: new Int32Array(0),
    hasHit: (start, end) => {
      const sorted = model.hits;
      const i = lowerBound(sorted, 1, start);
      return i < sorted.length && sorted[i]! < end;
    },
    inWhole: (start, end) => {
      // The last span starting at or before `start` must reach `end`.
      const w = model.whole;
      const i = lowerBound(w, 2, start + 1) - 1;
      return i >= 0 && w[2 * i + 1]! >= end;
    },
  };
  return model;
}

/** First index i (of `a.length / stride` entries) whose `a[stride * i]` is `>= value`. */
function lowerBound(a: Int32Array, stride: number, value: number): number {
  let lo = 0;
  let hi = a.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[stride * mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds hits and whole spans for statements the query's words point at (on top of the hits
 * {@link rankModels} found), and marks again which function bodies hold a hit. Passing empty
 * lists goes back to the base hits.
 * @param hits offsets of statements to keep (their enclosing blocks and headers stay too)
 * @param whole spans `[start, end)` kept whole wherever a condensed body reaches them
 * @example setStatementHits(model, [ifStart], [[ifStart, ifEnd]]); render(model, LEVELS[0], ref, banned)
 */
export function setStatementHits(model: CodeModel, hits: readonly number[], whole: ReadonlyArray<readonly [number, number]>): void {
  model.hits = hits.length === 0 ? model.baseHits : Int32Array.from([...model.baseHits, ...hits]).sort();
  model.whole = mergeSpans(whole);
  for (const fn of model.fns) fn.hit = model.hasHit(fn.body.startIndex, fn.body.endIndex);
}

/** Sorted, merged spans as flat `start, end, …`. */
function mergeSpans(spans: ReadonlyArray<readonly [number, number]>): Int32Array {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [a, b] of sorted) {
    if (out.length > 0 && a <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, b);
    else out.push(a, b);
  }
  return Int32Array.from(out);
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
    m.baseHits = Int32Array.from(hits).sort();
    setStatementHits(m, [], []);
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

/** Attributes (decorators, `#[…]`) directly above a node belong to it: records the first of each run. */
function findAttachments(nodes: Node[], spec: LangSpec, attachments: Array<{ start: number; next: Node }>): void {
  for (const a of nodes) {
    const prev = a.previousNamedSibling;
    if (prev && spec.attachments.has(prev.type)) continue; // not the first of its run
    let last = a;
    let next = a.nextNamedSibling;
    while (next && spec.attachments.has(next.type)) {
      last = next;
      next = next.nextNamedSibling;
    }
    if (next && next.startPosition.row <= endRow(last) + 1) attachments.push({ start: a.startIndex, next });
  }
}

/**
 * Groups comments (all of the file's, in order) into blocks: a multi-line comment alone, or a run
 * of one-line comments that start their line on consecutive rows with nothing between them.
 * Records which node follows each block (the function it documents, when it is one). Comments
 * inside Rust macro token trees are left to the macro body's own model.
 */
function groupComments(
  comments: Node[], lines: LineIndex, spec: LangSpec, docs: DocBlock[], docByNode: Map<number, DocBlock>, docTail: Set<number>,
  pending: Array<{ block: DocBlock; next: Node | null; attachStart: number }>,
): void {
  const oneLine = (k: Node) => endRow(k) === k.startPosition.row && !k.text.startsWith("/*") && lines.startsLine(k.startIndex);
  for (let i = 0; i < comments.length; i++) {
    const first = comments[i]!;
    if (!lines.startsLine(first.startIndex) || first.parent?.type === "token_tree") continue;
    let j = i;
    if (oneLine(first)) {
      while (j + 1 < comments.length) {
        const cur = comments[j]!;
        const nxt = comments[j + 1]!;
        if (!oneLine(nxt) || nxt.startPosition.row !== endRow(cur) + 1 || cur.nextNamedSibling?.id !== nxt.id) break;
        j++;
      }
    }
    const last = comments[j]!;
    const block = docBlock(first, oneLine(first) ? "line" : "block", lines, last);
    docs.push(block);
    docByNode.set(first.id, block);
    for (let t = i + 1; t <= j; t++) docTail.add(comments[t]!.id);
    // The documented node: right below, past any attributes.
    let n = last.nextNamedSibling;
    let attachStart = Number.MAX_SAFE_INTEGER;
    let row = block.lastRow;
    while (n && spec.attachments.has(n.type) && n.startPosition.row <= row + 1) {
      attachStart = Math.min(attachStart, n.startIndex);
      row = endRow(n);
      n = n.nextNamedSibling;
    }
    pending.push({ block, next: n && n.startPosition.row <= row + 1 ? n : null, attachStart });
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

/**
 * Marks the functions the query names, and the constructors of the types it names (where a
 * type's defaults live) unless it names a method of that type too (then the question is about
 * that method, and the type name only says whose).
 */
function markNamed(fns: Fn[], query: ParsedQuery): void {
  const names = queryNames(query);
  const typeNamed = (t: string) => t !== "" && (names.exact.has(t) || names.words.has(t.toLowerCase()));
  const withNamedMethod = new Set<string>();
  for (const fn of fns) {
    fn.named = isNamed(fn.name, names);
    if (fn.named && fn.owner !== "" && !fn.ctor) withNamedMethod.add(fn.owner);
  }
  for (const fn of fns) if (!fn.named && fn.ctor && typeNamed(fn.owner) && !withNamedMethod.has(fn.owner)) fn.named = true;
  const hints = nameHints(fns.map((f) => f.name), names);
  fns.forEach((fn, i) => (fn.nameHint = hints[i]!));
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
// A Markdown link definition (`[`spawn_blocking`]: fn@crate::task::spawn_blocking`): a target, not prose.
const LINK_DEF = /^\[[^\]]+\]:\s*\S+$/;

/** Rows of example code (and link definitions) inside doc comments: noise for word matching, cut first when trimming. */
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
      if (fence || pre || t.startsWith(">>> ") || t.startsWith("... ") || LINK_DEF.test(t)) rows[r] = 1;
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
