/**
 * Where the names a kept line reads get their values. A kept `if (x > limit) throw …` says little
 * when `const limit = …` two lines above was elided; a kept `if (opts.followRedirects)` says
 * nothing about the default when the `followRedirects: false,` entry of the object literal that
 * builds `opts` was elided; `self._end_offset` read in one method is assigned in another. The
 * question often asks for exactly that value ("what is the default", "where does it come from"),
 * so the compressor keeps, for the names of kept lines, their nearest definition, assignment or
 * object-literal entry: in the same function first (nearest above, then below), then elsewhere in
 * the file, nearest first. Matching is textual (the same for every language): declarations
 * (`const`, `let`, `var`, typed Java/C declarations, Go `:=`), assignments (`x = …`, `self.x = …`,
 * `this.x += …`), entries (`x: …` in an object literal, dict or struct literal).
 * @module
 */
import type { Node } from "web-tree-sitter";
import type { CodeModel, Fn } from "./model.js";

/** A name a line reads: `member` when it follows `.` or `->` (an attribute, field or property). */
export interface ReadName {
  name: string;
  member: boolean;
}

// Words that are syntax, literals or the receiver: never a name whose value is asked for.
const KEYWORDS = new Set(
  ("if else elif for while do return throw throws raise new delete typeof instanceof in of is not and or " +
    "const let var val def fn func function class struct enum interface type import from export as with " +
    "try catch except finally switch case default break continue yield await async static public private " +
    "protected final readonly void null undefined None True False true false nil this self super lambda " +
    "pass assert global nonlocal goto sizeof auto int long short char float double bool boolean string " +
    "go defer select chan map range package impl pub mut ref use crate match where loop unsafe extends implements").split(" "),
);

// String literals and trailing comments, blanked before reading names (their words are not names).
const STRINGS = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\\n]|\\.)*`/g;
const COMMENT_TAIL = /(?:\/\/|#(?![[!])|--\s).*$|\/\*.*?\*\//g;
const NAME = /(\.|->|::)?\s*([A-Za-z_$][\w$]*)/g;

/**
 * The names a line reads: bare names and members, not keywords, not calls (`foo(`), not the
 * target of a plain assignment on the line (`x = …` writes `x`).
 * @example namesRead("if (opts.followRedirects && depth > limit) {") // opts, followRedirects (member), depth, limit
 */
export function namesRead(line: string): ReadName[] {
  const code = line.replace(STRINGS, '""').replace(COMMENT_TAIL, "");
  const out: ReadName[] = [];
  const seen = new Set<string>();
  for (const m of code.matchAll(NAME)) {
    const name = m[2]!;
    const end = m.index! + m[0].length;
    const after = code.slice(end, end + 3);
    if (KEYWORDS.has(name) || /^\d/.test(name)) continue;
    if (/^\s*\(/.test(after)) continue; // a call: its definition is a function the skeleton shows
    if (/^\s*(?:[-+*/%|&^:]|\?\?)?=(?!=)/.test(after) && !m[1]) continue; // written here, not read
    const member = m[1] === "." || m[1] === "->";
    const key = `${member ? "." : ""}${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, member });
  }
  return out;
}

const esc = (s: string) => s.replace(/[$]/g, "\\$");

/**
 * A test for lines that give `name` a value: declarations, assignments and literal entries for
 * a member; declarations and assignments for a bare name.
 * @example definesName({ name: "followRedirects", member: true }).test("  followRedirects: false,") // true
 */
export function definesName(read: ReadName): RegExp {
  const n = esc(read.name);
  const b = `(?<![\\w$])${n}(?![\\w$])`;
  const op = `\\s*(?:[-+*/%|&^]|\\?\\?|\\|\\||&&)?=(?![=>])`;
  const forms = [
    // const x = …, let x: T = …, private final int x = …, Set<String> x = …, a, x = …, x := …
    `^\\s*(?:[\\w$<>\\[\\],.?]+\\s+)*(?:[\\w$]+\\s*,\\s*)*${b}\\s*(?::[^=\\n]*)?(?:,\\s*[\\w$]+\\s*)*${op}`,
    `(?:^|[\\s(,;{])${b}\\s*(?:,\\s*[\\w$]+\\s*)*:=`,
    // const { x } = …, const [a, x] = …
    `\\b(?:const|let|var|val)\\s*[{[][^=]*${b}[^=]*[}\\]]\\s*=`,
    // for x in …, … as x
    `\\bfor\\s*\\(?\\s*(?:(?:const|let|var|final|auto)\\s+)?(?:[\\w$]+\\s*,\\s*)*${b}\\s*(?:in|of|:)\\b`,
  ];
  if (read.member) {
    // self.x = …, this.x += …, obj->x = …
    forms.push(`(?:\\.|->)\\s*${b}\\s*(?:\\[[^\\]]*\\]\\s*)?${op}`);
    // x: …, "x": …, 'x': … (object literal, dict, struct literal); x=… (a keyword argument)
    forms.push(`^\\s*(?:${b}|["']${n}["'])\\s*:(?![:=])`);
    forms.push(`[(,]\\s*${b}\\s*=(?![=>])`);
  }
  return new RegExp(forms.join("|"));
}

/** True for a line that is a comment (its words describe, they do not define). */
const isCommentLine = (line: string) => /^\s*(?:\/\/|\/\*|\*|#(?![[!])|--)/.test(line);

/** Occurrences looked at per name, at most (a name used everywhere is rarely the one asked about). */
const MAX_OCCURRENCES = 4000;

/**
 * Rows that give `read` its value, nearest first: in the function holding `row` (above it, nearest
 * first, then below), then anywhere else in the file by distance. At most `limit` rows; `row`
 * itself is never one.
 * @example definitionRows(model, 120, { name: "limit", member: false }, 1) // [118] — `const limit = opts.max ?? 10;`
 */
export function definitionRows(model: CodeModel, row: number, read: ReadName, limit: number): number[] {
  const { text, lines } = model;
  const test = definesName(read);
  const rows: number[] = [];
  let last = -1;
  let n = 0;
  for (let i = text.indexOf(read.name); i >= 0 && n < MAX_OCCURRENCES; i = text.indexOf(read.name, i + read.name.length), n++) {
    const r = lines.rowOf(i);
    if (r === last || r === row) continue;
    last = r;
    const line = lines.line(r);
    if (!isCommentLine(line) && test.test(line)) rows.push(r);
  }
  if (rows.length === 0) return rows;
  const fn = innermostFn(model, lines.start(row));
  const inFn = (r: number) => !!fn && lines.start(r) >= fn.body.startIndex && lines.start(r) < fn.body.endIndex;
  // A bare name defined nowhere in its function is a parameter, a global or a loop variable the
  // skeleton shows: only members are looked for further away.
  const rank = (r: number) => (inFn(r) ? (r < row ? row - r : 1e6 + r - row) : read.member ? 2e6 + Math.abs(r - row) : Infinity);
  return rows
    .map((r) => ({ r, k: rank(r) }))
    .filter((x) => x.k < Infinity)
    .sort((a, b) => a.k - b.k || a.r - b.r)
    .slice(0, limit)
    .map((x) => x.r);
}

/** The innermost function whose body holds `offset`. */
function innermostFn(model: CodeModel, offset: number): Fn | undefined {
  let best: Fn | undefined;
  for (const fn of model.fns) {
    if (fn.node.startIndex > offset) break; // sorted by start
    if (offset < fn.body.endIndex && (!best || fn.body.startIndex >= best.body.startIndex)) best = fn;
  }
  return best;
}

/**
 * Rows of `model` that a rendering hides: wholly inside one of its edits (1 = hidden).
 * @example hiddenRows(model, rendering.edits)[42] // 1 when row 42 sits in an elided body
 */
export function hiddenRows(model: CodeModel, edits: ReadonlyArray<{ start: number; end: number }>): Uint8Array {
  const { lines } = model;
  const hidden = new Uint8Array(lines.count);
  for (const e of edits) {
    if (e.end <= e.start) continue;
    let r = lines.rowOf(e.start);
    if (lines.start(r) < e.start && lines.line(r).slice(0, e.start - lines.start(r)).trim() !== "") r++; // the row shows its head
    const last = lines.rowOf(e.end - 1);
    for (; r <= last; r++) if (lines.end(r) <= e.end || model.text.slice(e.end, lines.end(r)).trim() === "") hidden[r] = 1;
  }
  return hidden;
}

/** A row to keep because a kept row reads a name it defines. */
export interface DefinitionPick {
  row: number;
  /** Rank among the definitions of one kept row (0 nearest / same function first). */
  order: number;
}

/** Names traced per kept row, at most. */
const MAX_NAMES_PER_ROW = 8;

/**
 * Definitions of the names read on `rows` (kept lines) that are not shown: for each name its
 * nearest definition (two for a member, which is often set in one place and reset in another),
 * in the order the names appear. `wanted` filters the names (all when absent).
 * @example definitionsFor(model, [120], hidden) // [{ row: 118, order: 0 }] — `const limit = …` above a kept `if (n > limit)`
 */
export function definitionsFor(model: CodeModel, rows: readonly number[], hidden: Uint8Array, wanted?: (name: string) => boolean): DefinitionPick[] {
  const out: DefinitionPick[] = [];
  const seen = new Set<number>(rows);
  for (const row of rows) {
    const names = namesRead(model.lines.line(row)).filter((r) => !wanted || wanted(r.name)).slice(0, MAX_NAMES_PER_ROW);
    for (const read of names) {
      for (const r of definitionRows(model, row, read, read.member ? 2 : 1)) {
        if (seen.has(r)) continue;
        seen.add(r);
        if (hidden[r]) out.push({ row: r, order: out.length });
      }
    }
  }
  return out;
}

/**
 * The rows a kept statement shows besides its own: the headers of the blocks around it up to its
 * function (`if spent+n > ceiling {` above a kept `return errors.New(…)`), which stay with it.
 * @example rowsShownWith(model, offsetOfReturn) // [row of the return, row of its `if`]
 */
export function rowsShownWith(model: CodeModel, offset: number): number[] {
  const rows = [model.lines.rowOf(offset)];
  const { containers, bodies } = model.spec;
  let prev: Node | null = null;
  for (let n = model.root.descendantForIndex(offset); n && n.parent && !model.fnByNode.has(n.parent.id); prev = n, n = n.parent) {
    // blocks and statement lists start where their first statement does: not a header
    if (containers.has(n.type) || bodies.has(n.type)) continue;
    // a header's whole condition: `if (` alone on its row reads its names on the rows below
    let last = n.startPosition.row;
    if (prev) {
      last = prev.startPosition.row;
      for (const k of n.namedChildren) {
        if (containers.has(k.type) || bodies.has(k.type)) { last = Math.min(last, k.startPosition.row); break; }
      }
    }
    last = Math.min(last, n.startPosition.row + MAX_HEADER_ROWS - 1);
    for (let r = n.startPosition.row; r <= last; r++) if (!rows.includes(r)) rows.push(r);
    if (rows.length > 24) break;
  }
  return rows;
}

/** Rows of one header (a multi-line `if (…)` condition) whose names are traced, at most. */
const MAX_HEADER_ROWS = 10;
