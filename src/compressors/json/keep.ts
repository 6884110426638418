/**
 * Which items of a collection survive lossy compression. Everything is decided from the numbers
 * the core returned (no JSON is parsed here):
 *
 * | tier | kept                                                                  | limit            |
 * |------|-----------------------------------------------------------------------|------------------|
 * | 1    | exact identifier from the query; error words; 4xx/5xx status; a rare  | `must` budget    |
 * |      | value in a dominated field; a rare type; a 3σ outlier; a rare schema   |                  |
 * | 2    | first and last; strong BM25 matches; min/max of numeric fields; weak  | `optional` budget|
 * |      | rare values; one item per distinct categorical value; per schema      |                  |
 *
 * Exact duplicates (same canonical hash) of a kept item are never kept twice.
 * @module
 */
import type { StatsOut } from "../../core/backend.js";
import { Field, Item, Limits, Signal, Term, Value } from "../../core/codes.js";

/** Inputs of the choice besides the walk's output. */
export interface KeepInput {
  stats: StatsOut;
  n: number;
  nTerms: number;
  /** Term kinds, `Term.WORD` or `Term.IDENTIFIER`, one per term. */
  termKinds: number[];
  /** Token budget for tier 2 (tier 1 may use up to `mustBudget`). */
  optionalBudget: number;
  mustBudget: number;
  /**
   * Items named by the question: their member key or one of their top-level string values equals
   * a query identifier (`"name": "tokio-util"`). Kept first and regardless of budget.
   */
  named?: Uint8Array;
  /** Further tier-1 items found outside the core (extremes and rare values of scalar items). */
  notable?: number[];
}

/** What was kept, and why (counts for the summary). */
export interface KeepResult {
  keep: Uint8Array;
  kept: number;
  duplicates: number;
  /** Items with a tier-1 signal that did not fit the budget. */
  signalledOmitted: number;
  /** Items holding an exact query identifier (kept whole when they fit). */
  identifierHit: Uint8Array;
}

const STRONG = Signal.ERROR | Signal.STATUS | Signal.RARE_STRONG | Signal.TYPE_RARE | Signal.OUTLIER;
const K1 = 1.2;
const B = 0.75;

/** Rough tokens of a minified item: JSON runs ~3.5 bytes per o200k token. */
export const itemTokens = (minBytes: number) => Math.ceil(minBytes / 3.5) + 1;

/** Chooses the items to keep. Deterministic: ties break on item order. */
export function chooseItems(input: KeepInput): KeepResult {
  const { stats, n, nTerms, termKinds } = input;
  const { items, tf } = stats;
  const keep = new Uint8Array(n);
  const identifierHit = new Uint8Array(n);
  const dup = new Uint8Array(n);
  const cost = (i: number) => itemTokens(items[i * Item.STRIDE + Item.MIN_BYTES]!);

  // exact duplicates: only the first of each hash may be kept
  let duplicates = 0;
  const firstOfHash = groupBy(items, n, Item.HASH_LO, Item.HASH_HI);
  for (let i = 0; i < n; i++) if (firstOfHash.first[i] !== i) { dup[i] = 1; duplicates++; }

  const bm25 = scoreBm25(stats, n, nTerms, termKinds);
  // identifier hits weighted like BM25's idf: an id found in every item says little
  const idents = new Float64Array(n);
  for (let t = 0; t < nTerms; t++) {
    if (termKinds[t] !== Term.IDENTIFIER) continue;
    let df = 0;
    for (let i = 0; i < n; i++) if (tf[i * nTerms + t]! > 0) df++;
    const idf = Math.log((n - df + 0.5) / (df + 0.5) + 1);
    for (let i = 0; i < n; i++) if (tf[i * nTerms + t]! > 0) { idents[i] = idents[i]! + idf; identifierHit[i] = 1; }
  }

  // schema outliers: a key set shared by few items when one key set dominates
  const schemas = groupBy(items, n, Item.SCHEMA, Item.SCHEMA);
  let topSchema = 0;
  for (let i = 0; i < n; i++) if (schemas.count[i]! > topSchema) topSchema = schemas.count[i]!;
  const rareMax = n >= 100 ? Math.floor(n / 50) : 1;
  const schemaRare = (i: number) => n >= Limits.MIN_ITEMS_FOR_STATS && topSchema >= n * 0.8 && schemas.count[schemas.first[i]!]! <= rareMax;

  let kept = 0;
  let spent = 0;
  const take = (i: number, budget: number): boolean => {
    if (keep[i] || dup[i]) return false;
    const c = cost(i);
    if (spent + c > budget && kept > 0) return false;
    keep[i] = 1;
    kept++;
    spent += c;
    return true;
  };

  // tier 0: the items the question names
  const named = input.named;
  if (named) for (let i = 0; i < n; i++) if (named[i]) take(i, Number.POSITIVE_INFINITY);

  // tier 1, most certain first: identifiers, then strong signals, by BM25 within each
  const must: number[] = [];
  for (let i = 0; i < n; i++) {
    const sig = items[i * Item.STRIDE + Item.SIGNALS]!;
    if (idents[i]! > 0 || (sig & STRONG) !== 0 || schemaRare(i)) must.push(i);
  }
  for (const i of input.notable ?? []) if (!must.includes(i)) must.push(i);
  must.sort((a, b) => 10 * (idents[b]! - idents[a]!) + (bm25[b]! - bm25[a]!) || a - b);
  let signalledOmitted = 0;
  // a failed command or an HTTP 4xx/5xx may spill into the optional budget: it is rarely noise
  const status = (i: number) => (items[i * Item.STRIDE + Item.SIGNALS]! & Signal.STATUS) !== 0;
  for (const i of must) {
    if (take(i, input.mustBudget) || (status(i) && take(i, input.mustBudget + input.optionalBudget))) continue;
    if (!dup[i] && !keep[i]) signalledOmitted++;
  }

  // tier 2
  const budget = spent + input.optionalBudget;
  take(0, budget);
  if (n > 1) take(n - 1, budget);
  let best = 0;
  for (let i = 0; i < n; i++) if (bm25[i]! > best) best = bm25[i]!;
  const strong: number[] = [];
  for (let i = 0; i < n; i++) if (bm25[i]! >= Math.max(0.5, best * 0.3)) strong.push(i);
  strong.sort((a, b) => bm25[b]! - bm25[a]! || a - b);
  for (const i of strong) take(i, budget);
  const { fields, counts, values } = stats;
  for (let f = 0; f < counts[0]!; f++) {
    const r = f * Field.STRIDE;
    if (fields[r + Field.T_NUMBER]! < Limits.MIN_ITEMS_FOR_STATS) continue;
    take(fields[r + Field.MAX_ITEM]!, budget);
    take(fields[r + Field.MIN_ITEM]!, budget);
  }
  for (let i = 0; i < n; i++) if ((items[i * Item.STRIDE + Item.SIGNALS]! & Signal.RARE) !== 0) take(i, budget);
  for (let v = 0; v < counts[1]!; v++) {
    const f = values[v * Value.STRIDE + Value.FIELD]! * Field.STRIDE;
    if (fields[f + Field.DISTINCT]! <= Limits.CATEGORICAL_DISTINCT && fields[f + Field.LEVEL]! <= 2) take(values[v * Value.STRIDE + Value.FIRST_ITEM]!, budget);
  }
  for (let i = 0; i < n; i++) if (schemas.first[i] === i) take(i, budget);
  return { keep, kept, duplicates, signalledOmitted, identifierHit };
}

/** BM25 over the word terms (k1 = 1.2, b = 0.75); identifiers are scored separately. */
function scoreBm25(stats: StatsOut, n: number, nTerms: number, termKinds: number[]): Float64Array {
  const { items, tf } = stats;
  const score = new Float64Array(n);
  if (nTerms === 0 || n === 0) return score;
  let totalWords = 0;
  for (let i = 0; i < n; i++) totalWords += items[i * Item.STRIDE + Item.WORDS]!;
  const avgdl = Math.max(1, totalWords / n);
  for (let t = 0; t < nTerms; t++) {
    if (termKinds[t] !== Term.WORD) continue;
    let df = 0;
    for (let i = 0; i < n; i++) if (tf[i * nTerms + t]! > 0) df++;
    if (df === 0) continue;
    const idf = Math.log((n - df + 0.5) / (df + 0.5) + 1);
    for (let i = 0; i < n; i++) {
      const f = tf[i * nTerms + t]!;
      if (f === 0) continue;
      const dl = items[i * Item.STRIDE + Item.WORDS]!;
      score[i] = score[i]! + (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * dl) / avgdl));
    }
  }
  return score;
}

/**
 * Groups items whose record words `a` and `b` are equal, with an open-addressing table (no
 * per-item allocation): `first[i]` is the first item equal to `i`, `count[f]` the size of the
 * group whose first item is `f`.
 */
function groupBy(items: Uint32Array, n: number, a: number, b: number): { first: Uint32Array; count: Uint32Array } {
  let size = 16;
  while (size < n * 2) size <<= 1;
  const table = new Uint32Array(size);
  const first = new Uint32Array(n);
  const count = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const ka = items[i * Item.STRIDE + a]!;
    const kb = items[i * Item.STRIDE + b]!;
    let slot = (Math.imul(ka ^ kb, 0x9e3779b1) >>> 0) & (size - 1);
    for (;;) {
      const j1 = table[slot]!;
      if (j1 === 0) { table[slot] = i + 1; first[i] = i; count[i] = 1; break; }
      const j = j1 - 1;
      if (items[j * Item.STRIDE + a] === ka && items[j * Item.STRIDE + b] === kb) { first[i] = j; count[j]!++; break; }
      slot = (slot + 1) & (size - 1);
    }
  }
  return { first, count };
}
