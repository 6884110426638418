/**
 * Log shapes: a second, coarser template level. The core's masked hash hides only runs that hold
 * a digit, so in logs whose lines carry free-text names (dpkg/apt, package managers, audit logs:
 * `status installed libfoo-dev:amd64 1.2-3`) every name makes its own template, rare templates
 * are everywhere and rarity says nothing. A shape is the line's first few tokens with the
 * positions where names go replaced by `<*>`, found like Drain's fixed-depth prefix tree: the
 * tokens are walked position by position, and at each node of the tree (the shape so far) a
 * position whose values look like names — more than {@link MAX_CHILD} distinct values, or many
 * values seen only once or twice — becomes `<*>`, except for values on a good share of the node's
 * lines (the few verbs that open most lines of apt's output). Structural words stay, so the 2
 * `startup archives install` among 300 `startup archives unpack`, or one `upgrade` among the
 * `install`s, are rare shapes. The tree reads at most {@link DEPTH} words ({@link MAX_TOKENS}
 * tokens) of a line: a shape is the start of a message, not all of it.
 *
 * Computed per template (from its first line's bytes, masked like the core: a run of letters and
 * digits that holds a digit is one `#`), so every line of a template has its template's shape and
 * both engines, which group templates alike, get the same shapes. Tokens are hashed from the bytes
 * (FNV-1a), never decoded; each tree level is one pass over the templates with typed-array hash
 * tables: linear in the number of templates.
 * @module
 */
import type { LineTable } from "./lines.js";
import { templateDisplay, type Templates } from "./templates.js";

/** Word tokens (holding a letter once masked) a shape reads at most. */
export const DEPTH = 6;
/** Tokens a shape reads at most (words and others, such as a masked timestamp). */
export const MAX_TOKENS = 12;
/** A tree node with more distinct next tokens than this makes that position `<*>`. */
export const MAX_CHILD = 16;
/** A next token seen on at most this many lines is a rare value… */
const RARE_VALUE = 2;
/** …and a node with at least this many rare values, half or more of its values, makes the position `<*>`. */
const RARE_VALUES = 4;

/** At a varying position, a value on at least this share of the node's lines (and {@link FREQUENT_MIN}) stays a word. */
export const FREQUENT_SHARE = 0.05;
const FREQUENT_MIN = 3;

/** Shape id of templates that take no part (blank lines, continuation lines). */
export const NO_SHAPE = 0xffffffff;

/** Templates grouped by shape. */
export interface Shapes {
  /** Number of shapes. */
  readonly size: number;
  /** Shape of each template ({@link NO_SHAPE} for templates left out). */
  readonly of: Uint32Array;
  /** Lines per shape. */
  readonly count: Uint32Array;
  /** Tokens each shape reads. */
  readonly tokens: Uint8Array;
  /** Bit p set when token p of the shape is `<*>`. */
  readonly vary: Uint16Array;
}

const END = 0; // no further token
const STAR = 1; // a varying position
const SP = 0x20;
const TAB = 0x09;

// the token read by nextToken: its hash, whether it holds a word, and where reading goes on
let tokHash = 0;
let tokWord = false;
let tokEnd = 0;

// Reads the token at bytes[p…end): skips blanks, then hashes the masked token (runs of letters and
// digits holding a digit hash as one '#'); END when the line is done.
function nextToken(bytes: Uint8Array, p: number, end: number): void {
  while (p < end && (bytes[p] === SP || bytes[p] === TAB)) p++;
  if (p >= end) {
    tokHash = END;
    tokWord = false;
    tokEnd = p;
    return;
  }
  let h = 0x811c9dc5 | 0;
  let word = false;
  while (p < end) {
    const c = bytes[p]!;
    if (c === SP || c === TAB) break;
    if (isAlnum(c)) {
      let hr = h;
      let digit = false;
      let letter = false;
      while (p < end && isAlnum(bytes[p]!)) {
        const d = bytes[p]!;
        if (d <= 0x39) digit = true;
        else letter = true;
        hr = Math.imul(hr ^ d, 0x01000193);
        p++;
      }
      if (digit) h = Math.imul(h ^ 0x23, 0x01000193);
      else {
        h = hr;
        if (letter) word = true;
      }
      continue;
    }
    if (c >= 0x80) word = true; // a non-ASCII letter, most likely
    h = Math.imul(h ^ c, 0x01000193);
    p++;
  }
  h >>>= 0;
  tokHash = h <= STAR ? h + 2 : h;
  tokWord = word;
  tokEnd = p;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** An open-addressing table from (node, token) pairs to dense slots, cleared per tree level. */
class PairTable {
  private readonly mask: number;
  private readonly keyA: Uint32Array;
  private readonly keyB: Uint32Array;
  private readonly slot: Int32Array;
  size = 0;
  /** The pair of each slot. */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  /** Where each slot's pair sits in the table. */
  private readonly pos: Uint32Array;

  constructor(max: number) {
    let cap = 16;
    while (cap < max * 2) cap *= 2;
    this.mask = cap - 1;
    this.keyA = new Uint32Array(cap);
    this.keyB = new Uint32Array(cap);
    this.slot = new Int32Array(cap).fill(-1);
    this.a = new Uint32Array(Math.max(1, max));
    this.b = new Uint32Array(Math.max(1, max));
    this.pos = new Uint32Array(Math.max(1, max));
  }

  /** Empties the table (only the entries in use are touched). */
  clear(): void {
    for (let s = 0; s < this.size; s++) this.slot[this.pos[s]!] = -1;
    this.size = 0;
  }

  /** The dense slot of (a, b), added when new. */
  get(a: number, b: number): number {
    const { mask, keyA, keyB, slot } = this;
    let h = hashPair(a, b) & mask;
    for (;;) {
      const s = slot[h]!;
      if (s === -1) break;
      if (keyA[h] === a && keyB[h] === b) return s;
      h = (h + 1) & mask;
    }
    const s = this.size++;
    keyA[h] = a;
    keyB[h] = b;
    slot[h] = s;
    this.pos[s] = h;
    this.a[s] = a;
    this.b[s] = b;
    return s;
  }
}

function hashPair(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> 0;
}

/**
 * Groups templates by shape.
 * @param t the line table
 * @param tpl the templates
 * @param use 1 for each template that takes part (records; not blank or continuation lines)
 * @example
 * const s = groupShapes(t, tpl, use);
 * s.count[s.of[tpl.id[i]]]; // lines shaped like line i, e.g. 1,930 for `<*> <*> status installed <*>`
 */
export function groupShapes(t: LineTable, tpl: Templates, use: Uint8Array): Shapes {
  const T = tpl.size;
  const { bytes, spans } = t;
  let A = 0;
  for (let k = 0; k < T; k++) if (use[k]) A++;
  // per active template r: its template, read position, line end, node, words read
  const active = new Uint32Array(A);
  const cursor = new Uint32Array(A);
  const end = new Uint32Array(A);
  const node = new Uint32Array(A);
  const words = new Uint8Array(A);
  for (let k = 0, r = 0; k < T; k++) {
    if (!use[k]) continue;
    const i = tpl.first[k]!;
    active[r] = k;
    cursor[r] = spans[i * 4]!;
    end[r] = spans[i * 4 + 1]!; // whole tokens (a cut one would make a spurious shape); at most MAX_TOKENS of them
    r++;
  }
  // nodes: 0 is the root; each has the vary bits and token count of its path. Nodes made at one
  // level are numbered base…nodes-1; the live templates of the next level sit on them.
  let nodeVary = new Uint16Array(1024);
  let nodeTokens = new Uint8Array(1024);
  let nodes = 1;
  let base = 0;
  let live = new Uint32Array(A);
  let nextLive = new Uint32Array(A);
  let L = A;
  for (let r = 0; r < A; r++) live[r] = r;
  const pairs = new PairTable(A);
  const slotOf = new Uint32Array(A);
  const slotLines = new Float64Array(Math.max(1, A));
  const child = new Uint32Array(Math.max(1, A));

  for (let p = 0; p < MAX_TOKENS && L > 0; p++) {
    // read the next token of every live template; count lines per (node, token)
    pairs.clear();
    for (let q = 0; q < L; q++) {
      const r = live[q]!;
      nextToken(bytes, cursor[r]!, end[r]!);
      cursor[r] = tokEnd;
      if (tokWord) words[r]!++;
      const before = pairs.size;
      const s = pairs.get(node[r]!, tokHash);
      if (pairs.size > before) slotLines[s] = 0;
      slotLines[s]! += tpl.count[active[r]!]!;
      slotOf[q] = s;
    }
    // per node: lines, distinct next tokens, rare ones
    const width = nodes - base;
    const distinct = new Uint32Array(width);
    const rare = new Uint32Array(width);
    const total = new Float64Array(width);
    const star = new Int32Array(width).fill(-1);
    for (let s = 0; s < pairs.size; s++) {
      const nd = pairs.a[s]! - base;
      distinct[nd]!++;
      total[nd]! += slotLines[s]!;
      if (pairs.b[s] !== END && slotLines[s]! <= RARE_VALUE) rare[nd]!++;
    }
    // each (node, token) gets its child node: its own, or the node's one <*> child when the
    // position varies there. At a varying position, a value on many of the node's lines stays
    // (the few verbs that open most lines of an apt run); the long tail of names becomes <*>.
    let made = 0;
    const need = nodes + pairs.size;
    if (need > nodeVary.length) {
      let cap = nodeVary.length;
      while (cap < need) cap *= 2;
      const nv = new Uint16Array(cap);
      nv.set(nodeVary);
      nodeVary = nv;
      const nt = new Uint8Array(cap);
      nt.set(nodeTokens);
      nodeTokens = nt;
    }
    for (let s = 0; s < pairs.size; s++) {
      const parent = pairs.a[s]!;
      const nd = parent - base;
      const tok = pairs.b[s]!;
      const d = distinct[nd]!;
      const rv = rare[nd]!;
      const varies = tok !== END && (d > MAX_CHILD || (rv >= RARE_VALUES && rv * 2 >= d)) && slotLines[s]! < Math.max(FREQUENT_MIN, total[nd]! * FREQUENT_SHARE);
      if (varies && star[nd]! >= 0) {
        child[s] = star[nd]!;
        continue;
      }
      const id = nodes + made++;
      if (varies) star[nd] = id;
      child[s] = id;
      // a line that ends here has the path so far plus "ends here"
      nodeVary[id] = nodeVary[parent]! | (varies ? 1 << p : 0);
      nodeTokens[id] = tok === END ? nodeTokens[parent]! : p + 1;
    }
    // move the templates; those that ended or read DEPTH words stop
    let nl = 0;
    for (let q = 0; q < L; q++) {
      const r = live[q]!;
      const s = slotOf[q]!;
      node[r] = child[s]!;
      if (pairs.b[s] !== END && words[r]! < DEPTH && p + 1 < MAX_TOKENS) nextLive[nl++] = r;
    }
    [live, nextLive] = [nextLive, live];
    L = nl;
    base = nodes;
    nodes += made;
  }

  // dense shape ids in order of first template
  const of = new Uint32Array(T).fill(NO_SHAPE);
  const dense = new Int32Array(nodes).fill(-1);
  const count: number[] = [];
  const tokens: number[] = [];
  const vary: number[] = [];
  for (let r = 0; r < A; r++) {
    const k = active[r]!;
    const nd = node[r]!;
    let s = dense[nd]!;
    if (s < 0) {
      s = dense[nd] = count.length;
      count.push(0);
      tokens.push(nodeTokens[nd]!);
      vary.push(nodeVary[nd]!);
    }
    of[k] = s;
    count[s]! += tpl.count[k]!;
  }
  return { size: count.length, of, count: Uint32Array.from(count), tokens: Uint8Array.from(tokens), vary: Uint16Array.from(vary) };
}

/**
 * The display form of a shape, from one of its lines: its tokens, `<*>` where the shape varies
 * and for masked runs, then `…` when the line goes on; empty when no word is left to show. Only
 * for markers; never output as log content.
 * @example shapeDisplay("2024-01-02 10:00:01 status installed libfoo:amd64 1.2-3", 5, 0b10000) // "<*> <*> status installed <*> …"
 */
export function shapeDisplay(line: string, tokens: number, vary: number): string {
  const parts: string[] = [];
  for (const m of line.matchAll(/[^ \t]+/g)) if (parts.push(m[0]) > tokens) break;
  const shown: string[] = [];
  let words = 0;
  for (let p = 0; p < Math.min(tokens, parts.length); p++) {
    if (vary & (1 << p)) shown.push("<*>");
    else {
      shown.push(parts[p]!);
      if (/[A-Za-z]/.test(parts[p]!.replace(MASKED_RUN, ""))) words++;
    }
  }
  if (words === 0) return ""; // "<*> <*> <*>" says nothing
  if (parts.length > tokens) shown.push("…");
  return templateDisplay(shown.join(" "));
}

const MASKED_RUN = /[0-9A-Za-z]*[0-9][0-9A-Za-z]*/g;
