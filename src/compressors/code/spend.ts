/**
 * Spends what the skeleton leaves of the token budget (input tokens × (1 − targetRatio)) on the
 * statements of long bodies that the question's words point at, best first: each pick turns its
 * body from elided into condensed around it (or adds to a condensed body). The rendering is
 * measured, and picks are dropped from the end until the output fits.
 * @module
 */
import type { ParsedQuery } from "../../core/query.js";
import type { CompressorInput } from "../../core/types.js";
import { namesPhrase } from "../shared/relevance.js";
import { definitionsFor, hiddenRows, rowsShownWith } from "./definitions.js";
import { applyEdits, type Applied } from "./edits.js";
import { setStatementHits, type CodeModel } from "./model.js";
import { nameParts } from "./names.js";
import { LEVELS, render, type Rendering } from "./render.js";
import { extentOf, type Candidate, type Extent } from "./statements.js";

/** Tokens a pick costs beyond its own lines: the markers of the runs it splits, the headers around it. */
const PICK_OVERHEAD = 30;
/** Picks that did not fit, in a row, before giving up on the rest. */
const MAX_MISFITS = 24;
/** Rounds of measuring when the estimate was too low. */
const MAX_ROUNDS = 6;
/**
 * When the question names nothing the file holds, the best picks are kept even past the budget
 * (recall first) up to this share of the input, or {@link FREE_TOKENS} if more.
 */
const FREE_SHARE = 0.03;
const FREE_TOKENS = 400;
/**
 * Definitions of names that kept lines read have their own allowance past the budget: this share
 * of the input (or {@link DEF_TOKENS} if more). They are short, the question often asks for exactly
 * that value, and so they never take the place of a line the question's words chose.
 */
const DEF_SHARE = 0.01;
const DEF_TOKENS = 120;
/** Definitions kept for one pick, at most; for the query's names read in the skeleton, at most. */
const DEFS_PER_PICK = 4;
const SEED_DEFS = 6;
/** A definition ranks just below the pick that reads its name. */
const DEF_FACTOR = 0.9;

/** A rendering with statement picks. */
export interface Spent {
  rendering: Rendering;
  applied: Applied;
  level: number;
  /** Picks kept, and the rows they show. */
  picks: Array<{ model: CodeModel; row: number }>;
}

interface Pick {
  cand: Candidate;
  ext: Extent;
}

/** A candidate that is the definition of a name a kept line reads (never traced further). */
type Queued = Candidate & { def?: boolean };

/**
 * Chooses picks for the budget, renders them at `level` (or higher, when the picks push the output
 * past the target) and returns the result; `null` when no pick fits.
 * @param before input tokens
 * @param skeleton tokens of the rendering without picks
 * @example
 * const spent = spendOnStatements(input, models, statementCandidates(models, input.query), level, banned, before, skeletonTokens);
 * if (spent) ({ rendering, applied } = spent); // the long bodies now condensed around the picks
 */
export function spendOnStatements(
  input: CompressorInput, models: readonly CodeModel[], candidates: readonly Candidate[], level: number,
  banned: ReadonlySet<number>, before: number, skeleton: number, skeletonEdits: ReadonlyArray<{ start: number; end: number }> = [],
): Spent | null {
  const main = models[0]!;
  const hidden = hiddenRows(main, skeletonEdits);
  // Names of the question read in what the skeleton shows: their hidden definitions come first.
  const pending: Queued[] = seedDefinitions(main, hidden, input.query).map((row, i) => ({ model: main, row, score: Infinity - i, def: true }));
  if (candidates.length === 0 && pending.length === 0) return null;
  // When the question names nothing found in the file, its words are all there is to go on: the
  // best picks are kept even past the budget, up to an allowance. Otherwise what it names is
  // shown, and picks only fill the budget.
  const anchored = models.some((m) => m.identifierOffsets.length > 0 || m.fns.some((f) => f.named));
  const allowance = anchored ? 0 : Math.max(FREE_SHARE * before, FREE_TOKENS);
  const target = Math.max(before * (1 - input.targetRatio), skeleton + allowance);
  const defAllowance = Math.max(DEF_SHARE * before, DEF_TOKENS);
  const shown = new Map<CodeModel, Uint8Array>();
  const picks: Pick[] = [];
  let spent = skeleton;
  let defSpent = 0;
  let misfits = 0;
  let firstCost = Infinity;
  for (let ci = 0; ; ) {
    let cand: Queued;
    if (pending.length > 0 && (ci >= candidates.length || pending[0]!.score >= candidates[ci]!.score)) cand = pending.shift()!;
    else if (ci < candidates.length) cand = candidates[ci++]!;
    else break;
    if (misfits >= MAX_MISFITS) break;
    const rows = shown.get(cand.model) ?? new Uint8Array(cand.model.lines.count);
    shown.set(cand.model, rows);
    if (rows[cand.row]) continue; // shown by a better pick already
    const ext = extentOf(cand.model, cand.row);
    if (!ext) continue;
    const fresh: string[] = [];
    for (const [a, b] of ext.rows) for (let r = a; r <= b; r++) if (!rows[r]) fresh.push(cand.model.lines.line(r));
    const cost = input.count(fresh.join("\n")) + PICK_OVERHEAD;
    // Definitions live on their own allowance: they never crowd out a line the question's words chose.
    const fits = cand.def ? defSpent + cost <= defAllowance : spent - defSpent + cost <= target;
    if (!fits) {
      if (!cand.def) misfits++;
      continue;
    }
    if (picks.length === 0) firstCost = cost;
    misfits = 0;
    spent += cost;
    if (cand.def) defSpent += cost;
    for (const [a, b] of ext.rows) rows.fill(1, a, b + 1);
    picks.push({ cand, ext });
    // The names this pick reads get their values from lines nearby (or elsewhere): those follow it.
    if (!cand.def && cand.model === main) {
      const hitRows = [...new Set(ext.hits.flatMap((h) => rowsShownWith(main, h)))];
      const defs = definitionsFor(main, hitRows, hidden).filter((d) => !rows[d.row]).slice(0, DEFS_PER_PICK);
      defs.forEach((d, i) => enqueue(pending, { model: main, row: d.row, score: cand.score * DEF_FACTOR - i * 1e-6, def: true }));
    }
  }
  if (picks.length === 0) return null;
  const budget = target + defSpent;

  // Measure; while over budget, keep a shorter prefix (the first pick stays if the allowance covers it).
  const floor = firstCost <= allowance ? 1 : 0;
  let best: Spent | null = renderWith(models, picks, level, input.ref, banned);
  if (input.count(best.applied.text) > budget) {
    best = null;
    let lo = 1;
    let hi = picks.length - 1;
    for (let round = 0; round < MAX_ROUNDS && lo <= hi; round++) {
      const k = (lo + hi) >>> 1;
      const tried = renderWith(models, picks.slice(0, k), level, input.ref, banned);
      if (input.count(tried.applied.text) <= budget) {
        best = tried;
        lo = k + 1;
      } else hi = k - 1;
    }
    if (!best && floor > 0) best = renderWith(models, picks.slice(0, floor), level, input.ref, banned);
    if (!best) {
      for (const m of models) setStatementHits(m, [], []);
      return null;
    }
  }
  // Picks pushed the output past the target: harder levels trim elsewhere.
  const kept = picks.slice(0, best.picks.length);
  for (let l = level + 1; l < LEVELS.length && 1 - input.count(best.applied.text) / before < input.targetRatio; l++) {
    best = renderWith(models, kept, l, input.ref, banned);
  }
  applyPicks(models, kept); // the last rendering tried may have had other picks
  return best;
}

/** Inserts a candidate into a list kept best first. */
function enqueue(list: Queued[], c: Queued): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.score < c.score) i--;
  list.splice(i, 0, c);
}

/** Shown rows looked at for names of the question, at most. */
const MAX_SEED_ROWS = 200;

/**
 * Hidden definitions of the question's names read in function bodies the skeleton shows (a kept
 * `if (opts.followRedirects)` whose default `followRedirects: false,` sits in an elided body).
 * A name is the question's when its parts spell a phrase of it (`_end_offset` ← "end offset") or
 * it is one query word of 4+ letters (`timeout`).
 */
function seedDefinitions(model: CodeModel, hidden: Uint8Array, query: ParsedQuery): number[] {
  const words = new Set(query.words.filter((w) => w.length >= 4));
  if (words.size === 0 && (query.phrases ?? []).length === 0) return [];
  const wanted = (name: string) => {
    if (namesPhrase(name, query)) return true;
    const parts = nameParts(name);
    return parts.length === 1 && words.has(parts[0]!);
  };
  const inBody = new Uint8Array(model.lines.count);
  const python = model.spec.style === "python";
  for (const fn of model.fns) inBody.fill(1, fn.body.startPosition.row + (python ? 0 : 1), fn.body.endPosition.row + (python ? 1 : 0));
  const out: number[] = [];
  let looked = 0;
  for (let r = 0; r < inBody.length && looked < MAX_SEED_ROWS && out.length < SEED_DEFS; r++) {
    if (!inBody[r] || hidden[r]) continue;
    const lower = model.lines.line(r).toLowerCase();
    if (![...words].some((w) => lower.includes(w)) && !namesPhrase(model.lines.line(r), query)) continue;
    looked++;
    for (const d of definitionsFor(model, [r], hidden, wanted)) if (!out.includes(d.row) && out.length < SEED_DEFS) out.push(d.row);
  }
  return out;
}

/** Renders `level` with these picks in force (the models keep them until set again). */
function renderWith(models: readonly CodeModel[], picks: readonly Pick[], level: number, ref: string, banned: ReadonlySet<number>): Spent {
  const main = models[0]!;
  applyPicks(models, picks);
  const rendering = render(main, LEVELS[level]!, ref, banned);
  return { rendering, applied: applyEdits(main.text, rendering.edits), level, picks: picks.map((p) => ({ model: p.cand.model, row: p.cand.row })) };
}

/** Puts these picks in force in the models (hits and whole spans). */
function applyPicks(models: readonly CodeModel[], picks: readonly Pick[]): void {
  for (const m of models) {
    const hits: number[] = [];
    const whole: Array<[number, number]> = [];
    for (const p of picks) {
      if (p.cand.model !== m) continue;
      hits.push(...p.ext.hits);
      whole.push(...p.ext.whole);
    }
    setStatementHits(m, hits, whole);
  }
}
