/**
 * Compresses grep / ripgrep match output (`numbered`, `heading` and `colon` shapes): ranks every
 * match (with its nearby context lines) against the question, keeps the few that answer it
 * verbatim with their `path:line` prefix (or their `--heading` path line), drops exact duplicates
 * with a count, keeps unparsed lines in place, and ends with the match count of every file.
 * @module
 */
import type { CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { IDENTIFIER_WEIGHT, scoreUnits } from "../shared/relevance.js";
import { fileCounts } from "./files.js";
import { Kind, type SearchParse } from "./parse.js";
import { definitionBonus, mayMatch, partScore, pathScores, placeFactor, queryTerms, type Terms } from "./rank.js";

/** Context lines kept on each side of a kept match (when the input has them). */
export const CONTEXT_RADIUS = 3;
/** How much a path's own relevance adds to each hit in it (the hit's text matters more). */
const PATH_WEIGHT = 0.5;

/** One match with its window of adjacent context lines `[lo, hi]` in the same block of one file. */
interface Hit {
  line: number;
  lo: number;
  hi: number;
  key: string;
  text: string;
  /** Exact duplicates of this hit's text elsewhere (this hit is their representative). */
  dups: number;
  dupFiles: Set<number>;
  score: number;
  /** Holds a whole query identifier: kept unless the budget runs out. */
  mandatory: boolean;
}

/** True when lines `a` and `a + 1` are adjacent lines of the same file (one grep group). */
function adjacent(p: SearchParse, a: number): boolean {
  const b = a + 1;
  const ka = p.kind[a]!;
  const kb = p.kind[b]!;
  if ((ka !== Kind.Match && ka !== Kind.Context) || (kb !== Kind.Match && kb !== Kind.Context)) return false;
  return p.file[a] === p.file[b] && p.lineNo[a]! > 0 && p.lineNo[b] === p.lineNo[a]! + 1;
}

const codeOf = (p: SearchParse, i: number) => p.lines[i]!.slice(p.textAt[i]!);

/** Builds one hit per match line; duplicates point at their first occurrence. */
function buildHits(p: SearchParse): { hits: Hit[]; dupCount: number } {
  const hits: Hit[] = [];
  const first = new Map<string, Hit>();
  let dupCount = 0;
  const n = p.lines.length;
  for (let i = 0; i < n; i++) {
    if (p.kind[i] !== Kind.Match) continue;
    // The window takes context lines only: a neighbouring match is a hit of its own.
    let lo = i;
    while (lo > 0 && i - lo < CONTEXT_RADIUS && p.kind[lo - 1] === Kind.Context && adjacent(p, lo - 1)) lo--;
    let hi = i;
    while (hi + 1 < n && hi - i < CONTEXT_RADIUS && p.kind[hi + 1] === Kind.Context && adjacent(p, hi)) hi++;
    const parts: string[] = [];
    for (let j = lo; j <= hi; j++) parts.push(codeOf(p, j));
    const text = parts.join("\n");
    const key = parts.map((s) => s.trim()).join("\n");
    const seen = first.get(key);
    if (seen) {
      seen.dups++;
      seen.dupFiles.add(p.file[i]!);
      dupCount++;
      continue;
    }
    const h: Hit = { line: i, lo, hi, key, text, dups: 0, dupFiles: new Set(), score: 0, mandatory: false };
    first.set(key, h);
    hits.push(h);
  }
  return { hits, dupCount };
}

/** Scores the hits that can match at all; the rest stay at 0. */
function scoreHits(p: SearchParse, hits: Hit[], terms: Terms): void {
  const pathRel = pathScores(p.paths, terms);
  const cand: Hit[] = [];
  for (const h of hits) if (mayMatch(h.text, terms) || pathRel[p.file[h.line]!]! > 0) cand.push(h);
  const base = scoreUnits(cand.map((h) => h.text), terms.query);
  for (let k = 0; k < cand.length; k++) {
    const h = cand[k]!;
    const f = p.file[h.line]!;
    let s = base[k]! + partScore(h.text, terms) + PATH_WEIGHT * pathRel[f]!;
    if (s <= 0) continue;
    let def = 0;
    for (let j = h.lo; j <= h.hi; j++) def = Math.max(def, definitionBonus(codeOf(p, j), terms));
    s = (s + def) * placeFactor(p.paths[f]!, codeOf(p, h.line), terms);
    h.score = s;
    h.mandatory = terms.query.identifiers.some((id) => h.text.includes(id));
  }
}

/**
 * Compresses parsed match output.
 * @param p the parse (shape `numbered`, `heading` or `colon`)
 * @param input the compressor input (query, ref, budget, counter, backend)
 */
export function compressMatches(p: SearchParse, input: CompressorInput): CompressorOutput {
  const n = p.lines.length;
  const terms = queryTerms(input.query);
  const { hits, dupCount } = buildHits(p);
  const before = input.count(input.text);
  // What kept lines may cost; the file list comes on top.
  const budget = Math.max(120, before * (1 - input.targetRatio) * 0.5);
  scoreHits(p, hits, terms);

  const emit = new Uint8Array(n);
  let used = 0;
  const cost = (h: Hit) => {
    let c = 0;
    for (let j = h.lo; j <= h.hi; j++) if (!emit[j]) c += input.count(p.lines[j]!) + 1;
    return c;
  };
  const take = (h: Hit) => {
    for (let j = h.lo; j <= h.hi; j++) emit[j] = 1;
  };
  const kept: Hit[] = [];
  let capped = 0;
  const order = hits.filter((h) => h.score > 0).sort((a, b) => b.score - a.score || a.line - b.line);
  const reasons: Reason[] = [];
  if (order.length > 0) {
    const top = order[0]!.score;
    // A question naming a symbol wants a few strong hits; a vague one gets more.
    const specific = top >= 0.4 * IDENTIFIER_WEIGHT;
    const rho = specific ? 0.5 : 0.3;
    const maxHits = specific ? 3 + Math.ceil(Math.log2(1 + hits.length)) : 4 + Math.ceil(Math.sqrt(hits.length));
    for (const h of order) {
      const strong = h.score >= rho * top && kept.length < maxHits;
      if (!strong && !h.mandatory) continue;
      const c = cost(h);
      if (kept.length > 0 && used + c > budget) { if (h.mandatory) capped++; continue; }
      used += c;
      take(h);
      kept.push(h);
    }
    reasons.push({ code: "search.kept", detail: `kept ${formatCount(kept.length)} of ${formatCount(hits.length)} distinct matches ranked by the question (definitions of queried symbols first, tests and docs last)` });
    if (capped > 0) reasons.push({ code: "search.capped", detail: `${formatCount(capped)} more matches holding a query identifier did not fit the budget; retrieve the ref with the query` });
  } else {
    // Nothing in the question matches: show the first match of each file as an overview.
    const seenFile = new Set<number>();
    const maxHits = 4 + Math.ceil(Math.sqrt(hits.length));
    for (const h of hits) {
      const f = p.file[h.line]!;
      if (seenFile.has(f) || kept.length >= maxHits) continue;
      const c = cost(h);
      if (kept.length > 0 && used + c > budget) break;
      seenFile.add(f);
      used += c;
      take(h);
      kept.push(h);
    }
    reasons.push({ code: "search.overview", detail: `nothing matched the question; kept the first match of ${formatCount(kept.length)} files` });
  }
  let raw = 0;
  for (let i = 0; i < n; i++) if (p.kind[i] === Kind.Raw) { emit[i] = 1; raw++; }
  if (raw > 0) reasons.push({ code: "search.unparsed", detail: `${formatCount(raw)} lines that are not search results kept verbatim in place` });
  if (dupCount > 0) reasons.push({ code: "search.deduplicated", detail: `${formatCount(dupCount)} exact duplicate matches dropped` });

  const dupAfter = new Map<number, Hit>();
  for (const h of kept) if (h.dups > 0) dupAfter.set(h.hi, h);
  const shownFiles = new Set<number>();
  for (const h of kept) shownFiles.add(p.file[h.line]!);

  const out: string[] = [];
  const heading = headingLines(p);
  let last = -1;
  let lastFile = -1;
  let emitted = 0;
  for (let i = 0; i < n; i++) {
    if (!emit[i]) continue;
    const f = p.kind[i] === Kind.Raw ? -1 : p.file[i]!;
    if (p.shape === "heading" && f >= 0 && f !== lastFile) {
      if (out.length > 0) out.push("");
      const hl = heading[f]!;
      out.push(p.lines[hl]!);
    } else if (p.separators && last >= 0 && i > last + 1) {
      out.push("--"); // a gap between kept groups, shown the way grep shows one
    }
    out.push(p.lines[i]!);
    emitted++;
    const d = dupAfter.get(i);
    if (d) out.push(`[… same text in ${formatCount(d.dups)} more line${d.dups === 1 ? "" : "s"}${d.dupFiles.size > 1 || !d.dupFiles.has(p.file[d.line]!) ? ` (${formatCount(d.dupFiles.size)} file${d.dupFiles.size === 1 ? "" : "s"})` : ""}]`);
    last = i;
    if (f >= 0) lastFile = f;
  }
  const omitted = n - emitted;
  out.push(omission(`${formatCount(omitted)} of ${formatCount(n)} lines omitted`, input.ref));
  const listBudget = Math.max(300, before * (1 - input.targetRatio) * 0.75);
  out.push(...fileCounts(p.paths, p.matches, shownFiles, listBudget, input.count));
  reasons.push({ code: "search.files", detail: `listed all ${formatCount(p.paths.length)} files with their match counts` });
  const nl = p.crlf ? "\r\n" : "\n";
  return { text: out.join(nl), lossy: true, reasons, units: fileUnits(p, input) };
}

/** The heading line of each file (heading shape), by file index. */
function headingLines(p: SearchParse): Int32Array {
  const at = new Int32Array(p.paths.length).fill(-1);
  if (p.shape !== "heading") return at;
  for (let i = 0; i < p.lines.length; i++) if (p.kind[i] === Kind.Heading && at[p.file[i]!] === -1) at[p.file[i]!] = i;
  return at;
}

/** Byte spans of each file's group of lines (its heading, matches, context and inner `--`). */
export function fileUnits(p: SearchParse, input: CompressorInput): Uint32Array | undefined {
  const { n, out } = input.backend.lines(false, 0);
  if (n !== p.lines.length) return undefined;
  const spans: number[] = [];
  let cur = -1;
  let start = 0;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const k = p.kind[i]!;
    if (k === Kind.Separator || k === Kind.Blank) continue;
    const f = k === Kind.Raw ? -1 : p.file[i]!;
    if (f !== cur || f < 0) {
      if (cur >= 0) spans.push(start, end);
      cur = f;
      start = out[4 * i]!;
    }
    end = out[4 * i + 1]!;
  }
  if (cur >= 0) spans.push(start, end);
  return Uint32Array.from(spans);
}
