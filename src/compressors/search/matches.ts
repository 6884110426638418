/**
 * Compresses grep / ripgrep match output (`numbered`, `heading` and `colon` shapes): ranks every
 * match (with its nearby context lines) against the question, keeps the few that answer it
 * verbatim with their `path:line` prefix (or their `--heading` path line), drops exact duplicates
 * with a count, keeps unparsed lines in place, and ends with the match count of every file.
 * @module
 */
import type { CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { IDENTIFIER_WEIGHT } from "../shared/relevance.js";
import { FIRST_HIT_TOKENS, keptBudget, listBudget } from "./budget.js";
import { defaultBonus } from "./defaults.js";
import { nameWords } from "./definition.js";
import { fileCounts, splitPath } from "./files.js";
import { countDuplicates, makeHits, MAX_DUP_PLACES, placeOf, scoredHits, type Hit } from "./hits.js";
import { Kind, type SearchParse } from "./parse.js";
import { pathMatches } from "./pathmatch.js";
import { excluded, MAX_SCORED, queryTerms, roughScore, type Terms } from "./rank.js";

/** Most files named as "other files with strong matches". */
export const MAX_NEAR_FILES = 8;

/**
 * Compresses parsed match output.
 * @param p the parse (shape `numbered`, `heading` or `colon`)
 * @param input the compressor input (query, ref, budget, counter, backend)
 */
export function compressMatches(p: SearchParse, input: CompressorInput): CompressorOutput {
  const n = p.lines.length;
  const terms = queryTerms(input.query);
  let matchCount = 0;
  for (let i = 0; i < n; i++) if (p.kind[i] === Kind.Match) matchCount++;
  const hits = scoredHits(p, terms);
  const before = input.count(input.text);
  const budget = keptBudget(before, input.targetRatio);

  const emit = new Uint8Array(n);
  let used = 0;
  const cost = (h: Hit) => {
    let c = 0;
    for (let j = h.lo; j <= h.hi; j++) if (!emit[j]) c += input.count(p.lines[j]!) + 1;
    return c;
  };
  const kept: Hit[] = [];
  // The first hit may overshoot a small budget a little; a giant line (minified code) never fits.
  const fits = (c: number) => used + c <= budget || (kept.length === 0 && c <= FIRST_HIT_TOKENS);
  const take = (h: Hit, c: number) => {
    for (let j = h.lo; j <= h.hi; j++) emit[j] = 1;
    used += c;
    kept.push(h);
  };
  const reasons: Reason[] = [];
  let nearScore = Infinity;
  const order = hits.filter((h) => h.score > 0).sort((a, b) => b.score - a.score || a.line - b.line);
  if (order.length > 0) {
    const top = order[0]!.score;
    // A question naming a symbol wants a few strong hits; a vague one gets more.
    const specific = top >= 0.4 * IDENTIFIER_WEIGHT;
    const rho = specific ? 0.5 : 0.3;
    const maxHits = specific ? 3 + Math.ceil(Math.log2(1 + matchCount)) : 4 + Math.ceil(Math.sqrt(matchCount));
    let capped = 0;
    nearScore = 0.5 * rho * top;
    for (const h of order) {
      const strong = h.score >= rho * top && kept.length < maxHits;
      if (!strong && !h.mandatory) continue;
      const c = cost(h);
      if (!fits(c)) { if (h.mandatory) capped++; continue; }
      take(h, c);
    }
    // a file named by a query word answers its part of a many-part question ("…and the connect
    // timeout?" → `connect.js`): its best line holding another query word is kept
    // They have an allowance of their own: the strong hits of the question's other parts have
    // often spent the budget already, and one line per named file is cheap.
    let named = 0;
    let namedUsed = 0;
    const namedAllowance = NAMED_FILE_SHARE * budget;
    for (const h of namedFileHits(p, order, kept, terms)) {
      const c = cost(h);
      if (!fits(c) && namedUsed + c > namedAllowance) continue;
      take(h, c);
      namedUsed += c;
      named++;
    }
    reasons.push({ code: "search.kept", detail: `kept ${formatCount(kept.length)} of ${formatCount(matchCount)} matches, ranked by the question (definitions of queried symbols first, tests and docs last)${named > 0 ? `; ${formatCount(named)} from files named by a query word` : ""}` });
    if (capped > 0) reasons.push({ code: "search.capped", detail: `${formatCount(capped)} more matches holding a query identifier did not fit the budget; retrieve the ref with the query` });
  } else {
    // Nothing in the question matches: the first match of each file gives an overview.
    const seenFile = new Set<number>();
    const maxHits = 4 + Math.ceil(Math.sqrt(matchCount));
    const firsts: number[] = [];
    for (let i = 0; i < n && firsts.length < maxHits; i++) {
      if (p.kind[i] !== Kind.Match || seenFile.has(p.file[i]!)) continue;
      seenFile.add(p.file[i]!);
      firsts.push(i);
    }
    for (const h of makeHits(p, firsts)) {
      const c = cost(h);
      if (!fits(c)) break;
      take(h, c);
    }
    reasons.push({ code: "search.overview", detail: `nothing matched the question; kept the first match of ${formatCount(kept.length)} files` });
  }
  let raw = 0;
  for (let i = 0; i < n; i++) if (p.kind[i] === Kind.Raw) { emit[i] = 1; raw++; }
  if (raw > 0) reasons.push({ code: "search.unparsed", detail: `${formatCount(raw)} lines that are not search results kept verbatim in place` });
  const dupCount = countDuplicates(p, kept);
  if (dupCount > 0) reasons.push({ code: "search.deduplicated", detail: `${formatCount(dupCount)} exact duplicates of kept matches dropped` });

  const out = render(p, emit, kept);
  const emitted = emit.reduce((a, b) => a + b, 0);
  out.push(omission(`${formatCount(n - emitted)} of ${formatCount(n)} lines omitted`, input.ref));
  const shownFiles = new Set<number>();
  for (const h of kept) shownFiles.add(p.file[h.line]!);
  const near = nearFiles(p, order, shownFiles, nearScore);
  if (near.length > 0) out.push(`[other files with strong matches: ${near.map((f) => `${p.paths[f]} (${formatCount(p.matches[f]!)})`).join(", ")}]`);
  if (p.paths.length === 1 && p.paths[0] === "") {
    out.push(`[${formatCount(matchCount)} matches in one file]`); // `grep -n x file`: nothing to list
  } else {
    // Files named like the question stay named even where their directory collapses to a count.
    const always = new Set(shownFiles);
    for (const f of namedFiles(p.paths, terms)) always.add(f);
    const list = fileCounts(p.paths, p.matches, always, listBudget(before, input.targetRatio), input.count, input.ref);
    out.push(...list.lines);
    reasons.push({ code: "search.files", detail: list.complete ? `listed all ${formatCount(p.paths.length)} files with their match counts` : `listed ${formatCount(p.paths.length)} files by directory; the rest are counted in one line` });
  }
  return { text: out.join(p.crlf ? "\r\n" : "\n"), lossy: true, reasons, units: fileUnits(p, input) };
}

/** Share of the kept-lines budget that lines of files named by a query word may add past it. */
export const NAMED_FILE_SHARE = 0.25;
/** Files named by a query word that contribute a line of their own, at most. */
export const MAX_NAMED_FILE_HITS = 4;
/** When more files than this are named by query words, the words are too common to single one out. */
const MAX_NAME_MATCHED_FILES = 12;

/**
 * For files whose name holds a query word (`connect.js`, `retryPolicy.ts` for "retry") and none of
 * whose lines is kept yet: the best hit of each that holds another query word (the name says which
 * part of the question the file answers; the line must say something more). Best files first, at
 * most {@link MAX_NAMED_FILE_HITS}.
 * @param order scored hits, best first
 * @param kept hits kept so far
 */
export function namedFileHits(p: SearchParse, order: readonly Hit[], kept: readonly Hit[], terms: Terms): Hit[] {
  const words = terms.query.words.filter((w) => w.length >= 3);
  if (words.length < 2) return [];
  const has = new Set<number>();
  for (const h of kept) has.add(p.file[h.line]!);
  // query words in each file's name (without its extension), by file
  const nameHits = new Map<number, string[]>();
  let matched = 0;
  for (let f = 0; f < p.paths.length; f++) {
    const base = splitPath(p.paths[f]!)[1].replace(/\.[^.]*$/, "");
    const ws = nameWords(base);
    const inName = words.filter((q) => ws.some((w) => w === q || (q.length >= 4 && w.startsWith(q))));
    if (inName.length === 0) continue;
    matched++;
    if (!has.has(f)) nameHits.set(f, inName);
  }
  if (nameHits.size === 0 || matched > MAX_NAME_MATCHED_FILES) return [];
  // For a question about defaults the file's line that gives one (`timeout = timeout == null ?
  // 10e3 : timeout`) speaks for it before its other mentions of the words.
  const best = new Map<number, Hit>();
  const files: number[] = [];
  for (const h of order) {
    const f = p.file[h.line]!;
    const inName = nameHits.get(f);
    if (!inName) continue;
    const lower = h.text.toLowerCase();
    if (!words.some((q) => !inName.includes(q) && lower.includes(q))) continue;
    const prev = best.get(f);
    if (!prev) {
      if (files.length >= MAX_NAMED_FILE_HITS) continue;
      files.push(f);
      best.set(f, h);
    } else if (terms.wantsDefault && defaultBonus(prev.text, []) === 0 && defaultBonus(h.text, []) > 0) best.set(f, h);
  }
  return files.map((f) => best.get(f)!);
}

/** Most files named in the per-file counts for their name alone. */
export const MAX_NAMED_FILES = 40;

/**
 * Files whose path is named like the question (see `pathMatches`) and of no kind the question
 * excludes, best first, at most {@link MAX_NAMED_FILES}: `whisper/generation_whisper.js` for
 * "Whisper's generation logic", wherever it sits.
 */
export function namedFiles(paths: readonly string[], terms: Terms): number[] {
  if (terms.empty) return [];
  const cand: number[] = [];
  for (let f = 0; f < paths.length; f++) if (paths[f]!.length > 0 && roughScore(paths[f]!, terms) > 0) cand.push(f);
  if (cand.length === 0 || cand.length > MAX_SCORED) return []; // a vague question: no name stands out
  const { matches } = pathMatches(cand.map((f) => paths[f]!), terms, paths.length);
  const out: number[] = [];
  for (let c = 0; c < cand.length; c++) if (matches[c]!.strong && !excluded(paths[cand[c]!]!, terms)) out.push(c);
  const m = (c: number) => matches[c]!;
  out.sort((a, b) => m(b).ids - m(a).ids || m(b).name - m(a).name || m(b).all - m(a).all || a - b);
  return out.slice(0, MAX_NAMED_FILES).map((c) => cand[c]!);
}

/**
 * Files with strong hits none of which was kept (over the hit count or the budget), best first:
 * named by full path so a "which files…" answer survives even when their lines do not.
 */
function nearFiles(p: SearchParse, order: readonly Hit[], shown: ReadonlySet<number>, minScore: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const h of order) {
    if (h.score < minScore || out.length >= MAX_NEAR_FILES) break;
    const f = p.file[h.line]!;
    if (shown.has(f) || seen.has(f)) continue;
    seen.add(f);
    out.push(f);
  }
  return out;
}

/**
 * The kept lines in input order: a `--heading` path line before each file's lines, `--` between
 * groups that were not adjacent (when the input used separators), a count after a kept line
 * whose exact duplicates were dropped.
 */
function render(p: SearchParse, emit: Uint8Array, kept: readonly Hit[]): string[] {
  const dupAfter = new Map<number, Hit>();
  for (const h of kept) if (h.dups > 0) dupAfter.set(h.hi, h);
  const heading = headingLines(p);
  const out: string[] = [];
  let last = -1;
  let lastFile = -1;
  for (let i = 0; i < p.lines.length; i++) {
    if (!emit[i]) continue;
    const f = p.kind[i] === Kind.Raw ? -1 : p.file[i]!;
    if (p.shape === "heading" && f >= 0 && f !== lastFile && heading[f]! >= 0) {
      if (out.length > 0) out.push("");
      out.push(p.lines[heading[f]!]!);
    } else if (p.separators && last >= 0 && i > last + 1) {
      out.push("--"); // a gap between kept groups, shown the way grep shows one
    }
    out.push(p.lines[i]!);
    const d = dupAfter.get(i);
    if (d) out.push(dupMarker(p, d));
    last = i;
    if (f >= 0) lastFile = f;
  }
  return out;
}

/**
 * `[… same text at lib/b.c:40, lib/c.c:7]` for a few duplicates, else
 * `[… same text in 24 more lines (24 files)]` (the file count left out when all are in the kept line's file).
 */
function dupMarker(p: SearchParse, h: Hit): string {
  if (h.dups <= MAX_DUP_PLACES && h.dupLines) return `[… same text at ${h.dupLines.map((j) => placeOf(p, j)).join(", ")}]`;
  const files = h.dupFiles ?? new Set<number>();
  const lines = `${formatCount(h.dups)} more line${h.dups === 1 ? "" : "s"}`;
  const where = files.size === 1 && files.has(p.file[h.line]!) ? "" : ` (${formatCount(files.size)} file${files.size === 1 ? "" : "s"})`;
  return `[… same text in ${lines}${where}]`;
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
