/**
 * Hits: one per match line of grep output, with its window of adjacent context lines. Only match
 * lines that can match the question become hit objects (a cheap rough score picks them), so a
 * million-line grep allocates little; exact duplicates merge into their first occurrence.
 * @module
 */
import { scoreUnits } from "../shared/relevance.js";
import { defaultBonus } from "./defaults.js";
import { Kind, type SearchParse } from "./parse.js";
import { candidates, definitionBonus, partScore, pathScores, placeFactor, roughScore, type Terms } from "./rank.js";

/** Context lines kept on each side of a kept match (when the input has them). */
export const CONTEXT_RADIUS = 3;
/** Duplicates named by place (`a.c:12`) when there are at most this many. */
export const MAX_DUP_PLACES = 3;
/** How much a path's own relevance adds to each hit in it (the hit's text matters more). */
const PATH_WEIGHT = 0.5;

/** One match with its window `[lo, hi]` of adjacent context lines in the same file. */
export interface Hit {
  line: number;
  lo: number;
  hi: number;
  /** The window's text without `path:line` prefixes, lines joined with `\n`. */
  text: string;
  /** Other match lines with exactly this text (filled for kept hits by {@link countDuplicates}). */
  dups: number;
  dupFiles: Set<number> | undefined;
  /** The first few duplicate lines (indices), to name where they are. */
  dupLines: number[] | undefined;
  score: number;
  /** Holds a whole query identifier: kept unless the budget runs out. */
  mandatory: boolean;
}

/** The matched text of line `i` (after its `path:12:` prefix). */
export const codeOf = (p: SearchParse, i: number): string => p.lines[i]!.slice(p.textAt[i]!);

/** True when lines `a` and `a + 1` are adjacent lines of the same file (one grep group). */
function adjacent(p: SearchParse, a: number): boolean {
  const b = a + 1;
  const ka = p.kind[a]!;
  const kb = p.kind[b]!;
  if ((ka !== Kind.Match && ka !== Kind.Context) || (kb !== Kind.Match && kb !== Kind.Context)) return false;
  return p.file[a] === p.file[b] && p.lineNo[a]! > 0 && p.lineNo[b] === p.lineNo[a]! + 1;
}

/** The window of match line `i`: adjacent context lines only (a neighbouring match is a hit of its own). */
function windowOf(p: SearchParse, i: number): [number, number] {
  const n = p.lines.length;
  let lo = i;
  while (lo > 0 && i - lo < CONTEXT_RADIUS && p.kind[lo - 1] === Kind.Context && adjacent(p, lo - 1)) lo--;
  let hi = i;
  while (hi + 1 < n && hi - i < CONTEXT_RADIUS && p.kind[hi + 1] === Kind.Context && adjacent(p, hi)) hi++;
  return [lo, hi];
}

function windowText(p: SearchParse, lo: number, hi: number): string {
  if (lo === hi) return codeOf(p, lo);
  const parts: string[] = [];
  for (let j = lo; j <= hi; j++) parts.push(codeOf(p, j));
  return parts.join("\n");
}

/**
 * Makes hits of some match lines (given in input order); exact duplicates among them are left
 * out, to be counted with the one shown: the first occurrence, or with `prefer`, the occurrence
 * in the file it rates highest (the same line in `src/…/generation_whisper.js` rather than in a
 * bundle under `dist/`).
 */
export function makeHits(p: SearchParse, lines: readonly number[], prefer?: (line: number) => number): Hit[] {
  const hits: Hit[] = [];
  const first = new Map<string, Hit>();
  for (const i of lines) {
    const [lo, hi] = windowOf(p, i);
    const text = windowText(p, lo, hi);
    const had = first.get(text);
    if (had) {
      if (prefer && prefer(i) > prefer(had.line)) { had.line = i; had.lo = lo; had.hi = hi; }
      continue;
    }
    const h: Hit = { line: i, lo, hi, text, dups: 0, dupFiles: undefined, dupLines: undefined, score: 0, mandatory: false };
    first.set(text, h);
    hits.push(h);
  }
  return hits;
}

/**
 * The hits that can answer the question, scored: BM25 of the window text, identifier parts, half
 * the path's relevance, plus the definition bonus (and, for a question about defaults, the bonus
 * of a line that gives one), times the place factor (tests, docs, comments).
 * @example scoredHits(parse(grepText)!, queryTerms(parseQuery("where is `foo` defined"))).sort((a, b) => b.score - a.score)[0]
 */
export function scoredHits(p: SearchParse, terms: Terms): Hit[] {
  if (terms.empty) return [];
  const n = p.lines.length;
  const pathRel = pathScores(p.paths, terms);
  const matchLines: number[] = [];
  for (let i = 0; i < n; i++) if (p.kind[i] === Kind.Match) matchLines.push(i);
  const rough = new Float64Array(matchLines.length);
  for (let k = 0; k < matchLines.length; k++) {
    const i = matchLines[k]!;
    const [lo, hi] = windowOf(p, i);
    rough[k] = roughScore(windowText(p, lo, hi), terms) + PATH_WEIGHT * pathRel[p.file[i]!]!;
  }
  // Of identical lines, the one shown is in the file whose path answers the question best.
  const filePref = new Float64Array(p.paths.length).fill(-1);
  const prefer = (i: number) => {
    const f = p.file[i]!;
    if (filePref[f]! < 0) filePref[f] = (1 + pathRel[f]!) * placeFactor(p.paths[f]!, "", terms);
    return filePref[f]!;
  };
  const hits = makeHits(p, candidates(rough).map((k) => matchLines[k]!), prefer);
  const base = scoreUnits(hits.map((h) => h.text), terms.query);
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    const f = p.file[h.line]!;
    let s = base[k]! + partScore(h.text, terms) + PATH_WEIGHT * pathRel[f]!;
    if (s <= 0) continue;
    let def = 0;
    for (let j = h.lo; j <= h.hi; j++) def = Math.max(def, definitionBonus(codeOf(p, j), terms));
    // "what is the default …": the line that gives the default literal (`x ?? 30000`, `x: false,`)
    if (terms.wantsDefault) {
      let d = 0;
      for (let j = h.lo; j <= h.hi; j++) d = Math.max(d, defaultBonus(codeOf(p, j), terms.query.words));
      def += d;
    }
    h.score = (s + def) * placeFactor(p.paths[f]!, codeOf(p, h.line), terms);
    h.mandatory = terms.query.identifiers.some((id) => h.text.includes(id));
  }
  return hits;
}

/**
 * Counts, for each kept hit, the other match lines with exactly its text (and context), and the
 * files they are in. Only lines as long as a kept one are looked at.
 * @returns the number of duplicates found
 */
export function countDuplicates(p: SearchParse, kept: readonly Hit[]): number {
  // kept hits by the text of their match line; only lines of a kept length are sliced at all
  const byCode = new Map<string, Hit[]>();
  const lengths = new Set<number>();
  for (const h of kept) {
    const code = codeOf(p, h.line);
    lengths.add(code.length);
    const list = byCode.get(code);
    if (list) list.push(h);
    else byCode.set(code, [h]);
  }
  let total = 0;
  for (let j = 0; j < p.lines.length; j++) {
    if (p.kind[j] !== Kind.Match || !lengths.has(p.lines[j]!.length - p.textAt[j]!)) continue;
    const list = byCode.get(codeOf(p, j));
    if (!list) continue;
    for (const h of list) {
      if (j === h.line) continue;
      const [lo, hi] = windowOf(p, j);
      if ((lo < hi || h.lo < h.hi) && windowText(p, lo, hi) !== h.text) continue;
      h.dups++;
      (h.dupFiles ??= new Set()).add(p.file[j]!);
      const at = (h.dupLines ??= []);
      if (at.length < MAX_DUP_PLACES) at.push(j);
      total++;
      break;
    }
  }
  return total;
}

/** Where line `i` is, as `path:12` (`path` when the output has no line numbers). */
export function placeOf(p: SearchParse, i: number): string {
  const path = p.paths[p.file[i]!]!;
  if (path === "") return `line ${p.lineNo[i]}`;
  return p.lineNo[i]! > 0 ? `${path}:${p.lineNo[i]}` : path;
}
