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
import { definitionsFor, hiddenRows, namesRead, rowsShownWith } from "./definitions.js";
import { applyEdits, type Applied } from "./edits.js";
import { setStatementHits, type CodeModel } from "./model.js";
import { nameParts } from "./names.js";
import { LEVELS, render, type Rendering } from "./render.js";
import { extentOf, lineWords, stem, type Candidate, type Extent } from "./statements.js";

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
const DEF_SHARE = 0.02;
const DEF_TOKENS = 200;
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

/** A candidate that is the definition of a name a kept line reads (never traced further). */
type Queued = Candidate & { def?: boolean };

interface Pick {
  cand: Queued;
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
  banned: ReadonlySet<number>, before: number, skeleton: number, skeletonEdits: ReadonlyArray<{ start: number; end: number }> = [],
): Spent | null {
  const main = models[0]!;
  const hidden = hiddenRows(main, skeletonEdits);
  // Names of the question read in what the skeleton shows: their hidden definitions come first.
  const seeds = seedDefinitions(main, hidden, input.query);
  for (const row of hitDefinitions(main, hidden, input.query)) if (!seeds.includes(row)) seeds.push(row);
  const pending: Queued[] = seeds.map((row, i) => ({ model: main, row, score: Infinity - i, def: true }));
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
    const ext = cand.def ? definitionExtent(cand.model, cand.row) : extentOf(cand.model, cand.row);
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
    if (!cand.def && firstCost === Infinity) firstCost = cost;
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
  // Definitions are measured on their whole allowance (a pick in an elided body costs the markers
  // around it too), and they are the last to go when the rendering must shrink: word picks from
  // the end go first.
  const budget = target + (defSpent > 0 ? defAllowance : 0);
  picks.sort((a, b) => Number(!a.cand.def) - Number(!b.cand.def));
  const defCount = picks.findIndex((p) => !p.cand.def);

  // Measure; while over budget, keep a shorter prefix (the best word pick, and the definitions
  // before it, stay if the allowance covers it).
  const floor = firstCost <= allowance && defCount >= 0 ? defCount + 1 : 0;
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

/** A definition statement up to this many rows stays whole; in a longer one only its own line is a hit. */
const DEF_WHOLE_ROWS = 4;

/**
 * What keeping a definition takes: its statement when short (`const x =\n  a ? b : c;`), else
 * just its line as a hit (one entry of a 30-entry object literal, which the rendering condenses).
 */
function definitionExtent(model: CodeModel, row: number): Extent | null {
  const ext = extentOf(model, row);
  if (!ext) return null;
  const span = ext.rows.reduce((n, [a, b]) => Math.max(n, b - a + 1), 0);
  if (span <= DEF_WHOLE_ROWS) return ext;
  return { hits: ext.hits.slice(0, 1), whole: [], rows: [[row, row]] };
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
  const all = new Set(query.words);
  const stems = new Set(query.words.map(stem));
  const matches = (p: string) => all.has(p) || [...words].some((w) => p.startsWith(w) || (p.length >= 4 && w.startsWith(p)));
  // 0: the name spells a phrase or all its parts are query words (`followRedirects` ← "follow the
  // redirects"); 1: it is one query word (`timeout`); 2: a member one of whose longer parts is a query
  // word (`opts.maxRedirects` ← "how many redirects"): an option or attribute holding that value.
  const tier = (name: string, member: boolean): number => {
    const parts = nameParts(name);
    const long = parts.filter((p) => p.length >= 3); // `on` in `retryOnReset` is glue
    if (namesPhrase(name, query) || (long.length >= 2 && long.every(matches))) return 0;
    if (parts.length === 1) return words.has(parts[0]!) ? 1 : 3;
    return member && parts.some((p) => p.length >= 4 && words.has(p)) ? 2 : 3;
  };
  const inBody = new Uint8Array(model.lines.count);
  const python = model.spec.style === "python";
  for (const fn of model.fns) inBody.fill(1, fn.body.startPosition.row + (python ? 0 : 1), fn.body.endPosition.row + (python ? 1 : 0));
  const found: Array<{ row: number; tier: number; hits: number }> = [];
  let looked = 0;
  for (let r = 0; r < inBody.length && looked < MAX_SEED_ROWS; r++) {
    if (!inBody[r] || hidden[r]) continue;
    const line = model.lines.line(r);
    const lower = line.toLowerCase();
    if (![...words].some((w) => lower.includes(w)) && !namesPhrase(line, query)) continue;
    looked++;
    const tiers = new Map(namesRead(line).map((n) => [n.name, tier(n.name, n.member)]));
    // the reading line's own match: distinct query words on it (a limit check full of them first)
    const hits = new Set(lineWords(line).filter((w) => stems.has(w))).size;
    for (const d of definitionsFor(model, [r], hidden, (name) => (tiers.get(name) ?? 3) < 3)) {
      const t = definedTier(model.lines.line(d.row), tiers);
      if (!found.some((f) => f.row === d.row)) found.push({ row: d.row, tier: t, hits });
    }
  }
  found.sort((a, b) => a.tier - b.tier || b.hits - a.hits);
  return found.slice(0, SEED_DEFS).map((f) => f.row);
}

/** The best tier among the wanted names a definition line holds. */
function definedTier(line: string, tiers: ReadonlyMap<string, number>): number {
  let best = 3;
  for (const [n, t] of tiers) if (t < best && new RegExp(`(?<![\\w$])${n.replace(/[$]/g, "\\$")}(?![\\w$])`).test(line)) best = t;
  return best;
}

/** Lines holding a query identifier traced for definitions, at most; definitions kept for them, at most. */
const MAX_HIT_ROWS = 6;
const HIT_DEFS = 6;
/** An identifier found more often than this in the file is everywhere: its lines are not traced. */
const MAX_HIT_OCCURRENCES = 12;

/**
 * Hidden definitions of the names read by the lines the skeleton keeps for holding a query
 * identifier (a kept `if (enforced != null …) throw new QuotaError(` whose `const enforced = …`
 * two lines above says which values are exempt). Lines of the rarest identifiers go first: a
 * name the file uses everywhere points at no line in particular.
 */
function hitDefinitions(model: CodeModel, hidden: Uint8Array, query: ParsedQuery): number[] {
  if (model.identifierOffsets.length === 0) return [];
  const { lines, text } = model;
  const inBody = new Uint8Array(lines.count);
  const python = model.spec.style === "python";
  for (const fn of model.fns) inBody.fill(1, fn.body.startPosition.row + (python ? 0 : 1), fn.body.endPosition.row + (python ? 1 : 0));
  const rarity = new Map<string, number>();
  for (const id of query.identifiers) {
    let n = 0;
    for (let i = text.indexOf(id); i >= 0 && n < 1000; i = text.indexOf(id, i + id.length)) n++;
    rarity.set(id, n);
  }
  const rows: Array<{ row: number; offset: number; n: number }> = [];
  const seen = new Set<number>();
  for (const off of model.identifierOffsets) {
    const row = lines.rowOf(off);
    if (seen.has(row) || !inBody[row] || hidden[row]) continue;
    seen.add(row);
    const line = lines.line(row);
    let n = Infinity;
    for (const [id, c] of rarity) if (c > 0 && line.includes(id)) n = Math.min(n, c);
    if (n <= MAX_HIT_OCCURRENCES) rows.push({ row, offset: off, n });
  }
  rows.sort((a, b) => a.n - b.n || a.row - b.row);
  const out: number[] = [];
  for (const h of rows.slice(0, MAX_HIT_ROWS)) {
    for (const d of definitionsFor(model, rowsShownWith(model, h.offset), hidden).slice(0, DEFS_PER_PICK)) {
      if (!out.includes(d.row)) out.push(d.row);
      if (out.length >= HIT_DEFS) return out;
    }
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
