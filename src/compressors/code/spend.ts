/**
 * Spends what the skeleton leaves of the token budget (input tokens × (1 − targetRatio)) on the
 * statements of long bodies that the question's words point at, best first: each pick turns its
 * body from elided into condensed around it (or adds to a condensed body). The rendering is
 * measured, and picks are dropped from the end until the output fits.
 * @module
 */
import type { CompressorInput } from "../../core/types.js";
import { applyEdits, type Applied } from "./edits.js";
import { setStatementHits, type CodeModel } from "./model.js";
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
  banned: ReadonlySet<number>, before: number, skeleton: number,
): Spent | null {
  if (candidates.length === 0) return null;
  // When the question names nothing found in the file, its words are all there is to go on: the
  // best picks are kept even past the budget, up to an allowance. Otherwise what it names is
  // shown, and picks only fill the budget.
  const anchored = models.some((m) => m.identifierOffsets.length > 0 || m.fns.some((f) => f.named));
  const allowance = anchored ? 0 : Math.max(FREE_SHARE * before, FREE_TOKENS);
  const budget = Math.max(before * (1 - input.targetRatio), skeleton + allowance);
  const shown = new Map<CodeModel, Uint8Array>();
  const picks: Pick[] = [];
  let spent = skeleton;
  let misfits = 0;
  let firstCost = Infinity;
  for (const cand of candidates) {
    if (misfits >= MAX_MISFITS) break;
    const rows = shown.get(cand.model) ?? new Uint8Array(cand.model.lines.count);
    shown.set(cand.model, rows);
    if (rows[cand.row]) continue; // shown by a better pick already
    const ext = extentOf(cand.model, cand.row);
    if (!ext) continue;
    const fresh: string[] = [];
    for (const [a, b] of ext.rows) for (let r = a; r <= b; r++) if (!rows[r]) fresh.push(cand.model.lines.line(r));
    const cost = input.count(fresh.join("\n")) + PICK_OVERHEAD;
    if (spent + cost > budget) {
      misfits++;
      continue;
    }
    if (picks.length === 0) firstCost = cost;
    misfits = 0;
    spent += cost;
    for (const [a, b] of ext.rows) rows.fill(1, a, b + 1);
    picks.push({ cand, ext });
  }
  if (picks.length === 0) return null;

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
