/**
 * The subjects of a question, as the diff's paths show them. "…the stats retention… and the mcp
 * install…" asks about two parts of a change; the paths say which files belong to which
 * (`src/stats/*`, `src/mcp/install.ts`). A subject is a query word found among the parts of
 * some file paths (camelCase and snake_case parts, plurals and prefixes included), together
 * with the other query words whose files are a subset of its files. A word found in nearly
 * every path (the project's folder, the file extension) names no subject.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import type { ParsedDiff } from "./parse.js";

/** One subject of the query: its words (query order) and the file diffs whose paths hold them. */
export interface Subject {
  words: string[];
  /** Indices into `ParsedDiff.files`, ascending. */
  files: number[];
}

/** A word in more than this share of the paths (of at least {@link COMMON_MIN_FILES} files) names no subject. */
const COMMON_SHARE = 0.8;
const COMMON_MIN_FILES = 5;

/**
 * The lower-cased parts of a path: every alphanumeric run whole, and split at camelCase,
 * acronym and digit boundaries (`pkg/journalMode_v2.ts` → pkg, journalmode, journal, mode, v2, v, 2, ts),
 * without conventional module names (`index`, `main`, `src` …).
 * @example pathParts("lib/isAbsoluteURL.js") // ["isabsoluteurl", "is", "absolute", "url", "js"]
 */
export function pathParts(path: string): string[] {
  const out = new Set<string>();
  for (const run of path.match(/[A-Za-z0-9]+/g) ?? []) {
    out.add(run.toLowerCase());
    for (const p of run.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []) out.add(p.toLowerCase());
  }
  for (const g of GENERIC_PARTS) out.delete(g);
  return [...out];
}

/**
 * Conventional module file and folder names (`index.ts`, `main.go`, `mod.rs`, `__init__.py`,
 * `src/`, `lib/`): a query word meeting one of them ("the inverted index", "the main loop")
 * does not point at a part of the change.
 */
const GENERIC_PARTS = new Set(["index", "main", "mod", "init", "src", "lib"]);

/** `offsets` → `offset`; short words and `-ss` endings (`class`, `process`) stay. */
function singular(w: string): string {
  return w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
}

/**
 * True when query word `w` names path part `p`: the same word (plural or not), `p` starting with
 * `w` (4+ letters: `redirect` → `redirects`, `install` → `installer`), or `w` starting with a
 * 5+ letter `p` (`configuration` → `config`).
 * @example partMatches("offset", "offsets") // true
 */
export function partMatches(w: string, p: string): boolean {
  if (w === p || singular(w) === singular(p)) return true;
  if (w.length >= 4 && p.startsWith(w)) return true;
  return p.length >= 5 && w.startsWith(p);
}

/**
 * The query's subjects, in query order. Files for which `skip(f)` is true (lockfiles,
 * generated files) belong to none.
 * @example pathSubjects(parseDiff(text), parseQuery("stats retention and mcp install")) // [{ words: ["stats"], files: [2, 3] }, { words: ["mcp", "install"], files: [7] }]
 */
export function pathSubjects(d: ParsedDiff, query: ParsedQuery, skip: (f: number) => boolean = () => false): Subject[] {
  const nf = d.files.length;
  const qWords = query.words.filter((w) => w.length >= 2 && !/^[0-9]+$/.test(w));
  if (qWords.length === 0 || nf === 0) return [];
  const parts = d.files.map((f) => pathParts(f.fromPath ? `${f.fromPath} ${f.path}` : f.path));
  const candidates: Array<{ word: string; order: number; files: number[] }> = [];
  qWords.forEach((word, order) => {
    const files: number[] = [];
    for (let f = 0; f < nf; f++) if (!skip(f) && parts[f]!.some((p) => partMatches(word, p))) files.push(f);
    if (files.length === 0) return;
    if (nf >= 2 && files.length === nf) return;
    if (nf >= COMMON_MIN_FILES && files.length > COMMON_SHARE * nf) return;
    candidates.push({ word, order, files });
  });
  // Widest first, so a narrower word ("retention" in src/stats/retention.ts) joins the wider one.
  candidates.sort((a, b) => b.files.length - a.files.length || a.order - b.order);
  const groups: Array<{ words: Array<{ word: string; order: number }>; files: number[]; set: Set<number> }> = [];
  for (const c of candidates) {
    const host = groups.find((g) => c.files.every((f) => g.set.has(f)));
    if (host) host.words.push(c);
    else groups.push({ words: [c], files: c.files, set: new Set(c.files) });
  }
  const first = (g: (typeof groups)[number]) => Math.min(...g.words.map((w) => w.order));
  groups.sort((a, b) => first(a) - first(b));
  return groups.map((g) => ({ words: g.words.sort((a, b) => a.order - b.order).map((w) => w.word), files: g.files }));
}
